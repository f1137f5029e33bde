//! Planning: match every roster row to its ledger entry (or issue a new one), apply corrections,
//! revocations and suspensions, and find ledger entries whose row is gone.

mod rows;
mod stacks;
mod status;

use std::collections::HashMap;

use crate::ground::hash::FastMap;

use crate::ground::date::Date;
use crate::ground::error::{Error, Problem, Result};
use crate::model::consistency::check_status_changes;
use crate::model::content::{Award, Revocations, Snapshot};
use crate::model::ledger::{self, Entry, Ledger};

/// What a build does to one credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
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
pub(crate) enum Standing {
    Active,
    /// `date` is unknown for a credential superseded by a correction.
    Revoked {
        date: Option<Date>,
        reason: Option<Box<str>>,
    },
    Suspended {
        date: Date,
        reason: Option<Box<str>>,
    },
}

/// What [`Planned::standing`] gives for a credential in force.
static ACTIVE: Standing = Standing::Active;

/// The reason a superseded credential is revoked with.
pub(crate) const SUPERSEDED: &str = "superseded";

/// A credential's ledger entry in a plan: borrowed when the ledger has it as it is, boxed when this
/// build makes or changes it (a plan holds one per credential, so it is kept small).
#[derive(Debug, Clone)]
pub(crate) enum EntryRef<'a> {
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
pub(crate) struct Planned<'a> {
    /// Borrowed from the ledger when unchanged.
    pub entry: EntryRef<'a>,
    /// The roster row, when it still exists.
    pub row: Option<&'a Award>,
    pub change: Change,
    /// Where it stands, when not [`Standing::Active`] (see [`Planned::standing`]).
    status: Option<Box<Standing>>,
    /// Whether the revocation bit is set.
    pub revoked: bool,
    /// Whether the suspension bit is set.
    pub suspended: bool,
    /// The credentials it is linked to by corrections, when it is (see [`Planned::replaces`]).
    links: Option<Box<Links>>,
}

/// A credential's links to others by corrections. Boxed in [`Planned`], as most credentials have
/// none: two links that were not there took 32 of its 96 bytes (a plan holds one per credential:
/// 32 MB at a million).
#[derive(Debug, Clone, Default)]
struct Links {
    replaces: Option<Box<str>>,
    current: Option<Box<str>>,
}

/// Every credential the site will hold, and the ledger after this build.
#[derive(Debug, Clone)]
pub(crate) struct Plan<'a> {
    pub items: Vec<Planned<'a>>,
    pub ledger_changed: bool,
    /// Things worth a look that do not stop the build.
    pub warnings: Vec<Problem>,
}

impl Planned<'_> {
    /// Where it stands. Boxed in the item, as most credentials are active: held in place it took 32
    /// of an item's 72 bytes (a plan holds one per credential: 32 MB at a million).
    pub(crate) fn standing(&self) -> &Standing {
        self.status.as_deref().unwrap_or(&ACTIVE)
    }

    /// Makes it stand as `standing`.
    fn set_standing(&mut self, standing: Standing) {
        self.status = (standing != Standing::Active).then(|| Box::new(standing));
    }

    /// The credential this one corrects.
    pub(crate) fn replaces(&self) -> Option<&str> {
        self.links.as_ref()?.replaces.as_deref()
    }

    /// For a credential replaced by a correction: the credential in force now, at the end of the
    /// chain of corrections (a name corrected twice links its first page to the third credential).
    pub(crate) fn current(&self) -> Option<&str> {
        self.links.as_ref()?.current.as_deref()
    }

    /// Links it to the credential it corrects.
    fn set_replaces(&mut self, id: Option<Box<str>>) {
        if id.is_some() {
            self.links.get_or_insert_default().replaces = id;
        }
    }

    /// Links it to the credential in force now.
    fn set_current(&mut self, id: Option<Box<str>>) {
        if id.is_some() {
            self.links.get_or_insert_default().current = id;
        }
    }

    /// Whether its expiry date had passed on `today`.
    pub(crate) fn is_expired(&self, today: Date) -> bool {
        self.entry.expires.is_some_and(|x| x < today)
    }

    /// Whether it is in force on `today`: active, not replaced, not expired (only such a
    /// credential has a certificate).
    pub(crate) fn in_force(&self, today: Date) -> bool {
        matches!(self.standing(), Standing::Active) && self.current().is_none() && !self.is_expired(today)
    }
}

