//! RDFC-1.0 for the quads of the fast path, written directly: the N-Quads of a dataset whose blank
//! nodes each have a first-degree hash of their own, which is every document hallmark signs (a
//! credential's subject, its identity objects, results and evidence are told apart by their
//! contents). With unique first-degree hashes, RDFC-1.0 issues the canonical identifiers in the
//! order of those hashes (section 4.4.3, step 5) and needs nothing more; the serialization is the
//! same as oxrdf's. Two blank nodes with the same first-degree hash (two identical evidence items,
//! say) need the N-degree algorithm: that dataset goes to oxrdf's general RDFC-1.0, which also
//! stays the oracle the tests hold this path to.
//!
//! Written directly, a credential's canonical form no longer builds an indexed dataset and a
//! relabeled copy of it: one buffer, its lines sorted. The nodes the fast path recalls (a badge's
//! achievement and the issuer, most of a credential's quads) come prepared ([`Part`]): their lines
//! without blank nodes written and sorted once, their blank nodes' first-degree hashes taken once
//! (only their own quads mention them), so each credential writes and sorts its own lines and
//! merges the rest in.

use std::fmt::Write as _;
use std::sync::Arc;

use oxrdf::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};
use sha2::{Digest as _, Sha256};

mod part;

pub(super) use part::{interleave, renumber, Part};

/// A document's quads as the fast path gives them: its own, and the nodes it recalled from
/// earlier documents (a badge's achievement, the issuer), each prepared once for the canonical
/// form ([`Part`]): a credential's canonical form then writes and sorts its own lines only.
#[derive(Debug, Default)]
pub(super) struct Quads {
    pub(super) own: Vec<Quad>,
    /// In the order they were met.
    pub(super) parts: Vec<Placed>,
}

/// A recalled node in a document: its quads come after the document's first `at` quads, its blank
/// nodes numbered after `offset`.
#[derive(Debug)]
pub(super) struct Placed {
    pub(super) at: usize,
    pub(super) part: Arc<Part>,
    pub(super) offset: u128,
}

impl Quads {
    /// Every quad, in the order JSON-LD produces them.
    pub(super) fn materialize(&self) -> Vec<Quad> {
        interleave(&self.own, 0, &self.parts)
    }

    /// Whether no recalled node has a quad the checks after parsing refuse (see `check::postcheck`).
    pub(super) fn parts_clean(&self) -> bool {
        self.parts.iter().all(|p| p.part.clean())
    }
}

/// The canonical N-Quads of `quads` (a quad given twice counts once: RDF datasets are sets), or
/// `None` when two blank nodes share a first-degree hash or a quad is in a named graph.
pub(super) fn canonical_nquads(quads: &Quads) -> Option<String> {
    if quads.own.iter().any(|q| q.graph_name != GraphName::DefaultGraph) {
        return None;
    }
    let mut lines = Lines::default();
    let mut hashed = first_degree(&quads.own, &mut lines)?;
    // A recalled node's blank nodes are mentioned by its own quads only: their hashes are its.
    for p in &quads.parts {
        hashed.extend(p.part.hashes().iter().map(|(hash, b)| (*hash, b + p.offset)));
    }
    hashed.sort_unstable_by_key(|a| a.0);
    if hashed.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    let labels: Vec<(u128, String)> = hashed.iter().enumerate().map(|(i, (_, b))| (*b, format!("c14n{i}"))).collect();
    let label = |id: Option<u128>| labels.iter().find(|(l, _)| Some(*l) == id).map_or("", |(_, name)| name.as_str());
    lines.clear();
    for q in &quads.own {
        lines.push(q, &|b| label(number(b)));
    }
    for p in &quads.parts {
        for q in p.part.with_blanks() {
            lines.push(q, &|b| label(number(b).map(|n| n + p.offset)));
        }
    }
    lines.sort(true);
    let runs: Vec<&Lines> = std::iter::once(&lines).chain(quads.parts.iter().map(|p| p.part.fixed())).collect();
    // Whole lines of `String`s, merged: UTF-8 still.
    String::from_utf8(merge(&runs)).ok()
}

/// The first-degree hash (RDFC-1.0 section 4.6) of each blank node `quads` mention, with its
/// number; `None` if one has no number. A quad given twice counts once.
fn first_degree(quads: &[Quad], lines: &mut Lines) -> Option<Vec<([u8; 32], u128)>> {
    // A document that embeds one node twice (the issuer as the credential's and as the achievement's
    // creator) gives its quads twice. A quad given twice is one line written twice, so the sorted
    // lines are deduplicated; a blank node's own quads (a handful) are compared as they are listed.
    let mut mentions: Vec<(u128, Vec<usize>)> = Vec::new();
    for (i, q) in quads.iter().enumerate() {
        for b in blanks(q) {
            let b = number(b)?;
            let at = match mentions.iter().position(|(m, _)| *m == b) {
                Some(k) => &mut mentions[k].1,
                None => {
                    mentions.push((b, Vec::new()));
                    &mut mentions.last_mut().expect("just pushed").1
                }
            };
            if !at.iter().any(|&j| j == i || quads[j] == *q) {
                at.push(i);
            }
        }
    }
    let hashes = mentions.iter().map(|(b, at)| {
        lines.clear();
        for &i in at {
            lines.push(&quads[i], &|n| if number(n) == Some(*b) { "a" } else { "z" });
        }
        lines.sort(false);
        let mut hash = Sha256::new();
        for line in lines.iter() {
            hash.update(line);
        }
        (hash.finalize().into(), *b)
    });
    Some(hashes.collect())
}

