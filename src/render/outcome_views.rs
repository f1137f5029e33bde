//! Template views of what a credential says was achieved: results (with the pass mark), evidence,
//! the subject fields, and a stacked credential's components; and of a badge's result descriptions
//! and achievement fields. Made from the same ledger record and badge as the signed credential, so a
//! page shows nothing the signature does not cover.

use serde::Serialize;

use crate::model::claims::Claims;
use crate::model::content::badge::ResultDescription;
use crate::model::content::Badge;

/// `credential.outcomes`.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct OutcomesView {
    pub results: Vec<ResultView>,
    pub evidence: Vec<EvidenceView>,
    /// Credits, term, activity dates, licence number, role.
    pub fields: Vec<FieldView>,
    /// For a stacked credential: the credentials it was earned with.
    pub components: Vec<ComponentView>,
}

/// A labelled value: `key` names the label's message in the locales.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FieldView {
    pub key: &'static str,
    pub value: String,
}

/// A phrase with one value, worded by the page's language: `key` names the message, which takes
/// `value` (and `max`, for a range between two bounds).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Phrase {
    pub key: &'static str,
    pub value: String,
    pub max: Option<String>,
}

impl Phrase {
    fn new(key: &'static str, value: &str) -> Phrase {
        Phrase { key, value: value.to_string(), max: None }
    }
}

/// A rubric level.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LevelView {
    pub name: String,
    pub description: Option<String>,
    pub points: Option<String>,
}

/// One result as a person reads it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ResultView {
    pub name: String,
    /// The score, grade, status, or the rubric level's name.
    pub value: String,
    /// The rubric level's description, when the result is one.
    pub level_description: Option<String>,
    /// What passing takes (`pass mark 50`, `at least Proficient`).
    pub required: Option<Phrase>,
    /// The top of a bounded score (`of 100`).
    pub out_of: Option<String>,
}

/// One piece of evidence.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EvidenceView {
    pub url: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub narrative: Option<String>,
    pub genre: Option<String>,
}

/// A component of a stacked credential.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ComponentView {
    pub name: String,
    /// Root-relative landing page.
    pub page_url: String,
}

/// What passing a result takes.
fn required(r: &ResultDescription) -> Option<Phrase> {
    if let Some(level) = &r.required_level {
        let name = r.levels.iter().find(|l| &l.id == level).map_or(level.as_str(), |l| l.name.as_str());
        return Some(Phrase::new("result-at-least", name));
    }
    r.required_value.as_ref().map(|v| Phrase::new(if r.numeric() { "result-pass-mark" } else { "result-at-least" }, v))
}

/// The message naming an Open Badges 3.0 result type, when it is one of the standard's (an
/// `ext:` type is shown as written).
fn result_type_key(result_type: &str) -> Option<&'static str> {
    Some(match result_type {
        "GradePointAverage" => "result-type-gpa",
        "LetterGrade" => "result-type-letter-grade",
        "Percent" => "result-type-percent",
        "PerformanceLevel" => "result-type-performance-level",
        "PredictedScore" => "result-type-predicted-score",
        "RawScore" => "result-type-raw-score",
        "Result" => "result-type-result",
        "RubricCriterion" => "result-type-rubric-criterion",
        "RubricCriterionLevel" => "result-type-rubric-level",
        "RubricScore" => "result-type-rubric-score",
        "ScaledScore" => "result-type-scaled-score",
        "Status" => "result-type-status",
        _ => return None,
    })
}

