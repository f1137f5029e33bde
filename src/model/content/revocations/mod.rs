//! `revocations.toml`: revoked and suspended credentials, one reviewed entry each.

use std::path::Path;

use serde::Deserialize;
use toml::de::DeTable;
use toml::Spanned;

use crate::ground::date::Date;
use crate::ground::error::{LineIndex, Location, Problem, Problems};
use crate::ground::text;
use crate::model::schema::{self, Key, Kind};

/// The file's name, beside `hallmark.toml`.
pub(crate) const REVOCATIONS_FILE: &str = "revocations.toml";

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
pub(crate) struct StatusChange {
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
    pub(crate) fn latest(&self) -> Date {
        self.lifted.map_or(self.date, |l| l.max(self.date))
    }
}

/// Everything in `revocations.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Revocations {
    pub revoked: Vec<StatusChange>,
    /// Suspensions, lifted ones included (a credential can be suspended again after a lift).
    pub suspended: Vec<StatusChange>,
    /// Positions in `revoked` and of the suspension in force in `suspended`, by credential id (a
    /// bulk revocation can list thousands, and every credential is looked up).
    index: std::collections::HashMap<String, Positions>,
    /// Ids of entries left out for a problem already reported, and where they are written: an id
    /// that was never issued is worth reporting with the rest.
    dropped: Vec<(String, Location)>,
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
    pub(crate) fn new(revoked: Vec<StatusChange>, suspended: Vec<StatusChange>) -> Revocations {
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
        Revocations { revoked, suspended, index, dropped: Vec::new() }
    }

    fn with_dropped(self, dropped: Vec<(String, Location)>) -> Revocations {
        Revocations { dropped, ..self }
    }

    /// The revocation of `id`, if any.
    pub(crate) fn revocation(&self, id: &str) -> Option<&StatusChange> {
        self.index.get(id).and_then(|p| p.revoked).map(|i| &self.revoked[i])
    }

    /// The suspension of `id` in force (not lifted), if any.
    pub(crate) fn suspension(&self, id: &str) -> Option<&StatusChange> {
        self.index.get(id).and_then(|p| p.suspended).map(|i| &self.suspended[i])
    }

    /// The latest date recorded for `id` in the revocation entries and in the suspension entries
    /// (lifts included): a status list is as new as the latest change it reflects.
    pub(crate) fn latest_changes(&self, id: &str) -> (Option<Date>, Option<Date>) {
        self.index.get(id).map_or((None, None), |p| (p.latest_revocation, p.latest_suspension))
    }

    /// Every entry, revocations first.
    pub(crate) fn all(&self) -> impl Iterator<Item = &StatusChange> {
        self.revoked.iter().chain(&self.suspended)
    }

    /// The ids of the entries left out for a problem (reported when the file was read), with
    /// where each is written: they can still be looked up in the ledger.
    pub(crate) fn dropped(&self) -> impl Iterator<Item = (&str, &Location)> {
        self.dropped.iter().map(|(id, at)| (id.as_str(), at))
    }
}

/// Every key the file accepts, for reporting every unknown key and wrong type at once (the structs
/// above reject unknown keys too, but serde stops at the first). `lifted` is accepted in
/// `[[revoked]]` entries only to be refused with its own message.
const ENTRY_KEYS: &[Key] = &[
    Key::required("id", Kind::Text),
    Key::required("date", Kind::Date),
    Key::optional("reason", Kind::Note),
    Key::optional("public", Kind::Bool),
    Key::optional("lifted", Kind::Date),
];
const KEYS: &[Key] =
    &[Key::optional("revoked", Kind::TableList(ENTRY_KEYS)), Key::optional("suspended", Kind::TableList(ENTRY_KEYS))];

const FORMAT_HELP: &str = "each entry is [[revoked]] or [[suspended]] with id, date (YYYY-MM-DD), and optional reason and public; a suspension can also have lifted (YYYY-MM-DD)";

