//! Excel workbooks (`.xlsx`) as rosters, read with calamine: one sheet (the first, or
//! `[rosters."x.xlsx"] sheet`), its first non-empty row the header. Each cell becomes text as the
//! sheet shows it (a date cell in the roster's date format, a whole number without `.0`), and every
//! problem names the sheet and cell (`recipients/grades.xlsx:Grades!C7`).

use std::path::Path;

use calamine::{Data, Reader as _, Xlsx};

use super::table::Table;
use super::{Award, Context};
use crate::ground::date::Date;
use crate::ground::date_format::DateFormat;
use crate::ground::error::{Location, Problem, Problems};
use crate::model::config::RosterConfig;

/// The largest workbook read: a roster of 100,000 rows is a few megabytes, and a workbook is a zip
/// archive, which could otherwise unpack to far more than it weighs.
const MAX_BYTES: u64 = 64 << 20;
/// The most cells read from a sheet.
const MAX_CELLS: usize = 20_000_000;

/// The awards in the workbook at `path`.
pub(crate) fn parse(path: &Path, cfg: &RosterConfig, context: &Context<'_>, problems: &mut Problems) -> Vec<Award> {
    match read(path, cfg, problems) {
        Some(table) => super::parse_table(path, &table, cfg, context, problems),
        None => Vec::new(),
    }
}

/// The sheet as a table, or `None` with the problem recorded.
fn read(path: &Path, cfg: &RosterConfig, problems: &mut Problems) -> Option<Table> {
    let whole = Location::new(path, 1, 1);
    let fail = |problems: &mut Problems, what: String, help: &str| {
        problems.push(Problem::error(whole.clone(), what).help(help.to_string()));
        None
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_BYTES => {
            return fail(
                problems,
                format!("the workbook is {} MB, more than {} MB", m.len() >> 20, MAX_BYTES >> 20),
                "split the roster, or save it as CSV",
            );
        }
        Ok(_) => {}
        Err(e) => return fail(problems, format!("cannot read the workbook: {e}"), "check the file's permissions"),
    }
    let mut workbook: Xlsx<_> = match calamine::open_workbook(path) {
        Ok(w) => w,
        Err(e) => {
            return fail(
                problems,
                format!("cannot read the workbook: {e}"),
                "save it from your spreadsheet as an Excel Workbook (.xlsx), or as CSV UTF-8",
            );
        }
    };
    let sheet = match choose_sheet(&workbook.sheet_names(), cfg.sheet.as_deref()) {
        Ok(sheet) => sheet,
        Err((what, help)) => return fail(problems, what, &help),
    };
    let range = match workbook.worksheet_range(&sheet) {
        Ok(r) => r,
        Err(e) => {
            return fail(
                problems,
                format!("cannot read sheet \"{sheet}\": {e}"),
                "save the workbook again from your spreadsheet",
            )
        }
    };
    let (height, width) = range.get_size();
    if height.saturating_mul(width) > MAX_CELLS {
        return fail(
            problems,
            format!("sheet \"{sheet}\" has {height} rows of {width} columns"),
            "delete the empty rows and columns at its end, or split the roster",
        );
    }
    let (row0, col0) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let dates = DateFormat::of(cfg.date_format.as_deref());
    let at = |r: usize, c: usize| Location::cell(path, &sheet, row0 + r + 1, col0 + c + 1);
    let mut rows = range.rows().enumerate().filter(|(_, cells)| cells.iter().any(|c| !matches!(c, Data::Empty)));
    let mut table = Table::default();
    let Some((h, header)) = rows.next() else {
        return fail(
            problems,
            format!("sheet \"{sheet}\" is empty"),
            "add a header row: badge, name, email, issued, expires",
        );
    };
    table.headers =
        header.iter().enumerate().map(|(c, cell)| (text(cell, dates, &at(h, c), problems), at(h, c))).collect();
    for (r, cells) in rows {
        table.rows.push(
            cells.iter().enumerate().map(|(c, cell)| (text(cell, dates, &at(r, c), problems), at(r, c))).collect(),
        );
    }
    Some(table)
}

/// The sheet to read: the one named, or the first; why not, and the fix.
fn choose_sheet(names: &[String], wanted: Option<&str>) -> Result<String, (String, String)> {
    match wanted {
        Some(wanted) if names.iter().any(|n| n == wanted) => Ok(wanted.to_string()),
        Some(wanted) => Err((
            format!("the workbook has no sheet \"{wanted}\""),
            format!("its sheets are: {}; fix `sheet` under [rosters] in hallmark.toml", names.join(", ")),
        )),
        None => names
            .first()
            .cloned()
            .ok_or(("the workbook has no sheet".into(), "add the roster as its first sheet".into())),
    }
}

/// A cell as text: a date in the roster's date format, a whole number without a fraction.
fn text(cell: &Data, dates: DateFormat<'_>, at: &Location, problems: &mut Problems) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            match Date::new(i32::from(y), m, day) {
                Some(date) => dates.write(date),
                None => d.as_f64().to_string(),
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => {
            problems.push(
                Problem::error(at.clone(), format!("the cell holds the spreadsheet error {e}"))
                    .help("fix the formula, or paste the values in place of the formulas"),
            );
            String::new()
        }
    }
}
