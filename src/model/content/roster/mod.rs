//! Rosters: CSV files with one row per award. Column names can be mapped per file so exports drop in unchanged.

mod claims;
mod header;
mod row;
mod rows;
mod table;
pub(crate) mod xlsx;

use std::collections::BTreeMap;
use std::path::Path;

use crate::ground::date::{Date, Period};
use crate::ground::error::{LineIndex, Location, Problem, Problems};
use crate::model::config::{OnlyWhen, RosterConfig};
pub(crate) use header::{column_of, detect_delimiter, mapped_header};
use rows::read_rows;

/// One row of a roster: a recipient awarded a badge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Award {
    /// Shared by every row of the badge (one allocation of its own on each of a million rows
    /// was 32 MB).
    pub badge: std::sync::Arc<str>,
    pub name: Box<str>,
    /// Trimmed and lowercased.
    pub email: Box<str>,
    pub issued: Option<Date>,
    pub expires: Option<Date>,
    /// Exactly as long as it is (as a list, with room to grow, 8 bytes more on every row).
    pub evidence: Box<[String]>,
    /// Columns hallmark does not use itself, kept for templates, by header.
    pub extra: Extra,
    /// The recipient's language (the `language` column, or the header `[rosters.x.columns]`
    /// maps to it): their e-mails are written in it.
    pub language: Option<Box<str>>,
    /// Results, evidence and subject fields (none for a plain award).
    pub claims: Option<std::sync::Arc<crate::model::claims::Claims>>,
    /// Where the row starts.
    pub source: Location,
}

/// A row's other columns by header, in header order; templates see a map (`credential.extra.cohort`).
/// A list, not a tree: a roster of 100,000 rows with one extra column would otherwise spend 50 MB
/// on tree nodes. Exactly as long as it is, and none for none (a list with room to grow made
/// every row 8 bytes longer: 8 MB at a million).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Extra(Option<Box<[Column]>>);

/// A column's header (shared by every row of its sheet) and a row's value in it.
type Column = (std::sync::Arc<str>, Box<str>);

impl Extra {
    /// No other columns.
    pub(crate) const EMPTY: Extra = Extra(None);

    fn list(&self) -> &[Column] {
        self.0.as_deref().unwrap_or_default()
    }

    /// The value of the column headed `header`.
    pub(crate) fn get(&self, header: &str) -> Option<&str> {
        self.list().iter().find(|(h, _)| &**h == header).map(|(_, v)| &**v)
    }

    /// The columns, header and value, in header order.
    pub(crate) fn columns(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.list().iter().map(|(h, v)| (&**h, &**v))
    }
}

impl FromIterator<(std::sync::Arc<str>, Box<str>)> for Extra {
    /// The headers shared by every row of a sheet, each value exactly as long as it is.
    fn from_iter<I: IntoIterator<Item = (std::sync::Arc<str>, Box<str>)>>(iter: I) -> Extra {
        // Exactly as long as it is: collected from a filter, a list starts with room for four
        // (192 bytes for one column, on every row).
        let columns: Box<[Column]> = iter.into_iter().collect();
        Extra((!columns.is_empty()).then_some(columns))
    }
}

impl serde::Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.list().len()))?;
        for (k, v) in self.list() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// What rows are checked against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// Every badge slug in `badges/`.
    pub badges: &'a [&'a str],
    /// The same slugs, in the same order, each shared by the rows that award it.
    pub shared_badges: &'a [std::sync::Arc<str>],
    /// The `valid_for` of each badge that has one.
    pub valid_for: &'a BTreeMap<&'a str, Period>,
    /// Today: an issue date after it gets a warning.
    pub today: Date,
    /// The longest recipient name allowed, in characters (`[site] max_name_length`).
    pub max_name_length: u64,
    /// The result descriptions of each badge that has some.
    pub results: &'a BTreeMap<&'a str, &'a [crate::model::content::badge::ResultDescription]>,
    /// The content directory (evidence files are read from it).
    pub content_dir: &'a Path,
}

/// A file with more problems than this is not read further: the first ones tell what is wrong,
/// and a report of every one can run to hundreds of megabytes.
const MAX_PROBLEMS_PER_FILE: usize = 200;

/// The file extensions of rosters under `recipients/`.
pub(crate) const EXTENSIONS: [&str; 3] = ["csv", "jsonl", "xlsx"];

/// How a roster is written, by its file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Comma-, semicolon- or tab-separated values (`.csv`).
    Csv,
    /// One JSON object per line (`.jsonl`), its keys the columns.
    JsonLines,
    /// An Excel workbook (`.xlsx`): one sheet, its first row the header.
    Xlsx,
}

