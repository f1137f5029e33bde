//! A roster's rows after its header: read in order, checked in batches on every core.

use super::row::check_row;
use super::{next_record, next_record_into, Context, Row, Sheet, MAX_PROBLEMS_PER_FILE};
use crate::ground::error::{Problem, Problems};
use crate::model::config::RosterConfig;
use crate::model::content::Award;

/// Reads and checks the rows from `cursor` in the body, leaving out rows with an error.
///
/// The rows are read in batches and each batch checked on every core (checked one after another,
/// they were the longest part of reading the content: `serve`'s rebuild waited on them with the
/// other core idle); what each row gives is then taken in the order of the file, so the problems
/// and the rows left out are what a reading row by row finds, the limit of problems included.
pub(super) fn read_rows(
    sheet: &Sheet<'_>,
    mut reader: csv::Reader<&[u8]>,
    mut cursor: usize,
    cfg: &RosterConfig,
    context: &Context<'_>,
    problems: &mut Problems,
) -> Vec<Award> {
    use rayon::prelude::*;
    // Room for a row on every line that is left (at most one more than there are): a list grown
    // by doubling held its old and its new room at once, 371 MB for a million rows.
    let rest = sheet.body.get(cursor..).unwrap_or_default();
    let mut awards = Vec::with_capacity(rest.bytes().filter(|b| *b == b'\n').count() + 1);
    let before = problems.len();
    // Each batch's records and their fields' starts, their room kept from batch to batch.
    let mut records: Vec<(csv::StringRecord, Vec<usize>)> = Vec::new();
    let mut end = Batch::Full;
    while end == Batch::Full {
        let (lines, rows);
        (lines, rows, end) = read_batch(sheet, &mut reader, &mut cursor, &mut records);
        let mut checked = records[..rows]
            .par_iter()
            .map(|(record, starts)| {
                let row = Row { sheet, record, start: starts[0], starts };
                let mut found = Problems::new();
                (check_row(&row, cfg, context, &mut found), found)
            })
            .collect::<Vec<_>>()
            .into_iter();
        for (at, line) in lines {
            if problems.len() - before >= MAX_PROBLEMS_PER_FILE {
                problems.push(stopped_at(sheet, at));
                return awards;
            }
            match line {
                Line::Row => {
                    let (award, found) = checked.next().expect("a result for each row");
                    problems.extend(found);
                    awards.extend(award);
                }
                Line::Problem(p) => problems.push(p),
                Line::NotARow => {}
            }
        }
    }
    // The end of the file is read like a row: past the limit, reading stops there.
    if end == Batch::EndOfFile && problems.len() - before >= MAX_PROBLEMS_PER_FILE {
        problems.push(stopped_at(sheet, cursor));
    }
    // Many lines were not rows (a gradebook's others, blank lines, errors): give the room back.
    if awards.capacity() > awards.len() + awards.len() / 8 + 16 {
        awards.shrink_to_fit();
    }
    awards
}

/// How many rows a batch checks at once.
const BATCH_ROWS: usize = 512;

/// What a line of a roster is, once read.
enum Line {
    /// A row, to check (the batch's next record).
    Row,
    /// A line found wrong as it was read.
    Problem(Problem),
    /// A blank line, or a row `only_when` or `skip_when` leaves out.
    NotARow,
}

/// How a batch of lines ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Batch {
    /// With its rows: more may follow.
    Full,
    /// At the end of the file.
    EndOfFile,
    /// At a line that is not CSV (the last line of the batch says so): nothing more is read.
    Malformed,
}

/// Reads lines from `cursor` until [`BATCH_ROWS`] rows or the end: each line with the offset it
/// starts from, the number of rows (their records are the first of `records`), and how it ended.
fn read_batch(
    sheet: &Sheet<'_>,
    reader: &mut csv::Reader<&[u8]>,
    cursor: &mut usize,
    records: &mut Vec<(csv::StringRecord, Vec<usize>)>,
) -> (Vec<(usize, Line)>, usize, Batch) {
    let (mut lines, mut rows) = (Vec::with_capacity(BATCH_ROWS), 0);
    while rows < BATCH_ROWS {
        let at = *cursor;
        if rows == records.len() {
            records.push(Default::default());
        }
        let (record, starts) = &mut records[rows];
        match reader.read_record(record) {
            Ok(false) => return (lines, rows, Batch::EndOfFile),
            Ok(true) => {}
            Err(e) => {
                let offset = next_record(sheet.body, *cursor, sheet.delimiter).0[0];
                lines.push((at, Line::Problem(Problem::error(sheet.at(offset), format!("malformed CSV: {e}")).help("check the quotes on this line: a field with a comma or quote must be in double quotes, with inner quotes doubled"))));
                return (lines, rows, Batch::Malformed);
            }
        }
        *cursor = next_record_into(sheet.body, *cursor, sheet.delimiter, starts);
        let line = read_line(sheet, record, starts);
        rows += usize::from(matches!(line, Line::Row));
        lines.push((at, line));
    }
    (lines, rows, Batch::Full)
}

/// What the record just read is: a row to check, a row of the wrong length, or not a row.
fn read_line(sheet: &Sheet<'_>, record: &csv::StringRecord, starts: &[usize]) -> Line {
    if record.iter().all(|f| f.trim().is_empty()) {
        return Line::NotARow; // blank lines (and rows of empty cells from spreadsheets) are not awards
    }
    if record.len() != sheet.headers.len() {
        let row = Row { sheet, record, start: starts[0], starts };
        return Line::Problem(
            Problem::error(
                row.field_at(record.len().min(sheet.headers.len())),
                format!("the row has {} fields, the header has {}", record.len(), sheet.headers.len()),
            )
            .help("add or remove fields so every row matches the header; quote fields that contain the delimiter"),
        );
    }
    let cell = |col: usize| record.get(col).unwrap_or_default();
    if sheet.only_when.is_some_and(|(col, rule)| !rule.matches(cell(col)))
        || sheet.skip_when.is_some_and(|(col, rule)| rule.matches(cell(col)))
    {
        return Line::NotARow; // a gradebook's rows of those who have not completed, or not a student
    }
    Line::Row
}

/// The problem that ends the reading of a file with too many, where it stopped.
fn stopped_at(sheet: &Sheet<'_>, at: usize) -> Problem {
    Problem::error(sheet.at(at), format!("stopped reading after {MAX_PROBLEMS_PER_FILE} problems in this file"))
        .help("fix these first (a whole column may be shifted, or the file may not be a roster), then check again")
}
