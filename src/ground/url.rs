//! The site's base URL (absolute links, root-relative paths and the `did:web` identifier all derive from
//! it), and the check for the other web addresses in the content: evidence, alignments, the issuer's site.

use std::fmt;

/// An `http` or `https` base URL whose path ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    scheme: String,
    host: String,
    port: Option<u16>,
    path: String,
}

/// A base URL's path: letters, digits, `-._~` and percent escapes (of anything but `\`, spaces
/// and control characters), no empty, `.` or `..` segment, escaped or not. It goes into every page's links and
/// into the did:web identifier (where `:` separates segments), so nothing there may need quoting
/// or change meaning once decoded.
fn check_path(input: &str, path: &str) -> Result<(), String> {
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = path.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) if b > 0x20 && b != 0x7f && b != b'\\' => i += 3,
                    _ => return Err(format!("the path of \"{input}\" has an escape (%) that is not allowed there")),
                }
            }
            b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') => i += 1,
            _ => {
                let c = path[i..].chars().next().unwrap_or('?');
                return Err(format!(
                    "the path of \"{input}\" contains \"{c}\": use letters, digits, - . _ ~ (percent-encode the rest)"
                ));
            }
        }
    }
    // `%2e` is a dot: a segment that decodes to `.` or `..` climbs out as surely as one written so.
    let dots = |seg: &str| seg.to_ascii_lowercase().replace("%2e", ".");
    if path.contains("//") || path.split('/').map(dots).any(|s| s == "." || s == "..") {
        return Err(format!("the path of \"{input}\" must not contain //, . or .. segments"));
    }
    Ok(())
}

