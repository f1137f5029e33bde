//! `hallmark log verify --full`: every entry read and parsed, every hash and tile recomputed and
//! compared, the rules replayed, back-dating reported; `--credentials`: the status lists held to
//! what the events say.

use serde_json::Value;

use super::{LogReport, Source};
use crate::crypto::Bitstring;
use crate::ground::layout::{status_list, Purpose};
use crate::tlog::entry::LogEntry;
use crate::tlog::merkle::{leaf_hash, Tree};
use crate::tlog::note::Head;
use crate::tlog::rules::LogState;
use crate::tlog::tiles::{entries_of, new_tiles, Tile, WIDTH};

/// The entry lines of the first `size` entries, from the bundles.
fn read_entries(site: &Source, size: u64) -> Result<Vec<String>, String> {
    let mut lines = Vec::with_capacity(size as usize);
    for n in 0..size.div_ceil(WIDTH) {
        let tile = Tile { level: None, n, width: (size - n * WIDTH).min(WIDTH) };
        let bytes = site.get(&format!("log/{}", tile.path()))?;
        let entries = entries_of(&bytes).filter(|e| e.len() as u64 == tile.width);
        let entries =
            entries.ok_or_else(|| format!("log/{} is not a bundle of {} entries", tile.path(), tile.width))?;
        for e in entries {
            lines.push(
                String::from_utf8(e.to_vec()).map_err(|_| format!("an entry of log/{} is not text", tile.path()))?,
            );
        }
    }
    Ok(lines)
}

fn expected(tile: &Tile, tree: &Tree, lines: &[String]) -> Option<Vec<u8>> {
    match tile.level {
        Some(l) => {
            let count = tree.size() >> (8 * l);
            (tile.n * WIDTH + tile.width <= count).then(|| tile.hash_bytes(tree))
        }
        None => (tile.n * WIDTH + tile.width <= lines.len() as u64).then(|| tile.bundle_bytes(lines)),
    }
}

/// The full audit of the log whose latest checkpoint is `head`.
pub(super) fn audit(site: &Source, head: Head, credentials: bool, report: &mut LogReport) {
    let lines = match read_entries(site, head.size) {
        Ok(l) => l,
        Err(e) => return report.check(false, e),
    };
    let tree = {
        use rayon::prelude::*;
        Tree::from_leaves(lines.par_iter().map(|l| leaf_hash(l.as_bytes())).collect())
    };
    if tree.root(head.size) != head.root {
        return report.check(false, "the entries do not hash to the checkpoint's root: the log was rewritten");
    }
    report.check(true, format!("all {} entries hash to the checkpoint's root", head.size));
    let mut tiles = new_tiles(0, head.size);
    let listed = site.list("log/tile");
    for rel in listed.iter().flatten() {
        match rel.strip_prefix("log/").and_then(Tile::parse_path) {
            Some(t) => tiles.push(t),
            None => report.check(false, format!("{rel} is not a tile")),
        }
    }
    tiles.sort();
    tiles.dedup();
    let bad: Vec<String> = tiles
        .iter()
        .filter(|t| site.get(&format!("log/{}", t.path())).ok() != expected(t, &tree, &lines))
        .map(|t| format!("log/{}", t.path()))
        .collect();
    match bad.first() {
        None => {
            report.check(true, format!("{} tiles and bundles are byte for byte the ones the entries give", tiles.len()))
        }
        Some(first) => report.check(false, format!("{} tiles differ from the entries, the first {first}", bad.len())),
    }
    archived_checkpoints(site, &tree, report);
    let entries: Result<Vec<LogEntry>, String> =
        lines.iter().enumerate().map(|(i, l)| LogEntry::parse(l).map_err(|m| format!("entry {i} {m}"))).collect();
    let state = match entries.map(|e| LogState::replay(&e).map_err(|(n, m)| format!("entry {n}: {m}"))) {
        Ok(Ok(state)) => state,
        Ok(Err(e)) | Err(e) => return report.check(false, format!("the log breaks its rules: {e}")),
    };
    report.check(true, "every entry is canonical and the log keeps its rules (one issuance per status position, no revocation undone, dates in order)");
    let back = state.back_dated();
    if let Some(max) = back.iter().map(|(_, d)| *d).max() {
        report.check(true, format!(
            "{} credentials were logged after the date they say they were issued, by up to {max} days (a site that started its log late logs its older credentials then)",
            back.len()
        ));
    }
    if credentials {
        status_lists(site, &state, report);
    }
}

/// Every published `log/checkpoints/<size>` verifies and matches the tree (directories only).
fn archived_checkpoints(site: &Source, tree: &Tree, report: &mut LogReport) {
    let Ok(v) = super::log_verifier(site) else { return };
    let Some(files) = site.list("log/checkpoints") else { return };
    let wrong: Vec<&String> = files
        .iter()
        .filter(|f| {
            let ok = site.text(f).ok().and_then(|t| super::open_checkpoint(&t, &v).ok());
            !ok.is_some_and(|(h, _)| {
                f.ends_with(&format!("/{}", h.size)) && h.size <= tree.size() && tree.root(h.size) == h.root
            })
        })
        .collect();
    match wrong.first() {
        None => report.check(true, format!("{} archived checkpoints are all prefixes of this log", files.len())),
        Some(f) => report.check(false, format!("{f} is not a checkpoint of this log")),
    }
}

/// The status lists against the log: a bit is set exactly where the events say.
fn status_lists(site: &Source, state: &LogState, report: &mut LogReport) {
    let mut lists: std::collections::BTreeMap<(Purpose, u64), Option<Bitstring>> = Default::default();
    let mut problems = Vec::new();
    let mut positions: Vec<_> = state.positions.iter().collect();
    positions.sort();
    for (p, d) in positions {
        let c = &state.credentials[d];
        let expect = [(Purpose::Revocation, c.revoked || c.replaced_by.is_some()), (Purpose::Suspension, c.suspended)];
        for (purpose, want) in expect {
            if purpose == Purpose::Suspension && c.revoked {
                continue;
            }
            let list = lists.entry((purpose, p.list)).or_insert_with(|| read_list(site, purpose, p.list));
            let Some(bits) = list else { continue };
            if bits.get(p.bit) != want {
                let was = if want { "clear" } else { "set" };
                problems.push(format!(
                    "{} list {} bit {} is {was}, but the log says {}",
                    purpose.as_str(),
                    p.list,
                    p.bit,
                    if want { purpose.as_str() } else { "nothing of it" }
                ));
            }
        }
    }
    for ((purpose, n), list) in &lists {
        if list.is_none() {
            problems.push(format!("status list {} could not be read", status_list(*purpose, *n)));
        }
    }
    match problems.first() {
        None => report.check(true, "every status bit is as the log's events say"),
        Some(_) => {
            for p in problems {
                report.check(false, p);
            }
        }
    }
}

fn read_list(site: &Source, purpose: Purpose, n: u64) -> Option<Bitstring> {
    let doc: Value = serde_json::from_slice(&site.get(&status_list(purpose, n)).ok()?).ok()?;
    Bitstring::decode(doc["credentialSubject"]["encodedList"].as_str()?).ok()
}
