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

/// Why a link (an evidence link, an alignment's or issuer's address) is not an absolute web address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkError {
    /// No scheme: a relative link such as `portfolio.example/ada` or `/files/a.pdf`.
    NotAbsolute,
    /// A scheme other than http(s): `javascript:`, `data:`, `mailto:`, `ftp:`…
    NotWeb(String),
    /// `https://` with no host after it.
    NoHost,
    /// `user@` or `user:password@` before the host.
    UserInfo,
    /// A host name with a character no host name has.
    BadHost(char),
    /// A port that is not a number from 1 to 65535.
    BadPort(String),
    /// A character that must be percent-encoded (a space, a quote, `<`, `[`…) or a control character.
    BadChar(char),
    /// A `%` not followed by two hexadecimal digits.
    BadPercent,
}

impl LinkError {
    /// What is wrong, in a few words.
    pub(crate) fn reason(&self) -> String {
        match self {
            LinkError::NotAbsolute => "is not an absolute URL".into(),
            LinkError::NotWeb(scheme) => format!("is not a web link: it starts with {scheme}:, not https://"),
            LinkError::NoHost => "has no host name".into(),
            LinkError::UserInfo => "contains a user name before the host".into(),
            LinkError::BadHost(c) => format!("has {} in its host name", describe(*c)),
            LinkError::BadPort(p) => format!("has \"{p}\" where the port number goes"),
            LinkError::BadChar(c) => format!("contains {}", describe(*c)),
            LinkError::BadPercent => "has a % that is not followed by two hexadecimal digits".into(),
        }
    }

    /// How to fix it.
    pub(crate) fn help(&self) -> String {
        match self {
            LinkError::NotAbsolute => "write the full address, starting with https://".into(),
            LinkError::NotWeb(_) => {
                "only https:// (or http://) links are allowed; write the address of a web page".into()
            }
            LinkError::NoHost | LinkError::BadHost(_) | LinkError::BadPort(_) => {
                "write the full address, e.g. https://www.example.org/page".into()
            }
            LinkError::UserInfo => "remove the user name (and any password) and the @ before the host".into(),
            LinkError::BadChar(c) if c.is_control() => "remove the control character".into(),
            LinkError::BadChar(c) => {
                let mut utf8 = [0; 4];
                let encoded: String = c.encode_utf8(&mut utf8).bytes().map(|b| format!("%{b:02X}")).collect();
                format!("write it percent-encoded, as {encoded} (copy the link from the browser's address bar)")
            }
            LinkError::BadPercent => "write a literal % as %25".into(),
        }
    }
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_control() || c.is_whitespace() => format!("the invisible character U+{:04X}", u32::from(c)),
        c => format!("\"{c}\""),
    }
}

/// Checks that `input` is an absolute `http` or `https` address as RFC 3986/3987 define it: a host,
/// then any path, query and fragment, with nothing a verifier's IRI parser would refuse.
/// Unlike [`BaseUrl::parse`], queries and fragments are fine (`watch?v=…`, `page#section`).
pub(crate) fn check_web_link(input: &str) -> Result<(), LinkError> {
    let Some(colon) = input.find(':').filter(|&i| is_scheme(&input[..i])) else {
        return Err(LinkError::NotAbsolute);
    };
    let scheme = input[..colon].to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(LinkError::NotWeb(scheme));
    }
    let Some(rest) = input[colon + 1..].strip_prefix("//") else {
        return Err(LinkError::NoHost);
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    check_authority(authority)?;
    let (before_fragment, fragment) = match tail.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (tail, None),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_fragment, None),
    };
    check_part(path, |c| is_ipchar(c) || c == '/')?;
    if let Some(q) = query {
        check_part(q, |c| is_ipchar(c) || matches!(c, '/' | '?') || is_iprivate(c))?;
    }
    if let Some(f) = fragment {
        check_part(f, |c| is_ipchar(c) || matches!(c, '/' | '?'))?;
    }
    Ok(())
}

