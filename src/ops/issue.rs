//! `hallmark issue`: recipients added to a roster from a script, a webhook or the command line,
//! without editing CSV by hand. Each row is written in the roster's own columns, delimiter and date
//! format, checked with the build's own checks before anything is written (a bad row refuses the
//! whole call, naming the row), and appended atomically under the site lock. A recipient already in
//! a roster for the badge (on the same date, when one is given) is reported, not added twice.
//!
//! It issues nothing itself: the next `hallmark build` does, and only then are the credential's id
//! and landing page known.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::ground::date::Date;
use crate::ground::date_format::DateFormat;
use crate::ground::error::{Error, Failure, Location, Problem, Problems, Result};
use crate::ground::lock::{Mode, SiteLock};
use crate::model::config::RosterConfig;
use crate::model::content::{self, roster, Overlay};
use crate::model::validate::normalize_email;

/// The roster `issue` writes to when none is named.
pub const DEFAULT_ROSTER: &str = "recipients/issued.csv";

/// The columns a new roster gets.
const NEW_HEADER: [&str; 6] = ["badge", "name", "email", "issued", "expires", "evidence"];

/// One recipient to add.
#[derive(Debug, Clone, Default)]
pub struct Recipient {
    pub badge: Option<String>,
    pub name: String,
    pub email: String,
    /// `YYYY-MM-DD`.
    pub issued: Option<String>,
    pub expires: Option<String>,
    pub evidence: Option<String>,
    /// Other columns of the roster, by header (results, a cohort, ...).
    pub extra: Vec<(String, String)>,
    /// Where it was given: a line of a JSON Lines file (`None`: the command line).
    pub origin: Option<Location>,
}

/// What to do.
#[derive(Debug, Clone)]
pub struct IssueOptions {
    pub content_dir: PathBuf,
    /// The roster, relative to the content directory (default [`DEFAULT_ROSTER`]).
    pub roster: Option<PathBuf>,
    pub today: Date,
    /// Check and report, write nothing.
    pub dry_run: bool,
    /// Told while another hallmark holds the site.
    pub on_wait: fn(String),
}

/// One row added (or, with `dry_run`, that would be).
#[derive(Debug, Clone)]
pub struct Added {
    pub badge: String,
    pub name: String,
    pub email: String,
    pub issued: Option<Date>,
    /// Its line in the roster.
    pub line: usize,
}

/// A recipient already in a roster.
#[derive(Debug, Clone)]
pub struct Present {
    pub badge: String,
    pub name: String,
    pub email: String,
    /// The row that has it, or the input line that gave it first.
    pub at: Location,
    pub origin: Option<Location>,
}

/// What `issue` did.
#[derive(Debug, Clone)]
pub struct IssueReport {
    /// The roster, relative to the content directory.
    pub roster: String,
    /// The roster did not exist before.
    pub created: bool,
    pub added: Vec<Added>,
    pub present: Vec<Present>,
    pub dry_run: bool,
}

/// The recipients in JSON Lines text (one object per line: `badge`, `name`, `email`, `issued`,
/// `expires`, `evidence`, and any other roster column by its header). Every bad line is reported,
/// at its line and column.
pub fn parse_json_lines(display: &Path, text: &str) -> Result<Vec<Recipient>> {
    let mut problems = Problems::new();
    let mut out = Vec::new();
    for (n, line) in text.strip_prefix('\u{feff}').unwrap_or(text).lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |column: usize| Location::new(display, n + 1, column.max(1));
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => match recipient(o, at(1)) {
                Ok(r) => out.push(r),
                Err(why) => problems.push(Problem::error(at(1), why).help(JSON_HELP)),
            },
            Ok(_) => problems.push(Problem::error(at(1), "the line is not a JSON object").help(JSON_HELP)),
            Err(e) => problems.push(Problem::error(at(e.column()), format!("not JSON: {e}")).help(JSON_HELP)),
        }
    }
    if problems.has_errors() {
        return Err(Error::Content { problems });
    }
    Ok(out)
}

const JSON_HELP: &str =
    "write one recipient per line: {\"badge\": \"…\", \"name\": \"…\", \"email\": \"…\", \"issued\": \"YYYY-MM-DD\"}";