/// The format of the roster at `path`.
pub(crate) fn format_of(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("jsonl") => Format::JsonLines,
        Some("xlsx") => Format::Xlsx,
        _ => Format::Csv,
    }
}

/// Parses one roster (CSV or JSON Lines, by `display_path`'s extension). `display_path` names the file in errors.
pub(crate) fn parse(
    display_path: &Path,
    text: &str,
    cfg: &RosterConfig,
    context: &Context<'_>,
    problems: &mut Problems,
) -> Vec<Award> {
    match format_of(display_path) {
        Format::JsonLines => match table::from_json_lines(display_path, text, problems) {
            Some(t) => parse_table(display_path, &t, cfg, context, problems),
            None => Vec::new(),
        },
        _ => parse_text(display_path, text, None, cfg, context, problems),
    }
}

/// Reads a table (from JSON Lines or a workbook) as the CSV it amounts to, each problem at its cell.
fn parse_table(
    display_path: &Path,
    table: &table::Table,
    cfg: &RosterConfig,
    context: &Context<'_>,
    problems: &mut Problems,
) -> Vec<Award> {
    let (csv, cells) = table.to_csv(display_path);
    parse_text(display_path, &csv, Some(&cells), cfg, context, problems)
}

fn parse_text(
    display_path: &Path,
    text: &str,
    cells: Option<&table::CellMap>,
    cfg: &RosterConfig,
    context: &Context<'_>,
    problems: &mut Problems,
) -> Vec<Award> {
    match read_header(display_path, text, cells, cfg, context, problems) {
        Some((sheet, reader, cursor)) => read_rows(&sheet, reader, cursor, cfg, context, problems),
        None => Vec::new(),
    }
}

/// One record of a roster, with where its fields begin.
struct Row<'r> {
    pub(super) sheet: &'r Sheet<'r>,
    pub(super) record: &'r csv::StringRecord,
    /// Where the record begins in the body.
    pub(super) start: usize,
    /// Where each field begins in the body.
    pub(super) starts: &'r [usize],
}

impl<'r> Row<'r> {
    /// The location of field `i` (the record's start when the row has fewer fields).
    fn field_at(&self, i: usize) -> Location {
        self.sheet.at(self.starts.get(i).copied().unwrap_or(self.start))
    }
}

/// A roster's text and what its header says: what reading and checking its rows needs.
struct Sheet<'a> {
    display_path: &'a Path,
    /// The same path, shared by every row's location.
    shared_path: std::sync::Arc<Path>,
    lines: LineIndex<'a>,
    /// The text after the byte-order mark, if any: the offsets a sheet works with are in it.
    body: &'a str,
    /// The length of the byte-order mark (0 without one).
    bom: usize,
    delimiter: u8,
    /// The header's fields, trimmed.
    headers: Vec<String>,
    /// The same headers, shared by the extra columns of every row.
    shared_headers: Vec<std::sync::Arc<str>>,
    /// Which field holds each of hallmark's columns, by the column's key.
    index: BTreeMap<&'static str, usize>,
    /// The fields `index` holds; the others are extra columns.
    used: Vec<usize>,
    /// The columns of results, evidence and subject fields.
    claims: claims::ClaimColumns,
    /// For a table read as CSV (JSON Lines, a workbook): where each cell is in the file.
    cells: Option<&'a table::CellMap>,
    /// `only_when`: the column and the rule of the rows to read (the others are left out).
    only_when: Option<(usize, &'a OnlyWhen)>,
    /// `skip_when`: the column and the rule of the rows that are not recipients.
    skip_when: Option<(usize, &'a OnlyWhen)>,
}

impl Sheet<'_> {
    /// Where byte `offset` of the body is in the file.
    fn at(&self, offset: usize) -> Location {
        match self.cells {
            Some(cells) => cells.at(offset),
            None => self.lines.location_in(std::sync::Arc::clone(&self.shared_path), self.bom + offset),
        }
    }
}

/// The column of `what` (`only_when`, `skip_when`) in `headers`, with its rule; an error at `at`
/// when the header has no such column.
fn column_rule<'a>(
    headers: &[String],
    what: &str,
    rule: Option<&'a OnlyWhen>,
    at: &Location,
    problems: &mut Problems,
) -> Result<Option<(usize, &'a OnlyWhen)>, ()> {
    let Some(rule) = rule else { return Ok(None) };
    match headers.iter().position(|h| h == &rule.column) {
        Some(i) => Ok(Some((i, rule))),
        None => {
            problems.push(
                Problem::error(
                    at.clone(),
                    format!("{what} names the column \"{}\", which is not in the header", rule.column),
                )
                .help(format!("the header has: {}; fix {what} in hallmark.toml", headers.join(", "))),
            );
            Err(())
        }
    }
}

