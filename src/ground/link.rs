//! Web addresses written in the content: evidence, alignments and the issuer's site must be absolute
//! `http`/`https` addresses (RFC 3986/3987), and links and images in criteria lead somewhere known.

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
