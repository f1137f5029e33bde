//! Where produced files go: a staged disk output committed only when the whole build succeeded, or memory.

use crate::ground::error::Failure;
use crate::site::files::FileList;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

mod dir;
mod paths;

pub(crate) use dir::OutputDir;
pub(crate) use paths::PathList;

use crate::ground::error::{Error, Result};

/// Receives every file of the site, from many threads at once.
pub(crate) trait Sink: Sync {
    /// Offers the file at site-relative path `rel`.
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()>;

    /// Keeps the file a previous build wrote at `rel` if it is still there with `len` bytes;
    /// `false` means the caller must produce it.
    fn keep(&self, _rel: &str, _len: u64) -> Result<bool> {
        Ok(false)
    }

    /// [`Sink::put`] of a file in a credential's own directory (`c/<id>/`), which no other
    /// output writes to: a sink need not remember it (see [`DiskSink::into_staged`]).
    fn put_own(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.put(rel, bytes)
    }

    /// [`Sink::put_own`] of a file the previous build recorded with `was` bytes: of another length,
    /// a sink need not look for the previous file to compare (after a template change, a
    /// metadata call per page, 4 % of the build).
    fn put_own_after(&self, rel: &str, bytes: Vec<u8>, _was: Option<u64>) -> Result<()> {
        self.put_own(rel, bytes)
    }

    /// [`Sink::keep`] of a file in a credential's own directory (see [`Sink::put_own`]).
    fn keep_own(&self, rel: &str, len: u64) -> Result<bool> {
        self.keep(rel, len)
    }

    /// The bytes of the previous build's file at `rel`, if the sink has one (to refuse changing a
    /// file that must never change).
    fn previous(&self, _rel: &str) -> Option<Vec<u8>> {
        None
    }

    /// Whether a previous build's file is at `rel` with `len` bytes (without keeping it).
    fn has(&self, _rel: &str, _len: u64) -> bool {
        false
    }

    /// The modification time (ns) of credential `id`'s directory in the previous output, when the
    /// sink can tell (see [`crate::site::cache::Cached::stamp`]).
    fn credential_stamp(&self, _id: &str) -> Option<u64> {
        None
    }

    /// Keeps `files` without checking them one by one (their directory's stamp vouches for them).
    fn keep_stamped(&self, id: &str, files: &FileList) -> Result<bool> {
        self.keep_all(id, files)
    }

    /// Keeps every one of `files` (path, length) of credential `id` if all of them are still
    /// there, or none.
    fn keep_all(&self, id: &str, files: &FileList) -> Result<bool> {
        let files: Vec<(std::borrow::Cow<'_, str>, u64)> = files.iter().map(|(f, len)| (f.full(id), len)).collect();
        if !files.iter().all(|(f, len)| self.has(f, *len)) {
            return Ok(false);
        }
        for (f, len) in &files {
            if !self.keep(f, *len)? {
                return Err(Error::Usage(format!("{f} disappeared from the output during the build").into()));
            }
        }
        Ok(true)
    }
}

pub(crate) use crate::ground::layout::SiteFiles as Files;
use crate::ground::site_files::{path_hash, SiteFile};

/// Files kept in memory (for `check` and `serve`); with the previous build's files, unchanged
/// ones are carried over instead of produced again.
///
/// Files put and kept are listed as they come and made into the map once, at the end: inserted
/// one by one into the shared map, each under its lock, carrying over the files of 10,000
/// unchanged credentials was a fifth of `serve`'s rebuild after a one-row edit.
#[derive(Debug, Default)]
pub(crate) struct MemorySink {
    /// Each with its path's hash ([`path_hash`]).
    files: Mutex<Vec<(u64, SiteFile)>>,
    previous: Arc<Files>,
}

impl MemorySink {
    /// A sink that can keep files from `previous`.
    pub(crate) fn with_previous(previous: Arc<Files>) -> MemorySink {
        MemorySink { files: Mutex::default(), previous }
    }

    /// The files, by site-relative path (of a path put twice, the last).
    pub(crate) fn into_files(self) -> Files {
        let listed = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut files = Files::with_capacity(listed.len());
        // Inserted in the order listed: of a path put twice, the last insert stays.
        for (hash, file) in listed {
            files.insert_hashed(hash, file);
        }
        files
    }

