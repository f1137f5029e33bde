//! The issuer's `did:web` DID document: every key, current and retired, as a `Multikey` under `assertionMethod`.

use serde_json::{json, Value};

use crate::ground::url::BaseUrl;

/// The DID URL of a key: the DID, `#`, and the key's multibase.
pub(crate) fn verification_method_id(base: &BaseUrl, public_multibase: &str) -> String {
    format!("{}#{public_multibase}", base.did_web())
}

/// The public log a DID document names: where it is, its checkpoints' origin and verifier key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LogService {
    pub origin: String,
    pub vkey: String,
}

/// The service entry of the site's public log: never a verification method (the log key signs
/// checkpoints, never credentials).
pub(crate) fn log_service(base: &BaseUrl, log: &LogService) -> Value {
    json!({
        "id": format!("{}#log", base.did_web()),
        "type": "TransparencyLog",
        "serviceEndpoint": base.join("log/"),
        "origin": log.origin,
        "vkey": log.vkey,
    })
}

/// The DID document listing `keys` (public multibase values, current key first).
#[cfg(test)]
pub(crate) fn did_document(base: &BaseUrl, keys: &[String]) -> Value {
    did_document_with_log(base, keys, None)
}

/// [`did_document`], with the site's public log as a service when it keeps one.
pub(crate) fn did_document_with_log(base: &BaseUrl, keys: &[String], log: Option<&LogService>) -> Value {
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
    let mut doc = json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": refs,
    });
    if let Some(log) = log {
        doc["service"] = Value::Array(vec![log_service(base, log)]);
    }
    doc
}
