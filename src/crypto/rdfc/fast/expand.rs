//! JSON-LD document → RDF quads, with the processed contexts of [`Tables`].
//!
//! This follows the JSON-LD 1.1 expansion and RDF conversion algorithms for the subset described in
//! the parent module, and where the JSON-LD processor of the general path (oxjsonld) departs from the
//! specification, it follows the processor or gives up:
//!
//! - a node whose only entries are `id` then `type` keeps the enclosing type-scoped context there (the
//!   specification drops it): the fast path goes on only if both readings give the same node;
//! - of several types with scoped contexts, only the last applies there (the specification applies them
//!   all): the fast path gives up on a node with more than one;
//! - the property-scoped context of a node object applies over the enclosing type-scoped context there
//!   (the specification applies it after going back to the context before that one): the fast path gives
//!   up on such a node.
//!
//! Every function returns `None` to give up; the caller then takes the general path.

use std::borrow::Cow;
use std::sync::Arc;

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{BlankNode, GraphNameRef, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use serde_json::{Map, Number, Value};

use super::context::{ActiveContext, Coercion, Mapping, Tables, TermDef};
use crate::crypto::rdfc::check::has_non_iri_char;
use crate::crypto::rdfc::direct::{interleave, Placed, Quads};

/// The RDF quads of `doc`, in the order JSON-LD produces them (a value given twice in an array gives
/// its quad twice: [`super::super::direct`] makes them one), or `None` if the fast path does not
/// handle all of it.
pub(in crate::crypto::rdfc) fn to_quads(tables: &Tables, doc: &Map<String, Value>) -> Option<Quads> {
    let root = root_context(tables, doc.get("@context")?)?;
    let mut converter = Converter { quads: Quads::default(), blank_nodes: 0 };
    converter.node(doc, &root, None, None)?;
    Some(converter.quads)
}

/// The document's `@context`: bundled context URLs only.
fn root_context(tables: &Tables, ctx: &Value) -> Option<Arc<ActiveContext>> {
    let urls = match ctx {
        Value::Array(items) => items.as_slice(),
        one => std::slice::from_ref(one),
    };
    let mut active = tables.empty();
    for url in urls {
        active = active.apply(tables.get(url.as_str()?)?, false, true)?;
    }
    Some(active)
}

/// What a key of a node object means in an active context.
enum Key<'c> {
    Id,
    Type,
    /// A property IRI, with the term definition (`None`: expanded by the vocabulary mapping).
    Property(Cow<'c, NamedNode>, Option<&'c TermDef>),
}

/// The meaning of `key`, or `None` for anything the fast path does not handle (an undefined term
/// without a vocabulary mapping, a keyword other than `@id` and `@type`, a compact IRI).
fn classify<'c>(ctx: &'c ActiveContext, key: &str) -> Option<Key<'c>> {
    match key {
        "@id" => return Some(Key::Id),
        "@type" => return Some(Key::Type),
        _ if key.starts_with('@') => return None,
        _ => {}
    }
    match ctx.lookup(key) {
        Some(def) => match &def.mapping {
            Mapping::Keyword("@id") => Some(Key::Id),
            Mapping::Keyword("@type") => Some(Key::Type),
            Mapping::Keyword(_) => None,
            Mapping::Iri(iri) => Some(Key::Property(Cow::Borrowed(iri), Some(def))),
        },
        None if key.contains(':') || has_non_iri_char(key) => None,
        None => Some(Key::Property(Cow::Owned(NamedNode::new(format!("{}{key}", ctx.vocab()?)).ok()?), None)),
    }
}

/// IRI expansion of an `@id` (document-relative, not vocabulary-relative): absolute IRIs only.
fn expand_id<'d>(ctx: &ActiveContext, value: &'d str) -> Option<NamedNodeRef<'d>> {
    if value.starts_with('@') || has_non_iri_char(value) || ctx.lookup(value).is_some() {
        return None;
    }
    let (prefix, _) = value.split_once(':')?;
    if prefix == "_" || ctx.lookup(prefix).is_some() {
        return None;
    }
    NamedNodeRef::new(value).ok()
}

