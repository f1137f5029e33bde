//! A closed shard known to be the one on disk without being written again.
//!
//! A build that writes the ledger makes each closed shard's text from its entries and compares its
//! digest with the one the index names: at 100,000 credentials a closed shard is 21 MB, made and
//! hashed in every build that issues one credential (6 % of its time), and nearly always the same.
//! It is the same, with no text made, when both of these hold:
//! - its entries are the very ones read from that shard (the same values in memory, so no build
//!   step changed them: a changed entry is a copy), with the log indexes they were read with;
//! - an earlier build found that the text made from the entries read from a shard of that digest
//!   is that shard's bytes (in that format, with or without log indexes). Reading is a function of
//!   the bytes, and making the text a function of the entries, so this holds for every build that
//!   reads the same bytes with the same hallmark. Those findings are kept in `.hallmark/shards`
//!   (never committed), by hallmark's version; without the file every closed shard is made again.

use std::path::{Path, PathBuf};

use super::shards::{shard_name, ShardFile, ShardRef};
use super::{Entry, Line};

/// The file's name in the project's `.hallmark/` directory.
const FILE: &str = "shards";
const VERSION: &str = concat!("hallmark-shards 1 ", env!("CARGO_PKG_VERSION"));

/// The shards whose text is known to be their bytes: (digest, with log indexes).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct RoundTrips(Vec<(String, bool)>);

impl RoundTrips {
    fn path(content_dir: &Path) -> PathBuf {
        crate::ground::layout::work_dir(content_dir).join(FILE)
    }

    /// What earlier builds of this version of hallmark found (nothing, if the file is missing,
    /// damaged or from another version).
    pub(crate) fn read(content_dir: &Path) -> RoundTrips {
        let Ok(text) = std::fs::read_to_string(Self::path(content_dir)) else { return RoundTrips::default() };
        let mut lines = text.lines();
        if lines.next() != Some(VERSION) {
            return RoundTrips::default();
        }
        let found = lines.map(|l| match l.split_once(' ') {
            Some((digest, "0")) => Some((digest.to_string(), false)),
            Some((digest, "1")) => Some((digest.to_string(), true)),
            _ => None,
        });
        RoundTrips(found.collect::<Option<_>>().unwrap_or_default())
    }

    /// The findings for `shards` (those found on disk), made `with_log`: only the current shards
    /// are kept.
    pub(crate) fn of(shards: &[ShardFile], with_log: bool) -> RoundTrips {
        RoundTrips(shards.iter().filter(|s| s.on_disk).map(|s| (s.digest.clone(), with_log)).collect())
    }

    /// Keeps these findings for the next build, when they differ from `before`. Only a shortcut:
    /// one that cannot be written costs the next build its speed.
    pub(crate) fn keep(&self, content_dir: &Path, before: &RoundTrips) {
        if self == before {
            return;
        }
        let mut text = format!("{VERSION}\n");
        for (digest, with_log) in &self.0 {
            text.push_str(&format!("{digest} {}\n", u8::from(*with_log)));
        }
        let _ = crate::site::cache::BuildCache::write(&Self::path(content_dir), &text);
    }

    fn holds(&self, digest: &str, with_log: bool) -> bool {
        self.0.iter().any(|(d, l)| d == digest && *l == with_log)
    }
}

/// The ledger as read: its entries in the order of its shards, each entry's shard, and what is
/// known of the shards' text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadBack<'a> {
    pub entries: &'a [Entry],
    pub shard_of: &'a [u32],
    pub round_trips: &'a RoundTrips,
}