    fn list(&self, more: impl IntoIterator<Item = (u64, SiteFile)>) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).extend(more);
    }

    /// The previous build's file `rel` and its path's hash, if it has `len` bytes.
    fn previous_of(&self, rel: &str, len: u64) -> Option<(u64, &SiteFile)> {
        let hash = path_hash(rel);
        Some((hash, self.previous.get_hashed(hash, rel).filter(|(_, bytes)| bytes.len() as u64 == len)?))
    }

    /// The previous build's file `rel` as [`MemorySink::previous_of`] finds it, shared for this build.
    fn carried(&self, rel: &str, len: u64) -> Option<(u64, SiteFile)> {
        let (hash, (path, bytes)) = self.previous_of(rel, len)?;
        Some((hash, (Arc::clone(path), Arc::clone(bytes))))
    }
}

impl Sink for MemorySink {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.list([(path_hash(rel), (Arc::from(rel), bytes.into()))]);
        Ok(())
    }

    fn has(&self, rel: &str, len: u64) -> bool {
        self.previous_of(rel, len).is_some()
    }

    fn keep(&self, rel: &str, len: u64) -> Result<bool> {
        let Some(file) = self.carried(rel, len) else { return Ok(false) };
        self.list([file]);
        Ok(true)
    }

    fn keep_all(&self, id: &str, files: &FileList) -> Result<bool> {
        // Each file looked up once, and all of them listed under one lock.
        let kept: Option<Vec<_>> = files.iter().map(|(f, len)| self.carried(f.full(id).as_ref(), len)).collect();
        let Some(kept) = kept else { return Ok(false) };
        self.list(kept);
        Ok(true)
    }
}

/// Writes only files whose bytes changed, into a staging directory beside the output;
/// [`super::transaction`] moves them into place once the ledger records them, so a failed build leaves the previous site as it was.
///
/// File systems make creating and removing directories the dear part of writing 200,000 small
/// files, so staging creates as few as it can: the first build of a site stages the whole tree and
/// moves it into place with one rename; later builds stage changed files flat, one directory for
/// all of them, and move each to its place (creating only the directories that are new).
#[derive(Debug)]
pub(crate) struct DiskSink {
    out: PathBuf,
    dir: OutputDir,
    staging: PathBuf,
    layout: Staging,
    /// An interrupted build's staging directory was found (and removed).
    stale_staging: bool,
    /// Every path put or kept, by [`path_id`]: 16 bytes each, where the paths themselves took about
    /// 100 (two million of them at a million credentials). Held only when staging is flat (see
    /// `put`). A list, sorted and searched for a path given twice when staging ends: as a set it
    /// took 71 MB at two million paths, and 106 MB while it grew to that (the peak of a template
    /// change at a million credentials).
    seen: Mutex<Vec<u128>>,
    /// Flat staging: the site-relative path of staged file `n`, at index `n`.
    staged_paths: Mutex<PathList>,
    staged: AtomicUsize,
    unchanged: AtomicUsize,
}

/// How files wait in the staging directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Staging {
    /// There is no previous site: the staging directory is the new site, renamed into place at the end.
    Tree,
    /// The staging directory holds changed files under numbered names, each moved into the site.
    Flat,
}

/// A build's files, staged and waiting to be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Staged {
    pub out: PathBuf,
    pub staging: PathBuf,
    /// The staging directory is the whole new site (there was none), renamed into place at once.
    pub tree: bool,
    /// Flat staging: the site-relative path of staged file `n`, at index `n`.
    pub puts: PathList,
    /// Site-relative paths of the files the site no longer has.
    pub removals: Vec<String>,
    pub stats: WriteStats,
}

impl Staged {
    /// Whether publishing would change the output at all.
    pub(crate) fn changes_output(&self) -> bool {
        self.tree || self.stats.written > 0 || !self.removals.is_empty()
    }
}

/// What a committed build did to the output directory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Where a build stages the output directory `out`: `.<name>.hallmark-staging` beside it (an
/// interrupted build's is found there).
pub(crate) fn staging_dir(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    parent.join(format!(".{name}.hallmark-staging"))
}

/// The file every hallmark site has at its root; its presence marks a directory hallmark may clean.
const MARKER: &str = ".nojekyll";