/// IRI expansion of a type or an `@vocab`-typed value: a term, an absolute IRI, or a term of the
/// vocabulary mapping.
fn expand_vocab<'c>(ctx: &'c ActiveContext, value: &str) -> Option<Cow<'c, NamedNode>> {
    if value.starts_with('@') || has_non_iri_char(value) {
        return None;
    }
    if let Some(def) = ctx.lookup(value) {
        return match &def.mapping {
            Mapping::Iri(iri) => Some(Cow::Borrowed(iri)),
            Mapping::Keyword(_) => None,
        };
    }
    if let Some((prefix, _)) = value.split_once(':') {
        if prefix == "_" || ctx.lookup(prefix).is_some() {
            return None;
        }
        return NamedNode::new(value).ok().map(Cow::Owned);
    }
    NamedNode::new(format!("{}{value}", ctx.vocab()?)).ok().map(Cow::Owned)
}

/// A node's subject.
enum Subject<'d> {
    Named(NamedNodeRef<'d>),
    Blank(BlankNode),
}

impl Subject<'_> {
    fn as_ref(&self) -> NamedOrBlankNodeRef<'_> {
        match self {
            Subject::Named(n) => (*n).into(),
            Subject::Blank(b) => b.as_ref().into(),
        }
    }
}

struct Converter {
    quads: Quads,
    blank_nodes: u128,
}

