//! File-system helpers: atomic and durable writes, and path arithmetic that does not touch the disk.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::ground::error::{Error, Result};
use crate::ground::fault;

/// Writes `bytes` to a temporary file beside `path` (`<name>.tmp`), then renames it over `path`, so
/// a reader sees the old file or the new one, never a part of it.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, &mut |f| f.write_all(bytes))
}

/// [`write_atomically`], of the bytes `fill` writes (in pieces, through a buffer): for a file too
/// large to hold whole first.
pub(crate) fn write_atomically_with(path: &Path, fill: &mut Fill<'_>) -> Result<()> {
    let tmp = temp_path(path);
    filled(&tmp, fill).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io("replace", path, e))
}

/// What writes a file's bytes, in pieces.
pub(crate) type Fill<'a> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'a;

/// The file at `tmp`, created and given what `fill` writes through a buffer, all of it handed to
/// the system.
fn filled(tmp: &Path, fill: &mut Fill<'_>) -> std::io::Result<std::fs::File> {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(tmp)?);
    fill(&mut w)?;
    w.into_inner().map_err(|e| e.into_error())
}

/// Writes `bytes` to `path` so that it survives a crash and a power cut: a temporary file beside
/// it, flushed to the disk, renamed over `path`, and the directory flushed so the rename is kept.
/// A reader (or a build after a crash) sees the old file or the new one, never a part of either.
/// `what` names the fault points of the crash tests (`<what>-written`, `-synced`, `-renamed`).
pub(crate) fn write_durably(path: &Path, bytes: &[u8], what: &str) -> Result<()> {
    write_durably_with(path, what, &mut |f| f.write_all(bytes))
}

/// [`write_durably`], of the bytes `fill` writes (in pieces, through a buffer): for a file too
/// large to hold whole first.
pub(crate) fn write_durably_with(path: &Path, what: &str, fill: &mut Fill<'_>) -> Result<()> {
    let tmp = temp_path(path);
    let step = |name: &str| fault::point(&format!("{what}-{name}"));
    let written = filled(&tmp, fill).and_then(|f| {
        step("written")?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io("write", &tmp, e));
    }
    step("synced").map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io("replace", path, e))?;
    step("renamed").map_err(|e| Error::io("replace", path, e))?;
    sync_dir(path.parent().unwrap_or(Path::new(".")))
}

