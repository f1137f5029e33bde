//! Refusing documents that JSON-LD would silently shorten.
//!
//! JSON-LD expansion drops a property or type whose term the active context does not define, and
//! RDF conversion drops a node reference that is not an absolute IRI. Dropped data is not signed, so it
//! could be changed after signing without breaking the proof. The document is parsed with two sentinels
//! that make such data visible instead of dropping it, without changing anything else:
//!
//! - the vocabulary mapping [`UNDEFINED_TERM`], placed *before* the document's contexts (so any
//!   context that sets its own `@vocab` still wins): IRI expansion uses `@vocab` only for a term that
//!   nothing else defines, which without it would be dropped;
//! - the base IRI [`RELATIVE_IRI`]: it is used only to resolve a relative reference, which without
//!   a base stays relative and is dropped from the RDF.
//!
//! If no quad mentions either sentinel, the quads are exactly those of a plain parse.
//!
//! A walk over the JSON before parsing refuses what the sentinels cannot show: a context that is not
//! bundled, a `@`-key that is not a keyword, and a property name, `id` or `type` holding a character
//! that no IRI may contain.

use std::collections::{BTreeMap, BTreeSet};

use oxrdf::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use serde_json::{Map, Value};

use super::contexts::Contexts;
use crate::ground::error::{Error, Result};

/// The vocabulary mapping that catches undefined terms.
pub(super) const UNDEFINED_TERM: &str = "urn:hallmark:undefined-term:";
/// The base IRI that catches relative IRI references.
pub(super) const RELATIVE_IRI: &str = "https://relative-iri.hallmark.invalid/";

/// Before parsing: every context URL is bundled, and every property name can be a term.
pub(super) fn precheck(doc: &Value, contexts: &Contexts) -> Result<()> {
    // Every document hallmark signs passes: checked first without keeping paths, which only the
    // messages of a document that fails need.
    if passes(doc, contexts) {
        return Ok(());
    }
    let mut problems = Vec::new();
    walk_precheck(doc, &mut "$".to_owned(), contexts, &mut problems);
    fail_if_any(problems)
}

/// Whether the quick check and the walk that keeps paths agree on `doc` (a quick pass must mean no
/// problem; a quick refusal may only cost the walk).
#[cfg(test)]
pub(super) fn quick_check_agrees(doc: &Value, contexts: &Contexts) -> bool {
    let mut problems = Vec::new();
    walk_precheck(doc, &mut "$".to_owned(), contexts, &mut problems);
    !passes(doc, contexts) || problems.is_empty()
}

/// Whether `walk_precheck` would find nothing wrong with `value`.
fn passes(value: &Value, contexts: &Contexts) -> bool {
    match value {
        Value::Object(map) => map.iter().all(|(key, v)| {
            if key == "@context" {
                return context_passes(v, contexts);
            }
            let keyword_form =
                key.len() > 1 && key.starts_with('@') && key[1..].chars().all(|c| c.is_ascii_alphabetic());
            let key_ok = if keyword_form { KEYWORDS.contains(&key.as_str()) } else { !has_non_iri_char(key) };
            let ids_ok = !matches!(key.as_str(), "id" | "@id" | "type" | "@type")
                || match v {
                    Value::String(s) => !has_non_iri_char(s),
                    Value::Array(items) => items.iter().filter_map(Value::as_str).all(|s| !has_non_iri_char(s)),
                    _ => true,
                };
            key_ok && ids_ok && passes(v, contexts)
        }),
        Value::Array(items) => items.iter().all(|v| passes(v, contexts)),
        _ => true,
    }
}

/// Whether `check_context` would find nothing wrong with the context `value`.
fn context_passes(value: &Value, contexts: &Contexts) -> bool {
    match value {
        Value::String(url) => contexts.contains(url),
        Value::Array(items) => items.iter().all(|v| context_passes(v, contexts)),
        // Inline contexts and anything else: the full check says what it makes of them.
        _ => false,
    }
}

/// Whether `s` holds a character no IRI may hold ([`not_iri_char`]), a byte at a time when it is ASCII.
pub(super) fn has_non_iri_char(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| {
            b <= b' ' || b == 0x7f || matches!(b, b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'`')
        })
    } else {
        s.chars().any(not_iri_char)
    }
}

