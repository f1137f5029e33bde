//! The links a recipient uses to share a credential: LinkedIn's "add a certification" form and
//! "add to a wallet". Landing pages and e-mails must offer the same links, so they are made here.

use crate::ground::date::Date;

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn enc(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut o = String::with_capacity(s.len() + s.len() / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            o.push(b as char)
        } else {
            // Not `format!` a byte: that was most of a page's two LinkedIn links.
            o.extend(['%', char::from(HEX[usize::from(b >> 4)]), char::from(HEX[usize::from(b & 15)])]);
        }
    }
    o
}

/// What a credential's share links are made of.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shared<'a> {
    pub badge: &'a str,
    pub issuer: &'a str,
    pub issued: Date,
    pub expires: Option<Date>,
    /// The landing page's absolute URL.
    pub page: &'a str,
    /// The credential JSON's absolute URL.
    pub json: &'a str,
    pub id: &'a str,
}

/// LinkedIn's "add a licence or certification" form, filled in.
pub(crate) fn linkedin_add_url(c: &Shared<'_>) -> String {
    let mut url = format!(
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name={}&organizationName={}&issueYear={}&issueMonth={}",
        enc(c.badge),
        enc(c.issuer),
        c.issued.year(),
        c.issued.month()
    );
    if let Some(x) = c.expires {
        url.push_str(&format!("&expirationYear={}&expirationMonth={}", x.year(), x.month()));
    }
    url.push_str(&format!("&certUrl={}&certId={}", enc(c.page), enc(c.id)));
    url
}

/// LinkedIn's "share" form for the landing page.
pub(crate) fn linkedin_share_url(c: &Shared<'_>) -> String {
    format!("https://www.linkedin.com/sharing/share-offsite/?url={}", enc(c.page))
}

/// "Add to a wallet": the signed credential's own URL, which wallet apps for Open Badges 3.0
/// (the Learner Credential Wallet's "add from a link", among others) import as it is.
pub(crate) fn wallet_url(c: &Shared<'_>) -> String {
    c.json.to_string()
}

/// A page that sends the browser on to `url` with no script (a refresh, and a link for browsers
/// that do not follow it), so that a host's access log counts the click. Never indexed.
pub(crate) fn redirect_page(url: &str, words: &Redirect<'_>) -> Vec<u8> {
    let attr = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"{}>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<meta http-equiv=\"refresh\" content=\"0; url={}\">\n<title>{}</title>\n</head>\n<body>\n<p><a href=\"{}\">{}</a></p>\n</body>\n</html>\n",
        attr(words.language),
        if crate::render::locale::is_rtl(words.language) { " dir=\"rtl\"" } else { "" },
        attr(url),
        attr(words.title),
        attr(url),
        attr(words.link),
    )
    .into_bytes()
}

/// A redirect page's words, in the recipient's language.
pub(crate) struct Redirect<'a> {
    pub language: &'a str,
    /// The page's title (`On to LinkedIn`).
    pub title: &'a str,
    /// The link's text, for a browser that does not follow the refresh (`Continue to LinkedIn`).
    pub link: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkedin_link_encodes_every_field_and_gives_the_expiry_when_there_is_one() {
        let c = Shared {
            badge: "SQL & Data",
            issuer: "Académie",
            issued: Date::new(2026, 3, 1).unwrap(),
            expires: Date::new(2028, 3, 1),
            page: "https://x.github.io/c/abc/",
            json: "https://x.github.io/c/abc/credential.json",
            id: "abc",
        };
        assert_eq!(
            linkedin_add_url(&c),
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=SQL%20%26%20Data&organizationName=Acad%C3%A9mie&issueYear=2026&issueMonth=3&expirationYear=2028&expirationMonth=3&certUrl=https%3A%2F%2Fx.github.io%2Fc%2Fabc%2F&certId=abc"
        );
        assert_eq!(wallet_url(&c), "https://x.github.io/c/abc/credential.json");
    }
}
