//! Stacked badges: a badge that `requires` others is awarded to every recipient who holds valid
//! credentials for them (all, or `n_of`), once, dated the day the last requirement was met, and
//! names the credentials it was earned with. A credential already issued stays as it is, even when
//! a component is later revoked: the build says so, and revoking it too is the editor's decision.

use std::collections::HashSet;

use super::{item, Change, EntryRef, Planned};
use crate::ground::date::Date;
use crate::ground::error::{Problem, Result};
use crate::model::claims::Claims;
use crate::model::content::{Award, Badge, Snapshot};
use crate::model::ledger::Ledger;

/// A requirement met: the day, the credential, and the row it came from (borrowed from the plan's
/// items).
struct Met<'p, 'a> {
    issued: Date,
    id: &'p str,
    /// The badge it is a credential of.
    badge: &'p str,
    row: Option<&'a Award>,
}

/// Adds the stacked badges' credentials to `items`: those already issued (their ledger entries,
/// marked `taken`) and those this build issues.
pub(super) fn add_stacks<'a>(
    snapshot: &'a Snapshot,
    ledger: &'a Ledger,
    today: Date,
    issuer: &mut super::rows::Issuer<'_>,
    items: &mut Vec<Planned<'a>>,
    taken: &mut super::rows::Taken,
    warnings: &mut Vec<Problem>,
) -> Result<()> {
    for badge in in_order(snapshot) {
        let Some(requires) = &badge.requires else { continue };
        let held = held(snapshot, items, &requires.badges, today);
        let mut issued_to: HashSet<&str> = HashSet::new();
        for e in ledger.entries().iter().filter(|e| e.badge() == badge.slug && e.replaced_by().is_none()) {
            taken.insert(e.index);
            issued_to.insert(e.recipient());
            warnings.extend(revoked_components(snapshot, e));
            items.push(item(EntryRef::Ledger(e), None, Change::Unchanged, None));
        }
        let mut new = Vec::new();
        for group in held.chunk_by(|a, b| items[*a].entry.recipient() == items[*b].entry.recipient()) {
            let recipient = items[group[0]].entry.recipient();
            if issued_to.contains(recipient) || group.len() < requires.n_of {
                continue;
            }
            let met: Vec<Met<'_, 'a>> = group
                .iter()
                .map(|i| {
                    let it = &items[*i];
                    Met { issued: it.entry.issued, id: it.entry.id(), badge: it.entry.badge(), row: it.row }
                })
                .collect();
            new.extend(issue(snapshot, badge, recipient, &met, requires, issuer)?);
        }
        items.extend(new);
    }
    Ok(())
}

/// The items that meet one of `required` today, by recipient then badge (in the order of their
/// text, as the new credentials are issued), each recipient's earliest credential of each badge
/// alone (the first planned on the same day). Indexes into `items`, sorted, rather than a map of
/// maps: a tree node for each of 50,000 recipients was 49 MB of a 100,000-row build's peak.
fn held(snapshot: &Snapshot, items: &[Planned<'_>], required: &[String], today: Date) -> Vec<usize> {
    let mut badges: Vec<&str> = required.iter().map(String::as_str).collect();
    badges.sort_unstable();
    badges.dedup();
    let held = (0..items.len()).filter_map(|i| {
        let rank = badges.binary_search(&items[i].entry.badge()).ok()?;
        valid(snapshot, &items[i], today).then_some((i, rank))
    });
    // Sorted by keys made once, 16 bytes each: the first half of the recipient's key as the
    // number its hexadecimal digits are (in the order of their text), then the badge's rank, the
    // day and the item. Compared through the items, each comparison reached three places in
    // memory a side, and the sort was 7 % of a one-row build at a million credentials; only two
    // keys with the same first half (the same recipient, mostly) look at the whole text.
    let keyed: Option<Vec<(u64, u64)>> = held
        .clone()
        .map(|(i, rank)| {
            let e = &items[i].entry;
            let day = u64::try_from(e.issued.days() + (1 << 23)).ok().filter(|d| *d < 1 << 24)?;
            let rest = u64::from(u8::try_from(rank).ok()?) << 56 | day << 32 | u64::from(u32::try_from(i).ok()?);
            Some((hex_prefix(e.recipient())?, rest))
        })
        .collect();
    let Some(mut keyed) = keyed else { return held_by_text(items, held.map(|(i, _)| i).collect()) };
    let recipient = |k: &(u64, u64)| items[(k.1 & 0xffff_ffff) as usize].entry.recipient();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| recipient(a).cmp(recipient(b))).then(a.1.cmp(&b.1)));
    keyed.dedup_by(|later, earlier| {
        (later.0, later.1 >> 56) == (earlier.0, earlier.1 >> 56) && recipient(later) == recipient(earlier)
    });
    keyed.into_iter().map(|k| (k.1 & 0xffff_ffff) as usize).collect()
}

/// The first 16 hexadecimal digits of a recipient key the ledger wrote (32 lowercase hexadecimal
/// digits) as a number; `None` for any other text.
fn hex_prefix(key: &str) -> Option<u64> {
    let digits = key.len() == 32 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    digits.then(|| u64::from_str_radix(&key[..16], 16).ok()).flatten()
}

