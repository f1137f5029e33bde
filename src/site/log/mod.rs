//! The build's public log: read `hallmark.log` and `hallmark.checkpoints` and hold them to what
//! `hallmark.lock` commits to, work out what this build adds (`events`), append it and sign a
//! checkpoint, and publish the tiles, checkpoints and proofs (`publish`).
//!
//! On load, log lines beyond the size the ledger commits to were written by a build that never
//! reached its commit point: they are dropped, never published. Any other difference (a line
//! edited or deleted, a checkpoint the ledger does not know) stops the build.

mod events;
mod keep;
mod lines;
mod publish;
mod witnesses;

pub(crate) use witnesses::witnessed_files;

use std::path::Path;

pub(crate) use events::digest_of;
pub(crate) use publish::{publish, LOG_RECORD};

use crate::crypto::Key;
use crate::ground::error::{Error, Failure, Result};
use crate::model::content::Snapshot;
use crate::model::ledger::{Ledger, LogHead, LEDGER_FILE};
use crate::tlog::entry::{Digest, LogEntry};
use crate::tlog::merkle::{leaf_hash, Tree};
use crate::tlog::note::{checkpoint_body, sign, Head, KeyType, Note, NoteVerifier};
use crate::tlog::rules::LogState;
use crate::tlog::store::{self, Checkpoints, CHECKPOINTS_FILE, LOG_FILE};

/// A site's log as this build found it, and what the build added.
pub(crate) struct SiteLog {
    pub key: Key,
    pub checkpoints: Checkpoints,
    pub lines: lines::Lines,
    /// The credential each entry issued (or corrected into), by index: none for the other entries.
    pub digests: Vec<Option<Digest>>,
    pub tree: Tree,
    pub state: LogState,
    /// The credentials the log held revoked or suspended when it was read (worked out while the
    /// build plans: the status changes look up only these, and credentials not left active).
    flagged: std::collections::HashSet<Digest, crate::tlog::rules::ByDigest>,
    /// The size the ledger committed to when the build started.
    pub committed: u64,
    /// The files held entries or checkpoints beyond what the ledger commits to (a build that
    /// stopped before its commit point wrote them): they are written again without.
    pub trimmed: bool,
    /// The committed entries' bytes in `hallmark.log`, and the SHA-256 state after them (the new
    /// entries are hashed on, to stamp the state kept for the next build).
    committed_bytes: u64,
    hashed: sha2::Sha256,
    /// The size of the log `.hallmark/log-state` held, when the state came from it (the entries
    /// after it were replayed onto it): it is kept again only once that many entries were added.
    kept_size: Option<u64>,
}

fn damaged(file: &str, content_dir: &Path, line: usize, msg: &str) -> Error {
    // A line of the log may be in one of its shards.
    let (path, line) = match (file, line) {
        (LOG_FILE, 1..) => store::locate(content_dir, line),
        _ => (content_dir.join(file), line),
    };
    let at = if line > 0 { format!(":{line}:1") } else { String::new() };
    Error::Ledger(Failure::new(format!("{}{at}: {msg}", path.display())).fix(format!(
        "restore {file}, {CHECKPOINTS_FILE} and {LEDGER_FILE} (with hallmark.lock.d/, if the ledger has shards) from git as one commit (`git checkout -- {file}`): \
         the log is append-only, and a published log that changes is caught by everyone who saw it"
    )))
}

/// Whether the site keeps a log: `[log]` in hallmark.toml, or a log already started.
pub(crate) fn enabled(snapshot: &Snapshot, content_dir: &Path) -> bool {
    snapshot.settings.config.log.is_some() || content_dir.join(CHECKPOINTS_FILE).is_file()
}

