//! Planning: match every roster row to its ledger entry (or issue a new one), apply corrections,
//! revocations and suspensions, and find ledger entries whose row is gone.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::document::credential::identity_hash;
use crate::ground::date::Date;
use crate::ground::error::{Error, Location, Problem, Problems, Result};
use crate::model::content::{Award, Revocations, Snapshot};
use crate::model::ledger::{self, Entry, Ledger, LEDGER_FILE};

/// What a build does to one credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Issued by this build.
    New,
    /// Issued by this build to correct an earlier credential, which it replaces.
    Corrected,
    /// Already issued, row as before.
    Unchanged,
    /// Replaced by a correction; still published, revoked with reason "superseded".
    Superseded,
    /// Revoked and its row deleted; still published from the ledger.
    Retained,
}

/// Where a credential stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    Active,
    /// `date` is unknown for a credential superseded by a correction.
    Revoked {
        date: Option<Date>,
        reason: Option<String>,
    },
    Suspended {
        date: Date,
        reason: Option<String>,
    },
}

/// The reason a superseded credential is revoked with.
pub const SUPERSEDED: &str = "superseded";

/// A credential's ledger entry in a plan: borrowed when the ledger has it as it is, boxed when this
/// build makes or changes it (a plan holds one per credential, so it is kept small).
#[derive(Debug, Clone)]
pub enum EntryRef<'a> {
    Ledger(&'a Entry),
    New(Box<Entry>),
}

impl std::ops::Deref for EntryRef<'_> {
    type Target = Entry;

    fn deref(&self) -> &Entry {
        match self {
            EntryRef::Ledger(e) => e,
            EntryRef::New(e) => e,
        }
    }
}

impl AsRef<Entry> for EntryRef<'_> {
    fn as_ref(&self) -> &Entry {
        self
    }
}

/// One credential to produce.
#[derive(Debug, Clone)]
pub struct Planned<'a> {
    /// Borrowed from the ledger when unchanged.
    pub entry: EntryRef<'a>,
    /// The roster row, when it still exists.
    pub row: Option<&'a Award>,
    pub change: Change,
    pub standing: Standing,
    /// Whether the revocation bit is set.
    pub revoked: bool,
    /// Whether the suspension bit is set.
    pub suspended: bool,
    /// The credential this one corrects.
    pub replaces: Option<String>,
    /// For a credential replaced by a correction: the credential in force now, at the end of the
    /// chain of corrections (a name corrected twice links its first page to the third credential).
    pub current: Option<String>,
}

/// Every credential the site will hold, and the ledger after this build.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    pub items: Vec<Planned<'a>>,
    pub ledger_changed: bool,
    /// Things worth a look that do not stop the build.
    pub warnings: Vec<Problem>,
}

impl Plan<'_> {
    /// The text of the ledger after this build: every credential, by status index.
    pub fn ledger_text(&self, signing_key: Option<&str>) -> String {
        let mut entries: Vec<&Entry> = self.items.iter().map(|p| p.entry.as_ref()).collect();
        entries.sort_by_key(|e| e.index);
        ledger::text_of(entries.into_iter(), signing_key)
    }

    /// What a preview build issued or re-issued, with the entries those corrections replace, for
    /// [`plan_with_drafts`].
    pub fn drafts(&self) -> Vec<Entry> {
        self.items
            .iter()
            .filter(|p| matches!(p.change, Change::New | Change::Corrected | Change::Superseded))
            .map(|p| p.entry.as_ref().clone())
            .collect()
    }

    /// How many credentials have `change`.
    pub fn count(&self, change: Change) -> usize {
        self.items.iter().filter(|p| p.change == change).count()
    }

    /// How many credentials are revoked (superseded ones included) and suspended.
    pub fn revoked_and_suspended(&self) -> (usize, usize) {
        (self.items.iter().filter(|p| p.revoked).count(), self.items.iter().filter(|p| p.suspended).count())
    }
}