impl Plan<'_> {
    /// The files of the ledger after this build: the key it signs with, what it records of how
    /// credentials are made (`recorded`), and every credential, by status index, in shards as
    /// `layout` says when there are many.
    /// With `log`, in format 3: the log's head, and each credential's log index (`log.indexes`
    /// holds those this build logged). With `spill`, each shard that changed is written as soon as
    /// it is made (see [`ledger::Spill`]).
    pub(crate) fn ledger_files(
        &self,
        signing_key: Option<&str>,
        recorded: ledger::Recorded,
        log: Option<&ledger::LogUpdate>,
        (layout, spill): (&ledger::Layout<'_>, Option<ledger::Spill<'_>>),
    ) -> Result<ledger::LedgerFiles> {
        // Each entry borrowed, with the log index this build gave it when it gave one (a clone of
        // each entry logged was 400 MB of a cold build at a million credentials, and a list of
        // `Cow`s took an entry's whole size for every entry, 25 MB at 100,000).
        let mut entries: Vec<ledger::Logged<'_>> = self
            .items
            .iter()
            .map(|p| {
                let logged = log.and_then(|l| l.indexes.get(p.entry.id())).copied();
                ledger::Logged { entry: p.entry.as_ref(), log_index: logged.or(p.entry.log_index) }
            })
            .collect();
        // Indexes are unique: an unstable sort gives the same order, without a scratch list as
        // long as this one (24 MB at a million credentials, at the build's peak).
        entries.sort_unstable_by_key(|e| e.entry.index);
        ledger::files_of(&entries, signing_key, recorded, log.map(|l| l.head), (layout, spill))
    }

    /// What a preview build issued or re-issued, with the entries those corrections replace, for
    /// [`plan_with_drafts`].
    pub(crate) fn drafts(&self) -> Vec<Entry> {
        self.items
            .iter()
            .filter(|p| matches!(p.change, Change::New | Change::Corrected | Change::Superseded))
            .map(|p| p.entry.as_ref().clone())
            .collect()
    }

    /// How many credentials have `change`.
    pub(crate) fn count(&self, change: Change) -> usize {
        self.items.iter().filter(|p| p.change == change).count()
    }

    /// How many credentials are revoked (superseded ones included) and suspended.
    pub(crate) fn revoked_and_suspended(&self) -> (usize, usize) {
        (self.items.iter().filter(|p| p.revoked).count(), self.items.iter().filter(|p| p.suspended).count())
    }
}

/// Whether `award` says something different from what `entry` recorded (a correction).
fn differs(award: &Award, entry: &Entry) -> bool {
    &*award.name != entry.name()
        || !award.evidence.iter().map(String::as_str).eq(entry.evidence())
        || award.claims != entry.claims
        || award.expires.is_some_and(|x| Some(x) != entry.expires)
}

/// Plans the build of `snapshot` against `ledger`; `today` dates rows that give no issue date.
pub(crate) fn plan<'a>(snapshot: &'a Snapshot, ledger: &'a Ledger, today: Date) -> Result<Plan<'a>> {
    plan_with_drafts(snapshot, ledger, today, &[])
}

