//! Matching roster rows to ledger entries, issuing entries for new and corrected rows, and the
//! ledger entries that have no row (superseded, revoked and retained, or an error).

use std::collections::{HashMap, HashSet};

use crate::ground::hash::FastSet;

use super::{item, Change, EntryRef, Planned};
use crate::document::credential::identity_hash;
use crate::ground::date::Date;
use crate::ground::error::{Location, Problem, Problems, Result};
use crate::model::content::{Award, Snapshot};
use crate::model::ledger::{self, Entry, EntryParts, Ledger, LEDGER_FILE};

/// Each row's ledger entry, if it has one, and the status indexes those entries hold. Rows find
/// their entries by badge and recipient; a renewal (another issue date) is another entry. Rows that
/// give their issue date are matched first, so a row without one cannot take another's entry.
/// A row's recipient key ([`ledger::recipient_key`]: 32 hexadecimal digits) as the 16 bytes they
/// spell, held in place. The plan holds one per row while it matches rows to entries: as a
/// `String` each took 56 bytes at the peak of a one-row build at a million credentials, and as
/// its text in place 33.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Key([u8; 16]);

impl Key {
    /// The recipient key of the (trimmed, lowercased) address `email`.
    pub(super) fn of(email: &str) -> Key {
        // The bytes themselves, not their hexadecimal read back (half of making a key, 100,000
        // times in each build).
        Key(ledger::recipient_key_bytes(email))
    }

    /// The key as the ledger writes it.
    pub(super) fn text(&self) -> crate::ground::text::InlineText<32> {
        let mut digits = [0u8; 32];
        let _ = hex::encode_to_slice(self.0, &mut digits);
        std::str::from_utf8(&digits).unwrap_or_default().into()
    }
}

pub(super) fn match_rows<'a>(snapshot: &Snapshot, ledger: &'a Ledger, keys: &[Key]) -> (Vec<Option<&'a Entry>>, Taken) {
    let candidates = Candidates::of(ledger);
    let mut matched: Vec<Option<&Entry>> = vec![None; snapshot.awards.len()];
    let mut taken = Taken::for_ledger(ledger);
    for explicit in [true, false] {
        for (i, award) in snapshot.awards.iter().enumerate() {
            if award.issued.is_some() != explicit {
                continue;
            }
            let key = keys[i].text();
            let found = candidates
                .of_key(&award.badge, key.as_str())
                .find(|e| !taken.contains(&e.index) && award.issued.is_none_or(|d| d == e.issued));
            if let Some(e) = found {
                taken.insert(e.index);
                matched[i] = Some(e);
            }
        }
    }
    (matched, taken)
}

/// The ledger's entries in force (not replaced), found by badge and recipient key: a list of
/// (hash of the two, position in the ledger) sorted by hash, then position. A hash map of lists
/// took 188 MB at a million credentials; this takes 16.
struct Candidates<'a> {
    entries: &'a [Entry],
    by_hash: Vec<(u64, u32)>,
    hasher: foldhash::fast::FixedState,
}

impl<'a> Candidates<'a> {
    fn of(ledger: &'a Ledger) -> Candidates<'a> {
        use rayon::slice::ParallelSliceMut;
        use std::hash::BuildHasher;
        let hasher = foldhash::fast::FixedState::default();
        let entries = ledger.entries();
        let mut by_hash: Vec<(u64, u32)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.replaced_by().is_none())
            .map(|(at, e)| (hasher.hash_one((e.badge(), e.recipient())), at as u32))
            .collect();
        by_hash.par_sort_unstable();
        Candidates { entries, by_hash, hasher }
    }

    /// The entries of `badge` and `recipient`, in ledger order.
    fn of_key<'k>(&'k self, badge: &'k str, recipient: &'k str) -> impl Iterator<Item = &'a Entry> + 'k {
        use std::hash::BuildHasher;
        let h = self.hasher.hash_one((badge, recipient));
        let from = self.by_hash.partition_point(|(k, _)| *k < h);
        self.by_hash[from..]
            .iter()
            .take_while(move |(k, _)| *k == h)
            .map(|(_, at)| &self.entries[*at as usize])
            .filter(move |e| e.badge() == badge && e.recipient() == recipient)
    }
}

/// The status indexes the plan's credentials hold, as bits: indexes are given out one after
/// another from the first, so a million take 125 KB (a hash set of them took 19 MB). An index far
/// beyond the ledger's (only a damaged ledger has one) is held apart.
#[derive(Debug, Default)]
pub(super) struct Taken {
    bits: Vec<u64>,
    far: HashSet<u64>,
}