/// [`held`] for a ledger whose recipient keys are not all hexadecimal (edited by hand): by their text.
fn held_by_text(items: &[Planned<'_>], mut held: Vec<usize>) -> Vec<usize> {
    let key = |i: usize| {
        let e = &items[i].entry;
        (e.recipient(), e.badge(), e.issued, i)
    };
    held.sort_unstable_by(|a, b| key(*a).cmp(&key(*b)));
    held.dedup_by(|later, earlier| {
        let (x, y) = (&items[*later].entry, &items[*earlier].entry);
        x.recipient() == y.recipient() && x.badge() == y.badge()
    });
    held
}

/// The stacked badges, each after the stacked badges it requires.
fn in_order(snapshot: &Snapshot) -> Vec<&Badge> {
    let mut done: Vec<&Badge> = Vec::new();
    let mut pending: Vec<&Badge> = snapshot.badges.values().filter(|b| b.requires.is_some()).collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|b| {
            let ready = b.requires.as_ref().is_some_and(|r| {
                r.badges.iter().all(|s| {
                    snapshot.badges.get(s).is_none_or(|x| x.requires.is_none() || done.iter().any(|d| d.slug == *s))
                })
            });
            if ready {
                done.push(b);
            }
            !ready
        });
        if pending.len() == before {
            break; // A cycle: reported when the content is checked.
        }
    }
    done
}

/// Whether a planned credential counts toward a stacked badge today: issued, not replaced,
/// revoked, suspended or expired.
fn valid(snapshot: &Snapshot, it: &Planned<'_>, today: Date) -> bool {
    let e = &it.entry;
    matches!(it.change, Change::New | Change::Corrected | Change::Unchanged)
        && e.replaced_by().is_none()
        && e.issued <= today
        && e.expires.is_none_or(|x| x >= today)
        && snapshot.revocations.revocation(e.id()).is_none()
        && snapshot.revocations.suspension(e.id()).is_none()
}

/// A new stacked credential for `recipient`, dated when the last of the `n_of` earliest
/// requirements was met; `None` when no component's row is left to give the name and address.
fn issue<'a>(
    snapshot: &'a Snapshot,
    badge: &Badge,
    recipient: &str,
    met: &[Met<'_, 'a>],
    requires: &crate::model::content::badge::Requirements,
    issuer: &mut super::rows::Issuer<'_>,
) -> Result<Option<Planned<'a>>> {
    let mut chosen: Vec<&Met<'_, 'a>> = met.iter().collect();
    chosen.sort_by(|a, b| (a.issued, a.id).cmp(&(b.issued, b.id)));
    chosen.truncate(requires.n_of);
    let Some(issued) = chosen.iter().map(|m| m.issued).max() else { return Ok(None) };
    let Some(row) = chosen.iter().rev().find_map(|m| m.row) else { return Ok(None) };
    let mut components: Vec<(usize, String)> = chosen
        .iter()
        .map(|m| (requires.badges.iter().position(|b| b == m.badge).unwrap_or(usize::MAX), m.id.to_string()))
        .collect();
    components.sort();
    let claims = Claims { components: components.into_iter().map(|(_, id)| id).collect(), ..Claims::default() };
    let award = Award {
        badge: badge.slug.as_str().into(),
        name: row.name.clone(),
        email: row.email.clone(),
        issued: Some(issued),
        expires: None,
        evidence: Box::default(),
        extra: Default::default(),
        language: row.language.clone(),
        claims: Some(std::sync::Arc::new(claims.compact())),
        source: row.source.clone(),
    };
    let entry = issuer.issue(snapshot, &award, recipient, None)?;
    Ok(Some(item(EntryRef::New(Box::new(entry)), None, Change::New, None)))
}

/// A warning for each component of stacked credential `e` that is now revoked.
fn revoked_components(snapshot: &Snapshot, e: &crate::model::ledger::Entry) -> Vec<Problem> {
    if snapshot.revocations.revocation(e.id()).is_some() {
        return Vec::new();
    }
    let components = e.claims.as_deref().map(|c| c.components.as_slice()).unwrap_or_default();
    components
        .iter()
        .filter(|c| snapshot.revocations.revocation(c).is_some())
        .map(|c| {
            Problem::general_warning(format!(
                "credential {} ({}) was earned with credential {c}, which is revoked; it stays valid until you decide",
                e.id(),
                e.badge()
            ))
            .help(format!("if it no longer holds, revoke it too: hallmark revoke {} --reason \"…\"", e.id()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn recipient_keys_first_halves_as_numbers_sort_as_their_text() {
        let mut keys: Vec<String> = (0..200u64)
            .map(|i| crate::model::ledger::recipient_key(&format!("learner{i}@example.org")))
            .chain([
                "0".repeat(32),
                "f".repeat(32),
                format!("{}1", "0".repeat(31)),
                format!("{}f{}", "0".repeat(15), "0".repeat(16)),
            ])
            .collect();
        keys.sort();
        let numbers: Vec<u64> = keys.iter().map(|k| super::hex_prefix(k).expect(k)).collect();
        assert!(numbers.windows(2).all(|w| w[0] <= w[1]), "the numbers keep the text's order");
        for other in ["ABCDEF0123456789abcdef0123456789", "abc", "+bcdef0123456789abcdef0123456789", "-"] {
            assert_eq!(super::hex_prefix(other), None, "{other}: by its text");
        }
    }
}
