//! The shortcut of a build with nothing to do: a fingerprint of every input and of the output's
//! directories, kept in `.hallmark/fingerprint` (never committed) by a build that changed nothing.
//! When the next build finds the same fingerprint, it reports that build again and reads nothing
//! else: not the roster, the ledger, the log or the build cache, and no credential is planned.
//!
//! What the fingerprint covers, by file metadata (path, length, modification and change times,
//! inode), never by contents:
//! - every file of the content directory (`.git/` aside, links followed), the themes directory
//!   beside it, the key file the build signed with, the project's development keys, and the CJK
//!   fonts the renderers load when they are installed (the build cache and the kept log state
//!   are caches: the output is right without them);
//! - the executable, the working directory, the command line's options, the date, `HOME` (a key
//!   file may be named from it) and every `HALLMARK_*` environment variable (the signing key
//!   among them: only the digest of all of it is kept);
//! - every directory of the output that holds the site's files, and their parents, by
//!   modification time: adding, removing or renaming a file changes its directory's time, which
//!   is what the build cache's directory stamps already rely on. A file rewritten in place under
//!   the same name is not seen, as it is not by those stamps.
//!
//! A fingerprint is only kept when every time it covers is two seconds older than it (file
//! times have a coarse clock: a change right after could leave a time as it was), when the build
//! issued and corrected nothing and left the ledger as it was, and when its log had nothing to
//! retry. Any other build removes it first.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::options::BuildOptions;
use super::output::WriteStats;
use super::summary::Summary;
use crate::ground::hash::KeyHasher;
use crate::ground::layout::work_dir;

/// The file's name in the project's `.hallmark/` directory.
pub(crate) const FINGERPRINT_FILE: &str = "fingerprint";
const VERSION: &str = concat!("hallmark-fingerprint 1 ", env!("CARGO_PKG_VERSION"));
/// How old every time the fingerprint covers must be when it is taken.
const SETTLED_NS: u64 = 2_000_000_000;
/// The files of `.hallmark/` that decide what a build writes: the development keys. Not inputs:
/// the lock, the preview, this file, the transaction journal (an interrupted build is recovered
/// before the fingerprint is looked at) and the caches (the build cache, the kept log state).
const WORK_INPUTS: &[&str] = &["dev-signing.key", "dev-log.key"];

/// What the build that kept a fingerprint reported, and what it covered beyond the content.
#[derive(Debug, Serialize, Deserialize)]
struct Kept {
    inputs: String,
    outputs: String,
    /// Inputs outside the content and project directories (key file, theme directory).
    external: Vec<PathBuf>,
    out: PathBuf,
    files: usize,
    credentials: usize,
    unchanged: usize,
    revoked: usize,
    suspended: usize,
    badges: usize,
    key_source: crate::keys::KeySource,
    public_key: String,
    proofs: crate::crypto::ProofProfile,
    warnings: Vec<crate::ground::error::Problem>,
}

fn path_of(options: &BuildOptions) -> PathBuf {
    work_dir(&options.content_dir).join(FINGERPRINT_FILE)
}

/// The summary of the last build again, if its fingerprint still holds: nothing needs doing.
pub(crate) fn unchanged(options: &BuildOptions) -> Option<Summary> {
    let text = std::fs::read_to_string(path_of(options)).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(VERSION) {
        return None;
    }
    let kept: Kept = serde_json::from_str(lines.next()?).ok()?;
    // An interrupted build's staging directory: the build removes it.
    if super::output::staging_dir(&kept.out).exists() {
        return None;
    }
    let (inputs, _) = inputs_digest(options, &kept.external)?;
    if inputs != kept.inputs {
        return None;
    }
    let dirs: Vec<&str> = lines.collect();
    let (outputs, _) = stamps_digest(&kept.out, &dirs, &|_| None)?;
    (outputs == kept.outputs).then(|| kept.into_summary())
}

impl Kept {
    fn into_summary(self) -> Summary {
        let stats = WriteStats { written: 0, unchanged: self.files, removed: 0 };
        let key_source = match self.key_source {
            crate::keys::KeySource::Development { path, .. } => {
                crate::keys::KeySource::Development { path, created: false }
            }
            other => other,
        };
        Summary {
            credentials: self.credentials,
            unchanged: self.unchanged,
            revoked: self.revoked,
            suspended: self.suspended,
            badges: self.badges,
            output: Some((self.out, stats)),
            work: Some((0, 0)),
            untouched: true,
            warnings: self.warnings,
            ..super::summary::nothing_done(key_source, self.public_key, self.proofs)
        }
    }
}

/// Removes the fingerprint: the build about to run may change what it covers.
pub(crate) fn forget(options: &BuildOptions) {
    let _ = std::fs::remove_file(path_of(options));
}

