//! What is due: the events the ledger and `revocations.toml` say happened to each credential, less
//! what the sent log says was sent. Pure: no file, no clock (the time is passed in).

use std::collections::HashMap;

use crate::ground::date::Date;
use crate::model::content::{Revocations, StatusChange};
use crate::model::ledger::Entry;
use crate::notify::sentlog::{SentLog, State};

/// What happened to a credential that its recipient is told about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// A new credential.
    Issued,
    /// A new credential for a badge the recipient held before (`previous`).
    Renewed {
        previous: String,
    },
    /// A credential that corrects `previous` (a new id, a new link).
    Corrected {
        previous: String,
    },
    Revoked {
        date: Date,
        reason: Option<String>,
    },
    Suspended {
        date: Date,
        reason: Option<String>,
    },
    Reinstated {
        date: Date,
    },
    /// `days` is the reminder's threshold (`reminders = [30, 7]`).
    Expiring {
        days: u32,
        expires: Date,
    },
    /// Sent again by `hallmark notify resend`, at this time.
    Resent {
        at: String,
    },
}

impl Event {
    /// The event's key in the sent log.
    pub(crate) fn key(&self) -> String {
        match self {
            Event::Issued => "issued".into(),
            Event::Renewed { .. } => "renewed".into(),
            Event::Corrected { .. } => "corrected".into(),
            Event::Revoked { .. } => "revoked".into(),
            Event::Suspended { date, .. } => format!("suspended@{date}"),
            Event::Reinstated { date } => format!("reinstated@{date}"),
            Event::Expiring { days, .. } => format!("expiring-{days}d"),
            Event::Resent { at } => format!("resent@{at}"),
        }
    }

    /// The kind of event, as `--event` names it and the templates are named.
    pub(crate) fn kind(&self) -> EventKind {
        match self {
            Event::Issued | Event::Resent { .. } => EventKind::Issued,
            Event::Renewed { .. } => EventKind::Renewed,
            Event::Corrected { .. } => EventKind::Corrected,
            Event::Revoked { .. } => EventKind::Revoked,
            Event::Suspended { .. } => EventKind::Suspended,
            Event::Reinstated { .. } => EventKind::Reinstated,
            Event::Expiring { .. } => EventKind::Expiring,
        }
    }
}

/// The kinds of e-mail hallmark sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    Issued,
    Renewed,
    Corrected,
    Revoked,
    Suspended,
    Reinstated,
    Expiring,
}

impl EventKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [EventKind; 7] = [
        EventKind::Issued,
        EventKind::Renewed,
        EventKind::Corrected,
        EventKind::Revoked,
        EventKind::Suspended,
        EventKind::Reinstated,
        EventKind::Expiring,
    ];

    /// Its name: templates are `<name>.txt` and `<name>.html`.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Issued => "issued",
            EventKind::Renewed => "renewed",
            EventKind::Corrected => "corrected",
            EventKind::Revoked => "revoked",
            EventKind::Suspended => "suspended",
            EventKind::Reinstated => "reinstated",
            EventKind::Expiring => "expiring",
        }
    }

    /// The kind called `name`.
    pub fn parse(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One e-mail the ledger says is owed: credential `entry` (an index into the ledger's entries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Due {
    pub entry: usize,
    pub event: Event,
}

/// What the site's settings say about which e-mails to send.
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    /// Days before expiry, smallest first.
    pub reminders: Vec<u32>,
    /// Whether status notices go out for a badge.
    pub status_notices: HashMap<String, bool>,
    pub status_notices_default: bool,
}

impl Policy {
    fn status_notices(&self, badge: &str) -> bool {
        self.status_notices.get(badge).copied().unwrap_or(self.status_notices_default)
    }
}

