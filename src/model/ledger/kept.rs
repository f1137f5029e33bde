//! The ledger read again by a process that reads it often (`serve`, on every save): when its files
//! are as they were at the last read, the ledger parsed then serves again.
//!
//! `serve` rebuilds on each save of the content, and a save of a roster leaves the ledger as it
//! was (`serve` never writes it): parsing it again was 10 ms of a 100 ms rebuild at 10,000
//! credentials, on the core the roster's rows would otherwise be checked on. What "as they were"
//! means: `hallmark.lock` with the same bytes (compared by digest), and the shard directory with
//! the same files by name, length, modification and change times and inode. hallmark writes
//! each of those by rename, so a write gives a file a new inode, and `hallmark.lock` names every
//! shard's digest, so a shard hallmark changed changes it too. What is compared is taken before
//! the ledger is read: a write during the read makes the next comparison fail, never pass.

use std::path::Path;
use std::sync::Arc;

use super::shards::SHARD_DIR;
use super::{Ledger, LEDGER_FILE};
use crate::ground::error::Result;
use crate::ground::fsio::file_stamp;

/// A ledger as read, with what its files were just before.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    pub ledger: Arc<Ledger>,
    files: Option<Files>,
}

impl std::ops::Deref for Kept {
    type Target = Ledger;

    fn deref(&self) -> &Ledger {
        &self.ledger
    }
}

/// What the ledger's files were: `hallmark.lock`'s digest (`None` when there is none), and each
/// file of the shard directory by name with its length, times and inode.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Files {
    main: Option<[u8; 32]>,
    shards: Vec<(std::ffi::OsString, [u64; 4])>,
}

impl Files {
    /// What the files are, or `None` when that cannot be told (a file or directory that cannot
    /// be read: the full reading then says why, or reads without it).
    fn of(content_dir: &Path) -> Option<Files> {
        use sha2::Digest;
        let main = match std::fs::read(content_dir.join(LEDGER_FILE)) {
            Ok(bytes) => Some(sha2::Sha256::digest(&bytes).into()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => return None,
        };
        let mut shards = Vec::new();
        match std::fs::read_dir(content_dir.join(SHARD_DIR)) {
            Ok(dir) => {
                for entry in dir {
                    let entry = entry.ok()?;
                    shards.push((entry.file_name(), file_stamp(&entry.metadata().ok()?).0));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(_) => return None,
        }
        shards.sort_unstable();
        Some(Files { main, shards })
    }
}

/// How a load reads the ledger.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reading<'a> {
    /// Once (a build): what its files are is not looked at, as no later load compares it.
    Once,
    /// Again and again (`serve`): what its files are is kept, and `previous`'s ledger taken while
    /// they are as they were when it was read.
    Again(Option<&'a Kept>),
}

/// The ledger in `content_dir`, read (and checked) as [`Ledger::load`] reads it, or `previous`'s
/// (see [`Reading`]).
pub(crate) fn load(content_dir: &Path, reading: Reading<'_>) -> Result<Kept> {
    let Reading::Again(previous) = reading else {
        return Ok(Kept { ledger: Arc::new(Ledger::load(content_dir)?), files: None });
    };
    let files = Files::of(content_dir);
    if let Some(previous) = previous.filter(|p| files.is_some() && p.files == files) {
        return Ok(previous.clone());
    }
    Ok(Kept { ledger: Arc::new(Ledger::load(content_dir)?), files })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Written beside and renamed into place, as hallmark writes the ledger.
        let next = dir.join(format!("{rel}.tmp"));
        std::fs::write(&next, text).unwrap();
        std::fs::rename(&next, &path).unwrap();
    }

    /// The kept ledger serves again only while its files are as they were: a changed
    /// `hallmark.lock` (even within the same second, the same length), a shard added, removed
    /// or rewritten, or the ledger removed, each reads it again.
    #[test]
    fn the_ledger_is_read_again_whenever_its_files_changed() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path();
        let empty = load(content, Reading::Again(None)).unwrap();
        assert!(empty.ledger.entries().is_empty());
        let same = load(content, Reading::Again(Some(&empty))).unwrap();
        assert!(Arc::ptr_eq(&same.ledger, &empty.ledger), "no ledger, still none: kept");

        let demo =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/hallmark.lock")).unwrap();
        write(content, LEDGER_FILE, &demo);
        let first = load(content, Reading::Again(Some(&same))).unwrap();
        assert!(!first.ledger.entries().is_empty(), "read: there is a ledger now");
        let again = load(content, Reading::Again(Some(&first))).unwrap();
        assert!(Arc::ptr_eq(&again.ledger, &first.ledger), "unchanged: the same ledger, not parsed again");

        // One character changed, the length the same: read again (or refused, as the full reading
        // refuses a damaged ledger).
        let flipped = demo.replacen("sql-foundations", "sql-foundationz", 1);
        assert_eq!(flipped.len(), demo.len());
        write(content, LEDGER_FILE, &flipped);
        if let Ok(k) = load(content, Reading::Again(Some(&again))) {
            assert!(!Arc::ptr_eq(&k.ledger, &again.ledger), "changed bytes: read again");
        }
        write(content, LEDGER_FILE, &demo);
        let back = load(content, Reading::Again(Some(&again))).unwrap();
        assert!(Arc::ptr_eq(&back.ledger, &again.ledger), "the same bytes again: kept");

        // A file in the shard directory appears, is rewritten, goes.
        write(content, &format!("{SHARD_DIR}/0001.lock"), "x");
        let with_shard = load(content, Reading::Again(Some(&back))).unwrap();
        assert!(!Arc::ptr_eq(&with_shard.ledger, &back.ledger));
        assert!(Arc::ptr_eq(&load(content, Reading::Again(Some(&with_shard))).unwrap().ledger, &with_shard.ledger));
        write(content, &format!("{SHARD_DIR}/0001.lock"), "y");
        let rewritten = load(content, Reading::Again(Some(&with_shard))).unwrap();
        assert!(!Arc::ptr_eq(&rewritten.ledger, &with_shard.ledger));
        std::fs::remove_file(content.join(SHARD_DIR).join("0001.lock")).unwrap();
        assert!(!Arc::ptr_eq(&load(content, Reading::Again(Some(&rewritten))).unwrap().ledger, &rewritten.ledger));

        // A shard directory that cannot be listed (a file here): nothing to compare, read each time.
        std::fs::remove_dir(content.join(SHARD_DIR)).unwrap();
        std::fs::write(content.join(SHARD_DIR), "not a directory").unwrap();
        let unlisted = load(content, Reading::Again(Some(&back))).unwrap();
        assert!(!Arc::ptr_eq(&unlisted.ledger, &back.ledger));
        assert!(!Arc::ptr_eq(&load(content, Reading::Again(Some(&unlisted))).unwrap().ledger, &unlisted.ledger));
        std::fs::remove_file(content.join(SHARD_DIR)).unwrap();

        std::fs::remove_file(content.join(LEDGER_FILE)).unwrap();
        let gone = load(content, Reading::Again(Some(&back))).unwrap();
        assert!(gone.ledger.entries().is_empty(), "removed: read again, empty");

        // Read once (a build): nothing to compare with, so a later load reads it again.
        write(content, LEDGER_FILE, &demo);
        let once = load(content, Reading::Once).unwrap();
        assert!(!once.ledger.entries().is_empty());
        assert!(!Arc::ptr_eq(&load(content, Reading::Again(Some(&once))).unwrap().ledger, &once.ledger));
    }
}