impl Converter {
    fn insert<'a>(&mut self, s: NamedOrBlankNodeRef<'a>, p: NamedNodeRef<'a>, o: impl Into<TermRef<'a>>) {
        self.quads.own.push(QuadRef::new(s, p, o.into(), GraphNameRef::DefaultGraph).into_owned());
    }

    /// A node object: its quads, and the quad linking it to the node that holds it (`link`), if any.
    /// `active` is the context of the holding node and `property` the definition of the term it is
    /// held by.
    fn node(
        &mut self,
        map: &Map<String, Value>,
        active: &Arc<ActiveContext>,
        property: Option<&TermDef>,
        link: Option<(NamedOrBlankNodeRef<'_>, NamedNodeRef<'_>)>,
    ) -> Option<()> {
        let top = link.is_none();
        if map.is_empty() || (!top && map.contains_key("@context")) {
            return None;
        }
        // A node met before in another document (a badge's achievement, the issuer).
        let recallable = !top && super::recall::worth(map);
        if let Some((iri, part)) = recallable.then(|| super::recall::recall(map, active, property)).flatten() {
            if let Some((holder, predicate)) = link {
                self.insert(holder, predicate, iri.as_ref());
            }
            let blanks = part.blanks();
            self.quads.parts.push(Placed { at: self.quads.own.len(), part, offset: self.blank_nodes });
            self.blank_nodes += blanks;
            return Some(());
        }
        let (ctx, spec_ctx) = node_contexts(map, active, property, top)?;
        let entries = id_and_type(&ctx, map, top)?;
        let (node_ctx, types) = with_types(&ctx, entries.type_value())?;
        let id = node_id(&node_ctx, entries.id)?;
        if let Some(spec) = spec_ctx {
            if !spec_agrees(&spec, entries, &types, id)? {
                return None;
            }
        }

        let subject = match id {
            Some(iri) => Subject::Named(iri),
            None => {
                self.blank_nodes += 1;
                Subject::Blank(BlankNode::new_from_unique_id(self.blank_nodes))
            }
        };
        let s = subject.as_ref();
        if let Some((holder, predicate)) = link {
            self.insert(holder, predicate, s);
        }
        let (start, parts_from, first_blank) = (self.quads.own.len(), self.quads.parts.len(), self.blank_nodes);
        for t in &types {
            self.insert(s, rdf::TYPE, t.as_ref());
        }
        self.properties(map, top, &node_ctx, entries, s)?;
        if let (true, Subject::Named(iri)) = (recallable, &subject) {
            let blanks = (first_blank, self.blank_nodes - first_blank);
            let quads = interleave(&self.quads.own[start..], start, &self.quads.parts[parts_from..]);
            super::recall::remember((map, active, property), iri.into_owned(), &quads, blanks);
        }
        Some(())
    }

    /// The values of a node's properties: its entries other than `@id`, `@type` (and the top's `@context`).
    fn properties(
        &mut self,
        map: &Map<String, Value>,
        top: bool,
        node_ctx: &Arc<ActiveContext>,
        entries: Entries<'_>,
        s: NamedOrBlankNodeRef<'_>,
    ) -> Option<()> {
        for (key, value) in map.iter().filter(|(k, _)| !(top && *k == "@context")) {
            let is = |entry: Option<(&str, &Value)>| entry.is_some_and(|(k, _)| k == key);
            match classify(node_ctx, key)? {
                Key::Id if is(entries.id) => {}
                Key::Type if is(entries.types) => {}
                Key::Property(predicate, def) if !is(entries.id) && !is(entries.types) => {
                    self.values(node_ctx, key, s, predicate.as_ref().as_ref(), def, value)?;
                }
                _ => return None,
            }
        }
        Some(())
    }

    /// The values of one property of subject `s`.
    fn values(
        &mut self,
        ctx: &Arc<ActiveContext>,
        key: &str,
        s: NamedOrBlankNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        def: Option<&TermDef>,
        value: &Value,
    ) -> Option<()> {
        if let Some(def) = def {
            if !def.plain_container() || matches!(def.coercion, Coercion::Unsupported(_)) {
                return None;
            }
        }
        match value {
            Value::Array(items) => items.iter().try_for_each(|item| self.value(ctx, key, s, predicate, def, item)),
            one => self.value(ctx, key, s, predicate, def, one),
        }
    }

    fn value(
        &mut self,
        ctx: &Arc<ActiveContext>,
        key: &str,
        s: NamedOrBlankNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        def: Option<&TermDef>,
        value: &Value,
    ) -> Option<()> {
        let scalar_ctx = match value {
            Value::Null | Value::Array(_) => return None,
            Value::Object(map) => return self.node(map, ctx, def, Some((s, predicate))),
            // A scalar value is read in the property-scoped context (without overriding protected terms).
            _ => match def.and_then(|def| def.scoped.as_ref()) {
                Some(scoped) => ctx.apply(scoped.layer.as_ref()?, false, true)?,
                None => Arc::clone(ctx),
            },
        };
        let coercion = scalar_ctx.lookup(key).map_or(&Coercion::None, |def| &def.coercion);
        let datatype = match coercion {
            Coercion::Datatype(datatype) => Some(datatype.as_ref()),
            _ => None,
        };
        match (coercion, value) {
            (Coercion::Id, Value::String(v)) => self.insert(s, predicate, expand_id(&scalar_ctx, v)?),
            (Coercion::Vocab, Value::String(v)) => self.insert(s, predicate, expand_vocab(&scalar_ctx, v)?.as_ref()),
            (Coercion::Id | Coercion::Vocab | Coercion::Unsupported(_), _) => return None,
            (_, Value::String(v)) => match datatype {
                Some(datatype) => self.insert(s, predicate, LiteralRef::new_typed_literal(v, datatype)),
                None => self.insert(s, predicate, LiteralRef::new_simple_literal(v)),
            },
            (_, Value::Number(n)) => {
                let (lexical, double) = canonical_number(n, datatype.is_some_and(|d| d == xsd::DOUBLE));
                let default = if double { xsd::DOUBLE } else { xsd::INTEGER };
                self.insert(s, predicate, LiteralRef::new_typed_literal(&lexical, datatype.unwrap_or(default)));
            }
            (_, Value::Bool(b)) => {
                let lexical = if *b { "true" } else { "false" };
                self.insert(s, predicate, LiteralRef::new_typed_literal(lexical, datatype.unwrap_or(xsd::BOOLEAN)));
            }
            (_, Value::Null | Value::Array(_) | Value::Object(_)) => return None,
        }
        Some(())
    }
}