impl SiteLog {
    /// Reads the log of the site in `content_dir` and checks it against `ledger`.
    pub(crate) fn load(content_dir: &Path, snapshot: &Snapshot, ledger: &Ledger, locked: bool) -> Result<SiteLog> {
        let key_file = snapshot.settings.config.log.as_ref().and_then(|l| l.key_file.as_deref());
        let (key, _) = crate::keys::log_key(key_file, content_dir, locked)?;
        let checkpoints = read_checkpoints(content_dir, snapshot, &key)?;
        let committed = ledger.log.map_or(0, |h| h.size);
        let text = store::read_text(content_dir).map_err(|e| Error::io("read", &content_dir.join(LOG_FILE), e))?;
        // The committed entries as written (a file that is not exactly them is read in full).
        let as_written = written_end(&text, committed);
        let (kept, hashed) = match as_written {
            Some(end) if ledger.log.is_some() => kept_prefix(content_dir, &text.as_bytes()[..end]),
            end => (None, sha2::Digest::chain_update(<sha2::Sha256 as sha2::Digest>::new(), &text[..end.unwrap_or(0)])),
        };
        let mut lines = lines::Lines::from_text(text);
        if (lines.len() as u64) < committed {
            let msg = format!(
                "holds {} entries, but {LEDGER_FILE} commits to {committed}: entries were deleted",
                lines.len()
            );
            return Err(damaged(LOG_FILE, content_dir, lines.len(), &msg));
        }
        // Written by a build that did not reach its commit point: never published.
        let mut trimmed = lines.len() as u64 > committed;
        lines.truncate(committed as usize);
        let committed_bytes = lines.text_from(0).len() as u64;
        let kept_size = kept.as_ref().map(|k| k.tree.size());
        let kept = match kept {
            // The kept state, and the entries appended since it was kept replayed onto it.
            Some(mut k) => {
                let from = k.tree.size() as usize;
                extend(&mut k, lines.iter().skip(from), from, content_dir)?;
                hold_to_ledger(&k, content_dir, ledger)?;
                k
            }
            None => replay(&lines.iter().collect::<Vec<_>>(), content_dir, ledger)?,
        };
        let head = LogHead { size: committed, root: kept.tree.root(committed) };
        let mut checkpoints = checkpoints;
        let before = checkpoints.list.len();
        checkpoints.list.retain(|(h, _)| h.size <= committed);
        trimmed |= checkpoints.list.len() != before;
        let latest = checkpoints.latest().map(|(h, _)| *h);
        if committed > 0 && latest != Some(Head { size: head.size, root: head.root }) {
            let msg = format!("its latest checkpoint is not the log {LEDGER_FILE} commits to");
            return Err(damaged(CHECKPOINTS_FILE, content_dir, 0, &msg));
        }
        let keep::Kept { tree, digests, state } = kept;
        Ok(SiteLog {
            key,
            checkpoints,
            lines,
            digests,
            tree,
            flagged: state.credentials.iter().filter(|(_, c)| c.revoked || c.suspended).map(|(d, _)| *d).collect(),
            state,
            committed,
            trimmed,
            committed_bytes,
            hashed,
            kept_size,
        })
    }

    /// Signs the checkpoint of the log's size, unless it has one.
    pub(crate) fn sign_checkpoint(&mut self) {
        let size = self.tree.size();
        if size == 0 || self.checkpoints.latest().is_some_and(|(h, _)| h.size == size) {
            return;
        }
        let head = Head { size, root: self.tree.root(size) };
        let body = checkpoint_body(&self.checkpoints.origin, head);
        let note = Note { sigs: vec![sign(&body, &self.checkpoints.origin, &self.key)], body };
        self.checkpoints.list.push((head, note));
    }

    /// The head the ledger commits to after this build.
    pub(crate) fn head(&self) -> LogHead {
        LogHead { size: self.tree.size(), root: self.tree.root(self.tree.size()) }
    }

    /// Whether this build added entries.
    pub(crate) fn changed(&self) -> bool {
        self.tree.size() != self.committed
    }

