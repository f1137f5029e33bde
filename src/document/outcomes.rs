//! The parts of a credential that say what was achieved: the badge's result descriptions and
//! achievement fields, the recipient's results and subject fields, and evidence.

use serde_json::{json, Map, Value};

use crate::model::claims::Claims;
use crate::model::content::Badge;

/// The id of a badge's result description: a fragment of its achievement's id.
pub(crate) fn result_description_id(achievement_id: &str, result: &str) -> String {
    format!("{achievement_id}#result-{result}")
}

/// The id of a rubric level.
pub(crate) fn level_id(achievement_id: &str, result: &str, level: &str) -> String {
    format!("{achievement_id}#result-{result}-{level}")
}

/// Adds the badge's result descriptions and achievement fields to its `Achievement`.
pub(crate) fn add_to_achievement(a: &mut Map<String, Value>, badge: &Badge) {
    let id = a.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    let f = &badge.fields;
    if let Some(c) = f.credits_available {
        a.insert("creditsAvailable".into(), json!(c));
    }
    for (key, value) in [
        ("fieldOfStudy", &f.field_of_study),
        ("humanCode", &f.human_code),
        ("specialization", &f.specialization),
        ("version", &f.version),
        ("inLanguage", &f.in_language),
    ] {
        if let Some(v) = value {
            a.insert(key.into(), v.clone().into());
        }
    }
    if badge.results.is_empty() {
        return;
    }
    let list: Vec<Value> = badge
        .results
        .iter()
        .map(|r| {
            let mut d = Map::new();
            d.insert("id".into(), result_description_id(&id, &r.id).into());
            d.insert("type".into(), json!(["ResultDescription"]));
            d.insert("name".into(), r.name.clone().into());
            d.insert("resultType".into(), r.result_type.clone().into());
            if !r.allowed.is_empty() {
                d.insert("allowedValue".into(), json!(r.allowed));
            }
            for (key, value) in [("valueMin", &r.min), ("valueMax", &r.max), ("requiredValue", &r.required_value)] {
                if let Some(v) = value {
                    d.insert(key.into(), v.clone().into());
                }
            }
            if let Some(level) = &r.required_level {
                d.insert("requiredLevel".into(), level_id(&id, &r.id, level).into());
            }
            if r.rubric() {
                let levels: Vec<Value> = r
                    .levels
                    .iter()
                    .map(|l| {
                        let mut m = Map::new();
                        m.insert("id".into(), level_id(&id, &r.id, &l.id).into());
                        m.insert("type".into(), json!(["RubricCriterionLevel"]));
                        m.insert("name".into(), l.name.clone().into());
                        if let Some(desc) = &l.description {
                            m.insert("description".into(), desc.clone().into());
                        }
                        if let Some(p) = &l.points {
                            m.insert("points".into(), p.clone().into());
                        }
                        Value::Object(m)
                    })
                    .collect();
                d.insert("rubricCriterionLevel".into(), Value::Array(levels));
            }
            Value::Object(d)
        })
        .collect();
    a.insert("resultDescription".into(), Value::Array(list));
}

/// Adds the recipient's results and subject fields to the `credentialSubject`.
pub(crate) fn add_to_subject(subject: &mut Map<String, Value>, claims: &Claims, achievement_id: &str) {
    if !claims.results.is_empty() {
        let results: Vec<Value> = claims
            .results
            .iter()
            .map(|r| {
                let mut m = Map::new();
                m.insert("type".into(), json!(["Result"]));
                m.insert("resultDescription".into(), result_description_id(achievement_id, &r.result).into());
                if let Some(v) = &r.value {
                    m.insert("value".into(), v.clone().into());
                }
                if let Some(s) = &r.status {
                    m.insert("status".into(), s.clone().into());
                }
                if let Some(l) = &r.level {
                    m.insert("achievedLevel".into(), level_id(achievement_id, &r.result, l).into());
                }
                Value::Object(m)
            })
            .collect();
        subject.insert("result".into(), Value::Array(results));
    }
    if let Some(c) = claims.credits_earned.as_deref().and_then(|c| c.parse::<f64>().ok()) {
        subject.insert("creditsEarned".into(), json!(c));
    }
    for (key, value) in [("term", &claims.term), ("licenseNumber", &claims.license_number), ("role", &claims.role)] {
        if let Some(v) = value {
            subject.insert(key.into(), v.clone().into());
        }
    }
    for (key, value) in [("activityStartDate", &claims.activity_start), ("activityEndDate", &claims.activity_end)] {
        if let Some(day) = value {
            subject.insert(key.into(), format!("{day}T00:00:00Z").into());
        }
    }
}

/// The evidence of a credential: its links, its evidence items, and for a stacked badge the
/// credentials it was earned with (`component_urls`, with their names).
pub(crate) fn evidence<'a>(
    links: impl Iterator<Item = &'a str>,
    claims: Option<&Claims>,
    components: &[(String, String)],
) -> Vec<Value> {
    let mut out: Vec<Value> = links.map(|u| json!({"id": u, "type": ["Evidence"]})).collect();
    for item in claims.map(|c| c.evidence.as_slice()).unwrap_or_default() {
        let mut m = Map::new();
        if let Some(u) = &item.url {
            m.insert("id".into(), u.clone().into());
        }
        m.insert("type".into(), json!(["Evidence"]));
        for (key, value) in [
            ("name", &item.name),
            ("description", &item.description),
            ("narrative", &item.narrative),
            ("genre", &item.genre),
        ] {
            if let Some(v) = value {
                m.insert(key.into(), v.clone().into());
            }
        }
        out.push(Value::Object(m));
    }
    for (url, name) in components {
        out.push(json!({"id": url, "type": ["Evidence"], "name": name, "genre": "Credential"}));
    }
    out
}
