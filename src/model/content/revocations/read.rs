//! Reading `revocations.toml`: every problem in it recorded at its place, the entries with none kept.

use std::path::Path;

use serde::Deserialize;
use toml::de::DeTable;
use toml::Spanned;

use super::{Revocations, StatusChange, REVOCATIONS_FILE};
use crate::ground::date::Date;
use crate::ground::error::{LineIndex, Location, Problem, Problems};
use crate::ground::text;
use crate::model::schema::{self, Key, Kind};

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
