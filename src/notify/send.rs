//! Sending: a few connections, each taking the next message, at most `rate` a second, reconnecting
//! after `per_connection`. Before each attempt its `attempted` record is on disk; after it, the
//! outcome is. A temporary refusal is retried within the run after a pause, a permanent one never.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::address::Envelope;

use crate::ground::error::{Error, Result};
use crate::notify::sentlog::{Record, State, Writer};
use crate::notify::transport::{Connection, Outcome, Smtp};

/// One message to send.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// Its place in the run's list, for the report.
    pub index: usize,
    pub id: String,
    pub event: String,
    /// Failed attempts before this run.
    pub tries: u32,
}

/// Makes job `index`'s message: composed when its turn comes, so a run holds one message per
/// connection in memory, not every message.
pub(crate) type Make<'a> = dyn Fn(usize) -> Result<(Envelope, Vec<u8>)> + Sync + 'a;

/// How fast and how hard to try.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pace {
    /// Messages per second on one connection; 0: no limit.
    pub rate: f64,
    pub connections: usize,
    pub per_connection: usize,
    pub retries: u32,
    pub retry_delay: Duration,
}

/// What became of one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Done {
    pub index: usize,
    pub outcome: Outcome,
    /// Failed attempts, this run's included.
    pub tries: u32,
}

/// The outcomes, and the error that stopped the run early, if one did (messages not attempted
/// then have no outcome).
pub(crate) struct Sent {
    pub results: Vec<Done>,
    pub stopped: Option<Error>,
}

struct Shared<'a> {
    queue: Mutex<VecDeque<Job>>,
    make: &'a Make<'a>,
    log: &'a Mutex<Writer>,
    results: Mutex<Vec<Done>>,
    stopped: Mutex<Option<Error>>,
    now: &'a (dyn Fn() -> i64 + Sync),
}

/// Sends every job over `pace.connections` connections.
pub(crate) fn send_all(
    smtp: &Smtp,
    jobs: Vec<Job>,
    make: &Make<'_>,
    log: &Mutex<Writer>,
    pace: Pace,
    now: &(dyn Fn() -> i64 + Sync),
) -> Sent {
    let workers = pace.connections.clamp(1, jobs.len().max(1));
    let shared = Shared {
        queue: Mutex::new(jobs.into()),
        make,
        log,
        results: Mutex::new(Vec::new()),
        stopped: Mutex::new(None),
        now,
    };
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                if let Err(e) = worker(smtp, &shared, pace) {
                    let mut stopped = lock(&shared.stopped);
                    stopped.get_or_insert(e);
                }
            });
        }
    });
    let mut results = shared.results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|r| r.index);
    Sent { results, stopped: shared.stopped.into_inner().unwrap_or_else(|p| p.into_inner()) }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// One connection's loop: take a job, send it (retrying a temporary refusal), record, repeat.
fn worker(smtp: &Smtp, shared: &Shared<'_>, pace: Pace) -> Result<()> {
    let interval = if pace.rate > 0.0 { Duration::from_secs_f64(1.0 / pace.rate) } else { Duration::ZERO };
    let mut conn: Option<Connection> = None;
    let mut on_this = 0usize;
    let mut last_start: Option<Instant> = None;
    loop {
        if lock(&shared.stopped).is_some() {
            break;
        }
        let Some(job) = lock(&shared.queue).pop_front() else { break };
        let (envelope, bytes) = (shared.make)(job.index)?;
        let mut tries = job.tries;
        let mut attempt = 0u32;
        let outcome = loop {
            if conn.as_ref().is_none_or(Connection::is_broken) || on_this >= pace.per_connection {
                if let Some(c) = conn.take() {
                    c.quit();
                }
                // A connection that cannot be opened stops the run: this job was not attempted.
                conn = Some(smtp.connect().inspect_err(|_| lock(&shared.queue).push_front(job.clone()))?);
                on_this = 0;
            }
            if let Some(at) = last_start {
                std::thread::sleep(interval.saturating_sub(at.elapsed()));
            }
            last_start = Some(Instant::now());
            record(shared, &job, State::Attempted, tries, "")?;
            let Some(c) = conn.as_mut() else { unreachable!("connected above") };
            let outcome = c.send(&envelope, &bytes);
            on_this += 1;
            match &outcome {
                Outcome::Failed { code, .. } if *code < 500 && attempt < pace.retries => {
                    tries += 1;
                    record(shared, &job, State::Failed, tries, &detail(&outcome))?;
                    std::thread::sleep(pace.retry_delay * 2u32.pow(attempt));
                    attempt += 1;
                }
                _ => break outcome,
            }
        };
        let state = match &outcome {
            Outcome::Sent(_) => State::Sent,
            Outcome::Failed { .. } => {
                tries += 1;
                State::Failed
            }
            Outcome::Unconfirmed(_) => State::Attempted,
        };
        record(shared, &job, state, tries, &detail(&outcome))?;
        lock(&shared.results).push(Done { index: job.index, outcome, tries });
    }
    if let Some(c) = conn {
        c.quit();
    }
    Ok(())
}

/// What the log keeps of an outcome.
fn detail(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Sent(reply) => queue_id(reply),
        Outcome::Failed { code, reply } if *code > 0 && !reply.starts_with(&code.to_string()) => {
            format!("{code} {reply}")
        }
        Outcome::Failed { reply, .. } | Outcome::Unconfirmed(reply) => reply.clone(),
    }
}

/// The queue id in an acceptance (`250 2.0.0 Ok: queued as 4F2X` → `4F2X`; Exim's `id=…`), or the
/// whole reply when it names none.
pub(crate) fn queue_id(reply: &str) -> String {
    let after =
        |marker: &str| reply.find(marker).map(|i| reply[i + marker.len()..].split_whitespace().next().unwrap_or(""));
    match after("queued as ").or_else(|| after("id=")) {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => reply.to_string(),
    }
}

fn record(shared: &Shared<'_>, job: &Job, state: State, tries: u32, detail: &str) -> Result<()> {
    let r = Record {
        id: job.id.clone(),
        event: job.event.clone(),
        state,
        time: (shared.now)(),
        tries,
        detail: detail.to_string(),
    };
    lock(shared.log).append(&r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_id_is_taken_from_the_usual_acceptances() {
        assert_eq!(queue_id("250 2.0.0 Ok: queued as 4F2Xyz1"), "4F2Xyz1");
        assert_eq!(queue_id("250 OK id=1tKx3A-000Abc-7Q"), "1tKx3A-000Abc-7Q");
        assert_eq!(queue_id("250 Message accepted"), "250 Message accepted");
    }

    #[test]
    fn a_failure_keeps_its_code_once() {
        assert_eq!(detail(&Outcome::Failed { code: 451, reply: "451 4.7.1 later".into() }), "451 4.7.1 later");
        assert_eq!(
            detail(&Outcome::Failed { code: 550, reply: "permanent error: no".into() }),
            "550 permanent error: no"
        );
        assert_eq!(detail(&Outcome::Failed { code: 0, reply: "connection lost".into() }), "connection lost");
    }
}
