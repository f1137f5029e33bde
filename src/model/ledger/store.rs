//! The ledger on disk: reading `hallmark.lock` and its shards, and writing them so that renaming
//! `hallmark.lock` into place is the one step that commits a change.
//!
//! A write puts each shard whose bytes change beside its file as `<NNNN>.lock.next`, durably
//! ([`stage_shards`], or [`stage_shard`] as a build makes each), then renames the new
//! `hallmark.lock` into place: from then on its index names the new shards' digests, and
//! [`settle`] renames each `.next` over its shard. A reader
//! that finds a shard whose digest is not the index's but whose `.next` is the index's finishes
//! that rename itself; a `.next` the index does not name is what a write left that never
//! committed, and [`settle`] (which runs only under the site's exclusive lock) removes it.

use std::path::{Path, PathBuf};

use super::shards::{digest, index_of, is_shard_name, LedgerFiles, ShardRef, SHARD_DIR};
use super::{Ledger, PartError, LEDGER_FILE};
use crate::ground::error::{Error, Failure, Result};
use crate::ground::fault;
use crate::ground::fsio::{sync_dir, write_durably};

/// `<shard>.next` beside `shard`.
fn next_path(shard: &Path) -> PathBuf {
    let mut name = shard.as_os_str().to_os_string();
    name.push(".next");
    PathBuf::from(name)
}

/// Reads the ledger in `content_dir`; see [`Ledger::load`].
pub(crate) fn load(content_dir: &Path) -> Result<Ledger> {
    let path = content_dir.join(LEDGER_FILE);
    let mut attempts = 0;
    loop {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::default()),
            Err(e) => return Err(Error::io("read", &path, e)),
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
            super::damaged(&path, line, "is not UTF-8 text")
        })?;
        match Ledger::parse_parts(&text, &mut |s| read_shard(content_dir, s)) {
            Ok(ledger) => return Ok(ledger),
            // A build (holding the site lock, which this reader need not) committed another
            // ledger between the reads of hallmark.lock and of its shard: read it again.
            Err((Some(_), ..)) if attempts < 2 && std::fs::read(&path).is_ok_and(|b| b != text.as_bytes()) => {
                attempts += 1;
            }
            Err((None, line, msg)) => return Err(super::damaged(&path, line, &msg)),
            Err((Some(shard), line, msg)) => return Err(damaged_shard(content_dir, &shard, line, &msg)),
        }
    }
}

/// The error for a shard that is not the one `hallmark.lock` names, or cannot be read as one.
fn damaged_shard(content_dir: &Path, shard: &str, line: usize, msg: &str) -> Error {
    let path = content_dir.join(SHARD_DIR).join(shard);
    Error::Ledger(Failure::new(format!("{}:{line}:1: {msg}", path.display())).fix(format!(
        "restore {LEDGER_FILE} and {SHARD_DIR}/ from git as one commit (`git checkout -- {LEDGER_FILE} {SHARD_DIR}` \
         in {}): they are written by hallmark together and must not be edited",
        content_dir.display()
    )))
}

/// The text of shard `s`: its file when that holds the bytes the index names, or else its
/// `.next` when that does (a committed write that had not renamed it yet: renamed now).
fn read_shard(content_dir: &Path, s: &ShardRef) -> std::result::Result<String, PartError> {
    let path = content_dir.join(SHARD_DIR).join(&s.name);
    let err = |msg: String| (Some(s.name.clone()), 1, msg);
    let read = |p: &Path| match std::fs::read(p) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(err(format!("cannot be read: {e}"))),
    };
    let named = |b: &Option<Vec<u8>>| b.as_deref().is_some_and(|b| digest(b) == s.digest);
    let text = |bytes: Option<Vec<u8>>| {
        String::from_utf8(bytes.unwrap_or_default()).map_err(|_| err("is not UTF-8 text".to_string()))
    };
    let bytes = read(&path)?;
    if named(&bytes) {
        return text(bytes);
    }
    let next = read(&next_path(&path))?;
    if named(&next) {
        match std::fs::rename(next_path(&path), &path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(err(format!("cannot take the place of {}.next: {e}", s.name))),
        }
        return text(next);
    }
    // Renamed meanwhile by the build that wrote it, or not the file the index names.
    let again = read(&path)?;
    if named(&again) {
        return text(again);
    }
    Err(err(match again {
        Some(_) => format!(
            "is not the file {LEDGER_FILE} names (its SHA-256 differs): it was edited, or comes from another \
             commit than {LEDGER_FILE}"
        ),
        None => format!("is missing: {LEDGER_FILE} names it, and the two are committed together"),
    }))
}

