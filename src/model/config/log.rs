//! `[log]` and `[witness]`: the public issuance log and the logs this site witnesses.

use std::collections::BTreeMap;
use std::path::Path;

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

/// Adds `[log]` to the config file at `path` (with `key_file` when given), keeping the rest as written.
pub(crate) fn update_log(path: &Path, key_file: Option<&Path>) -> crate::ground::error::Result<()> {
    use crate::ground::error::Error;
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    let mut doc: toml_edit::DocumentMut =
        text.parse().map_err(|e| Error::Usage(format!("{}: {e}", path.display()).into()))?;
    let log = doc
        .entry("log")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_mut()
        .ok_or_else(|| Error::Usage(format!("{}: [log] is not a table", path.display()).into()))?;
    log.set_implicit(false);
    if let Some(file) = key_file {
        log["key_file"] = toml_edit::value(file.to_string_lossy().as_ref());
    }
    crate::ground::fsio::write_atomically(path, doc.to_string().as_bytes())
}
