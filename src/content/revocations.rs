//! `revocations.toml`: revoked and suspended credentials, one reviewed entry each.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::date::Date;
use crate::error::{Location, Problem, Problems};

/// The file's name, beside `hallmark.toml`.
pub const REVOCATIONS_FILE: &str = "revocations.toml";

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    revoked: Vec<RawEntry>,
    #[serde(default)]
    suspended: Vec<RawEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    date: Spanned<RawDate>,
    reason: Option<String>,
    public: Option<bool>,
    /// When a suspension was lifted (`hallmark reinstate`); the entry stays as a record.
    lifted: Option<Spanned<RawDate>>,
}

/// A date as editors write it: `"2026-05-01"`, or a bare TOML date `2026-05-01`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawDate {
    Text(String),
    Toml(toml::value::Datetime),
}

impl RawDate {
    fn to_date(&self) -> Option<Date> {
        match self {
            RawDate::Text(s) => Date::parse_iso(s),
            RawDate::Toml(d) => match (d.date, d.time, d.offset) {
                (Some(d), None, None) => Date::new(i32::from(d.year), d.month, d.day),
                _ => None,
            },
        }
    }

    fn shown(&self) -> String {
        match self {
            RawDate::Text(s) => s.clone(),
            RawDate::Toml(d) => d.to_string(),
        }
    }
}

/// One revocation or suspension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub id: String,
    pub date: Date,
    pub reason: Option<String>,
    /// Whether the reason may be shown on the public landing page.
    pub public_reason: bool,
    /// When a suspension was lifted; a lifted suspension no longer holds the credential.
    pub lifted: Option<Date>,
    /// Where the entry's `id` is written.
    pub location: Location,
    /// Where the entry's `date` is written.
    pub date_location: Location,
}

impl StatusChange {
    /// The latest date this entry records: when it was made, or lifted.
    pub fn latest(&self) -> Date {
        self.lifted.map_or(self.date, |l| l.max(self.date))
    }
}

/// Everything in `revocations.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revocations {
    pub revoked: Vec<StatusChange>,
    /// Suspensions, lifted ones included (a credential can be suspended again after a lift).
    pub suspended: Vec<StatusChange>,
    /// Positions in `revoked` and of the suspension in force in `suspended`, by credential id (a
    /// bulk revocation can list thousands, and every credential is looked up).
    index: std::collections::HashMap<String, Positions>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Positions {
    revoked: Option<usize>,
    suspended: Option<usize>,
    /// The latest date any entry for the credential records, per list.
    latest_revocation: Option<Date>,
    latest_suspension: Option<Date>,
}

impl Revocations {
    /// The entries, indexed for lookups by id.
    pub fn new(revoked: Vec<StatusChange>, suspended: Vec<StatusChange>) -> Revocations {
        let mut index: std::collections::HashMap<String, Positions> = Default::default();
        for (i, c) in revoked.iter().enumerate() {
            let p = index.entry(c.id.clone()).or_default();
            p.revoked.get_or_insert(i);
            p.latest_revocation = p.latest_revocation.max(Some(c.latest()));
        }
        for (i, c) in suspended.iter().enumerate() {
            let p = index.entry(c.id.clone()).or_default();
            if c.lifted.is_none() {
                p.suspended.get_or_insert(i);
            }
            p.latest_suspension = p.latest_suspension.max(Some(c.latest()));
        }
        Revocations { revoked, suspended, index }
    }

    /// The revocation of `id`, if any.
    pub fn revocation(&self, id: &str) -> Option<&StatusChange> {
        self.index.get(id).and_then(|p| p.revoked).map(|i| &self.revoked[i])
    }

    /// The suspension of `id` in force (not lifted), if any.
    pub fn suspension(&self, id: &str) -> Option<&StatusChange> {
        self.index.get(id).and_then(|p| p.suspended).map(|i| &self.suspended[i])
    }

    /// The latest date recorded for `id` in the revocation entries and in the suspension entries
    /// (lifts included): a status list is as new as the latest change it reflects.
    pub fn latest_changes(&self, id: &str) -> (Option<Date>, Option<Date>) {
        self.index.get(id).map_or((None, None), |p| (p.latest_revocation, p.latest_suspension))
    }

