//! The log's entries: one ASCII line per event, in a fixed order with single spaces,
//! `v1 <event> <logged> <effective> <subject> [s:<list>:<bit>] [r:<digest>]`.
//!
//! The parser is strict: a line is accepted only if writing what it read gives back the very same
//! bytes, so two different lines never mean one event. An entry never holds a credential's id or
//! URL, a name, an e-mail (or its hash), a badge slug or a revocation reason: the subject of a
//! credential event is the digest of the credential's content, which only someone holding the
//! credential can compute.

use base64::Engine;
use std::fmt;

use crate::ground::date::Date;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Event {
    Issued,
    Corrected,
    Revoked,
    Suspended,
    Reinstated,
    KeyAdded,
    KeyRetired,
}

impl Event {
    pub(crate) const ALL: [Event; 7] = [
        Event::Issued,
        Event::Corrected,
        Event::Revoked,
        Event::Suspended,
        Event::Reinstated,
        Event::KeyAdded,
        Event::KeyRetired,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Event::Issued => "issued",
            Event::Corrected => "corrected",
            Event::Revoked => "revoked",
            Event::Suspended => "suspended",
            Event::Reinstated => "reinstated",
            Event::KeyAdded => "key-added",
            Event::KeyRetired => "key-retired",
        }
    }

    /// Whether the subject is a key (`k:`) rather than a credential (`c:`).
    pub(crate) fn is_key_event(self) -> bool {
        matches!(self, Event::KeyAdded | Event::KeyRetired)
    }
}

/// The digest of a credential: SHA-256 of the JCS form of the credential without `proof`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Digest(pub [u8; 32]);

impl Digest {
    /// The digest of `credential` (its `proof` left out).
    pub(crate) fn of_credential(credential: &serde_json::Map<String, serde_json::Value>) -> Digest {
        use sha2::Digest as _;
        let mut doc = credential.clone();
        doc.remove("proof");
        let jcs = crate::crypto::jcs::canonicalize(&serde_json::Value::Object(doc));
        Digest(sha2::Sha256::digest(jcs.as_bytes()).into())
    }

    /// base64url without padding (43 characters).
    pub(crate) fn to_text(self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.0)
    }

    pub(crate) fn parse(s: &str) -> Option<Digest> {
        if s.len() != 43 {
            return None;
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).ok()?;
        let d = Digest(bytes.try_into().ok()?);
        (d.to_text() == s).then_some(d)
    }
}

/// Whom an event is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Subject {
    /// `c:` + the credential's digest.
    Credential(Digest),
    /// `k:` + a key's public multibase.
    Key(String),
}

/// A position in the status lists: the list (numbered from 1) and the bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Position {
    pub list: u64,
    pub bit: u64,
}

impl Position {
    /// The position of status index `index`.
    pub(crate) fn of_index(index: u64) -> Position {
        let (list, bit) = crate::ground::layout::status_position(index);
        Position { list, bit }
    }
}

/// One event, as logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LogEntry {
    pub event: Event,
    /// The build date that logged it.
    pub logged: Date,
    /// `validFrom` of an issued or corrected credential, or the date of a status or key change.
    pub effective: Date,
    pub subject: Subject,
    pub position: Option<Position>,
    /// The digest a correction replaces.
    pub replaces: Option<Digest>,
}

impl fmt::Display for LogEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v1 {} {} {} ", self.event.as_str(), self.logged, self.effective)?;
        match &self.subject {
            Subject::Credential(d) => write!(f, "c:{}", d.to_text())?,
            Subject::Key(k) => write!(f, "k:{k}")?,
        }
        if let Some(p) = self.position {
            write!(f, " s:{}:{}", p.list, p.bit)?;
        }
        if let Some(r) = self.replaces {
            write!(f, " r:{}", r.to_text())?;
        }
        Ok(())
    }
}

/// The longest line an entry can be (a key subject is the longest part).
pub(crate) const MAX_LINE: usize = 200;