/// A node's `@id` and `@type` entries: the key each is written under, and its value.
#[derive(Clone, Copy)]
struct Entries<'d> {
    id: Option<(&'d str, &'d Value)>,
    types: Option<(&'d str, &'d Value)>,
}

impl<'d> Entries<'d> {
    /// The value of the `@type` entry, if any.
    fn type_value(&self) -> Option<&'d Value> {
        self.types.map(|(_, v)| v)
    }
}

/// The context a node is read in, and the specification's where the processor reads the node otherwise.
fn node_contexts(
    map: &Map<String, Value>,
    active: &Arc<ActiveContext>,
    property: Option<&TermDef>,
    top: bool,
) -> Option<(Arc<ActiveContext>, Option<Arc<ActiveContext>>)> {
    // A type-scoped context applies to its node only: nested nodes go back to the context before it.
    let mut ctx = Arc::clone(active);
    // The context under the specification's reading, where the processor reads the node otherwise.
    let mut spec_ctx = None;
    let scoped = property.and_then(|def| def.scoped.as_ref());
    if let Some(previous) = active.previous.as_ref().filter(|_| !top) {
        if !processor_keeps_context(active, map) {
            // The processor applies a property-scoped context over the context before going back.
            if scoped.is_some() {
                return None;
            }
            ctx = Arc::clone(previous);
        } else if map.len() > 1 {
            spec_ctx = Some(Arc::clone(previous));
        }
    }
    // The property-scoped context.
    if let Some(scoped) = scoped {
        let layer = scoped.layer.as_ref()?;
        ctx = ctx.apply(layer, true, true)?;
        if let Some(spec) = spec_ctx.take() {
            spec_ctx = Some(spec.apply(layer, true, true)?);
        }
    }
    Some((ctx, spec_ctx))
}

/// A node's `@id` and `@type` entries, read in `ctx`; `None` to give up on either written twice.
fn id_and_type<'d>(ctx: &ActiveContext, map: &'d Map<String, Value>, top: bool) -> Option<Entries<'d>> {
    // Read before type-scoped contexts apply: other keys are read after, and may be defined only then.
    let (mut id_entry, mut type_entry) = (None, None);
    for (key, value) in map.iter().filter(|(k, _)| !(top && *k == "@context")) {
        let slot = match classify(ctx, key) {
            Some(Key::Id) => &mut id_entry,
            Some(Key::Type) => &mut type_entry,
            Some(Key::Property(..)) | None => continue,
        };
        if slot.replace((key.as_str(), value)).is_some() {
            return None;
        }
    }
    Some(Entries { id: id_entry, types: type_entry })
}

/// The node's IRI from its `@id` entry (`Some(None)` without one); `None` to give up on any other value.
fn node_id<'d>(ctx: &ActiveContext, entry: Option<(&str, &'d Value)>) -> Option<Option<NamedNodeRef<'d>>> {
    match entry {
        Some((_, Value::String(id))) => Some(Some(expand_id(ctx, id)?)),
        Some(_) => None,
        None => Some(None),
    }
}

