//! Where produced files go: a staged disk output committed only when the whole build succeeded, or memory.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};

/// Receives every file of the site, from many threads at once.
pub trait Sink: Sync {
    /// Offers the file at site-relative path `rel`.
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()>;

    /// Keeps the file a previous build wrote at `rel` if it is still there with `len` bytes;
    /// `false` means the caller must produce it.
    fn keep(&self, _rel: &str, _len: u64) -> Result<bool> {
        Ok(false)
    }

    /// Whether a previous build's file is at `rel` with `len` bytes (without keeping it).
    fn has(&self, _rel: &str, _len: u64) -> bool {
        false
    }

    /// The modification time (ns) of directory `rel_dir` in the previous output, when the sink can
    /// tell (see [`crate::site::cache::Cached::stamp`]).
    fn dir_stamp(&self, _rel_dir: &str) -> Option<u64> {
        None
    }

    /// Keeps `files` without checking them one by one (their directory's stamp vouches for them).
    fn keep_stamped(&self, files: &[(String, u64)]) -> Result<bool> {
        self.keep_all(files)
    }

    /// Keeps every one of `files` (path, length) if all of them are still there, or none.
    fn keep_all(&self, files: &[(String, u64)]) -> Result<bool> {
        if !files.iter().all(|(f, len)| self.has(f, *len)) {
            return Ok(false);
        }
        for (f, len) in files {
            if !self.keep(f, *len)? {
                return Err(Error::Usage(format!("{f} disappeared from the output during the build")));
            }
        }
        Ok(true)
    }
}

/// A site's files by site-relative path, shared rather than copied between builds.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// Files kept in memory (for `check` and `serve`); with the previous build's files, unchanged
/// ones are carried over instead of produced again.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<Files>,
    previous: Arc<Files>,
}

impl MemorySink {
    /// A sink that can keep files from `previous`.
    pub fn with_previous(previous: Arc<Files>) -> MemorySink {
        MemorySink { files: Mutex::default(), previous }
    }

    /// The files, by site-relative path.
    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), bytes.into());
        Ok(())
    }

    fn has(&self, rel: &str, len: u64) -> bool {
        self.previous.get(rel).is_some_and(|b| b.len() as u64 == len)
    }

    fn keep(&self, rel: &str, len: u64) -> Result<bool> {
        Ok(match self.previous.get(rel) {
            Some(bytes) if bytes.len() as u64 == len => {
                self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), Arc::clone(bytes));
                true
            }
            _ => false,
        })
    }
}

/// Writes only files whose bytes changed, into a staging directory beside the output;
/// [`DiskSink::commit`] moves them into place, so a failed build leaves the previous site as it was.
#[derive(Debug)]
pub struct DiskSink {
    out: PathBuf,
    dir: OutputDir,
    staging: PathBuf,
    seen: Mutex<HashSet<String>>,
    staged: AtomicUsize,
    unchanged: AtomicUsize,
}

/// Metadata checks inside the output directory; on Unix relative to a handle opened once, which
/// saves resolving the output's own path 200,000 times in a large site.
#[derive(Debug)]
pub struct OutputDir {
    out: PathBuf,
    #[cfg(unix)]
    fd: Option<rustix::fd::OwnedFd>,
}

impl OutputDir {
    /// The output directory `out` (which may not exist yet: then every check says no).
    pub fn open(out: &Path) -> OutputDir {
        OutputDir {
            out: out.to_path_buf(),
            #[cfg(unix)]
            fd: rustix::fs::open(
                out,
                rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::DIRECTORY | rustix::fs::OFlags::CLOEXEC,
                rustix::fs::Mode::empty(),
            )
            .ok(),
        }
    }

