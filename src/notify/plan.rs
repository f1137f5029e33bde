//! From what is due to what this run sends: the sent log's word on each message (sent already,
//! may have been delivered, refused for good, waiting out its backoff), then the recipient's
//! address from the rosters and the `--only` selection.

use std::collections::HashMap;
use std::path::Path;

use crate::ground::error::Location;
use crate::model::content::Award;
use crate::model::ledger::{recipient_key, Entry};
use crate::notify::events::Due;
use crate::notify::sentlog::{Record, SentLog, State};

/// Where each due message stands before anything is sent.
#[derive(Debug, Default)]
pub(crate) struct Sorted {
    /// To send now, with the failed tries before.
    pub send: Vec<(Due, u32)>,
    /// Attempted before with no answer recorded.
    pub unconfirmed: Vec<(Due, Record)>,
    /// Refused for good (5xx).
    pub permanent: Vec<(Due, Record)>,
    /// Failed for now; retried at the time given.
    pub waiting: Vec<(Due, Record, i64)>,
}

/// The pause before retrying a message that failed `tries` times: `first`, doubled for each
/// further failure, at most a day.
pub(crate) fn backoff(first: i64, tries: u32) -> i64 {
    let doubled = first.saturating_mul(1i64 << tries.saturating_sub(1).min(20));
    doubled.min(86_400).max(first.min(86_400))
}

/// Sorts `dues` by what `log` says of them, at `now`.
pub(crate) fn sort(
    dues: Vec<Due>,
    entries: &[Entry],
    log: &SentLog,
    now: i64,
    retry_after: i64,
    retry_unconfirmed: bool,
) -> Sorted {
    let mut out = Sorted::default();
    for due in dues {
        let Some(r) = log.get(entries[due.entry].id(), &due.event.key()) else {
            out.send.push((due, 0));
            continue;
        };
        match r.state {
            State::Sent | State::Skipped => {}
            State::Attempted if retry_unconfirmed => out.send.push((due, r.tries)),
            State::Attempted => out.unconfirmed.push((due, r.clone())),
            State::Failed if r.is_permanent() => out.permanent.push((due, r.clone())),
            State::Failed => {
                let at = r.time + backoff(retry_after, r.tries);
                if now >= at {
                    out.send.push((due, r.tries));
                } else {
                    out.waiting.push((due, r.clone(), at));
                }
            }
        }
    }
    out
}

/// The roster rows by recipient key (the ledger's hash of the address).
pub(crate) struct Rows<'a> {
    by_recipient: HashMap<String, Vec<&'a Award>>,
}

impl<'a> Rows<'a> {
    pub(crate) fn new(awards: &'a [Award]) -> Rows<'a> {
        let mut by_recipient: HashMap<String, Vec<&Award>> = HashMap::with_capacity(awards.len());
        for a in awards {
            by_recipient.entry(recipient_key(&a.email)).or_default().push(a);
        }
        Rows { by_recipient }
    }

    /// The row of `e`: the same badge and issue date, else the same badge, else any row of the
    /// same recipient (every one has the same address). `None` when every row of the recipient is gone.
    pub(crate) fn of(&self, e: &Entry) -> Option<&'a Award> {
        let rows = self.by_recipient.get(e.recipient())?;
        rows.iter()
            .find(|a| &*a.badge == e.badge() && a.issued == Some(e.issued))
            .or_else(|| rows.iter().find(|a| &*a.badge == e.badge()))
            .or_else(|| rows.first())
            .copied()
    }
}

/// `recipients/x.csv:12`: a row as `--only` names it, relative to the content directory.
pub(crate) fn row_name(content_dir: &Path, at: &Location) -> String {
    let rel = at.path.strip_prefix(content_dir).unwrap_or(&at.path);
    format!("{}:{}", rel.to_string_lossy().replace('\\', "/"), at.line)
}

/// Whether `--only` selects credential `id` at roster row `row`: by id, by `file:line`, or by file.
pub(crate) fn selected(only: &[String], id: &str, row: Option<&str>) -> bool {
    only.is_empty()
        || only.iter().any(|o| {
            let o = o.trim_start_matches("./").trim_start_matches("content/");
            o == id || row.is_some_and(|r| r == o || r.split(':').next() == Some(o))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_first_pause_up_to_a_day() {
        assert_eq!(backoff(900, 1), 900);
        assert_eq!(backoff(900, 2), 1800);
        assert_eq!(backoff(900, 4), 7200);
        assert_eq!(backoff(900, 30), 86_400);
        assert_eq!(backoff(0, 5), 0);
    }

    #[test]
    fn only_selects_by_id_row_or_roster_file() {
        let row = Some("recipients/main.csv:3");
        assert!(selected(&[], "abc", row));
        assert!(selected(&["abc".into()], "abc", None));
        assert!(selected(&["recipients/main.csv:3".into()], "x", row));
        assert!(selected(&["content/recipients/main.csv".into()], "x", row));
        assert!(!selected(&["recipients/main.csv:4".into()], "x", row));
    }
}
