//! What a sequence of log entries may say: one issuance per status position, a revocation never
//! undone, a reinstatement only after a suspension, logged dates that never go back. Replaying the
//! entries gives each credential's state, which the status lists must match.

use std::collections::{HashMap, HashSet};

use super::entry::{Digest, Event, LogEntry, Position, Subject};
use crate::ground::date::Date;

/// A logged credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Logged {
    /// The index of the entry that issued (or corrected into) it.
    pub index: u64,
    pub position: Position,
    pub effective: Date,
    pub logged: Date,
    pub revoked: bool,
    pub suspended: bool,
    pub replaced_by: Option<Digest>,
}

/// A hasher for maps keyed by SHA-256 digests: their first eight bytes are already as good as a
/// hash, and SipHash over all 32 took a visible share of replaying a 100,000-entry log.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DigestHasher(u64);

impl std::hash::Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // A digest hashes as its length (a usize) then its 32 bytes: the bytes' start is the hash.
        if bytes.len() >= 8 {
            self.0 ^= u64::from_le_bytes(bytes[..8].try_into().expect("eight bytes"));
        } else {
            for &b in bytes {
                self.0 = self.0.rotate_left(8) ^ u64::from(b);
            }
        }
    }
}

/// Builds [`DigestHasher`]s.
pub(crate) type ByDigest = std::hash::BuildHasherDefault<DigestHasher>;

/// Hashes a status position (two integers) by multiplying and rotating, as FxHash does: the
/// positions of 100,000 credentials are keys a build makes again each time, and SipHash's defence
/// against chosen keys buys nothing for positions the build itself assigned.
#[derive(Default)]
pub(crate) struct PositionHasher(u64);

impl std::hash::Hasher for PositionHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.write_u64(u64::from(b)));
    }
}

/// Builds [`PositionHasher`]s.
pub(crate) type ByPosition = std::hash::BuildHasherDefault<PositionHasher>;

/// The state the entries so far leave.
#[derive(Debug, Clone, Default)]
pub(crate) struct LogState {
    pub credentials: HashMap<Digest, Logged, ByDigest>,
    pub positions: HashMap<Position, Digest, ByPosition>,
    pub keys: HashSet<String>,
    pub last_logged: Option<Date>,
    pub size: u64,
}

impl LogState {
    /// Applies the next entry, or says which rule it breaks.
    pub(crate) fn apply(&mut self, e: &LogEntry) -> Result<(), String> {
        if self.last_logged.is_some_and(|d| e.logged < d) {
            return Err(format!("logged on {}, before the entry above it ({})", e.logged, self.last_logged.unwrap()));
        }
        match (&e.subject, e.event) {
            (Subject::Key(k), Event::KeyAdded) => {
                if !self.keys.insert(k.clone()) {
                    return Err(format!("key {k} was added already"));
                }
            }
            (Subject::Key(k), Event::KeyRetired) => {
                if !self.keys.remove(k) {
                    return Err(format!("key {k} is retired but was never added (or retired already)"));
                }
            }
            (Subject::Credential(d), event) => self.credential_event(*d, event, e)?,
            (Subject::Key(_), _) => return Err("a credential event about a key".into()),
        }
        self.last_logged = Some(e.logged);
        self.size += 1;
        Ok(())
    }

    fn credential_event(&mut self, d: Digest, event: Event, e: &LogEntry) -> Result<(), String> {
        let position = e.position.ok_or("no status position")?;
        if matches!(event, Event::Issued | Event::Corrected) {
            return self.issue(d, position, e);
        }
        let c =
            self.credentials.get_mut(&d).ok_or_else(|| format!("{} of a credential never issued", event.as_str()))?;
        if c.position != position {
            return Err(format!(
                "{} at status position {}:{}, but the credential holds {}:{}",
                event.as_str(),
                position.list,
                position.bit,
                c.position.list,
                c.position.bit
            ));
        }
        match event {
            _ if c.revoked => {
                return Err(format!("{} of a revoked credential: a revocation is for ever", event.as_str()))
            }
            Event::Revoked => c.revoked = true,
            Event::Suspended if c.suspended => return Err("suspended twice".into()),
            Event::Suspended => c.suspended = true,
            Event::Reinstated if !c.suspended => return Err("reinstated without a suspension".into()),
            Event::Reinstated => c.suspended = false,
            _ => unreachable!("issuance and key events are handled above"),
        }
        Ok(())
    }

