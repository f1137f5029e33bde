//! Witnesses of this site's log, and the logs this site witnesses.
//!
//! A build attaches the cosignatures that witness sites publish for its checkpoints
//! (`[log.witnesses.<name>] site`), and after its commit asks tlog-witness servers
//! (`[log.witnesses.<name>] url`) to cosign the new checkpoint with the add-checkpoint call,
//! sending the consistency proof from the size each last cosigned. A witness that cannot be
//! reached, or refuses, is a warning: the log is published all the same, without its cosignature.
//! The build of a witnessing site publishes what it cosigned (`witnessed/`).

use std::path::Path;

use super::SiteLog;
use crate::ground::error::{Problem, Result};
use crate::model::config::LogConfig;
use crate::monitor::witness::{origin_hash, WITNESSED_DIR};
use crate::monitor::Source;
use crate::tlog::note::{b64, KeyType, Note, NoteVerifier, SigLine};

fn witness_verifier(name: &str, vkey: &str) -> std::result::Result<NoteVerifier, Problem> {
    NoteVerifier::parse(vkey).ok().filter(|v| v.kind == KeyType::Cosignature).ok_or_else(|| {
        Problem::general_warning(format!("[log.witnesses.{name}] vkey is not a witness's cosignature key"))
    })
}

impl SiteLog {
    /// Adds the valid cosignatures witness sites publish for this log's checkpoints; whether any
    /// was new, and warnings.
    pub(crate) fn attach_cosignatures(&mut self, config: &LogConfig) -> (bool, Vec<Problem>) {
        let (mut added, mut warnings) = (false, Vec::new());
        let hash = origin_hash(&self.checkpoints.origin);
        for (name, w) in &config.witnesses {
            let Some(site) = &w.site else { continue };
            let v = match witness_verifier(name, &w.vkey) {
                Ok(v) => v,
                Err(p) => {
                    warnings.push(p);
                    continue;
                }
            };
            let text = Source::open(site).text(&format!("log/witness/{hash}/checkpoint"));
            let Some(theirs) = text.ok().and_then(|t| Note::parse(&t)) else {
                warnings.push(Problem::general_warning(format!(
                    "witness {name}: no cosigned checkpoint of this log at {site}"
                )));
                continue;
            };
            let Some((_, ours)) = self.checkpoints.list.iter_mut().find(|(_, n)| n.body == theirs.body) else {
                warnings.push(Problem::general_warning(format!(
                    "witness {name} cosigned a checkpoint this log never signed"
                )));
                continue;
            };
            let Some(line) = theirs.sigs.iter().find(|s| s.name == v.name && s.id == v.id) else { continue };
            let probe = Note { body: ours.body.clone(), sigs: vec![line.clone()] };
            if probe.verified_by(&v).is_none() {
                warnings.push(Problem::general_warning(format!("witness {name}: its cosignature does not verify")));
                continue;
            }
            if !ours.sigs.contains(line) {
                ours.add(line.clone());
                added = true;
            }
        }
        (added, warnings)
    }

    /// The largest size `v` has cosigned, by the cosignatures kept.
    fn cosigned_by(&self, v: &NoteVerifier) -> u64 {
        self.checkpoints.list.iter().rev().find(|(_, n)| n.verified_by(v).is_some()).map_or(0, |(h, _)| h.size)
    }

    /// The add-checkpoint request body from size `old` to the latest checkpoint.
    fn add_checkpoint_body(&self, old: u64) -> Option<String> {
        let (head, note) = self.checkpoints.latest()?;
        let mut body = format!("old {old}\n");
        for h in self.tree.consistency_proof(old, head.size) {
            body.push_str(&b64(&h));
            body.push('\n');
        }
        body.push('\n');
        let log_only = Note {
            body: note.body.clone(),
            sigs: note.sigs.iter().filter(|s| s.name == self.checkpoints.origin).cloned().collect(),
        };
        body.push_str(&log_only.to_text());
        Some(body)
    }

    /// Asks the tlog-witness servers for cosignatures of the latest checkpoint; whether any was
    /// added, and warnings.
    pub(crate) fn push_to_witnesses(&mut self, config: &LogConfig) -> (bool, Vec<Problem>) {
        let (mut added, mut warnings) = (false, Vec::new());
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(std::time::Duration::from_secs(20)))
            .http_status_as_error(false)
            .build()
            .into();
        for (name, w) in &config.witnesses {
            let Some(url) = &w.url else { continue };
            let v = match witness_verifier(name, &w.vkey) {
                Ok(v) => v,
                Err(p) => {
                    warnings.push(p);
                    continue;
                }
            };
            match self.ask(&agent, url, &v) {
                Ok(true) => added = true,
                Ok(false) => {}
                Err(e) => warnings.push(
                    Problem::general_warning(format!("witness {name} ({url}): {e}"))
                        .help("the log is published without this cosignature; the next build asks again"),
                ),
            }
        }
        (added, warnings)
    }

    fn ask(&mut self, agent: &ureq::Agent, url: &str, v: &NoteVerifier) -> std::result::Result<bool, String> {
        let endpoint = format!("{}/add-checkpoint", url.trim_end_matches('/'));
        let mut old = self.cosigned_by(v);
        let Some(head) = self.checkpoints.latest().map(|(h, _)| *h) else { return Ok(false) };
        if old == head.size {
            return Ok(false);
        }
        for _ in 0..2 {
            let body = self.add_checkpoint_body(old).ok_or("no checkpoint")?;
            let mut response =
                agent.post(&endpoint).content_type("text/plain").send(body.as_bytes()).map_err(|e| e.to_string())?;
            let status = response.status().as_u16();
            let text = response.body_mut().with_config().limit(64 << 10).read_to_string().unwrap_or_default();
            match status {
                200 => {
                    let lines: Vec<SigLine> = text.lines().filter_map(SigLine::parse).collect();
                    let (_, note) = self.checkpoints.list.last_mut().expect("a latest checkpoint");
                    let good = lines
                        .into_iter()
                        .find(|l| Note { body: note.body.clone(), sigs: vec![l.clone()] }.verified_by(v).is_some());
                    let line = good.ok_or("its answer holds no valid cosignature of its key")?;
                    note.add(line);
                    return Ok(true);
                }
                409 => match text.trim().parse::<u64>() {
                    Ok(size)
                        if size != old && (size == 0 || self.checkpoints.list.iter().any(|(h, _)| h.size == size)) =>
                    {
                        old = size
                    }
                    _ => {
                        return Err(format!(
                            "409 Conflict: it has cosigned size {}, which this log never had",
                            text.trim()
                        ))
                    }
                },
                _ => return Err(format!("answers {status}: {}", text.trim())),
            }
        }
        Err("it keeps answering 409 Conflict".into())
    }
}

/// The files a witnessing site publishes: each checkpoint it cosigned, at
/// `log/witness/<sha256(origin)>/checkpoint`.
pub(crate) fn witnessed_files(content_dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let dir = content_dir.join(WITNESSED_DIR);
    let Ok(read) = std::fs::read_dir(&dir) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for e in read.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()) {
            let bytes =
                std::fs::read(e.path()).map_err(|err| crate::ground::error::Error::io("read", &e.path(), err))?;
            out.push((format!("log/witness/{name}/checkpoint"), bytes));
        }
    }
    out.sort();
    Ok(out)
}
