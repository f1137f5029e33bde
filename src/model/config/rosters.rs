//! `[rosters."recipients/file.csv"]`: how a roster's columns map to hallmark's, its results and
//! its evidence.

use std::collections::BTreeMap;

use serde::Deserialize;

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