impl Taken {
    /// Room for the indexes of `ledger` and as many again.
    pub(super) fn for_ledger(ledger: &Ledger) -> Taken {
        let dense = ledger.entries().len().saturating_mul(2).max(1 << 16);
        Taken { bits: vec![0; dense.div_ceil(64)], far: HashSet::new() }
    }

    pub(super) fn contains(&self, index: &u64) -> bool {
        match self.bits.get((*index / 64) as usize) {
            Some(word) => word >> (*index % 64) & 1 == 1,
            None => self.far.contains(index),
        }
    }

    /// Marks `index` taken.
    pub(super) fn insert(&mut self, index: u64) {
        match self.bits.get_mut((index / 64) as usize) {
            Some(word) => *word |= 1 << (index % 64),
            None => {
                self.far.insert(index);
            }
        }
    }
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
        // Only a preview has drafts: a build does not gather the ledger's ids (36 MB at a million).
        let on_disk: FastSet<&str> =
            if drafts.is_empty() { FastSet::default() } else { ledger.entries().iter().map(|e| e.id()).collect() };
        let corrects: HashMap<&str, &str> = drafts.iter().filter_map(|e| Some((e.replaced_by()?, e.id()))).collect();
        let drafts: HashMap<DraftKey, &Entry> = drafts
            .iter()
            .filter(|e| !on_disk.contains(e.id()))
            .map(|e| {
                let old = corrects.get(e.id()).map(|s| s.to_string());
                ((e.badge().to_string(), e.recipient().to_string(), e.issued, old), e)
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
        let badge = &snapshot.badges[&*award.badge];
        let issued = found.map(|e| e.issued).or(award.issued).unwrap_or(self.today);
        let expires = award
            .expires
            .or_else(|| found.and_then(|e| e.expires))
            .or_else(|| badge.valid_for.map(|p| p.after(issued)));
        let draft_key = (award.badge.to_string(), recipient.to_string(), issued, found.map(|e| e.id().to_string()));
        let draft = self.drafts.get(&draft_key).filter(|d| d.index >= self.first_free && !self.used.contains(&d.index));
        let (id, salt, index) = match draft {
            Some(d) => (d.id().to_string(), d.salt().to_string(), d.index),
            None => {
                while self.reserved.contains(&self.next_index) || self.used.contains(&self.next_index) {
                    self.next_index += 1;
                }
                self.next_index += 1;
                (ledger::new_id()?, ledger::new_salt()?, self.next_index - 1)
            }
        };
        self.used.insert(index);
        Ok(EntryParts {
            id,
            index,
            badge: award.badge.to_string(),
            issued,
            expires,
            replaced_by: None,
            recipient: recipient.to_string(),
            identity: identity_hash(&award.email, &salt),
            salt,
            evidence: award.evidence.to_vec(),
            name: award.name.to_string(),
            log_index: None,
            claims: award.claims.clone(),
        }
        .into())
    }
}

/// Adds the ledger entries no row took: superseded by a correction, or revoked and retained. Any
/// other entry without a row is a problem: an issued credential cannot be un-issued.
pub(super) fn add_ledger_only<'a>(
    snapshot: &Snapshot,
    ledger: &'a Ledger,
    taken: &Taken,
    replaced: &HashMap<String, String>,
    items: &mut Vec<Planned<'a>>,
    problems: &mut Problems,
) {
    // Room for them at once (the items are large, and doubling the list at 100,000 credentials
    // copies tens of megabytes).
    items.reserve_exact(
        ledger.entries().iter().filter(|e| !taken.contains(&e.index) || replaced.contains_key(e.id())).count(),
    );
    for e in ledger.entries() {
        if taken.contains(&e.index) && !replaced.contains_key(e.id()) {
            continue;
        }
        let entry = match replaced.get(e.id()) {
            Some(new_id) => {
                let mut changed = e.clone();
                changed.edit(|p| p.replaced_by = Some(new_id.clone()));
                EntryRef::New(Box::new(changed))
            }
            None => EntryRef::Ledger(e),
        };
        if entry.replaced_by().is_some() {
            items.push(item(entry, None, Change::Superseded, None));
        } else if snapshot.revocations.revocation(e.id()).is_some() {
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
        let same = p.entry.badge() == e.badge() && (&*row.name == e.name() || p.entry.recipient() == e.recipient());
        same.then_some(row)
    });
    let help = match lookalike {
        Some(row) => format!(
            "the new row at {} looks like this one with its e-mail address or issue date changed; those identify a credential, so a change is a new credential: revoke this one (hallmark revoke {} --reason \"...\"), then build to issue the new one; or put the old row back",
            row.source, e.id()
        ),
        None => format!(
            "put the row back: an issued credential cannot be un-issued by deleting its row; to withdraw it, revoke it instead (hallmark revoke {} --reason \"...\"); {RESET_HINT}",
            e.id()
        ),
    };
    let (file, line) = ledger.location_of(e.id()).unwrap_or((LEDGER_FILE.to_string(), 1));
    Problem::error(
        Location::new(snapshot.content_dir.join(file), line, 1),
        format!(
            "credential {} ({}, badge \"{}\", issued {}) was issued, but its roster row is gone",
            e.id(),
            e.name(),
            e.badge(),
            e.issued
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
    for it in items.iter().filter(|p| !snapshot.badges.contains_key(p.entry.badge())) {
        match gone.iter_mut().find(|(b, _)| *b == it.entry.badge()) {
            Some((_, entries)) => entries.push(&it.entry),
            None => gone.push((it.entry.badge(), vec![&it.entry])),
        }
    }
    for (badge, entries) in gone {
        let first = entries[0];
        let (file, line) = ledger.location_of(first.id()).unwrap_or((LEDGER_FILE.to_string(), 1));
        problems.push(
            Problem::error(
                Location::new(snapshot.content_dir.join(file), line, 1),
                format!(
                    "{} issued with the badge \"{badge}\" (first {}, {}), but badges/ has no {badge}.md any more",
                    if entries.len() == 1 { "1 credential was".to_string() } else { format!("{} credentials were", entries.len()) },
                    first.id(),
                    first.name()
                ),
            )
            .help(format!(
                "a credential stays published, revoked or not, and its page shows its badge: put badges/{badge}.md and its artwork back; {RESET_HINT}"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(index: u64, badge: &str, recipient: &str, replaced: bool) -> Entry {
        EntryParts {
            id: format!("id{index}"),
            index,
            badge: badge.into(),
            issued: Date::new(2026, 1, 1 + index as u8).unwrap(),
            expires: None,
            replaced_by: replaced.then(|| "later".to_string()),
            recipient: recipient.into(),
            salt: "s".into(),
            identity: "sha256$0".into(),
            evidence: vec![],
            name: "N".into(),
            log_index: None,
            claims: None,
        }
        .into()
    }

    /// A row's key held as its bytes reads back as the ledger's key of its address, and a plan's
    /// item stays small (one of each per row).
    #[test]
    fn a_recipient_key_held_as_bytes_reads_back_whole() {
        for email in ["a@example.org", "siobhán.o'brien-ngata@example.ie"] {
            let key = ledger::recipient_key(email);
            assert_eq!((Key::of(email).text().as_str(), key.len()), (key.as_str(), 32));
        }
        assert_ne!(Key::of("a@example.org"), Key::of("b@example.org"));
        assert_eq!(std::mem::size_of::<Key>(), 16);
        #[cfg(target_pointer_width = "64")]
        assert!(std::mem::size_of::<Planned<'static>>() <= 48, "{}", std::mem::size_of::<Planned<'static>>());
    }

    /// Entries are found by badge and recipient (both must match), in ledger order, and never
    /// when replaced; an index far beyond the ledger's is still held.
    #[test]
    fn candidates_are_found_by_badge_and_recipient_in_ledger_order() {
        let ledger = Ledger::from_entries(vec![
            entry(0, "sql", "r1", false),
            entry(1, "sql", "r2", false),
            entry(2, "aid", "r1", false),
            entry(3, "sql", "r1", true),
            entry(4, "sql", "r1", false),
        ]);
        let candidates = Candidates::of(&ledger);
        let found = |b, r| candidates.of_key(b, r).map(|e| e.index).collect::<Vec<_>>();
        assert_eq!(found("sql", "r1"), [0, 4], "renewals in ledger order, the replaced one left out");
        assert_eq!(found("sql", "r2"), [1]);
        assert_eq!(found("aid", "r1"), [2]);
        assert!(found("aid", "r2").is_empty() && found("sql", "r3").is_empty());

        let mut taken = Taken::for_ledger(&ledger);
        for i in [0, 4, 63, 64, 1 << 40] {
            assert!(!taken.contains(&i));
            taken.insert(i);
            assert!(taken.contains(&i), "{i}");
        }
        assert!(!taken.contains(&1) && !taken.contains(&65) && !taken.contains(&((1 << 40) + 1)));
        assert_eq!(taken.far.len(), 1, "only the far index is held apart");
    }
}
