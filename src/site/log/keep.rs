//! The log as the last build left it, kept in `.hallmark/log-state`: the Merkle tree, each entry's
//! credential digest and the rules' state, for exactly the `hallmark.log` they were made from (its
//! length and SHA-256, and the head the ledger commits to). A build that finds them valid skips
//! parsing, hashing and replaying the whole log to append a few entries; any other log (a line
//! edited, deleted or added by hand) is read and checked in full, as without this file. It is a
//! cache: losing it costs time, never correctness, and it is written only by a build that wrote the
//! ledger.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::ground::date::Date;
use crate::model::ledger::LogHead;
use crate::tlog::entry::{Digest, Position};
use crate::tlog::merkle::{Hash, Tree};
use crate::tlog::rules::{LogState, Logged};

const MAGIC: &[u8] = b"hallmark log-state 2\n";
const FILE: &str = "log-state";

/// What identifies the log a state belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    /// The bytes of `hallmark.log` it was made from, and their SHA-256.
    pub len: u64,
    pub sha256: Hash,
    pub head: LogHead,
}

/// The kept parts of a log.
pub(super) struct Kept {
    pub tree: Tree,
    /// The credential each issuing (or correcting) entry issued, by entry index.
    pub digests: Vec<Option<Digest>>,
    pub state: LogState,
}

fn path(content_dir: &Path) -> PathBuf {
    crate::ground::layout::work_dir(content_dir).join(FILE)
}

/// What the kept state says it was made from, read from its start alone.
pub(super) fn stamp(content_dir: &Path) -> Option<Stamp> {
    use std::io::Read as _;
    let mut head = [0u8; MAGIC.len() + 8 + 32 + 8 + 32];
    std::fs::File::open(path(content_dir)).ok()?.read_exact(&mut head).ok()?;
    let mut r = Reader { bytes: &head, at: 0 };
    (r.take(MAGIC.len())? == MAGIC).then(|| r.stamp()).flatten()
}