/// Like [`plan`], but a credential that an earlier preview build (`hallmark serve`) issued without
/// writing the ledger keeps the id, salt and (when free) status index it had there: `drafts` is that
/// build's ledger. A preview therefore does not re-issue every new credential on every edit.
pub(crate) fn plan_with_drafts<'a>(
    snapshot: &'a Snapshot,
    ledger: &'a Ledger,
    today: Date,
    drafts: &[Entry],
) -> Result<Plan<'a>> {
    let mut problems = check_status_changes(&snapshot.revocations, ledger, today);
    let keys: Vec<rows::Key> = {
        use rayon::prelude::*;
        snapshot.awards.par_iter().map(|a| rows::Key::of(&a.email)).collect()
    };
    let (matched, mut taken) = rows::match_rows(snapshot, ledger, &keys);
    let mut issuer = rows::Issuer::new(ledger, drafts, today);
    let mut items: Vec<Planned<'a>> = Vec::with_capacity(snapshot.awards.len());
    let mut replaced: HashMap<String, String> = HashMap::new();
    let mut warnings = Vec::new();
    for (i, award) in snapshot.awards.iter().enumerate() {
        match matched[i] {
            Some(existing) if !differs(award, existing) => {
                warnings.extend(status::kept_expiry(award, existing, snapshot));
                items.push(item(EntryRef::Ledger(existing), Some(award), Change::Unchanged, None));
            }
            Some(existing) if status::held(existing, &snapshot.revocations).is_some() => {
                problems.push(status::held_correction(award, existing, &snapshot.revocations));
            }
            found => {
                let entry = issuer.issue(snapshot, award, keys[i].text().as_str(), found)?;
                let (change, replaces) = match found {
                    Some(old) => {
                        replaced.insert(old.id().to_string(), entry.id().to_string());
                        (Change::Corrected, Some(old.id().into()))
                    }
                    None => (Change::New, None),
                };
                items.push(item(EntryRef::New(Box::new(entry)), Some(award), change, replaces));
            }
        }
    }
    stacks::add_stacks(snapshot, ledger, today, &mut issuer, &mut items, &mut taken, &mut warnings)?;
    rows::add_ledger_only(snapshot, ledger, &taken, &replaced, &mut items, &mut problems);
    rows::badges_gone(snapshot, ledger, &items, &mut problems);
    if problems.has_errors() {
        return Err(Error::Content { problems });
    }
    link_and_hold(&mut items, ledger, &snapshot.revocations);
    let ledger_changed = items.iter().any(|p| matches!(p.change, Change::New | Change::Corrected));
    Ok(Plan { items, ledger_changed, warnings })
}

/// Links corrections both ways (earlier ones included), applies revocations and suspensions, and
/// points every replaced credential at the one in force now.
fn link_and_hold(items: &mut [Planned<'_>], ledger: &Ledger, revocations: &Revocations) {
    let replaces_of: FastMap<&str, &str> =
        ledger.entries().iter().filter_map(|e| Some((e.replaced_by()?, e.id()))).collect();
    for it in items.iter_mut() {
        if it.replaces().is_none() {
            it.set_replaces(replaces_of.get(it.entry.id()).map(|&s| s.into()));
        }
        status::apply_status(it, revocations);
    }
    let next: FastMap<String, String> =
        items.iter().filter_map(|p| Some((p.entry.id().to_string(), p.entry.replaced_by()?.to_string()))).collect();
    for it in items.iter_mut() {
        it.set_current(current_of(it.entry.id(), &next));
    }
}

/// The end of the chain of corrections that starts at `id` (`None` when `id` is not replaced).
fn current_of(id: &str, next: &FastMap<String, String>) -> Option<Box<str>> {
    let mut at = next.get(id)?;
    // The ledger is written by hallmark, so a chain has no loop; the bound guards a hand-edited one.
    for _ in 0..next.len() {
        match next.get(at) {
            Some(n) => at = n,
            None => break,
        }
    }
    Some(at.as_str().into())
}

fn item<'a>(entry: EntryRef<'a>, row: Option<&'a Award>, change: Change, replaces: Option<Box<str>>) -> Planned<'a> {
    let mut item = Planned { entry, row, change, status: None, revoked: false, suspended: false, links: None };
    item.set_replaces(replaces);
    item
}
