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

use super::Entry;

/// The file's name in the project's `.hallmark/` directory.
const FILE: &str = "shards";
pub(super) const VERSION: &str = concat!("hallmark-shards 1 ", env!("CARGO_PKG_VERSION"));

/// The shards whose text is known to be their bytes: (digest, with log indexes).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct RoundTrips(pub(super) Vec<(String, bool)>);

impl RoundTrips {
    pub(super) fn path(content_dir: &Path) -> PathBuf {
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

    /// The findings for the shards of these `digests` (those found on disk), made `with_log`: only
    /// the current shards are kept.
    pub(crate) fn of<'d>(digests: impl Iterator<Item = &'d str>, with_log: bool) -> RoundTrips {
        RoundTrips(digests.map(|d| (d.to_string(), with_log)).collect())
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
        // `.hallmark/` is there: the build holds its lock in it.
        let _ = crate::ground::fsio::write_atomically(&Self::path(content_dir), text.as_bytes());
    }

    pub(super) fn holds(&self, digest: &str, with_log: bool) -> bool {
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
