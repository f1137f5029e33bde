//! The bundled contexts, processed once into term-definition tables ([`Layer`]s), and the active
//! context of a node as a stack of those tables ([`ActiveContext`]).
//!
//! A bundled context becomes a [`Layer`] only if every definition in it is independent of whatever
//! context it is later applied over: every `@id` and `@type` is a keyword, an absolute IRI, or a term of
//! the same context; a compact-looking IRI such as `xsd:dateTime` counts as absolute only when no
//! bundled context defines its prefix as a term. Anything else in a context (`@import`, `@base`,
//! `@language`, a term without `@id`, `@reverse`, `@nest`, …) leaves the context out of the fast path,
//! and documents using it take the general one. What the fast path merely does not implement for
//! values (`@json`, `@list` and `@graph` containers, a `null` scoped context) is kept in the table and
//! refused where a document uses it.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use oxrdf::NamedNode;
use serde_json::{Map, Value};

/// The container mappings JSON-LD 1.1 accepts (sorted), as the JSON-LD processor checks them.
const CONTAINERS: &[&[&str]] = &[
    &["@index"],
    &["@index", "@set"],
    &["@language"],
    &["@language", "@set"],
    &["@graph"],
    &["@graph", "@set"],
    &["@graph", "@id"],
    &["@graph", "@id", "@set"],
    &["@graph", "@index"],
    &["@graph", "@index", "@set"],
    &["@id"],
    &["@id", "@set"],
    &["@list"],
    &["@set"],
    &["@type"],
    &["@type", "@set"],
];

/// What a term expands to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Mapping {
    /// A keyword alias, such as `"id": "@id"`.
    Keyword(&'static str),
    Iri(NamedNode),
}

/// The `@type` of a term definition: how its string (and number, boolean) values are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Coercion {
    /// No `@type`: strings are plain literals.
    None,
    /// `@id`: strings are IRIs.
    Id,
    /// `@vocab`: strings are terms or IRIs.
    Vocab,
    /// `@json`, `@none`: not implemented by the fast path.
    Unsupported(&'static str),
    /// A datatype IRI.
    Datatype(NamedNode),
}

/// A scoped context (`@context` inside a term definition).
#[derive(Debug)]
pub(super) struct Scoped {
    /// `None` for a scoped context the fast path cannot apply (`null`).
    pub(super) layer: Option<Arc<Layer>>,
    /// As written, with the URL of the context it came from: a protected term may only be redefined
    /// with the same scoped context from the same place.
    raw: Value,
    source: Arc<str>,
}

/// One processed term definition.
#[derive(Debug)]
pub(super) struct TermDef {
    pub(super) mapping: Mapping,
    pub(super) coercion: Coercion,
    /// Sorted, as the JSON-LD processor keeps it.
    container: Vec<&'static str>,
    pub(super) scoped: Option<Scoped>,
    protected: bool,
    prefix: bool,
}

impl TermDef {
    /// Whether values of the term may be arrays and objects as the fast path reads them: no container
    /// or `@set`.
    pub(super) fn plain_container(&self) -> bool {
        self.container.is_empty() || self.container == ["@set"]
    }

    /// The JSON-LD "same definition, apart from @protected" test of protected term redefinition.
    fn same_as(&self, other: &TermDef) -> bool {
        let scoped_same = match (&self.scoped, &other.scoped) {
            (None, None) => true,
            (Some(a), Some(b)) => a.raw == b.raw && a.source == b.source,
            _ => false,
        };
        scoped_same
            && self.mapping == other.mapping
            && self.coercion == other.coercion
            && self.container == other.container
            && self.prefix == other.prefix
    }
}

/// One processed context: its term definitions, and its `@vocab` and `@propagate` if set.
#[derive(Debug, Default)]
pub(super) struct Layer {
    terms: HashMap<String, TermDef, BuildHasherDefault<WordHasher>>,
    vocab: Option<Arc<str>>,
    propagate: Option<bool>,
    /// The contexts this layer was applied over, and what that gave: every document of a build
    /// applies the same contexts in the same order, and applying one checks each of its terms.
    applied: std::sync::Mutex<Vec<Applied>>,
}

/// One application of a layer: the context it was applied over (held, so its address stays its
/// own), the flags, and the result (`None`: the processor would refuse).
type Applied = (Arc<ActiveContext>, bool, bool, Option<Arc<ActiveContext>>);

