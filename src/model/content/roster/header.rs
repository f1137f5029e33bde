//! A roster's header: its delimiter, which field holds each of hallmark's columns, and headers
//! that appear twice.

use std::collections::BTreeMap;
use std::path::Path;

use crate::ground::error::{Location, Problem, Problems};
use crate::ground::problem::column_letters as letters;
use crate::model::config::RosterConfig;

/// hallmark's own columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Badge,
    Name,
    GivenName,
    FamilyName,
    Email,
    Issued,
    Expires,
    Evidence,
}

impl Column {
    const ALL: [Column; 8] = [
        Column::Badge,
        Column::Name,
        Column::GivenName,
        Column::FamilyName,
        Column::Email,
        Column::Issued,
        Column::Expires,
        Column::Evidence,
    ];

    fn key(self) -> &'static str {
        match self {
            Column::Badge => "badge",
            Column::Name => "name",
            Column::GivenName => "given_name",
            Column::FamilyName => "family_name",
            Column::Email => "email",
            Column::Issued => "issued",
            Column::Expires => "expires",
            Column::Evidence => "evidence",
        }
    }

    fn mapped(self, cfg: &RosterConfig) -> Option<&str> {
        let c = &cfg.columns;
        match self {
            Column::Badge => c.badge.as_deref(),
            Column::Name => c.name.as_deref(),
            Column::GivenName => c.given_name.as_deref(),
            Column::FamilyName => c.family_name.as_deref(),
            Column::Email => c.email.as_deref(),
            Column::Issued => c.issued.as_deref(),
            Column::Expires => c.expires.as_deref(),
            Column::Evidence => c.evidence.as_deref(),
        }
    }
}

/// Which field holds each of hallmark's columns, by the column's key; `None` (with the problems
/// recorded at `at`, the header) when a required or mapped column is missing.
pub(super) fn columns(
    headers: &[String],
    cfg: &RosterConfig,
    display_path: &Path,
    at: &Location,
    problems: &mut Problems,
) -> Option<BTreeMap<&'static str, usize>> {
    let mut index: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut missing = false;
    let find = |col: Column| match col.mapped(cfg) {
        Some(name) => headers.iter().position(|h| h == name),
        None => headers.iter().position(|h| h.eq_ignore_ascii_case(col.key())),
    };
    // A name split in two columns stands for `name`.
    let split_name = find(Column::GivenName).is_some() && find(Column::FamilyName).is_some();
    for col in Column::ALL {
        let wanted = col.mapped(cfg);
        let found = find(col);
        match (found, wanted) {
            (Some(i), _) => {
                index.insert(col.key(), i);
            }
            (None, Some(name)) => {
                problems.push(
                    Problem::error(
                        at.clone(),
                        format!(
                            "the column \"{name}\" mapped to `{}` in hallmark.toml is not in the header",
                            col.key()
                        ),
                    )
                    .help(format!("the header has: {}; fix the mapping in hallmark.toml", headers.join(", "))),
                );
                missing = true;
            }
            (None, None) => {
                let required = match col {
                    Column::Badge => cfg.badge.is_none(),
                    Column::Name => !split_name,
                    Column::Email => true,
                    _ => false,
                };
                if required {
                    let also = if col == Column::Name { " (or `given_name` and `family_name`)" } else { "" };
                    problems.push(
                    Problem::error(at.clone(), format!("the header has no `{}` column{also}", col.key())).help(format!(
                            "add a `{k}` column, or map one of the existing columns ({}) in hallmark.toml:\n          [rosters.\"{}\".columns]\n          {k} = \"Your Header\"",
                            headers.join(", "),
                            display_rel(display_path),
                            k = col.key()
                        )),
                    );
                    missing = true;
                }
            }
        }
    }
    (!missing).then_some(index)
}

/// The header `[rosters]` maps hallmark's column `key` to, if it maps one.
pub(crate) fn mapped_header<'c>(cfg: &'c RosterConfig, key: &str) -> Option<&'c str> {
    Column::ALL.into_iter().find(|c| c.key() == key)?.mapped(cfg)
}

/// The field of hallmark's column `key` in `headers`, by the rule a build reads it with (the mapped
/// header, or `key` itself ignoring case).
pub(crate) fn column_of(headers: &[String], cfg: &RosterConfig, key: &str) -> Option<usize> {
    let col = Column::ALL.into_iter().find(|c| c.key() == key)?;
    match col.mapped(cfg) {
        Some(name) => headers.iter().position(|h| h == name),
        None => headers.iter().position(|h| h.eq_ignore_ascii_case(col.key())),
    }
}

/// The delimiter of a roster, from its header: `;` (European Excel) or a tab (a "Text (Tab delimited)"
/// export) when the header has it and no comma; otherwise `,`.
pub(crate) fn detect_delimiter(header_line: &str) -> u8 {
    if header_line.contains(';') && !header_line.contains(',') {
        b';'
    } else if header_line.contains('\t') && !header_line.contains([',', ';']) {
        b'\t'
    } else {
        b','
    }
}

/// A header twice is an error: hallmark would not know which column to read, and extra columns reach
/// templates by header, so one of the two would be lost without a word.
pub(super) fn check_duplicates(
    headers: &[String],
    starts: &[usize],
    cfg: &RosterConfig,
    at: &dyn Fn(usize) -> Location,
    problems: &mut Problems,
) {
    let place = |i: usize| at(starts.get(i).copied().unwrap_or(0));
    let columns = |i: usize, j: usize| format!("columns {} and {} ({} and {})", i + 1, j + 1, letters(i), letters(j));
    let mut reported = vec![false; headers.len()];
    // The first column of each header: one pass, however wide the sheet.
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(headers.len());
    for (j, h) in headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        let i = *first.entry(h.as_str()).or_insert(j);
        if i != j {
            reported[j] = true;
            problems.push(
                Problem::error(place(j), format!("the header `{h}` appears twice, in {}", columns(i, j)))
                    .help("rename or delete one of the two columns: hallmark reads one column per header, and templates get extra columns by header"),
            );
        }
    }
    // hallmark finds its own columns ignoring case, so `Name` and `name` are the same column.
    for col in Column::ALL.into_iter().filter(|c| c.mapped(cfg).is_none()) {
        let found: Vec<usize> = (0..headers.len()).filter(|&i| headers[i].eq_ignore_ascii_case(col.key())).collect();
        if let [i, j, ..] = found[..] {
            if !reported[j] {
                problems.push(
                    Problem::error(
                        place(j),
                        format!(
                            "the header has two `{}` columns, `{}` and `{}`, in {}",
                            col.key(),
                            headers[i],
                            headers[j],
                            columns(i, j)
                        ),
                    )
                    .help("rename or delete one of the two columns, or map the one to read in hallmark.toml"),
                );
            }
        }
    }
}

pub(super) fn display_rel(path: &Path) -> String {
    // The key in [rosters] is relative to the content directory: drop anything before "recipients/".
    let s = path.to_string_lossy().replace('\\', "/");
    match s.find("recipients/") {
        Some(i) => s[i..].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_comma_semicolon_and_tab_delimiters() {
        assert_eq!(detect_delimiter("badge;name;email"), b';');
        assert_eq!(detect_delimiter("badge\tname\temail"), b'\t');
        assert_eq!(detect_delimiter("badge,name,email"), b',');
        assert_eq!(detect_delimiter("badge,\"Name\tx\",email"), b',');
    }

    #[test]
    fn names_columns_as_a_spreadsheet_does() {
        assert_eq!([letters(0), letters(25), letters(26), letters(701), letters(702)], ["A", "Z", "AA", "ZZ", "AAA"]);
    }
}
