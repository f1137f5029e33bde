//! Lifecycle commands' library side: finding credentials by query, editing `revocations.toml`,
//! and listing credentials that expire soon.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::revocations::REVOCATIONS_FILE;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::site::plan::Change;

/// One issued credential, as the lifecycle commands see it.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub id: String,
    pub badge: String,
    pub name: String,
    /// From the roster row; absent when the row is gone.
    pub email: Option<String>,
    pub issued: String,
    pub expires: Option<String>,
    /// The roster file, when the row exists.
    pub roster: Option<PathBuf>,
    pub revoked: bool,
    pub suspended: bool,
    /// Replaced by a correction.
    pub superseded: bool,
}

/// Which credentials a bulk command acts on; every given condition must hold.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub ids: Vec<String>,
    pub badge: Option<String>,
    /// A roster file, as a path relative to the content directory or ending like one.
    pub roster: Option<String>,
    pub issued_before: Option<Date>,
    pub issued_after: Option<Date>,
}

impl Query {
    /// Whether the query names anything at all (a bulk command must not act on everything by accident).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
            && self.badge.is_none()
            && self.roster.is_none()
            && self.issued_before.is_none()
            && self.issued_after.is_none()
    }

    /// Whether `r` matches.
    pub fn matches(&self, r: &Record) -> bool {
        let issued = Date::parse_iso(&r.issued);
        (self.ids.is_empty() || self.ids.contains(&r.id))
            && self.badge.as_ref().is_none_or(|b| *b == r.badge)
            && self.roster.as_ref().is_none_or(|f| {
                r.roster.as_ref().is_some_and(|p| p.to_string_lossy().replace('\\', "/").ends_with(f.as_str()))
            })
            && self.issued_before.is_none_or(|d| issued.is_some_and(|i| i < d))
            && self.issued_after.is_none_or(|d| issued.is_some_and(|i| i > d))
    }
}

/// Every credential of the site (superseded ones included), without signing anything.
pub fn records(options: &crate::site::BuildOptions) -> Result<Vec<Record>> {
    let snapshot = crate::content::load(&options.content_dir, options.base_url.as_deref())?;
    let ledger = crate::ledger::Ledger::load(&options.content_dir)?;
    let plan = crate::site::plan::plan(&snapshot, &ledger, options.today)?;
    Ok(plan
        .items
        .iter()
        .filter(|i| !matches!(i.change, Change::New | Change::Corrected))
        .map(|i| Record {
            id: i.entry.id.clone(),
            badge: i.entry.badge.clone(),
            name: i.entry.name.clone(),
            email: i.row.map(|r| r.email.clone()),
            issued: i.entry.issued.to_string(),
            expires: i.entry.expires.map(|d| d.to_string()),
            roster: i.row.map(|r| r.source.path.clone()),
            revoked: i.revoked,
            suspended: i.suspended,
            superseded: i.entry.replaced_by.is_some(),
        })
        .collect())
}

/// What to record in `revocations.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Revoke,
    Suspend,
    /// Lift a suspension.
    Reinstate,
}

/// The details written with a revocation or suspension.
#[derive(Debug, Clone)]
pub struct Note {
    pub date: Date,
    pub reason: Option<String>,
    /// `Some(false)` keeps the reason off the public page; `None` follows the site's setting.
    pub public: Option<bool>,
}

/// Records `action` for `ids` in `revocations.toml`, keeping the file's comments; returns how many changed.
pub fn apply(content_dir: &Path, action: Action, ids: &[String], note: &Note) -> Result<usize> {
    let path = content_dir.join(REVOCATIONS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "# Revoked and suspended credentials. Every verifier sees a change at the next deploy.\n\
             # Written by `hallmark revoke` / `suspend` / `reinstate`, or by hand; review it like code.\n"
                .to_string()
        }
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    let table_name = match action {
        Action::Revoke => "revoked",
        Action::Suspend | Action::Reinstate => "suspended",
    };
    let has = |doc: &toml_edit::DocumentMut, id: &str| {
        doc.get(table_name)
            .and_then(|t| t.as_array_of_tables())
            .is_some_and(|a| a.iter().any(|t| t.get("id").and_then(|v| v.as_str()) == Some(id)))
    };
    let mut changed = 0;
    for id in ids {
        match action {
            Action::Revoke | Action::Suspend => {
                if has(&doc, id) {
                    continue;
                }
                let mut t = toml_edit::Table::new();
                t["id"] = toml_edit::value(id.as_str());
                t["date"] = toml_edit::value(note.date.to_string());
                if let Some(r) = &note.reason {
                    t["reason"] = toml_edit::value(r.as_str());
                }
                if let Some(p) = note.public {
                    t["public"] = toml_edit::value(p);
                }
                let array = doc
                    .entry(table_name)
                    .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
                    .as_array_of_tables_mut()
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "{}: {table_name} is not a list of [[{table_name}]] tables",
                            path.display()
                        ))
                    })?;
                array.push(t);
                changed += 1;
            }
            Action::Reinstate => {
                if let Some(array) = doc.get_mut(table_name).and_then(|t| t.as_array_of_tables_mut()) {
                    let before = array.len();
                    array.retain(|t| t.get("id").and_then(|v| v.as_str()) != Some(id.as_str()));
                    changed += before - array.len();
                }
            }
        }
    }
    if changed > 0 {
        crate::site::write_atomically(&path, doc.to_string().as_bytes())?;
    }
    Ok(changed)
}

/// One credential that expires within the window.
#[derive(Debug, Clone, Serialize)]
pub struct Expiring {
    pub id: String,
    pub badge: String,
    pub name: String,
    pub email: Option<String>,
    pub expires: String,
    pub days_left: i64,
    pub page_url: String,
}

/// Credentials that are current (not revoked, suspended or superseded) and expire between `today`
/// and `today + within`, soonest first.
pub fn expiring(options: &crate::site::BuildOptions, within: crate::date::Period) -> Result<Vec<Expiring>> {
    let settings = crate::config::load(&options.content_dir, options.base_url.as_deref())
        .map_err(|problems| Error::Content { problems })?;
    let until = within.after(options.today);
    let mut out: Vec<Expiring> = records(options)?
        .into_iter()
        .filter(|r| !r.revoked && !r.suspended && !r.superseded)
        .filter_map(|r| {
            let x = Date::parse_iso(r.expires.as_deref()?)?;
            (x >= options.today && x <= until).then(|| Expiring {
                page_url: settings.base_url.join(&crate::site::layout::credential_page(&r.id)),
                days_left: x.days() - options.today.days(),
                expires: x.to_string(),
                id: r.id,
                badge: r.badge,
                name: r.name,
                email: r.email,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.days_left, &a.name).cmp(&(b.days_left, &b.name)));
    Ok(out)
}
