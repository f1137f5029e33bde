//! Rosters that are not CSV (JSON Lines, workbooks) as a table of cells, each with where it is in
//! its file. The table is read as the CSV it amounts to, so every format gets the same checks and
//! the same errors, and each error names the cell it is about (a JSON line's key, a sheet's cell)
//! rather than a place in that CSV.

use std::path::Path;

use serde_json::Value;

use crate::ground::error::{Location, Problem, Problems};

/// A roster as rows of text cells, each with its place in the file.
#[derive(Debug, Default)]
pub(super) struct Table {
    pub headers: Vec<(String, Location)>,
    pub rows: Vec<Vec<(String, Location)>>,
}

/// Where each field of a table's CSV is in the table's file.
#[derive(Debug)]
pub(crate) struct CellMap {
    /// The byte offset in the CSV where each field begins, in order.
    starts: Vec<usize>,
    /// The place of each of those fields.
    places: Vec<Location>,
    /// The file, for a table with no cells at all.
    path: std::path::PathBuf,
}

impl CellMap {
    /// The place of the field that byte `offset` of the CSV is in.
    pub(super) fn at(&self, offset: usize) -> Location {
        match self.starts.partition_point(|&s| s <= offset) {
            0 => self.places.first().cloned().unwrap_or_else(|| Location::new(&self.path, 1, 1)),
            i => self.places[i - 1].clone(),
        }
    }
}

impl Table {
    /// The table as CSV (comma-separated, quoted where needed) and where each of its fields came from.
    pub(super) fn to_csv(&self, path: &Path) -> (String, CellMap) {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        let width = self.headers.len();
        let mut places = Vec::new();
        // A row shorter than the header is padded (a key missing from a JSON line is an empty cell).
        let _ = writer.write_record(self.headers.iter().map(|(h, _)| h.as_str()));
        places.extend(self.headers.iter().map(|(_, at)| at.clone()));
        for row in &self.rows {
            let first = row.first().map(|(_, at)| at.clone()).unwrap_or_else(|| Location::new(path, 1, 1));
            let cells = (0..width.max(row.len())).map(|i| row.get(i).map_or("", |(v, _)| v.as_str()));
            let _ = writer.write_record(cells);
            places.extend(
                (0..width.max(row.len())).map(|i| row.get(i).map_or_else(|| first.clone(), |(_, at)| at.clone())),
            );
        }
        let csv = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
        let mut starts = Vec::with_capacity(places.len());
        let mut cursor = 0;
        while cursor < csv.len() {
            let (fields, end) = super::next_record(&csv, cursor, b',');
            if end == fields[0] && end >= csv.len() {
                break;
            }
            starts.extend(fields);
            cursor = end;
        }
        starts.truncate(places.len());
        places.truncate(starts.len());
        (csv, CellMap { starts, places, path: path.to_path_buf() })
    }
}

/// The longest JSON line read: a recipient is a few hundred bytes, and a line of megabytes is not one.
const MAX_LINE: usize = 1 << 20;