/// The most applications a layer remembers (a build has a handful: its documents share contexts).
const APPLIED_KEPT: usize = 64;

/// The bundled contexts that the fast path can use, processed.
#[derive(Debug, Default)]
pub(in crate::crypto::rdfc) struct Tables {
    by_url: HashMap<String, Arc<Layer>>,
    /// The context every document starts from: one, so the layers' applications over it are shared.
    empty: Arc<ActiveContext>,
}

impl Drop for Tables {
    /// The applications a layer remembers hold contexts made of layers, this one among them: let go
    /// of them, or the tables would never be freed (a `serve` session makes new ones per rebuild).
    fn drop(&mut self) {
        for layer in self.by_url.values() {
            layer.forget();
        }
    }
}

impl Layer {
    /// Forgets what this layer and the scoped contexts in it remember of their applications.
    fn forget(&self) {
        self.applied.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
        for def in self.terms.values() {
            if let Some(layer) = def.scoped.as_ref().and_then(|s| s.layer.as_ref()) {
                layer.forget();
            }
        }
    }
}

impl Tables {
    /// The context every document starts from, shared.
    pub(super) fn empty(&self) -> Arc<ActiveContext> {
        Arc::clone(&self.empty)
    }

    /// Processes each context (URL, published body) once. A context that cannot be processed
    /// context-independently is left out: documents using it take the general path.
    pub(in crate::crypto::rdfc) fn load<'a>(contexts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Tables {
        let parsed: Vec<(&str, Value)> = contexts
            .into_iter()
            .filter_map(|(url, body)| Some((url, serde_json::from_str::<Value>(body).ok()?)))
            .collect();
        // Every term any bundled context defines, at any depth: a compact-looking IRI counts as absolute
        // only if its prefix is none of them (no context applied before could make it a prefix).
        let mut names = HashSet::new();
        for (_, doc) in &parsed {
            if let Some(ctx) = doc.get("@context") {
                collect_terms(ctx, &mut names);
            }
        }
        let mut by_url = HashMap::new();
        for (url, doc) in &parsed {
            let source: Arc<str> = Arc::from(*url);
            let processor = Processor { names: &names, source: &source };
            if let Some(layer) = doc.get("@context").and_then(|ctx| processor.layer(ctx)) {
                by_url.insert((*url).to_owned(), Arc::new(layer));
            }
        }
        Tables { by_url, empty: Arc::default() }
    }

    /// The processed context of a URL, if bundled and usable.
    pub(super) fn get(&self, url: &str) -> Option<&Arc<Layer>> {
        self.by_url.get(url)
    }

    #[cfg(test)]
    pub(super) fn urls(&self) -> Vec<&str> {
        let mut urls: Vec<&str> = self.by_url.keys().map(String::as_str).collect();
        urls.sort_unstable();
        urls
    }
}

