//! The build's transaction: nothing is published that the ledger does not record.
//!
//! A build stages every changed file beside the output, then, in this order:
//! 1. writes the new build cache as `build-cache.next` (durably: temporary file, fsync, rename,
//!    fsync of the directory);
//! 2. writes the journal (`.hallmark/transaction`, durably): where the staged files go, what the
//!    site no longer has, and the digest of the ledger the build will leave;
//! 3. writes the ledger (durably): the shards of a large ledger that change first, each as
//!    `hallmark.lock.d/<NNNN>.lock.next` (a build writes each as soon as it has made it, before
//!    step 1, so it never holds them all), then `hallmark.lock`, whose index names every shard's
//!    digest: its rename is **the commit point**;
//! 4. finishes: the cache takes its new name, each `.next` shard takes its shard's place, the
//!    staged files are moved into the output one rename each (or the whole staged tree at once
//!    for a first build), the files the site no longer has are removed, and the journal goes last.
//!
//! Killed anywhere, the next build (which holds the site lock, see [`super::lock`]) finds the
//! journal before it reads anything: if the ledger on disk is the one the journal names, the
//! build had committed and its publishing is finished now; otherwise nothing of it was published,
//! and what it staged is thrown away (`.next` shards included: the ledger on disk does not name
//! them). Either way every credential under the output is in the
//! ledger on disk at every moment, since no file is moved there before the ledger is durable.

use std::path::{Path, PathBuf};

use super::output::{PathList, Staged, WriteStats};
use crate::ground::error::{Error, Failure, Result};
use crate::ground::fault;
use crate::ground::fsio::{sync_dir, write_durably, write_durably_with};
use crate::ground::hash::sha256_hex;
use crate::model::ledger::{store, LedgerFiles, LEDGER_FILE};

/// Published after every other file of a build.
const LAST_PUBLISHED: &str = "log/checkpoint";

/// When a staged file is published: 0 with most; 1 after them, a file that names the log's tiles
/// (a checkpoint kept by size, a credential's proof of inclusion), so it never names one not yet
/// in place; 2 last, the log's latest checkpoint.
fn turn(rel: &str) -> u8 {
    if rel == LAST_PUBLISHED {
        2
    } else if rel.starts_with("log/checkpoints/") || rel.ends_with(crate::ground::layout::LOG_PROOF_FILE) {
        1
    } else {
        0
    }
}

/// The journal's name in the site's work directory (`.hallmark/`).
pub(crate) const JOURNAL_FILE: &str = "transaction";
const JOURNAL_VERSION: &str = "hallmark-transaction 1";

/// What a build found of an earlier build of the site that was interrupted, and did about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// The interrupted build had written its ledger: its staged files were published now.
    Finished { files: usize },
    /// It had not got that far: what it staged was thrown away; the output and the ledger are as
    /// they were before it.
    RolledBack,
}

/// What a transaction writes besides the staged files.
pub(crate) struct Commit<'a> {
    pub content_dir: &'a Path,
    pub staged: Staged,
    /// The ledger's new files, when the build changes it.
    pub ledger: Option<LedgerFiles>,
    /// What the build writes of `hallmark.log` (appended) and `hallmark.checkpoints`, when it adds
    /// to the log: written after the journal and before the ledger (lines beyond the ledger's log
    /// size are dropped by the next build, so a build killed in between logged nothing).
    pub log: Option<crate::site::log::LogFiles>,
    /// The build cache's new text, when it changes (before directory stamps are taken).
    pub cache: Option<super::cache::CacheText<'a>>,
}

fn journal_path(content_dir: &Path) -> PathBuf {
    crate::ground::layout::work_dir(content_dir).join(JOURNAL_FILE)
}

fn next_cache_path(content_dir: &Path) -> PathBuf {
    let cache = super::cache::cache_path(content_dir);
    cache.with_file_name(format!("{}.next", super::cache::CACHE_FILE))
}

fn ledger_digest(text: &[u8]) -> String {
    sha256_hex(text, 32)
}

