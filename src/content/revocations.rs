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
    date: Spanned<String>,
    reason: Option<String>,
    public: Option<bool>,
}

/// One revocation or suspension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub id: String,
    pub date: Date,
    pub reason: Option<String>,
    /// Whether the reason may be shown on the public landing page.
    pub public_reason: bool,
    /// Where the entry's `id` is written.
    pub location: Location,
}

/// Everything in `revocations.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revocations {
    pub revoked: Vec<StatusChange>,
    pub suspended: Vec<StatusChange>,
    /// Positions in `revoked` and `suspended` by credential id (a bulk revocation can list
    /// thousands, and every credential is looked up).
    index: std::collections::HashMap<String, (Option<usize>, Option<usize>)>,
}

impl Revocations {
    /// The entries, indexed for lookups by id.
    pub fn new(revoked: Vec<StatusChange>, suspended: Vec<StatusChange>) -> Revocations {
        let mut index: std::collections::HashMap<String, (Option<usize>, Option<usize>)> = Default::default();
        for (i, c) in revoked.iter().enumerate() {
            index.entry(c.id.clone()).or_default().0.get_or_insert(i);
        }
        for (i, c) in suspended.iter().enumerate() {
            index.entry(c.id.clone()).or_default().1.get_or_insert(i);
        }
        Revocations { revoked, suspended, index }
    }

    /// The revocation of `id`, if any.
    pub fn revocation(&self, id: &str) -> Option<&StatusChange> {
        self.index.get(id).and_then(|(r, _)| *r).map(|i| &self.revoked[i])
    }

    /// The suspension of `id`, if any.
    pub fn suspension(&self, id: &str) -> Option<&StatusChange> {
        self.index.get(id).and_then(|(_, s)| *s).map(|i| &self.suspended[i])
    }
}

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
            problems.push(
                Problem::error(Location::at_offset(&path, &text, offset), format!("revocations.toml: {}", e.message().trim()))
                    .help("each entry is [[revoked]] or [[suspended]] with id, date (YYYY-MM-DD), and optional reason and public"),
            );
            return Revocations::default();
        }
    };
    let mut convert = |entries: Vec<RawEntry>, kind: &str| -> Vec<StatusChange> {
        let mut out: Vec<StatusChange> = Vec::new();
        for e in entries {
            let location = Location::at_offset(&path, &text, e.id.span().start);
            let date = match Date::parse_iso(e.date.get_ref()) {
                Some(d) => d,
                None => {
                    problems.push(
                        Problem::error(
                            Location::at_offset(&path, &text, e.date.span().start),
                            format!("\"{}\" is not a date", e.date.get_ref()),
                        )
                        .help("write dates as YYYY-MM-DD"),
                    );
                    continue;
                }
            };
            if let Some(first) = out.iter().find(|c| c.id == *e.id.get_ref()) {
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
                location,
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
}