fn recipient(object: serde_json::Map<String, Value>, origin: Location) -> std::result::Result<Recipient, String> {
    let mut r = Recipient { origin: Some(origin), ..Recipient::default() };
    for (key, value) in object {
        let text = match value {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => continue,
            _ => {
                return Err(format!(
                    "\"{key}\" holds a list or an object: a roster's cell is a string, a number or true/false"
                ))
            }
        };
        match key.as_str() {
            "badge" => r.badge = Some(text),
            "name" => r.name = text,
            "email" => r.email = text,
            "issued" => r.issued = Some(text),
            "expires" => r.expires = Some(text),
            "evidence" => r.evidence = Some(text),
            _ => r.extra.push((key, text)),
        }
    }
    Ok(r)
}

/// Adds `recipients` to the roster, or reports why not (then nothing is written).
pub fn issue(opts: &IssueOptions, recipients: Vec<Recipient>) -> Result<IssueReport> {
    let rel = roster_path(opts.roster.as_deref())?;
    let path = opts.content_dir.join(&rel);
    let _lock = SiteLock::acquire(&opts.content_dir, "issue", Mode::Exclusive, &opts.on_wait)?;
    let snapshot = content::load_on(&opts.content_dir, None, opts.today)?;
    let cfg = snapshot.settings.config.rosters.get(&rel).cloned().unwrap_or_default();
    let existing = match std::fs::read(&path) {
        Ok(bytes) => {
            Some(crate::ground::text::decode(&path, bytes, crate::ground::text::ROSTER_HELP).map_err(|p| {
                let mut problems = Problems::new();
                problems.push(p);
                Error::Content { problems }
            })?)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let (fresh, present) = sort_out(&snapshot.awards, recipients)?;
    let writer = RowWriter::new(&rel, existing.as_deref(), &cfg, &fresh)?;
    let (text, lines) = writer.append(existing.as_deref().unwrap_or_default(), &fresh)?;
    let checked = content::load_with(&opts.content_dir, None, opts.today, Some(Overlay { path: &path, text: &text }));
    if let Err(Error::Content { problems }) = checked {
        return Err(Error::Content { problems: blame(problems, &path, &lines, &fresh) });
    }
    checked?;
    if !opts.dry_run && !fresh.is_empty() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
        }
        crate::ground::fsio::write_atomically(&path, text.as_bytes())?;
    }
    let added = fresh
        .iter()
        .zip(&lines)
        .map(|(r, &line)| Added {
            badge: r.badge.clone().or_else(|| cfg.badge.clone()).unwrap_or_default(),
            name: r.name.trim().to_string(),
            email: r.email.trim().to_string(),
            issued: r.issued.as_deref().and_then(Date::parse_iso),
            line,
        })
        .collect();
    Ok(IssueReport { roster: rel, created: existing.is_none(), added, present, dry_run: opts.dry_run })
}

/// The roster's key in `[rosters]`: under `recipients/`, a CSV or JSON Lines file.
fn roster_path(given: Option<&Path>) -> Result<String> {
    let rel = given.map_or_else(|| DEFAULT_ROSTER.to_string(), |p| p.to_string_lossy().replace('\\', "/"));
    let rel = rel.trim_start_matches("./").to_string();
    let refuse = |why: &str| {
        Err(Error::Usage(
            Failure::new(format!("--roster {rel}: {why}"))
                .fix("name a roster under recipients/, relative to the content directory, e.g. recipients/lms.csv"),
        ))
    };
    if !rel.starts_with("recipients/") || rel.split('/').any(|part| part == ".." || part.is_empty()) {
        return refuse("a roster is a file under recipients/");
    }
    match roster::format_of(Path::new(&rel)) {
        roster::Format::Xlsx => refuse("hallmark adds rows to CSV and JSON Lines rosters, not to workbooks"),
        roster::Format::Csv if !rel.ends_with(".csv") => refuse("a roster's name ends in .csv or .jsonl"),
        _ => Ok(rel),
    }
}

