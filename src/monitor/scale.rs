//! A log of a million entries, synthesized: how long publishing all its tiles takes (what a build
//! does when the output is gone), and `hallmark log verify --full` of it. Ignored in the test suite
//! (a minute of work and a few hundred megabytes); BENCHMARKS.md gives the figures of
//! `cargo test --release --lib -- --ignored --nocapture monitor::scale`. `HALLMARK_LOG_BENCH_SIZE`
//! sets the size (default 1,000,000).

use std::time::Instant;

use crate::crypto::Key;
use crate::ground::date::Date;
use crate::tlog::entry::{Digest, Event, LogEntry, Position, Subject};
use crate::tlog::merkle::{leaf_hash, Tree};
use crate::tlog::note::{checkpoint_body, sign, Head, KeyType, Note, NoteVerifier};
use crate::tlog::tiles::published_tiles;

/// `n` entries as a site logs them: the key, then one issuance per credential.
fn entries(n: u64) -> Vec<String> {
    let day = Date::new(2026, 11, 22).expect("a date");
    let key = LogEntry {
        event: Event::KeyAdded,
        logged: day,
        effective: day,
        subject: Subject::Key("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".into()),
        position: None,
        replaces: None,
    };
    let issued = (0..n - 1).map(|i| {
        let d: [u8; 32] =
            sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(i.to_le_bytes())).into();
        LogEntry {
            event: Event::Issued,
            logged: day,
            effective: Date::new(2025, 1 + (i % 12) as u8, 1 + (i % 28) as u8).expect("a date"),
            subject: Subject::Credential(Digest(d)),
            position: Some(Position::of_index(i)),
            replaces: None,
        }
    });
    std::iter::once(key).chain(issued).map(|e| e.to_string()).collect()
}

#[test]
#[ignore = "a benchmark: a million entries take a minute and a few hundred megabytes"]
fn a_million_entries_publish_and_verify() {
    let size: u64 = std::env::var("HALLMARK_LOG_BENCH_SIZE").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let site = dir.path();
    let lines = entries(size);
    let key = Key::from_seed([9; 32]);
    let origin = "bench.example/log";
    let verifier = NoteVerifier::new(origin, key.verifying_key(), KeyType::Ed25519);
    let did = serde_json::json!({ "service": [{ "id": "#log", "vkey": verifier.vkey() }] });
    std::fs::write(site.join("did.json"), did.to_string()).expect("did.json");

    // Every tile and bundle, from the entries: hashing, the tree, and the files written.
    let start = Instant::now();
    let tree = {
        use rayon::prelude::*;
        Tree::from_leaves(lines.par_iter().map(|l| leaf_hash(l.as_bytes())).collect())
    };
    let tiles = published_tiles(&[size]);
    for tile in &tiles {
        let bytes = match tile.level {
            Some(_) => tile.hash_bytes(&tree),
            None => tile.bundle_bytes(&lines),
        };
        let path = site.join("log").join(tile.path());
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a tile directory");
        std::fs::write(&path, bytes).expect("a tile");
    }
    let head = Head { size, root: tree.root(size) };
    let body = checkpoint_body(origin, head);
    let note = Note { sigs: vec![sign(&body, origin, &key)], body };
    std::fs::write(site.join("log/checkpoint"), note.to_text()).expect("the checkpoint");
    let publishing = start.elapsed();

    let start = Instant::now();
    let options = super::LogVerifyOptions {
        site: site.to_string_lossy().into_owned(),
        state: None,
        since: None,
        full: true,
        credentials: false,
    };
    let report = super::verify_log(&options).expect("the log is read");
    let verifying = start.elapsed();
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.size, size);
    eprintln!(
        "log of {size} entries: {} tiles and bundles published in {:.2} s; log verify --full in {:.2} s",
        tiles.len(),
        publishing.as_secs_f64(),
        verifying.as_secs_f64()
    );
}
