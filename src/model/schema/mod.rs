//! Checks a parsed TOML table against the keys a file accepts and reports every problem at its place:
//! unknown keys (with a did-you-mean), values of the wrong type, missing keys, control characters.
//! serde's `deny_unknown_fields` stops at the first problem; editors want them all in one pass.
//!
//! The walk also leaves the table fit to deserialize: unknown and ill-typed keys are removed and
//! missing ones get a placeholder, so the rest of the file can still be checked. Callers must not
//! trust the values at [`Walk::unusable`] paths.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

use super::validate::{describe_control, suggest};
use crate::ground::error::{Location, Problem, Problems};

/// What a key holds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    /// A string on one line, without control characters.
    Text,
    /// A string of any characters, line breaks included: a note that is never signed.
    Note,
    /// A date: a string, or a bare TOML date (`2026-05-01`). Whether it is a real date is for the
    /// caller to check.
    Date,
    /// `true` or `false`.
    Bool,
    /// A whole number, 1 or more.
    Count,
    /// A number, integer or not (whether it is in range is for the caller to check).
    Number,
    /// An array of [`Kind::Number`]s.
    NumberList,
    /// A table whose keys the editor names, each holding a string: `[rosters."x.csv".results]`.
    TextMap,
    /// A value that is a string or a number (`min = 0`, `min = "0"`): results' values are strings in
    /// Open Badges, numbers to people.
    Scalar,
    /// An array of [`Kind::Text`] strings.
    TextList,
    /// A table with these keys: `[site]`.
    Table(&'static [Key]),
    /// A table of tables the editor names, each with these keys: `[programs.<slug>]`.
    Named(&'static [Key]),
    /// An array of tables with these keys: `[[alignment]]`.
    TableList(&'static [Key]),
}

/// One key a table accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

impl Key {
    /// An optional key.
    pub(crate) const fn optional(name: &'static str, kind: Kind) -> Key {
        Key { name, kind, required: false }
    }

    /// A key that must be present.
    pub(crate) const fn required(name: &'static str, kind: Kind) -> Key {
        Key { name, kind, required: true }
    }

    /// How the key is written in a list of accepted keys: `title`, `[site]`, `[[alignment]]`.
    fn shown(&self) -> String {
        match self.kind {
            Kind::Table(_) => format!("[{}]", self.name),
            Kind::Named(_) => format!("[{}.<name>]", self.name),
            Kind::TableList(_) => format!("[[{}]]", self.name),
            _ => self.name.to_string(),
        }
    }
}

/// What [`walk`] found besides the problems it recorded.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Dotted paths (`site.title`, `alignment.1.url`) whose value was missing or unusable and was
    /// replaced by a placeholder: already reported, so checks of their value must skip them.
    pub unusable: BTreeSet<String>,
    /// Where each key present in the file was written, by dotted path.
    pub spans: HashMap<String, Range<usize>>,
    /// How many errors the walk recorded.
    pub errors: usize,
}

impl Walk {
    /// Whether the value at `path` can be checked further.
    pub(crate) fn usable(&self, path: &str) -> bool {
        !self.unusable.contains(path)
    }
}

/// Checks `root` against `keys`; `file` names the whole table in messages (`hallmark.toml`, `the
/// front matter`) and `at` turns a byte offset of the parsed text into a location.
pub(crate) fn walk(
    root: &mut DeTable<'_>,
    keys: &'static [Key],
    file: &str,
    at: &dyn Fn(usize) -> Location,
    problems: &mut Problems,
) -> Walk {
    let mut walker = Walker { at, problems, out: Walk::default(), file };
    walker.table(root, keys, &Place::root(), true, None);
    walker.out
}

/// Where a table is, for messages and paths.
#[derive(Clone)]
struct Place {
    /// Segments for dotted paths: `alignment`, `1`, `url`.
    path: Vec<String>,
    /// How the table is written in messages: `[site]`, `[[alignment]]`; empty for the root.
    header: String,
}

impl Place {
    fn root() -> Place {
        Place { path: Vec::new(), header: String::new() }
    }

    fn key(&self, name: &str) -> String {
        let mut p = self.path.clone();
        p.push(name.to_string());
        p.join(".")
    }

    /// The key's name as an editor reads it: `site.language`, `rosters."recipients/x.csv".badge`.
    fn shown_key(&self, name: &str) -> String {
        match self.header.trim_start_matches('[').trim_end_matches(']') {
            "" => name.to_string(),
            h => format!("{h}.{name}"),
        }
    }

    fn child_table(&self, name: &str) -> Place {
        Place { path: self.with(name), header: format!("[{}]", self.shown_key(&bare_or_quoted(name))) }
    }

    fn child_element(&self, name: &str, index: usize) -> Place {
        let mut path = self.with(name);
        path.push(index.to_string());
        Place { path, header: format!("[[{}]]", self.shown_key(&bare_or_quoted(name))) }
    }

    fn with(&self, name: &str) -> Vec<String> {
        let mut p = self.path.clone();
        p.push(name.to_string());
        p
    }
}

/// A key as TOML would write it: bare when it can be, quoted otherwise.
fn bare_or_quoted(name: &str) -> String {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

struct Walker<'a, 'p> {
    at: &'a dyn Fn(usize) -> Location,
    problems: &'p mut Problems,
    out: Walk,
    file: &'a str,
}

impl Walker<'_, '_> {
    fn error(&mut self, offset: usize, message: String, help: String) {
        self.out.errors += 1;
        self.problems.push(Problem::error((self.at)(offset), message).help(help));
    }

    /// `header_span` is where the table was opened, for "missing key" problems.
    fn table<'i>(
        &mut self,
        table: &mut DeTable<'i>,
        keys: &'static [Key],
        place: &Place,
        report_missing: bool,
        header_span: Option<Range<usize>>,
    ) {
        let known: Vec<&str> = keys.iter().map(|k| k.name).collect();
        let within = if place.header.is_empty() { String::new() } else { format!(" in {}", place.header) };
        let accepts = format!(
            "{} accepts {}",
            if place.header.is_empty() { self.file } else { &place.header },
            and_list(&keys.iter().map(Key::shown).collect::<Vec<_>>())
        );
        let present: Vec<(String, Range<usize>)> =
            table.iter().map(|(k, _)| (k.get_ref().to_string(), k.span())).collect();
        let mut meant = BTreeSet::new();
        for (name, span) in &present {
            if known.contains(&name.as_str()) {
                self.out.spans.insert(place.key(name), span.clone());
                continue;
            }
            // A key in the file that is not a key of ours: perhaps a typo of one that is missing.
            let missing = known.iter().copied().filter(|k| !present.iter().any(|(p, _)| p == k));
            let help = match suggest(name, missing).or_else(|| suggest(name, known.iter().copied())) {
                Some(s) => {
                    meant.insert(s);
                    format!("did you mean `{s}`?")
                }
                None => format!("remove or rename the key; {accepts}"),
            };
            self.error(span.start, format!("unknown key `{name}`{within}"), help);
            table.remove(name.as_str());
        }
        for key in keys {
            let path = place.key(key.name);
            let header = present.iter().find(|(p, _)| p == key.name).map(|(_, s)| s.clone());
            let ok = match table.get_mut(key.name) {
                Some(value) => self.value(value, key, place, header),
                None => {
                    if key.required && report_missing && !meant.contains(key.name) {
                        let offset = header_span.as_ref().map_or(0, |s| s.start);
                        let message = match key.kind {
                            Kind::Table(_) => format!("{} has no {} table", self.file, key.shown()),
                            _ => format!("the key `{}` is missing{within}", key.name),
                        };
                        self.error(offset, message, format!("add it; {accepts}"));
                    }
                    false
                }
            };
            if !ok {
                table.remove(key.name);
                if key.required {
                    self.out.unusable.insert(path.clone());
                    let mut placeholder = placeholder(key.kind);
                    if let (DeValue::Table(t), Kind::Table(inner)) = (&mut placeholder, key.kind) {
                        self.table(t, inner, &place.child_table(key.name), false, None);
                    }
                    table.insert(Spanned::new(0..0, key.name.into()), Spanned::new(0..0, placeholder));
                }
            }
        }
    }

    /// Checks one present value; false when it is unusable (and was reported).
    fn value(
        &mut self,
        value: &mut Spanned<DeValue<'_>>,
        key: &Key,
        place: &Place,
        key_span: Option<Range<usize>>,
    ) -> bool {
        let span = value.span();
        let shown = place.shown_key(&bare_or_quoted(key.name));
        if !fits(key.kind, value.get_ref()) {
            self.wrong_type(key, value.get_ref(), span.start, &shown);
            return false;
        }
        match (key.kind, value.get_mut()) {
            (Kind::Text, DeValue::String(s)) => {
                self.text(s, span, &shown);
                true
            }
            (Kind::TextList, DeValue::Array(items)) => self.text_list(items, &shown, key.name, &place.key(key.name)),
            (Kind::NumberList, DeValue::Array(items)) => self.number_list(items, &shown, key.name),
            (Kind::Table(inner), DeValue::Table(t)) => {
                self.table(t, inner, &place.child_table(key.name), true, key_span);
                true
            }
            (Kind::Named(inner), DeValue::Table(t)) => {
                self.named(t, inner, key, place);
                true
            }
            (Kind::TextMap, DeValue::Table(t)) => {
                self.text_map(t, key, place);
                true
            }
            (Kind::TableList(inner), DeValue::Array(items)) => self.table_list(items, inner, key, place, &shown),
            _ => true,
        }
    }

    /// Reports a value whose TOML type does not fit its key, with how to write one that does.
    fn wrong_type(&mut self, key: &Key, value: &DeValue<'_>, offset: usize, shown: &str) {
        let expected = match key.kind {
            Kind::Text | Kind::Note => "a string",
            Kind::Date => "a date",
            Kind::Bool => "true or false",
            Kind::Count => "a whole number",
            Kind::Number => "a number",
            Kind::NumberList => "a list of numbers",
            Kind::Scalar => "a string or a number",
            Kind::TextMap => "a table of strings",
            Kind::TextList => "a list of strings",
            Kind::Table(_) | Kind::Named(_) => "a table",
            Kind::TableList(_) => "a list of tables",
        };
        let help = match key.kind {
            Kind::Text | Kind::Note => format!("put the value in double quotes: {} = \"…\"", key.name),
            Kind::Date => format!("write the date as YYYY-MM-DD: {} = 2026-05-01", key.name),
            Kind::Bool => format!("write {} = true or {} = false, without quotes", key.name, key.name),
            Kind::Count => format!("write a number without quotes: {} = 200", key.name),
            Kind::TextList => format!("write a list in square brackets: {} = [\"…\", \"…\"]", key.name),
            Kind::Number => format!("write the number without quotes: {} = 10", key.name),
            Kind::NumberList => format!("write a list of numbers in square brackets: {} = [30, 7]", key.name),
            Kind::Scalar => format!("write a number or a string: {} = 50 or {} = \"B\"", key.name, key.name),
            Kind::TextMap => {
                format!("write it as a table: [{shown}] on a line of its own, then name = \"Column\" lines")
            }
            Kind::Table(_) | Kind::Named(_) => format!("write it as a table: [{shown}] on a line of its own"),
            Kind::TableList(_) => format!("write each entry as a table: [[{shown}]] on a line of its own"),
        };
        let found = value.type_str();
        self.error(offset, format!("{shown} must be {expected}, not {} {found}", article(found)), help);
    }

    /// Checks each table of a `[key.<name>]` group against `inner`, removing entries that are not tables.
    fn named(&mut self, t: &mut DeTable<'_>, inner: &'static [Key], key: &Key, place: &Place) {
        let path = place.key(key.name);
        let outer = place.child_table(key.name);
        let names: Vec<(String, Range<usize>)> = t.iter().map(|(k, _)| (k.get_ref().to_string(), k.span())).collect();
        for (name, name_span) in names {
            self.out.spans.insert(format!("{path}.{name}"), name_span.clone());
            let Some(entry) = t.get_mut(name.as_str()) else { continue };
            let entry_span = entry.span();
            match entry.get_mut() {
                DeValue::Table(inner_table) => {
                    self.table(inner_table, inner, &outer.child_table(&name), true, Some(name_span));
                }
                other => {
                    let found = other.type_str();
                    let entry_header = outer.child_table(&name).header;
                    self.error(
                        entry_span.start,
                        format!("{entry_header} must be a table, not {} {found}", article(found)),
                        format!("write it as a table: {entry_header} on a line of its own, its keys below"),
                    );
                    t.remove(name.as_str());
                }
            }
        }
    }

    /// Checks that every entry of an editor-named table of strings is a string.
    fn text_map(&mut self, t: &mut DeTable<'_>, key: &Key, place: &Place) {
        let path = place.key(key.name);
        let names: Vec<(String, Range<usize>)> = t.iter().map(|(k, _)| (k.get_ref().to_string(), k.span())).collect();
        for (name, name_span) in names {
            self.out.spans.insert(format!("{path}.{name}"), name_span);
            let Some(entry) = t.get_mut(name.as_str()) else { continue };
            let span = entry.span();
            match entry.get_ref() {
                DeValue::String(s) => self.text(s, span, &format!("{path}.{name}")),
                other => {
                    let found = other.type_str();
                    self.error(
                        span.start,
                        format!("{path}.{name} must be a string, not {} {found}", article(found)),
                        format!("write the column's header in double quotes: {name} = \"Header\""),
                    );
                    t.remove(name.as_str());
                }
            }
        }
    }

    /// Checks each table of a `[[key]]` list against `inner`; false when an entry is not a table.
    fn table_list(
        &mut self,
        items: &mut DeArray<'_>,
        inner: &'static [Key],
        key: &Key,
        place: &Place,
        shown: &str,
    ) -> bool {
        let mut ok = true;
        for (i, item) in items.iter_mut().enumerate() {
            let item_span = item.span();
            match item.get_mut() {
                DeValue::Table(t) => {
                    self.table(t, inner, &place.child_element(key.name, i), true, Some(item_span));
                }
                other => {
                    let found = other.type_str();
                    self.error(
                        item_span.start,
                        format!("each {shown} must be a table, not {} {found}", article(found)),
                        format!("write each entry as a table: [[{shown}]] on a line of its own"),
                    );
                    ok = false;
                }
            }
        }
        ok
    }

    /// Records where each entry was written as `path.<n>`, for checks of the values.
    fn text_list(&mut self, items: &mut DeArray<'_>, shown: &str, name: &str, path: &str) -> bool {
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            self.out.spans.insert(format!("{path}.{i}"), item.span());
            match item.get_ref() {
                DeValue::String(s) => self.text(s, item.span(), shown),
                other => {
                    let found = other.type_str();
                    self.error(
                        item.span().start,
                        format!("{shown} must be a list of strings, not hold {} {found}", article(found)),
                        format!("put each entry in double quotes: {name} = [\"…\", \"…\"]"),
                    );
                    ok = false;
                }
            }
        }
        ok
    }

    fn number_list(&mut self, items: &DeArray<'_>, shown: &str, name: &str) -> bool {
        let bad = items.iter().find(|i| !matches!(i.get_ref(), DeValue::Integer(_) | DeValue::Float(_)));
        if let Some(item) = bad {
            let found = item.get_ref().type_str();
            let (msg, help) = (
                format!("{shown} must be a list of numbers, not hold {} {found}", article(found)),
                format!("write numbers without quotes: {name} = [30, 7]"),
            );
            self.error(item.span().start, msg, help);
        }
        bad.is_none()
    }

    /// Control characters are invisible in an editor, and some verifiers reject them.
    fn text(&mut self, s: &str, span: Range<usize>, shown: &str) {
        if let Some(c) = s.chars().find(|c| c.is_control()) {
            self.error(
                span.start,
                format!("{shown} contains a control character ({})", describe_control(c)),
                "remove it: control characters are invisible, and verifiers may reject the credential".into(),
            );
        }
    }
}