/// The recipients not yet in any roster, and those already there (or given twice).
fn sort_out(awards: &[content::Award], recipients: Vec<Recipient>) -> Result<(Vec<Recipient>, Vec<Present>)> {
    type Key = (String, String);
    let mut problems = Problems::new();
    let mut fresh: Vec<Recipient> = Vec::new();
    let mut present = Vec::new();
    // The rows of each badge and address, in the rosters and in this input: a recipient is there
    // when one of them has the same issue date, or any date when none is given.
    let mut rows: HashMap<Key, Vec<(Option<Date>, Location)>> = HashMap::new();
    for a in awards {
        rows.entry((a.badge.to_string(), a.email.to_string())).or_default().push((a.issued, a.source.clone()));
    }
    for r in recipients {
        let bad_date = [("issued", &r.issued), ("expires", &r.expires)].into_iter().find_map(|(key, d)| {
            d.as_deref().filter(|d| Date::parse_iso(d.trim()).is_none()).map(|d| (key, d.to_string()))
        });
        if let Some((key, raw)) = bad_date {
            let what = format!("{key} \"{raw}\" is not a date written YYYY-MM-DD");
            problems.push(at_origin(
                &r,
                what,
                "give dates as YYYY-MM-DD: hallmark writes them in the roster's own format",
            ));
            continue;
        }
        let key = (r.badge.clone().unwrap_or_default(), normalize_email(r.email.trim()));
        let issued = r.issued.as_deref().and_then(|d| Date::parse_iso(d.trim()));
        let known = rows.get(&key).and_then(|v| v.iter().find(|(d, _)| issued.is_none() || *d == issued));
        match known {
            Some((_, at)) => present.push(Present {
                badge: key.0,
                name: r.name.trim().to_string(),
                email: key.1,
                at: at.clone(),
                origin: r.origin.clone(),
            }),
            None => {
                let at = r.origin.clone().unwrap_or_else(|| Location::new("the command line", 1, 1));
                rows.entry(key).or_default().push((issued, at));
                fresh.push(r);
            }
        }
    }
    if problems.has_errors() {
        return Err(Error::Content { problems });
    }
    Ok((fresh, present))
}

/// A problem about recipient `r`, at the input line that gave it.
fn at_origin(r: &Recipient, message: String, help: &str) -> Problem {
    match &r.origin {
        Some(at) => Problem::error(at.clone(), message),
        None => Problem::general(message),
    }
    .help(help.to_string())
}

/// The build's problems with the appended rows, each moved to the recipient it is about (the
/// roster's lines do not exist yet); the rest stay where they are.
fn blame(problems: Problems, path: &Path, lines: &[usize], fresh: &[Recipient]) -> Problems {
    let first_new = lines.first().copied().unwrap_or(usize::MAX);
    let mut out = Problems::new();
    for p in problems.sorted() {
        let row = p
            .location
            .as_ref()
            .filter(|l| *l.path == *path && l.line >= first_new)
            .map(|l| lines.partition_point(|&start| start <= l.line).saturating_sub(1));
        match row.and_then(|i| fresh.get(i)) {
            Some(r) => {
                let who = format!("{} <{}>", r.name.trim(), r.email.trim());
                let mut moved = at_origin(r, format!("{who}: {}", p.message), "");
                moved.severity = p.severity;
                moved.help = p.help.clone();
                out.push(moved);
            }
            None => out.push(p),
        }
    }
    out
}

/// How rows are written into one roster: its columns (by the build's own mapping), its delimiter,
/// its line ending and its date format.
struct RowWriter<'c> {
    cfg: &'c RosterConfig,
    headers: Vec<String>,
    delimiter: u8,
    crlf: bool,
    json: bool,
    /// The header line to write first (a new CSV roster).
    new_header: bool,
}

impl<'c> RowWriter<'c> {
    fn new(rel: &str, existing: Option<&str>, cfg: &'c RosterConfig, fresh: &[Recipient]) -> Result<RowWriter<'c>> {
        let json = roster::format_of(Path::new(rel)) == roster::Format::JsonLines;
        let body = existing.map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
        let header_line = body.and_then(|b| b.lines().next()).filter(|l| !l.trim().is_empty());
        let (headers, delimiter, new_header) = match (json, header_line) {
            (false, Some(line)) => {
                let delimiter = roster::detect_delimiter(line);
                let mut reader =
                    csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).from_reader(line.as_bytes());
                let record = reader.records().next().and_then(|r| r.ok()).unwrap_or_default();
                (record.iter().map(|h| h.trim().to_string()).collect(), delimiter, false)
            }
            (false, None) => {
                let mut headers: Vec<String> = NEW_HEADER.iter().map(|h| h.to_string()).collect();
                for (key, _) in fresh.iter().flat_map(|r| &r.extra) {
                    if !headers.contains(key) {
                        headers.push(key.clone());
                    }
                }
                (headers, b',', true)
            }
            (true, _) => (Vec::new(), b',', false),
        };
        let crlf = body.is_some_and(|b| b.contains("\r\n"));
        Ok(RowWriter { cfg, headers, delimiter, crlf, json, new_header })
    }

