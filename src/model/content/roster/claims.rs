//! A row's claims: its results (columns mapped to the badge's result descriptions), its evidence
//! (columns, or a Markdown file per row) and the Open Badges subject fields, each checked against
//! the badge before anything is signed, with the cell's line and column.

use std::path::Path;

use crate::ground::date::Date;
use crate::ground::error::Problem;
use crate::model::claims::{Claims, EvidenceItem, ResultClaim, RESULT_STATUSES};
use crate::model::config::RosterConfig;
use crate::model::content::badge::ResultDescription;

use super::{Row, Sheet};

/// The subject fields: hallmark's key, and the header a roster has by default.
pub(super) const SUBJECT_COLUMNS: [&str; 6] =
    ["credits_earned", "term", "activity_start_date", "activity_end_date", "license_number", "role"];

/// The columns a sheet reads claims from.
#[derive(Debug, Default)]
pub(super) struct ClaimColumns {
    /// (result id, column) for every result column found: mapped in `[rosters.x.results]`, or
    /// headed by the result's id.
    pub results: Vec<(String, usize)>,
    /// Evidence columns by field (`url`, `name`, `description`, `narrative`, `genre`, `file`).
    pub evidence: Vec<(&'static str, usize)>,
    /// Subject-field columns by key.
    pub subject: Vec<(&'static str, usize)>,
}

impl ClaimColumns {
    /// The claim columns of `headers`: mapped ones must exist (`missing` lists those that do not);
    /// `result_ids` are every result id any badge describes.
    pub(super) fn find(
        headers: &[String],
        cfg: &RosterConfig,
        result_ids: &[&str],
        missing: &mut Vec<String>,
    ) -> ClaimColumns {
        let position = |name: &str| headers.iter().position(|h| h == name);
        let mut found = ClaimColumns::default();
        for (id, header) in &cfg.results {
            match position(header) {
                Some(i) => found.results.push((id.clone(), i)),
                None => missing.push(format!("\"{header}\" (mapped to result {id})")),
            }
        }
        for id in result_ids.iter().filter(|id| !cfg.results.contains_key(**id)) {
            if let Some(i) = headers.iter().position(|h| h.eq_ignore_ascii_case(id)) {
                found.results.push((id.to_string(), i));
            }
        }
        let e = &cfg.evidence;
        for (field, header) in [
            ("url", &e.url),
            ("name", &e.name),
            ("description", &e.description),
            ("narrative", &e.narrative),
            ("genre", &e.genre),
            ("file", &e.file),
        ] {
            if let Some(header) = header {
                match position(header) {
                    Some(i) => found.evidence.push((field, i)),
                    None => missing.push(format!("\"{header}\" (mapped to evidence {field})")),
                }
            }
        }
        let c = &cfg.columns;
        let mapped =
            [&c.credits_earned, &c.term, &c.activity_start_date, &c.activity_end_date, &c.license_number, &c.role];
        for (key, header) in SUBJECT_COLUMNS.into_iter().zip(mapped) {
            match header {
                Some(h) => match position(h) {
                    Some(i) => found.subject.push((key, i)),
                    None => missing.push(format!("\"{h}\" (mapped to {key})")),
                },
                None => {
                    if let Some(i) = headers.iter().position(|h| h.eq_ignore_ascii_case(key)) {
                        found.subject.push((key, i));
                    }
                }
            }
        }
        found
    }

    /// Every column the claims use (they are not the row's extra columns).
    pub(super) fn used(&self) -> impl Iterator<Item = usize> + '_ {
        self.results
            .iter()
            .map(|(_, i)| *i)
            .chain(self.evidence.iter().map(|(_, i)| *i))
            .chain(self.subject.iter().map(|(_, i)| *i))
    }
}

/// What checking a row's claims needs besides the row.
pub(super) struct ClaimContext<'a> {
    /// The result descriptions of the row's badge.
    pub results: &'a [ResultDescription],
    pub content_dir: &'a Path,
}