/// Writes each shard of `files` whose bytes are not on disk already as `<shard>.next`, durably.
/// Nothing is committed until `hallmark.lock` takes its new text.
pub(crate) fn stage_shards(content_dir: &Path, files: &LedgerFiles) -> Result<()> {
    if !files.is_sharded() {
        return Ok(());
    }
    let dir = shard_dir(content_dir)?;
    let on_disk = index_on_disk(content_dir)?.unwrap_or_default();
    let kept: Vec<bool> = files
        .shards
        .iter()
        .map(|s| on_disk.iter().any(|r| r.name == s.name && r.digest == s.digest) && dir.join(&s.name).is_file())
        .collect();
    // A shard whose text was left out because the file was there when the build read the ledger,
    // and is not now: refused before anything is written.
    if let Some(s) = files.shards.iter().zip(&kept).find_map(|(s, kept)| (s.on_disk && !kept).then_some(s)) {
        let path = dir.join(&s.name);
        let what = format!("{} was removed or changed while the build ran: nothing was committed", path.display());
        return Err(Error::Ledger(Failure::new(what).fix("run the build again")));
    }
    for (s, kept) in files.shards.iter().zip(kept) {
        if !kept && !s.staged {
            write_durably(&next_path(&dir.join(&s.name)), s.text.as_bytes(), "shard")?;
        }
    }
    Ok(())
}

/// Writes shard `name`'s `text` as `<name>.next`, durably, as soon as the build has made it (see
/// [`super::shards::Spill`]). Nothing is committed until `hallmark.lock` names it.
pub(crate) fn stage_shard(content_dir: &Path, name: &str, text: &str) -> Result<()> {
    let dir = shard_dir(content_dir)?;
    write_durably(&next_path(&dir.join(name)), text.as_bytes(), "shard")
}

/// `hallmark.lock.d/`, made (durably) when it is not there yet.
fn shard_dir(content_dir: &Path) -> Result<PathBuf> {
    let dir = content_dir.join(SHARD_DIR);
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create directory", &dir, e))?;
        sync_dir(content_dir)?;
    }
    Ok(dir)
}

/// The shards the `hallmark.lock` on disk names (`None`: there is none).
fn index_on_disk(content_dir: &Path) -> Result<Option<Vec<ShardRef>>> {
    let path = content_dir.join(LEDGER_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(index_of(&String::from_utf8_lossy(&bytes)))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("read", &path, e)),
    }
}

/// Finishes the shards after a write: each `.next` the `hallmark.lock` on disk names takes its
/// shard's place, and every other `.next` (of a write that did not commit) is removed. Run it
/// only under the site's exclusive lock: a `.next` is not a leftover while a build holds it.
pub(crate) fn settle(content_dir: &Path) -> Result<()> {
    let dir = content_dir.join(SHARD_DIR);
    let listing = match std::fs::read_dir(&dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io("read", &dir, e)),
    };
    let index = index_on_disk(content_dir)?.unwrap_or_default();
    let mut touched = false;
    for entry in listing {
        let entry = entry.map_err(|e| Error::io("read", &dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if let Some(shard) = name.strip_suffix(".next") {
            let named = index.iter().find(|r| r.name == shard);
            let ready = named.is_some_and(|r| std::fs::read(&path).is_ok_and(|b| digest(&b) == r.digest));
            let done = if ready {
                fault::point("shard-settle").map_err(|e| Error::io("replace", &dir.join(shard), e))?;
                std::fs::rename(&path, dir.join(shard))
            } else {
                std::fs::remove_file(&path)
            };
            match done {
                Ok(()) => touched = true,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("replace", &path, e)),
            }
        } else if name.ends_with(".tmp") {
            let _ = std::fs::remove_file(&path);
        }
    }
    if touched {
        sync_dir(&dir)?;
    }
    Ok(())
}

/// After `files` were committed and settled: removes the shards they no longer name (fewer
/// shards, or a ledger in one file again), and the directory once it is empty.
pub(crate) fn prune(content_dir: &Path, files: &LedgerFiles) -> Result<()> {
    let dir = content_dir.join(SHARD_DIR);
    let Ok(listing) = std::fs::read_dir(&dir) else { return Ok(()) };
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_shard_name(&name) && !files.shards.iter().any(|s| s.name == name) {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io("remove", &entry.path(), e))?;
        }
    }
    if !files.is_sharded() {
        let _ = std::fs::remove_dir(&dir);
    }
    Ok(())
}

/// Writes `files` as the ledger of `content_dir` outside a build (`rotate-key`), holding the site's
/// exclusive lock: the shards that change, then `hallmark.lock` (the commit), then the shards
/// settled.
pub(crate) fn write(content_dir: &Path, files: &LedgerFiles) -> Result<()> {
    settle(content_dir)?;
    stage_shards(content_dir, files)?;
    write_durably(&content_dir.join(LEDGER_FILE), files.main.as_bytes(), "ledger")?;
    settle(content_dir)?;
    prune(content_dir, files)
}