/// Runs the transaction; returns what it did to the output. A build that changes neither the
/// output nor the ledger only writes the cache (when it changed), and journals nothing.
pub(crate) fn commit(c: Commit<'_>) -> Result<WriteStats> {
    let Commit { content_dir, staged, mut ledger, log, cache } = c;
    let cache_path = super::cache::cache_path(content_dir);
    if !staged.changes_output() && ledger.is_none() && log.is_none() {
        let _ = std::fs::remove_dir_all(&staged.staging);
        if let Some(text) = cache {
            text.write(&cache_path)?;
        }
        return Ok(staged.stats);
    }
    let next = next_cache_path(content_dir);
    if let Some(text) = &cache {
        std::fs::create_dir_all(crate::ground::layout::work_dir(content_dir))
            .map_err(|e| Error::io("create directory", &crate::ground::layout::work_dir(content_dir), e))?;
        crate::ground::fsio::write_durably_with(&next, "cache", &mut |w| text.write_into(w))?;
    }
    // Written: from here on only whether there is one counts.
    let cache = cache.map(|_| ());
    let ledger_path = content_dir.join(LEDGER_FILE);
    let digest = match &ledger {
        Some(files) => ledger_digest(files.main.as_bytes()),
        None => ledger_digest(&std::fs::read(&ledger_path).map_err(|e| Error::io("read", &ledger_path, e))?),
    };
    let journal = Journal { staged, ledger: digest, cache: cache.is_some() };
    let journaled = write_durably_with(&journal_path(content_dir), "journal", &mut |w| journal.write_into(w));
    let logged = journaled.and_then(|()| match &log {
        Some(files) => {
            crate::tlog::store::append(content_dir, files.keep, &files.append)?;
            let checkpoints = content_dir.join(crate::tlog::CHECKPOINTS_FILE);
            crate::ground::fsio::grow_durably(&checkpoints, files.checkpoints.as_bytes(), "checkpoints")
        }
        None => Ok(()),
    });
    let committed = logged.and_then(|()| match &mut ledger {
        Some(files) => {
            store::stage_shards(content_dir, files)?;
            files.forget_shard_texts();
            write_durably(&ledger_path, files.main.as_bytes(), "ledger")
        }
        None => Ok(()),
    });
    if let Err(e) = committed {
        // Before the commit point: leave everything as it was (a build killed here is rolled
        // back by the next one, the same way).
        let _ = recover(content_dir);
        let _ = std::fs::remove_dir_all(&journal.staged.staging);
        let _ = std::fs::remove_file(&next);
        return Err(e);
    }
    let finished = finish(content_dir, &journal).and_then(|()| match &ledger {
        Some(files) => store::prune(content_dir, files),
        None => Ok(()),
    });
    finished.map_err(|e| {
        Error::Usage(
            Failure::new(format!("the ledger is written, but publishing the site failed: {e}"))
                .fix("fix the cause and run `hallmark build` again: it finishes publishing what this build staged"),
        )
    })?;
    Ok(journal.staged.stats)
}

/// Finishes or rolls back a transaction an interrupted build left in the site of `content_dir`;
/// `None` when there was none.
pub(crate) fn recover(content_dir: &Path) -> Result<Option<Recovery>> {
    let path = journal_path(content_dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Written before the journal: a build stopped before it journaled anything, which
            // may have staged shards (as it made them) and not committed them; `rotate-key`
            // commits without a journal.
            let _ = std::fs::remove_file(next_cache_path(content_dir));
            store::settle(content_dir)?;
            return Ok(None);
        }
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let Some(journal) = Journal::parse(&text) else {
        return Err(Error::Ledger(
            Failure::new(format!("{}: the journal of an interrupted build is damaged", path.display())).fix(
                "delete it and the staging directory beside the output (.public.hallmark-staging), then \
                 build; if the output then holds credentials the ledger lacks, the build names them",
            ),
        ));
    };
    let ledger_path = content_dir.join(LEDGER_FILE);
    let committed = std::fs::read(&ledger_path).is_ok_and(|t| ledger_digest(&t) == journal.ledger);
    if committed {
        finish(content_dir, &journal)?;
        return Ok(Some(Recovery::Finished { files: journal.staged.stats.written }));
    }
    let _ = std::fs::remove_dir_all(&journal.staged.staging);
    let _ = std::fs::remove_file(next_cache_path(content_dir));
    // The shards it staged: the ledger on disk does not name them.
    store::settle(content_dir)?;
    std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
    Ok(Some(Recovery::RolledBack))
}

