//! `hallmark.sent`: what `hallmark notify` sent, keyed by credential id and event, committed beside
//! the ledger. It holds no address and no name: the state, the time, the tries and the server's
//! queue id or reply (with any address in it blanked).
//!
//! Crash safety: the file is an append-only log while a run sends. Before each attempt an
//! `attempted` record is appended and fsynced, so a run killed at any instant leaves a record of
//! every message it may have handed to the server. The last record of a key is its state. At the
//! end of a run the log is compacted to one line per key: written to a temporary file, fsynced,
//! renamed over the log, and the directory fsynced.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ground::error::{Error, Failure, Result};

/// The sent log's file name, beside `hallmark.toml`.
pub const SENT_FILE: &str = "hallmark.sent";

const HEADER: &str =
    "# hallmark.sent: the e-mails `hallmark notify` sent, written by hallmark. Commit it with the content.\n\
# No addresses and no names: credential id, event, state, time (UTC), tries, and the server's queue id or reply.\n\
# format 1: id, event, state, time, tries, detail (tab-separated; - for none)\n";

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// Handed, or about to be handed, to the server; no answer recorded: it may have been delivered.
    Attempted,
    /// The server accepted it (the detail holds its queue id).
    Sent,
    /// The server refused it or could not be reached (the detail holds the reply).
    Failed,
    /// Recorded as told without sending (`--baseline`).
    Skipped,
}

impl State {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Attempted => "attempted",
            State::Sent => "sent",
            State::Failed => "failed",
            State::Skipped => "skipped",
        }
    }

    fn parse(s: &str) -> Option<State> {
        Some(match s {
            "attempted" => State::Attempted,
            "sent" => State::Sent,
            "failed" => State::Failed,
            "skipped" => State::Skipped,
            _ => return None,
        })
    }
}

/// One line of the log: the latest state of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub id: String,
    pub event: String,
    pub state: State,
    /// Seconds since the epoch.
    pub time: i64,
    /// Failed attempts so far.
    pub tries: u32,
    /// The queue id (sent) or the reply (failed); `-` for none.
    pub detail: String,
}

impl Record {
    /// A permanent failure: the server answered 5xx. It is never retried by itself.
    pub(crate) fn is_permanent(&self) -> bool {
        self.state == State::Failed && self.detail.starts_with('5')
    }

    fn line(&self) -> String {
        let detail = clean(&self.detail);
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            self.id,
            self.event,
            self.state.as_str(),
            rfc3339(self.time),
            self.tries,
            if detail.is_empty() { "-" } else { &detail }
        )
    }
}

/// A detail as it may be written: one line, no tab, no address, at most 300 characters.
pub(crate) fn clean(detail: &str) -> String {
    let one_line: String = detail.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let words: Vec<String> = one_line
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| match w.find('@') {
            Some(at) => {
                // The address is the run of address characters around the @; brackets and
                // punctuation around it stay.
                let part = |c: char| c.is_alphanumeric() || "._%+-'".contains(c);
                let start = w[..at].rfind(|c| !part(c)).map_or(0, |i| i + 1);
                let end = w[at + 1..].find(|c: char| !part(c)).map_or(w.len(), |i| at + 1 + i);
                format!("{}address{}", &w[..start], &w[end..].trim_start_matches('.'))
            }
            None => w.to_string(),
        })
        .collect();
    words.join(" ").chars().take(300).collect()
}

/// `2026-11-22T10:00:00Z`.
pub(crate) fn rfc3339(t: i64) -> String {
    let day = crate::ground::date::Date::from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The log as read: the latest record of each key, in the order keys first appeared.
#[derive(Debug, Default)]
pub(crate) struct SentLog {
    records: Vec<Record>,
    index: HashMap<(String, String), usize>,
}

impl SentLog {
    /// Reads `hallmark.sent` in `content_dir`; an absent file is an empty log. A last line cut short
    /// by a crash (no line break) is ignored: its attempt never began, since an attempt waits for
    /// its record to be on disk.
    pub(crate) fn load(content_dir: &Path) -> Result<SentLog> {
        let path = content_dir.join(SENT_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SentLog::default()),
            Err(e) => return Err(Error::io("read", &path, e)),
        };
        SentLog::parse(&text).map_err(|(line, msg)| {
            Error::Ledger(Failure::new(format!("{}:{line}:1: {msg}", path.display())).fix(format!(
                "restore the file from git (`git checkout -- {}`); it is written by `hallmark notify`, and a merge keeps every line of both sides",
                path.display()
            )))
        })
    }

    pub(crate) fn parse(text: &str) -> std::result::Result<SentLog, (usize, String)> {
        let mut log = SentLog::default();
        let complete = text.rfind('\n').map_or("", |i| &text[..=i]);
        for (i, line) in complete.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            log.put(parse_line(line).map_err(|m| (i + 1, m))?);
        }
        Ok(log)
    }

    /// The latest record of `id`'s `event`.
    pub(crate) fn get(&self, id: &str, event: &str) -> Option<&Record> {
        // A tuple of borrowed strings cannot look up owned ones; the log is small enough to allocate.
        self.index.get(&(id.to_string(), event.to_string())).map(|&i| &self.records[i])
    }

    /// Every record, in the order the keys first appeared.
    pub(crate) fn records(&self) -> &[Record] {
        &self.records
    }

    /// Makes `record` the latest of its key.
    pub(crate) fn put(&mut self, record: Record) {
        let key = (record.id.clone(), record.event.clone());
        match self.index.get(&key) {
            Some(&i) => self.records[i] = record,
            None => {
                self.index.insert(key, self.records.len());
                self.records.push(record);
            }
        }
    }

    /// The compacted file's text.
    pub(crate) fn text(&self) -> String {
        let mut out = String::with_capacity(HEADER.len() + self.records.len() * 80);
        out.push_str(HEADER);
        for r in &self.records {
            out.push_str(&r.line());
        }
        out
    }
}