/// Whether `award` says something different from what `entry` recorded (a correction).
fn differs(award: &Award, entry: &Entry) -> bool {
    award.name != entry.name
        || award.evidence != entry.evidence
        || award.expires.is_some_and(|x| Some(x) != entry.expires)
}

/// Plans the build of `snapshot` against `ledger`; `today` dates rows that give no issue date.
pub fn plan<'a>(snapshot: &'a Snapshot, ledger: &'a Ledger, today: Date) -> Result<Plan<'a>> {
    plan_with_drafts(snapshot, ledger, today, &[])
}

/// What identifies a credential issued by a preview build: badge, recipient key, issue date, and
/// the id of the credential it corrects.
type DraftKey = (String, String, Date, Option<String>);

/// Like [`plan`], but a credential that an earlier preview build (`hallmark serve`) issued without
/// writing the ledger keeps the id, salt and (when free) status index it had there: `drafts` is that
/// build's ledger. A preview therefore does not re-issue every new credential on every edit.
pub fn plan_with_drafts<'a>(
    snapshot: &'a Snapshot,
    ledger: &'a Ledger,
    today: Date,
    drafts: &[Entry],
) -> Result<Plan<'a>> {
    let on_disk: HashSet<&str> = ledger.entries().iter().map(|e| e.id.as_str()).collect();
    let corrects: HashMap<&str, &str> =
        drafts.iter().filter_map(|e| Some((e.replaced_by.as_deref()?, e.id.as_str()))).collect();
    let drafts: HashMap<DraftKey, &Entry> = drafts
        .iter()
        .filter(|e| !on_disk.contains(e.id.as_str()))
        .map(|e| {
            let old = corrects.get(e.id.as_str()).map(|s| s.to_string());
            ((e.badge.clone(), e.recipient.clone(), e.issued, old), e)
        })
        .collect();
    let reserved: HashSet<u64> = drafts.values().map(|e| e.index).collect();
    let mut used: HashSet<u64> = HashSet::new();
    let mut problems = check_status_changes(&snapshot.revocations, ledger, today);

    // Rows find their entries by badge and recipient; a renewal (another issue date) is another entry.
    let mut candidates: HashMap<(&str, &str), Vec<&Entry>> = HashMap::with_capacity(ledger.entries().len());
    for e in ledger.entries().iter().filter(|e| e.replaced_by.is_none()) {
        candidates.entry((e.badge.as_str(), e.recipient.as_str())).or_default().push(e);
    }
    let keys: Vec<String> = {
        use rayon::prelude::*;
        snapshot.awards.par_iter().map(|a| ledger::recipient_key(&a.email)).collect()
    };
    let mut matched: Vec<Option<&Entry>> = vec![None; snapshot.awards.len()];
    let mut taken: HashSet<u64> = HashSet::new();
    for explicit in [true, false] {
        for (i, award) in snapshot.awards.iter().enumerate() {
            if award.issued.is_some() != explicit {
                continue;
            }
            let Some(list) = candidates.get(&(award.badge.as_str(), keys[i].as_str())) else { continue };
            let found =
                list.iter().find(|e| !taken.contains(&e.index) && award.issued.is_none_or(|d| d == e.issued)).copied();
            if let Some(e) = found {
                taken.insert(e.index);
                matched[i] = Some(e);
            }
        }
    }

    let mut next_index = ledger.next_index();
    let mut items: Vec<Planned<'a>> = Vec::with_capacity(snapshot.awards.len());
    let mut replaced: HashMap<String, String> = HashMap::new();
    let mut warnings = Vec::new();
    for (i, award) in snapshot.awards.iter().enumerate() {
        let row = Some(award);
        match matched[i] {
            Some(existing) if !differs(award, existing) => {
                if let Some(w) = kept_expiry(award, existing, snapshot) {
                    warnings.push(w);
                }
                items.push(item(EntryRef::Ledger(existing), row, Change::Unchanged, None));
            }
            Some(existing) if held(existing, &snapshot.revocations).is_some() => {
                problems.push(held_correction(award, existing, &snapshot.revocations));
            }
            found => {
                let badge = &snapshot.badges[&award.badge];
                let issued = found.map(|e| e.issued).or(award.issued).unwrap_or(today);
                let expires = award
                    .expires
                    .or_else(|| found.and_then(|e| e.expires))
                    .or_else(|| badge.valid_for.map(|p| p.after(issued)));
                let draft_key = (award.badge.clone(), keys[i].clone(), issued, found.map(|e| e.id.clone()));
                let draft =
                    drafts.get(&draft_key).filter(|d| d.index >= ledger.next_index() && !used.contains(&d.index));
                let (id, salt, index) = match draft {
                    Some(d) => (d.id.clone(), d.salt.clone(), d.index),
                    None => {
                        while reserved.contains(&next_index) || used.contains(&next_index) {
                            next_index += 1;
                        }
                        next_index += 1;
                        (ledger::new_id()?, ledger::new_salt()?, next_index - 1)
                    }
                };
                used.insert(index);
                let entry = Entry {
                    id,
                    index,
                    badge: award.badge.clone(),
                    issued,
                    expires,
                    replaced_by: None,
                    recipient: keys[i].clone(),
                    identity: identity_hash(&award.email, &salt),
                    salt,
                    evidence: award.evidence.clone(),
                    name: award.name.clone(),
                };
                let (change, replaces) = match found {
                    Some(old) => {
                        replaced.insert(old.id.clone(), entry.id.clone());
                        (Change::Corrected, Some(old.id.clone()))
                    }
                    None => (Change::New, None),
                };
                items.push(item(EntryRef::New(Box::new(entry)), row, change, replaces));
            }
        }
    }

    // Superseded and retained credentials join the rows' items: room for them at once (the items
    // are large, and doubling the list at 100,000 credentials copies tens of megabytes).
    items.reserve_exact(
        ledger.entries().iter().filter(|e| !taken.contains(&e.index) || replaced.contains_key(&e.id)).count(),
    );
    let ledger_path = snapshot.content_dir.join(LEDGER_FILE);
    // Read only to point at a line when a row is missing.
    let mut ledger_text: Option<String> = None;
    let replaces_of: HashMap<&str, &str> =
        ledger.entries().iter().filter_map(|e| Some((e.replaced_by.as_deref()?, e.id.as_str()))).collect();
    for e in ledger.entries() {
        if taken.contains(&e.index) && !replaced.contains_key(&e.id) {
            continue;
        }
        let entry = match replaced.get(&e.id) {
            Some(new_id) => EntryRef::New(Box::new(Entry { replaced_by: Some(new_id.clone()), ..e.clone() })),
            None => EntryRef::Ledger(e),
        };
        if entry.replaced_by.is_some() {
            items.push(item(entry, None, Change::Superseded, None));
        } else if snapshot.revocations.revocation(&e.id).is_some() {
            items.push(item(entry, None, Change::Retained, None));
        } else {
            let text = ledger_text.get_or_insert_with(|| std::fs::read_to_string(&ledger_path).unwrap_or_default());
            let offset = text.find(&format!("{}\t", e.id)).unwrap_or(0);
            // A new row for the same badge and the same name or recipient is most likely this
            // row with its e-mail address or issue date changed, which is not a correction.
            let lookalike = items.iter().filter(|p| p.change == Change::New).find_map(|p| {
                let row = p.row?;
                let same = p.entry.badge == e.badge && (row.name == e.name || p.entry.recipient == e.recipient);
                same.then_some(row)
            });
            let help = match lookalike {
                Some(row) => format!(
                    "the new row at {} looks like this one with its e-mail address or issue date changed; those identify a credential, so a change is a new credential: revoke this one (hallmark revoke {} --reason \"...\"), then build to issue the new one; or put the old row back",
                    row.source, e.id
                ),
                None => format!(
                    "put the row back: an issued credential cannot be un-issued by deleting its row; to withdraw it, revoke it instead (hallmark revoke {} --reason \"...\")",
                    e.id
                ),
            };
            problems.push(
                Problem::error(
                    Location::at_offset(&ledger_path, text, offset),
                    format!(
                        "credential {} ({}, badge \"{}\", issued {}) was issued, but its roster row is gone",
                        e.id, e.name, e.badge, e.issued
                    ),
                )
                .help(help),
            );
        }
    }
    if problems.has_errors() {
        return Err(Error::Content { problems });
    }

    // Earlier corrections keep linking both ways.
    for it in &mut items {
        if it.replaces.is_none() {
            it.replaces = replaces_of.get(it.entry.id.as_str()).map(|s| s.to_string());
        }
        apply_status(it, &snapshot.revocations);
    }

    let next: HashMap<String, String> =
        items.iter().filter_map(|p| Some((p.entry.id.clone(), p.entry.replaced_by.clone()?))).collect();
    for it in &mut items {
        it.current = current_of(&it.entry.id, &next);
    }

    let ledger_changed = items.iter().any(|p| matches!(p.change, Change::New | Change::Corrected));
    Ok(Plan { items, ledger_changed, warnings })
}

