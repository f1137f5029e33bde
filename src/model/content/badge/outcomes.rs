//! What a badge records beyond its criteria: the results it describes (`[[results]]`: a score with
//! a pass mark, a grade, a rubric with levels, a status), the Open Badges achievement fields
//! (credits, field of study, code, specialization, version, language), and, for a stacked badge, the
//! badges it is earned with (`requires`, `n_of`).

use serde::Deserialize;

use crate::ground::error::Problem;
use crate::model::claims::{NUMERIC_RESULT_TYPES, RESULT_STATUSES, RESULT_TYPES};
use crate::model::schema::{Key, Kind};
use crate::model::validate::is_slug;

use super::Checks;

/// The front-matter keys of this module.
pub(super) const OUTCOME_KEYS: [Key; 9] = [
    Key::optional(
        "results",
        Kind::TableList(&[
            Key::required("id", Kind::Text),
            Key::required("name", Kind::Text),
            Key::required("type", Kind::Text),
            Key::optional("allowed_values", Kind::TextList),
            Key::optional("min", Kind::Scalar),
            Key::optional("max", Kind::Scalar),
            Key::optional("required_value", Kind::Scalar),
            Key::optional("required_level", Kind::Text),
            Key::optional("below_required", Kind::Bool),
            Key::optional(
                "levels",
                Kind::TableList(&[
                    Key::required("id", Kind::Text),
                    Key::required("name", Kind::Text),
                    Key::optional("description", Kind::Text),
                    Key::optional("points", Kind::Scalar),
                ]),
            ),
        ]),
    ),
    Key::optional("credits_available", Kind::Number),
    Key::optional("field_of_study", Kind::Text),
    Key::optional("human_code", Kind::Text),
    Key::optional("specialization", Kind::Text),
    Key::optional("version", Kind::Text),
    Key::optional("in_language", Kind::Text),
    Key::optional("requires", Kind::TextList),
    Key::optional("n_of", Kind::Count),
];

/// A string or a number in the front matter, kept as the string Open Badges writes.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub(super) enum Scalar {
    Text(String),
    Integer(i64),
    Float(f64),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.trim().to_string(),
            Scalar::Integer(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
        }
    }
}

/// `[[results]]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ResultSpec {
    id: String,
    name: String,
    #[serde(rename = "type")]
    result_type: String,
    #[serde(default)]
    allowed_values: Vec<String>,
    min: Option<Scalar>,
    max: Option<Scalar>,
    required_value: Option<Scalar>,
    required_level: Option<String>,
    #[serde(default)]
    below_required: bool,
    #[serde(default)]
    levels: Vec<LevelSpec>,
}

/// `[[results.levels]]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LevelSpec {
    id: String,
    name: String,
    description: Option<String>,
    points: Option<Scalar>,
}

/// A result the badge describes (an Open Badges `ResultDescription`), checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResultDescription {
    /// A slug, unique in the badge: the roster column's default name and the fragment of its id.
    pub id: String,
    pub name: String,
    pub result_type: String,
    /// Allowed values, low to high.
    pub allowed: Vec<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub required_value: Option<String>,
    pub required_level: Option<String>,
    /// Whether a result below the required value or level may be awarded.
    pub below_required: bool,
    /// Rubric levels, low to high.
    pub levels: Vec<RubricLevel>,
}

/// One level of a rubric.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RubricLevel {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub points: Option<String>,
}

impl ResultDescription {
    /// Whether the values of this result are numbers.
    pub(crate) fn numeric(&self) -> bool {
        NUMERIC_RESULT_TYPES.contains(&self.result_type.as_str())
    }

    /// Whether the result is a rubric level (`achievedLevel`).
    pub(crate) fn rubric(&self) -> bool {
        !self.levels.is_empty()
    }

    /// Whether the result is a status (`status`).
    pub(crate) fn status(&self) -> bool {
        self.result_type == "Status"
    }
}

/// The Open Badges achievement fields a badge may give.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct AchievementFields {
    pub credits_available: Option<f64>,
    pub field_of_study: Option<String>,
    pub human_code: Option<String>,
    pub specialization: Option<String>,
    pub version: Option<String>,
    pub in_language: Option<String>,
}

/// A stacked badge's requirements: awarded to whoever holds `n_of` (all, by default) of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Requirements {
    pub badges: Vec<String>,
    pub n_of: usize,
}

