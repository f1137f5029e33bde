//! Keys, canonicalization and Data Integrity proofs.

pub(crate) mod bitstring;
pub(crate) mod integrity;
pub(crate) mod jcs;
pub(crate) mod keys;
mod profile;
pub(crate) mod rdfc;

use ed25519_dalek::VerifyingKey;
use serde_json::{Map, Value};

pub use bitstring::Bitstring;
pub use integrity::{create_jcs_proof, hash_data, unsecured, verify_jcs_proof, ProofOptions};
pub use keys::Key;
pub use profile::{ProfileError, ProofProfile};
pub use rdfc::RdfcSuite;

use crate::ground::error::{Error, Result};

/// The cryptosuites hallmark can sign with, in proof-set order: the one Open Badges certification
/// requires first, then the one small enough to verify in a browser. [`ProofProfile`] says which a
/// site uses.
pub const SUITES: [&str; 2] = [rdfc::EDDSA_RDFC_2022, integrity::EDDSA_JCS_2022];

/// Signs documents with hallmark's proof set.
#[derive(Debug, Clone, Copy)]
pub struct Signer<'a> {
    pub key: &'a Key,
    pub rdfc: &'a RdfcSuite,
    /// The DID URL of `key`.
    pub verification_method: &'a str,
    /// Which proofs the set holds.
    pub profile: ProofProfile,
    /// Where the time spent in each suite is added up, if anywhere.
    pub costs: Option<&'a SigningCosts>,
}

impl Signer<'_> {
    /// Adds `proof`: an eddsa-rdfc-2022 proof and, if the profile says so, an eddsa-jcs-2022 proof,
    /// each over the document alone. Both are deterministic: the same document, key and `created`
    /// give the same bytes.
    pub fn sign(&self, document: &mut Map<String, Value>, created: &str) -> Result<()> {
        let options = ProofOptions { verification_method: self.verification_method, created };
        let start = std::time::Instant::now();
        let rdfc = if document.contains_key("proof") {
            self.rdfc.create_proof(document, self.key, options)
        } else {
            // Signed as it stands, moved out and back rather than copied without its proof.
            let unsecured = Value::Object(std::mem::take(document));
            let made = self.rdfc.proof_of_unsecured(&unsecured, self.key, options);
            if let Value::Object(map) = unsecured {
                *document = map;
            }
            made
        };
        let mut proofs = vec![rdfc?];
        let middle = std::time::Instant::now();
        if self.profile.with_jcs() {
            proofs.push(create_jcs_proof(document, self.key, options));
        }
        if let Some(costs) = self.costs {
            costs.add(middle - start, self.profile.with_jcs().then(|| middle.elapsed()));
        }
        document.insert("proof".into(), Value::Array(proofs));
        Ok(())
    }
}

/// The time spent creating each suite's proofs, summed over many documents and threads.
#[derive(Debug, Default)]
pub struct SigningCosts {
    documents: std::sync::atomic::AtomicU64,
    rdfc_ns: std::sync::atomic::AtomicU64,
    jcs_documents: std::sync::atomic::AtomicU64,
    jcs_ns: std::sync::atomic::AtomicU64,
}

/// [`SigningCosts`] read out: documents signed, and the mean time per document of each suite
/// (`jcs_ms` is `None` when no eddsa-jcs-2022 proof was made).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostPerDocument {
    pub documents: u64,
    pub rdfc_ms: f64,
    pub jcs_ms: Option<f64>,
}

impl SigningCosts {
    fn add(&self, rdfc: std::time::Duration, jcs: Option<std::time::Duration>) {
        use std::sync::atomic::Ordering::Relaxed;
        self.documents.fetch_add(1, Relaxed);
        self.rdfc_ns.fetch_add(rdfc.as_nanos() as u64, Relaxed);
        if let Some(jcs) = jcs {
            self.jcs_documents.fetch_add(1, Relaxed);
            self.jcs_ns.fetch_add(jcs.as_nanos() as u64, Relaxed);
        }
    }

    /// The means so far; `None` before any document was signed.
    pub fn per_document(&self) -> Option<CostPerDocument> {
        use std::sync::atomic::Ordering::Relaxed;
        let n = self.documents.load(Relaxed);
        let jcs_n = self.jcs_documents.load(Relaxed);
        let ms = |ns: u64, n: u64| ns as f64 / 1e6 / n as f64;
        (n > 0).then(|| CostPerDocument {
            documents: n,
            rdfc_ms: ms(self.rdfc_ns.load(Relaxed), n),
            jcs_ms: (jcs_n > 0).then(|| ms(self.jcs_ns.load(Relaxed), jcs_n)),
        })
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
        other => Err(Error::Proof(format!("unknown cryptosuite {}", other.unwrap_or("(none)")).into())),
    }
}
