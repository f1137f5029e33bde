//! Node objects that recur from document to document, converted once per thread. A badge's
//! achievement and the site's issuer are the same in every credential of the badge, and converting
//! them again for each credential was most of the JSON-LD expansion (12 % of a cold build's CPU).
//!
//! A node is recalled only for the very same map (entries in the same order, all the way down),
//! held under the same property definition by the very same context. Contexts are shared across
//! documents, since `ActiveContext::apply` remembers what it made. So the recalled quads are the
//! ones converting the node again would give. Its blank nodes are renumbered from the document's
//! count, as converting it in place would number them.

use std::cell::RefCell;
use std::sync::{Arc, Weak};

use oxrdf::{NamedNode, Quad};
use serde_json::{Map, Value};

use super::context::{ActiveContext, TermDef};
use crate::crypto::rdfc::direct::{renumber, Part};

/// How many nodes a thread remembers (a site's achievements and its issuer, mostly) before it
/// forgets them all and starts again.
const REMEMBERED: usize = 1024;

/// One node converted before.
struct Recalled {
    /// The context of the node that held it. Held weakly, so that remembering a node keeps no
    /// suite's contexts (a `serve` session makes a suite per rebuild), yet a context made later
    /// never takes its place in memory and passes for it.
    active: Weak<ActiveContext>,
    /// The definition of the property it was held by, by address (0: none): one of that context's
    /// own, so the same context means the same definition.
    property: usize,
    map: Map<String, Value>,
    /// The node's own IRI.
    subject: NamedNode,
    /// Its quads after the one linking it to its holder, its blank nodes numbered from 1, as the
    /// canonical form takes them.
    part: Arc<Part>,
}

/// The nodes remembered, by the text of their `id` entry (found in one lookup, however many a site
/// has; a list searched in turn thrashed past its size on a site of many badges), and how many.
#[derive(Default)]
struct Nodes {
    by_id: std::collections::HashMap<Box<str>, Vec<Recalled>>,
    count: usize,
}

/// The text of a node's `id` entry, as written (under either spelling).
fn id_of(map: &Map<String, Value>) -> &str {
    map.get("id").or_else(|| map.get("@id")).and_then(Value::as_str).unwrap_or_default()
}

thread_local! {
    static NODES: RefCell<Nodes> = RefCell::new(Nodes::default());
    /// How many nodes this thread recalled (for the tests).
    static RECALLED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Forgets every node this thread remembers, and returns how many it recalled so far (for the
/// tests: a node converted afresh after this must come out as it was recalled).
#[cfg(test)]
pub(super) fn forget() -> usize {
    NODES.with_borrow_mut(|nodes| *nodes = Nodes::default());
    RECALLED.get()
}

/// Whether `map` is worth remembering: a node of several entries that holds other nodes.
pub(super) fn worth(map: &Map<String, Value>) -> bool {
    map.len() >= 4
        && map.values().any(|v| match v {
            Value::Object(_) => true,
            Value::Array(items) => items.iter().any(Value::is_object),
            _ => false,
        })
}

fn address(property: Option<&TermDef>) -> usize {
    property.map_or(0, |def| std::ptr::from_ref(def) as usize)
}

/// The node `map`'s IRI and its quads, if this thread converted it before under the same context.
pub(super) fn recall(
    map: &Map<String, Value>,
    active: &Arc<ActiveContext>,
    property: Option<&TermDef>,
) -> Option<(NamedNode, Arc<Part>)> {
    NODES.with_borrow(|nodes| {
        let node = nodes.by_id.get(id_of(map))?.iter().find(|n| {
            std::ptr::eq(n.active.as_ptr(), Arc::as_ptr(active))
                && n.property == address(property)
                && same_map(&n.map, map)
        })?;
        RECALLED.set(RECALLED.get() + 1);
        Some((node.subject.clone(), Arc::clone(&node.part)))
    })
}

/// Remembers the node `map`, converted just now: `quads` are its quads after the link, and its
/// blank nodes are those numbered after `first_blank`, `blanks` of them.
pub(super) fn remember(
    (map, active, property): (&Map<String, Value>, &Arc<ActiveContext>, Option<&TermDef>),
    subject: NamedNode,
    quads: &[Quad],
    (first_blank, blanks): (u128, u128),
) {
    // Only the node's own blank nodes: a quad naming any other is not remembered.
    let own = |id: u128| id.checked_sub(first_blank).filter(|n| (1..=blanks).contains(n));
    let Some(part) =
        quads.iter().map(|q| renumber(q, own)).collect::<Option<Vec<_>>>().and_then(|q| Part::new(q, blanks))
    else {
        return;
    };
    NODES.with_borrow_mut(|nodes| {
        if nodes.count >= REMEMBERED {
            *nodes = Nodes::default();
        }
        let (active, property, map) = (Arc::downgrade(active), address(property), map.clone());
        nodes.by_id.entry(id_of(&map).into()).or_default().push(Recalled {
            active,
            property,
            map,
            subject,
            part: Arc::new(part),
        });
        nodes.count += 1;
    });
}

/// Whether two maps have the same entries in the same order, all the way down (a map's `==`
/// ignores the order, which decides the order of the quads and the blank nodes' numbers).
fn same_map(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => same_map(a, b),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_are_the_same_only_in_the_same_order_all_the_way_down() {
        let map = |v: Value| match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        let a = map(serde_json::json!({"id": "x", "n": {"a": 1, "b": [1, {"c": 2, "d": 3}]}}));
        let b = map(serde_json::json!({"id": "x", "n": {"a": 1, "b": [1, {"d": 3, "c": 2}]}}));
        assert_eq!(a, b, "serde_json's own comparison ignores the order");
        assert!(!same_map(&a, &b));
        assert!(same_map(&a, &a.clone()));
        let c = map(serde_json::json!({"id": "x", "n": {"a": 1.0, "b": [1, {"c": 2, "d": 3}]}}));
        assert!(!same_map(&a, &c), "1 and 1.0 convert differently");
    }
}
