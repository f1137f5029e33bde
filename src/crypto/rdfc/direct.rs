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
//! relabeled copy of it: one buffer, its lines sorted.

use std::fmt::Write as _;

use oxrdf::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};
use sha2::{Digest as _, Sha256};

/// The canonical N-Quads of `quads` (a quad given twice counts once: RDF datasets are sets), or
/// `None` when two blank nodes share a first-degree hash or a quad is in a named graph.
pub(super) fn canonical_nquads(quads: &[Quad]) -> Option<String> {
    if quads.iter().any(|q| q.graph_name != GraphName::DefaultGraph) {
        return None;
    }
    // A document that embeds one node twice (the issuer as the credential's and as the achievement's
    // creator) gives its quads twice. A quad given twice is one line written twice, so the sorted
    // lines are deduplicated; a blank node's own quads (a handful) are compared as they are listed.
    let mut mentions: Vec<(&BlankNode, Vec<usize>)> = Vec::new();
    for (i, q) in quads.iter().enumerate() {
        for b in blanks(q) {
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
    let mut lines = Lines::default();
    let mut hashed: Vec<(String, &BlankNode)> = mentions
        .iter()
        .map(|(b, at)| {
            lines.clear();
            for &i in at {
                lines.push(&quads[i], &|n| if n == *b { "a" } else { "z" });
            }
            (crate::ground::hash::hex(&Sha256::digest(lines.sorted(false))), *b)
        })
        .collect();
    hashed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    if hashed.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    let labels: Vec<(&BlankNode, String)> =
        hashed.iter().enumerate().map(|(i, (_, b))| (*b, format!("c14n{i}"))).collect();
    let label = |b: &BlankNode| labels.iter().find(|(l, _)| *l == b).map_or("", |(_, name)| name.as_str());
    lines.clear();
    for q in quads {
        lines.push(q, &label);
    }
    // Whole lines of a `String`, concatenated: UTF-8 still.
    String::from_utf8(lines.sorted(true)).ok()
}

/// N-Quads lines written into one buffer (a line is a span of it), then sorted: no allocation per
/// line, which a credential's hundred-odd quads would otherwise cost twice over.
#[derive(Default)]
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

    /// The lines in code point order (byte order in UTF-8), each line given twice once when
    /// `dedup`, concatenated.
    fn sorted(&mut self, dedup: bool) -> Vec<u8> {
        let text = self.text.as_bytes();
        self.spans.sort_unstable_by(|a, b| text[a.0..a.1].cmp(&text[b.0..b.1]));
        if dedup {
            self.spans.dedup_by(|a, b| text[a.0..a.1] == text[b.0..b.1]);
        }
        let mut out = Vec::with_capacity(text.len());
        for &(from, to) in &self.spans {
            out.extend_from_slice(&text[from..to]);
        }
        out
    }
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