/// The checks of `revocations.toml` that need the ledger: every id, left-out entries' included, was
/// issued, and no entry is dated in the future or before its credential was issued. A build runs
/// them with the others even when the content has problems, so one run reports them all.
pub fn check_status_changes(revocations: &Revocations, ledger: &Ledger, today: Date) -> Problems {
    let mut problems = Problems::new();
    let known: HashMap<&str, &Entry> = ledger.entries().iter().map(|e| (e.id.as_str(), e)).collect();
    let unknown = |id: &str, location: &Location| {
        Problem::error(location.clone(), format!("no issued credential has the id \"{id}\""))
            .help("copy the id from the credential's URL (c/<id>/) or from hallmark.lock; only issued credentials can be revoked")
    };
    for (id, location) in revocations.dropped() {
        if !known.contains_key(id) {
            problems.push(unknown(id, location));
        }
    }
    for change in revocations.all() {
        let Some(entry) = known.get(change.id.as_str()) else {
            problems.push(unknown(&change.id, &change.location));
            continue;
        };
        // The bit is set at the next build whatever the date says: a date that is not yet, or
        // before the credential existed, would make the record say something that did not happen.
        if change.latest() > today {
            problems.push(
                Problem::error(change.date_location.clone(), format!("{} is in the future (today is {today})", change.latest()))
                    .help("a status change takes effect at the next build; write the date it was decided, today at the latest"),
            );
        } else if change.date < entry.issued && entry.issued <= today {
            // (A credential dated in the future can be withdrawn before its day comes.)
            problems.push(
                Problem::error(
                    change.date_location.clone(),
                    format!("{} is before credential {} was issued ({})", change.date, entry.id, entry.issued),
                )
                .help("check the date; a credential cannot be revoked or suspended before it was issued"),
            );
        }
    }
    problems
}

