//! `check`'s last step: every proof of every credential and status list the build produced, checked
//! again against the DID document it produced.

use serde_json::Value;

use super::output;
use crate::crypto::RdfcSuite;
use crate::document::did;
use crate::ground::error::{Error, Result};

/// Re-verifies the proof of every credential and status list among `files` against the DID
/// document's keys; returns how many proofs.
pub(super) fn verify_signed_files(
    files: &output::Files,
    base: &crate::ground::url::BaseUrl,
    keys: &[String],
    rdfc: &RdfcSuite,
) -> Result<usize> {
    let mut by_method = std::collections::HashMap::new();
    for k in keys {
        by_method.insert(did::verification_method_id(base, k), crate::crypto::keys::parse_public_multibase(k)?);
    }
    let mut count = 0;
    for (path, bytes) in files {
        let signed = (path.starts_with("c/") && path.ends_with("/credential.json")) || path.starts_with("status/");
        if !signed {
            continue;
        }
        let doc: Value = serde_json::from_slice(bytes).map_err(|e| Error::Proof(format!("{path}: not JSON: {e}")))?;
        let obj = doc.as_object().ok_or_else(|| Error::Proof(format!("{path}: not a JSON object")))?;
        let proofs = obj
            .get("proof")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::Proof(format!("{path}: no proof array")))?;
        for proof in proofs {
            let vm = proof.get("verificationMethod").and_then(Value::as_str).unwrap_or_default();
            let public = by_method
                .get(vm)
                .ok_or_else(|| Error::Proof(format!("{path}: signed by {vm}, which the DID document does not list")))?;
            crate::crypto::verify_proof(rdfc, obj, proof, public).map_err(|e| Error::Proof(format!("{path}: {e}")))?;
            count += 1;
        }
    }
    Ok(count)
}