fn walk_precheck(value: &Value, path: &mut String, contexts: &Contexts, problems: &mut Vec<String>) {
    let len = path.len();
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                push_key(path, key);
                if key == "@context" {
                    check_context(v, path, contexts, problems);
                } else {
                    check_key(key, path, problems);
                    if matches!(key.as_str(), "id" | "@id" | "type" | "@type") {
                        check_identifiers(key, v, path, problems);
                    }
                    walk_precheck(v, path, contexts, problems);
                }
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                walk_precheck(v, path, contexts, problems);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// JSON-LD drops keys that look like keywords but are not, and keys that cannot become IRIs.
fn check_key(key: &str, path: &str, problems: &mut Vec<String>) {
    let keyword_form = key.len() > 1 && key.starts_with('@') && key[1..].chars().all(|c| c.is_ascii_alphabetic());
    if keyword_form && !KEYWORDS.contains(&key) {
        problems
            .push(format!("the property name {key:?} at {path} is not a JSON-LD keyword, so JSON-LD would drop it"));
    } else if !keyword_form && has_non_iri_char(key) {
        problems.push(format!(
            "the property name {key:?} at {path} cannot be a JSON-LD term \
             (it contains a character not allowed in an IRI), so JSON-LD would drop it"
        ));
    }
}

/// Identifiers and types (`id` and `type` alias `@id` and `@type` in every bundled context) must be
/// able to become IRIs; RDF conversion drops any that cannot, silently.
fn check_identifiers(key: &str, value: &Value, path: &str, problems: &mut Vec<String>) {
    let values: Vec<(String, &str)> = match value {
        Value::String(s) => vec![(path.to_owned(), s.as_str())],
        Value::Array(items) => {
            items.iter().enumerate().filter_map(|(i, v)| Some((format!("{path}[{i}]"), v.as_str()?))).collect()
        }
        _ => Vec::new(),
    };
    for (at, v) in values {
        if has_non_iri_char(v) {
            problems.push(format!(
                "the {key} {v:?} at {at} contains a character not allowed in an IRI, so JSON-LD would drop it"
            ));
        }
    }
}

/// The JSON-LD 1.1 keywords.
pub(super) const KEYWORDS: &[&str] = &[
    "@base",
    "@container",
    "@context",
    "@direction",
    "@graph",
    "@id",
    "@import",
    "@included",
    "@index",
    "@json",
    "@language",
    "@list",
    "@nest",
    "@none",
    "@prefix",
    "@propagate",
    "@protected",
    "@reverse",
    "@set",
    "@type",
    "@value",
    "@version",
    "@vocab",
];

/// A context is a URL, an inline object (whose `@import` is a URL) or an array of those.
fn check_context(value: &Value, path: &mut String, contexts: &Contexts, problems: &mut Vec<String>) {
    match value {
        Value::String(url) if !contexts.contains(url) => problems
            .push(format!("the context {url} at {path} is not bundled with hallmark, and contexts are never fetched")),
        Value::Null => problems.push(format!("the null context at {path} would discard the contexts' definitions")),
        Value::Array(items) => {
            let len = path.len();
            for (i, v) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                check_context(v, path, contexts, problems);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            if let Some(import) = map.get("@import") {
                let len = path.len();
                path.push_str(".@import");
                check_context(import, path, contexts, problems);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Characters that can never appear in an IRI (RFC 3987), so a term made of them expands to nothing.
pub(super) fn not_iri_char(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
}

/// After parsing: no quad may carry a sentinel.
pub(super) fn postcheck<'q>(quads: impl IntoIterator<Item = QuadRef<'q>>, doc: &Value) -> Result<()> {
    // Undefined term → the subjects it was used on (`None`: a blank node).
    let mut undefined: BTreeMap<String, BTreeSet<Option<String>>> = BTreeMap::new();
    let mut relative = BTreeSet::new();
    for quad in quads {
        let subject = match quad.subject {
            NamedOrBlankNodeRef::NamedNode(n) => Some(n.as_str()),
            _ => None,
        };
        let mut iri = |node: NamedNodeRef<'_>| {
            let iri = node.as_str();
            if let Some(term) = iri.strip_prefix(UNDEFINED_TERM) {
                let subjects = undefined.entry(term.to_owned()).or_default();
                subjects.insert(subject.map(str::to_owned));
            } else if let Some(rest) = iri.strip_prefix(RELATIVE_IRI) {
                relative.insert(rest.to_owned());
            }
        };
        if let NamedOrBlankNodeRef::NamedNode(n) = quad.subject {
            iri(n);
        }
        iri(quad.predicate);
        match quad.object {
            TermRef::NamedNode(n) => iri(n),
            TermRef::Literal(l) => iri(l.datatype()),
            _ => {}
        }
        if let GraphNameRef::NamedNode(n) = quad.graph_name {
            iri(n);
        }
    }
    if undefined.is_empty() && relative.is_empty() {
        return Ok(());
    }
    let mut problems = Vec::new();
    for (term, subjects) in &undefined {
        problems.push(format!(
            "the term {term:?}{} is not defined by the document's @context, so JSON-LD expansion \
             would drop it",
            at(term_paths(doc, term, subjects))
        ));
    }
    for rest in &relative {
        let matches = |v: &str| v == rest || v.strip_prefix('/') == Some(rest) || v.strip_prefix("./") == Some(rest);
        let mut found = Vec::new();
        find(doc, &mut "$".to_owned(), &|_| true, &|_, v| v.is_some_and(matches), &mut found);
        problems.push(format!(
            "the reference {rest:?}{} is not an absolute IRI, so it would be dropped from the RDF",
            at(found)
        ));
    }
    fail_if_any(problems)
}

/// Where `term` is used as a key or a value in the JSON nodes that are `subjects`; anywhere if none is.
fn term_paths(doc: &Value, term: &str, subjects: &BTreeSet<Option<String>>) -> Vec<String> {
    let is_subject = |node: &Map<String, Value>| {
        let id = node.get("id").or_else(|| node.get("@id")).and_then(Value::as_str).filter(|id| !id.starts_with("_:"));
        subjects.contains(&id.map(str::to_owned))
    };
    let hit = |key: Option<&str>, value: Option<&str>| key == Some(term) || value == Some(term);
    let mut found = Vec::new();
    find(doc, &mut "$".to_owned(), &is_subject, &hit, &mut found);
    if found.is_empty() {
        find(doc, &mut "$".to_owned(), &|_| true, &hit, &mut found);
    }
    found
}

fn fail_if_any(problems: Vec<String>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Proof(
            format!("the document cannot be signed or verified as JSON-LD: {}", problems.join("; ")).into(),
        ))
    }
}

/// " at $.a.b, $.c", or nothing.
fn at(paths: Vec<String>) -> String {
    if paths.is_empty() {
        String::new()
    } else {
        format!(" at {}", paths.join(", "))
    }
}

/// Every place, outside contexts, where `hit(key, string value)` holds for an entry of a node that
/// `in_node` accepts (or for a value inside such an entry's array).
fn find(
    value: &Value,
    path: &mut String,
    in_node: &dyn Fn(&Map<String, Value>) -> bool,
    hit: &dyn Fn(Option<&str>, Option<&str>) -> bool,
    found: &mut Vec<String>,
) {
    let len = path.len();
    match value {
        Value::Object(map) => {
            let here = in_node(map);
            for (key, v) in map.iter().filter(|(k, _)| *k != "@context") {
                push_key(path, key);
                if here {
                    match v {
                        _ if hit(Some(key), None) => found.push(path.clone()),
                        Value::String(s) if hit(None, Some(s)) => found.push(path.clone()),
                        Value::Array(items) => {
                            for (i, item) in items.iter().enumerate() {
                                if item.as_str().is_some_and(|s| hit(None, Some(s))) {
                                    found.push(format!("{path}[{i}]"));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                find(v, path, in_node, hit, found);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                find(v, path, in_node, hit, found);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// `.key`, or `["key"]` when the key is not a plain name.
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '@' | '$' | '-'));
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&Value::from(key).to_string());
        path.push(']');
    }
}