/// Whether the specification's reading of a node, in `spec`, gives it the same types and id.
fn spec_agrees(
    spec: &Arc<ActiveContext>,
    entries: Entries<'_>,
    types: &[Cow<'_, NamedNode>],
    id: Option<NamedNodeRef<'_>>,
) -> Option<bool> {
    let (spec_node_ctx, spec_types) = with_types(spec, entries.type_value())?;
    let spec_id = node_id(&spec_node_ctx, entries.id)?;
    Some(spec_types == types && spec_id == id)
}

/// Whether the JSON-LD processor keeps the enclosing type-scoped context for this node: it does for a
/// node whose entries are an `@id` and then only `@type`s (the specification: a lone `@id`).
fn processor_keeps_context(ctx: &ActiveContext, map: &Map<String, Value>) -> bool {
    let (mut seen_type, mut seen_id) = (false, false);
    for key in map.keys() {
        match classify(ctx, key) {
            Some(Key::Type) => seen_type = true,
            Some(Key::Id) if !seen_type => seen_id = true,
            // An undefined term expands to the general path's sentinel vocabulary: a property. (Keywords
            // that are neither make the fast path give up on the node anyway.)
            Some(Key::Id | Key::Property(..)) | None => return false,
        }
    }
    seen_id
}

/// The context of a node after its type-scoped context, and its types' IRIs.
fn with_types<'c>(
    ctx: &'c Arc<ActiveContext>,
    value: Option<&Value>,
) -> Option<(Arc<ActiveContext>, Vec<Cow<'c, NamedNode>>)> {
    let mut names: Vec<&str> = match value {
        None => Vec::new(),
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(items)) => items.iter().map(Value::as_str).collect::<Option<_>>()?,
        Some(_) => return None,
    };
    names.sort_unstable();
    let mut scoped = None;
    for name in &names {
        if let Some(context) = ctx.lookup(name).and_then(|def| def.scoped.as_ref()) {
            if scoped.replace(context).is_some() {
                return None;
            }
        }
    }
    let node_ctx = match scoped {
        Some(scoped) => ctx.apply(scoped.layer.as_ref()?, false, false)?,
        None => Arc::clone(ctx),
    };
    let iris = names.iter().map(|name| expand_vocab(ctx, name)).collect::<Option<Vec<_>>>()?;
    Some((node_ctx, iris))
}

/// The canonical lexical form of a JSON number in RDF, and whether it is an `xsd:double` (else an
/// `xsd:integer`): the JSON-LD processor's own rules (oxjsonld `canonicalize_xsd_number`), applied to
/// the number as serde_json writes it, which is the text the general path gives that processor.
fn canonical_number(number: &Number, always_double: bool) -> (String, bool) {
    let text = number.to_string();
    canonicalize_xsd_number(&text, always_double).unwrap_or((text, true))
}

/// Port of oxjsonld 0.2.7 `to_rdf::canonicalize_xsd_number` (MIT OR Apache-2.0): `(lexical, is_double)`.
fn canonicalize_xsd_number(value: &str, always_double: bool) -> Option<(String, bool)> {
    use std::fmt::Write;
    let (value, is_negative) = match value.strip_prefix('-') {
        Some(value) => (value, true),
        None => (value.strip_prefix('+').unwrap_or(value), false),
    };
    let (value, exp) = value.split_once(['e', 'E']).unwrap_or((value, "0"));
    let (mut integer_part, mut decimal_part) = value.split_once('.').unwrap_or((value, ""));
    let mut exp = exp.parse::<i64>().ok()?;
    while let Some(c) = integer_part.strip_prefix('0') {
        integer_part = c;
    }
    while let Some(c) = decimal_part.strip_suffix('0') {
        decimal_part = c;
    }
    if decimal_part.is_empty() {
        while let Some(c) = integer_part.strip_suffix('0') {
            integer_part = c;
            exp = exp.checked_add(1)?;
        }
    }
    if integer_part.is_empty() {
        while let Some(c) = decimal_part.strip_prefix('0') {
            decimal_part = c;
            exp = exp.checked_sub(1)?;
        }
    }
    exp = exp.checked_add(i64::try_from(integer_part.len()).ok()?)?;
    if integer_part.is_empty() && decimal_part.is_empty() {
        integer_part = "0";
        exp = 1;
    }
    let mut buffer = String::with_capacity(value.len() + 8);
    if is_negative && !(decimal_part.is_empty() && integer_part == "0") {
        buffer.push('-');
    }
    let digits_count = i64::try_from(integer_part.len() + decimal_part.len()).ok()?;
    if !always_double && exp >= digits_count && exp < 21 {
        buffer.push_str(integer_part);
        buffer.push_str(decimal_part);
        for _ in 0..(exp - digits_count) {
            buffer.push('0');
        }
        Some((buffer, false))
    } else {
        let mut all_digits = integer_part.chars().chain(decimal_part.chars());
        buffer.push(all_digits.next()?);
        buffer.push('.');
        if digits_count == 1 {
            buffer.push('0');
        } else {
            buffer.extend(all_digits);
        }
        write!(&mut buffer, "E{}", exp.checked_sub(1)?).ok()?;
        Some((buffer, true))
    }
}