/// The kept state, if it was made from the log `stamp` names. The tree and the credentials are read
/// side by side, then each entry's digest and each status position's holder.
pub(super) fn read(content_dir: &Path, stamp: &Stamp) -> Option<Kept> {
    let bytes = std::fs::read(path(content_dir)).ok()?;
    let mut r = Reader { bytes: &bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC || r.stamp()? != *stamp {
        return None;
    }
    // Where the state starts: after each level, a count and its hashes.
    let mut tree_end = Reader { bytes: &bytes, at: r.at };
    for _ in 0..tree_end.u64()? {
        let n = tree_end.count(32)?;
        tree_end.take(n * 32)?;
    }
    let (tree, state) = rayon::join(
        || {
            let mut t = Reader { bytes: &bytes[..tree_end.at], at: r.at };
            let levels = (0..t.u64()?).map(|_| t.hashes()).collect::<Option<Vec<_>>>()?;
            Tree::from_levels(levels).filter(|t| t.size() == stamp.head.size)
        },
        || {
            let mut s = Reader { bytes: &bytes, at: tree_end.at };
            let state = s.state()?;
            (s.at == bytes.len() && state.size == stamp.head.size).then_some(state)
        },
    );
    let (tree, mut state) = (tree?, state?);
    let (digests, positions) = rayon::join(|| digests_of(&state), || holders_of(&state));
    state.positions = positions;
    Some(Kept { tree, digests: digests?, state })
}

/// The credential each issuing entry issued, by entry index.
fn digests_of(state: &LogState) -> Option<Vec<Option<Digest>>> {
    let mut digests = vec![None; usize::try_from(state.size).ok()?];
    for (d, c) in &state.credentials {
        *digests.get_mut(usize::try_from(c.index).ok()?)? = Some(*d);
    }
    Some(digests)
}

/// Each status position's holder: the latest credential issued there.
fn holders_of(state: &LogState) -> HashMap<Position, Digest, crate::tlog::rules::ByPosition> {
    use std::collections::hash_map::Entry;
    let mut holders: HashMap<Position, Digest, crate::tlog::rules::ByPosition> =
        HashMap::with_capacity_and_hasher(state.credentials.len(), Default::default());
    for (d, c) in &state.credentials {
        match holders.entry(c.position) {
            Entry::Vacant(v) => {
                v.insert(*d);
            }
            // A position issued at again (a correction): the later issuance holds it.
            Entry::Occupied(mut o) => {
                if state.credentials.get(o.get()).is_some_and(|held| held.index < c.index) {
                    o.insert(*d);
                }
            }
        }
    }
    holders
}

/// Keeps the state of the log `stamp` names; a failure only costs the next build time.
pub(super) fn write(content_dir: &Path, stamp: &Stamp, tree: &Tree, state: &LogState) {
    let mut w = Vec::with_capacity(128 * (tree.size() as usize) + 1024);
    w.extend_from_slice(MAGIC);
    w.extend(stamp.len.to_le_bytes());
    w.extend(stamp.sha256);
    w.extend(stamp.head.size.to_le_bytes());
    w.extend(stamp.head.root);
    w.extend((tree.levels().len() as u64).to_le_bytes());
    for level in tree.levels() {
        w.extend((level.len() as u64).to_le_bytes());
        level.iter().for_each(|h| w.extend(h));
    }
    write_state(&mut w, state);
    let file = path(content_dir);
    let _ = std::fs::create_dir_all(crate::ground::layout::work_dir(content_dir));
    let _ = crate::ground::fsio::write_atomically(&file, &w);
}

fn write_state(w: &mut Vec<u8>, s: &LogState) {
    let mut keys: Vec<&String> = s.keys.iter().collect();
    keys.sort();
    w.extend((keys.len() as u64).to_le_bytes());
    for k in keys {
        w.extend((k.len() as u64).to_le_bytes());
        w.extend(k.as_bytes());
    }
    w.extend(s.last_logged.map_or(i64::MIN, Date::days).to_le_bytes());
    w.extend(s.size.to_le_bytes());
    w.extend((s.credentials.len() as u64).to_le_bytes());
    for (d, c) in &s.credentials {
        w.extend(d.0);
        w.extend(c.index.to_le_bytes());
        w.extend(c.position.list.to_le_bytes());
        w.extend(c.position.bit.to_le_bytes());
        w.extend(c.effective.days().to_le_bytes());
        w.extend(c.logged.days().to_le_bytes());
        w.push(u8::from(c.revoked) | u8::from(c.suspended) << 1 | u8::from(c.replaced_by.is_some()) << 2);
        if let Some(r) = c.replaced_by {
            w.extend(r.0);
        }
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn hash(&mut self) -> Option<Hash> {
        self.take(32)?.try_into().ok()
    }

    /// A count of items of at least `each` bytes, no more than the bytes left can hold.
    fn count(&mut self, each: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= (self.bytes.len() - self.at) / each).then_some(n)
    }

    fn hashes(&mut self) -> Option<Vec<Hash>> {
        let n = self.count(32)?;
        let raw = self.take(n * 32)?;
        Some(raw.chunks_exact(32).map(|c| c.try_into().expect("32 bytes")).collect())
    }

    fn date(&mut self) -> Option<Date> {
        Some(Date::from_days(self.i64()?))
    }

    fn stamp(&mut self) -> Option<Stamp> {
        let (len, sha256) = (self.u64()?, self.hash()?);
        Some(Stamp { len, sha256, head: LogHead { size: self.u64()?, root: self.hash()? } })
    }

    fn state(&mut self) -> Option<LogState> {
        let mut s = LogState::default();
        for _ in 0..self.count(8)? {
            let n = self.count(1)?;
            s.keys.insert(String::from_utf8(self.take(n)?.to_vec()).ok()?);
        }
        s.last_logged = Some(self.i64()?).filter(|&d| d != i64::MIN).map(Date::from_days);
        s.size = self.u64()?;
        let n = self.count(32 + 8 * 5 + 1)?;
        s.credentials.reserve(n);
        for _ in 0..n {
            let d = Digest(self.hash()?);
            let index = self.u64()?;
            let position = Position { list: self.u64()?, bit: self.u64()? };
            let (effective, logged) = (self.date()?, self.date()?);
            let flags = self.take(1)?[0];
            let replaced = if flags & 4 != 0 { Some(Digest(self.hash()?)) } else { None };
            let c = Logged {
                index,
                position,
                effective,
                logged,
                revoked: flags & 1 != 0,
                suspended: flags & 2 != 0,
                replaced_by: replaced,
            };
            s.credentials.insert(d, c);
        }
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tlog::entry::{Event, LogEntry, Subject};

    #[test]
    fn the_kept_state_reads_back_only_for_the_log_it_was_made_from() {
        let dir = tempfile::tempdir().unwrap();
        let day = Date::new(2026, 3, 2).unwrap();
        let mut entries: Vec<LogEntry> = (0..5u8)
            .map(|i| LogEntry {
                event: Event::Issued,
                logged: day,
                effective: day,
                subject: Subject::Credential(Digest([i; 32])),
                position: Some(Position { list: 1, bit: u64::from(i) }),
                replaces: None,
            })
            .collect();
        // A correction at the first position: it holds the position now.
        let correction = LogEntry {
            event: Event::Corrected,
            subject: Subject::Credential(Digest([9; 32])),
            replaces: Some(Digest([0; 32])),
            ..entries[0].clone()
        };
        entries.push(correction);
        let state = LogState::replay(&entries).unwrap();
        assert_eq!(state.positions.get(&Position { list: 1, bit: 0 }), Some(&Digest([9; 32])));
        let tree = Tree::from_leaves((0..6u8).map(|i| [i; 32]).collect());
        let digests: Vec<Option<Digest>> = entries.iter().map(LogEntry::digest).collect();
        let stamp = Stamp { len: 450, sha256: [7; 32], head: LogHead { size: 6, root: tree.root(6) } };
        write(dir.path(), &stamp, &tree, &state);
        let kept = read(dir.path(), &stamp).expect("read back");
        assert_eq!((kept.tree, kept.digests), (tree, digests));
        assert_eq!(kept.state.credentials, state.credentials);
        assert_eq!((kept.state.positions, kept.state.size, kept.state.last_logged), (state.positions, 6, Some(day)));
        for other in [
            Stamp { len: 451, ..stamp },
            Stamp { sha256: [8; 32], ..stamp },
            Stamp { head: LogHead { size: 5, ..stamp.head }, ..stamp },
        ] {
            assert!(read(dir.path(), &other).is_none());
        }
        // Cut short, or with a byte more: not a kept state.
        let file = path(dir.path());
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 1]).unwrap();
        assert!(read(dir.path(), &stamp).is_none());
        std::fs::write(&file, [&bytes[..], &[0]].concat()).unwrap();
        assert!(read(dir.path(), &stamp).is_none());
    }
}
