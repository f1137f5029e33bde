//! The validity-period step: the credential's `validFrom` and `validUntil`.

use serde_json::Value;

use super::{Outcome, State, Step, Verifier};
use crate::date::parse_datetime;

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
}
