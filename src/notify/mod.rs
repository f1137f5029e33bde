//! `hallmark notify`: the e-mails the ledger says are due, sent through the institution's SMTP
//! server, each recorded in the sent log before it is attempted.
//!
//! A run: read the configuration, the ledger, `revocations.toml` and the sent log; work out what is
//! due (`events`), what the log says of it (`plan`); only then read the rosters for the addresses,
//! check the links are live (`live`), compose (`message`, `templates`, `strings`) and send
//! (`send`, `transport`), and compact the log.

pub(crate) mod compose;
pub(crate) mod doctor;
pub(crate) mod events;
pub(crate) mod live;
pub(crate) mod message;
pub(crate) mod plan;
pub(crate) mod run;
pub(crate) mod send;
pub(crate) mod sentlog;
pub(crate) mod strings;
pub(crate) mod templates;
pub(crate) mod transport;

use std::path::PathBuf;

use crate::ground::date::Date;
use crate::ground::error::Location;

pub use doctor::{doctor, Check, DoctorOptions, DoctorReport, Finding};
pub use events::EventKind;
pub use live::Published;
pub use run::{resend, run};
pub use sentlog::SENT_FILE;

/// The environment variable that holds the SMTP password (never a file, never `hallmark.toml`).
pub const PASSWORD_ENV: &str = "HALLMARK_SMTP_PASSWORD";

/// What a run does with the messages that are due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Send them.
    Send,
    /// Write each as an `.eml` file into this directory; send nothing, record nothing.
    DryRun(PathBuf),
    /// Record them as told without sending (a site that told its recipients before using notify).
    Baseline,
}

/// The options of `hallmark notify`.
#[derive(Clone)]
pub struct NotifyOptions {
    pub content_dir: PathBuf,
    pub today: Date,
    /// Seconds since the epoch: when failures were recorded and retries are due.
    pub now: i64,
    pub mode: Mode,
    /// Credential ids, roster rows (`recipients/x.csv:12`) or roster files; empty: all.
    pub only: Vec<String>,
    /// The kinds of e-mail to send; empty: all.
    pub events: Vec<EventKind>,
    /// Send again the messages an interrupted run may have delivered.
    pub retry_unconfirmed: bool,
    /// Where to check that links are live (default: the site's base URL).
    pub published: Published,
    /// The SMTP password, from [`PASSWORD_ENV`].
    pub password: Option<String>,
}

/// Everything but the password.
impl std::fmt::Debug for NotifyOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotifyOptions")
            .field("content_dir", &self.content_dir)
            .field("today", &self.today)
            .field("mode", &self.mode)
            .field("only", &self.only)
            .field("events", &self.events)
            .field("retry_unconfirmed", &self.retry_unconfirmed)
            .field("published", &self.published)
            .field("password", &self.password.as_ref().map(|_| "(set)"))
            .finish()
    }
}

/// One message, as the report names it: no address unless the run was a dry run.
#[derive(Debug, Clone)]
pub struct Line {
    pub id: String,
    /// The sent log's key of the event (`issued`, `expiring-30d`, `suspended@2026-11-02`).
    pub event: String,
    pub kind: EventKind,
    /// The recipient's roster row.
    pub row: Option<Location>,
    /// What happened, or why not: the server's reply, the reason it was held back.
    pub detail: String,
}

/// One message of a dry run, with its recipient.
#[derive(Debug, Clone)]
pub struct Preview {
    pub line: Line,
    pub name: String,
    pub address: String,
    pub subject: String,
    pub file: PathBuf,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Accepted by the server (detail: the queue id).
    pub sent: Vec<Line>,
    /// Refused for now, to be retried by a later run (detail: the reply).
    pub failed: Vec<Line>,
    /// Refused for good: never retried by itself (detail: the reply).
    pub permanent: Vec<Line>,
    /// Attempted with no answer recorded: may have been delivered; sent again only with
    /// `--retry-unconfirmed`.
    pub unconfirmed: Vec<Line>,
    /// Failed before, waiting out the pause before the next try (detail: when).
    pub waiting: Vec<Line>,
    /// Not published yet at the base URL (or in the site directory): not mailed.
    pub held: Vec<Line>,
    /// No roster row gives the recipient's address any more.
    pub no_address: Vec<Line>,
    /// Due, but left for a later run by `batch`.
    pub deferred: usize,
    /// Recorded as told without sending (baseline).
    pub skipped: usize,
    /// The dry run's messages.
    pub previews: Vec<Preview>,
    /// The error that stopped sending early, when one did: the other messages wait for the next run.
    pub stopped: Option<crate::ground::error::Error>,
}

impl Report {
    /// Whether every message due was sent (or recorded, or written), with nothing to look at.
    pub fn is_clean(&self) -> bool {
        self.failed.is_empty()
            && self.permanent.is_empty()
            && self.unconfirmed.is_empty()
            && self.held.is_empty()
            && self.no_address.is_empty()
            && self.stopped.is_none()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_password_never_shows_in_debug_output() {
        let options = super::NotifyOptions {
            content_dir: "content".into(),
            today: crate::ground::date::Date::new(2026, 11, 22).unwrap(),
            now: 0,
            mode: super::Mode::Send,
            only: vec![],
            events: vec![],
            retry_unconfirmed: false,
            published: super::Published::Directory("public".into()),
            password: Some("hunter2-secret".into()),
        };
        let shown = format!("{options:?}");
        assert!(!shown.contains("hunter2") && shown.contains("(set)"), "{shown}");
    }
}