/// Step 4, after the commit point; safe to run again after being interrupted.
fn finish(content_dir: &Path, journal: &Journal) -> Result<()> {
    let next = next_cache_path(content_dir);
    if journal.cache && next.is_file() {
        let cache = super::cache::cache_path(content_dir);
        std::fs::rename(&next, &cache).map_err(|e| Error::io("replace", &cache, e))?;
    }
    store::settle(content_dir)?;
    publish(&journal.staged)?;
    let path = journal_path(content_dir);
    fault::point("journal-done").map_err(|e| Error::io("remove", &path, e))?;
    std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))
}

/// Moves the staged files into the output and removes the files the site no longer has. Safe to
/// run again after being interrupted: a staged file already moved is not looked for, a file
/// already removed is not missed.
pub(crate) fn publish(staged: &Staged) -> Result<()> {
    let Staged { out, staging, .. } = staged;
    if staged.tree {
        if staging.is_dir() {
            // Nothing was there to keep or clean up: the staged tree becomes the site.
            if out.is_dir() {
                std::fs::remove_dir(out).map_err(|e| Error::io("replace the empty directory", out, e))?;
            }
            fault::point("publish").map_err(|e| Error::io("move into place", out, e))?;
            std::fs::rename(staging, out).map_err(|e| Error::io("move into place", out, e))?;
            sync_dir(out.parent().unwrap_or(Path::new(".")))?;
        }
        return Ok(());
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io("create directory", out, e))?;
    let move_one = |(n, rel): (usize, &str)| -> Result<()> {
        let from = staging.join(n.to_string());
        if !from.is_file() {
            return Ok(());
        }
        let dest = out.join(rel);
        fault::point("publish").map_err(|e| Error::io("move into place", &dest, e))?;
        // Most files go to a directory that is already there: one rename, and only a new
        // directory costs more.
        if let Err(e) = std::fs::rename(&from, &dest) {
            let parent = dest.parent().filter(|_| e.kind() == std::io::ErrorKind::NotFound);
            let Some(parent) = parent else {
                return Err(Error::io("move into place", &dest, e));
            };
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
            std::fs::rename(&from, &dest).map_err(|e| Error::io("move into place", &dest, e))?;
        }
        Ok(())
    };
    // On every core (the ledger already records all of it, so the order does not matter), but
    // what names the log's tiles after them, and the log's latest checkpoint last (see [`turn`]).
    let puts = &staged.puts;
    for t in 0..2 {
        use rayon::prelude::*;
        let each = (0..puts.len()).into_par_iter().map(|n| (n, puts.get(n).unwrap_or_default()));
        each.filter(|(_, r)| turn(r) == t).try_for_each(move_one)?;
    }
    puts.iter().enumerate().filter(|(_, r)| turn(r) == 2).try_for_each(move_one)?;
    remove_retired(out, &staged.removals)?;
    let _ = std::fs::remove_dir_all(staging);
    Ok(())
}

/// Removes the files the site no longer has, then the directories that emptied (deepest first).
fn remove_retired(out: &Path, removals: &[String]) -> Result<()> {
    let mut dirs = Vec::new();
    for rel in removals {
        let path = out.join(rel);
        fault::point("retire").map_err(|e| Error::io("remove stale file", &path, e))?;
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("remove stale file", &path, e)),
        }
        let mut parent = path.parent();
        while let Some(p) = parent.filter(|p| p.starts_with(out) && *p != out) {
            dirs.push(p.to_path_buf());
            parent = p.parent();
        }
    }
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    dirs.dedup();
    for d in dirs {
        // A directory that is not empty stays.
        let _ = std::fs::remove_dir(&d);
    }
    Ok(())
}

/// What the journal records.
struct Journal {
    staged: Staged,
    /// The digest of the ledger the build leaves: present on disk means committed.
    ledger: String,
    /// Whether `build-cache.next` is part of the transaction.
    cache: bool,
}

impl Journal {
    /// Writes the journal through `w`, a line at a time: after a template change at a million
    /// credentials it names a million staged files (two million without a cache), 40–80 MB as one
    /// string.
    fn write_into(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let s = &self.staged;
        write!(
            w,
            "{JOURNAL_VERSION}\noutput\t{}\nstaging\t{}\nlayout\t{}\nledger\t{}\ncache\t{}\nwritten\t{}\nunchanged\t{}\n",
            s.out.display(),
            s.staging.display(),
            if s.tree { "tree" } else { "flat" },
            self.ledger,
            self.cache,
            s.stats.written,
            s.stats.unchanged,
        )?;
        let puts = s.puts.iter().map(|rel| ("put", rel));
        for (kind, rel) in puts.chain(s.removals.iter().map(|rel| ("remove", rel.as_str()))) {
            w.write_all(kind.as_bytes())?;
            w.write_all(b"\t")?;
            w.write_all(rel.as_bytes())?;
            w.write_all(b"\n")?;
        }
        w.write_all(b"end\n")
    }

