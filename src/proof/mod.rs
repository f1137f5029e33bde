//! Keys, canonicalization and Data Integrity proofs.

pub mod integrity;
pub mod jcs;
pub mod keys;
pub mod rdfc;

use ed25519_dalek::VerifyingKey;
use serde_json::{Map, Value};

pub use integrity::{create_jcs_proof, verify_jcs_proof, ProofOptions};
pub use keys::Key;
pub use rdfc::RdfcSuite;

use crate::error::{Error, Result};

/// The cryptosuites hallmark signs with, in proof-set order: the one Open Badges certification
/// requires first, then the one small enough to verify in a browser.
pub const SUITES: [&str; 2] = [rdfc::EDDSA_RDFC_2022, integrity::EDDSA_JCS_2022];

/// Signs documents with hallmark's proof set.
#[derive(Debug, Clone, Copy)]
pub struct Signer<'a> {
    pub key: &'a Key,
    pub rdfc: &'a RdfcSuite,
    /// The DID URL of `key`.
    pub verification_method: &'a str,
}

impl Signer<'_> {
    /// Adds `proof`: one eddsa-rdfc-2022 and one eddsa-jcs-2022 proof, each over the document alone.
    pub fn sign(&self, document: &mut Map<String, Value>, created: &str) -> Result<()> {
        let options = ProofOptions { verification_method: self.verification_method, created };
        let rdfc = self.rdfc.create_proof(document, self.key, options)?;
        let jcs = create_jcs_proof(document, self.key, options);
        document.insert("proof".into(), Value::Array(vec![rdfc, jcs]));
        Ok(())
    }
}

/// Whether hallmark can check proofs of `cryptosuite`.
pub fn is_known_suite(cryptosuite: &str) -> bool {
    SUITES.contains(&cryptosuite)
}

/// Checks one proof of `document` with `key`, whatever its (known) cryptosuite.
pub fn verify_proof(rdfc: &RdfcSuite, document: &Map<String, Value>, proof: &Value, key: &VerifyingKey) -> Result<()> {
    match proof.get("cryptosuite").and_then(Value::as_str) {
        Some(rdfc::EDDSA_RDFC_2022) => rdfc.verify_proof(document, proof, key),
        Some(integrity::EDDSA_JCS_2022) => verify_jcs_proof(document, proof, key),
        other => Err(Error::Proof(format!("unknown cryptosuite {}", other.unwrap_or("(none)")))),
    }
}
