//! How revocations and suspensions apply to planned credentials, and the problems of a row that
//! would change a held (revoked or suspended) credential.

use super::{Planned, Standing, SUPERSEDED};
use crate::ground::error::Problem;
use crate::model::content::{Award, Revocations, Snapshot, StatusChange};
use crate::model::ledger::Entry;

/// How a credential is held, if it is: revoked (other than by a correction) or suspended.
pub(super) fn held<'r>(entry: &Entry, revocations: &'r Revocations) -> Option<(&'static str, &'r StatusChange)> {
    if entry.replaced_by().is_some() {
        return None;
    }
    revocations
        .revocation(entry.id())
        .map(|c| ("revoked", c))
        .or_else(|| revocations.suspension(entry.id()).map(|c| ("suspended", c)))
}

/// What changed between the ledger's record and the row, in words.
fn change_words(award: &Award, entry: &Entry) -> String {
    let mut parts = Vec::new();
    if &*award.name != entry.name() {
        parts.push(format!("the name from \"{}\" to \"{}\"", entry.name(), award.name));
    }
    if !award.evidence.iter().map(String::as_str).eq(entry.evidence()) {
        parts.push("the evidence".to_string());
    }
    if award.claims != entry.claims {
        parts.push("the results, evidence or details".to_string());
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
pub(super) fn held_correction(award: &Award, entry: &Entry, revocations: &Revocations) -> Problem {
    let (how, change) = held(entry, revocations).expect("only for held credentials");
    let help = match how {
        "revoked" => format!(
            "put the row back as it was: a correction would issue a new credential that is not revoked. If the revocation was only about this mistake, delete its [[revoked]] entry ({}) in the same change: the old credential is then revoked as superseded by the corrected one",
            change.location
        ),
        _ => format!(
            "put the row back as it was, or lift the suspension first (hallmark reinstate {}): a correction would issue a new credential that is not suspended",
            entry.id()
        ),
    };
    Problem::error(
        award.source.clone(),
        format!(
            "this row changes {} of credential {}, which is {how} (since {})",
            change_words(award, entry),
            entry.id(),
            change.date
        ),
    )
    .help(help)
}

/// A warning when a row's empty `expires` leaves a credential with an expiry date that the badge
/// would not give it: emptying the cell does not remove the date.
pub(super) fn kept_expiry(award: &Award, entry: &Entry, snapshot: &Snapshot) -> Option<Problem> {
    let recorded = entry.expires?;
    if award.expires.is_some() {
        return None;
    }
    let default = snapshot.badges.get(&*award.badge).and_then(|b| b.valid_for).map(|p| p.after(entry.issued));
    if default == Some(recorded) {
        return None;
    }
    Some(
        Problem::warning(
            award.source.clone(),
            format!("the expires cell is empty, but credential {} expires on {recorded}: it keeps that date", entry.id()),
        )
        .help(format!(
            "write {recorded} in the cell to say so, or another date to correct it; an issued credential cannot lose its expiry date (revoke it and issue a new one instead)"
        )),
    )
}

pub(super) fn apply_status(it: &mut Planned<'_>, revocations: &Revocations) {
    let public = |c: &StatusChange| c.reason.as_deref().filter(|_| c.public_reason).map(Box::from);
    if let Some(r) = revocations.revocation(it.entry.id()) {
        it.revoked = true;
        it.set_standing(Standing::Revoked { date: Some(r.date), reason: public(r) });
    } else if it.entry.replaced_by().is_some() {
        // A corrected credential is revoked, so no verifier takes the old one for current.
        it.revoked = true;
        it.set_standing(Standing::Revoked { date: None, reason: Some(SUPERSEDED.into()) });
    }
    if let Some(s) = revocations.suspension(it.entry.id()) {
        it.suspended = true;
        if *it.standing() == Standing::Active {
            it.set_standing(Standing::Suspended { date: s.date, reason: public(s) });
        }
    }
}