/// Every key of every context object within `ctx`, scoped contexts included.
fn collect_terms(ctx: &Value, names: &mut HashSet<String>) {
    match ctx {
        Value::Object(map) => {
            for (key, value) in map {
                names.insert(key.clone());
                if let Some(scoped) = value.get("@context") {
                    collect_terms(scoped, names);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_terms(item, names)),
        _ => {}
    }
}

/// Processes one context object into a [`Layer`].
struct Processor<'a> {
    names: &'a HashSet<String>,
    source: &'a Arc<str>,
}

/// Terms being defined: `None` while in progress (a cycle), then the definition.
type Defined = HashMap<String, Option<Mapping>>;

impl Processor<'_> {
    fn layer(&self, ctx: &Value) -> Option<Layer> {
        let Value::Object(map) = ctx else { return None };
        let mut layer = Layer::default();
        let mut protected = false;
        for (key, value) in map.iter().filter(|(k, _)| k.starts_with('@')) {
            match (key.as_str(), value) {
                ("@protected", Value::Bool(b)) => protected = *b,
                ("@propagate", Value::Bool(b)) => layer.propagate = Some(*b),
                ("@version", Value::Number(n)) if n.as_f64() == Some(1.1) => {}
                ("@vocab", Value::String(vocab)) => {
                    // Only an absolute IRI (a relative one is resolved against the vocabulary in force).
                    let valid = vocab.split_once(':').is_some_and(|(p, _)| p != "_" && !self.names.contains(p));
                    if !valid || NamedNode::new(vocab.as_str()).is_err() {
                        return None;
                    }
                    layer.vocab = Some(Arc::from(vocab.as_str()));
                }
                _ => return None,
            }
        }
        let mut defined = Defined::new();
        for (term, value) in map.iter().filter(|(k, _)| !k.starts_with('@')) {
            let def = self.term(map, term, value, protected, &mut defined)?;
            layer.terms.insert(term.clone(), def);
        }
        Some(layer)
    }

    /// One term definition, or `None` if the context cannot be used on the fast path.
    fn term(
        &self,
        local: &Map<String, Value>,
        term: &str,
        value: &Value,
        protected: bool,
        defined: &mut Defined,
    ) -> Option<TermDef> {
        // Terms that look like IRIs or compact IRIs have their own expansion rules.
        if term.is_empty() || term.contains([':', '/']) {
            return None;
        }
        let empty = Map::new();
        let (id, entries) = match value {
            Value::String(id) => (id.as_str(), &empty),
            Value::Object(entries) => (entries.get("@id")?.as_str()?, entries),
            _ => return None,
        };
        if id == term {
            return None;
        }
        let mut def = TermDef {
            mapping: self.mapping(local, term, defined)?,
            coercion: Coercion::None,
            container: Vec::new(),
            scoped: None,
            protected,
            prefix: false,
        };
        // The JSON-LD processor's prefix flag (it does not require a simple term).
        if let Mapping::Iri(iri) = &def.mapping {
            def.prefix = iri.as_str().ends_with([':', '/', '?', '#', '[', ']', '@']);
        }
        for (key, v) in entries {
            match (key.as_str(), v) {
                ("@id", _) => {}
                ("@protected", Value::Bool(b)) => def.protected = *b,
                ("@type", Value::String(t)) => {
                    def.coercion = match self.expand(local, t, defined)? {
                        Mapping::Keyword("@id") => Coercion::Id,
                        Mapping::Keyword("@vocab") => Coercion::Vocab,
                        Mapping::Keyword(k @ ("@json" | "@none")) => Coercion::Unsupported(k),
                        Mapping::Keyword(_) => return None,
                        Mapping::Iri(iri) => Coercion::Datatype(iri),
                    };
                }
                ("@container", v) => {
                    let mut list: Vec<&str> = match v {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(items) => items.iter().map(Value::as_str).collect::<Option<_>>()?,
                        _ => return None,
                    };
                    list.sort_unstable();
                    // `@type` containers change the type mapping; not needed.
                    let known = CONTAINERS.iter().find(|c| **c == list.as_slice() && !c.contains(&"@type"))?;
                    def.container = known.to_vec();
                }
                ("@context", Value::Null) => {
                    def.scoped = Some(Scoped { layer: None, raw: Value::Null, source: Arc::clone(self.source) });
                }
                ("@context", scoped @ Value::Object(_)) => {
                    let layer = self.layer(scoped)?;
                    def.scoped = Some(Scoped {
                        layer: Some(Arc::new(layer)),
                        raw: scoped.clone(),
                        source: Arc::clone(self.source),
                    });
                }
                _ => return None,
            }
        }
        Some(def)
    }

    /// The IRI mapping of a term of `local`, defining it first (terms may refer to each other).
    fn mapping(&self, local: &Map<String, Value>, term: &str, defined: &mut Defined) -> Option<Mapping> {
        if let Some(done) = defined.get(term) {
            return done.clone(); // `None`: a cycle
        }
        defined.insert(term.to_owned(), None);
        let id = match local.get(term)? {
            Value::String(id) => id.as_str(),
            Value::Object(entries) => entries.get("@id")?.as_str()?,
            _ => return None,
        };
        if id == term {
            return None;
        }
        let mapping = self.expand(local, id, defined)?;
        if mapping == Mapping::Keyword("@context") {
            return None;
        }
        defined.insert(term.to_owned(), Some(mapping.clone()));
        Some(mapping)
    }

    /// IRI expansion inside a context (vocabulary-relative), when the result cannot depend on the
    /// context this one is applied over.
    fn expand(&self, local: &Map<String, Value>, value: &str, defined: &mut Defined) -> Option<Mapping> {
        if let Some(keyword) = value.strip_prefix('@') {
            if !keyword.is_empty() && keyword.bytes().all(|b| b.is_ascii_alphabetic()) {
                return crate::crypto::rdfc::check::KEYWORDS.iter().find(|k| **k == value).map(|k| Mapping::Keyword(k));
            }
        }
        if local.contains_key(value) {
            return self.mapping(local, value, defined);
        }
        let (prefix, suffix) = value.split_once(':')?;
        if prefix == "_" {
            return None;
        }
        // Unless the suffix starts with `//`, a prefix defined anywhere could turn this into another IRI.
        if !suffix.starts_with("//") && (local.contains_key(prefix) || self.names.contains(prefix)) {
            return None;
        }
        NamedNode::new(value).ok().map(Mapping::Iri)
    }
}