/// Whether a value of this TOML type can hold a key of `kind`.
fn fits(kind: Kind, value: &DeValue<'_>) -> bool {
    matches!(
        (kind, value),
        (Kind::Text | Kind::Note, DeValue::String(_))
            | (Kind::Date, DeValue::String(_) | DeValue::Datetime(_))
            | (Kind::Bool, DeValue::Boolean(_))
            | (Kind::Count, DeValue::Integer(_))
            | (Kind::Number, DeValue::Integer(_) | DeValue::Float(_))
            | (Kind::Scalar, DeValue::String(_) | DeValue::Integer(_) | DeValue::Float(_))
            | (Kind::TextList | Kind::NumberList | Kind::TableList(_), DeValue::Array(_))
            | (Kind::Table(_) | Kind::Named(_) | Kind::TextMap, DeValue::Table(_))
    )
}

fn placeholder(kind: Kind) -> DeValue<'static> {
    match kind {
        Kind::Text | Kind::Note | Kind::Date | Kind::Scalar => DeValue::String("".into()),
        Kind::Bool => DeValue::Boolean(false),
        Kind::Count | Kind::Number => DeValue::Integer(Default::default()),
        Kind::TextList | Kind::NumberList | Kind::TableList(_) => DeValue::Array(DeArray::new()),
        Kind::Table(_) | Kind::Named(_) | Kind::TextMap => DeValue::Table(DeTable::new()),
    }
}

fn article(type_name: &str) -> &'static str {
    if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests;