impl DiskSink {
    /// Prepares to write the site to `out`, refusing a non-empty directory that is not a hallmark site.
    pub(crate) fn new(out: &Path) -> Result<DiskSink> {
        let mut layout = Staging::Tree;
        if out.is_dir() {
            let mut entries = std::fs::read_dir(out).map_err(|e| Error::io("read", out, e))?;
            if entries.next().is_some() {
                if !out.join(MARKER).is_file() {
                    return Err(Error::Usage(
                        Failure::new(format!(
                            "the output directory {} is not empty and was not written by hallmark",
                            out.display()
                        ))
                        .fix("choose another {output}, or empty the directory"),
                    ));
                }
                layout = Staging::Flat;
            }
        } else if out.exists() {
            return Err(Error::Usage(format!("the output path {} is a file, not a directory", out.display()).into()));
        }
        let staging = staging_dir(out);
        let parent = staging.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
        // Left by a build that stopped before its commit point (a committed one was finished already).
        let stale_staging = staging.exists();
        if stale_staging {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io("remove stale staging directory", &staging, e))?;
        }
        std::fs::create_dir_all(&staging).map_err(|e| Error::io("create directory", &staging, e))?;
        Ok(DiskSink {
            out: out.to_path_buf(),
            dir: OutputDir::open(out),
            staging,
            layout,
            stale_staging,
            seen: Mutex::new(Vec::new()),
            staged_paths: Mutex::new(PathList::default()),
            staged: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Ends staging: what is staged, where it goes, and the files the site no longer has, for
    /// [`super::transaction`] to publish. With the previous build's file list, only those are
    /// candidates for removal; without it, the whole output directory is walked. Of the
    /// candidates, a file put or kept is not removed, nor one for which `owned` says it is a
    /// credential's own file in this build (those are not remembered as they are put: two
    /// million of them were 32 MB at a million credentials; a credential's id is in the ledger
    /// once, and nothing else is written to its directory).
    pub(crate) fn into_staged(self, previous: Option<Vec<String>>, owned: &dyn Fn(&str) -> bool) -> Result<Staged> {
        let mut seen = std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()));
        let puts = std::mem::take(&mut *self.staged_paths.lock().unwrap_or_else(|e| e.into_inner()));
        {
            use rayon::slice::ParallelSliceMut as _;
            seen.par_sort_unstable();
        }
        if let Some(pair) = seen.windows(2).find(|w| w[0] == w[1]) {
            // Named by the path staged under it, or else by the file of the output it left as
            // it was.
            let staged = puts.iter().find(|p| path_id(p) == pair[0]).map(str::to_string);
            let rel = staged.or_else(|| self.output_files().flatten().find(|f| path_id(f) == pair[0]));
            self.discard();
            return Err(twice(rel.as_deref().unwrap_or("(unknown)")));
        }
        let seen = |rel: &str| owned(rel) || seen.binary_search(&path_id(rel)).is_ok();
        let written = self.staged.load(Ordering::Relaxed);
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        let mut removals = Vec::new();
        if self.layout == Staging::Flat {
            match previous {
                Some(files) => {
                    removals = files.into_iter().filter(|f| !seen(f) && self.out.join(f).is_file()).collect();
                }
                None => {
                    for file in self.output_files() {
                        let file =
                            file.map_err(|e| Error::Usage(format!("cannot read {}: {e}", self.out.display()).into()))?;
                        if !seen(&file) {
                            removals.push(file);
                        }
                    }
                }
            }
        }
        let stats = WriteStats { written, unchanged, removed: removals.len() };
        Ok(Staged { out: self.out, staging: self.staging, tree: self.layout == Staging::Tree, puts, removals, stats })
    }

    /// The output's files, by their site-relative paths (`/` between names).
    fn output_files(&self) -> impl Iterator<Item = walkdir::Result<String>> + '_ {
        let entries = walkdir::WalkDir::new(&self.out).min_depth(1).into_iter();
        entries.filter(|e| e.as_ref().map_or(true, |e| !e.file_type().is_dir())).map(|e| {
            let e = e?;
            let rel = e.path().strip_prefix(&self.out).unwrap_or(e.path());
            Ok(rel.to_string_lossy().replace('\\', "/"))
        })
    }

    /// Whether an interrupted build's staging directory was found, and thrown away.
    pub(crate) fn found_stale_staging(&self) -> bool {
        self.stale_staging
    }

    /// Forgets the staged files; the output is untouched.
    pub(crate) fn abort(self) {
        self.discard();
    }

    /// [`DiskSink::abort`] where the sink is borrowed: the caller stops using it.
    pub(crate) fn discard(&self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }

    /// Writes `bytes` to the staging directory, to be moved to `rel` when the build is published.
    fn stage(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let staged = match self.layout {
            Staging::Tree => self.staging.join(rel),
            Staging::Flat => {
                let n = self.staged_paths.lock().unwrap_or_else(|e| e.into_inner()).push(rel);
                self.staging.join(n.to_string())
            }
        };
        crate::ground::fault::point("stage").map_err(|e| Error::io("write", &staged, e))?;
        let parent = staged.parent().unwrap_or(&self.staging);
        crate::ground::fsio::made_dir(parent)?;
        let write = |path: &Path| match self.layout {
            Staging::Tree => write_new(path, bytes),
            Staging::Flat => std::fs::write(path, bytes),
        };
        let written = write(&staged).or_else(|e| {
            // The directory this thread made was removed since (an earlier build's staging, in
            // the same process): made again.
            if e.kind() != std::io::ErrorKind::NotFound {
                return Err(e);
            }
            std::fs::create_dir_all(parent)?;
            write(&staged)
        });
        match written {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(twice(rel)),
            Err(e) => return Err(Error::io("write", &staged, e)),
            Ok(()) => {}
        }
        self.staged.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// `bytes` as the new file `path`: a file of that name already there is an error (`AlreadyExists`).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(bytes)
}