/// Keeps the fingerprint of the build that reported `summary`, if it may (see the module's
/// documentation); `retry` says its log has something to try again (a witness it could not reach).
/// `records` name every file of the output.
pub(crate) fn keep(options: &BuildOptions, summary: &Summary, retry: bool, records: &crate::site::cache::Records) {
    let Some((out, stats)) = &summary.output else { return };
    let changed = summary.new > 0 || summary.corrected > 0 || summary.ledger_written;
    if changed || retry || summary.recovery.is_some() {
        return;
    }
    let external = external_inputs(options, &summary.key_source);
    let Some((inputs, newest_input)) = inputs_digest(options, &external) else { return };
    let dirs = dirs_of(records.iter().flat_map(|c| c.files.iter().map(move |(f, _)| f.full(&c.id))));
    let names: Vec<&str> = dirs.iter().map(String::as_str).collect();
    // The credentials' directories were stamped after the commit (see `cache::stamp_records`):
    // only the others need looking at.
    let stamped: std::collections::HashMap<String, u64> = records
        .iter()
        .filter_map(|c| {
            Some((crate::ground::layout::credential_page(&c.id).trim_end_matches('/').to_string(), c.stamp.get()?))
        })
        .collect();
    let Some((outputs, newest_output)) = stamps_digest(out, &names, &|d| stamped.get(d).copied()) else { return };
    let now = now_ns();
    if now.saturating_sub(newest_input.max(newest_output)) < SETTLED_NS {
        return;
    }
    let kept = Kept {
        inputs,
        outputs,
        external,
        out: out.clone(),
        files: stats.written + stats.unchanged,
        credentials: summary.credentials,
        unchanged: summary.unchanged,
        revoked: summary.revoked,
        suspended: summary.suspended,
        badges: summary.badges,
        key_source: summary.key_source.clone(),
        public_key: summary.public_key.clone(),
        proofs: summary.proofs,
        warnings: summary.warnings.clone(),
    };
    let Ok(json) = serde_json::to_string(&kept) else { return };
    let mut text = String::with_capacity(json.len() + dirs.iter().map(|d| d.len() + 1).sum::<usize>() + 64);
    for part in [VERSION, "\n", &json, "\n"] {
        text.push_str(part);
    }
    for d in &dirs {
        text.push_str(d);
        text.push('\n');
    }
    // Only a shortcut: a fingerprint that could not be written costs the next build its speed.
    let _ = crate::site::cache::BuildCache::write(&path_of(options), &text);
}

/// The theme directory (`<content>/../themes/<name>`, whichever name: the config may change it)
/// and a key file named outside the content.
fn external_inputs(options: &BuildOptions, source: &crate::keys::KeySource) -> Vec<PathBuf> {
    let mut paths = vec![crate::render::theme::themes_dir(&options.content_dir)];
    if let crate::keys::KeySource::File(p) = source {
        paths.push(p.clone());
    }
    if let Some(p) = &options.key.flag_file {
        paths.push(p.clone());
    }
    paths
}

fn now_ns() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
}

/// A file's device and inode (Unix only).
fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Hashes the options, the environment and the metadata of every input file.
fn inputs_digest(options: &BuildOptions, external: &[PathBuf]) -> Option<(String, u64)> {
    let mut h = Inputs { hash: KeyHasher::new(), newest: 0, walked: Default::default() };
    h.text(VERSION);
    h.path(&std::env::current_exe().ok()?);
    // Relative paths (the output directory the summary names, a key file) are the working directory's.
    h.bytes(std::env::current_dir().ok()?.as_os_str().as_encoded_bytes());
    let cache = crate::site::cache::cache_path(&options.content_dir);
    h.text(&crate::site::cache::output_key(&cache, &options.content_dir));
    let out = options.output_dir.as_deref().map(|o| crate::site::cache::output_key(&cache, o));
    h.text(&format!("{out:?} {:?} {} {}", options.base_url, options.locked, options.today));
    let key = &options.key;
    h.text(&format!("{:?} {:?} {} {:?}", key.flag_file, key.config_file, key.skip_config, key.fallback));
    let mut env: Vec<_> =
        std::env::vars_os().filter(|(k, _)| k.as_encoded_bytes().starts_with(b"HALLMARK_") || k == "HOME").collect();
    env.sort();
    for (k, v) in env {
        h.bytes(k.as_encoded_bytes());
        h.bytes(v.as_encoded_bytes());
    }
    h.tree(&options.content_dir, Path::new(""))?;
    let work = work_dir(&options.content_dir);
    for name in WORK_INPUTS {
        h.path(&work.join(name));
    }
    for p in external {
        h.tree(p, Path::new(""))?;
    }
    for p in crate::render::fonts::CJK_FILES.iter().flat_map(|l| l.iter()) {
        h.path(Path::new(p));
    }
    Some((h.hash.finish(), h.newest))
}

/// A digest of inputs being taken, and the newest time seen.
struct Inputs {
    hash: KeyHasher,
    newest: u64,
    /// The directories walked, by device and inode: a link back up the tree is walked once.
    walked: std::collections::HashSet<(u64, u64)>,
}

