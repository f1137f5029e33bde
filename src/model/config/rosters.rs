//! `[rosters."recipients/file.csv"]`: how a roster's columns map to hallmark's, its results, its
//! evidence and its date format, and the checks of those values (a `date_format` must be a strftime
//! pattern that writes a whole date).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::ground::date_format::DateFormat;
use crate::ground::error::{Location, Problem, Problems};
use crate::model::schema::Walk;

/// `[rosters."recipients/file.csv"]`: how one roster's columns map to hallmark's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RosterConfig {
    /// Every row of this file awards this badge (for exports without a badge column).
    pub badge: Option<String>,
    #[serde(default)]
    pub columns: ColumnMap,
    /// The column of each result, by the result's id in the badge (`final-score = "Score"`).
    #[serde(default)]
    pub results: BTreeMap<String, String>,
    /// The columns of one piece of evidence per row.
    #[serde(default)]
    pub evidence: EvidenceColumns,
    /// How the file writes `issued` and `expires`: a strftime pattern (default: YYYY-MM-DD).
    pub date_format: Option<String>,
    /// The export this file is (`canvas`, `moodle`, ...): its columns, date format and completion
    /// filter, for whatever the table does not set itself (see [`super::presets`]).
    pub preset: Option<String>,
    /// In a workbook, the sheet to read (default: the first).
    pub sheet: Option<String>,
    /// Only the rows whose cell in `column` holds one of these values are awards (a full gradebook
    /// dropped in as is: `only_when = { column = "Status", equals = "Completed" }`).
    pub only_when: Option<OnlyWhen>,
    /// Rows that are not recipients (a gradebook's "Points Possible" row): left out.
    pub skip_when: Option<OnlyWhen>,
    /// How the name column writes a name: "given family" (the default) or "family, given".
    pub name_order: Option<NameOrder>,
}

/// How a roster's name column writes names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) enum NameOrder {
    /// "Ada Lovelace".
    #[serde(rename = "given family")]
    GivenFirst,
    /// "Lovelace, Ada": written on the credential as "Ada Lovelace".
    #[serde(rename = "family, given")]
    FamilyFirst,
}

/// `only_when`: the column and the values (compared trimmed, ignoring case) of the rows to read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "OnlyWhenToml")]
pub(crate) struct OnlyWhen {
    pub column: String,
    pub equals: Vec<String>,
    /// Any value but an empty cell (Moodle's completion date).
    pub not_empty: bool,
}

impl OnlyWhen {
    /// Whether the (trimmed) cell is one of the rule's values.
    pub(crate) fn matches(&self, cell: &str) -> bool {
        let cell = cell.trim();
        if self.not_empty {
            !cell.is_empty()
        } else {
            self.equals.iter().any(|v| v.trim().eq_ignore_ascii_case(cell))
        }
    }
}

/// `only_when` as written: one value (`equals`) or several (`one_of`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OnlyWhenToml {
    column: String,
    equals: Option<String>,
    #[serde(default)]
    one_of: Vec<String>,
    #[serde(default)]
    not_empty: bool,
}

impl From<OnlyWhenToml> for OnlyWhen {
    fn from(t: OnlyWhenToml) -> OnlyWhen {
        OnlyWhen { column: t.column, equals: t.equals.into_iter().chain(t.one_of).collect(), not_empty: t.not_empty }
    }
}

/// `[rosters."x.csv".evidence]`: the columns of one piece of evidence per row; `file` names a
/// column holding the path of a Markdown file (its narrative, with optional front matter).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EvidenceColumns {
    pub url: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub narrative: Option<String>,
    pub genre: Option<String>,
    pub file: Option<String>,
}

/// Header names in the file for each of hallmark's columns.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnMap {
    pub badge: Option<String>,
    pub name: Option<String>,
    /// With `family_name`, in place of `name`: exports that split it (the name is "given family").
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub email: Option<String>,
    pub issued: Option<String>,
    pub expires: Option<String>,
    pub evidence: Option<String>,
    pub credits_earned: Option<String>,
    pub term: Option<String>,
    pub activity_start_date: Option<String>,
    pub activity_end_date: Option<String>,
    pub license_number: Option<String>,
    pub role: Option<String>,
    /// The recipient's language (a BCP 47 tag such as `fr`): their e-mails are written in it.
    pub language: Option<String>,
}

/// Records a problem for every roster's `date_format` that cannot read a date.
pub(super) fn check(
    rosters: &BTreeMap<String, RosterConfig>,
    walk: &Walk,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) {
    for (file, roster) in rosters {
        for (what, rule) in [("only_when", &roster.only_when), ("skip_when", &roster.skip_when)] {
            let Some(rule) = rule.as_ref().filter(|r| r.equals.is_empty() != r.not_empty) else { continue };
            let why = if rule.not_empty { "says both not_empty and values to equal" } else { "has no value to equal" };
            problems.push(
                Problem::error(
                    locate(&format!("rosters.{file}.{what}")),
                    format!("rosters.\"{file}\".{what} (column \"{}\") {why}", rule.column),
                )
                .help("write equals = \"Completed\", one_of = [\"Completed\", \"Passed\"], or not_empty = true"),
            );
        }
        let key = format!("rosters.{file}.date_format");
        let Some(pattern) = roster.date_format.as_deref().filter(|_| walk.usable(&key)) else { continue };
        if let Err(why) = DateFormat::pattern(pattern) {
            problems.push(
                Problem::error(locate(&key), format!("rosters.\"{file}\".date_format: {why}"))
                    .help("write the pattern of the roster's dates, e.g. \"%d/%m/%Y\" for 09/03/2026, \"%m/%d/%Y\" for 03/09/2026 or \"%d %B %Y\" for 9 March 2026"),
            );
        }
    }
}