/// Every event of every credential in `entries` as of `today`, sent or not; the sent log decides
/// between an issue and a correction notice (a recipient never told of the first credential is
/// told of the corrected one as new) and whether status notices and reminders go out at all (only
/// to recipients who were told of the credential).
pub(crate) fn events(
    entries: &[Entry],
    revocations: &Revocations,
    log: &SentLog,
    policy: &Policy,
    today: Date,
) -> Vec<Due> {
    let told = |id: &str| {
        ["issued", "renewed", "corrected"]
            .iter()
            .any(|e| log.get(id, e).is_some_and(|r| matches!(r.state, State::Sent | State::Skipped | State::Attempted)))
    };
    let previous: HashMap<&str, &str> = entries.iter().filter_map(|e| Some((e.replaced_by()?, e.id()))).collect();
    let told_chain = |id: &str| {
        let mut at = Some(id);
        // Bounded: a hand-edited ledger could hold a loop.
        for _ in 0..=previous.len() {
            match at {
                Some(i) if told(i) => return true,
                Some(i) => at = previous.get(i).copied(),
                None => return false,
            }
        }
        false
    };
    let mut by_award: HashMap<(&str, &str), Vec<&Entry>> = HashMap::new();
    for e in entries.iter().filter(|e| e.replaced_by().is_none()) {
        by_award.entry((e.badge(), e.recipient())).or_default().push(e);
    }
    let mut suspensions: HashMap<&str, &StatusChange> = HashMap::new();
    for s in &revocations.suspended {
        let slot = suspensions.entry(s.id.as_str()).or_insert(s);
        if s.date >= slot.date {
            *slot = s;
        }
    }
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if e.replaced_by().is_some() || e.issued > today {
            continue;
        }
        let revoked = revocations.revocation(e.id());
        let suspended = revocations.suspension(e.id());
        let award = by_award.get(&(e.badge(), e.recipient())).map_or(&[][..], Vec::as_slice);
        let mut push = |event| out.push(Due { entry: i, event });
        if revoked.is_none() && suspended.is_none() {
            let earlier = award.iter().filter(|o| o.issued < e.issued).max_by_key(|o| o.issued);
            push(match (previous.get(e.id()), earlier) {
                (Some(p), _) if told_chain(p) => Event::Corrected { previous: p.to_string() },
                (_, Some(o)) => Event::Renewed { previous: o.id().to_string() },
                _ => Event::Issued,
            });
        }
        if !told_chain(e.id()) {
            continue;
        }
        if policy.status_notices(e.badge()) {
            if let Some(event) = status_notice(e.id(), revoked, suspensions.get(e.id()).copied(), log) {
                push(event);
            }
        }
        let renewed = award.iter().any(|o| o.issued > e.issued && revocations.revocation(o.id()).is_none());
        if let (None, None, false, Some(expires)) = (revoked, suspended, renewed, e.expires) {
            if let Some(event) = reminder(e.id(), expires, today, &policy.reminders, log) {
                push(event);
            }
        }
    }
    out
}

/// The status notice for a credential: its revocation, else its latest suspension, or the lifting
/// of it once the suspension itself was told.
fn status_notice(
    id: &str,
    revoked: Option<&StatusChange>,
    suspension: Option<&StatusChange>,
    log: &SentLog,
) -> Option<Event> {
    let public = |c: &StatusChange| c.public_reason.then(|| c.reason.clone()).flatten();
    if let Some(r) = revoked {
        return Some(Event::Revoked { date: r.date, reason: public(r) });
    }
    let s = suspension?;
    match s.lifted {
        None => Some(Event::Suspended { date: s.date, reason: public(s) }),
        Some(lifted) => {
            let told = log.get(id, &format!("suspended@{}", s.date)).is_some_and(|r| r.state != State::Failed);
            told.then_some(Event::Reinstated { date: lifted })
        }
    }
}

/// The reminder due for a credential that expires on `expires`: the nearest threshold it is within,
/// unless that reminder, or one nearer the date, is in the log already.
fn reminder(id: &str, expires: Date, today: Date, thresholds: &[u32], log: &SentLog) -> Option<Event> {
    let left = expires.days() - today.days();
    if left < 0 {
        return None;
    }
    let days = thresholds.iter().copied().filter(|d| i64::from(*d) >= left).min()?;
    let nearer_sent = thresholds
        .iter()
        .filter(|d| **d < days)
        .any(|d| log.get(id, &format!("expiring-{d}d")).is_some_and(|r| r.state != State::Failed));
    (!nearer_sent).then_some(Event::Expiring { days, expires })
}

#[cfg(test)]
mod tests;