/// The outcomes view of a credential of `badge` with `claims`; `components` are (name, page URL).
pub(crate) fn outcomes(badge: &Badge, claims: Option<&Claims>, components: Vec<(String, String)>) -> OutcomesView {
    let Some(c) = claims else { return OutcomesView::default() };
    let results = c
        .results
        .iter()
        .filter_map(|r| {
            let d = badge.results.iter().find(|d| d.id == r.result)?;
            let level = r.level.as_ref().and_then(|l| d.levels.iter().find(|x| &x.id == l));
            let value = level.map(|l| l.name.clone()).or_else(|| r.status.clone()).or_else(|| r.value.clone())?;
            let out_of = (d.numeric() && level.is_none()).then(|| d.max.clone()).flatten();
            Some(ResultView {
                name: d.name.clone(),
                value,
                level_description: level.and_then(|l| l.description.clone()),
                required: required(d),
                out_of,
            })
        })
        .collect();
    let evidence = c
        .evidence
        .iter()
        .map(|e| EvidenceView {
            url: e.url.clone(),
            name: e.name.clone(),
            description: e.description.clone(),
            narrative: e.narrative.clone(),
            genre: e.genre.clone(),
        })
        .collect();
    let mut fields = Vec::new();
    for (key, value) in [
        ("field-credits-earned", &c.credits_earned),
        ("field-term", &c.term),
        ("field-started", &c.activity_start),
        ("field-completed", &c.activity_end),
        ("field-licence-number", &c.license_number),
        ("field-role", &c.role),
    ] {
        if let Some(v) = value {
            fields.push(FieldView { key, value: v.clone() });
        }
    }
    let components = components.into_iter().map(|(name, page_url)| ComponentView { name, page_url }).collect();
    OutcomesView { results, evidence, fields, components }
}

/// `badge.outcomes`: the results the badge records, its achievement fields, its requirements.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct BadgeOutcomesView {
    pub results: Vec<ResultDescriptionView>,
    pub fields: Vec<FieldView>,
    /// For a stacked badge: its requirements' names and pages, and how many of them it takes.
    pub requires: Vec<ComponentView>,
    pub n_of: Option<usize>,
}

/// A result description as a person reads it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ResultDescriptionView {
    pub name: String,
    pub result_type: String,
    /// The message naming a standard result type (an `ext:` type has none).
    pub result_type_key: Option<&'static str>,
    pub allowed: Vec<String>,
    pub range: Option<Phrase>,
    pub required: Option<Phrase>,
    pub levels: Vec<LevelView>,
}

/// The badge outcomes view; `requires` are the required badges' (name, page URL).
pub(crate) fn badge_outcomes(badge: &Badge, requires: Vec<(String, String)>) -> BadgeOutcomesView {
    let results = badge
        .results
        .iter()
        .map(|r| ResultDescriptionView {
            name: r.name.clone(),
            result_type: r.result_type.clone(),
            result_type_key: result_type_key(&r.result_type),
            allowed: r.allowed.clone(),
            range: match (&r.min, &r.max) {
                (Some(a), Some(b)) => Some(Phrase { max: Some(b.clone()), ..Phrase::new("result-range-between", a) }),
                (Some(a), None) => Some(Phrase::new("result-range-from", a)),
                (None, Some(b)) => Some(Phrase::new("result-range-up-to", b)),
                (None, None) => None,
            },
            required: required(r),
            levels: r
                .levels
                .iter()
                .map(|l| LevelView {
                    name: l.name.clone(),
                    description: l.description.clone(),
                    points: l.points.clone(),
                })
                .collect(),
        })
        .collect();
    let f = &badge.fields;
    let mut fields = Vec::new();
    if let Some(c) = f.credits_available {
        fields.push(FieldView { key: "field-credits", value: c.to_string() });
    }
    for (key, value) in [
        ("field-field-of-study", &f.field_of_study),
        ("field-code", &f.human_code),
        ("field-specialization", &f.specialization),
        ("field-version", &f.version),
        ("field-language", &f.in_language),
    ] {
        if let Some(v) = value {
            fields.push(FieldView { key, value: v.clone() });
        }
    }
    let n_of = badge.requires.as_ref().filter(|r| r.n_of < r.badges.len()).map(|r| r.n_of);
    let requires = requires.into_iter().map(|(name, page_url)| ComponentView { name, page_url }).collect();
    BadgeOutcomesView { results, fields, requires, n_of }
}
