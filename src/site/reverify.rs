//! `check`'s last step: every proof of every credential and status list the build produced, checked
//! again against the DID document it produced, by the rules `hallmark verify` applies.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::output;
use crate::ground::date::Date;
use crate::ground::error::{Error, Result};
use crate::ground::url::BaseUrl;
use crate::verify::{Outcome, Resolver, Verifier};

/// Re-verifies the proofs of every credential and status list among `files`, resolving the issuer's
/// key in the DID document among them; returns how many proofs verified.
pub(super) fn verify_signed_files(files: Arc<output::Files>, base: &BaseUrl, today: Date) -> Result<usize> {
    let resolver = Resolver::offline().with_files(&base.to_string(), Arc::clone(&files));
    let verifier = Verifier::new(Resolver::offline(), today.days() * 86_400)?;
    let signed: Vec<(&Arc<str>, &Arc<[u8]>)> = files
        .iter()
        .filter(|(path, _)| {
            (path.starts_with("c/") && path.ends_with("/credential.json")) || path.starts_with("status/")
        })
        .collect();
    let counts = signed.par_iter().map(|(path, bytes)| -> Result<usize> {
        let doc: Value =
            serde_json::from_slice(bytes).map_err(|e| Error::Proof(format!("{path}: not JSON: {e}").into()))?;
        let (proof, key, verified) = verifier.check_signature(&resolver, &doc);
        for step in [proof, key] {
            if step.outcome != Outcome::Passed {
                return Err(Error::Proof(format!("{path}: {}", step.detail).into()));
            }
        }
        Ok(verified)
    });
    counts.try_reduce(|| 0, |a, b| Ok(a + b))
}
