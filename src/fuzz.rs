//! Fuzz targets, run by the test suite for a bounded number of cases (proptest): the roster
//! reader, the ledger reader and `hallmark verify`'s parsers must never panic, whatever bytes they
//! are given. Each input is a seed from the committed corpus (`tests/fuzz/<target>/`) with random
//! byte flips, insertions, deletions and splices. `PROPTEST_CASES=100000 cargo test --lib fuzz`
//! runs them longer; a failure is shrunk and saved under `proptest-regressions/`, to commit.

use proptest::prelude::*;

/// The corpus of `target`, as bytes.
fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz").join(target);
    let mut seeds: Vec<Vec<u8>> =
        std::fs::read_dir(dir).unwrap().map(|e| std::fs::read(e.unwrap().path()).unwrap()).collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "the corpus of {target} is empty");
    seeds
}

/// A seed of `target`, mutated.
fn mutated(target: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let seeds = corpus(target);
    let n = seeds.len();
    let edit = (any::<u8>(), any::<prop::sample::Index>(), any::<u8>(), any::<prop::sample::Index>());
    (0..n, prop::collection::vec(edit, 0..12)).prop_map(move |(i, edits)| {
        let mut bytes = seeds[i].clone();
        for (op, at, byte, other) in edits {
            let pos = if bytes.is_empty() { 0 } else { at.index(bytes.len()) };
            match op % 5 {
                0 if !bytes.is_empty() => bytes[pos] ^= byte.max(1),
                1 => bytes.insert(pos, byte),
                2 if !bytes.is_empty() => {
                    bytes.remove(pos);
                }
                // Splice: a run of bytes from elsewhere in the input (repeats a field, a line…).
                3 if !bytes.is_empty() => {
                    let from = other.index(bytes.len());
                    let run: Vec<u8> = bytes[from..(from + usize::from(byte % 64)).min(bytes.len())].to_vec();
                    bytes.splice(pos..pos, run);
                }
                _ => bytes.truncate(pos),
            }
        }
        bytes
    })
}

fn config() -> ProptestConfig {
    // 256 cases each by default (a few seconds); PROPTEST_CASES overrides.
    ProptestConfig { failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fuzz_the_roster_reader(bytes in mutated("roster")) {
        use crate::model::content::roster::{parse, Context};
        let text = String::from_utf8_lossy(&bytes);
        let valid_for = std::collections::BTreeMap::new();
        let today = crate::ground::date::Date::new(2026, 11, 22).unwrap();
        let results = std::collections::BTreeMap::new();
        let context = Context {
            badges: &["sql", "first-aid"],
            shared_badges: &["sql".into(), "first-aid".into()],
            valid_for: &valid_for,
            today,
            max_name_length: 200,
            results: &results,
            content_dir: std::path::Path::new("."),
        };
        let mut problems = crate::ground::error::Problems::new();
        let cfg = crate::model::config::RosterConfig::default();
        let awards = parse(std::path::Path::new("recipients/x.csv"), &text, &cfg, &context, &mut problems);
        prop_assert!(problems.len() <= 202, "{} problems", problems.len());
        for a in &awards {
            prop_assert!(!a.name.is_empty() && a.name.chars().count() <= 200);
        }
    }

    #[test]
    fn fuzz_the_ledger_reader(bytes in mutated("ledger")) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(ledger) = crate::model::ledger::Ledger::parse(&text) {
            // What is accepted has unique ids and indexes, and writes back to what reads the same.
            let mut ids = std::collections::HashSet::new();
            for e in ledger.entries() {
                prop_assert!(ids.insert(e.id()));
                prop_assert!(e.id().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            }
            let again = crate::model::ledger::Ledger::parse(&ledger.to_text()).unwrap();
            prop_assert_eq!(again, ledger);
        }
    }

    #[test]
    fn fuzz_the_verify_parsers(bytes in mutated("verify")) {
        let _ = crate::verify::input::parse_bytes(&bytes);
        let _ = crate::render::bake::unbake_png_within(&bytes, 1 << 20);
    }
}
