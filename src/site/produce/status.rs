//! The signed status lists: one revocation and one suspension list per 131,072 credentials.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Shared;
use crate::crypto::bitstring::Bitstring;
use crate::document::credential;
use crate::ground::date::Date;
use crate::ground::error::Result;
use crate::ground::layout::{self, Purpose};
use crate::site::plan::Plan;

/// One signed status list credential per purpose and per list that holds an index (always at least
/// list 1), with the site-relative path it is published at.
pub(super) fn status_lists(shared: &Shared<'_>, plan: &Plan<'_>) -> Result<Vec<(String, Value)>> {
    let base = &shared.snapshot.settings.base_url;
    let revocations = &shared.snapshot.revocations;
    let mut lists: BTreeMap<(Purpose, u64), (Bitstring, Option<Date>)> = BTreeMap::new();
    for purpose in Purpose::ALL {
        lists.insert((purpose, 1), (Bitstring::default(), None));
    }
    for item in &plan.items {
        let (list, bit) = layout::status_position(item.entry.index);
        for purpose in Purpose::ALL {
            let slot = lists.entry((purpose, list)).or_insert_with(|| (Bitstring::default(), None));
            // A row dated in the future is in the list already, but the list is not from the future.
            if item.entry.issued <= shared.today {
                slot.1 = slot.1.max(Some(item.entry.issued));
            }
            let (revoked_on, suspended_on) = revocations.latest_changes(item.entry.id());
            let (set, changed) = match purpose {
                Purpose::Revocation => (item.revoked, revoked_on),
                // Lifting a suspension is a change too: the list that clears the bit is newer.
                Purpose::Suspension => (item.suspended, suspended_on),
            };
            if set {
                slot.0.set(bit);
            }
            slot.1 = slot.1.max(changed);
        }
    }
    lists
        .into_iter()
        .map(|((purpose, list), (bits, latest))| {
            // A list is as new as the latest change it records, so the same content gives the same
            // bytes; the dates of status changes are never after today (see site::plan).
            let valid_from = latest.unwrap_or_else(|| Date::new(2020, 1, 1).expect("valid date"));
            let mut doc = credential::status_list_credential(base, purpose, list, &bits.encode(), valid_from);
            shared.signer().sign(&mut doc, &valid_from.start_of_day())?;
            Ok((layout::status_list(purpose, list), Value::Object(doc)))
        })
        .collect()
}