fn parse_line(line: &str) -> std::result::Result<Record, String> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() != 6 {
        return Err(format!("expected 6 tab-separated fields, found {}", f.len()));
    }
    let state = State::parse(f[2]).ok_or_else(|| format!("\"{}\" is not a state", f[2]))?;
    let time = crate::ground::date::parse_datetime(f[3]).ok_or_else(|| format!("\"{}\" is not a time", f[3]))?;
    let tries = f[4].parse().map_err(|_| format!("\"{}\" is not a number of tries", f[4]))?;
    if f[0].is_empty() || f[1].is_empty() {
        return Err("the credential id or the event is empty".into());
    }
    let detail = if f[5] == "-" { String::new() } else { f[5].to_string() };
    Ok(Record { id: f[0].into(), event: f[1].into(), state, time, tries, detail })
}

/// Appends records to the log, each on disk before `append` returns.
// The site lock (issue 15) belongs around the whole run that owns a Writer: see `notify::run`.
pub(crate) struct Writer {
    file: File,
    path: PathBuf,
}

impl Writer {
    /// Opens the log of `content_dir` for appending, creating it (with its header) if absent.
    pub(crate) fn open(content_dir: &Path) -> Result<Writer> {
        let path = content_dir.join(SENT_FILE);
        let created = !path.exists();
        let mut file =
            OpenOptions::new().create(true).append(true).open(&path).map_err(|e| Error::io("open", &path, e))?;
        let mut writer = Writer { file: file.try_clone().map_err(|e| Error::io("open", &path, e))?, path };
        if created {
            file.write_all(HEADER.as_bytes()).map_err(|e| Error::io("write", &writer.path, e))?;
            writer.sync()?;
            sync_dir(content_dir)?;
        } else {
            writer.end_torn_line()?;
        }
        Ok(writer)
    }

    /// Appends `record` and waits until it is on disk.
    pub(crate) fn append(&mut self, record: &Record) -> Result<()> {
        self.file.write_all(record.line().as_bytes()).map_err(|e| Error::io("write", &self.path, e))?;
        self.sync()
    }

    fn sync(&mut self) -> Result<()> {
        self.file.sync_data().map_err(|e| Error::io("write", &self.path, e))
    }

    /// A line cut short by a crash is cut off, so the next record starts a line of its own. Its
    /// attempt never began: an attempt waits for its record to be on disk.
    fn end_torn_line(&mut self) -> Result<()> {
        let bytes = std::fs::read(&self.path).map_err(|e| Error::io("read", &self.path, e))?;
        if bytes.last().is_some_and(|b| *b != b'\n') {
            let end = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            self.file.set_len(end as u64).map_err(|e| Error::io("write", &self.path, e))?;
            self.sync()?;
        }
        Ok(())
    }
}

/// Replaces the log with its compacted text: temporary file, fsync, rename, directory fsync.
pub(crate) fn compact(content_dir: &Path, log: &SentLog) -> Result<()> {
    let path = content_dir.join(SENT_FILE);
    let tmp = content_dir.join(format!("{SENT_FILE}.tmp"));
    let mut f = File::create(&tmp).map_err(|e| Error::io("write", &tmp, e))?;
    f.write_all(log.text().as_bytes()).map_err(|e| Error::io("write", &tmp, e))?;
    f.sync_all().map_err(|e| Error::io("write", &tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(|e| Error::io("replace", &path, e))?;
    sync_dir(content_dir)
}

/// Makes a file's creation or renaming in `dir` durable.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let d = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        File::open(d).and_then(|f| f.sync_all()).map_err(|e| Error::io("sync", d, e))?;
    }
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests;
