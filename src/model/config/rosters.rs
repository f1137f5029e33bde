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
}

/// Records a problem for every roster's `date_format` that cannot read a date.
pub(super) fn check(
    rosters: &BTreeMap<String, RosterConfig>,
    walk: &Walk,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) {
    for (file, roster) in rosters {
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
