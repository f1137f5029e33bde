//! One entry's line of the ledger: reading and writing it.

use super::record::Numbers;
use super::{Claims, Date, Entry};

/// An entry that stands for a line that did not parse, while the others are read (the read then
/// fails).
fn placeholder() -> Entry {
    let numbers = Numbers { index: 0, issued: Date::EPOCH, expires: None, log_index: None, claims: None };
    Entry::pack(numbers, [""; 8])
}

/// One entry line.
pub(super) fn parse_entry(line: &str) -> std::result::Result<Entry, String> {
    // The fields in place (a list made for each of 100,000 entries was an allocation each).
    let mut fields = [""; 13];
    let mut count = 0;
    let mut start = 0;
    // The tabs found by `memchr` (`str::split` was 2 % of a one-row build at 100,000); a tab is
    // one byte, so every cut is at a character boundary.
    for end in memchr::memchr_iter(b'\t', line.as_bytes()).chain([line.len()]) {
        if let Some(slot) = fields.get_mut(count) {
            *slot = &line[start..end];
        }
        count += 1;
        start = end + 1;
    }
    if !(11..=13).contains(&count) {
        return Err(format!(
            "expected 11 tab-separated fields (then the log index when the site keeps a log, then the claims \
             when there are some), found {count}"
        ));
    }
    let f = &fields[..count];
    // After the 11th field: the log index (a number or -), then the claims (a JSON object).
    let (log_field, claims_field) = match &f[11..] {
        [] => (None, None),
        [one] if one.starts_with('{') => (None, Some(*one)),
        [one] => (Some(*one), None),
        [index, claims] => (Some(*index), Some(*claims)),
        _ => unreachable!("at most 13 fields"),
    };
    let date = |s: &str| Date::parse_iso(s).ok_or_else(|| format!("\"{s}\" is not a date"));
    let id = |s: &'_ str| {
        let ok = (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        ok.then_some(()).ok_or_else(|| format!("\"{s}\" is not a credential id"))
    };
    let word = |s: &str, what: &str| {
        let ok = !s.is_empty() && s.bytes().all(|b| WORD[usize::from(b)]);
        ok.then_some(()).ok_or_else(|| format!("\"{s}\" is not a {what}"))
    };
    if f[10].chars().any(|c| c.is_control()) || f[10].trim().is_empty() {
        return Err("the name is empty or holds control characters".into());
    }
    let evidence = opt(f[9]);
    if evidence.is_some_and(|e| e.split(' ').any(|u| u.is_empty() || u.chars().any(|c| c.is_control()))) {
        return Err("an evidence link is empty or holds control characters".into());
    }
    id(f[0])?;
    word(f[2], "badge slug")?;
    if !crate::model::validate::is_slug(f[2]) {
        return Err(format!("\"{}\" is not a badge slug", f[2]));
    }
    let replaced_by = opt(f[5]);
    if let Some(r) = replaced_by {
        id(r)?;
    }
    word(f[6], "recipient key")?;
    word(f[7], "salt")?;
    // An identity hash of the usual form is a word: read as its digest, it needs no other check.
    let digest = super::record::digest_of(f[8]);
    if digest.is_none() {
        word(f[8], "hashed e-mail")?;
    }
    let numbers = Numbers {
        index: f[1].parse().map_err(|_| format!("\"{}\" is not a status index", f[1]))?,
        issued: date(f[3])?,
        expires: opt(f[4]).map(date).transpose()?,
        log_index: log_field.and_then(opt).map(log_index).transpose()?,
        claims: claims_field.map(|c| Claims::from_ledger(c).map(std::sync::Arc::new)).transpose()?,
    };
    let texts = [f[0], f[2], f[6], f[7], f[8], f[10], replaced_by.unwrap_or_default(), evidence.unwrap_or_default()];
    Ok(Entry::pack_with(numbers, texts, digest))
}

/// The bytes of a recipient key, a salt or a hashed e-mail: ASCII letters, digits, `-`, `_` and
/// `$` (a table, not a chain of comparisons: 120 bytes of every entry are checked).
const WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'$');
        b += 1;
    }
    table
};

