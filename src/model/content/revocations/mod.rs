//! `revocations.toml`: revoked and suspended credentials, one reviewed entry each.

mod read;

use crate::ground::date::Date;
use crate::ground::error::Location;

pub(crate) use read::load;

/// The file's name, beside `hallmark.toml`.
pub(crate) const REVOCATIONS_FILE: &str = "revocations.toml";

/// One revocation or suspension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StatusChange {
    pub id: String,
    pub date: Date,
    pub reason: Option<String>,
    /// Whether the reason may be shown on the public landing page.
    pub public_reason: bool,
    /// When a suspension was lifted; a lifted suspension no longer holds the credential.
    pub lifted: Option<Date>,
    /// Where the entry's `id` is written.
    pub location: Location,
    /// Where the entry's `date` is written.
    pub date_location: Location,
}

impl StatusChange {
    /// The latest date this entry records: when it was made, or lifted.
    pub(crate) fn latest(&self) -> Date {
        self.lifted.map_or(self.date, |l| l.max(self.date))
    }
}

/// Everything in `revocations.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Revocations {
    pub revoked: Vec<StatusChange>,
    /// Suspensions, lifted ones included (a credential can be suspended again after a lift).
    pub suspended: Vec<StatusChange>,
    /// Positions in `revoked` and of the suspension in force in `suspended`, by credential id (a
    /// bulk revocation can list thousands, and every credential is looked up).
    index: crate::ground::hash::FastMap<String, Positions>,
    /// Ids of entries left out for a problem already reported, and where they are written: an id
    /// that was never issued is worth reporting with the rest.
    dropped: Vec<(String, Location)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Positions {
    revoked: Option<usize>,
    suspended: Option<usize>,
    /// The latest date any entry for the credential records, per list.
    latest_revocation: Option<Date>,
    latest_suspension: Option<Date>,
}

impl Revocations {
    /// The entries, indexed for lookups by id.
    pub(crate) fn new(revoked: Vec<StatusChange>, suspended: Vec<StatusChange>) -> Revocations {
        let mut index: crate::ground::hash::FastMap<String, Positions> = Default::default();
        for (i, c) in revoked.iter().enumerate() {
            let p = index.entry(c.id.clone()).or_default();
            p.revoked.get_or_insert(i);
            p.latest_revocation = p.latest_revocation.max(Some(c.latest()));
        }
        for (i, c) in suspended.iter().enumerate() {
            let p = index.entry(c.id.clone()).or_default();
            if c.lifted.is_none() {
                p.suspended.get_or_insert(i);
            }
            p.latest_suspension = p.latest_suspension.max(Some(c.latest()));
        }
        Revocations { revoked, suspended, index, dropped: Vec::new() }
    }

    fn with_dropped(self, dropped: Vec<(String, Location)>) -> Revocations {
        Revocations { dropped, ..self }
    }

    /// The revocation of `id`, if any.
    pub(crate) fn revocation(&self, id: &str) -> Option<&StatusChange> {
        self.index.get(id).and_then(|p| p.revoked).map(|i| &self.revoked[i])
    }

    /// The suspension of `id` in force (not lifted), if any.
    pub(crate) fn suspension(&self, id: &str) -> Option<&StatusChange> {
        self.index.get(id).and_then(|p| p.suspended).map(|i| &self.suspended[i])
    }

    /// The latest date recorded for `id` in the revocation entries and in the suspension entries
    /// (lifts included): a status list is as new as the latest change it reflects.
    pub(crate) fn latest_changes(&self, id: &str) -> (Option<Date>, Option<Date>) {
        self.index.get(id).map_or((None, None), |p| (p.latest_revocation, p.latest_suspension))
    }

    /// Every entry, revocations first.
    pub(crate) fn all(&self) -> impl Iterator<Item = &StatusChange> {
        self.revoked.iter().chain(&self.suspended)
    }

    /// The ids of the entries left out for a problem (reported when the file was read), with
    /// where each is written: they can still be looked up in the ledger.
    pub(crate) fn dropped(&self) -> impl Iterator<Item = (&str, &Location)> {
        self.dropped.iter().map(|(id, at)| (id.as_str(), at))
    }
}

#[cfg(test)]
mod tests;