    /// The log's verifier key.
    pub(crate) fn verifier(&self) -> NoteVerifier {
        NoteVerifier::new(&self.checkpoints.origin, self.key.verifying_key(), KeyType::Ed25519)
    }

    /// What this build writes of `hallmark.log` and `hallmark.checkpoints`: the committed bytes of
    /// the log to keep (anything after them goes), the entries to append, and the checkpoints.
    pub(crate) fn files(&self) -> LogFiles {
        LogFiles {
            keep: self.committed_bytes,
            append: self.lines.text_from(self.committed as usize).to_string(),
            checkpoints: self.checkpoints.to_text(),
        }
    }

    /// Keeps the log's state for the next build, once the ledger commits to it: when it grew, or
    /// was not kept yet.
    pub(crate) fn keep(&self, content_dir: &Path) {
        // Rewriting the whole state (128 bytes an entry) for each entry or two a build adds would
        // cost more than replaying the few entries appended since it was kept.
        if self.kept_size.is_some_and(|k| self.tree.size() - k < KEEP_AFTER) {
            return;
        }
        let mut hashed = self.hashed.clone();
        let added = self.lines.text_from(self.committed as usize);
        sha2::Digest::update(&mut hashed, added.as_bytes());
        let len = self.committed_bytes + added.len() as u64;
        let stamp = keep::Stamp { len, sha256: sha2::Digest::finalize(hashed).into(), head: self.head() };
        keep::write(content_dir, &stamp, &self.tree, &self.state);
    }
}

/// What a build writes of the log's files (see [`SiteLog::files`]).
#[derive(Debug, Clone)]
pub(crate) struct LogFiles {
    /// How many bytes of `hallmark.log` stay as they are.
    pub keep: u64,
    /// The lines to write after them.
    pub append: String,
    /// The whole of `hallmark.checkpoints`.
    pub checkpoints: String,
}

/// Reads the whole log: parses every entry, hashes it into the tree, holds the tree to what the
/// ledger commits to, and replays the log's rules.
fn replay(lines: &[&str], content_dir: &Path, ledger: &Ledger) -> Result<keep::Kept> {
    let committed = lines.len() as u64;
    let entries = parse_lines(lines).map_err(|(n, m)| damaged(LOG_FILE, content_dir, n, &m))?;
    let tree = Tree::from_leaves(leaf_hashes(lines));
    let head = LogHead { size: committed, root: tree.root(committed) };
    if ledger.log.is_some_and(|h| h != head) {
        return Err(rewritten(content_dir));
    }
    let state = LogState::replay(&entries).map_err(|(n, m)| damaged(LOG_FILE, content_dir, n as usize + 1, &m))?;
    let digests = entries.iter().map(issued).collect();
    Ok(keep::Kept { tree, digests, state })
}

fn rewritten(content_dir: &Path) -> Error {
    let msg = format!("differs from what {LEDGER_FILE} commits to: an entry was edited, inserted or deleted");
    damaged(LOG_FILE, content_dir, 0, &msg)
}

/// Rewrite the kept state once this many entries were appended since it was kept.
const KEEP_AFTER: u64 = 1024;

/// The state kept in `.hallmark/log-state` for a first part of `committed` (the log's committed
/// bytes), if it is there and was made from exactly those bytes; and the SHA-256 of `committed`.
fn kept_prefix(content_dir: &Path, committed: &[u8]) -> (Option<keep::Kept>, sha2::Sha256) {
    use sha2::Digest as _;
    let mut hashed = sha2::Sha256::new();
    let mut at = 0;
    let stamp = keep::stamp(content_dir).filter(|s| s.len <= committed.len() as u64);
    let kept = stamp.and_then(|s| {
        at = s.len as usize;
        hashed.update(&committed[..at]);
        (<[u8; 32]>::from(hashed.clone().finalize()) == s.sha256).then(|| keep::read(content_dir, &s)).flatten()
    });
    hashed.update(&committed[at..]);
    (kept, hashed)
}

