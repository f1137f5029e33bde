//! Matching roster rows to ledger entries, issuing entries for new and corrected rows, and the
//! ledger entries that have no row (superseded, revoked and retained, or an error).

use std::collections::{HashMap, HashSet};

use crate::ground::hash::{FastMap, FastSet};

use super::{item, Change, EntryRef, Planned};
use crate::document::credential::identity_hash;
use crate::ground::date::Date;
use crate::ground::error::{Location, Problem, Problems, Result};
use crate::model::content::{Award, Snapshot};
use crate::model::ledger::{self, Entry, Ledger, LEDGER_FILE};

/// Each row's ledger entry, if it has one, and the status indexes those entries hold. Rows find
/// their entries by badge and recipient; a renewal (another issue date) is another entry. Rows that
/// give their issue date are matched first, so a row without one cannot take another's entry.
pub(super) fn match_rows<'a>(
    snapshot: &Snapshot,
    ledger: &'a Ledger,
    keys: &[String],
) -> (Vec<Option<&'a Entry>>, HashSet<u64>) {
    let mut candidates: FastMap<(&str, &str), Vec<&Entry>> =
        FastMap::with_capacity_and_hasher(ledger.entries().len(), Default::default());
    for e in ledger.entries().iter().filter(|e| e.replaced_by.is_none()) {
        candidates.entry((e.badge.as_str(), e.recipient.as_str())).or_default().push(e);
    }
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
    (matched, taken)
}

/// What identifies a credential issued by a preview build: badge, recipient key, issue date, and
/// the id of the credential it corrects.
type DraftKey = (String, String, Date, Option<String>);

/// Hands out ids, salts and status indexes to new entries: a preview's draft keeps its own, other
/// entries take the next index no draft holds. Indexes are never reused.
pub(super) struct Issuer<'d> {
    drafts: HashMap<DraftKey, &'d Entry>,
    reserved: HashSet<u64>,
    used: HashSet<u64>,
    first_free: u64,
    next_index: u64,
    today: Date,
}

impl<'d> Issuer<'d> {
    pub(super) fn new(ledger: &Ledger, drafts: &'d [Entry], today: Date) -> Issuer<'d> {
        let on_disk: FastSet<&str> = ledger.entries().iter().map(|e| e.id.as_str()).collect();
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
        let reserved = drafts.values().map(|e| e.index).collect();
        Issuer {
            drafts,
            reserved,
            used: HashSet::new(),
            first_free: ledger.next_index(),
            next_index: ledger.next_index(),
            today,
        }
    }

    /// The entry for `award` (recipient key `recipient`), new or correcting `found`.
    pub(super) fn issue(
        &mut self,
        snapshot: &Snapshot,
        award: &Award,
        recipient: &str,
        found: Option<&Entry>,
    ) -> Result<Entry> {
        let badge = &snapshot.badges[&award.badge];
        let issued = found.map(|e| e.issued).or(award.issued).unwrap_or(self.today);
        let expires = award
            .expires
            .or_else(|| found.and_then(|e| e.expires))
            .or_else(|| badge.valid_for.map(|p| p.after(issued)));
        let draft_key = (award.badge.clone(), recipient.to_string(), issued, found.map(|e| e.id.clone()));
        let draft = self.drafts.get(&draft_key).filter(|d| d.index >= self.first_free && !self.used.contains(&d.index));
        let (id, salt, index) = match draft {
            Some(d) => (d.id.clone(), d.salt.clone(), d.index),
            None => {
                while self.reserved.contains(&self.next_index) || self.used.contains(&self.next_index) {
                    self.next_index += 1;
                }
                self.next_index += 1;
                (ledger::new_id()?, ledger::new_salt()?, self.next_index - 1)
            }
        };
        self.used.insert(index);
        Ok(Entry {
            id,
            index,
            badge: award.badge.clone(),
            issued,
            expires,
            replaced_by: None,
            recipient: recipient.to_string(),
            identity: identity_hash(&award.email, &salt),
            salt,
            evidence: award.evidence.clone(),
            name: award.name.clone(),
            log_index: None,
            claims: award.claims.clone(),
        })
    }
}

/// Adds the ledger entries no row took: superseded by a correction, or revoked and retained. Any
/// other entry without a row is a problem: an issued credential cannot be un-issued.
pub(super) fn add_ledger_only<'a>(
    snapshot: &Snapshot,
    ledger: &'a Ledger,
    taken: &HashSet<u64>,
    replaced: &HashMap<String, String>,
    items: &mut Vec<Planned<'a>>,
    problems: &mut Problems,
) {
    // Room for them at once (the items are large, and doubling the list at 100,000 credentials
    // copies tens of megabytes).
    items.reserve_exact(
        ledger.entries().iter().filter(|e| !taken.contains(&e.index) || replaced.contains_key(&e.id)).count(),
    );
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
            problems.push(row_gone(snapshot, ledger, e, items));
        }
    }
}

/// The problem of an issued credential whose roster row is gone.
fn row_gone(snapshot: &Snapshot, ledger: &Ledger, e: &Entry, items: &[Planned<'_>]) -> Problem {
    // A new row for the same badge and the same name or recipient is most likely this row with its
    // e-mail address or issue date changed, which is not a correction.
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
            "put the row back: an issued credential cannot be un-issued by deleting its row; to withdraw it, revoke it instead (hallmark revoke {} --reason \"...\"); {RESET_HINT}",
            e.id
        ),
    };
    let (file, line) = ledger.location_of(&e.id).unwrap_or((LEDGER_FILE.to_string(), 1));
    Problem::error(
        Location::new(snapshot.content_dir.join(file), line, 1),
        format!(
            "credential {} ({}, badge \"{}\", issued {}) was issued, but its roster row is gone",
            e.id, e.name, e.badge, e.issued
        ),
    )
    .help(help)
}

/// How a site that never went out starts afresh, for errors about credentials it issued.
const RESET_HINT: &str =
    "if this site was never published (a sample or a trial run), `hallmark reset` forgets every credential it issued";

/// A problem for each badge that credentials in the ledger were issued with but `badges/` no longer
/// has, at the ledger line of the first: they are still published, and their pages need it.
pub(super) fn badges_gone(snapshot: &Snapshot, ledger: &Ledger, items: &[Planned<'_>], problems: &mut Problems) {
    let mut gone: Vec<(&str, Vec<&Entry>)> = Vec::new();
    for it in items.iter().filter(|p| !snapshot.badges.contains_key(p.entry.badge.as_str())) {
        match gone.iter_mut().find(|(b, _)| *b == it.entry.badge) {
            Some((_, entries)) => entries.push(&it.entry),
            None => gone.push((&it.entry.badge, vec![&it.entry])),
        }
    }
    for (badge, entries) in gone {
        let first = entries[0];
        let (file, line) = ledger.location_of(&first.id).unwrap_or((LEDGER_FILE.to_string(), 1));
        problems.push(
            Problem::error(
                Location::new(snapshot.content_dir.join(file), line, 1),
                format!(
                    "{} issued with the badge \"{badge}\" (first {}, {}), but badges/ has no {badge}.md any more",
                    if entries.len() == 1 { "1 credential was".to_string() } else { format!("{} credentials were", entries.len()) },
                    first.id,
                    first.name
                ),
            )
            .help(format!(
                "a credential stays published, revoked or not, and its page shows its badge: put badges/{badge}.md and its artwork back; {RESET_HINT}"
            )),
        );
    }
}
