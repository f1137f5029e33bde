//! The issuer's `did:web` DID document: every key, current and retired, as a `Multikey` under `assertionMethod`.

use serde_json::{json, Value};

use crate::ground::url::BaseUrl;

/// The DID URL of a key: the DID, `#`, and the key's multibase.
pub(crate) fn verification_method_id(base: &BaseUrl, public_multibase: &str) -> String {
    format!("{}#{public_multibase}", base.did_web())
}

/// The DID document listing `keys` (public multibase values, current key first).
pub(crate) fn did_document(base: &BaseUrl, keys: &[String]) -> Value {
    let did = base.did_web();
    let methods: Vec<Value> = keys
        .iter()
        .map(|k| {
            json!({
                "id": verification_method_id(base, k),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": k,
            })
        })
        .collect();
    let refs: Vec<Value> = keys.iter().map(|k| verification_method_id(base, k).into()).collect();
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": refs,
    })
}