    /// Every entry, revocations first.
    pub fn all(&self) -> impl Iterator<Item = &StatusChange> {
        self.revoked.iter().chain(&self.suspended)
    }
}

const FORMAT_HELP: &str = "each entry is [[revoked]] or [[suspended]] with id, date (YYYY-MM-DD), and optional reason and public; a suspension can also have lifted (YYYY-MM-DD)";

/// Reads `revocations.toml` in `content_dir` (absent means none); `public_default` is the site's
/// choice for entries that do not say whether their reason is public.
pub fn load(content_dir: &Path, public_default: bool, problems: &mut Problems) -> Revocations {
    let path = content_dir.join(REVOCATIONS_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Revocations::default();
    };
    let raw: RawFile = match toml::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let message = match e.message().trim() {
                m if m.contains("did not match any variant of untagged enum RawDate") => {
                    "this is not a date".to_string()
                }
                m => m.to_string(),
            };
            problems.push(
                Problem::error(Location::at_offset(&path, &text, offset), format!("revocations.toml: {message}"))
                    .help(FORMAT_HELP),
            );
            return Revocations::default();
        }
    };
    fn date_of(d: &Spanned<RawDate>, what: &str, path: &Path, text: &str, problems: &mut Problems) -> Option<Date> {
        let date = d.get_ref().to_date();
        if date.is_none() {
            problems.push(
                Problem::error(
                    Location::at_offset(path, text, d.span().start),
                    format!("\"{}\" is not a date", d.get_ref().shown()),
                )
                .help(format!("write the {what} as YYYY-MM-DD, e.g. 2026-05-01")),
            );
        }
        date
    }
    let mut convert = |entries: Vec<RawEntry>, kind: &str| -> Vec<StatusChange> {
        let mut out: Vec<StatusChange> = Vec::new();
        for e in entries {
            let location = Location::at_offset(&path, &text, e.id.span().start);
            let date = date_of(&e.date, "date", &path, &text, problems);
            let lifted = match &e.lifted {
                Some(l) if kind == "revoked" => {
                    problems.push(
                        Problem::error(Location::at_offset(&path, &text, l.span().start), "a revocation cannot be lifted")
                            .help("revocation is for good; to hold a credential for a while, suspend it instead ([[suspended]])"),
                    );
                    continue;
                }
                Some(l) => match date_of(l, "date the suspension was lifted", &path, &text, problems) {
                    Some(d) => Some(d),
                    None => continue,
                },
                None => None,
            };
            let Some(date) = date else { continue };
            if let Some(lifted) = lifted.filter(|l| *l < date) {
                problems.push(
                    Problem::error(
                        Location::at_offset(&path, &text, e.lifted.as_ref().map_or(0, |l| l.span().start)),
                        format!("the suspension is lifted on {lifted}, before it began on {date}"),
                    )
                    .help("check the two dates; lifted must be on or after date"),
                );
                continue;
            }
            // A credential may have several suspensions over time, but one in force at most.
            if let Some(first) = out
                .iter()
                .find(|c| c.id == *e.id.get_ref() && (kind == "revoked" || (c.lifted.is_none() && lifted.is_none())))
            {
                problems.push(
                    Problem::error(location, format!("credential {} is {kind} twice", e.id.get_ref()))
                        .help(format!("keep one entry; the other is at {}", first.location)),
                );
                continue;
            }
            out.push(StatusChange {
                id: e.id.into_inner(),
                date,
                reason: e.reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty()),
                public_reason: e.public.unwrap_or(public_default),
                lifted,
                location,
                date_location: Location::at_offset(&path, &text, e.date.span().start),
            });
        }
        out
    };
    let revoked = convert(raw.revoked, "revoked");
    let suspended = convert(raw.suspended, "suspended");
    Revocations::new(revoked, suspended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_with_locations_and_reason_privacy() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(REVOCATIONS_FILE),
            "[[revoked]]\nid = \"abc\"\ndate = \"2026-05-01\"\nreason = \"Issued in error\"\n\n[[suspended]]\nid = \"def\"\ndate = \"2026-06-01\"\npublic = true\n",
        )
        .unwrap();
        let mut p = Problems::new();
        let r = load(dir.path(), false, &mut p);
        assert!(p.is_empty());
        let a = r.revocation("abc").unwrap();
        assert_eq!((a.location.line, a.reason.as_deref(), a.public_reason), (2, Some("Issued in error"), false));
        assert!(r.suspension("def").unwrap().public_reason);
    }

    #[test]
    fn errors_on_bad_dates_duplicates_and_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(REVOCATIONS_FILE),
            "[[revoked]]\nid = \"a\"\ndate = \"01/05/2026\"\n[[revoked]]\nid = \"b\"\ndate = \"2026-05-01\"\n[[revoked]]\nid = \"b\"\ndate = \"2026-05-02\"\n",
        )
        .unwrap();
        let mut p = Problems::new();
        load(dir.path(), false, &mut p);
        let v = p.sorted();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].location.as_ref().unwrap().line, 3);
        assert!(v[1].message.contains("revoked twice"));
        std::fs::write(
            dir.path().join(REVOCATIONS_FILE),
            "[[revoked]]\nid = \"a\"\ndate = \"2026-05-01\"\nwhy = \"x\"\n",
        )
        .unwrap();
        let mut p = Problems::new();
        load(dir.path(), false, &mut p);
        assert!(p.sorted()[0].message.contains("unknown field `why`"));
    }

    #[test]
    fn bare_toml_dates_are_dates_and_other_values_are_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(REVOCATIONS_FILE), "[[revoked]]\nid = \"a\"\ndate = 2026-05-01\n").unwrap();
        let mut p = Problems::new();
        let r = load(dir.path(), false, &mut p);
        assert!(p.is_empty(), "{:?}", p.sorted());
        assert_eq!(r.revocation("a").unwrap().date.to_string(), "2026-05-01");
        std::fs::write(dir.path().join(REVOCATIONS_FILE), "[[revoked]]\nid = \"a\"\ndate = 2026-05-01T10:00:00Z\n")
            .unwrap();
        let mut p = Problems::new();
        load(dir.path(), false, &mut p);
        let v = p.sorted();
        assert_eq!(
            (v[0].message.as_str(), v[0].location.as_ref().unwrap().line),
            ("\"2026-05-01T10:00:00Z\" is not a date", 3)
        );
        std::fs::write(dir.path().join(REVOCATIONS_FILE), "[[revoked]]\nid = \"a\"\ndate = 12\n").unwrap();
        let mut p = Problems::new();
        load(dir.path(), false, &mut p);
        assert_eq!(p.sorted()[0].message, "revocations.toml: this is not a date");
    }

    #[test]
    fn a_lifted_suspension_is_kept_as_a_record_and_no_longer_holds() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(REVOCATIONS_FILE),
            "[[suspended]]\nid = \"a\"\ndate = \"2026-05-01\"\nlifted = \"2026-06-01\"\n\n[[suspended]]\nid = \"a\"\ndate = \"2026-07-01\"\n\n[[suspended]]\nid = \"b\"\ndate = \"2026-05-01\"\nlifted = \"2026-05-20\"\n",
        )
        .unwrap();
        let mut p = Problems::new();
        let r = load(dir.path(), false, &mut p);
        assert!(p.is_empty(), "{:?}", p.sorted());
        assert_eq!(r.suspension("a").unwrap().date.to_string(), "2026-07-01", "suspended again after the lift");
        assert!(r.suspension("b").is_none());
        assert_eq!(r.latest_changes("b").1.unwrap().to_string(), "2026-05-20", "the lift counts as a change");

        std::fs::write(
            dir.path().join(REVOCATIONS_FILE),
            "[[suspended]]\nid = \"a\"\ndate = \"2026-05-01\"\nlifted = \"2026-04-01\"\n\n[[revoked]]\nid = \"c\"\ndate = \"2026-05-01\"\nlifted = \"2026-06-01\"\n",
        )
        .unwrap();
        let mut p = Problems::new();
        load(dir.path(), false, &mut p);
        let v: Vec<_> = p.sorted().into_iter().map(|p| p.message).collect();
        assert_eq!(
            v,
            ["the suspension is lifted on 2026-04-01, before it began on 2026-05-01", "a revocation cannot be lifted"]
        );
    }
}
