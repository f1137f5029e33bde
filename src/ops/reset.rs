//! `hallmark reset`: a site that has never been published forgets every credential it issued, so
//! the sample of `hallmark init` (or a trial run) can be replaced by the real badges and rosters.
//!
//! A published credential cannot be taken back (verifiers, wallets and e-mails hold its id), so a
//! reset refuses when the site shows it went out: e-mails recorded as sent, or proofs kept from a
//! rotated key. It never deletes content editors wrote: badges, rosters and `hallmark.toml` stay.

use std::path::{Path, PathBuf};

use crate::ground::error::{Error, Failure, Result};
use crate::ground::lock::{Mode, SiteLock};
use crate::model::archive::ARCHIVE_FILE;
use crate::model::content::revocations::REVOCATIONS_FILE;
use crate::model::ledger::{Ledger, LEDGER_FILE, SHARD_DIR};

/// The sent log of `hallmark notify` (`notify::SENT_FILE`; `notify` stands above the operations).
pub const SENT_LOG: &str = "hallmark.sent";

/// What a reset removes (or, without `confirmed`, would remove).
#[derive(Debug, Clone, Default)]
pub struct ResetSummary {
    /// The credentials the ledger recorded.
    pub credentials: usize,
    /// The files and directories removed (or to remove), in that order.
    pub paths: Vec<PathBuf>,
    /// Whether they were removed.
    pub done: bool,
}

/// Forgets the credentials of the site in `content_dir` built into `output` (its `site.output_dir`
/// when `None`): the ledger, `revocations.toml`, the output directory and the build caches in
/// `.hallmark/` (the development key stays). Without `confirmed`, only says what it would remove.
pub fn reset(content_dir: &Path, output: Option<&Path>, confirmed: bool) -> Result<ResetSummary> {
    let _lock = SiteLock::acquire(content_dir, "reset", Mode::Exclusive, &|_| {})?;
    refuse_if_published(content_dir)?;
    let credentials = Ledger::load(content_dir).map(|l| l.entries().len()).unwrap_or(0);
    let mut paths: Vec<PathBuf> =
        [LEDGER_FILE, SHARD_DIR, REVOCATIONS_FILE].iter().map(|f| content_dir.join(f)).filter(|p| p.exists()).collect();
    let output = output.map(Path::to_path_buf).unwrap_or_else(|| default_output(content_dir));
    if is_built_site(&output) {
        paths.push(output);
    }
    paths.extend(work_files(content_dir));
    if confirmed {
        for path in &paths {
            let removed = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
            removed.map_err(|e| Error::io("remove", path, e))?;
        }
    }
    Ok(ResetSummary { credentials, paths, done: confirmed })
}

/// An error when the site shows it was published: recipients were e-mailed, or a key was rotated.
fn refuse_if_published(content_dir: &Path) -> Result<()> {
    let revoke = "revoke the credentials instead (`hallmark revoke --badge SLUG --reason \"...\"`): \
                  a published credential stays verifiable, or visibly revoked, for good";
    let sent = content_dir.join(SENT_LOG);
    if std::fs::read_to_string(&sent).is_ok_and(|t| t.lines().any(|l| !l.trim().is_empty() && !l.starts_with('#'))) {
        return Err(Error::Usage(
            Failure::new(format!("this site was published: {} records e-mails sent to recipients", sent.display()))
                .fix(revoke),
        ));
    }
    let archive = content_dir.join(ARCHIVE_FILE);
    if archive.exists() {
        return Err(Error::Usage(
            Failure::new(format!(
                "this site was published: its signing key was rotated, and {} keeps the old key's proofs",
                archive.display()
            ))
            .fix(revoke),
        ));
    }
    Ok(())
}

/// Where `build` writes by default: `site.output_dir`, or `../public`.
fn default_output(content_dir: &Path) -> PathBuf {
    let configured = crate::model::config::read(content_dir, None).config.map(|c| c.site.output_dir);
    crate::ground::fsio::normalize(&content_dir.join(configured.unwrap_or_else(|| PathBuf::from("../public"))))
}

/// Whether `dir` holds a site hallmark built: its DID document, at the root or under `.well-known/`.
fn is_built_site(dir: &Path) -> bool {
    use crate::ground::did_web::{DOCUMENT_AT_ROOT, DOCUMENT_IN_PATH};
    dir.join(DOCUMENT_IN_PATH).is_file() || dir.join(DOCUMENT_AT_ROOT).is_file()
}

/// The build's caches and journals in the work directory; the development key, the lock and the
/// directory's `.gitignore` stay.
fn work_files(content_dir: &Path) -> Vec<PathBuf> {
    let work = crate::ground::layout::work_dir(content_dir);
    let keep = ["dev-signing.key", "lock", ".gitignore"];
    let Ok(entries) = std::fs::read_dir(&work) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| !keep.contains(&e.file_name().to_string_lossy().as_ref()))
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}
