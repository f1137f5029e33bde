//! `hallmark.proofs`: proofs made by keys that have since been retired, so credentials issued before
//! a key rotation keep their exact signatures after the old secret is gone.
//!
//! One tab-separated line per credential: id, hash of the unsigned document, the key that signed it,
//! `created`, and each proof as `cryptosuite=proofValue`. A proof is reused only while the unsigned
//! document hashes the same; any change to the credential re-signs it with the current key.

use crate::ground::error::Failure;
use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::crypto::integrity::EDDSA_JCS_2022;
use crate::crypto::rdfc::EDDSA_RDFC_2022;
use crate::crypto::ProofProfile;
use crate::ground::error::{Error, Result};
use crate::ground::hash::sha256_hex;

/// The archive's file name, beside `hallmark.toml`.
pub(crate) const ARCHIVE_FILE: &str = "hallmark.proofs";

const HEADER: &str =
    "# hallmark.proofs: signatures made by retired keys, written by `hallmark rotate-key`. Commit it.\n\
# format 1: credential id, unsigned document hash, key, created, cryptosuite=proofValue ... (tab-separated)\n";

/// The proofs one credential carried when its key was retired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Archived {
    pub doc_hash: String,
    /// The verification method (DID URL) of the key.
    pub verification_method: String,
    pub created: String,
    /// `(cryptosuite, proofValue)`, in proof-set order.
    pub proofs: Vec<(String, String)>,
}

/// Archived proofs by credential id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProofArchive {
    entries: HashMap<String, Archived>,
}

/// The hash that ties archived proofs to the exact unsigned document they signed.
pub(crate) fn document_hash(unsigned: &Map<String, Value>) -> String {
    let canonical = crate::crypto::jcs::canonicalize(&Value::Object(unsigned.clone()));
    sha256_hex(canonical.as_bytes(), 16)
}

impl ProofArchive {
    /// Reads the archive in `content_dir`; absent means empty.
    pub(crate) fn load(content_dir: &Path) -> Result<ProofArchive> {
        let path = content_dir.join(ARCHIVE_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ProofArchive::default()),
            Err(e) => return Err(Error::io("read", &path, e)),
        };
        let mut entries = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let proofs: Option<Vec<(String, String)>> = f.get(4..).map(|ps| {
                ps.iter().filter_map(|p| p.split_once('=')).map(|(a, b)| (a.to_string(), b.to_string())).collect()
            });
            match (f.len() >= 5, proofs) {
                (true, Some(proofs)) if proofs.len() == f.len() - 4 => {
                    entries.insert(
                        f[0].to_string(),
                        Archived {
                            doc_hash: f[1].into(),
                            verification_method: f[2].into(),
                            created: f[3].into(),
                            proofs,
                        },
                    );
                }
                _ => {
                    return Err(Error::Ledger(
                        Failure::new(format!("{}:{}:1: malformed line", path.display(), i + 1))
                            .fix("restore the file from git; it is written by `hallmark rotate-key`"),
                    ))
                }
            }
        }
        Ok(ProofArchive { entries })
    }

    /// The file's text, sorted by id.
    pub(crate) fn to_text(&self) -> String {
        let mut ids: Vec<&String> = self.entries.keys().collect();
        ids.sort();
        let mut out = String::from(HEADER);
        for id in ids {
            let a = &self.entries[id];
            out.push_str(&format!("{id}\t{}\t{}\t{}", a.doc_hash, a.verification_method, a.created));
            for (suite, value) in &a.proofs {
                out.push_str(&format!("\t{suite}={value}"));
            }
            out.push('\n');
        }
        out
    }

    /// Whether the archive holds nothing.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many credentials it covers.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Records the proofs `signed` carries (its `proof` array).
    pub(crate) fn record(&mut self, id: &str, unsigned: &Map<String, Value>, signed_proofs: &[Value]) {
        let Some(first) = signed_proofs.first() else { return };
        let s = |p: &Value, k: &str| p.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let proofs = signed_proofs.iter().map(|p| (s(p, "cryptosuite"), s(p, "proofValue"))).collect();
        self.entries.insert(
            id.to_string(),
            Archived {
                doc_hash: document_hash(unsigned),
                verification_method: s(first, "verificationMethod"),
                created: s(first, "created"),
                proofs,
            },
        );
    }

    /// The archived proofs of `id`, if any.
    pub(crate) fn entry(&self, id: &str) -> Option<&Archived> {
        self.entries.get(id)
    }

    /// Forgets every proof made by `verification_method` (after that key leaked).
    pub(crate) fn forget_key(&mut self, verification_method: &str) {
        self.entries.retain(|_, a| a.verification_method != verification_method);
    }

    /// The archived proofs of `profile`'s cryptosuites for credential `id`, if they still match the
    /// unsigned document and hold its eddsa-rdfc-2022 proof. A suite the profile leaves out is
    /// dropped (the others stay as they were signed); one it adds that the retired key did not
    /// sign is not there, since only that key could make it.
    pub(crate) fn proofs_for(
        &self,
        id: &str,
        unsigned: &Map<String, Value>,
        profile: ProofProfile,
    ) -> Option<Vec<Value>> {
        let a = self.entries.get(id)?;
        if a.doc_hash != document_hash(unsigned) || !a.proofs.iter().any(|(suite, _)| suite == EDDSA_RDFC_2022) {
            return None;
        }
        Some(
            a.proofs
                .iter()
                .filter(|(suite, _)| profile.includes(suite))
                .map(|(suite, value)| {
                    // Rebuilt in the field order the signers write, so the published bytes are unchanged.
                    let mut p = Map::new();
                    p.insert("type".into(), "DataIntegrityProof".into());
                    p.insert("cryptosuite".into(), suite.clone().into());
                    p.insert("created".into(), a.created.clone().into());
                    p.insert("verificationMethod".into(), a.verification_method.clone().into());
                    p.insert("proofPurpose".into(), "assertionMethod".into());
                    if suite == EDDSA_JCS_2022 {
                        if let Some(ctx) = unsigned.get("@context") {
                            p.insert("@context".into(), ctx.clone());
                        }
                    }
                    p.insert("proofValue".into(), value.clone().into());
                    Value::Object(p)
                })
                .collect(),
        )
    }
}