fn log_index(n: &str) -> std::result::Result<u64, String> {
    n.parse::<u64>().ok().filter(|v| v.to_string() == n).ok_or(format!("\"{n}\" is not a log index"))
}

fn opt(s: &str) -> Option<&str> {
    (s != "-").then_some(s)
}

/// An entry as a ledger file writes it: the entry, and its log index (its own, or one this build
/// gives it: see [`Logged`]).
pub(crate) trait Line {
    fn entry(&self) -> &Entry;
    fn log_index(&self) -> Option<u64> {
        self.entry().log_index
    }
}

impl Line for Entry {
    fn entry(&self) -> &Entry {
        self
    }
}

impl<T: Line + ?Sized> Line for &T {
    fn entry(&self) -> &Entry {
        (**self).entry()
    }
    fn log_index(&self) -> Option<u64> {
        (**self).log_index()
    }
}

/// An entry with the log index this build gave it, borrowed rather than cloned with it (a cold
/// build gives every entry one: a clone of each was 400 MB at a million credentials).
pub(crate) struct Logged<'e> {
    pub entry: &'e Entry,
    pub log_index: Option<u64>,
}

impl Line for Logged<'_> {
    fn entry(&self) -> &Entry {
        self.entry
    }
    fn log_index(&self) -> Option<u64> {
        self.log_index
    }
}

/// One entry's line; `with_log`: format 3.
pub(super) fn push_entry(out: &mut String, line: &impl Line, with_log: bool) {
    use std::fmt::Write as _;
    let e = line.entry();
    out.push_str(e.id());
    let _ = write!(out, "\t{}\t", e.index);
    out.push_str(e.badge());
    let _ = write!(out, "\t{}\t", e.issued);
    match e.expires {
        Some(d) => {
            let _ = write!(out, "{d}");
        }
        None => out.push('-'),
    }
    out.push('\t');
    out.push_str(e.replaced_by().unwrap_or("-"));
    for field in [e.recipient(), e.salt(), &e.identity()] {
        out.push('\t');
        out.push_str(field);
    }
    out.push('\t');
    out.push_str(Some(e.evidence_text()).filter(|t| !t.is_empty()).unwrap_or("-"));
    out.push('\t');
    out.push_str(e.name());
    if with_log {
        match line.log_index() {
            Some(n) => {
                let _ = write!(out, "\t{n}");
            }
            None => out.push_str("\t-"),
        }
    }
    if let Some(claims) = &e.claims {
        out.push('\t');
        out.push_str(&claims.to_ledger());
    }
    out.push('\n');
}

/// Parses the entry lines of a shard onto `entries` and `lines` (their line numbers), the lines
/// side by side; the number of its last line. The same as `parse_body` without headers, but in
/// place: parsed into lists of their own, a shard's entries were held twice for a moment (26 MB
/// more for a shard of 100,000).
pub(super) fn parse_shard_into(
    text: &str,
    entries: &mut Vec<Entry>,
    lines: &mut Vec<u32>,
) -> std::result::Result<usize, (usize, String)> {
    use rayon::prelude::*;
    super::check_whole(text)?;
    let mut last = 0;
    let body: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            last = i + 1;
            (last, l)
        })
        .filter(|(_, l)| !(l.trim().is_empty() || l.starts_with('#')))
        .collect();
    // The first damaged line, by line number, wherever it was parsed; a line that does not parse
    // leaves a placeholder, and the whole read fails.
    let failed: std::sync::Mutex<Option<(usize, String)>> = std::sync::Mutex::new(None);
    entries.par_extend(body.par_iter().map(|(n, line)| {
        parse_entry(line).unwrap_or_else(|msg| {
            let mut first = failed.lock().unwrap_or_else(|e| e.into_inner());
            if first.as_ref().is_none_or(|(m, _)| n < m) {
                *first = Some((*n, msg));
            }
            placeholder()
        })
    }));
    if let Some(e) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    lines.extend(body.iter().map(|(n, _)| super::line_number(*n)));
    Ok(last)
}