/// Reads `revocations.toml` in `content_dir` (absent means none) and records every problem in it;
/// `public_default` is the site's choice for entries that do not say whether their reason is
/// public. Entries with a problem are left out.
pub(crate) fn load(content_dir: &Path, public_default: bool, problems: &mut Problems) -> Revocations {
    let path = content_dir.join(REVOCATIONS_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Revocations::default(),
        Err(e) => {
            // Unread, the file would revoke nothing: every credential it holds would be valid again.
            problems.push(
                Problem::general(format!("cannot read {}: {e}", path.display()))
                    .help("make revocations.toml a readable file, or remove it if nothing is revoked or suspended"),
            );
            return Revocations::default();
        }
    };
    let text = match text::decode(&path, bytes, text::TEXT_HELP) {
        Ok(text) => text,
        Err(problem) => {
            problems.push(problem);
            return Revocations::default();
        }
    };
    let lines = LineIndex::new(&text);
    let at = |offset: usize| lines.location(&path, offset);
    let mut root = match DeTable::parse(&text) {
        Ok(root) => root,
        Err(e) => {
            problems.push(toml_problem(at(e.span().map_or(0, |s| s.start)), &e));
            return Revocations::default();
        }
    };
    let walk = schema::walk(root.get_mut(), KEYS, REVOCATIONS_FILE, &at, problems);
    let raw = match RawFile::deserialize(toml::de::Deserializer::from(root)) {
        Ok(raw) => raw,
        Err(e) => {
            // The walk leaves only keys RawFile knows, so this is a gap between the two; say so
            // rather than fail silently.
            if walk.errors == 0 {
                problems.push(toml_problem(at(e.span().map_or(0, |s| s.start)), &e));
            }
            return Revocations::default();
        }
    };
    let mut dropped = Vec::new();
    let mut revoked = Vec::new();
    let mut suspended = Vec::new();
    for (kind, entries, out) in [("revoked", raw.revoked, &mut revoked), ("suspended", raw.suspended, &mut suspended)] {
        for (i, e) in entries.into_iter().enumerate() {
            let path = |key: &str| format!("{kind}.{i}.{key}");
            // A key of the wrong type was reported by the walk, which removed it or, when it is
            // required, left a placeholder.
            let written = Written {
                id: walk.usable(&path("id")),
                date: walk.usable(&path("date")),
                lifted: e.lifted.is_some() || !walk.spans.contains_key(&path("lifted")),
            };
            let location = at(e.id.span().start);
            match convert(e, kind, written, public_default, &at, &out[..], problems) {
                Ok(change) => out.push(change),
                // The id can still be looked up in the ledger.
                Err(Dropped::Kept(id)) if written.id => dropped.push((id, location)),
                Err(_) => {}
            }
        }
    }
    Revocations::new(revoked, suspended).with_dropped(dropped)
}

/// Which of an entry's keys hold a value of the right type (or are absent, for `lifted`).
#[derive(Clone, Copy)]
struct Written {
    id: bool,
    date: bool,
    lifted: bool,
}

/// Why an entry is left out (its problem is recorded).
enum Dropped {
    /// The entry says something wrong; this is its id (a placeholder when the id is unusable).
    Kept(String),
    /// The entry repeats another.
    Duplicate,
}