impl BaseUrl {
    /// Parses `https://host[:port]/path/`; the trailing slash is added when missing.
    pub(crate) fn parse(input: &str) -> Result<BaseUrl, String> {
        let input = input.trim();
        let (scheme, rest) =
            input.split_once("://").ok_or_else(|| format!("\"{input}\" is not an absolute URL (it needs https://)"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(format!("\"{input}\" must start with https:// (or http:// for local previews)"));
        }
        if rest.contains(['?', '#']) {
            return Err(format!("\"{input}\" must not contain a query (?) or fragment (#)"));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if authority.contains('@') {
            return Err(format!("\"{input}\" must not contain a user name"));
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => {
                let port = p.parse::<u16>().map_err(|_| format!("\"{p}\" in \"{input}\" is not a port number"))?;
                (h, Some(port))
            }
            _ => (authority, None),
        };
        let host = host.to_ascii_lowercase();
        // A colon or brackets only in an IPv6 address ([::1]); anything else would change what
        // the did:web identifier says.
        let ipv6 = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
        let valid_host = match ipv6 {
            Some(addr) => !addr.is_empty() && addr.chars().all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.')),
            None => {
                !host.is_empty()
                    && !host.starts_with(['.', '-'])
                    && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            }
        };
        if !valid_host {
            return Err(format!("\"{input}\" has no valid host name"));
        }
        check_path(input, path)?;
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { scheme, host, port, path })
    }

    /// The absolute URL of `rel` (a path relative to the site root, without a leading slash).
    pub(crate) fn join(&self, rel: &str) -> String {
        format!("{}{}", self.origin_and_path(), rel)
    }

    /// The root-relative path of `rel`, e.g. `/credentials/c/abc/`: links that work under any host.
    pub(crate) fn path_of(&self, rel: &str) -> String {
        format!("{}{}", self.path, rel)
    }

    /// The path part, starting and ending with `/`.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    fn origin_and_path(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{}{}", self.scheme, self.host, p, self.path),
            None => format!("{}://{}{}", self.scheme, self.host, self.path),
        }
    }

    /// The `did:web` identifier that resolves to this site's DID document.
    pub(crate) fn did_web(&self) -> String {
        let mut did = String::from(crate::ground::did_web::PREFIX);
        did.push_str(&self.host);
        if let Some(p) = self.port {
            did.push_str(&format!("{}{p}", crate::ground::did_web::PORT_COLON));
        }
        for seg in self.path.split('/').filter(|s| !s.is_empty()) {
            did.push(':');
            did.push_str(seg);
        }
        did
    }

    /// Where the DID document lives relative to the site root, as `did:web` resolution expects:
    /// `.well-known/did.json` for a bare domain, `did.json` under a path.
    pub(crate) fn did_document_rel(&self) -> &'static str {
        if self.path == "/" {
            crate::ground::did_web::DOCUMENT_AT_ROOT
        } else {
            crate::ground::did_web::DOCUMENT_IN_PATH
        }
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin_and_path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::link::*;

    #[test]
    fn link_targets_are_read_as_a_browser_reads_them() {
        let refused = |u: &str| matches!(link_target(u), Target::Refused(_));
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "jav\nascript:x",
            "\u{1}javascript:x",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "ja\u{0}vascript:x",
        ] {
            assert!(refused(bad), "{bad:?}");
        }
        assert_eq!(link_target("/static/a.png"), Target::Site);
        assert_eq!(link_target("../x/?a=b:c"), Target::Site);
        assert_eq!(link_target("#criteria"), Target::Site);
        assert_eq!(link_target("MAILTO:a@b.org"), Target::Mail);
        assert_eq!(link_target("https://User@Pixel.Example:8443/t.gif"), Target::Web { host: "pixel.example".into() });
        assert_eq!(link_target("//evil.example/x"), Target::Web { host: "evil.example".into() });
        assert_eq!(link_target("/\\evil.example/x"), Target::Web { host: "evil.example".into() });
        assert_eq!(link_target("http:evil.example"), Target::Web { host: "evil.example".into() });
    }

    #[test]
    fn github_pages_sub_path_gives_colon_separated_did_web() {
        let u = BaseUrl::parse("https://Example.github.io/credentials").unwrap();
        assert_eq!(u.to_string(), "https://example.github.io/credentials/");
        assert_eq!(u.did_web(), "did:web:example.github.io:credentials");
        assert_eq!(u.did_document_rel(), "did.json");
        assert_eq!(u.path_of("c/x/"), "/credentials/c/x/");
        assert_eq!(u.join("c/x/"), "https://example.github.io/credentials/c/x/");
    }

    #[test]
    fn bare_domain_with_port_percent_encodes_the_colon() {
        let u = BaseUrl::parse("http://127.0.0.1:8000/").unwrap();
        assert_eq!(u.did_web(), "did:web:127.0.0.1%3A8000");
        assert_eq!(u.did_document_rel(), ".well-known/did.json");
    }

    #[test]
    fn rejects_urls_that_cannot_be_a_site_root() {
        for bad in [
            "example.org",
            "ftp://x.org/",
            "https:///x",
            "https://x.org/a?b",
            "https://x.org/../a/",
            "https://x.org:99999/",
            // Found by the attack run: a quote, an encoded .., a colon outside an IPv6 address.
            "https://x.org/a\"onload=\"x/",
            "https://x.org/%2e%2e/a/",
            "https://x.org/%2E./",
            "https://x.org/a%5cb/",
            "https://x.org/a%/",
            "https://exa:mple.org:443/",
            "https://:443/",
            "https://x.org/a:b/",
            "https://x.org/a b/",
            "https://x.org/<p>/",
            "https://-x.org/",
            "https://[x]/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
        for good in [
            "https://x.org/My_Org-1.0~/",
            "https://x.org/caf%C3%A9/2025%2F26/",
            "http://[::1]:8000/",
            "https://x.org/a%2e/",
        ] {
            assert!(BaseUrl::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn web_links_may_have_a_query_and_a_fragment() {
        for ok in [
            "https://example.org/e?x=1",
            "https://example.org/e#f",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "http://127.0.0.1:8000/a/b.pdf",
            "HTTPS://Example.org",
            "https://example.org/a%20b/?q=caf%C3%A9#top",
            "https://münchen.example/straße?q=ö",
            "https://[2001:db8::1]:8443/x",
            "https://example.org/?",
            "https://example.org/wiki/C_(programming_language)",
        ] {
            assert_eq!(check_web_link(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn relative_script_data_and_malformed_links_are_refused() {
        let cases: &[(&str, LinkError)] = &[
            ("portfolio.example/ada", LinkError::NotAbsolute),
            ("/files/a.pdf", LinkError::NotAbsolute),
            ("//example.org/x", LinkError::NotAbsolute),
            ("javascript:alert(1)", LinkError::NotWeb("javascript".into())),
            ("data:text/html;base64,AAAA", LinkError::NotWeb("data".into())),
            ("ftp://example.org/", LinkError::NotWeb("ftp".into())),
            ("mailto:a@example.org", LinkError::NotWeb("mailto".into())),
            ("https:example.org", LinkError::NoHost),
            ("https:///x", LinkError::NoHost),
            ("https://user:pw@example.org/", LinkError::UserInfo),
            ("https://example.org:99999/", LinkError::BadPort("99999".into())),
            ("https://example.org:/", LinkError::BadPort(String::new())),
            ("https://exa mple.org/", LinkError::BadChar(' ')),
            ("https://example.org/a b", LinkError::BadChar(' ')),
            ("https://example.org/a\u{1}", LinkError::BadChar('\u{1}')),
            ("https://example.org/a\u{85}", LinkError::BadChar('\u{85}')),
            ("https://example.org/\u{202E}", LinkError::BadChar('\u{202E}')),
            ("https://example.org/<script>", LinkError::BadChar('<')),
            ("https://example.org/?a[]=1", LinkError::BadChar('[')),
            ("https://example.org/#a#b", LinkError::BadChar('#')),
            ("https://example.org/100%", LinkError::BadPercent),
            ("https://exa!mple.org/", LinkError::BadHost('!')),
        ];
        for (bad, want) in cases {
            assert_eq!(check_web_link(bad).as_ref(), Err(want), "{bad}");
        }
        assert_eq!(
            LinkError::BadChar('[').help(),
            "write it percent-encoded, as %5B (copy the link from the browser's address bar)"
        );
    }
}