/// Replays the entries after the kept state (the first is entry `from`) onto it.
fn extend<'l>(k: &mut keep::Kept, lines: impl Iterator<Item = &'l str>, from: usize, content_dir: &Path) -> Result<()> {
    for (i, line) in lines.enumerate() {
        let n = from + i + 1;
        let e = LogEntry::parse(line).map_err(|m| damaged(LOG_FILE, content_dir, n, &format!("the entry {m}")))?;
        k.state.apply(&e).map_err(|m| damaged(LOG_FILE, content_dir, n, &m))?;
        k.tree.push(leaf_hash(line.as_bytes()));
        k.digests.push(issued(&e));
    }
    Ok(())
}

/// The kept state, brought up to the committed entries, must give the root the ledger commits to.
fn hold_to_ledger(k: &keep::Kept, content_dir: &Path, ledger: &Ledger) -> Result<()> {
    let size = k.tree.size();
    match ledger.log {
        Some(h) if h != (LogHead { size, root: k.tree.root(size) }) => Err(rewritten(content_dir)),
        _ => Ok(()),
    }
}

/// The credential an entry issues (or corrects into), if it issues one.
pub(super) fn issued(e: &LogEntry) -> Option<Digest> {
    matches!(e.event, crate::tlog::entry::Event::Issued | crate::tlog::entry::Event::Corrected)
        .then(|| e.digest())
        .flatten()
}

/// `hallmark.checkpoints`, or a new one for a log that starts now; its key must be the log key.
fn read_checkpoints(content_dir: &Path, snapshot: &Snapshot, key: &Key) -> Result<Checkpoints> {
    let path = content_dir.join(CHECKPOINTS_FILE);
    let origin = crate::tlog::origin_of(&snapshot.settings.base_url);
    let ours = NoteVerifier::new(&origin, key.verifying_key(), KeyType::Ed25519);
    let checkpoints = match std::fs::read_to_string(&path) {
        Ok(text) => Checkpoints::parse(&text).map_err(|(n, m)| damaged(CHECKPOINTS_FILE, content_dir, n, &m))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Checkpoints::new(&origin, &ours.vkey())),
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let pinned = NoteVerifier::parse(&checkpoints.vkey).map_err(|m| damaged(CHECKPOINTS_FILE, content_dir, 3, &m))?;
    if pinned.key != ours.key {
        return Err(Error::Key(
            Failure::new(format!(
                "this site's log is signed with the key {} ({CHECKPOINTS_FILE}), but the log key found is another",
                checkpoints.vkey
            ))
            .fix(format!(
                "use the site's log key ({} or [log] key_file); a log's key never changes",
                crate::keys::LOG_KEY_ENV
            )),
        ));
    }
    Ok(checkpoints)
}

/// Parses every line, strictly; the first bad one with its 1-based number.
/// Where the first `n` lines of `text` end when each is ended by `\n` and none holds a `\r`, as a
/// build writes them.
fn written_end(text: &str, n: u64) -> Option<usize> {
    let end = match n {
        0 => 0,
        n => memchr::memchr_iter(b'\n', text.as_bytes()).nth(usize::try_from(n - 1).ok()?)? + 1,
    };
    (!text.as_bytes()[..end].contains(&b'\r')).then_some(end)
}

fn parse_lines(lines: &[&str]) -> std::result::Result<Vec<LogEntry>, (usize, String)> {
    use rayon::prelude::*;
    lines
        .par_iter()
        .enumerate()
        .map(|(i, l)| LogEntry::parse(l).map_err(|m| (i + 1, format!("the entry {m}"))))
        .collect()
}

/// The leaf hashes of `lines`, on both cores.
pub(crate) fn leaf_hashes<S: AsRef<str> + Sync>(lines: &[S]) -> Vec<crate::tlog::merkle::Hash> {
    use rayon::prelude::*;
    lines.par_iter().map(|l| leaf_hash(l.as_ref().as_bytes())).collect()
}