    /// Whether a regular file of `len` bytes is at `rel`.
    pub fn has(&self, rel: &str, len: u64) -> bool {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            return rustix::fs::statat(fd, rel, rustix::fs::AtFlags::empty()).is_ok_and(|st| {
                rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::RegularFile
                    && st.st_size as u64 == len
            });
        }
        std::fs::metadata(self.out.join(rel)).is_ok_and(|m| m.is_file() && m.len() == len)
    }

    /// The modification time (ns since the epoch) of directory `rel_dir`.
    pub fn dir_stamp(&self, rel_dir: &str) -> Option<u64> {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            let st = rustix::fs::statat(fd, rel_dir.trim_end_matches('/'), rustix::fs::AtFlags::empty()).ok()?;
            if rustix::fs::FileType::from_raw_mode(st.st_mode) != rustix::fs::FileType::Directory {
                return None;
            }
            let secs = u64::try_from(st.st_mtime).ok()?;
            // The field is signed on some targets and unsigned on others.
            #[allow(clippy::useless_conversion)]
            let nanos = u64::try_from(st.st_mtime_nsec).ok()?;
            return Some(secs * 1_000_000_000 + nanos);
        }
        let modified = std::fs::metadata(self.out.join(rel_dir)).ok().filter(|m| m.is_dir())?.modified().ok()?;
        modified.duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_nanos() as u64)
    }
}

/// What a committed build did to the output directory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// The file every hallmark site has at its root; its presence marks a directory hallmark may clean.
const MARKER: &str = ".nojekyll";

