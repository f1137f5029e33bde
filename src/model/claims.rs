//! What a credential says about its recipient beyond the badge: results, evidence, and the Open
//! Badges 3.0 subject fields (credits, term, activity dates, licence number, role), and for a stacked
//! badge the credentials it was earned with. Read from roster rows, recorded in the ledger (so a
//! credential published from the ledger alone says the same), and signed.

use serde::{Deserialize, Serialize};

/// A credential's claims; empty for a plain award.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Claims {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<ResultClaim>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceItem>,
    /// A decimal number, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits_earned: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// For a stacked badge: the ids of the credentials that met its requirements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
}

impl Claims {
    /// Whether there is nothing to say.
    pub(crate) fn is_empty(&self) -> bool {
        self == &Claims::default()
    }

    /// The claims as the ledger records them: one line of JSON (no tab, no line break).
    pub(crate) fn to_ledger(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The claims the ledger records.
    pub(crate) fn from_ledger(text: &str) -> Result<Claims, String> {
        serde_json::from_str(text)
            .map(Claims::compact)
            .map_err(|e| format!("the claims \"{text}\" cannot be read: {e}"))
    }

    /// The claims with no spare capacity: a build holds one set per credential (a `Vec` grown by
    /// one push keeps room for four, 860 bytes a row with one result and one evidence item).
    pub(crate) fn compact(mut self) -> Claims {
        self.results.shrink_to_fit();
        self.evidence.shrink_to_fit();
        self.components.shrink_to_fit();
        self
    }
}

/// One result: of which of the badge's result descriptions, and what it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResultClaim {
    /// The result description's id in the badge (`final-score`).
    pub result: String,
    /// The value (a score, a grade), for every result type but a rubric level or a status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For a `Status` result: Completed, Enrolled, Failed, InProgress, OnHold, Provisional, Withdrew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// For a rubric: the id of the level achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
}

/// One piece of evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EvidenceItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
}

/// The statuses Open Badges 3.0 defines for a `Status` result.
pub(crate) const RESULT_STATUSES: &[&str] =
    &["Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew"];

/// The result types Open Badges 3.0 defines (others are written `ext:Name`).
pub(crate) const RESULT_TYPES: &[&str] = &[
    "GradePointAverage",
    "LetterGrade",
    "Percent",
    "PerformanceLevel",
    "PredictedScore",
    "RawScore",
    "Result",
    "RubricCriterion",
    "RubricCriterionLevel",
    "RubricScore",
    "ScaledScore",
    "Status",
];

/// The result types whose values are numbers.
pub(crate) const NUMERIC_RESULT_TYPES: &[&str] =
    &["GradePointAverage", "Percent", "PredictedScore", "RawScore", "RubricScore", "ScaledScore"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_round_trip_through_one_ledger_field() {
        let claims = Claims {
            results: vec![ResultClaim { result: "score".into(), value: Some("88".into()), status: None, level: None }],
            evidence: vec![EvidenceItem {
                name: Some("Tab\there".into()),
                narrative: Some("a\nb".into()),
                ..Default::default()
            }],
            term: Some("Spring 2026".into()),
            ..Default::default()
        };
        let text = claims.to_ledger();
        assert!(!text.contains('\t') && !text.contains('\n'), "{text}");
        assert_eq!(Claims::from_ledger(&text).unwrap(), claims);
        assert!(Claims::default().is_empty() && Claims::default().to_ledger() == "{}");
        assert!(Claims::from_ledger("{\"unknown\":1}").is_err());
    }
}