fn is_scheme(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn check_authority(authority: &str) -> Result<(), LinkError> {
    if authority.contains('@') {
        return Err(LinkError::UserInfo);
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (ip, after) = v6.split_once(']').ok_or(LinkError::BadHost('['))?;
        if ip.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(LinkError::BadHost('['));
        }
        match after {
            "" => ("", None),
            p => ("", Some(p.strip_prefix(':').ok_or_else(|| LinkError::BadHost(p.chars().next().unwrap_or(']')))?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => {
                if h.is_empty() {
                    return Err(LinkError::NoHost);
                }
                (h, Some(p))
            }
            None if authority.is_empty() => return Err(LinkError::NoHost),
            None => (authority, None),
        }
    };
    if let Some(bad) = host.chars().find(|&c| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))) {
        return Err(if bad.is_control() || bad.is_whitespace() {
            LinkError::BadChar(bad)
        } else {
            LinkError::BadHost(bad)
        });
    }
    if host.starts_with('.') || host.contains("..") {
        return Err(LinkError::BadHost('.'));
    }
    if let Some(p) = port {
        if !matches!(p.parse::<u16>(), Ok(n) if n > 0) || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LinkError::BadPort(p.to_string()));
        }
    }
    Ok(())
}

/// Every character of `part` is allowed or a valid percent-escape.
fn check_part(part: &str, allowed: impl Fn(char) -> bool) -> Result<(), LinkError> {
    let mut chars = part.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            let hex = |c: Option<char>| c.is_some_and(|c| c.is_ascii_hexdigit());
            if !(hex(chars.next()) && hex(chars.next())) {
                return Err(LinkError::BadPercent);
            }
        } else if !allowed(c) {
            return Err(LinkError::BadChar(c));
        }
    }
    Ok(())
}

/// RFC 3987 `ipchar` without `pct-encoded`: iunreserved, sub-delims, `:` and `@`.
fn is_ipchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c) || is_ucschar(c)
}

/// RFC 3987 `ucschar`: the non-ASCII characters an IRI may hold literally (no controls, no specials).
fn is_ucschar(c: char) -> bool {
    matches!(c,
        '\u{A0}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFEF}'
        | '\u{10000}'..='\u{1FFFD}' | '\u{20000}'..='\u{2FFFD}' | '\u{30000}'..='\u{3FFFD}'
        | '\u{40000}'..='\u{4FFFD}' | '\u{50000}'..='\u{5FFFD}' | '\u{60000}'..='\u{6FFFD}'
        | '\u{70000}'..='\u{7FFFD}' | '\u{80000}'..='\u{8FFFD}' | '\u{90000}'..='\u{9FFFD}'
        | '\u{A0000}'..='\u{AFFFD}' | '\u{B0000}'..='\u{BFFFD}' | '\u{C0000}'..='\u{CFFFD}'
        | '\u{D0000}'..='\u{DFFFD}' | '\u{E1000}'..='\u{EFFFD}')
        && !is_bidi_control(c)
}

/// RFC 3987 `iprivate`, allowed in queries only.
fn is_iprivate(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// The bidirectional formatting characters RFC 3987 section 4.1 says an IRI must not contain.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Where a link or image address written in content (badge criteria) leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A path on the site itself (`/static/a.png`, `../x/`, `#part`).
    Site,
    /// An `http:` or `https:` address (or `//host/…`) on this host.
    Web { host: String },
    /// A `mailto:` address.
    Mail,
    /// Anything else (`javascript:`, `data:`, `vbscript:`, `file:` …), or an address with control
    /// characters in it: never published as a link. Holds the scheme, or why.
    Refused(String),
}

/// Where `raw` leads, read the way a browser reads an `href`: tabs and line breaks anywhere and
/// spaces and control characters around it are ignored, and `\` is `/`.
pub(crate) fn link_target(raw: &str) -> Target {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    let url: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if url.chars().any(char::is_control) {
        return Target::Refused("a control character".into());
    }
    let url = url.replace('\\', "/");
    let scheme_end = url.find(':').filter(|&i| {
        let s = &url[..i];
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let Some(end) = scheme_end else {
        return match url.strip_prefix("//") {
            Some(rest) => Target::Web { host: host_of(rest) },
            None => Target::Site,
        };
    };
    match url[..end].to_ascii_lowercase().as_str() {
        "http" | "https" => Target::Web { host: host_of(url[end + 1..].trim_start_matches('/')) },
        "mailto" => Target::Mail,
        other => Target::Refused(format!("{other}:")),
    }
}

/// The host of `authority/path…`: lowercase, without user name or port.
fn host_of(rest: &str) -> String {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

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
