//! The site's base URL: absolute links, root-relative paths and the `did:web` identifier all derive from it.

use std::fmt;

/// An `http` or `https` base URL whose path ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    scheme: String,
    host: String,
    port: Option<u16>,
    path: String,
}

impl BaseUrl {
    /// Parses `https://host[:port]/path/`; the trailing slash is added when missing.
    pub fn parse(input: &str) -> Result<BaseUrl, String> {
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
        let valid_host = !host.is_empty()
            && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
        if !valid_host {
            return Err(format!("\"{input}\" has no valid host name"));
        }
        if path.contains("//") || path.split('/').any(|s| s == "." || s == "..") {
            return Err(format!("the path of \"{input}\" must not contain //, . or .. segments"));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { scheme, host, port, path })
    }

    /// The absolute URL of `rel` (a path relative to the site root, without a leading slash).
    pub fn join(&self, rel: &str) -> String {
        format!("{}{}", self.origin_and_path(), rel)
    }

    /// The root-relative path of `rel`, e.g. `/credentials/c/abc/`: links that work under any host.
    pub fn path_of(&self, rel: &str) -> String {
        format!("{}{}", self.path, rel)
    }

    /// The path part, starting and ending with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn origin_and_path(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{}{}", self.scheme, self.host, p, self.path),
            None => format!("{}://{}{}", self.scheme, self.host, self.path),
        }
    }

    /// The `did:web` identifier that resolves to this site's DID document.
    pub fn did_web(&self) -> String {
        let mut did = String::from("did:web:");
        did.push_str(&self.host);
        if let Some(p) = self.port {
            did.push_str(&format!("%3A{p}"));
        }
        for seg in self.path.split('/').filter(|s| !s.is_empty()) {
            did.push(':');
            did.push_str(seg);
        }
        did
    }

    /// Where the DID document lives relative to the site root, as `did:web` resolution expects:
    /// `.well-known/did.json` for a bare domain, `did.json` under a path.
    pub fn did_document_rel(&self) -> &'static str {
        if self.path == "/" {
            ".well-known/did.json"
        } else {
            "did.json"
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
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
