//! `[log]` and `[witness]`: the public issuance log and the logs this site witnesses.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `[log]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LogConfig {
    /// The log key's file, outside the content directory (else `HALLMARK_LOG_KEY`, else the
    /// development log key).
    pub key_file: Option<String>,
    /// `[log.witnesses.<name>]`: who cosigns this log's checkpoints.
    #[serde(default)]
    pub witnesses: BTreeMap<String, LogWitness>,
}

/// `[log.witnesses.<name>]`: a witness's verifier key (its name is the key's), and where its
/// cosignatures come from: a hallmark site that witnesses this one (`site`, a URL or a directory)
/// or a tlog-witness server (`url`, its submission prefix).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LogWitness {
    pub vkey: String,
    pub site: Option<String>,
    pub url: Option<String>,
}

/// `[witness]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WitnessConfig {
    /// The witness key's file, outside the content directory (else `HALLMARK_WITNESS_KEY`).
    pub key_file: Option<String>,
    /// `[witness.logs.<name>]`: a log this site witnesses.
    #[serde(default)]
    pub logs: BTreeMap<String, WitnessedLog>,
}

/// `[witness.logs.<name>]`: the log's verifier key and where its checkpoint is (the log's URL
/// prefix, or a directory holding a built site's `log/`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WitnessedLog {
    pub vkey: String,
    pub log: String,
}
