//! Lifecycle commands' library side: finding credentials by query, editing `revocations.toml`,
//! and listing credentials that expire soon.

use crate::ground::error::Failure;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::ground::date::Date;
use crate::ground::error::{Error, Problems, Result};
use crate::ground::lock::{Mode, SiteLock};
use crate::model::content::revocations::{self, Revocations, REVOCATIONS_FILE};
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
    /// The roster file, relative to the content directory (`recipients/x.csv`), when the row exists.
    pub roster: Option<String>,
    pub revoked: bool,
    /// The date of the revocation, when `revocations.toml` records one (not for a superseded credential).
    pub revoked_on: Option<String>,
    pub suspended: bool,
    pub suspended_on: Option<String>,
    /// Replaced by a correction.
    pub superseded: bool,
    /// Whom it was issued to (the ledger's recipient key), for finding renewals.
    #[serde(skip)]
    recipient: String,
    /// For a stacked credential, the credentials it was earned with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
}

impl Record {
    /// Whether this stacked credential was earned with one of `ids`.
    pub fn stacked_on(&self, ids: &[&str]) -> bool {
        self.components.iter().any(|c| ids.contains(&c.as_str()))
    }
}

/// A roster row that no build has issued a credential for yet.
#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    pub badge: String,
    pub name: String,
    pub roster: String,
    pub issued: Option<String>,
}

/// Every credential of a site, and what is known about its content.
#[derive(Debug, Clone)]
pub struct Site {
    pub records: Vec<Record>,
    /// Rows not issued yet (only when the content is valid).
    pub pending: Vec<Pending>,
    /// The badge slugs of the site, and of every issued credential.
    pub badges: BTreeSet<String>,
    /// The roster files, relative to the content directory (only when the content is valid).
    pub rosters: BTreeSet<String>,
    /// The content's problems when it does not load or plan: the records then come from the
    /// ledger alone, without e-mail addresses or roster files.
    pub content_problems: Option<Problems>,
}

/// Which credentials a bulk command acts on; every given condition must hold.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub ids: Vec<String>,
    pub badge: Option<String>,
    /// A roster file, as a path relative to the content directory (`recipients/x.csv`).
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

    /// `--roster` as the site names its rosters: `./recipients/x.csv` and `content/recipients/x.csv`
    /// are `recipients/x.csv`.
    fn roster(&self) -> Option<String> {
        let r = self.roster.as_deref()?.replace('\\', "/");
        let mut r = r.as_str();
        while let Some(rest) = r.strip_prefix("./") {
            r = rest;
        }
        Some(r.strip_prefix("content/").unwrap_or(r).to_string())
    }

    fn matches_fields(&self, badge: &str, roster: Option<&str>, issued: Option<Date>) -> bool {
        let wanted_roster = self.roster();
        self.badge.as_ref().is_none_or(|b| b == badge)
            && wanted_roster.as_deref().is_none_or(|f| roster == Some(f))
            && self.issued_before.is_none_or(|d| issued.is_some_and(|i| i < d))
            && self.issued_after.is_none_or(|d| issued.is_some_and(|i| i > d))
    }

    /// Whether `r` matches.
    pub fn matches(&self, r: &Record) -> bool {
        (self.ids.is_empty() || self.ids.contains(&r.id))
            && self.matches_fields(&r.badge, r.roster.as_deref(), Date::parse_iso(&r.issued))
    }

    /// Whether a row not issued yet would match (never for a query by id).
    pub fn matches_pending(&self, p: &Pending) -> bool {
        self.ids.is_empty()
            && self.matches_fields(&p.badge, Some(&p.roster), p.issued.as_deref().and_then(Date::parse_iso))
    }

    /// Refuses a query that names what the site does not have, or that can match nothing.
    pub fn check(&self, site: &Site) -> Result<()> {
        if let Some(badge) = &self.badge {
            if !site.badges.contains(badge) {
                let help = match crate::model::validate::suggest(badge, site.badges.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => format!("the badges are: {}", site.badges.iter().cloned().collect::<Vec<_>>().join(", ")),
                };
                return Err(Error::Usage(
                    Failure::new(format!("{{badge}} {badge}: the site has no such badge")).fix(help),
                ));
            }
        }
        if let Some(roster) = self.roster() {
            if let Some(problems) = &site.content_problems {
                return Err(Error::Usage(
                    Failure::new(format!(
                        "{{roster}} needs the rosters, and the content has {}:\n{problems}",
                        crate::ground::error::plural(problems.error_count(), "problem")
                    ))
                    .fix("fix them first (hallmark check), or select the credentials by id, --badge or issue date"),
                ));
            }
            if !site.rosters.contains(&roster) {
                let help = match crate::model::validate::suggest(&roster, site.rosters.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean {s}?"),
                    None => format!(
                        "write the path relative to the content directory; the rosters are: {}",
                        site.rosters.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                };
                return Err(Error::Usage(
                    Failure::new(format!(
                        "{{roster}} {}: the site has no such roster",
                        self.roster.as_deref().unwrap_or_default()
                    ))
                    .fix(help),
                ));
            }
        }
        if let (Some(after), Some(before)) = (self.issued_after, self.issued_before) {
            if after.add_days(1) >= before {
                return Err(Error::Usage(
                    Failure::new(format!("{{issued-after}} {after} {{issued-before}} {before} selects no day"))
                        .fix("both bounds are exclusive; the first must be at least two days before the second"),
                ));
            }
        }
        for id in &self.ids {
            if !site.records.iter().any(|r| &r.id == id) {
                return Err(Error::Usage(
                    Failure::new(format!("no issued credential has the id \"{id}\""))
                        .fix("copy it from the credential's URL (c/<id>/) or from hallmark.lock"),
                ));
            }
        }
        Ok(())
    }
}

