//! The JSON-LD contexts bundled into the binary, served to the JSON-LD processor instead of the network.

use std::collections::HashMap;
use std::sync::Arc;

use oxjsonld::{JsonLdLoadDocumentOptions, JsonLdRemoteDocument};

use crate::ground::error::{Error, Result};

/// Every context in `contexts/index.json`: its URL and its published body, byte for byte.
pub(super) const BUNDLED: &[(&str, &str)] = &[
    (
        "https://www.w3.org/ns/credentials/v2",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/credentials-v2.jsonld")),
    ),
    (
        "https://www.w3.org/ns/credentials/examples/v2",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/credentials-examples-v2.jsonld")),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/ob-v3p0-context-3.0.3.json")),
    ),
    (
        "https://w3id.org/security/data-integrity/v2",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/data-integrity-v2.jsonld")),
    ),
    (
        "https://w3id.org/security/multikey/v1",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/multikey-v1.jsonld")),
    ),
    ("https://www.w3.org/ns/did/v1", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/did-v1.jsonld"))),
];

/// Context URL → body, shared by every parse (the JSON-LD loader callback must own what it uses).
#[derive(Clone, Default)]
pub(super) struct Contexts {
    bodies: Arc<HashMap<String, Arc<[u8]>>>,
}

impl Contexts {
    /// Checks that every body is a JSON object with an `@context`, then indexes them by URL.
    pub(super) fn load<'a>(contexts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let mut bodies = HashMap::new();
        for (url, body) in contexts {
            let parsed: serde_json::Value = serde_json::from_str(body)
                .map_err(|e| Error::Proof(format!("the bundled context {url} is not JSON: {e}").into()))?;
            if parsed.get("@context").is_none() {
                return Err(Error::Proof(format!("the bundled context {url} has no \"@context\"").into()));
            }
            bodies.insert(url.to_owned(), Arc::from(body.as_bytes()));
        }
        Ok(Contexts { bodies: Arc::new(bodies) })
    }

    /// Whether `url` is served.
    pub(super) fn contains(&self, url: &str) -> bool {
        self.bodies.contains_key(url)
    }

    /// The JSON-LD document loader: bundled bodies only, never the network.
    pub(super) fn loader(
        &self,
    ) -> impl Fn(
        &str,
        &JsonLdLoadDocumentOptions,
    ) -> std::result::Result<JsonLdRemoteDocument, Box<dyn std::error::Error + Send + Sync>>
           + Send
           + Sync
           + std::panic::UnwindSafe
           + std::panic::RefUnwindSafe
           + 'static {
        let bodies = Arc::clone(&self.bodies);
        move |url, _options| match bodies.get(url) {
            Some(body) => Ok(JsonLdRemoteDocument { document: body.to_vec(), document_url: url.to_owned() }),
            None => Err(format!("the context {url} is not bundled with hallmark").into()),
        }
    }
}
