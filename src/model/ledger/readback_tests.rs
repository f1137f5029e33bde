//! Closed shards known to be on disk without their text made (see `readback`), and the findings
//! kept for that.

use super::readback::{RoundTrips, VERSION};
use super::shards::ShardRef;
use super::Entry;
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
    store::write(dir.path(), &files_of(&entries, None, Recorded::default(), HEAD, (&layout, None)).unwrap()).unwrap();
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
    // As a build finds it: `.hallmark/` holds the site's lock.
    std::fs::create_dir_all(RoundTrips::path(&content).parent().unwrap()).unwrap();
    let found = RoundTrips(vec![("ab".repeat(32), true), ("cd".repeat(32), false)]);
    found.keep(&content, &RoundTrips::default());
    assert_eq!(RoundTrips::read(&content), found);
    let path = RoundTrips::path(&content);
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace(VERSION, "hallmark-shards 1 0.0.0")).unwrap();
    assert_eq!(RoundTrips::read(&content), RoundTrips::default());
    found.keep(&content, &found);
    assert_eq!(RoundTrips::read(&content), RoundTrips::default(), "unchanged findings are not written");
    std::fs::write(&path, format!("{VERSION}\nab 2\n")).unwrap();
    assert_eq!(RoundTrips::read(&content), RoundTrips::default(), "a damaged file is no finding");
}