/// A blank node's number, as the fast path numbers them.
fn number(b: &BlankNode) -> Option<u128> {
    b.as_ref().unique_id()
}

/// N-Quads lines written into one buffer (a line is a span of it), then sorted: no allocation per
/// line, which a credential's hundred-odd quads would otherwise cost twice over.
#[derive(Debug, Default)]
struct Lines {
    text: String,
    spans: Vec<(usize, usize)>,
}

impl Lines {
    fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
    }

    fn push<'n>(&mut self, q: &Quad, name: &dyn Fn(&BlankNode) -> &'n str) {
        let start = self.text.len();
        write_line(&mut self.text, q, name);
        self.spans.push((start, self.text.len()));
    }

    /// Puts the lines in code point order (byte order in UTF-8), each line given twice once when
    /// `dedup`.
    fn sort(&mut self, dedup: bool) {
        let text = self.text.as_bytes();
        self.spans.sort_unstable_by(|a, b| text[a.0..a.1].cmp(&text[b.0..b.1]));
        if dedup {
            self.spans.dedup_by(|a, b| text[a.0..a.1] == text[b.0..b.1]);
        }
    }

    /// The lines, in their order.
    fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.spans.iter().map(|&(from, to)| &self.text.as_bytes()[from..to])
    }
}

/// The lines of sorted `runs` in one sorted text, each line once.
fn merge(runs: &[&Lines]) -> Vec<u8> {
    let mut out = Vec::with_capacity(runs.iter().map(|r| r.text.len()).sum());
    let mut next: Vec<_> = runs.iter().map(|r| r.iter().peekable()).collect();
    let mut last: Option<&[u8]> = None;
    loop {
        let mut least: Option<(usize, &[u8])> = None;
        for (k, run) in next.iter_mut().enumerate() {
            if let Some(&line) = run.peek() {
                if least.is_none_or(|(_, l)| line < l) {
                    least = Some((k, line));
                }
            }
        }
        let Some((k, line)) = least else { break };
        next[k].next();
        if last != Some(line) {
            out.extend_from_slice(line);
            last = Some(line);
        }
    }
    out
}

/// The blank nodes of a quad's subject and object.
fn blanks(q: &Quad) -> impl Iterator<Item = &BlankNode> {
    let s = match &q.subject {
        NamedOrBlankNode::BlankNode(b) => Some(b),
        _ => None,
    };
    let o = match &q.object {
        Term::BlankNode(b) => Some(b),
        _ => None,
    };
    s.into_iter().chain(o)
}

/// One canonical N-Quads line, each blank node written `_:` and the label `name` gives it. Written
/// byte for byte as oxrdf's `Display` writes a quad (the tests hold the two to each other), without
/// going through `fmt` a character at a time.
fn write_line<'n>(out: &mut String, q: &Quad, name: &dyn Fn(&BlankNode) -> &'n str) {
    match &q.subject {
        NamedOrBlankNode::BlankNode(b) => blank(out, name(b)),
        NamedOrBlankNode::NamedNode(n) => iri(out, n.as_str()),
    }
    out.push(' ');
    iri(out, q.predicate.as_str());
    out.push(' ');
    match &q.object {
        Term::BlankNode(b) => blank(out, name(b)),
        Term::NamedNode(n) => iri(out, n.as_str()),
        Term::Literal(l) => {
            quoted(out, l.value());
            match l.language() {
                Some(lang) => {
                    out.push('@');
                    out.push_str(lang);
                }
                None if l.datatype() == oxrdf::vocab::xsd::STRING => {}
                None => {
                    out.push_str("^^");
                    iri(out, l.datatype().as_str());
                }
            }
        }
    }
    out.push_str(" .\n");
}

fn blank(out: &mut String, label: &str) {
    out.push_str("_:");
    out.push_str(label);
}

fn iri(out: &mut String, iri: &str) {
    out.push('<');
    out.push_str(iri);
    out.push('>');
}

/// A literal's value in double quotes, escaped as N-Quads' canonical form (and oxrdf) escape it.
fn quoted(out: &mut String, value: &str) {
    out.push('"');
    let mut from = 0;
    for (at, c) in value.char_indices() {
        let escaped = match c {
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{C}' => "\\f",
            '\r' => "\\r",
            '"' => "\\\"",
            '\\' => "\\\\",
            '\0'..='\u{1F}' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}' => "",
            _ => continue,
        };
        out.push_str(&value[from..at]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        } else {
            out.push_str(escaped);
        }
        from = at + c.len_utf8();
    }
    out.push_str(&value[from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_written_as_oxrdf_writes_them() {
        let hard = "a\u{8}\t\n\u{C}\r\"\\\0\u{1}\u{1F}\u{7F}\u{FFFE}\u{FFFF}é 李 \u{202E}z";
        for literal in [
            oxrdf::Literal::new_simple_literal(hard),
            oxrdf::Literal::new_typed_literal(hard, oxrdf::vocab::xsd::DATE_TIME),
            oxrdf::Literal::new_language_tagged_literal(hard, "en-GB").unwrap(),
            oxrdf::Literal::new_typed_literal("plain", oxrdf::vocab::xsd::STRING),
        ] {
            let s = oxrdf::NamedNode::new("https://example.org/s").unwrap();
            let p = oxrdf::NamedNode::new("https://example.org/p").unwrap();
            let quad = Quad::new(s, p, literal, GraphName::DefaultGraph);
            let mut line = String::new();
            write_line(&mut line, &quad, &|_| "x");
            assert_eq!(line, format!("{quad} .\n"));
        }
    }
}
