//! A node the fast path recalls (a badge's achievement, the issuer), prepared once for the
//! canonical form of every document that holds it: its lines without blank nodes written and
//! sorted, and the first-degree hashes of its blank nodes, which only its own quads mention.

use oxrdf::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};
use serde_json::Value;

use super::{blanks, first_degree, Lines, Placed};

/// A recalled node's quads (after the one linking it to its holder), its blank nodes numbered from
/// 1, and what the canonical form takes from them.
#[derive(Debug)]
pub(in crate::crypto::rdfc) struct Part {
    quads: Vec<Quad>,
    blanks: u128,
    /// Whether none of its quads carries a sentinel the checks after parsing refuse.
    clean: bool,
    /// Its lines that name no blank node, sorted, each once.
    fixed: Lines,
    /// Which of its quads name a blank node: written for each document, with the labels there.
    with_blanks: Vec<usize>,
    /// The first-degree hash of each of its blank nodes, with its number.
    hashes: Vec<([u8; 32], u128)>,
}

impl Part {
    /// The part of `quads`, whose blank nodes are numbered 1 to `blanks`; `None` if a quad is in a
    /// named graph or a blank node has no number (the fast path makes neither).
    pub(in crate::crypto::rdfc) fn new(quads: Vec<Quad>, blanks: u128) -> Option<Part> {
        if quads.iter().any(|q| q.graph_name != GraphName::DefaultGraph) {
            return None;
        }
        // The document's value only names where a refused term is: not needed for a yes or no.
        let clean = crate::crypto::rdfc::check::postcheck(quads.iter().map(Quad::as_ref), &Value::Null).is_ok();
        let mut fixed = Lines::default();
        let hashes = first_degree(&quads, &mut fixed)?;
        fixed.clear();
        let mut with_blanks = Vec::new();
        for (i, q) in quads.iter().enumerate() {
            if self::blanks(q).next().is_some() {
                with_blanks.push(i);
            } else {
                fixed.push(q, &|_| "");
            }
        }
        fixed.sort(true);
        fixed.text.shrink_to_fit();
        Some(Part { quads, blanks, clean, fixed, with_blanks, hashes })
    }

    /// How many blank nodes it numbers.
    pub(in crate::crypto::rdfc) fn blanks(&self) -> u128 {
        self.blanks
    }

    pub(super) fn clean(&self) -> bool {
        self.clean
    }

    pub(super) fn fixed(&self) -> &Lines {
        &self.fixed
    }

    pub(super) fn hashes(&self) -> &[([u8; 32], u128)] {
        &self.hashes
    }

    /// Its quads that name a blank node.
    pub(super) fn with_blanks(&self) -> impl Iterator<Item = &Quad> + '_ {
        self.with_blanks.iter().map(|&i| &self.quads[i])
    }
}

/// The quads of `own` (a document's own from its quad `base` on) with those of the recalled nodes
/// `parts` among them where they were met, blank nodes numbered as in the document.
pub(in crate::crypto::rdfc) fn interleave(own: &[Quad], base: usize, parts: &[Placed]) -> Vec<Quad> {
    let mut out = Vec::with_capacity(own.len() + parts.iter().map(|p| p.part.quads.len()).sum::<usize>());
    let mut next = parts.iter().peekable();
    for i in 0..=own.len() {
        while let Some(p) = next.next_if(|p| p.at <= base + i) {
            let moved =
                |q: &Quad| renumber(q, |id| id.checked_add(p.offset)).expect("a part's blank nodes are numbered");
            out.extend(p.part.quads.iter().map(moved));
        }
        out.extend(own.get(i).cloned());
    }
    out
}

/// `quad` with each blank node's number changed by `by`; `None` for a blank node without one, or
/// one `by` refuses.
pub(in crate::crypto::rdfc) fn renumber(quad: &Quad, by: impl Fn(u128) -> Option<u128>) -> Option<Quad> {
    let blank = |b: &BlankNode| Some(BlankNode::new_from_unique_id(by(b.as_ref().unique_id()?)?));
    let subject = match &quad.subject {
        NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::from(blank(b)?),
        named => named.clone(),
    };
    let object = match &quad.object {
        Term::BlankNode(b) => Term::from(blank(b)?),
        other => other.clone(),
    };
    Some(Quad::new(subject, quad.predicate.clone(), object, quad.graph_name.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::NamedNode;

    #[test]
    fn blank_nodes_are_renumbered_and_named_ones_kept() {
        let (s, p) = (NamedNode::new("https://x/s").unwrap(), NamedNode::new("https://x/p").unwrap());
        let quad = Quad::new(BlankNode::new_from_unique_id(7), p.clone(), s.clone(), oxrdf::GraphName::DefaultGraph);
        let moved = renumber(&quad, |id| Some(id + 10)).unwrap();
        assert_eq!(moved.subject, NamedOrBlankNode::from(BlankNode::new_from_unique_id(17)));
        assert_eq!(moved.object, Term::from(s.clone()));
        let named = Quad::new(BlankNode::new("named-node").unwrap(), p, s, oxrdf::GraphName::DefaultGraph);
        assert!(renumber(&named, Some).is_none(), "a blank node with a name of its own has no number");
        assert!(renumber(&quad, |id| id.checked_sub(8)).is_none(), "a number refused");
    }
}
