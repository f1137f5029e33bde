//! `hallmark log verify`: what a verifier or a monitor checks of a site's public log, from its
//! directory or its URL: the checkpoint's signature by the key did.json names, consistency with a
//! checkpoint seen before (`--since`, or the state a monitor keeps with `--state`), and, with
//! `--full`, every entry, hash and tile recomputed, the log's rules replayed, back-dating reported
//! and (`--credentials`) the status lists held to the events. `hallmark witness update` lives here
//! too: a witness is a monitor that signs what it checked.

mod full;
#[cfg(test)]
mod scale;
mod source;
pub mod witness;

use std::path::PathBuf;

use serde_json::Value;

use crate::ground::error::{Error, Failure, Result};
use crate::tlog::merkle::{consistency_proof, verify_consistency};
use crate::tlog::note::{parse_body, Head, KeyType, Note, NoteVerifier};
use crate::tlog::tiles::TileHashes;
pub(crate) use source::Source;

/// What `hallmark log verify` is asked to check.
#[derive(Debug, Clone, Default)]
pub struct LogVerifyOptions {
    /// The site: a directory or a URL.
    pub site: String,
    /// A file holding the checkpoint seen last; created, then updated after every good run.
    pub state: Option<PathBuf>,
    /// A file holding an earlier checkpoint the log must still be consistent with.
    pub since: Option<PathBuf>,
    /// Recompute everything from the entries.
    pub full: bool,
    /// Hold the status lists to the events (implies `full`).
    pub credentials: bool,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub ok: bool,
    pub what: String,
}

/// What `hallmark log verify` found.
#[derive(Debug, Clone, Default)]
pub struct LogReport {
    pub origin: String,
    pub size: u64,
    /// Names on the checkpoint's other signature lines (cosigners; not verified here).
    pub cosigners: Vec<String>,
    pub findings: Vec<Finding>,
}

impl LogReport {
    /// Whether every check passed.
    pub fn ok(&self) -> bool {
        self.findings.iter().all(|f| f.ok)
    }

    fn check(&mut self, ok: bool, what: impl Into<String>) {
        self.findings.push(Finding { ok, what: what.into() });
    }
}

/// The log's verifier key, from the site's DID document.
pub(crate) fn log_verifier(site: &Source) -> std::result::Result<NoteVerifier, String> {
    let doc: Value = serde_json::from_slice(&site.get("did.json")?).map_err(|e| format!("did.json: {e}"))?;
    let vkey = doc["service"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|s| s["vkey"].as_str())
        .ok_or("did.json names no public log (no service with a vkey)")?;
    let v = NoteVerifier::parse(vkey)?;
    if v.kind != KeyType::Ed25519 {
        return Err("the log's vkey is not an Ed25519 log key".into());
    }
    Ok(v)
}

/// Reads and verifies a checkpoint note of the log `v` names.
pub(crate) fn open_checkpoint(text: &str, v: &NoteVerifier) -> std::result::Result<(Head, Note), String> {
    let note = Note::parse(text).ok_or("is not a signed note")?;
    note.verified_by(v).ok_or("its signature does not verify with the log's key")?;
    Ok((parse_body(&note.body, &v.name)?, note))
}

/// Proves that the log of `new` extends the log of `old`, from the site's tiles.
pub(crate) fn prove_consistency(site: &Source, old: Head, new: Head) -> std::result::Result<(), String> {
    if old.size > new.size {
        return Err(format!("the log shrank from {} to {} entries: it was rewritten", old.size, new.size));
    }
    let hashes = TileHashes::new(new.size, |t: &crate::tlog::tiles::Tile| site.get(&format!("log/{}", t.path())));
    let proof = if old.size == new.size { Vec::new() } else { consistency_proof(&hashes, old.size, new.size)? };
    if !verify_consistency(old.size, new.size, &old.root, &new.root, &proof) {
        return Err(format!(
            "the log of {} entries is not an extension of the checkpoint of {}: it was rewritten",
            new.size, old.size
        ));
    }
    Ok(())
}

fn usage(msg: String) -> Error {
    Error::Usage(Failure::new(msg).fix("name a built site's directory or its URL, and a checkpoint file it signed"))
}

/// Checks the log of `options.site`.
pub fn verify_log(options: &LogVerifyOptions) -> Result<LogReport> {
    let site = Source::open(&options.site);
    let v = log_verifier(&site).map_err(usage)?;
    let mut report = LogReport { origin: v.name.clone(), ..LogReport::default() };
    let text = site.text("log/checkpoint").map_err(usage)?;
    let (head, note) = match open_checkpoint(&text, &v) {
        Ok(c) => c,
        Err(e) => {
            report.check(false, format!("log/checkpoint: {e}"));
            return Ok(report);
        }
    };
    report.size = head.size;
    report.cosigners = note.sigs.iter().filter(|s| s.name != v.name).map(|s| s.name.clone()).collect();
    report.check(true, format!("log/checkpoint is signed by the log key in did.json ({} entries)", head.size));
    for (flag, path) in [("since", &options.since), ("state", &options.state)] {
        let Some(path) = path else { continue };
        let old = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if flag == "state" && e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io("read", path, e)),
        };
        match open_checkpoint(&old, &v).and_then(|(o, _)| prove_consistency(&site, o, head).map(|()| o)) {
            Ok(o) => report
                .check(true, format!("consistent with the checkpoint of {} entries in {}", o.size, path.display())),
            Err(e) => report.check(false, format!("{}: {e}", path.display())),
        }
    }
    if options.full || options.credentials {
        full::audit(&site, head, options.credentials, &mut report);
    }
    if let Some(state) = options.state.as_ref().filter(|_| report.ok()) {
        crate::ground::fsio::write_atomically(state, text.as_bytes())?;
    }
    Ok(report)
}