    /// `existing` with the rows of `fresh` after it, and the line each row starts on.
    fn append(&self, existing: &str, fresh: &[Recipient]) -> Result<(String, Vec<usize>)> {
        let newline = if self.crlf { "\r\n" } else { "\n" };
        let mut text = existing.to_string();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push_str(newline);
        }
        if self.new_header {
            text.push_str(&self.line(&self.headers)?);
            text.push_str(newline);
        }
        let mut line = text.matches('\n').count() + 1;
        let mut starts = Vec::with_capacity(fresh.len());
        let mut problems = Problems::new();
        for r in fresh {
            let row = if self.json {
                self.json_row(r)
            } else {
                self.csv_row(r).and_then(|cells| self.line(&cells).map_err(|e| e.to_string()))
            };
            match row {
                Ok(row) => {
                    starts.push(line);
                    line += row.matches('\n').count() + 1;
                    text.push_str(&row);
                    text.push_str(newline);
                }
                Err(why) => problems.push(at_origin(r, why, "add the column to the roster, or leave the field out")),
            }
        }
        if problems.has_errors() {
            return Err(Error::Content { problems });
        }
        Ok((text, starts))
    }

    /// The value of each field of hallmark's own columns, by key.
    fn fields(&self, r: &Recipient) -> Vec<(&'static str, Option<String>)> {
        let dates = DateFormat::of(self.cfg.date_format.as_deref());
        let date = |d: &Option<String>| d.as_deref().and_then(|d| Date::parse_iso(d.trim())).map(|d| dates.write(d));
        vec![
            ("badge", r.badge.clone().filter(|b| self.cfg.badge.as_deref() != Some(b.as_str()))),
            ("name", Some(r.name.trim().to_string())),
            ("email", Some(r.email.trim().to_string())),
            ("issued", date(&r.issued)),
            ("expires", date(&r.expires)),
            ("evidence", r.evidence.clone()),
        ]
    }

    /// The row's cells in the roster's columns; why not when a value has no column to go in.
    fn csv_row(&self, r: &Recipient) -> std::result::Result<Vec<String>, String> {
        let mut cells = vec![String::new(); self.headers.len()];
        if let (Some(file_badge), Some(b)) = (&self.cfg.badge, &r.badge) {
            if file_badge != b {
                return Err(format!("this roster awards \"{file_badge}\" to every row, not \"{b}\""));
            }
        }
        for (key, value) in self.fields(r) {
            let Some(value) = value else { continue };
            match roster::column_of(&self.headers, self.cfg, key) {
                Some(i) => cells[i] = value,
                None if key == "name" && roster::column_of(&self.headers, self.cfg, "given_name").is_some() => {
                    return Err(
                        "the roster splits names into two columns: add this recipient to a roster with a name column"
                            .into(),
                    );
                }
                None => return Err(format!("the roster has no `{key}` column for \"{value}\"")),
            }
        }
        for (key, value) in &r.extra {
            match self.headers.iter().position(|h| h == key) {
                Some(i) => cells[i] = value.clone(),
                None => {
                    return Err(format!(
                        "the roster has no column \"{key}\" (its columns: {})",
                        self.headers.join(", ")
                    ))
                }
            }
        }
        Ok(cells)
    }

    fn json_row(&self, r: &Recipient) -> std::result::Result<String, String> {
        let mut object = serde_json::Map::new();
        let mapped = |key: &str| roster::mapped_header(self.cfg, key).unwrap_or(key).to_string();
        for (key, value) in self.fields(r) {
            if let Some(value) = value {
                object.insert(mapped(key), Value::String(value));
            }
        }
        for (key, value) in &r.extra {
            object.insert(key.clone(), Value::String(value.clone()));
        }
        serde_json::to_string(&object).map_err(|e| e.to_string())
    }

    /// One CSV line of `cells`, quoted where the CSV reader needs it.
    fn line(&self, cells: &[String]) -> Result<String> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(cells).map_err(|e| Error::Usage(format!("cannot write the row: {e}").into()))?;
        let bytes = w.into_inner().map_err(|e| Error::Usage(format!("cannot write the row: {e}").into()))?;
        let mut line =
            String::from_utf8(bytes).map_err(|e| Error::Usage(format!("cannot write the row: {e}").into()))?;
        if line.ends_with('\n') {
            line.pop();
        }
        Ok(line)
    }
}
