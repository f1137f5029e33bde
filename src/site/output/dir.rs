//! The output directory's metadata, read relative to handles opened once.

use std::path::{Path, PathBuf};

/// Metadata checks inside the output directory; on Unix relative to a handle opened once, which
/// saves resolving the output's own path 200,000 times in a large site, and a credential's
/// directory relative to one of `c/`, which saves looking `c` up in the output 100,000 times (a
/// tenth of what a build adding one row to 100,000 spends checking the unchanged ones).
#[derive(Debug)]
pub(crate) struct OutputDir {
    out: PathBuf,
    #[cfg(unix)]
    fd: Option<rustix::fd::OwnedFd>,
    #[cfg(unix)]
    credentials: Option<rustix::fd::OwnedFd>,
}

impl OutputDir {
    /// The output directory `out` (which may not exist yet: then every check says no).
    pub(crate) fn open(out: &Path) -> OutputDir {
        #[cfg(unix)]
        let open = |path: &Path| {
            let flags = rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::DIRECTORY | rustix::fs::OFlags::CLOEXEC;
            rustix::fs::open(path, flags, rustix::fs::Mode::empty()).ok()
        };
        OutputDir {
            out: out.to_path_buf(),
            #[cfg(unix)]
            fd: open(out),
            #[cfg(unix)]
            credentials: open(&out.join(crate::ground::layout::CREDENTIALS_DIR)),
        }
    }

    /// How old a directory's time `stamp` (ns since the epoch) must be before it vouches for the
    /// directory: 100 ms on the file systems whose times come from the kernel's coarse clock, a
    /// tick of 1 to 10 ms (tmpfs, ext4, XFS and Btrfs on Linux), so that a change after the stamp
    /// was taken has a later time; two seconds elsewhere, and for a time with no fraction of a
    /// second (an ext2, ext3 or small ext4 file system keeps whole seconds: a change within the
    /// same second would keep the time). At 100 ms rather than two seconds, the build after a cold
    /// build or a template change finds most directories that build wrote stamped (written well
    /// before its commit ended) instead of checking each of their files (0.64 s at 100,000).
    pub(crate) fn settled_ns(&self) -> impl Fn(u64) -> u64 {
        const COARSE: u64 = 2_000_000_000;
        #[cfg(target_os = "linux")]
        let fine = self.fd.as_ref().is_some_and(|fd| {
            // statfs(2)'s magic numbers (linux/magic.h).
            const FINE: [u64; 4] = [0x0102_1994, 0xEF53, 0x5846_5342, 0x9123_683E];
            #[allow(clippy::unnecessary_cast)]
            rustix::fs::fstatfs(fd).is_ok_and(|st| FINE.contains(&(st.f_type as u64)))
        });
        #[cfg(not(target_os = "linux"))]
        let fine = false;
        move |stamp| if fine && stamp % 1_000_000_000 != 0 { 100_000_000 } else { COARSE }
    }

    /// Whether a regular file of `len` bytes is at `rel`.
    pub(crate) fn has(&self, rel: &str, len: u64) -> bool {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            return rustix::fs::statat(fd, rel, rustix::fs::AtFlags::empty()).is_ok_and(|st| {
                rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::RegularFile
                    && st.st_size as u64 == len
            });
        }
        std::fs::metadata(self.out.join(rel)).is_ok_and(|m| m.is_file() && m.len() == len)
    }

    /// The modification time (ns since the epoch) of credential `id`'s directory: looked up in
    /// `c/` by its name, with no path made.
    pub(crate) fn credential_stamp(&self, id: &str) -> Option<u64> {
        #[cfg(unix)]
        if let Some(fd) = &self.credentials {
            return stamp_at(fd, id);
        }
        self.dir_stamp(&crate::ground::layout::credential_page(id))
    }

    /// The modification time (ns since the epoch) of directory `rel_dir`.
    pub(crate) fn dir_stamp(&self, rel_dir: &str) -> Option<u64> {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            let rel_dir = rel_dir.trim_end_matches('/');
            let in_credentials = rel_dir
                .strip_prefix(crate::ground::layout::CREDENTIALS_DIR)
                .and_then(|r| r.strip_prefix('/'))
                .filter(|id| !id.contains('/'))
                .and_then(|id| Some((self.credentials.as_ref()?, id)));
            let (fd, rel_dir) = in_credentials.unwrap_or((fd, rel_dir));
            return stamp_at(fd, rel_dir);
        }
        let modified = std::fs::metadata(self.out.join(rel_dir)).ok().filter(|m| m.is_dir())?.modified().ok()?;
        modified.duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_nanos() as u64)
    }
}

/// The modification time (ns since the epoch) of directory `rel` under `fd`.
#[cfg(unix)]
fn stamp_at(fd: &rustix::fd::OwnedFd, rel: &str) -> Option<u64> {
    let st = rustix::fs::statat(fd, rel, rustix::fs::AtFlags::empty()).ok()?;
    if rustix::fs::FileType::from_raw_mode(st.st_mode) != rustix::fs::FileType::Directory {
        return None;
    }
    let secs = u64::try_from(st.st_mtime).ok()?;
    // The field is signed on some targets and unsigned on others.
    #[allow(clippy::useless_conversion)]
    let nanos = u64::try_from(st.st_mtime_nsec).ok()?;
    Some(secs * 1_000_000_000 + nanos)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::OutputDir;

    #[test]
    fn a_directory_time_vouches_after_100_ms_on_tmpfs_and_after_two_seconds_where_unknown() {
        // /dev/shm is tmpfs on Linux; /proc is a file system whose times say nothing of its files.
        let (fraction, whole) = (1_765_000_000_123_456_789, 1_765_000_000_000_000_000);
        let tmpfs = OutputDir::open(std::path::Path::new("/dev/shm")).settled_ns();
        assert_eq!((tmpfs(fraction), tmpfs(whole)), (100_000_000, 2_000_000_000));
        let proc = OutputDir::open(std::path::Path::new("/proc")).settled_ns();
        assert_eq!((proc(fraction), proc(whole)), (2_000_000_000, 2_000_000_000));
        let gone = tempfile::tempdir().unwrap().path().join("not-built-yet");
        assert_eq!(OutputDir::open(&gone).settled_ns()(fraction), 2_000_000_000);
    }
}