/// A JSON Lines roster as a table: its columns are the keys, in the order they first appear; each
/// line one row. A line that is not a JSON object of strings, numbers and booleans is an error at
/// its line and column, and is left out.
pub(super) fn from_json_lines(path: &Path, text: &str, problems: &mut Problems) -> Option<Table> {
    let mut table = Table::default();
    let mut objects = Vec::new();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, line) in body.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > MAX_LINE {
            problems.push(
                Problem::error(Location::new(path, line_no, 1), format!("the line is {} bytes long", line.len()))
                    .help("one recipient per line: a JSON object of a few fields"),
            );
            continue;
        }
        let object = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(_) => {
                problems.push(
                    Problem::error(Location::new(path, line_no, 1), "the line is not a JSON object")
                        .help("write one recipient per line: {\"badge\": \"…\", \"name\": \"…\", \"email\": \"…\"}"),
                );
                continue;
            }
            Err(e) => {
                problems.push(
                    Problem::error(Location::new(path, line_no, e.column().max(1)), format!("not JSON: {e}"))
                        .help("write one recipient per line as a JSON object, with strings in double quotes"),
                );
                continue;
            }
        };
        for key in object.keys() {
            if !table.headers.iter().any(|(h, _)| h == key) {
                table.headers.push((key.clone(), key_at(path, line, line_no, key)));
            }
        }
        objects.push((line_no, line, object));
    }
    for (line_no, line, object) in objects {
        let mut row = Vec::with_capacity(table.headers.len());
        for (key, _) in &table.headers {
            let at = key_at(path, line, line_no, key);
            let value = match object.get(key) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Bool(b)) => b.to_string(),
                Some(Value::Number(n)) => n.to_string(),
                Some(_) => {
                    problems.push(
                        Problem::error(at.clone(), format!("\"{key}\" holds a list or an object"))
                            .help("a roster's cell is a string, a number or true/false"),
                    );
                    String::new()
                }
            };
            row.push((value, at));
        }
        table.rows.push(row);
    }
    (!table.headers.is_empty()).then_some(table).or_else(|| {
        if !problems.has_errors() {
            problems.push(
                Problem::error(Location::new(path, 1, 1), "the roster has no recipients")
                    .help("write one recipient per line: {\"badge\": \"…\", \"name\": \"…\", \"email\": \"…\"}"),
            );
        }
        None
    })
}

/// Where `"key"` is written on a JSON line (its first occurrence followed by a colon), or the line's start.
fn key_at(path: &Path, line: &str, line_no: usize, key: &str) -> Location {
    let quoted = serde_json::to_string(key).unwrap_or_default();
    let mut from = 0;
    while let Some(i) = line[from..].find(&quoted).map(|i| i + from) {
        let after = line[i + quoted.len()..].trim_start();
        if after.starts_with(':') {
            return Location::new(path, line_no, line[..i].chars().count() + 1);
        }
        from = i + 1;
    }
    Location::new(path, line_no, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_line_is_a_row_and_each_cell_keeps_its_place() {
        let mut problems = Problems::new();
        let text = "{\"badge\":\"sql\",\"name\":\"Ada, \\\"the\\\" first\",\"email\":\"ada@example.org\"}\n\n{\"email\": \"b@example.org\", \"name\": \"Bo\", \"badge\": \"sql\", \"score\": 93}\n";
        let t = from_json_lines(Path::new("r.jsonl"), text, &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let headers: Vec<&str> = t.headers.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(headers, ["badge", "name", "email", "score"]);
        assert_eq!(t.rows[0][3].0, "");
        assert_eq!((t.rows[1][2].1.line, t.rows[1][2].1.column), (3, 2)); // "email" on line 3
        assert_eq!(t.rows[1][3].0, "93");
        let (csv, cells) = t.to_csv(Path::new("r.jsonl"));
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let first = reader.records().next().unwrap().unwrap();
        assert_eq!(&first[1], "Ada, \"the\" first");
        // The field "Bo" in the CSV maps back to the key "name" on line 3.
        let offset = csv.find("Bo").unwrap();
        let at = cells.at(offset);
        assert_eq!((at.line, at.column), (3, 28));
    }

    #[test]
    fn a_line_that_is_not_an_object_is_an_error_at_its_line_and_column() {
        let mut problems = Problems::new();
        let text = "{\"badge\":\"sql\",\"name\":\"Ada\",\"email\":\"a@example.org\"}\n{\"badge\": \"sql\", name: 1}\n[1]\n{\"badge\":[1]}\n";
        let t = from_json_lines(Path::new("r.jsonl"), text, &mut problems).unwrap();
        let found: Vec<(usize, usize)> =
            problems.iter().map(|p| p.location.as_ref().map(|l| (l.line, l.column)).unwrap_or_default()).collect();
        assert_eq!(found, [(2, 18), (3, 1), (4, 2)], "{problems:?}");
        assert_eq!(t.rows.len(), 2);
    }
}