/// The row's claims, or the problems with them (recorded through `error`).
pub(super) fn claims(
    row: &Row<'_>,
    sheet: &Sheet<'_>,
    badge: &str,
    context: &ClaimContext<'_>,
    error: &mut dyn FnMut(Problem),
) -> Option<Claims> {
    let cell = |i: usize| row.record.get(i).map(str::trim).unwrap_or_default();
    let mut claims = Claims::default();
    let mut ok = true;
    for (id, col) in &sheet.claims.results {
        let value = cell(*col);
        if value.is_empty() {
            continue;
        }
        let Some(description) = context.results.iter().find(|r| r.id == *id) else {
            let help =
                format!("empty the cell, or describe the result in badges/{badge}.md ([[results]] with id = \"{id}\")");
            error(Problem::error(row.field_at(*col), format!("badge \"{badge}\" has no result \"{id}\"")).help(help));
            ok = false;
            continue;
        };
        match result(description, value) {
            Ok(claim) => claims.results.push(claim),
            Err((what, help)) => {
                error(Problem::error(row.field_at(*col), format!("{}: {what}", description.name)).help(help));
                ok = false;
            }
        }
    }
    claims.evidence.extend(evidence(row, sheet, context, error, &mut ok));
    subject(row, sheet, &mut claims, error, &mut ok);
    ok.then_some(claims)
}

/// One result's value, checked against its description.
fn result(r: &ResultDescription, value: &str) -> Result<ResultClaim, (String, String)> {
    let mut claim = ResultClaim { result: r.id.clone(), value: None, status: None, level: None };
    if r.rubric() {
        let Some(at) = r.levels.iter().position(|l| l.id == value || l.name.eq_ignore_ascii_case(value)) else {
            let ids: Vec<&str> = r.levels.iter().map(|l| l.id.as_str()).collect();
            return Err((
                format!("\"{value}\" is not a level of the rubric"),
                format!("write one of {}", ids.join(", ")),
            ));
        };
        let required = r.required_level.as_ref().and_then(|q| r.levels.iter().position(|l| l.id == *q));
        if required.is_some_and(|q| at < q) && !r.below_required {
            return Err(below(value, r.required_level.as_deref().unwrap_or_default()));
        }
        claim.level = Some(r.levels[at].id.clone());
        return Ok(claim);
    }
    if r.status() {
        if !RESULT_STATUSES.contains(&value) {
            return Err((
                format!("\"{value}\" is not a result status"),
                format!("write one of {}", RESULT_STATUSES.join(", ")),
            ));
        }
        if r.required_value.as_deref().is_some_and(|q| q != value) && !r.below_required {
            return Err(below(value, r.required_value.as_deref().unwrap_or_default()));
        }
        claim.status = Some(value.to_string());
        return Ok(claim);
    }
    if !r.allowed.is_empty() {
        let Some(at) = r.allowed.iter().position(|a| a == value) else {
            return Err((
                format!("\"{value}\" is not an allowed value"),
                format!("write one of {}", r.allowed.join(", ")),
            ));
        };
        let required = r.required_value.as_ref().and_then(|q| r.allowed.iter().position(|a| a == q));
        if required.is_some_and(|q| at < q) && !r.below_required {
            return Err(below(value, r.required_value.as_deref().unwrap_or_default()));
        }
    } else if r.numeric() {
        numeric(r, value)?;
    }
    claim.value = Some(value.to_string());
    Ok(claim)
}

/// A numeric result: a number, within the bounds, and at least the required value.
fn numeric(r: &ResultDescription, value: &str) -> Result<(), (String, String)> {
    let Some(n) = value.parse::<f64>().ok().filter(|n| n.is_finite()) else {
        return Err((format!("\"{value}\" is not a number"), "write the result as a number, e.g. 88 or 3.5".into()));
    };
    let bound = |b: &Option<String>| b.as_deref().and_then(|s| s.parse::<f64>().ok());
    if bound(&r.min).is_some_and(|min| n < min) || bound(&r.max).is_some_and(|max| n > max) {
        let range = format!("{} to {}", r.min.as_deref().unwrap_or("-∞"), r.max.as_deref().unwrap_or("∞"));
        return Err((
            format!("{value} is outside the range {range}"),
            "check the value, or the range in the badge's [[results]]".into(),
        ));
    }
    if bound(&r.required_value).is_some_and(|q| n < q) && !r.below_required {
        return Err(below(value, r.required_value.as_deref().unwrap_or_default()));
    }
    Ok(())
}

