//! `hallmark log init`: starts a site's public log. The origin (the log's name, and its key's) is
//! the scheme-less base URL and `/log`, fixed here for good; the log key is created (or the one
//! `HALLMARK_LOG_KEY`, `[log] key_file` or the development key gives is used) and pinned in
//! `hallmark.checkpoints`; `[log]` is added to hallmark.toml. The next build logs every credential.
//! `hallmark witness key` prints the key a witnessing site cosigns with.

use std::path::{Path, PathBuf};

use crate::ground::error::{Error, Failure, Result};
use crate::keys::KeySource;
use crate::tlog::note::{KeyType, NoteVerifier};
use crate::tlog::store::Checkpoints;
use crate::tlog::CHECKPOINTS_FILE;

/// What `hallmark log init` is given.
#[derive(Debug, Clone)]
pub struct LogInitOptions {
    pub content_dir: PathBuf,
    /// Create the log key here (outside the content directory) and name it in hallmark.toml.
    pub key_file: Option<PathBuf>,
}

/// What it did.
#[derive(Debug, Clone)]
pub struct LogInitSummary {
    pub origin: String,
    pub vkey: String,
    pub key: KeySource,
}

fn settings(content_dir: &Path) -> Result<crate::model::config::Settings> {
    crate::model::config::load(content_dir, None).map_err(|problems| Error::Content { problems })
}

/// Starts the log of the site in `options.content_dir`.
pub fn init(options: &LogInitOptions) -> Result<LogInitSummary> {
    let dir = &options.content_dir;
    let settings = settings(dir)?;
    let path = dir.join(CHECKPOINTS_FILE);
    if path.exists() {
        return Err(Error::Usage(
            Failure::new(format!("{} exists: this site's log was started already", path.display()))
                .fix("a log is started once; its key and origin never change"),
        ));
    }
    let _lock = crate::ground::lock::SiteLock::acquire(dir, "log init", crate::ground::lock::Mode::Exclusive, &|_| {})?;
    let key_file = match &options.key_file {
        Some(p) if !p.exists() => {
            crate::keys::write_key_file(p, &crate::crypto::Key::generate()?)?;
            Some(p.to_string_lossy().into_owned())
        }
        Some(p) => Some(p.to_string_lossy().into_owned()),
        None => settings.config.log.as_ref().and_then(|l| l.key_file.clone()),
    };
    let (key, source) = crate::keys::log_key(key_file.as_deref(), dir, false)?;
    let origin = crate::tlog::origin_of(&settings.base_url);
    let vkey = NoteVerifier::new(&origin, key.verifying_key(), KeyType::Ed25519).vkey();
    crate::model::config::update_log(&settings.path, options.key_file.as_deref())?;
    crate::ground::fsio::write_durably(&path, Checkpoints::new(&origin, &vkey).to_text().as_bytes(), "checkpoints")?;
    Ok(LogInitSummary { origin, vkey, key: source })
}

/// The vkey this site cosigns other logs with (`[witness] key_file` or `HALLMARK_WITNESS_KEY`).
pub fn witness_vkey(content_dir: &Path) -> Result<String> {
    let settings = settings(content_dir)?;
    let key_file = settings.config.witness.as_ref().and_then(|w| w.key_file.clone());
    let key = crate::keys::witness_key(key_file.as_deref(), content_dir)?;
    Ok(crate::monitor::witness::witness_vkey(&settings.base_url, &key))
}
