//! The plan of a change, for review (`hallmark check --plan`): which credentials a build of this
//! content issues, corrects, revokes, suspends and reinstates, compared with the branch the change
//! goes into (a git commit) or with the files on disk. It names recipients and badges, as the
//! roster in the change already does, and nothing more private: no e-mail address, and a
//! revocation's reason only where the landing page would show it.

use std::path::Path;

use serde::Serialize;

use super::plan::{Change, Plan, SUPERSEDED};
use crate::ground::error::{Error, Failure, Problems, Result};
use crate::ground::git;
use crate::model::content::revocations::{self, Revocations, REVOCATIONS_FILE};
use crate::model::content::Snapshot;
use crate::model::ledger::{Entry, Ledger, LEDGER_FILE, SHARD_DIR};

/// What the plan is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// `HEAD` when the content is in a git work tree with a commit, else the files on disk.
    Auto,
    /// The ledger and `revocations.toml` as this git revision recorded them (a pull request's base).
    Git(String),
    /// The ledger and `revocations.toml` on disk: what a build would do now.
    Disk,
}

/// What a build of the content changes, compared with [`ChangePlan::base`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangePlan {
    /// The git revision compared with; `None`: the files on disk.
    pub base: Option<String>,
    pub issued: Vec<PlannedCredential>,
    /// Re-issued to correct an earlier credential (`replaces`), which is revoked as superseded.
    pub corrected: Vec<PlannedCredential>,
    pub revoked: Vec<PlannedCredential>,
    pub suspended: Vec<PlannedCredential>,
    pub reinstated: Vec<PlannedCredential>,
    /// Credentials the change leaves as they were.
    pub unchanged: usize,
}

impl ChangePlan {
    /// Whether the change touches no credential.
    pub fn is_empty(&self) -> bool {
        [&self.issued, &self.corrected, &self.revoked, &self.suspended, &self.reinstated].iter().all(|l| l.is_empty())
    }
}

/// One credential in a plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedCredential {
    /// Its id (for a credential not issued yet, the id this check gave it: a build gives another).
    pub id: String,
    pub name: String,
    pub badge: String,
    pub badge_name: String,
    pub issued: String,
    pub expires: Option<String>,
    /// The roster row, `recipients/x.csv:12`, when it still has one.
    pub row: Option<String>,
    /// The credential a correction replaces.
    pub replaces: Option<String>,
    /// The date of a revocation, suspension or reinstatement.
    pub date: Option<String>,
    /// A revocation's or suspension's reason, when the landing page shows it.
    pub reason: Option<String>,
}

/// The ledger and revocations `base` names, and the revision they came from.
pub(crate) fn before(content_dir: &Path, base: &Base) -> Result<(Option<String>, Ledger, Revocations)> {
    let rev = match base {
        Base::Auto if git::has_head(content_dir) => "HEAD".to_string(),
        Base::Git(rev) => rev.clone(),
        Base::Auto | Base::Disk => {
            let mut problems = Problems::new();
            let revocations = revocations::load(content_dir, false, &mut problems);
            return Ok((None, Ledger::load(content_dir)?, revocations));
        }
    };
    let read = |file: &str| {
        git::show(content_dir, &rev, file).map_err(|why| {
            Error::Usage(Failure::new(why).fix("give a commit of the repository that holds the content, e.g. the branch a pull request goes into (origin/main)"))
        })
    };
    let ledger = match read(LEDGER_FILE)? {
        Some(bytes) => ledger_at(&rev, &String::from_utf8_lossy(&bytes), &|file: &str| read(file))?,
        None => Ledger::default(),
    };
    let revocations = match read(REVOCATIONS_FILE)? {
        Some(bytes) => revocations_of(&bytes)?,
        None => Revocations::default(),
    };
    Ok((Some(rev), ledger, revocations))
}

/// The ledger of commit `rev`, whose `hallmark.lock` is `text`: its shards, when it has some, as
/// `read` gives them from the same commit.
fn ledger_at(rev: &str, text: &str, read: &dyn Fn(&str) -> Result<Option<Vec<u8>>>) -> Result<Ledger> {
    let mut failed = None;
    let mut shard = |s: &crate::model::ledger::ShardRef| {
        let file = format!("{SHARD_DIR}/{}", s.name);
        let problem = |why: &str| (Some(s.name.clone()), 1, why.to_string());
        match read(&file) {
            Ok(Some(bytes)) if crate::model::ledger::shards::digest(&bytes) == s.digest => {
                String::from_utf8(bytes).map_err(|_| problem("is not UTF-8 text"))
            }
            Ok(Some(_)) => Err(problem("is not the file hallmark.lock names (its SHA-256 differs)")),
            Ok(None) => Err(problem("is missing: hallmark.lock names it")),
            Err(e) => {
                failed = Some(e);
                Err(problem("cannot be read"))
            }
        }
    };
    let parsed = Ledger::parse_parts(text, &mut shard);
    if let Some(e) = failed {
        return Err(e);
    }
    parsed.map_err(|(shard, line, why)| {
        let file = shard.map_or(LEDGER_FILE.to_string(), |s| format!("{SHARD_DIR}/{s}"));
        Error::Ledger(Failure::new(format!("{rev}:{file}:{line}: {why}")).fix("compare with another commit"))
    })
}