/// One entry, checked; `earlier` are the entries of its list before it.
fn convert(
    e: RawEntry,
    kind: &str,
    written: Written,
    public_default: bool,
    at: &dyn Fn(usize) -> Location,
    earlier: &[StatusChange],
    problems: &mut Problems,
) -> Result<StatusChange, Dropped> {
    let date_of = |d: &Spanned<RawDate>, what: &str, problems: &mut Problems| -> Option<Date> {
        let date = d.get_ref().to_date();
        if date.is_none() {
            problems.push(
                Problem::error(at(d.span().start), format!("\"{}\" is not a date", d.get_ref().shown()))
                    .help(format!("write the {what} as YYYY-MM-DD, e.g. 2026-05-01")),
            );
        }
        date
    };
    let date = if written.date { date_of(&e.date, "date", problems) } else { None };
    let lifted =
        match &e.lifted {
            Some(l) if kind == "revoked" => {
                problems.push(Problem::error(at(l.span().start), "a revocation cannot be lifted").help(
                    "revocation is for good; to hold a credential for a while, suspend it instead ([[suspended]])",
                ));
                return Err(Dropped::Kept(e.id.into_inner()));
            }
            Some(l) => match date_of(l, "date the suspension was lifted", problems) {
                Some(d) => Some(d),
                None => return Err(Dropped::Kept(e.id.into_inner())),
            },
            None => None,
        };
    let Some(date) = date else { return Err(Dropped::Kept(e.id.into_inner())) };
    if let Some(lifted) = lifted.filter(|l| *l < date) {
        problems.push(
            Problem::error(
                at(e.lifted.as_ref().map_or(0, |l| l.span().start)),
                format!("the suspension is lifted on {lifted}, before it began on {date}"),
            )
            .help("check the two dates; lifted must be on or after date"),
        );
        return Err(Dropped::Kept(e.id.into_inner()));
    }
    if !written.id || !written.lifted {
        return Err(Dropped::Kept(e.id.into_inner()));
    }
    let location = at(e.id.span().start);
    // A credential may have several suspensions over time, but one in force at most.
    if let Some(first) = earlier
        .iter()
        .find(|c| c.id == *e.id.get_ref() && (kind == "revoked" || (c.lifted.is_none() && lifted.is_none())))
    {
        problems.push(
            Problem::error(location, format!("credential {} is {kind} twice", e.id.get_ref()))
                .help(format!("keep one entry; the other is at {}", first.location)),
        );
        return Err(Dropped::Duplicate);
    }
    Ok(StatusChange {
        id: e.id.into_inner(),
        date,
        reason: e.reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty()),
        public_reason: e.public.unwrap_or(public_default),
        lifted,
        location,
        date_location: at(e.date.span().start),
    })
}

