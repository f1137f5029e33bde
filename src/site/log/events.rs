//! What a build logs: the credentials it issued or whose content changed, the status changes
//! revocations.toml made since the last build, and the signing key's arrival and retirement. The
//! log itself says what was logged already, so an event is never logged twice and a build that
//! changes nothing logs nothing.

use std::collections::{HashMap, HashSet};

use super::SiteLog;
use crate::ground::date::Date;
use crate::ground::error::{Error, Failure, Result};
use crate::site::plan::{Plan, Planned, Standing};
use crate::tlog::entry::{Digest, Event, LogEntry, Position, Subject};

pub(crate) use crate::site::produce::unsigned_digest as digest_of;

/// Issued and corrected entries by credential id, and every credential's digest (in the order of
/// the items).
type Issuances<'p> = (Vec<(&'p str, LogEntry)>, Vec<Digest>);

/// The log indexes of the credentials this build logged, by id.
pub(crate) type Indexes = HashMap<String, u64>;

fn entry(event: Event, logged: Date, effective: Date, subject: Subject, position: Option<Position>) -> LogEntry {
    LogEntry { event, logged, effective, subject, position, replaces: None }
}

impl SiteLog {
    /// Appends what this build must log, and signs the new checkpoint if there is any.
    /// `produced`: the digests of the credentials this build produced; `digest`: computes one.
    pub(crate) fn log_build(
        &mut self,
        plan: &Plan<'_>,
        produced: &HashMap<String, Digest>,
        digest: &(dyn Fn(&Planned<'_>) -> Result<Digest> + Sync),
        signing_key: &str,
        today: Date,
    ) -> Result<Indexes> {
        let logged = self.state.last_logged.map_or(today, |d| d.max(today));
        let mut items: Vec<&Planned<'_>> = plan.items.iter().collect();
        items.sort_by_key(|p| p.entry.index);
        let mut pending = Vec::new();
        if !self.state.keys.contains(signing_key) {
            let subject = Subject::Key(signing_key.to_string());
            pending.push(entry(Event::KeyAdded, logged, logged, subject, None));
        }
        self.push(pending)?;
        let (issued, digests) = self.issuances(&items, produced, digest, logged)?;
        let mut indexes = Indexes::new();
        for (id, e) in issued {
            indexes.insert(id.to_string(), self.tree.size());
            self.push(vec![e])?;
        }
        let statuses = self.status_changes(&items, &digests, logged)?;
        let mut retired: Vec<&String> = self.state.keys.iter().filter(|k| *k != signing_key).collect();
        retired.sort();
        let retired: Vec<LogEntry> = retired
            .into_iter()
            .map(|k| entry(Event::KeyRetired, logged, logged, Subject::Key(k.clone()), None))
            .collect();
        self.push(statuses.into_iter().chain(retired).collect())?;
        self.sign_checkpoint();
        Ok(indexes)
    }

    /// Issued and corrected events, in status-index order, with the digest of every credential.
    fn issuances<'p>(
        &self,
        items: &[&'p Planned<'p>],
        produced: &HashMap<String, Digest>,
        digest: &(dyn Fn(&Planned<'_>) -> Result<Digest> + Sync),
        logged: Date,
    ) -> Result<Issuances<'p>> {
        // A credential not logged yet and not produced by this build (the first build of a site
        // that starts its log) is digested here, on both cores.
        let missing: Vec<&Planned<'_>> = items
            .iter()
            .copied()
            .filter(|p| p.entry.log_index.is_none() && !produced.contains_key(p.entry.id()))
            .collect();
        let computed: HashMap<&str, Digest> = {
            use rayon::prelude::*;
            missing.par_iter().map(|p| Ok((p.entry.id(), digest(p)?))).collect::<Result<_>>()?
        };
        // The digests of credentials a correction replaces, by id (few): the rest are by position.
        let replaced: HashSet<&str> = items.iter().filter_map(|p| p.replaces()).collect();
        let mut replaced_digests: HashMap<&str, Digest> = HashMap::new();
        let (mut out, mut digests) = (Vec::new(), Vec::with_capacity(items.len()));
        for item in items {
            let id = item.entry.id();
            let current = match item.entry.log_index {
                Some(i) => Some(self.digests.get(i as usize).copied().flatten().ok_or_else(|| mismatch(id, i))?),
                None => None,
            };
            let d = produced.get(id).or(computed.get(id)).copied().or(current).expect("every credential has a digest");
            digests.push(d);
            if replaced.contains(id) {
                replaced_digests.insert(id, d);
            }
            if current == Some(d) {
                continue;
            }
            // A new credential correcting an earlier one, or one whose content changed.
            let replaces = current.or_else(|| item.replaces().and_then(|r| replaced_digests.get(r).copied()));
            let replaces = replaces.filter(|r| self.state.credentials.get(r).is_none_or(|c| c.replaced_by.is_none()));
            let mut e = entry(
                if replaces.is_some() { Event::Corrected } else { Event::Issued },
                logged,
                item.entry.issued,
                Subject::Credential(d),
                Some(Position::of_index(item.entry.index)),
            );
            e.replaces = replaces;
            out.push((id, e));
        }
        Ok((out, digests))
    }

    /// Revoked, suspended and reinstated events: where revocations.toml and the log differ.
    fn status_changes(&self, items: &[&Planned<'_>], digests: &[Digest], logged: Date) -> Result<Vec<LogEntry>> {
        // Only a credential the log holds revoked or suspended, or one revocations.toml does not
        // leave active, can have an event: the others (nearly all) are not looked up one by one.
        // (This build's issuances and corrections revoke or suspend nothing.)
        let mut out = Vec::new();
        for (item, &d) in items.iter().zip(digests) {
            if matches!(item.standing(), Standing::Active) && !self.flagged.contains(&d) {
                continue;
            }
            let Some(c) = self.state.credentials.get(&d) else { continue };
            let position = Some(c.position);
            let revoked_on = match item.standing() {
                Standing::Revoked { date: Some(date), .. } => Some(*date),
                _ => None,
            };
            if c.revoked {
                if revoked_on.is_none() {
                    return Err(undone(item.entry.id()));
                }
                continue;
            }
            if let Some(date) = revoked_on {
                out.push(entry(Event::Revoked, logged, date, Subject::Credential(d), position));
                continue;
            }
            match (item.standing(), c.suspended) {
                (Standing::Suspended { date, .. }, false) => {
                    out.push(entry(Event::Suspended, logged, *date, Subject::Credential(d), position))
                }
                (Standing::Active, true) => {
                    out.push(entry(Event::Reinstated, logged, logged, Subject::Credential(d), position))
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// Appends entries, checking the log's rules.
    fn push(&mut self, entries: Vec<LogEntry>) -> Result<()> {
        for e in entries {
            self.state
                .apply(&e)
                .map_err(|m| Error::Ledger(format!("the log would break its own rules: {m}").into()))?;
            let line = e.to_string();
            self.tree.push(crate::tlog::merkle::leaf_hash(line.as_bytes()));
            self.lines.push(&line);
            self.digests.push(super::issued(&e));
        }
        Ok(())
    }
}

fn mismatch(id: &str, index: u64) -> Error {
    Error::Ledger(
        Failure::new(format!(
            "credential {id} names log entry {index}, which is not a credential's issuance in hallmark.log"
        ))
        .fix("restore hallmark.lock (with hallmark.lock.d/, if the ledger has shards), hallmark.log and hallmark.checkpoints from git as one commit"),
    )
}

fn undone(id: &str) -> Error {
    Error::Content {
        problems: {
            let mut problems = crate::ground::error::Problems::new();
            problems.push(
                crate::ground::error::Problem::general(format!(
                    "credential {id} is revoked in the public log, and revocations.toml no longer revokes it"
                ))
                .help("a revocation is for ever: put its [[revoked]] entry back (to correct the credential, issue a corrected one instead)"),
            );
            problems
        },
    }
}
