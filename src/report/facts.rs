//! Each credential as a report counts it: its badge and program, how it came to be (new, corrected,
//! renewed), and where it stands on the report's day, from the ledger and `revocations.toml` alone.

use std::collections::HashMap;

use super::source::Site;
use super::GroupBy;
use crate::ground::date::Date;
use crate::ground::error::Result;

/// How a credential came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    New,
    /// Issued to correct an earlier credential.
    Corrected,
    /// A later credential for a badge the recipient held before.
    Renewed,
}

/// Where a credential stands on the report's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Standing {
    Active,
    Expired,
    Suspended,
    /// With the public reason, when it has one.
    Revoked(Option<String>),
    /// Replaced by a correction.
    Superseded,
}

/// One credential.
#[derive(Debug, Clone)]
pub(super) struct Fact {
    pub id: String,
    pub badge: String,
    pub program: String,
    pub issued: Date,
    pub origin: Origin,
    pub standing: Standing,
    /// The values of the roster columns grouped by, by heading.
    pub columns: HashMap<String, String>,
}

/// Every credential issued on or before the report's day.
pub(super) struct Facts {
    pub all: Vec<Fact>,
    /// Where to find a credential by id.
    pub by_id: HashMap<String, usize>,
}

/// The program of a badge that names none.
pub(super) const NO_PROGRAM: &str = "(no program)";

impl Facts {
    /// The facts of `site` as of `as_of`: credentials issued later are left out, and revocations,
    /// suspensions and expiry are judged on that day.
    pub(super) fn new(site: &Site, as_of: Date, _by: &[GroupBy]) -> Result<Facts> {
        let entries = site.ledger.entries();
        let by_id_entry: HashMap<&str, &crate::model::ledger::Entry> = entries.iter().map(|e| (e.id(), e)).collect();
        // A correction's new credential is the one an older entry names as `replaced_by`.
        let corrections: HashMap<&str, &str> =
            entries.iter().filter_map(|e| Some((e.replaced_by()?, e.id()))).collect();
        let mut first_of: HashMap<(&str, &str), Date> = HashMap::new();
        for e in entries.iter().filter(|e| !corrections.contains_key(e.id())) {
            let first = first_of.entry((e.badge(), e.recipient())).or_insert(e.issued);
            *first = (*first).min(e.issued);
        }
        let mut all = Vec::with_capacity(entries.len());
        for e in entries.iter().filter(|e| e.issued <= as_of) {
            let origin = if corrections.contains_key(e.id()) {
                Origin::Corrected
            } else if first_of.get(&(e.badge(), e.recipient())).is_some_and(|d| *d < e.issued) {
                Origin::Renewed
            } else {
                Origin::New
            };
            let replaced = e.replaced_by().and_then(|n| by_id_entry.get(n)).is_some_and(|next| next.issued <= as_of);
            all.push(Fact {
                id: e.id().to_string(),
                badge: e.badge().to_string(),
                program: site.programs.get(e.badge()).cloned().unwrap_or_else(|| NO_PROGRAM.to_string()),
                issued: e.issued,
                origin,
                standing: standing(site, e, replaced, as_of),
                columns: site.columns.get(e.id()).cloned().unwrap_or_default(),
            });
        }
        let by_id = all.iter().enumerate().map(|(i, f)| (f.id.clone(), i)).collect();
        Ok(Facts { all, by_id })
    }
}

/// Where credential `e` stands on `day`.
fn standing(site: &Site, e: &crate::model::ledger::Entry, replaced: bool, day: Date) -> Standing {
    if let Some(r) = site.revocations.revocation(e.id()).filter(|r| r.date <= day) {
        return Standing::Revoked(if r.public_reason { r.reason.clone() } else { None });
    }
    if replaced {
        return Standing::Superseded;
    }
    let suspended = site
        .revocations
        .suspended
        .iter()
        .any(|s| s.id == e.id() && s.date <= day && s.lifted.is_none_or(|lifted| lifted > day));
    if suspended {
        return Standing::Suspended;
    }
    if e.expires.is_some_and(|x| x < day) {
        return Standing::Expired;
    }
    Standing::Active
}
