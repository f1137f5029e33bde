//! The ledger's entries by credential id: made once as the ledger is read, where every id is
//! checked to be there only once, and kept for what asks about an id later (is this published
//! credential recorded, where is it recorded). Each of those built a set of its own: at 100,000
//! credentials the published-credentials check's set alone was 2.3 % of a one-row build.

use std::hash::BuildHasher;

use super::Entry;

/// Positions in the ledger's entries, found by id: 4 bytes a credential (and the table's own
/// byte), the ids themselves read from the entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ids {
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::FixedState,
}

impl Ids {
    /// The positions of `entries` by id, or the positions of the first and the second entry that
    /// share one.
    pub(super) fn of(entries: &[Entry]) -> Result<Ids, (usize, usize)> {
        let mut ids = Ids { table: hashbrown::HashTable::with_capacity(entries.len()), hasher: Default::default() };
        for (i, e) in entries.iter().enumerate() {
            let hash = ids.hasher.hash_one(e.id());
            let id_at = |at: u32| entries.get(at as usize).map_or("", Entry::id);
            let entry = ids.table.entry(hash, |&at| id_at(at) == e.id(), |&at| ids.hasher.hash_one(id_at(at)));
            match entry {
                hashbrown::hash_table::Entry::Occupied(first) => return Err((*first.get() as usize, i)),
                hashbrown::hash_table::Entry::Vacant(slot) => {
                    // A ledger of 4 billion entries is not read (nor held in memory).
                    slot.insert(u32::try_from(i).unwrap_or(u32::MAX));
                }
            }
        }
        Ok(ids)
    }

    /// The position of `id` in `entries` (those this was made of).
    pub(super) fn position(&self, entries: &[Entry], id: &str) -> Option<usize> {
        let at =
            self.table.find(self.hasher.hash_one(id), |&at| entries.get(at as usize).is_some_and(|e| e.id() == id))?;
        Some(*at as usize)
    }
}