impl Inputs {
    fn text(&mut self, s: &str) {
        self.hash.str(s);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.hash.bytes(b);
    }

    /// One file's metadata, or that it is absent.
    fn path(&mut self, p: &Path) {
        self.bytes(p.as_os_str().as_encoded_bytes());
        match std::fs::metadata(p) {
            Ok(meta) => self.meta(&meta),
            Err(_) => self.text("absent"),
        }
    }

    fn meta(&mut self, meta: &std::fs::Metadata) {
        let (s, newest) = crate::ground::fsio::file_stamp(meta);
        for n in s {
            self.hash.num(n);
        }
        self.newest = self.newest.max(newest);
    }

    /// Every file and directory under `root` (`rel` within it), in name order, links followed and
    /// each directory walked once; `.git` and `.hallmark` left out.
    /// `None` when a directory cannot be read.
    fn tree(&mut self, root: &Path, rel: &Path) -> Option<()> {
        let here = root.join(rel);
        let Ok(meta) = std::fs::metadata(&here) else {
            self.bytes(here.as_os_str().as_encoded_bytes());
            self.text("absent");
            return Some(());
        };
        self.bytes(rel.as_os_str().as_encoded_bytes());
        self.meta(&meta);
        if !meta.is_dir() || identity(&meta).is_some_and(|id| !self.walked.insert(id)) {
            return Some(());
        }
        let mut names: Vec<std::ffi::OsString> =
            std::fs::read_dir(&here).ok()?.filter_map(|e| e.ok().map(|e| e.file_name())).collect();
        names.sort();
        // `.hallmark/` is the project's own (its lock changes with every build): reached through a
        // link, it is left out as `.git/` is.
        for name in names.into_iter().filter(|n| n != ".git" && n != ".hallmark") {
            self.tree(root, &rel.join(name))?;
        }
        Some(())
    }
}

/// Every directory that holds `files` (site-relative paths), with their parents up to the output
/// itself (""), in name order. A file added, removed or renamed in one of them, a subdirectory
/// among them, changes its modification time; the output's other directories (none, unless
/// someone made one) are not hallmark's.
fn dirs_of<'a>(files: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> Vec<String> {
    let mut dirs: std::collections::HashSet<String> = std::collections::HashSet::from([String::new()]);
    for f in files {
        let mut at = f.as_ref();
        while let Some((parent, _)) = at.rsplit_once('/') {
            if dirs.contains(parent) {
                break;
            }
            dirs.insert(parent.to_string());
            at = parent;
        }
    }
    let mut dirs: Vec<String> = dirs.into_iter().collect();
    dirs.sort_unstable();
    dirs
}

/// The digest of the modification times of `dirs` under `out` (`known` gives those already
/// taken), and the newest; `None` if one is gone. Adding, removing or renaming an entry changes a
/// directory's modification time.
fn stamps_digest(out: &Path, dirs: &[&str], known: &(dyn Fn(&str) -> Option<u64> + Sync)) -> Option<(String, u64)> {
    let at = crate::site::output::OutputDir::open(out);
    let times: Vec<Option<u64>> =
        dirs.par_iter().map(|d| known(d).or_else(|| at.dir_stamp(if d.is_empty() { "." } else { d }))).collect();
    let mut hash = KeyHasher::new();
    let mut newest = 0;
    hash.num(dirs.len() as u64);
    for t in times {
        let t = t?;
        hash.num(t);
        newest = newest.max(t);
    }
    Some((hash.finish(), newest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directories_of_the_files_and_their_parents_once_each_in_order() {
        let files =
            ["index.html", "c/b/index.html", "c/b/credential.json", "c/a/x.json", "log/tile/0/000", "log/checkpoint"];
        assert_eq!(
            dirs_of(files.into_iter().map(std::borrow::Cow::Borrowed)),
            ["", "c", "c/a", "c/b", "log", "log/tile", "log/tile/0"]
        );
    }

    #[test]
    fn a_directory_gone_or_changed_changes_the_digest() {
        let out = tempfile::tempdir().unwrap();
        for d in ["c/a", "c/b"] {
            std::fs::create_dir_all(out.path().join(d)).unwrap();
        }
        let dirs = ["", "c", "c/a", "c/b"];
        let (first, _) = stamps_digest(out.path(), &dirs, &|_| None).unwrap();
        assert_eq!(stamps_digest(out.path(), &dirs, &|_| None).unwrap().0, first);
        let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::File::open(out.path().join("c/a")).unwrap().set_modified(past).unwrap();
        assert_ne!(stamps_digest(out.path(), &dirs, &|_| None).unwrap().0, first);
        std::fs::remove_dir(out.path().join("c/b")).unwrap();
        assert!(stamps_digest(out.path(), &dirs, &|_| None).is_none());
    }
}