/// Reads the header into a sheet, with the reader and body offset of the rows; `None` if no row can be read.
fn read_header<'a>(
    display_path: &'a Path,
    text: &'a str,
    cells: Option<&'a table::CellMap>,
    cfg: &'a RosterConfig,
    context: &Context<'_>,
    problems: &mut Problems,
) -> Option<(Sheet<'a>, csv::Reader<&'a [u8]>, usize)> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let lines = LineIndex::new(text);
    let at = |offset: usize| match cells {
        Some(cells) => cells.at(offset),
        None => lines.location(display_path, bom + offset),
    };
    let body = &text[bom..];
    let header_line = body.lines().next().unwrap_or_default();
    let delimiter = header::detect_delimiter(header_line);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(body.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            problems.push(
                Problem::error(at(0), format!("cannot read the header: {e}")).help("save the roster as UTF-8 CSV"),
            );
            return None;
        }
    };
    if headers.iter().all(String::is_empty) {
        problems.push(
            Problem::error(at(0), "the roster is empty").help("add a header row: badge,name,email,issued,expires"),
        );
        return None;
    }
    let (header_starts, cursor) = next_record(body, 0, delimiter);
    header::check_duplicates(&headers, &header_starts, cfg, &at, problems);
    let index = header::columns(&headers, cfg, display_path, &at(0), problems)?;
    // Each id once: badges may share a result id (final-score), and its column is one column.
    let result_ids: Vec<&str> = context
        .results
        .values()
        .flat_map(|r| r.iter().map(|d| d.id.as_str()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut missing = Vec::new();
    let claims = claims::ClaimColumns::find(&headers, cfg, &result_ids, &mut missing);
    if !missing.is_empty() {
        problems.push(
            Problem::error(at(0), format!("the header has no column {}", missing.join(", ")))
                .help(format!("the header has: {}; fix the mapping in hallmark.toml", headers.join(", "))),
        );
        return None;
    }
    let used = index.values().copied().chain(claims.used()).collect();
    let only_when = column_rule(&headers, "only_when", cfg.only_when.as_ref(), &at(0), problems).ok()?;
    let skip_when = column_rule(&headers, "skip_when", cfg.skip_when.as_ref(), &at(0), problems).ok()?;
    let sheet = Sheet {
        display_path,
        shared_path: std::sync::Arc::from(display_path),
        shared_headers: headers.iter().map(|h| std::sync::Arc::from(h.as_str())).collect(),
        lines,
        body,
        bom,
        delimiter,
        headers,
        index,
        used,
        claims,
        cells,
        only_when,
        skip_when,
    };
    Some((sheet, reader, cursor))
}

/// The next record at or after `cursor`: where each of its fields begins (byte offsets in
/// `text`) and where the record ends. Line breaks between records are skipped, as the CSV reader
/// skips blank lines; a line break inside double quotes belongs to the field. Positions come from
/// this scan rather than the CSV reader's, so they stay right for CRLF files and blank lines.
fn next_record(text: &str, cursor: usize, delimiter: u8) -> (Vec<usize>, usize) {
    let mut starts = Vec::new();
    let end = next_record_into(text, cursor, delimiter, &mut starts);
    (starts, end)
}

/// [`next_record`] into `starts` (cleared first): one list for all of a roster's rows.
///
/// Each field is crossed with `memchr` (a quoted one to its closing quote, the rest to the next
/// delimiter or line break) rather than byte by byte: the byte loop was a sixth of reading a
/// 100,000-row roster. The byte loop stays in the tests, as the oracle.
fn next_record_into(text: &str, cursor: usize, delimiter: u8, starts: &mut Vec<usize>) -> usize {
    let bytes = text.as_bytes();
    let mut i = cursor;
    while i < bytes.len() && (bytes[i] == b'\n' || bytes[i] == b'\r') {
        i += 1;
    }
    starts.clear();
    starts.push(i);
    loop {
        // A field that starts with a double quote runs to the quote that is not doubled.
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let Some(q) = memchr::memchr(b'"', &bytes[i..]) else { return bytes.len() };
                i += q + 1;
                if bytes.get(i) != Some(&b'"') {
                    break;
                }
                i += 1;
            }
        }
        // The rest of the field (quotes in it are plain characters), to a delimiter or the end.
        let Some(at) = memchr::memchr3(delimiter, b'\n', b'\r', &bytes[i..]) else { return bytes.len() };
        i += at;
        if bytes[i] != delimiter {
            return i;
        }
        i += 1;
        starts.push(i);
    }
}

#[cfg(test)]
mod tests;