impl Checks<'_> {
    /// The result descriptions, each checked: a slug id used once, a known type, values and
    /// bounds that fit the type, a required value or level that exists.
    pub(super) fn results(&mut self) -> Vec<ResultDescription> {
        let specs = self.front.matter.results.clone();
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let key = |k: &str| format!("results.{i}.{k}");
            if !is_slug(spec.id.trim()) {
                self.error(
                    Problem::error(self.key_at(&key("id")), format!("result id \"{}\" is not a slug", spec.id))
                        .help("write lowercase letters, digits and hyphens, e.g. id = \"final-score\""),
                );
                continue;
            }
            if seen.contains(&spec.id) {
                self.error(
                    Problem::error(self.key_at(&key("id")), format!("the result id \"{}\" is used twice", spec.id))
                        .help("give each result of the badge its own id"),
                );
                continue;
            }
            seen.push(spec.id.clone());
            if let Some(result) = self.result(spec, i) {
                out.push(result);
            }
        }
        out
    }

    /// One result description.
    fn result(&mut self, spec: &ResultSpec, i: usize) -> Option<ResultDescription> {
        let key = |k: &str| format!("results.{i}.{k}");
        let t = spec.result_type.trim();
        if !RESULT_TYPES.contains(&t) && t.strip_prefix("ext:").is_none_or(str::is_empty) {
            self.error(
                Problem::error(self.key_at(&key("type")), format!("\"{t}\" is not an Open Badges result type"))
                    .help(format!("use one of {}, or ext:YourType", RESULT_TYPES.join(", "))),
            );
            return None;
        }
        let levels: Vec<RubricLevel> = spec
            .levels
            .iter()
            .map(|l| RubricLevel {
                id: l.id.trim().to_string(),
                name: l.name.trim().to_string(),
                description: l.description.clone(),
                points: l.points.as_ref().map(Scalar::text),
            })
            .collect();
        let result = ResultDescription {
            id: spec.id.trim().to_string(),
            name: spec.name.trim().to_string(),
            result_type: t.to_string(),
            allowed: spec.allowed_values.iter().map(|v| v.trim().to_string()).collect(),
            min: spec.min.as_ref().map(Scalar::text),
            max: spec.max.as_ref().map(Scalar::text),
            required_value: spec.required_value.as_ref().map(Scalar::text),
            required_level: spec.required_level.as_ref().map(|s| s.trim().to_string()),
            below_required: spec.below_required,
            levels,
        };
        let errors = self.problems.error_count();
        self.result_shape(&result, i);
        (self.problems.error_count() == errors).then_some(result)
    }

    /// The checks of a result's values against its type.
    fn result_shape(&mut self, r: &ResultDescription, i: usize) {
        let key = |k: &str| format!("results.{i}.{k}");
        for (name, v) in [("min", &r.min), ("max", &r.max)] {
            if let Some(text) = v.as_deref().filter(|v| v.parse::<f64>().is_err()) {
                self.error(
                    Problem::error(self.key_at(&key(name)), format!("{name} \"{text}\" is not a number"))
                        .help(format!("write {name} as a number, e.g. {name} = 0")),
                );
            }
        }
        if r.rubric() != (r.result_type == "RubricCriterionLevel") {
            let help =
                "a rubric is a result of type RubricCriterionLevel with [[results.levels]]: give both, or neither";
            self.error(
                Problem::error(self.key_at(&key("type")), format!("result \"{}\": levels and type do not agree", r.id))
                    .help(help),
            );
        }
        let mut level_ids: Vec<&str> = Vec::new();
        for (j, l) in r.levels.iter().enumerate() {
            if !is_slug(&l.id) || level_ids.contains(&l.id.as_str()) {
                self.error(
                    Problem::error(
                        self.key_at(&format!("results.{i}.levels.{j}.id")),
                        format!("level id \"{}\" is not a slug used once", l.id),
                    )
                    .help(
                        "give each level its own id of lowercase letters, digits and hyphens, e.g. id = \"proficient\"",
                    ),
                );
            }
            level_ids.push(&l.id);
        }
        if let Some(level) = &r.required_level {
            if !level_ids.contains(&level.as_str()) {
                self.error(
                    Problem::error(self.key_at(&key("required_level")), format!("the rubric has no level \"{level}\""))
                        .help(format!("use one of the levels' ids: {}", level_ids.join(", "))),
                );
            }
        }
        if let Some(required) = &r.required_value {
            let problem = if r.status() {
                (!RESULT_STATUSES.contains(&required.as_str()))
                    .then(|| format!("\"{required}\" is not a result status ({})", RESULT_STATUSES.join(", ")))
            } else if !r.allowed.is_empty() {
                (!r.allowed.contains(required)).then(|| format!("\"{required}\" is not among the allowed values"))
            } else if r.numeric() {
                required.parse::<f64>().is_err().then(|| format!("\"{required}\" is not a number"))
            } else {
                None
            };
            if let Some(problem) = problem {
                self.error(
                    Problem::error(self.key_at(&key("required_value")), format!("required_value {problem}"))
                        .help("write a value the result can take"),
                );
            }
        }
    }

    /// The achievement fields.
    pub(super) fn achievement_fields(&mut self) -> AchievementFields {
        let m = &self.front.matter;
        let text = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let fields = AchievementFields {
            credits_available: m.credits_available,
            field_of_study: text(&m.field_of_study),
            human_code: text(&m.human_code),
            specialization: text(&m.specialization),
            version: text(&m.version),
            in_language: text(&m.in_language),
        };
        if fields.credits_available.is_some_and(|c| !(0.0..=10_000.0).contains(&c)) {
            self.error(
                Problem::error(self.key_at("credits_available"), "credits_available is out of range")
                    .help("write the credit hours the badge is worth, e.g. credits_available = 3"),
            );
        }
        fields
    }

    /// A stacked badge's requirements (which badges exist is checked once every badge is read).
    pub(super) fn requirements(&mut self, slug: &str) -> Option<Requirements> {
        let m = &self.front.matter;
        if m.requires.is_empty() {
            if m.n_of.is_some() {
                self.error(
                    Problem::error(self.key_at("n_of"), "n_of without requires")
                        .help("list the badges in requires = [\"…\"]"),
                );
            }
            return None;
        }
        let badges: Vec<String> = m.requires.iter().map(|b| b.trim().to_string()).collect();
        if badges.iter().any(|b| b == slug) {
            self.error(
                Problem::error(self.key_at("requires"), "a badge cannot require itself").help("list other badges"),
            );
        }
        let n_of = m.n_of.map_or(badges.len(), |n| n as usize);
        if n_of == 0 || n_of > badges.len() {
            self.error(
                Problem::error(
                    self.key_at("n_of"),
                    format!("n_of is {n_of}, and requires lists {} badges", badges.len()),
                )
                .help("write a number from 1 to the number of badges listed"),
            );
        }
        Some(Requirements { badges, n_of })
    }
}