/// Every credential of the site (superseded ones included), without signing anything. When the
/// content has problems, the credentials come from the ledger and `revocations.toml` alone, so a
/// credential can be revoked while a roster is broken or after its row was deleted.
pub fn site(options: &crate::site::BuildOptions) -> Result<Site> {
    let dir = &options.content_dir;
    // Read while no build is writing: shared with other readers.
    let _lock = SiteLock::acquire(dir, "revoke", Mode::Shared, &options.progress.on_wait())?;
    let ledger = crate::model::ledger::Ledger::load(dir)?;
    let snapshot = match crate::model::content::load_on(dir, options.base_url.as_deref(), options.today) {
        Ok(s) => Ok(s),
        Err(Error::Content { problems }) => Err(problems),
        Err(e) => return Err(e),
    };
    let planned = snapshot.as_ref().map_err(Clone::clone).and_then(|s| {
        match crate::site::plan::plan(s, &ledger, options.today) {
            Ok(p) => Ok((s, p)),
            Err(Error::Content { problems }) => Err(problems),
            Err(e) => {
                let mut problems = Problems::new();
                problems.push(crate::ground::error::Problem::general(e.to_string()));
                Err(problems)
            }
        }
    });
    let (snapshot, plan) = match planned {
        Ok(sp) => sp,
        // When the plan was made, its problems include the checks of revocations.toml against the ledger.
        Err(problems) => {
            let checked = snapshot.is_ok();
            return from_ledger(dir, &ledger, problems, (!checked).then_some(options.today));
        }
    };
    let rel = |p: &Path| {
        p.strip_prefix(dir).unwrap_or(p).to_string_lossy().replace('\\', "/").trim_start_matches('/').to_string()
    };
    let mut site = Site {
        records: Vec::new(),
        pending: Vec::new(),
        badges: snapshot.badges.keys().cloned().chain(ledger.entries().iter().map(|e| e.badge().to_string())).collect(),
        rosters: snapshot.awards.iter().map(|a| rel(&a.source.path)).collect(),
        content_problems: None,
    };
    for i in &plan.items {
        if matches!(i.change, Change::New | Change::Corrected) {
            if let Some(row) = i.row {
                site.pending.push(Pending {
                    badge: row.badge.to_string(),
                    name: row.name.to_string(),
                    roster: rel(&row.source.path),
                    issued: row.issued.map(|d| d.to_string()),
                });
            }
            continue;
        }
        let e = &i.entry;
        site.records.push(Record {
            id: e.id().to_string(),
            badge: e.badge().to_string(),
            name: e.name().to_string(),
            email: i.row.map(|r| r.email.to_string()),
            issued: e.issued.to_string(),
            expires: e.expires.map(|d| d.to_string()),
            roster: i.row.map(|r| rel(&r.source.path)),
            revoked: i.revoked,
            revoked_on: snapshot.revocations.revocation(e.id()).map(|c| c.date.to_string()),
            suspended: i.suspended,
            suspended_on: snapshot.revocations.suspension(e.id()).map(|c| c.date.to_string()),
            superseded: e.replaced_by().is_some(),
            recipient: e.recipient().to_string(),
            components: components(e),
        });
    }
    Ok(site)
}

