//! The log key: a separate, long-lived Ed25519 key that signs the public log's checkpoints, found
//! like the signing key (`HALLMARK_LOG_KEY`, `[log] key_file`, or the development log key for
//! local builds), and the witness key that cosigns other sites' logs (`HALLMARK_WITNESS_KEY`,
//! `[witness] key_file`).

use std::path::{Path, PathBuf};

use super::files::{expand_home, read_key_file, write_key_file};
use super::KeySource;
use crate::crypto::Key;
use crate::ground::error::{Error, Failure, Result};

/// The environment variable that can hold the log key's secret.
pub(crate) const LOG_KEY_ENV: &str = "HALLMARK_LOG_KEY";
/// The environment variable that can hold the witness key's secret.
pub(crate) const WITNESS_KEY_ENV: &str = "HALLMARK_WITNESS_KEY";

/// The development log key's path: `<content>/../.hallmark/dev-log.key`.
pub(crate) fn dev_log_key_path(content_dir: &Path) -> PathBuf {
    crate::ground::layout::work_dir(content_dir).join("dev-log.key")
}

/// The log key: the variable, then `key_file`, then (unless `locked`) the development log key,
/// created when missing.
pub(crate) fn log_key(key_file: Option<&str>, content_dir: &Path, locked: bool) -> Result<(Key, KeySource)> {
    if let Some(key) = from_env(LOG_KEY_ENV)? {
        return Ok((key, KeySource::Environment));
    }
    if let Some(file) = key_file {
        let path = expand_home(file, content_dir);
        return Ok((read_key_file(&path, content_dir)?, KeySource::File(path)));
    }
    if locked {
        return Err(Error::Key(
            Failure::new("no log key configured, and {locked} builds do not use a development key")
                .fix(format!("set {LOG_KEY_ENV} (e.g. from a CI secret) or [log] key_file in hallmark.toml")),
        ));
    }
    let path = dev_log_key_path(content_dir);
    if path.is_file() {
        return Ok((read_key_file(&path, content_dir)?, KeySource::Development { path, created: false }));
    }
    let key = Key::generate()?;
    write_key_file(&path, &key)?;
    if let Some(dir) = path.parent() {
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(&ignore, "*\n").map_err(|e| Error::io("write", &ignore, e))?;
        }
    }
    Ok((key, KeySource::Development { path, created: true }))
}

/// The witness key: the variable, then `key_file`; there is no development witness key.
pub(crate) fn witness_key(key_file: Option<&str>, content_dir: &Path) -> Result<Key> {
    if let Some(key) = from_env(WITNESS_KEY_ENV)? {
        return Ok(key);
    }
    let Some(file) = key_file else {
        return Err(Error::Key(Failure::new("no witness key configured").fix(format!(
            "set {WITNESS_KEY_ENV} or [witness] key_file in hallmark.toml (create one with `hallmark keygen`)"
        ))));
    };
    read_key_file(&expand_home(file, content_dir), content_dir)
}

fn from_env(name: &str) -> Result<Option<Key>> {
    match std::env::var(name) {
        Ok(secret) if !secret.trim().is_empty() => Key::from_secret_multibase(&secret)
            .map(Some)
            .map_err(|e| Error::Key(format!("{name} does not hold a valid key: {e}").into())),
        _ => Ok(None),
    }
}
