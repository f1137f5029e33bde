//! What a build, a check or a preview did, for the binary to report.

use std::path::PathBuf;

use super::output::WriteStats;
use super::plan::{Change, Plan};
use crate::crypto::{Key, ProofProfile};
use crate::ground::error::Problem;
use crate::keys::KeySource;
use crate::model::content::Snapshot;

/// What a build or check did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub credentials: usize,
    pub new: usize,
    /// Re-issued to correct an earlier credential.
    pub corrected: usize,
    pub unchanged: usize,
    /// Revoked (superseded ones included) and suspended.
    pub revoked: usize,
    pub suspended: usize,
    pub badges: usize,
    /// Set by `build`: the output directory and what happened to its files.
    pub output: Option<(PathBuf, WriteStats)>,
    /// Set by `check`: the number of files the site would have and of proofs re-verified.
    pub checked: Option<(usize, usize)>,
    /// Set by `build`: credentials signed and landing pages rendered (the rest were unchanged).
    pub work: Option<(usize, usize)>,
    /// Set by a `build` that found every input and the output as the last build left them (by
    /// their fingerprint), and so read and wrote nothing else.
    pub untouched: bool,
    /// Set when anything was signed: the mean time each cryptosuite took per document.
    pub signing: Option<crate::crypto::CostPerDocument>,
    pub ledger_written: bool,
    /// Set by a `build` that wrote a ledger in shards (`hallmark.lock.d/`).
    pub ledger_shards: Option<LedgerShards>,
    /// Set by `build`: an earlier build of the site was interrupted, and this one finished or
    /// rolled back what it left.
    pub recovery: Option<super::Recovery>,
    /// Who held the site lock and stopped without letting go, as the lock file named it.
    pub interrupted: Option<String>,
    pub key_source: KeySource,
    pub public_key: String,
    /// The cryptosuites the credentials and status lists are signed with.
    pub proofs: ProofProfile,
    pub warnings: Vec<Problem>,
}

/// The ledger a build wrote in shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerShards {
    /// How many shard files it has.
    pub files: usize,
    /// Whether this build split a ledger that was one file (it outgrew one file).
    pub split_now: bool,
}

/// The summary of a build of `snapshot` by `plan`, signed with `key`; the callers fill in the rest.
pub(super) fn summary(
    snapshot: &Snapshot,
    plan: &Plan<'_>,
    key_source: KeySource,
    key: &Key,
    proofs: ProofProfile,
) -> Summary {
    let (revoked, suspended) = plan.revoked_and_suspended();
    Summary {
        credentials: plan.items.len(),
        new: plan.count(Change::New),
        corrected: plan.count(Change::Corrected),
        unchanged: plan.count(Change::Unchanged),
        revoked,
        suspended,
        badges: snapshot.badges.len(),
        warnings: snapshot.warnings.iter().chain(&plan.warnings).cloned().collect(),
        ..nothing_done(key_source, key.public_multibase(), proofs)
    }
}

/// A summary of no credentials and nothing done, signed with the key named; the callers fill in
/// the rest.
pub(super) fn nothing_done(key_source: KeySource, public_key: String, proofs: ProofProfile) -> Summary {
    Summary {
        credentials: 0,
        new: 0,
        corrected: 0,
        unchanged: 0,
        revoked: 0,
        suspended: 0,
        badges: 0,
        output: None,
        checked: None,
        work: None,
        untouched: false,
        signing: None,
        ledger_written: false,
        ledger_shards: None,
        recovery: None,
        interrupted: None,
        key_source,
        public_key,
        proofs,
        warnings: Vec::new(),
    }
}