/// The site as the ledger and `revocations.toml` alone describe it. With `check_on`, the content's
/// `problems` gain the checks of `revocations.toml` against the ledger, as of that day.
fn from_ledger(
    dir: &Path,
    ledger: &crate::model::ledger::Ledger,
    mut problems: Problems,
    check_on: Option<crate::ground::date::Date>,
) -> Result<Site> {
    let mut status_problems = Problems::new();
    let revocations: Revocations = revocations::load(dir, false, &mut status_problems);
    if status_problems.has_errors() {
        // Without a readable revocations.toml the status of nothing is known.
        return Err(Error::Content { problems: status_problems });
    }
    // (Not in a directory that is not a site, where every id would be unknown.)
    if let Some(today) = check_on.filter(|_| dir.join(crate::model::config::CONFIG_FILE).is_file()) {
        problems.extend(crate::model::consistency::check_status_changes(&revocations, ledger, today));
    }
    let records = ledger
        .entries()
        .iter()
        .map(|e| Record {
            id: e.id().to_string(),
            badge: e.badge().to_string(),
            name: e.name().to_string(),
            email: None,
            issued: e.issued.to_string(),
            expires: e.expires.map(|d| d.to_string()),
            roster: None,
            revoked: revocations.revocation(e.id()).is_some() || e.replaced_by().is_some(),
            revoked_on: revocations.revocation(e.id()).map(|c| c.date.to_string()),
            suspended: revocations.suspension(e.id()).is_some(),
            suspended_on: revocations.suspension(e.id()).map(|c| c.date.to_string()),
            superseded: e.replaced_by().is_some(),
            recipient: e.recipient().to_string(),
            components: components(e),
        })
        .collect();
    Ok(Site {
        records,
        pending: Vec::new(),
        badges: ledger.entries().iter().map(|e| e.badge().to_string()).collect(),
        rosters: BTreeSet::new(),
        content_problems: Some(problems),
    })
}

fn components(e: &crate::model::ledger::Entry) -> Vec<String> {
    e.claims.as_deref().map(|c| c.components.clone()).unwrap_or_default()
}

/// What to record in `revocations.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Revoke,
    Suspend,
    /// Lift a suspension.
    Reinstate,
}

/// Why a selected credential is left as it is.
pub fn unchanged_because(action: Action, r: &Record) -> Option<String> {
    let since = |d: &Option<String>| d.as_ref().map(|d| format!(" on {d}")).unwrap_or_default();
    match action {
        Action::Revoke if r.superseded => Some("already revoked: it was replaced by a correction".into()),
        Action::Revoke if r.revoked => Some(format!("already revoked{}", since(&r.revoked_on))),
        Action::Suspend if r.revoked => Some("revoked, so it cannot be suspended".into()),
        Action::Suspend if r.suspended => Some(format!("already suspended{}", since(&r.suspended_on))),
        Action::Reinstate if !r.suspended => Some("not suspended".into()),
        _ => None,
    }
}

/// The details written with a revocation or suspension.
#[derive(Debug, Clone)]
pub struct Note {
    /// The date of the change (for a reinstatement, the day the suspension is lifted).
    pub date: Date,
    pub reason: Option<String>,
    /// `Some(false)` keeps the reason off the public page; `None` follows the site's setting.
    pub public: Option<bool>,
}

