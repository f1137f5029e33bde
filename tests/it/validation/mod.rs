//! Every content problem is reported with file:line:column and a fix, all together, and loses nothing.

use crate::support::{self, stderr, Site};

/// Builds after `mutate`, expects failure, and returns stderr; checks nothing was written.
fn failing_build(mutate: impl FnOnce(&Site)) -> String {
    let site = Site::fixture("small");
    site.build();
    let files = site.files();
    let ledger = site.ledger();
    mutate(&site);
    let out = site.run(&["build"]);
    assert!(!out.status.success(), "the build should fail");
    assert_eq!(site.files(), files, "public/ must be untouched");
    assert_eq!(site.ledger(), ledger, "the ledger must be untouched");
    stderr(&out)
}

fn assert_reports(err: &str, location: &str, message: &str, help: &str) {
    let line =
        err.lines().find(|l| l.contains(location)).unwrap_or_else(|| panic!("no problem at {location} in:\n{err}"));
    assert!(line.contains(message), "expected {message:?} at {location}, got:\n{err}");
    assert!(err.contains(help), "expected help {help:?} in:\n{err}");
}

mod basics;
mod brand;
mod certificates;
mod config;
mod encodings;
mod revocations;

/// Builds the fixture after `mutate` and asserts success; returns stderr (warnings).
fn passing_build(mutate: impl FnOnce(&Site)) -> (Site, String) {
    let site = Site::fixture("small");
    mutate(&site);
    let out = site.run(&["build"]);
    assert!(out.status.success(), "the build should pass:\n{}", stderr(&out));
    let err = stderr(&out);
    (site, err)
}

/// Writes raw bytes to a file under the content directory.
fn write_bytes(site: &Site, rel: &str, bytes: &[u8]) {
    std::fs::write(site.content().join(rel), bytes).unwrap();
}

/// The roster `text` as UTF-16 with a byte-order mark, little- or big-endian.
fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for unit in text.encode_utf16() {
        out.extend(if little_endian { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    out
}

/// The ids of the credentials in the site's ledger, in status-index order.
fn ledger_ids(site: &Site) -> Vec<String> {
    let mut entries: Vec<(u64, String)> = site
        .ledger()
        .lines()
        .filter(|l| l.split('\t').count() >= 11)
        .map(|l| {
            let mut fields = l.split('\t');
            let id = fields.next().unwrap().to_string();
            (fields.next().unwrap().parse().unwrap(), id)
        })
        .collect();
    entries.sort();
    entries.into_iter().map(|(_, id)| id).collect()
}

/// A `revocations.toml` for the fixture's first three credentials with five problems: a misspelt key,
/// a date that does not exist, an id that was never issued, a quoted boolean and a misspelt table.
fn bad_revocations(site: &Site) -> String {
    let ids = ledger_ids(site);
    format!(
        "# Reviewed.\n\n\
         [[revoked]]\nid = \"{}\"\ndate = \"2026-11-01\"\nreasn = \"Issued in error\"\n\n\
         [[revoked]]\nid = \"{}\"\ndate = \"2026-11-31\"\n\n\
         [[suspended]]\nid = \"zzzz\"\ndate = 2026-11-02\npublic = \"yes\"\n\n\
         [[revokd]]\nid = \"{}\"\ndate = \"2026-11-03\"\n",
        ids[0], ids[1], ids[2]
    )
}