    fn parse(text: &str) -> Option<Journal> {
        let mut lines = text.lines();
        if lines.next()? != JOURNAL_VERSION || !text.ends_with("end\n") {
            return None;
        }
        let mut field = |name: &str| lines.next()?.strip_prefix(name)?.strip_prefix('\t').map(str::to_string);
        let out = PathBuf::from(field("output")?);
        let staging = PathBuf::from(field("staging")?);
        let tree = field("layout")? == "tree";
        let ledger = field("ledger")?;
        let cache = field("cache")? == "true";
        let written = field("written")?.parse().ok()?;
        let unchanged = field("unchanged")?.parse().ok()?;
        let (mut puts, mut removals) = (PathList::default(), Vec::new());
        for line in lines {
            match line.split_once('\t') {
                Some(("put", rel)) => {
                    puts.push(rel);
                }
                Some(("remove", rel)) => removals.push(rel.to_string()),
                _ if line == "end" => break,
                _ => return None,
            }
        }
        let stats = WriteStats { written, unchanged, removed: removals.len() };
        Some(Journal { staged: Staged { out, staging, tree, puts, removals, stats }, ledger, cache })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What names the log's tiles is published after them, the latest checkpoint last of all: a
    /// build killed part-way never leaves a checkpoint or a proof that names a tile not in place
    /// (`tests/it/crash.rs` caught a kept checkpoint published before its tile, now and then).
    #[test]
    fn what_names_the_logs_tiles_is_published_after_them() {
        assert_eq!(turn("log/tile/0/000.p/40"), 0);
        assert_eq!(turn("c/abc/index.html"), 0);
        assert_eq!(turn("log/checkpoints/40"), 1);
        assert_eq!(turn("c/abc/log.tlog-proof"), 1);
        assert_eq!(turn("log/checkpoint"), 2);
    }

    fn staged(dir: &Path) -> Staged {
        let staging = dir.join(".public.hallmark-staging");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("0"), "new page").unwrap();
        let out = dir.join("public");
        std::fs::create_dir_all(out.join("old")).unwrap();
        std::fs::write(out.join("old/gone.html"), "old").unwrap();
        Staged {
            out,
            staging,
            tree: false,
            puts: ["c/x/index.html"].into_iter().collect(),
            removals: vec!["old/gone.html".into()],
            stats: WriteStats { written: 1, unchanged: 0, removed: 1 },
        }
    }

    fn text(j: &Journal) -> String {
        let mut bytes = Vec::new();
        j.write_into(&mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_journal_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal { staged: staged(dir.path()), ledger: "ab".into(), cache: true };
        let back = Journal::parse(&text(&j)).unwrap();
        assert_eq!(back.staged, j.staged);
        assert_eq!((back.ledger.as_str(), back.cache), ("ab", true));
        assert!(Journal::parse(text(&j).trim_end_matches("end\n")).is_none(), "a cut journal is refused");
    }

    #[test]
    fn a_committed_transaction_is_finished_and_an_uncommitted_one_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(dir.path().join(".hallmark")).unwrap();
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join(LEDGER_FILE), "ledger v2").unwrap();
        let write = |ledger: &str| {
            let j = Journal { staged: staged(dir.path()), ledger: ledger_digest(ledger.as_bytes()), cache: false };
            std::fs::write(journal_path(&content), text(&j)).unwrap();
        };
        write("ledger v3");
        assert_eq!(recover(&content).unwrap(), Some(Recovery::RolledBack));
        assert!(!dir.path().join("public/c").exists() && dir.path().join("public/old/gone.html").exists());
        assert!(!dir.path().join(".public.hallmark-staging").exists());
        write("ledger v2");
        assert_eq!(recover(&content).unwrap(), Some(Recovery::Finished { files: 1 }));
        assert_eq!(std::fs::read(dir.path().join("public/c/x/index.html")).unwrap(), b"new page");
        assert!(!dir.path().join("public/old").exists(), "retired, and its emptied directory too");
        assert_eq!(recover(&content).unwrap(), None, "the journal is gone");
    }
}