/// Records `action` for `ids` in `revocations.toml`, keeping the file's comments; returns how many
/// changed. A reinstatement marks the suspension `lifted` rather than deleting it, so the file
/// keeps the history and the suspension list's date moves forward.
pub fn apply(content_dir: &Path, action: Action, ids: &[String], note: &Note) -> Result<usize> {
    let verb = match action {
        Action::Revoke => "revoke",
        Action::Suspend => "suspend",
        Action::Reinstate => "reinstate",
    };
    // One change to the site at a time: a build started now waits, and sees this change.
    let _lock = SiteLock::acquire(content_dir, verb, Mode::Exclusive, &|_| {})?;
    let path = content_dir.join(REVOCATIONS_FILE);
    let (mut doc, mut preamble) = read_revocations(&path)?;
    let table_name = match action {
        Action::Revoke => "revoked",
        Action::Suspend | Action::Reinstate => "suspended",
    };
    let in_force = |t: &toml_edit::Table, id: &str| {
        t.get("id").and_then(|v| v.as_str()) == Some(id) && (action == Action::Revoke || !t.contains_key("lifted"))
    };
    let has = |doc: &toml_edit::DocumentMut, id: &str| {
        doc.get(table_name).and_then(|t| t.as_array_of_tables()).is_some_and(|a| a.iter().any(|t| in_force(t, id)))
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
                if let Some(comments) = preamble.take() {
                    t.decor_mut().set_prefix(comments);
                }
                let array = doc
                    .entry(table_name)
                    .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
                    .as_array_of_tables_mut()
                    .ok_or_else(|| {
                        Error::Usage(
                            format!("{}: {table_name} is not a list of [[{table_name}]] tables", path.display()).into(),
                        )
                    })?;
                array.push(t);
                changed += 1;
            }
            Action::Reinstate => {
                if let Some(array) = doc.get_mut(table_name).and_then(|t| t.as_array_of_tables_mut()) {
                    for t in array.iter_mut().filter(|t| in_force(t, id)) {
                        t["lifted"] = toml_edit::value(note.date.to_string());
                        changed += 1;
                    }
                }
            }
        }
    }
    if changed > 0 {
        crate::ground::fsio::write_atomically(&path, doc.to_string().as_bytes())?;
    }
    Ok(changed)
}

/// `revocations.toml` for editing (a new one with its header comment), and the comments of a file
/// that has no entries yet: toml_edit keeps those after the last table, so they go before the first.
fn read_revocations(path: &Path) -> Result<(toml_edit::DocumentMut, Option<String>)> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "# Revoked and suspended credentials. Every verifier sees a change at the next deploy.\n\
             # Written by `hallmark revoke` / `suspend` / `reinstate`, or by hand; review it like code.\n"
                .to_string()
        }
        Err(e) => return Err(Error::io("read", path, e)),
    };
    let mut doc: toml_edit::DocumentMut =
        text.parse().map_err(|e| Error::Usage(format!("{}: {e}", path.display()).into()))?;
    let comments = doc.trailing().as_str().filter(|c| doc.as_table().is_empty() && !c.trim().is_empty());
    let preamble = comments.map(str::to_string);
    if preamble.is_some() {
        doc.set_trailing("");
    }
    Ok((doc, preamble))
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

/// Credentials that are current (not revoked, suspended, superseded or renewed already) and
/// expire between `today` and `today + within`, soonest first.
pub fn expiring(options: &crate::site::BuildOptions, within: crate::ground::date::Period) -> Result<Vec<Expiring>> {
    let settings = crate::model::config::load(&options.content_dir, options.base_url.as_deref())
        .map_err(|problems| Error::Content { problems })?;
    let site = site(options)?;
    if let Some(problems) = site.content_problems {
        // The report is for reminders, which need the rosters' e-mail addresses.
        return Err(Error::Content { problems });
    }
    let until = within.after(options.today);
    // A renewal is a later credential for the same badge and recipient: its holder needs no reminder.
    let mut latest: HashMap<(&str, &str), &str> = HashMap::new();
    for r in site.records.iter().filter(|r| !r.revoked) {
        let slot = latest.entry((r.badge.as_str(), r.recipient.as_str())).or_insert(r.issued.as_str());
        if r.issued.as_str() > *slot {
            *slot = r.issued.as_str();
        }
    }
    let mut out: Vec<Expiring> = site
        .records
        .iter()
        .filter(|r| !r.revoked && !r.suspended && !r.superseded)
        .filter(|r| latest.get(&(r.badge.as_str(), r.recipient.as_str())) == Some(&r.issued.as_str()))
        .filter_map(|r| {
            let x = Date::parse_iso(r.expires.as_deref()?)?;
            (x >= options.today && x <= until).then(|| Expiring {
                page_url: settings.base_url.join(&crate::ground::layout::credential_page(&r.id)),
                days_left: x.days() - options.today.days(),
                expires: x.to_string(),
                id: r.id.clone(),
                badge: r.badge.clone(),
                name: r.name.clone(),
                email: r.email.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.days_left, &a.name).cmp(&(b.days_left, &b.name)));
    Ok(out)
}
