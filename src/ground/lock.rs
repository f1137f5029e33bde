//! One writer at a time: an advisory lock on the site (`.hallmark/lock`, beside the build cache).
//!
//! `build`, the lifecycle commands and `rotate-key` hold it exclusively while they read what they
//! will change and write it; `serve`'s rebuilds and `check` hold it shared, so they never read a
//! site half-way through a build, and never stop each other. The operating system releases the
//! lock when its holder dies, whatever kills it; the holder's name stays in the file until it lets
//! go, so the next holder knows the last one was interrupted ([`SiteLock::interrupted`]).

use std::fs::File;
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

use crate::ground::error::{Error, Result};
use crate::ground::fault;

/// The lock file's name in the site's work directory (`.hallmark/`).
pub(crate) const LOCK_FILE: &str = "lock";

/// How a lock is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Reading only: any number at once, never while someone holds it exclusively.
    Shared,
    /// Changing the site: no one else at the same time.
    Exclusive,
}

impl Mode {
    /// The crash tests' fault point for `event` in this mode (`lock-exclusive-acquired`, ...).
    fn point(self, event: &str) -> &'static str {
        match (self, event) {
            (Mode::Shared, "acquired") => "lock-shared-acquired",
            (Mode::Shared, _) => "lock-shared-released",
            (Mode::Exclusive, "acquired") => "lock-exclusive-acquired",
            (Mode::Exclusive, _) => "lock-exclusive-released",
        }
    }
}

/// The site lock, held until dropped.
#[derive(Debug)]
pub(crate) struct SiteLock {
    file: Option<File>,
    mode: Mode,
    /// The holder the file still named when this lock was taken: it stopped without letting go.
    interrupted: Option<String>,
}

/// Where the lock of the site in `content_dir` lives.
pub(crate) fn lock_path(content_dir: &Path) -> PathBuf {
    crate::ground::layout::work_dir(content_dir).join(LOCK_FILE)
}

impl SiteLock {
    /// Takes the lock of the site in `content_dir` for `what` (e.g. "build"), waiting while
    /// another process holds it (told to `progress`, with its name). A shared lock where the work
    /// directory cannot be written (a read-only checkout) is not taken: nothing will be written.
    pub(crate) fn acquire(content_dir: &Path, what: &str, mode: Mode, on_wait: &dyn Fn(String)) -> Result<SiteLock> {
        let path = lock_path(content_dir);
        let file = match open(&path) {
            Ok(f) => f,
            Err(_) if mode == Mode::Shared => return Ok(SiteLock { file: None, mode, interrupted: None }),
            Err(e) => return Err(e),
        };
        if !try_lock(&file, mode).map_err(|e| Error::io("lock", &path, e))? {
            let holder = read_holder(&file).unwrap_or_default();
            on_wait(describe(&holder));
            lock(&file, mode).map_err(|e| Error::io("lock", &path, e))?;
        }
        let mut held = SiteLock { file: Some(file), mode, interrupted: None };
        if mode == Mode::Exclusive {
            let file = held.file.as_mut().expect("just opened");
            held.interrupted = read_holder(file).filter(|h| !h.trim().is_empty());
            write_holder(file, what).map_err(|e| Error::io("write", &path, e))?;
        }
        let _ = fault::point(mode.point("acquired"));
        Ok(held)
    }

    /// Who held the lock before and stopped without letting go (killed, or the machine stopped),
    /// as the lock file named it: `build (pid 4711, since 2026-11-22 10:02:03 UTC)`.
    pub(crate) fn interrupted(&self) -> Option<String> {
        self.interrupted.as_deref().map(describe)
    }
}

impl Drop for SiteLock {
    fn drop(&mut self) {
        let Some(file) = &mut self.file else { return };
        if self.mode == Mode::Exclusive {
            // Emptied, never removed: a process waiting on this file would otherwise lock a file
            // that no longer has a name while a third one creates and locks a new one.
            let _ = file.set_len(0);
        }
        let _ = fault::point(self.mode.point("released"));
        // Closing the file releases the lock.
    }
}