/// The problem of a result below the required one.
fn below(value: &str, required: &str) -> (String, String) {
    (
        format!("{value} is below the required {required}"),
        "a credential is awarded for meeting the requirement: check the row, or set below_required = true in the badge's [[results]] if lower results are awarded too".into(),
    )
}

/// The row's evidence from the evidence columns and its Markdown file, if any.
fn evidence(
    row: &Row<'_>,
    sheet: &Sheet<'_>,
    context: &ClaimContext<'_>,
    error: &mut dyn FnMut(Problem),
    ok: &mut bool,
) -> Option<EvidenceItem> {
    let mut item = EvidenceItem::default();
    for (field, col) in &sheet.claims.evidence {
        let value = row.record.get(*col).map(str::trim).unwrap_or_default();
        if value.is_empty() {
            continue;
        }
        let value = value.to_string();
        match *field {
            "url" => {
                if let Err(e) = crate::ground::link::check_web_link(&value) {
                    error(
                        Problem::error(row.field_at(*col), format!("evidence link \"{value}\" {}", e.reason()))
                            .help(e.help()),
                    );
                    *ok = false;
                }
                item.url = Some(value);
            }
            "name" => item.name = Some(value),
            "description" => item.description = Some(value),
            "narrative" => item.narrative = Some(value),
            "genre" => item.genre = Some(value),
            _ => match evidence_file(context.content_dir, &value) {
                Ok(narrative) => item.narrative = Some(narrative),
                Err(why) => {
                    error(Problem::error(row.field_at(*col), format!("evidence file \"{value}\" {why}")).help(
                        "give the path of a Markdown file inside the content directory, e.g. evidence/ada-project.md",
                    ));
                    *ok = false;
                }
            },
        }
    }
    (item != EvidenceItem::default()).then_some(item)
}

/// The narrative of an evidence file: its text (trimmed), which must be inside the content directory.
fn evidence_file(content_dir: &Path, rel: &str) -> Result<String, String> {
    let inside = crate::model::validate::inside_content(Path::new(""), rel)?;
    let path = content_dir.join(inside);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot be read: {e}"))?;
    if text.len() > 64 * 1024 {
        return Err("is longer than 64 KiB".into());
    }
    Ok(text.trim().to_string())
}

/// The subject fields: credits (a number), dates (YYYY-MM-DD), and texts.
fn subject(row: &Row<'_>, sheet: &Sheet<'_>, claims: &mut Claims, error: &mut dyn FnMut(Problem), ok: &mut bool) {
    for (key, col) in &sheet.claims.subject {
        let value = row.record.get(*col).map(str::trim).unwrap_or_default();
        if value.is_empty() {
            continue;
        }
        let mut bad = |what: String, help: &str| {
            error(Problem::error(row.field_at(*col), what).help(help.to_string()));
            *ok = false;
        };
        let text = Some(value.to_string());
        match *key {
            "credits_earned" => match value.parse::<f64>() {
                Ok(n) if n.is_finite() && n >= 0.0 => claims.credits_earned = text,
                _ => bad(
                    format!("credits_earned \"{value}\" is not a number of credits"),
                    "write a number, e.g. 3 or 1.5",
                ),
            },
            "activity_start_date" | "activity_end_date" => match Date::parse_iso(value) {
                Some(_) if *key == "activity_start_date" => claims.activity_start = text,
                Some(_) => claims.activity_end = text,
                None => bad(format!("{key} \"{value}\" is not a date"), "write the date as YYYY-MM-DD"),
            },
            "term" => claims.term = text,
            "license_number" => claims.license_number = text,
            _ => claims.role = text,
        }
    }
    if let (Some(start), Some(end)) = (&claims.activity_start, &claims.activity_end) {
        if end < start {
            let col = sheet.claims.subject.iter().find(|(k, _)| *k == "activity_end_date").map_or(0, |(_, i)| *i);
            error(
                Problem::error(row.field_at(col), format!("the activity ends ({end}) before it starts ({start})"))
                    .help("check both dates"),
            );
            *ok = false;
        }
    }
}