/// Cuts the file at `path` to its first `keep` bytes and appends `bytes`, flushed to the disk: for an
/// append-only file whose readers go by a committed length (`hallmark.log`), so a crash part-way
/// leaves the kept bytes as they were and a torn tail the next reader drops. Writes only what is
/// new: a log of a million entries is not copied to append one. (A file created here has its
/// directory flushed too.) `what` names the crash tests' fault points (`<what>-written`, `-synced`).
pub(crate) fn append_durably(path: &Path, keep: u64, bytes: &[u8], what: &str) -> Result<()> {
    let step = |name: &str| fault::point(&format!("{what}-{name}"));
    let existed = path.exists();
    let written = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(path).and_then(|mut f| {
        if f.metadata()?.len() < keep {
            return Err(std::io::Error::other(format!("is shorter than the {keep} bytes it should keep")));
        }
        f.set_len(keep)?;
        std::io::Seek::seek(&mut f, std::io::SeekFrom::Start(keep))?;
        f.write_all(bytes)?;
        step("written")?;
        f.sync_all()
    });
    written.map_err(|e| Error::io("append to", path, e))?;
    step("synced").map_err(|e| Error::io("append to", path, e))?;
    if !existed {
        sync_dir(path.parent().unwrap_or(Path::new(".")))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` durably, appending when the file on disk is a start of them (a file that
/// mostly grows, as `hallmark.checkpoints` does) and replacing it ([`write_durably`]) otherwise.
pub(crate) fn grow_durably(path: &Path, bytes: &[u8], what: &str) -> Result<()> {
    match std::fs::read(path) {
        Ok(old) if bytes.starts_with(&old) => append_durably(path, old.len() as u64, &bytes[old.len()..], what),
        _ => write_durably(path, bytes, what),
    }
}

/// Flushes directory `dir` to the disk: the names created, renamed or removed in it are kept
/// through a power cut. (Windows has no such call; its renames are journaled.)
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    #[cfg(unix)]
    {
        let synced = std::fs::File::open(dir).and_then(|d| d.sync_all());
        synced.map_err(|e| Error::io("flush to disk", dir, e))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

thread_local! {
    /// The directory this thread last made sure of: a credential's files follow one another.
    static LAST_DIR: std::cell::RefCell<PathBuf> = const { std::cell::RefCell::new(PathBuf::new()) };
}

/// Makes sure directory `dir` exists: one `mkdir` when a thread first writes into it (its parents
/// only if that fails for want of them), nothing for the files after the first.
pub(crate) fn made_dir(dir: &Path) -> Result<()> {
    if LAST_DIR.with(|last| *last.borrow() == dir) {
        return Ok(());
    }
    match std::fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
        }
        Err(e) => return Err(Error::io("create directory", dir, e)),
    }
    LAST_DIR.with(|last| dir.clone_into(&mut last.borrow_mut()));
    Ok(())
}

/// `<name>.<ext>.tmp` beside `path`.
fn temp_path(path: &Path) -> PathBuf {
    path.with_extension(match path.extension() {
        Some(ext) => format!("{}.tmp", ext.to_string_lossy()),
        None => "tmp".to_string(),
    })
}

/// `a/b/../c` → `a/c`, without touching the file system (the directory may not exist yet).
pub(crate) fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir if out.file_name().is_some_and(|n| n != "..") => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Whether `path` is `dir` or below it, comparing canonical paths where they exist.
/// An empty path is the working directory, as `.` is (it would otherwise contain everything).
pub(crate) fn is_inside(path: &Path, dir: &Path) -> bool {
    let canon = |p: &Path| {
        let p = if p.as_os_str().is_empty() { Path::new(".") } else { p };
        p.canonicalize().unwrap_or_else(|_| {
            // For a file not yet written, canonicalise its directory.
            match (p.parent(), p.file_name()) {
                (Some(parent), Some(name)) => {
                    parent.canonicalize().map(|c| c.join(name)).unwrap_or_else(|_| p.to_path_buf())
                }
                _ => p.to_path_buf(),
            }
        })
    };
    canon(path).starts_with(canon(dir))
}

/// A file's length, modification and change times (ns since the epoch) and inode, and the newer
/// of its two times: what the build's fingerprint and `serve`'s kept ledger compare a file by.
/// (Elsewhere than Unix: the length and the modification time.)
pub(crate) fn file_stamp(meta: &std::fs::Metadata) -> ([u64; 4], u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| (s as u64).wrapping_mul(1_000_000_000).wrapping_add(n as u64);
        let (m, c) = (ns(meta.mtime(), meta.mtime_nsec()), ns(meta.ctime(), meta.ctime_nsec()));
        ([meta.len(), m, c, meta.ino()], m.max(c))
    }
    #[cfg(not(unix))]
    {
        let m = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        ([meta.len(), m, 0, 0], m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_dots_but_keeps_leading_parents() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../x/../y")), PathBuf::from("../y"));
    }

    #[test]
    fn an_empty_path_is_the_working_directory_not_everything() {
        assert!(is_inside(Path::new("src"), Path::new("")));
        assert!(!is_inside(Path::new("../hallmark-no-such-output"), Path::new("")));
        assert!(!is_inside(Path::new(""), Path::new("src")));
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hallmark.lock");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_durable_write_that_fails_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hallmark.lock");
        write_durably(&path, b"old", "test").unwrap();
        // A directory where the temporary file goes makes the write fail, as a full disk would.
        std::fs::create_dir(dir.path().join("hallmark.lock.tmp")).unwrap();
        assert!(write_durably(&path, b"new", "test").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        std::fs::remove_dir(dir.path().join("hallmark.lock.tmp")).unwrap();
        write_durably(&path, b"new", "test").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