    fn issue(&mut self, d: Digest, position: Position, e: &LogEntry) -> Result<(), String> {
        if self.credentials.contains_key(&d) {
            return Err("this credential was issued already".into());
        }
        let mut reuses = None;
        if let Some(r) = e.replaces {
            let old = self.credentials.get_mut(&r).ok_or("corrects a credential never issued")?;
            if old.replaced_by.is_some() {
                return Err("corrects a credential that was corrected already".into());
            }
            if old.revoked {
                return Err("corrects a revoked credential".into());
            }
            old.replaced_by = Some(d);
            // A credential republished with new content keeps its position.
            reuses = (old.position == position).then_some(r);
        }
        if let Some(holder) = self.positions.get(&position) {
            if Some(*holder) != reuses {
                return Err(format!("status position {}:{} was issued already", position.list, position.bit));
            }
        }
        self.positions.insert(position, d);
        let logged = Logged {
            index: self.size,
            position,
            effective: e.effective,
            logged: e.logged,
            revoked: false,
            suspended: false,
            replaced_by: None,
        };
        self.credentials.insert(d, logged);
        Ok(())
    }

    /// Replays `entries`; the first broken rule and the index of its entry.
    pub(crate) fn replay<'e>(entries: impl IntoIterator<Item = &'e LogEntry>) -> Result<LogState, (u64, String)> {
        let entries = entries.into_iter();
        let mut state = LogState::default();
        // One credential per entry, nearly: the tables are sized once rather than grown.
        state.credentials.reserve(entries.size_hint().0);
        state.positions.reserve(entries.size_hint().0);
        for e in entries {
            let n = state.size;
            state.apply(e).map_err(|m| (n, m))?;
        }
        Ok(state)
    }

    /// Credentials whose `validFrom` is earlier than the day they were logged: how many, and the
    /// longest gap in days. On a site that started its log late every older credential is here.
    pub(crate) fn back_dated(&self) -> Vec<(u64, i64)> {
        let mut v: Vec<(u64, i64)> = self
            .credentials
            .values()
            .filter(|c| c.effective < c.logged)
            .map(|c| (c.index, c.logged.days() - c.effective.days()))
            .collect();
        v.sort_unstable();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u8) -> Date {
        Date::new(2026, 3, d).unwrap()
    }

    fn cred(event: Event, logged: u8, digest: u8, bit: u64) -> LogEntry {
        LogEntry {
            event,
            logged: day(logged),
            effective: day(1),
            subject: Subject::Credential(Digest([digest; 32])),
            position: Some(Position { list: 1, bit }),
            replaces: None,
        }
    }

    #[test]
    fn the_rules_hold_and_each_breach_is_named() {
        let ok = [
            cred(Event::Issued, 2, 1, 0),
            cred(Event::Issued, 2, 2, 1),
            cred(Event::Suspended, 3, 1, 0),
            cred(Event::Reinstated, 4, 1, 0),
            cred(Event::Revoked, 5, 2, 1),
        ];
        let state = LogState::replay(&ok).unwrap();
        assert!(state.credentials[&Digest([2; 32])].revoked);
        assert!(!state.credentials[&Digest([1; 32])].suspended);
        assert_eq!(state.back_dated(), vec![(0, 1), (1, 1)]);
        let breach = |extra: LogEntry| LogState::replay(ok.iter().chain([&extra])).unwrap_err().1;
        assert!(breach(cred(Event::Reinstated, 6, 2, 1)).contains("revocation is for ever"));
        assert!(breach(cred(Event::Issued, 6, 3, 0)).contains("issued already"));
        assert!(breach(cred(Event::Reinstated, 6, 1, 0)).contains("without a suspension"));
        assert!(breach(cred(Event::Issued, 4, 4, 9)).contains("before the entry above"));
        assert!(breach(cred(Event::Revoked, 6, 9, 9)).contains("never issued"));
        let mut correction = cred(Event::Corrected, 6, 5, 7);
        correction.replaces = Some(Digest([1; 32]));
        let state = LogState::replay(ok.iter().chain([&correction])).unwrap();
        assert_eq!(state.credentials[&Digest([1; 32])].replaced_by, Some(Digest([5; 32])));
    }
}