impl LogEntry {
    /// Parses one line (without its line break), accepting only the canonical form.
    pub(crate) fn parse(line: &str) -> Result<LogEntry, String> {
        if line.len() > MAX_LINE || !line.bytes().all(|b| (0x21..0x7f).contains(&b) || b == b' ') {
            return Err("is not a short line of printable ASCII".into());
        }
        let mut parts = line.split(' ');
        let mut next = |what: &str| parts.next().ok_or_else(|| format!("has no {what}"));
        if next("version")? != "v1" {
            return Err("does not start with the version v1".into());
        }
        let event_text = next("event")?;
        let event = Event::ALL
            .into_iter()
            .find(|e| e.as_str() == event_text)
            .ok_or_else(|| format!("\"{event_text}\" is not an event"))?;
        let date = |s: &str| Date::parse_iso(s).ok_or_else(|| format!("\"{s}\" is not a date"));
        let logged = date(next("logged date")?)?;
        let effective = date(next("effective date")?)?;
        let subject_text = next("subject")?;
        let subject = if let Some(d) = subject_text.strip_prefix("c:") {
            Subject::Credential(Digest::parse(d).ok_or_else(|| format!("\"{subject_text}\" is not a digest"))?)
        } else if let Some(k) = subject_text.strip_prefix("k:") {
            crate::crypto::keys::parse_public_multibase(k).map_err(|_| format!("\"{k}\" is not a public key"))?;
            Subject::Key(k.to_string())
        } else {
            return Err(format!("\"{subject_text}\" is neither c: nor k:"));
        };
        let (mut position, mut replaces) = (None, None);
        for part in parts {
            if let Some(p) = part.strip_prefix("s:").filter(|_| position.is_none() && replaces.is_none()) {
                let (list, bit) = p.split_once(':').ok_or("s: needs list:bit")?;
                let n = |s: &str| s.parse::<u64>().map_err(|_| format!("\"{part}\" is not a status position"));
                position = Some(Position { list: n(list)?, bit: n(bit)? });
            } else if let Some(r) = part.strip_prefix("r:").filter(|_| replaces.is_none()) {
                replaces = Some(Digest::parse(r).ok_or_else(|| format!("\"{part}\" is not a digest"))?);
            } else {
                return Err(format!("\"{part}\" is out of place"));
            }
        }
        let entry = LogEntry { event, logged, effective, subject, position, replaces };
        entry.check_shape()?;
        if entry.to_string() != line {
            return Err("is not written in the one canonical form".into());
        }
        Ok(entry)
    }

    /// Which fields each event carries.
    fn check_shape(&self) -> Result<(), String> {
        let key = matches!(self.subject, Subject::Key(_));
        if key != self.event.is_key_event() {
            return Err(format!("a {} event needs a {} subject", self.event.as_str(), if key { "c:" } else { "k:" }));
        }
        if !key && self.position.is_none() {
            return Err(format!("a {} event needs its status position (s:)", self.event.as_str()));
        }
        if key && self.position.is_some() {
            return Err("a key event has no status position".into());
        }
        if (self.event == Event::Corrected) != self.replaces.is_some() {
            return Err("only a corrected event, and every one, names the digest it replaces (r:)".into());
        }
        if self.position.is_some_and(|p| p.list == 0 || p.bit >= crate::ground::layout::STATUS_LIST_BITS) {
            return Err("the status position is outside the lists".into());
        }
        Ok(())
    }

    /// The credential digest the entry is about, if it is about one.
    pub(crate) fn digest(&self) -> Option<Digest> {
        match self.subject {
            Subject::Credential(d) => Some(d),
            Subject::Key(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(b: u8) -> Digest {
        Digest([b; 32])
    }

    #[test]
    fn every_event_round_trips_and_only_the_canonical_form_is_read() {
        let day = Date::new(2026, 3, 1).unwrap();
        let key = crate::crypto::Key::from_seed([1; 32]).public_multibase();
        let issued = LogEntry {
            event: Event::Issued,
            logged: day,
            effective: day,
            subject: Subject::Credential(d(1)),
            position: Some(Position { list: 1, bit: 7 }),
            replaces: None,
        };
        let corrected = LogEntry {
            event: Event::Corrected,
            replaces: Some(d(1)),
            subject: Subject::Credential(d(2)),
            ..issued.clone()
        };
        let added = LogEntry { event: Event::KeyAdded, subject: Subject::Key(key), position: None, ..issued.clone() };
        for e in [issued.clone(), corrected, added] {
            let line = e.to_string();
            assert_eq!(LogEntry::parse(&line).unwrap(), e, "{line}");
            for bad in [
                format!("{line} "),
                format!(" {line}"),
                line.replacen(' ', "  ", 1),
                line.replace("v1", "V1"),
                line.replace("2026-03-01", "2026-3-1"),
                format!("{line}\n"),
                line.replacen("s:1:7", "s:01:7", 1),
            ] {
                if bad != line {
                    assert!(LogEntry::parse(&bad).is_err(), "accepted {bad:?}");
                }
            }
        }
        let line = issued.to_string();
        assert_eq!(line, format!("v1 issued 2026-03-01 2026-03-01 c:{} s:1:7", d(1).to_text()));
        assert!(LogEntry::parse(&line.replace(" s:1:7", "")).is_err(), "an issuance needs its position");
        assert!(LogEntry::parse(&format!("{line} r:{}", d(3).to_text())).is_err(), "only corrections replace");
        let padded = line.replace(&d(1).to_text(), &format!("{}=", d(1).to_text()));
        assert!(LogEntry::parse(&padded).is_err());
    }
}
