//! Validity periods: the credential's own (the validity-period step) and its status lists'
//! (a list outside its period cannot vouch for a credential's status).

use serde_json::Value;

use super::{Outcome, State, Step, Verifier, Why};
use crate::ground::date::parse_datetime;

/// A date-time member of a document: absent, unreadable, or its text and seconds since the epoch.
enum When<'a> {
    Absent,
    Unreadable(String),
    At(&'a str, i64),
}

fn when<'a>(doc: &'a Value, key: &str) -> When<'a> {
    match doc.get(key) {
        None => When::Absent,
        Some(Value::String(s)) => match parse_datetime(s) {
            Some(t) => When::At(s, t),
            None => When::Unreadable(format!("{key} \"{s}\" is not a date-time")),
        },
        Some(other) => When::Unreadable(format!("{key} is {other}, not a date-time")),
    }
}

impl Verifier {
    pub(super) fn check_validity(&self, doc: &Value) -> (Step, Option<State>) {
        let step = |outcome, detail: String| Step::new("validity period", outcome, detail);
        let from = match when(doc, "validFrom") {
            When::Absent => {
                return (step(Outcome::Failed, "the credential has no validFrom date".into()), Some(State::Failed))
            }
            When::Unreadable(why) => return (step(Outcome::Failed, why), Some(State::Failed)),
            When::At(s, t) => (s, t),
        };
        if self.now < from.1 {
            return (step(Outcome::Failed, format!("not valid until {}", from.0)), Some(State::NotYetValid));
        }
        match when(doc, "validUntil") {
            When::Unreadable(why) => (step(Outcome::Failed, why), Some(State::Failed)),
            When::At(s, t) if self.now > t => (step(Outcome::Failed, format!("expired on {s}")), Some(State::Expired)),
            When::At(s, _) => (step(Outcome::Passed, format!("valid from {} until {s}", from.0)), None),
            When::Absent => (step(Outcome::Passed, format!("valid from {}, no expiry", from.0)), None),
        }
    }

    /// Whether the status list `list` (read from `url`) is inside its own validity period now.
    pub(super) fn list_period(&self, list: &Value, url: &str) -> Result<(), Why> {
        let untrusted = |why: String| Err((Outcome::CouldNotCheck, why));
        match when(list, "validFrom") {
            When::Unreadable(why) => {
                return untrusted(format!("the status list at {url} cannot be trusted: its {why}"))
            }
            When::At(s, t) if self.now < t => {
                return untrusted(format!(
                    "the status list at {url} is not valid until {s}, so it cannot be trusted yet"
                ))
            }
            _ => {}
        }
        match when(list, "validUntil") {
            When::Unreadable(why) => untrusted(format!("the status list at {url} cannot be trusted: its {why}")),
            When::At(s, t) if self.now > t => {
                untrusted(format!("the status list at {url} expired on {s}, so it can no longer be trusted"))
            }
            _ => Ok(()),
        }
    }
}
