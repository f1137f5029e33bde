//! The log's published files, all derived from `hallmark.log` and `hallmark.checkpoints`:
//! `log/checkpoint` (the latest, with its cosignatures), `log/checkpoints/<size>` (every checkpoint,
//! as the log signed it), the tiles and entry bundles, and each credential's
//! `c/<id>/log.tlog-proof`. Every file but `log/checkpoint` is immutable: one that a previous
//! build published with other bytes stops the build, since a changed log file means a changed log.
//! Unchanged files are kept, not produced again: a build that adds one entry writes a handful.

use std::collections::HashMap;
use std::sync::Arc;

use super::SiteLog;
use crate::ground::error::{Error, Failure, Result};
use crate::ground::layout;
use crate::site::cache::{Cached, Records};
use crate::site::files::FilePath;
use crate::site::output::Sink;
use crate::tlog::note::Note;
use crate::tlog::proof::TlogProof;
use crate::tlog::tiles::{published_tiles, Tile};

/// A credential's proof file, in its directory.
pub(crate) const PROOF_FILE: &str = layout::LOG_PROOF_FILE;
/// The cache record of the files under `log/`.
pub(crate) const LOG_RECORD: &str = "~log";
/// The mutable file: the latest checkpoint.
pub(crate) const CHECKPOINT: &str = "log/checkpoint";

/// A credential's proof file.
pub(crate) fn proof_path(id: &str) -> String {
    format!("{}{PROOF_FILE}", layout::credential_page(id))
}

/// Puts a file that must never change: a previous build's file at `rel` with other bytes stops.
fn put_immutable(sink: &dyn Sink, rel: &str, bytes: Vec<u8>) -> Result<u64> {
    if sink.previous(rel).is_some_and(|old| old != bytes) {
        return Err(Error::Ledger(
            Failure::new(format!(
                "{rel} was published with other bytes: the published log is not the one hallmark.log holds (it was rewritten, or the output belongs to another log)"
            ))
            .fix("restore hallmark.log, hallmark.checkpoints and hallmark.lock (with hallmark.lock.d/, if the ledger has shards) from git as they were when this site was last published; a published log can only grow"),
        ));
    }
    let len = bytes.len() as u64;
    sink.put(rel, bytes)?;
    Ok(len)
}

/// The checkpoint as the log signed it, without cosignatures.
fn log_signed(log: &SiteLog, note: &Note) -> Note {
    let sigs = note.sigs.iter().filter(|s| s.name == log.checkpoints.origin).cloned().collect();
    Note { body: note.body.clone(), sigs }
}

impl SiteLog {
    /// The proof of the credential at log index `index`, against the first checkpoint that holds it.
    pub(crate) fn proof_text(&self, index: u64) -> Option<String> {
        let (head, note) = self.checkpoints.first_including(index)?;
        let proof = TlogProof {
            extra: Some(self.lines.get(usize::try_from(index).ok()?)?.as_bytes().to_vec()),
            index,
            hashes: self.tree.inclusion_proof(index, head.size),
            checkpoint: log_signed(self, note),
        };
        Some(proof.to_text())
    }

    /// The files under `log/` and their bytes, produced only when `keep` says no.
    fn log_files(&self, sink: &dyn Sink, keep: &dyn Fn(&str) -> Result<Option<u64>>) -> Result<Vec<(String, u64)>> {
        let mut files = Vec::new();
        for tile in published_tiles(&self.checkpoints.sizes()) {
            let rel = format!("log/{}", tile.path());
            let len = match keep(&rel)? {
                Some(len) => len,
                None => put_immutable(sink, &rel, self.tile_bytes(&tile))?,
            };
            files.push((rel, len));
        }
        for (head, note) in &self.checkpoints.list {
            let rel = format!("log/checkpoints/{}", head.size);
            let len = match keep(&rel)? {
                Some(len) => len,
                None => put_immutable(sink, &rel, log_signed(self, note).to_text().into_bytes())?,
            };
            files.push((rel, len));
        }
        if let Some((_, latest)) = self.checkpoints.latest() {
            let bytes = latest.to_text().into_bytes();
            files.push((CHECKPOINT.to_string(), bytes.len() as u64));
            sink.put(CHECKPOINT, bytes)?;
        }
        Ok(files)
    }

    fn tile_bytes(&self, tile: &Tile) -> Vec<u8> {
        match tile.level {
            Some(_) => tile.hash_bytes(&self.tree),
            None => {
                let from = (tile.n * crate::tlog::tiles::WIDTH) as usize;
                tile.bundle_bytes_of(self.lines.iter_range(from, tile.width as usize))
            }
        }
    }
}

/// Publishes the log's files into `sink` and each logged credential's proof beside it, keeping
/// what the previous build (`previous`: its `~log` record) published; adds the `~log` record and
/// the proof files to `records`, and the log files the site no longer has to `stale`.
pub(crate) fn publish(
    log: &SiteLog,
    sink: &dyn Sink,
    previous: Option<&Cached>,
    index_of: &dyn Fn(&str) -> Option<u64>,
    records: &mut Records,
    stale: &mut Option<Vec<String>>,
) -> Result<()> {
    let before: HashMap<std::borrow::Cow<'_, str>, u64> =
        previous.map(|c| c.files.iter().map(|(f, l)| (f.full(LOG_RECORD), l)).collect()).unwrap_or_default();
    let keep = |rel: &str| -> Result<Option<u64>> {
        match before.get(rel) {
            Some(&len) if sink.keep(rel, len)? => Ok(Some(len)),
            _ => Ok(None),
        }
    };
    let files = log.log_files(sink, &keep)?;
    if let Some(stale) = stale {
        let now: std::collections::HashSet<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
        stale.extend(before.keys().filter(|f| !now.contains(f.as_ref())).map(|f| f.to_string()));
    }
    for record in records.iter_mut() {
        // A record holds only its own credential's proof: one that has a proof is done (without
        // working out the proof's path for each of 100,000 credentials). Site files have none.
        if record.id.starts_with('~') || record.files.iter().any(|(f, _)| f.own_name() == Some(PROOF_FILE)) {
            continue;
        }
        let Some(index) = index_of(&record.id) else { continue };
        let rel = proof_path(&record.id);
        let text = log
            .proof_text(index)
            .ok_or_else(|| Error::Ledger(format!("log entry {index} has no checkpoint").into()))?;
        // A credential whose content changed is logged again: its proof is the one file here that
        // may change.
        let len = text.len() as u64;
        sink.put(&rel, text.into_bytes())?;
        let r = Arc::make_mut(record);
        r.files = r.files.with(FilePath::of(&rel, &r.id), len);
        r.stamp.set(None);
    }
    let files = files.into_iter().map(|(rel, len)| (FilePath::of(&rel, LOG_RECORD), len)).collect();
    let record =
        Cached { id: LOG_RECORD.into(), doc_key: "-".into(), page_key: "-".into(), files, stamp: Default::default() };
    let at = records.partition_point(|c| &*c.id < LOG_RECORD);
    records.insert(at, Arc::new(record));
    Ok(())
}
