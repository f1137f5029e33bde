//! What is already published, and what is about to be: the output must hold no credential the
//! ledger lacks, and no file the build writes may carry the signing key's secret.

use std::path::Path;

use super::output::Sink;
use crate::crypto::Key;
use crate::ground::error::{Error, Result};
use crate::ground::layout::CREDENTIALS_DIR;
use crate::keys::SecretScanner;
use crate::model::ledger::{Ledger, LEDGER_FILE};

/// Refuses to build over an output that publishes credentials `ledger` does not record (the
/// ledger is older than the site: restored from an old commit, truncated, or emptied): the build
/// would hand their status indexes to other people.
pub(super) fn check(content_dir: &Path, ledger: &Ledger, out: &Path) -> Result<()> {
    let Ok(dir) = std::fs::read_dir(out.join(CREDENTIALS_DIR)) else { return Ok(()) };
    // The names are looked up as they are read, not held (a million of them took 50 MB, while
    // the plan is made beside this).
    let published = dir
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok());
    crate::model::consistency::check_published(&content_dir.join(LEDGER_FILE), ledger, out, published)
        .map_err(Error::Ledger)
}

/// [`check`] for content that did not load: the output directory from the flag or from
/// `hallmark.toml` if it can be read.
pub(super) fn check_before_content(options: &super::BuildOptions) -> Result<()> {
    let dir = &options.content_dir;
    let out = match &options.output_dir {
        Some(out) => out.clone(),
        None => match crate::model::config::load(dir, options.base_url.as_deref()) {
            Ok(settings) => crate::ground::fsio::normalize(&dir.join(&settings.config.site.output_dir)),
            Err(_) => return Ok(()),
        },
    };
    check(dir, &Ledger::load(dir)?, &out)
}

/// A sink that scans every file before passing it on.
pub(super) struct Scanned<'s, S: Sink> {
    inner: &'s S,
    scanner: SecretScanner,
}

impl<'s, S: Sink> Scanned<'s, S> {
    pub(super) fn new(inner: &'s S, key: &Key) -> Self {
        Scanned { inner, scanner: SecretScanner::new(key) }
    }
}

impl<S: Sink> Sink for Scanned<'_, S> {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.scanner.check(rel, &bytes)?;
        self.inner.put(rel, bytes)
    }

    fn keep(&self, rel: &str, len: u64) -> Result<bool> {
        self.inner.keep(rel, len)
    }

    fn put_own(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.scanner.check(rel, &bytes)?;
        self.inner.put_own(rel, bytes)
    }

    fn put_own_after(&self, rel: &str, bytes: Vec<u8>, was: Option<u64>) -> Result<()> {
        self.scanner.check(rel, &bytes)?;
        self.inner.put_own_after(rel, bytes, was)
    }

    fn keep_own(&self, rel: &str, len: u64) -> Result<bool> {
        self.inner.keep_own(rel, len)
    }

    fn previous(&self, rel: &str) -> Option<Vec<u8>> {
        self.inner.previous(rel)
    }

    fn has(&self, rel: &str, len: u64) -> bool {
        self.inner.has(rel, len)
    }

    fn credential_stamp(&self, id: &str) -> Option<u64> {
        self.inner.credential_stamp(id)
    }

    fn keep_stamped(&self, id: &str, files: &crate::site::files::FileList) -> Result<bool> {
        self.inner.keep_stamped(id, files)
    }

    fn keep_all(&self, id: &str, files: &crate::site::files::FileList) -> Result<bool> {
        self.inner.keep_all(id, files)
    }
}