/// Two of the build's outputs are the same file.
fn twice(rel: &str) -> Error {
    Error::Usage(format!("two outputs want the same path {rel}").into())
}

/// A site-relative path as the set of written paths holds it: the first 16 bytes of its SHA-256.
/// Two paths of one site sharing them is not a chance to reckon with (2⁻¹²⁸ a pair).
fn path_id(rel: &str) -> u128 {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(rel.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&d[..16]);
    u128::from_le_bytes(first)
}

impl Sink for DiskSink {
    fn previous(&self, rel: &str) -> Option<Vec<u8>> {
        (self.layout == Staging::Flat).then(|| std::fs::read(self.out.join(rel)).ok()).flatten()
    }

    fn has(&self, rel: &str, len: u64) -> bool {
        self.dir.has(rel, len)
    }

    fn keep(&self, rel: &str, len: u64) -> Result<bool> {
        self.keep_file(rel, len, true)
    }

    fn keep_own(&self, rel: &str, len: u64) -> Result<bool> {
        self.keep_file(rel, len, false)
    }

    fn credential_stamp(&self, id: &str) -> Option<u64> {
        self.dir.credential_stamp(id)
    }

    fn keep_stamped(&self, _id: &str, files: &FileList) -> Result<bool> {
        self.unchanged.fetch_add(files.len(), Ordering::Relaxed);
        Ok(true)
    }

    fn keep_all(&self, id: &str, files: &FileList) -> Result<bool> {
        // One metadata call per file.
        if !files.iter().all(|(f, len)| self.has(&f.full(id), len)) {
            return Ok(false);
        }
        // Not recorded as seen: a file kept from the cache is never among the previous build's
        // files that publishing is asked to clean up.
        self.unchanged.fetch_add(files.len(), Ordering::Relaxed);
        Ok(true)
    }

    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.put_file(rel, bytes, true)
    }

    fn put_own(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.put_file(rel, bytes, false)
    }

    fn put_own_after(&self, rel: &str, bytes: Vec<u8>, was: Option<u64>) -> Result<()> {
        // Of another length than recorded, the file on disk is another than these bytes, either
        // as recorded or changed since (the record only spares the look).
        match was {
            Some(was) if was != bytes.len() as u64 => self.stage(rel, &bytes),
            _ => self.put_file(rel, bytes, false),
        }
    }
}

impl DiskSink {
    /// [`Sink::keep`]; a file kept is remembered only when `remember` (see [`Sink::put_own`]).
    fn keep_file(&self, rel: &str, len: u64, remember: bool) -> Result<bool> {
        let present = self.has(rel, len);
        if present {
            if remember {
                self.seen.lock().unwrap_or_else(|e| e.into_inner()).push(path_id(rel));
            }
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        Ok(present)
    }

    /// [`Sink::put`]; a file put is remembered only when `remember` (see [`Sink::put_own`]).
    fn put_file(&self, rel: &str, bytes: Vec<u8>, remember: bool) -> Result<()> {
        // A first build's staged tree tells by itself a path put twice (each of its files is
        // created new, see `stage`): the list is held only by later builds, which keep files and
        // clean up after them (at a million credentials it was 71 MB of a first build's peak); a
        // path put twice is found when staging ends.
        if self.layout == Staging::Flat && remember {
            self.seen.lock().unwrap_or_else(|e| e.into_inner()).push(path_id(rel));
        }
        // With no previous site there is nothing to compare with; a previous file of another length
        // (every page after a template change) is not read.
        if self.layout == Staging::Flat
            && self.dir.has(rel, bytes.len() as u64)
            && std::fs::read(self.out.join(rel)).is_ok_and(|old| old == bytes)
        {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.stage(rel, &bytes)
    }
}

#[cfg(test)]
mod tests;
