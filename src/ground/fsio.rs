//! File-system helpers: atomic writes and path arithmetic that does not touch the disk.

use std::path::{Component, Path, PathBuf};

use crate::ground::error::{Error, Result};

/// Writes `bytes` to a temporary file beside `path` (`<name>.tmp`), then renames it over `path`, so
/// a reader sees the old file or the new one, never a part of it.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension(match path.extension() {
        Some(ext) => format!("{}.tmp", ext.to_string_lossy()),
        None => "tmp".to_string(),
    });
    std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io("replace", path, e))
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
pub(crate) fn is_inside(path: &Path, dir: &Path) -> bool {
    let canon = |p: &Path| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_dots_but_keeps_leading_parents() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../x/../y")), PathBuf::from("../y"));
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
}