impl DiskSink {
    /// Prepares to write the site to `out`, refusing a non-empty directory that is not a hallmark site.
    pub fn new(out: &Path) -> Result<DiskSink> {
        if out.is_dir() {
            let mut entries = std::fs::read_dir(out).map_err(|e| Error::io("read", out, e))?;
            if entries.next().is_some() && !out.join(MARKER).is_file() {
                return Err(Error::Usage(format!(
                    "the output directory {} is not empty and was not written by hallmark\n    help: choose another --output, or empty the directory",
                    out.display()
                )));
            }
        } else if out.exists() {
            return Err(Error::Usage(format!("the output path {} is a file, not a directory", out.display())));
        }
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
        let staging = parent.join(format!(".{name}.hallmark-staging"));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io("remove stale staging directory", &staging, e))?;
        }
        std::fs::create_dir_all(&staging).map_err(|e| Error::io("create directory", &staging, e))?;
        Ok(DiskSink {
            out: out.to_path_buf(),
            dir: OutputDir::open(out),
            staging,
            seen: Mutex::new(HashSet::new()),
            staged: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Moves the staged files into the output and deletes files the site no longer has. With the
    /// previous build's file list, only those are candidates for deletion; without it, the whole
    /// output directory is walked.
    pub fn commit(self, previous: Option<Vec<String>>) -> Result<WriteStats> {
        std::fs::create_dir_all(&self.out).map_err(|e| Error::io("create directory", &self.out, e))?;
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        for entry in walkdir::WalkDir::new(&self.staging).contents_first(false) {
            let entry = entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", self.staging.display())))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&self.staging).unwrap_or(entry.path());
            let dest = self.out.join(rel);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
            }
            std::fs::rename(entry.path(), &dest).map_err(|e| Error::io("move into place", &dest, e))?;
        }
        let mut removed = 0;
        let mut dirs = Vec::new();
        match previous {
            Some(files) => {
                for rel in files.iter().filter(|f| !seen.contains(*f)) {
                    let path = self.out.join(rel);
                    if path.is_file() {
                        std::fs::remove_file(&path).map_err(|e| Error::io("remove stale file", &path, e))?;
                        removed += 1;
                        if let Some(parent) = path.parent() {
                            dirs.push(parent.to_path_buf());
                        }
                    }
                }
            }
            None => {
                for entry in walkdir::WalkDir::new(&self.out).min_depth(1) {
                    let entry = entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", self.out.display())))?;
                    let rel = entry.path().strip_prefix(&self.out).unwrap_or(entry.path());
                    let key = rel.to_string_lossy().replace('\\', "/");
                    if entry.file_type().is_dir() {
                        dirs.push(entry.path().to_path_buf());
                    } else if !seen.contains(&key) {
                        std::fs::remove_file(entry.path())
                            .map_err(|e| Error::io("remove stale file", entry.path(), e))?;
                        removed += 1;
                    }
                }
            }
        }
        // Deepest first, so emptied parents go too; a directory that is not empty stays.
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        dirs.dedup();
        for d in dirs {
            let _ = std::fs::remove_dir(&d);
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(WriteStats {
            written: self.staged.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed,
        })
    }

    /// Forgets the staged files; the output is untouched.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

impl Sink for DiskSink {
    fn has(&self, rel: &str, len: u64) -> bool {
        self.dir.has(rel, len)
    }

    fn keep(&self, rel: &str, len: u64) -> Result<bool> {
        let present = self.has(rel, len);
        if present {
            let fresh = self.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string());
            if !fresh {
                return Err(Error::Usage(format!("two outputs want the same path {rel}")));
            }
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        Ok(present)
    }

    fn dir_stamp(&self, rel_dir: &str) -> Option<u64> {
        self.dir.dir_stamp(rel_dir)
    }

    fn keep_stamped(&self, files: &[(String, u64)]) -> Result<bool> {
        self.unchanged.fetch_add(files.len(), Ordering::Relaxed);
        Ok(true)
    }

    fn keep_all(&self, files: &[(String, u64)]) -> Result<bool> {
        // One metadata call per file.
        if !files.iter().all(|(f, len)| self.has(f, *len)) {
            return Ok(false);
        }
        // Not recorded as seen: a file kept from the cache is never among the previous build's
        // files that `commit` is asked to clean up.
        self.unchanged.fetch_add(files.len(), Ordering::Relaxed);
        Ok(true)
    }

    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        let fresh = self.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string());
        if !fresh {
            return Err(Error::Usage(format!("two outputs want the same path {rel}")));
        }
        let dest = self.out.join(rel);
        if std::fs::read(&dest).is_ok_and(|old| old == bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let staged = self.staging.join(rel);
        if let Some(parent) = staged.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
        }
        std::fs::write(&staged, bytes).map_err(|e| Error::io("write", &staged, e))?;
        self.staged.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_changed_files_and_removes_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = DiskSink::new(&out).unwrap();
        s.put(".nojekyll", vec![]).unwrap();
        s.put("a/x.txt", b"one".to_vec()).unwrap();
        s.put("b/y.txt", b"two".to_vec()).unwrap();
        assert_eq!(s.commit(None).unwrap(), WriteStats { written: 3, unchanged: 0, removed: 0 });

        let s = DiskSink::new(&out).unwrap();
        s.put(".nojekyll", vec![]).unwrap();
        s.put("a/x.txt", b"ONE".to_vec()).unwrap();
        assert!(!dir.path().join("public/a/x.txt").metadata().unwrap().permissions().readonly());
        assert_eq!(std::fs::read(out.join("a/x.txt")).unwrap(), b"one", "nothing moves before commit");
        assert_eq!(s.commit(None).unwrap(), WriteStats { written: 1, unchanged: 1, removed: 1 });
        assert_eq!(std::fs::read(out.join("a/x.txt")).unwrap(), b"ONE");
        assert!(!out.join("b").exists());
    }

    #[test]
    fn aborted_build_leaves_the_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = DiskSink::new(&out).unwrap();
        s.put(".nojekyll", vec![]).unwrap();
        s.put("x", b"1".to_vec()).unwrap();
        s.commit(None).unwrap();
        let s = DiskSink::new(&out).unwrap();
        s.put("x", b"2".to_vec()).unwrap();
        s.abort();
        assert_eq!(std::fs::read(out.join("x")).unwrap(), b"1");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "staging removed");
    }

    #[test]
    fn refuses_to_clean_a_directory_hallmark_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        let err = DiskSink::new(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not written by hallmark"), "{err}");
    }
}
