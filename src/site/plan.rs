//! Planning: match every roster row to its ledger entry (or a new one), and find ledger entries whose row is gone.

use crate::content::{Award, Snapshot};
use crate::date::Date;
use crate::error::{Error, Location, Problem, Problems, Result};
use crate::ledger::{self, Entry, Ledger, LEDGER_FILE};

/// What a build does to one credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Issued by this build.
    New,
    /// Already issued; its row was edited.
    Changed,
    /// Already issued, row as before.
    Unchanged,
}

/// One credential to produce.
#[derive(Debug, Clone)]
pub struct Planned<'a> {
    pub award: &'a Award,
    pub entry: Entry,
    pub change: Change,
}

/// Every credential the site will hold, and the ledger after this build.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    pub items: Vec<Planned<'a>>,
    pub ledger: Ledger,
    pub ledger_changed: bool,
}

impl Plan<'_> {
    /// How many credentials have `change`.
    pub fn count(&self, change: Change) -> usize {
        self.items.iter().filter(|p| p.change == change).count()
    }
}

fn row_hash(award: &Award, issued: Date) -> String {
    let issued = issued.to_string();
    let expires = award.expires.map(|d| d.to_string()).unwrap_or_default();
    let evidence = award.evidence.join(" ");
    ledger::content_hash(&[&award.badge, &award.name, &award.email, &issued, &expires, &evidence])
}

/// Plans the build of `snapshot` against `ledger`; `today` dates rows that give no issue date.
pub fn plan<'a>(snapshot: &'a Snapshot, ledger: &Ledger, today: Date) -> Result<Plan<'a>> {
    let by_award = ledger.by_award();
    let mut used = std::collections::HashSet::new();
    let mut next_index = ledger.next_index();
    let mut items = Vec::with_capacity(snapshot.awards.len());
    let mut changed_any = false;
    for award in &snapshot.awards {
        let key = ledger::recipient_key(&award.email);
        match by_award.get(&(award.badge.as_str(), key.as_str())) {
            Some(&existing) => {
                used.insert(existing.index);
                let issued = award.issued.unwrap_or(existing.issued);
                let hash = row_hash(award, issued);
                let change = if hash == existing.hash { Change::Unchanged } else { Change::Changed };
                changed_any |= change != Change::Unchanged;
                let entry = Entry { issued, hash, ..existing.clone() };
                items.push(Planned { award, entry, change });
            }
            None => {
                let issued = award.issued.unwrap_or(today);
                let entry = Entry {
                    id: ledger::new_id()?,
                    index: next_index,
                    badge: award.badge.clone(),
                    recipient: key,
                    issued,
                    salt: ledger::new_salt()?,
                    hash: row_hash(award, issued),
                };
                next_index += 1;
                changed_any = true;
                items.push(Planned { award, entry, change: Change::New });
            }
        }
    }

    let orphans: Vec<&Entry> = ledger.entries().iter().filter(|e| !used.contains(&e.index)).collect();
    if !orphans.is_empty() {
        let path = snapshot.content_dir.join(LEDGER_FILE);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut problems = Problems::new();
        for e in orphans {
            let offset = text.find(&format!("{}\t", e.id)).unwrap_or(0);
            problems.push(
                Problem::error(
                    Location::at_offset(&path, &text, offset),
                    format!("credential {} (badge \"{}\", issued {}) was issued, but its roster row is gone", e.id, e.badge, e.issued),
                )
                .help("put the row back: an issued credential cannot be un-issued by deleting its row; to withdraw it, revoke it instead"),
            );
        }
        return Err(Error::Content { problems });
    }

    let mut entries: Vec<Entry> = items.iter().map(|p| p.entry.clone()).collect();
    entries.sort_by_key(|e| e.index);
    Ok(Plan { items, ledger: Ledger::from_entries(entries), ledger_changed: changed_any })
}