fn toml_problem(location: Location, e: &toml::de::Error) -> Problem {
    Problem::error(location, format!("revocations.toml: {}", e.message().trim())).help(FORMAT_HELP)
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
        let r = load(dir.path(), false, &mut p);
        let v = p.sorted();
        assert_eq!(v[0].message, "unknown key `why` in [[revoked]]");
        assert_eq!(
            v[0].help.as_deref(),
            Some("remove or rename the key; [[revoked]] accepts id, date, reason, public and lifted")
        );
        assert!(r.revocation("a").is_some(), "the rest of the entry is read");
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
        let v = p.sorted();
        assert_eq!(
            (v[0].message.as_str(), v[0].location.as_ref().unwrap().column),
            ("revoked.date must be a date, not an integer", 8)
        );
    }

    /// (line, column, message, help) of each problem, in file order.
    fn report(text: &str) -> (Vec<(usize, usize, String, String)>, Revocations) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(REVOCATIONS_FILE), text).unwrap();
        let mut p = Problems::new();
        let r = load(dir.path(), false, &mut p);
        let v = p
            .sorted()
            .into_iter()
            .map(|p| {
                let l = p.location.unwrap();
                let help = p.help.unwrap_or_default().replace(&format!("{}/", dir.path().display()), "");
                (l.line, l.column, p.message, help)
            })
            .collect();
        (v, r)
    }

    #[test]
    fn reports_every_problem_of_the_file_at_once_and_reads_the_rest() {
        let (v, r) = report(
            "# reviewed\n\
             [[revoked]]\nid = \"a\"\ndate = \"2026-05-01\"\nreasn = \"Issued in error\"\n\n\
             [[revoked]]\nid = \"b\"\ndate = \"2026-02-30\"\npublic = \"yes\"\n\n\
             [[revoked]]\nid = \"a\"\ndate = 2026-05-03\n\n\
             [[suspended]]\ndate = \"2026-05-01\"\nreason = 12\nlifted = 2026-06-01T10:00:00Z\n\n\
             [[suspended]]\nid = \"d\"\ndate = \"2026-05-01\"\nreason = \"\"\"Two\nlines\"\"\"\n\n\
             [[suspendd]]\nid = \"e\"\n",
        );
        let got: Vec<(usize, usize, &str, &str)> =
            v.iter().map(|(l, c, m, h)| (*l, *c, m.as_str(), h.as_str())).collect();
        assert_eq!(
            got,
            [
                (5, 1, "unknown key `reasn` in [[revoked]]", "did you mean `reason`?"),
                (9, 8, "\"2026-02-30\" is not a date", "write the date as YYYY-MM-DD, e.g. 2026-05-01"),
                (
                    10,
                    10,
                    "revoked.public must be true or false, not a string",
                    "write public = true or public = false, without quotes"
                ),
                (13, 6, "credential a is revoked twice", "keep one entry; the other is at revocations.toml:3:6"),
                (
                    16,
                    1,
                    "the key `id` is missing in [[suspended]]",
                    "add it; [[suspended]] accepts id, date, reason, public and lifted"
                ),
                (
                    18,
                    10,
                    "suspended.reason must be a string, not an integer",
                    "put the value in double quotes: reason = \"…\""
                ),
                (
                    19,
                    10,
                    "\"2026-06-01T10:00:00Z\" is not a date",
                    "write the date the suspension was lifted as YYYY-MM-DD, e.g. 2026-05-01"
                ),
                (27, 3, "unknown key `suspendd`", "did you mean `suspended`?"),
            ]
        );
        assert_eq!(r.revocation("a").unwrap().date.to_string(), "2026-05-01", "an unknown key leaves the entry");
        assert_eq!(r.suspension("d").unwrap().reason.as_deref(), Some("Two\nlines"), "a reason may span lines");
        assert!(r.revocation("b").is_none() && r.suspended.len() == 1);
        let dropped: Vec<(&str, usize)> = r.dropped().map(|(id, at)| (id, at.line)).collect();
        assert_eq!(dropped, [("b", 8)], "the id of an entry left out can still be looked up; not a missing one");
    }

    #[test]
    fn errors_on_wrong_shapes_and_files_that_cannot_be_read() {
        let (v, r) = report("revoked = \"a\"\n[suspended]\nid = \"b\"\n");
        let got: Vec<(usize, usize, &str)> = v.iter().map(|(l, c, m, _)| (*l, *c, m.as_str())).collect();
        assert_eq!(
            got,
            [
                (1, 11, "revoked must be a list of tables, not a string"),
                (2, 1, "suspended must be a list of tables, not a table")
            ]
        );
        assert!(v[1].3.contains("[[suspended]] on a line of its own"), "{}", v[1].3);
        assert_eq!(r, Revocations::default());

        let (v, _) = report("[[revoked]]\nid = \"a\"\ndate = \"2026-05-01\"\nid = \"b\"\n");
        assert_eq!((v.len(), v[0].0, v[0].2.starts_with("revocations.toml: ")), (1, 4, true), "{v:?}");

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(REVOCATIONS_FILE), b"[[revoked]]\nid = \"a\"\nreason = \"caf\xe9\"\n").unwrap();
        let mut p = Problems::new();
        load(dir.path(), false, &mut p);
        let v = p.sorted();
        assert!(v[0].message.starts_with("the file is not UTF-8: byte 0xE9"), "{}", v[0]);
        assert_eq!(v[0].location.as_ref().map(|l| (l.line, l.column)), Some((3, 14)));
        std::fs::remove_file(dir.path().join(REVOCATIONS_FILE)).unwrap();
        std::fs::create_dir(dir.path().join(REVOCATIONS_FILE)).unwrap();
        let mut p = Problems::new();
        load(dir.path(), false, &mut p);
        assert!(p.sorted()[0].message.starts_with("cannot read "), "a file that is there is never taken for none");
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
