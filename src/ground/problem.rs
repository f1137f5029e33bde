//! Content problems: what is wrong, at which file:line:column, and how to fix it; collected so
//! editors fix a roster in one pass.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{described, word, Input};

/// A place in a source file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// Shared: every row of a roster names the same file (a path of its own per row was 44 MB at a
    /// million rows).
    pub path: Arc<Path>,
    pub line: usize,
    pub column: usize,
    /// In a spreadsheet, the sheet and cell as spreadsheets write them (`Grades!C7`), shown in
    /// place of the line and column (which then count rows and columns).
    pub cell: Option<Box<str>>,
}

impl Location {
    /// A location at `line`:`column` of `path`.
    pub fn new(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location::shared(Arc::from(path.into()), line, column)
    }

    /// A location at `line`:`column` of the file `path` other locations name too.
    pub fn shared(path: Arc<Path>, line: usize, column: usize) -> Self {
        Location { path, line, column, cell: None }
    }

    /// The cell in `row` and `column` (1-based) of sheet `sheet` in the workbook at `path`.
    pub fn cell(path: impl Into<PathBuf>, sheet: &str, row: usize, column: usize) -> Self {
        let sheet = if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
            sheet.to_string()
        } else {
            format!("'{}'", sheet.replace('\'', "''"))
        };
        let cell = format!("{sheet}!{}{row}", column_letters(column.saturating_sub(1)));
        Location { cell: Some(cell.into()), ..Location::new(path, row, column) }
    }

    /// The location of byte `offset` in `text`, counting columns in characters.
    pub fn at_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        Location::new(path, line, column)
    }
}

/// Line starts of a text, for turning many byte offsets into locations without rescanning the text
/// each time (a roster of 100,000 rows has a location per row).
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// The same as [`Location::at_offset`], in logarithmic time.
    pub fn location(&self, path: impl Into<PathBuf>, offset: usize) -> Location {
        self.location_in(Arc::from(path.into()), offset)
    }

    /// The same, in the file `path` that other locations name too (the rows of one roster).
    pub fn location_in(&self, path: Arc<Path>, offset: usize) -> Location {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        Location::shared(path, line, column)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cell {
            Some(cell) => write!(f, "{}:{cell}", self.path.display()),
            None => write!(f, "{}:{}:{}", self.path.display(), self.line, self.column),
        }
    }
}

/// The spreadsheet name of the column at `index` (0-based): A, B, …, Z, AA, …
pub(crate) fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// How bad a problem is: errors stop the build, warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the content: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub severity: Severity,
    pub location: Option<Location>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Problem { severity: Severity::Error, location: Some(location), message: message.into(), help: None }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Problem { severity: Severity::Warning, ..Problem::error(location, message) }
    }

    /// An error that belongs to no single place in a file.
    pub fn general(message: impl Into<String>) -> Self {
        Problem { severity: Severity::Error, location: None, message: message.into(), help: None }
    }

    /// A warning that belongs to no file position.
    pub fn general_warning(message: impl Into<String>) -> Self {
        Problem { severity: Severity::Warning, location: None, message: message.into(), help: None }
    }

    /// The same problem with advice on how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Problem {
    /// The problem as one line (and a help line), with the caller's names for the inputs the text
    /// refers to (see [`crate::ground::error::word`]).
    pub fn worded(&self, name: &dyn Fn(Input) -> String) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let message = word(&self.message, name);
        let mut text = match &self.location {
            Some(loc) => format!("{loc}: {kind}: {message}"),
            None => format!("{kind}: {message}"),
        };
        if let Some(help) = &self.help {
            text.push_str("\n    help: ");
            text.push_str(&word(help, name));
        }
        text
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.worded(&described))
    }
}

/// Every problem found in one pass over the content, sorted by place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// No problems yet.
    pub fn new() -> Self {
        Problems(Vec::new())
    }

    /// Record a problem.
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Record all of `other`.
    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    /// Whether any recorded problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Problem::is_error)
    }

    /// How many errors were recorded.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|p| p.is_error()).count()
    }

    /// The problems, in file order.
    pub fn sorted(mut self) -> Vec<Problem> {
        self.0.sort_by(|a, b| {
            (a.location.is_none(), &a.location, a.severity).cmp(&(b.location.is_none(), &b.location, b.severity))
        });
        self.0
    }

    /// The problems as recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The warnings only (used when the build goes on).
    pub fn warnings(&self) -> Vec<Problem> {
        self.0.iter().filter(|p| !p.is_error()).cloned().collect()
    }
}

impl Problems {
    /// The problems as a numbered list in file order, with the caller's names for inputs.
    pub fn worded(&self, name: &dyn Fn(Input) -> String) -> String {
        let sorted = self.clone().sorted();
        let mut text = String::new();
        for (i, p) in sorted.iter().enumerate() {
            text.push_str(&format!("{:>3}. {}\n", i + 1, p.worded(name)));
        }
        text
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.worded(&described))
    }
}

/// "3 problems", or "1 problem and 2 warnings" when warnings are listed with them.
pub fn headline(problems: &Problems) -> String {
    let errors = problems.error_count();
    match problems.iter().count() - errors {
        0 => plural(errors, "problem"),
        w => format!("{} and {}", plural(errors, "problem"), plural(w, "warning")),
    }
}

/// `n thing` or `n things`.
pub fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_maps_to_line_and_character_column() {
        let text = "a,b\nnaïve,x@y\n";
        let at = text.find("x@y").unwrap();
        let loc = Location::at_offset("r.csv", text, at);
        assert_eq!((loc.line, loc.column), (2, 7));
    }

    #[test]
    fn the_line_index_agrees_with_scanning() {
        let text = "badge,name\nsql,Zoë\r\n\nsql,李雷\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.location("r.csv", offset), Location::at_offset("r.csv", text, offset), "offset {offset}");
        }
    }

    #[test]
    fn problems_are_listed_in_file_order_and_counted() {
        let mut p = Problems::new();
        p.push(Problem::error(Location::new("b.csv", 3, 1), "late"));
        p.push(Problem::error(Location::new("a.csv", 9, 2), "early").help("fix it"));
        p.push(Problem::warning(Location::new("a.csv", 1, 1), "hmm"));
        assert_eq!(p.error_count(), 2);
        let text = p.to_string();
        let first = text.find("a.csv:1:1").unwrap();
        let second = text.find("a.csv:9:2").unwrap();
        let third = text.find("b.csv:3:1").unwrap();
        assert!(first < second && second < third, "{text}");
        assert!(text.contains("help: fix it"));
    }
}