/// `revocations.toml` as another commit recorded it, read through a file of its own.
fn revocations_of(bytes: &[u8]) -> Result<Revocations> {
    let dir = std::env::temp_dir().join(format!(
        "hallmark-plan-{}-{}",
        std::process::id(),
        crate::ground::date::now_seconds()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create directory", &dir, e))?;
    let path = dir.join(REVOCATIONS_FILE);
    let written = std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e));
    let mut problems = Problems::new();
    let revocations = written.map(|()| revocations::load(&dir, false, &mut problems));
    let _ = std::fs::remove_dir_all(&dir);
    revocations
}

/// The plan of the change from `before` to what `plan` builds of `snapshot`.
pub(crate) fn review(
    snapshot: &Snapshot,
    plan: &Plan<'_>,
    (base, was, was_held): (Option<String>, &Ledger, &Revocations),
) -> ChangePlan {
    let known: std::collections::HashSet<&str> = was.entries().iter().map(|e| e.id()).collect();
    let mut out = ChangePlan { base, ..ChangePlan::default() };
    for item in &plan.items {
        let entry: &Entry = &item.entry;
        let planned = |date: Option<String>, reason: Option<(&Option<String>, bool)>| PlannedCredential {
            id: entry.id().to_string(),
            name: entry.name().to_string(),
            badge: entry.badge().to_string(),
            badge_name: snapshot
                .badges
                .get(entry.badge())
                .map_or_else(|| entry.badge().to_string(), |b| b.name.clone()),
            issued: entry.issued.to_string(),
            expires: entry.expires.map(|d| d.to_string()),
            row: item.row.map(|r| format!("{}:{}", rel(&snapshot.content_dir, &r.source.path), r.source.line)),
            replaces: item.replaces().map(String::from),
            date,
            reason: reason.and_then(|(r, public)| r.clone().filter(|_| public)),
        };
        let new = !known.contains(entry.id());
        let mut touched = new;
        if new && item.change != Change::Superseded {
            let list = if item.replaces().is_some() { &mut out.corrected } else { &mut out.issued };
            list.push(planned(None, None));
        }
        let revocation = snapshot.revocations.revocation(entry.id());
        if let Some(r) =
            revocation.filter(|_| was_held.revocation(entry.id()).is_none() && entry.replaced_by().is_none())
        {
            out.revoked.push(planned(Some(r.date.to_string()), Some((&r.reason, r.public_reason))));
            touched = true;
        }
        let (now, then) = (snapshot.revocations.suspension(entry.id()), was_held.suspension(entry.id()));
        match (now, then) {
            (Some(s), None) if revocation.is_none() => {
                out.suspended.push(planned(Some(s.date.to_string()), Some((&s.reason, s.public_reason))));
                touched = true;
            }
            (None, Some(_)) => {
                let lifted = snapshot.revocations.suspended.iter().rev().find(|s| s.id == entry.id());
                out.reinstated.push(planned(lifted.and_then(|s| s.lifted).map(|d| d.to_string()), None));
                touched = true;
            }
            _ => {}
        }
        let superseded_here = item.change == Change::Superseded && item_superseded_now(item, was);
        out.unchanged += usize::from(!touched && !superseded_here);
    }
    out
}

/// Whether a superseded credential was superseded by this change (its correction is listed).
fn item_superseded_now(item: &super::plan::Planned<'_>, was: &Ledger) -> bool {
    let reason_superseded =
        matches!(item.standing(), super::plan::Standing::Revoked { reason: Some(r), .. } if &**r == SUPERSEDED);
    reason_superseded && was.entries().iter().any(|e| e.id() == item.entry.id() && e.replaced_by().is_none())
}

/// `path` relative to the content directory, with `/`.
fn rel(content_dir: &Path, path: &Path) -> String {
    path.strip_prefix(content_dir).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