/// [`check_status_changes`] for content that could not be loaded (the problems of
/// `revocations.toml` itself are among the content's already); none for a directory that is not a
/// site, where every id would be unknown.
pub fn check_status_changes_of(content_dir: &Path, ledger: &Ledger, today: Date) -> Problems {
    if !content_dir.join(crate::model::config::CONFIG_FILE).is_file() {
        return Problems::new();
    }
    let revocations = crate::model::content::revocations::load(content_dir, false, &mut Problems::new());
    check_status_changes(&revocations, ledger, today)
}

/// The end of the chain of corrections that starts at `id` (`None` when `id` is not replaced).
fn current_of(id: &str, next: &HashMap<String, String>) -> Option<String> {
    let mut at = next.get(id)?;
    // The ledger is written by hallmark, so a chain has no loop; the bound guards a hand-edited one.
    for _ in 0..next.len() {
        match next.get(at) {
            Some(n) => at = n,
            None => break,
        }
    }
    Some(at.clone())
}

/// How a credential is held, if it is: revoked (other than by a correction) or suspended.
fn held<'r>(
    entry: &Entry,
    revocations: &'r Revocations,
) -> Option<(&'static str, &'r crate::model::content::StatusChange)> {
    if entry.replaced_by.is_some() {
        return None;
    }
    revocations
        .revocation(&entry.id)
        .map(|c| ("revoked", c))
        .or_else(|| revocations.suspension(&entry.id).map(|c| ("suspended", c)))
}