impl ReadBack<'_> {
    /// Closed shard `k` holding `entries`, when it is the shard of its name `on_disk` (see the
    /// module's documentation); `None` when that is not known without making its text.
    pub(super) fn unchanged<E: Line>(
        &self,
        k: usize,
        entries: &[E],
        with_log: bool,
        on_disk: &[ShardRef],
    ) -> Option<ShardFile> {
        let name = shard_name(k);
        let disk = on_disk.get(k).filter(|d| d.name == name && d.count == entries.len())?;
        if !self.round_trips.holds(&disk.digest, with_log) {
            return None;
        }
        let start: usize = on_disk[..k].iter().map(|s| s.count).sum();
        let read = self.entries.get(start..start + entries.len())?;
        let shards = self.shard_of.get(start..start + entries.len())?;
        let same = shards.iter().all(|s| *s as usize == k)
            && entries.iter().zip(read).all(|(e, r)| std::ptr::eq(e.entry(), r) && e.log_index() == r.log_index);
        same.then(|| ShardFile {
            digest: disk.digest.clone(),
            name,
            text: String::new(),
            count: entries.len(),
            on_disk: true,
            staged: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::date::Date;
    use crate::model::ledger::{files_of, store, EntryParts, Layout, Ledger, LogHead, Logged, Recorded};

    fn entry(i: u64) -> Entry {
        EntryParts {
            id: format!("{:0>20}", format!("c{i}")),
            index: i,
            badge: "sql".into(),
            issued: Date::new(2026, 1, 1 + (i % 28) as u8).unwrap(),
            expires: None,
            replaced_by: None,
            recipient: format!("{i:032x}"),
            salt: format!("{:016x}", i.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
            identity: format!("sha256${:064x}", u128::from(i) * 0x0123_4567_89ab_cdef),
            evidence: vec![],
            name: format!("Learner {i}"),
            log_index: Some(i),
            claims: None,
        }
        .into()
    }

    const HEAD: Option<LogHead> = Some(LogHead { size: 7, root: [5; 32] });
    const FAKE: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    /// Which shards of `lines` are taken as on disk, against `loaded`'s shards under a false digest
    /// (so that only a shard known without its text is taken), with `findings`.
    fn taken(loaded: &Ledger, lines: &[Logged<'_>], findings: &RoundTrips) -> Vec<bool> {
        let counts = loaded.shard_counts();
        let refs: Vec<ShardRef> =
            loaded.shard_refs().iter().map(|r| ShardRef { digest: FAKE.into(), ..r.clone() }).collect();
        let layout = Layout { read: Some(loaded.read_back(findings)), ..Layout::after(&counts, &refs) };
        let layout = Layout { per_shard: 100, ..layout };
        let files = files_of(lines, None, Recorded::default(), HEAD, (&layout, None)).unwrap();
        files.shards.iter().map(|s| s.on_disk && s.text.is_empty() && s.digest == FAKE).collect()
    }

    /// A closed shard is known to be on disk, with no text made, from a finding for its digest and
    /// its entries alone: the very entries read from it, with the log indexes they were read with.
    /// A copy of an entry, another log index, or a finding for the other format makes its text.
    #[test]
    fn a_closed_shard_is_known_from_a_finding_and_the_entries_read_from_it() {
        let dir = tempfile::tempdir().unwrap();
        let entries: Vec<Entry> = (0..350).map(entry).collect();
        let layout = Layout { per_shard: 100, ..Layout::after(&[], &[]) };
        store::write(dir.path(), &files_of(&entries, None, Recorded::default(), HEAD, (&layout, None)).unwrap())
            .unwrap();
        let loaded = Ledger::load(dir.path()).unwrap();
        assert_eq!(loaded.shard_counts(), [100, 100, 100, 50]);
        let new = entry(350);
        let mut lines: Vec<Logged<'_>> =
            loaded.entries().iter().chain([&new]).map(|e| Logged { entry: e, log_index: e.log_index }).collect();
        let with_log = RoundTrips(vec![(FAKE.into(), true)]);
        // The three closed shards; the last one takes the new entry.
        assert_eq!(taken(&loaded, &lines, &with_log), [true, true, true, false]);
        assert_eq!(taken(&loaded, &lines, &RoundTrips(vec![(FAKE.into(), false)])), [false; 4]);
        assert_eq!(taken(&loaded, &lines, &RoundTrips::default()), [false; 4]);
        let copy = loaded.entries()[150].clone();
        lines[150].entry = &copy;
        lines[250].log_index = Some(9999);
        assert_eq!(taken(&loaded, &lines, &with_log), [true, false, false, false]);
    }

    /// Findings are kept for the next build of the same hallmark, and written only when they change.
    #[test]
    fn findings_are_kept_by_version() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let found = RoundTrips(vec![("ab".repeat(32), true), ("cd".repeat(32), false)]);
        found.keep(&content, &RoundTrips::default());
        assert_eq!(RoundTrips::read(&content), found);
        let path = RoundTrips::path(&content);
        std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace(VERSION, "hallmark-shards 1 0.0.0"))
            .unwrap();
        assert_eq!(RoundTrips::read(&content), RoundTrips::default());
        found.keep(&content, &found);
        assert_eq!(RoundTrips::read(&content), RoundTrips::default(), "unchanged findings are not written");
        std::fs::write(&path, format!("{VERSION}\nab 2\n")).unwrap();
        assert_eq!(RoundTrips::read(&content), RoundTrips::default(), "a damaged file is no finding");
    }
}