/// The active context: the layers applied so far (later ones win), the vocabulary mapping, and the
/// context to return to when a type-scoped context stops applying.
#[derive(Debug, Default)]
pub(super) struct ActiveContext {
    /// Each layer with whether it was applied with `override protected`.
    layers: Vec<(Arc<Layer>, bool)>,
    vocab: Option<Arc<str>>,
    pub(super) previous: Option<Arc<ActiveContext>>,
}

impl ActiveContext {
    /// The definition in force for `term`.
    pub(super) fn lookup(&self, term: &str) -> Option<&TermDef> {
        self.layers.iter().rev().find_map(|(layer, _)| layer.terms.get(term))
    }

    /// The vocabulary mapping (the general path's sentinel vocabulary is not one).
    pub(super) fn vocab(&self) -> Option<&str> {
        self.vocab.as_deref()
    }

    /// Whether `term` is protected: a redefinition without `override protected` keeps the protected
    /// definition it had to equal.
    fn is_protected(&self, term: &str) -> bool {
        for (layer, override_protected) in self.layers.iter().rev() {
            if let Some(def) = layer.terms.get(term) {
                if def.protected {
                    return true;
                }
                if *override_protected {
                    return false;
                }
            }
        }
        false
    }

    /// The JSON-LD context processing of `layer` over this context; `None` where the JSON-LD processor
    /// would report an error (a protected term redefined differently).
    pub(super) fn apply(
        self: &Arc<Self>,
        layer: &Arc<Layer>,
        override_protected: bool,
        propagate: bool,
    ) -> Option<Arc<ActiveContext>> {
        let remembered = |memo: &Vec<Applied>| {
            memo.iter()
                .find(|(over, o, p, _)| Arc::ptr_eq(over, self) && *o == override_protected && *p == propagate)
                .map(|(.., result)| result.clone())
        };
        let memo = layer.applied.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(result) = remembered(&memo) {
            return result;
        }
        drop(memo);
        let result = self.apply_uncached(layer, override_protected, propagate);
        let mut memo = layer.applied.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if memo.len() < APPLIED_KEPT && remembered(&memo).is_none() {
            memo.push((Arc::clone(self), override_protected, propagate, result.clone()));
        }
        result
    }

    fn apply_uncached(
        self: &Arc<Self>,
        layer: &Arc<Layer>,
        override_protected: bool,
        propagate: bool,
    ) -> Option<Arc<ActiveContext>> {
        if !override_protected {
            for (term, def) in &layer.terms {
                if self.is_protected(term) && !self.lookup(term).is_some_and(|old| old.same_as(def)) {
                    return None;
                }
            }
        }
        let propagate = layer.propagate.unwrap_or(propagate);
        let mut layers = Vec::with_capacity(self.layers.len() + 1);
        layers.extend(self.layers.iter().cloned());
        layers.push((Arc::clone(layer), override_protected));
        let previous = match (&self.previous, propagate) {
            (Some(previous), _) => Some(Arc::clone(previous)),
            (None, false) => Some(Arc::clone(self)),
            (None, true) => None,
        };
        Some(Arc::new(ActiveContext { layers, vocab: layer.vocab.clone().or_else(|| self.vocab.clone()), previous }))
    }
}

/// A fast hash for term lookups (the Fx hash of rustc): the tables are fixed, so there is nothing for
/// a document to attack, and looking terms up is much of the fast path's work.
#[derive(Default)]
pub(in crate::crypto::rdfc) struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(last));
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