/// What changed between the ledger's record and the row, in words.
fn change_words(award: &Award, entry: &Entry) -> String {
    let mut parts = Vec::new();
    if award.name != entry.name {
        parts.push(format!("the name from \"{}\" to \"{}\"", entry.name, award.name));
    }
    if award.evidence != entry.evidence {
        parts.push("the evidence".to_string());
    }
    if award.expires.is_some_and(|x| Some(x) != entry.expires) {
        let was = entry.expires.map_or("none".to_string(), |d| d.to_string());
        parts.push(format!(
            "the expiry date from {was} to {}",
            award.expires.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    parts.join(", ")
}

/// The problem with correcting a revoked or suspended credential: the correction would be a new,
/// valid credential, so one edit of a row would undo the revocation or the suspension.
fn held_correction(award: &Award, entry: &Entry, revocations: &Revocations) -> Problem {
    let (how, change) = held(entry, revocations).expect("only for held credentials");
    let help = match how {
        "revoked" => format!(
            "put the row back as it was: a correction would issue a new credential that is not revoked. If the revocation was only about this mistake, delete its [[revoked]] entry ({}) in the same change: the old credential is then revoked as superseded by the corrected one",
            change.location
        ),
        _ => format!(
            "put the row back as it was, or lift the suspension first (hallmark reinstate {}): a correction would issue a new credential that is not suspended",
            entry.id
        ),
    };
    Problem::error(
        award.source.clone(),
        format!(
            "this row changes {} of credential {}, which is {how} (since {})",
            change_words(award, entry),
            entry.id,
            change.date
        ),
    )
    .help(help)
}

/// A warning when a row's empty `expires` leaves a credential with an expiry date that the badge
/// would not give it: emptying the cell does not remove the date.
fn kept_expiry(award: &Award, entry: &Entry, snapshot: &Snapshot) -> Option<Problem> {
    let recorded = entry.expires?;
    if award.expires.is_some() {
        return None;
    }
    let default = snapshot.badges.get(&award.badge).and_then(|b| b.valid_for).map(|p| p.after(entry.issued));
    if default == Some(recorded) {
        return None;
    }
    Some(
        Problem::warning(
            award.source.clone(),
            format!("the expires cell is empty, but credential {} expires on {recorded}: it keeps that date", entry.id),
        )
        .help(format!(
            "write {recorded} in the cell to say so, or another date to correct it; an issued credential cannot lose its expiry date (revoke it and issue a new one instead)"
        )),
    )
}

fn item<'a>(entry: EntryRef<'a>, row: Option<&'a Award>, change: Change, replaces: Option<String>) -> Planned<'a> {
    Planned {
        entry,
        row,
        change,
        standing: Standing::Active,
        revoked: false,
        suspended: false,
        replaces,
        current: None,
    }
}

fn apply_status(it: &mut Planned<'_>, revocations: &Revocations) {
    let public = |c: &crate::model::content::StatusChange| if c.public_reason { c.reason.clone() } else { None };
    if let Some(r) = revocations.revocation(&it.entry.id) {
        it.revoked = true;
        it.standing = Standing::Revoked { date: Some(r.date), reason: public(r) };
    } else if it.entry.replaced_by.is_some() {
        // A corrected credential is revoked, so no verifier takes the old one for current.
        it.revoked = true;
        it.standing = Standing::Revoked { date: None, reason: Some(SUPERSEDED.into()) };
    }
    if let Some(s) = revocations.suspension(&it.entry.id) {
        it.suspended = true;
        if it.standing == Standing::Active {
            it.standing = Standing::Suspended { date: s.date, reason: public(s) };
        }
    }
}