fn open(path: &Path) -> Result<File> {
    if let Some(dir) = path.parent() {
        if !dir.is_dir() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
            // Like the development key's directory: never committed, even without a .gitignore.
            let _ = std::fs::write(dir.join(".gitignore"), "*\n");
        }
    }
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::io("open", path, e))
}

/// The holder line: `<what>\t<pid>\t<seconds since the epoch>`.
fn write_holder(file: &mut File, what: &str) -> std::io::Result<()> {
    let line = format!("{what}\t{}\t{}\n", std::process::id(), crate::ground::date::now_seconds());
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(line.as_bytes())
}

fn read_holder(file: &File) -> Option<String> {
    let mut text = String::new();
    let mut f = file;
    f.rewind().ok()?;
    f.take(4096).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The holder line in words.
fn describe(holder: &str) -> String {
    let mut f = holder.trim().split('\t');
    match (f.next(), f.next(), f.next().and_then(|s| s.parse::<i64>().ok())) {
        (Some(what), Some(pid), Some(since)) if !what.is_empty() => {
            format!("{what} (pid {pid}, since {})", utc(since))
        }
        _ => "another hallmark process (a preview or a check reading the site, or one just starting)".to_string(),
    }
}

/// `2026-11-22 10:02:03 UTC` for seconds since the epoch.
fn utc(seconds: i64) -> String {
    let day = crate::ground::date::Date::from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!("{day} {:02}:{:02}:{:02} UTC", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(unix)]
fn try_lock(file: &File, mode: Mode) -> std::io::Result<bool> {
    use rustix::fs::FlockOperation as Op;
    let op = if mode == Mode::Shared { Op::NonBlockingLockShared } else { Op::NonBlockingLockExclusive };
    match rustix::fs::flock(file, op) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(unix)]
fn lock(file: &File, mode: Mode) -> std::io::Result<()> {
    use rustix::fs::FlockOperation as Op;
    let op = if mode == Mode::Shared { Op::LockShared } else { Op::LockExclusive };
    loop {
        match rustix::fs::flock(file, op) {
            Err(rustix::io::Errno::INTR) => continue,
            other => return other.map_err(Into::into),
        }
    }
}

#[cfg(not(unix))]
#[allow(clippy::incompatible_msrv)]
fn try_lock(file: &File, mode: Mode) -> std::io::Result<bool> {
    let r = if mode == Mode::Shared { file.try_lock_shared() } else { file.try_lock() };
    match r {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(not(unix))]
#[allow(clippy::incompatible_msrv)]
fn lock(file: &File, mode: Mode) -> std::io::Result<()> {
    if mode == Mode::Shared {
        file.lock_shared()
    } else {
        file.lock()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exclusive_lock_excludes_and_a_dead_holder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let first = SiteLock::acquire(&content, "build", Mode::Exclusive, &|_| {}).unwrap();
        assert!(first.interrupted().is_none());
        let other = open(&lock_path(&content)).unwrap();
        assert!(!try_lock(&other, Mode::Shared).unwrap(), "held exclusively");
        assert!(describe(&read_holder(&other).unwrap()).starts_with("build (pid "));
        drop(first);
        assert!(try_lock(&other, Mode::Shared).unwrap(), "released");
        drop(other);
        // A holder that dies leaves its line: the next one learns it was interrupted.
        std::fs::write(lock_path(&content), "build\t4711\t1700000000\n").unwrap();
        let next = SiteLock::acquire(&content, "revoke", Mode::Exclusive, &|_| {}).unwrap();
        assert_eq!(next.interrupted().unwrap(), "build (pid 4711, since 2023-11-14 22:13:20 UTC)");
        drop(next);
        assert_eq!(std::fs::read(lock_path(&content)).unwrap(), b"", "a clean release empties the file");
    }

    #[test]
    fn shared_locks_go_together() {
        let dir = tempfile::tempdir().unwrap();
        let a = SiteLock::acquire(dir.path(), "serve", Mode::Shared, &|_| {}).unwrap();
        let b = SiteLock::acquire(dir.path(), "check", Mode::Shared, &|_| {}).unwrap();
        let other = open(&lock_path(dir.path())).unwrap();
        assert!(!try_lock(&other, Mode::Exclusive).unwrap());
        drop((a, b));
        assert!(try_lock(&other, Mode::Exclusive).unwrap());
    }
}
