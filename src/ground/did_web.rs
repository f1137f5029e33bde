//! The `did:web` rules (<https://w3c-ccg.github.io/did-method-web/>), in one place: what a DID looks
//! like and where resolving it reads the DID document. `hallmark verify` resolves with these
//! functions, and the browser's verifier with the same constants (`themes/default/src/rules.js`,
//! generated from them by the `browser_rules_module_is_generated_from_rust` test).
//!
//! Resolution, as the method specification says: the `:`-separated parts become the host and the
//! path; the host's percent-encoded port colon is decoded (`example.org%3A8443` →
//! `example.org:8443`), and nothing else is. A path part's percent-escapes stay as they are: the
//! part is already a URL path segment, so `caf%C3%A9` is requested as `/caf%C3%A9/` and an escaped
//! slash (`a%2Fb`) stays inside its segment instead of starting another.

/// The prefix of every `did:web`.
pub(crate) const PREFIX: &str = "did:web:";

/// The colon before a port, percent-encoded so that it is not a path separator. The only escape
/// that resolution decodes (in either case: `%3A` or `%3a`).
pub(crate) const PORT_COLON: &str = "%3A";

/// Where the DID document of a DID without a path is published, under its host.
pub(crate) const DOCUMENT_AT_ROOT: &str = ".well-known/did.json";

/// Where the DID document of a DID with a path is published, under that path.
pub(crate) const DOCUMENT_IN_PATH: &str = "did.json";

/// `did:web:host%3Aport:a:b` → `https://host:port/a/b/`: the base URL the DID stands for.
pub(crate) fn base_url(did: &str) -> Option<String> {
    let rest = did.strip_prefix(PREFIX)?;
    let mut parts = rest.split(':');
    let host = decode_port_colon(parts.next()?);
    let mut url = format!("https://{host}/");
    for part in parts {
        url.push_str(part);
        url.push('/');
    }
    Some(url)
}

/// Where resolving `did` reads its DID document: `…/.well-known/did.json` for a bare host,
/// `…/did.json` under a path.
pub(crate) fn document_url(did: &str) -> Option<String> {
    let base = base_url(did)?;
    let has_path = did.strip_prefix(PREFIX)?.contains(':');
    Some(format!("{base}{}", if has_path { DOCUMENT_IN_PATH } else { DOCUMENT_AT_ROOT }))
}

/// `host%3Aport` → `host:port`, the escape in either case.
fn decode_port_colon(host: &str) -> String {
    host.replace(PORT_COLON, ":").replace(&PORT_COLON.to_ascii_lowercase(), ":")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_did_resolves_to_its_path_or_the_hosts_well_known_folder() {
        assert_eq!(document_url("did:web:x.github.io:creds").unwrap(), "https://x.github.io/creds/did.json");
        assert_eq!(document_url("did:web:example.org").unwrap(), "https://example.org/.well-known/did.json");
        assert_eq!(document_url("did:key:z6Mk"), None);
    }

    #[test]
    fn only_the_port_colon_is_decoded() {
        assert_eq!(document_url("did:web:127.0.0.1%3A8000").unwrap(), "https://127.0.0.1:8000/.well-known/did.json");
        assert_eq!(document_url("did:web:localhost%3a8443:a").unwrap(), "https://localhost:8443/a/did.json");
        assert_eq!(
            document_url("did:web:example.org:caf%C3%A9:2025%2F26").unwrap(),
            "https://example.org/caf%C3%A9/2025%2F26/did.json",
            "a path part is a URL path segment already: its escapes stay"
        );
        assert_eq!(base_url("did:web:example.org:a%3Ab").unwrap(), "https://example.org/a%3Ab/");
    }
}
