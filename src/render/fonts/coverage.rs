//! Text that would be drawn with a font's `.notdef` glyph (glyph 0, the "tofu" box): found in
//! usvg's own layout of the text (the glyphs the renderer draws), so it answers for shaping and
//! fallback exactly as drawn, for any renderer that parses its SVG with [`super::options`].

use resvg::usvg;

use super::FontSet;

/// One text element with glyphs no font of the set could draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Uncovered {
    /// The element's whole text.
    pub text: String,
    /// The characters laid out as `.notdef`, in order of appearance, each once.
    pub chars: Vec<char>,
}

impl Uncovered {
    /// The characters to blame: those no face of `set` has (when the layout gave up at one of
    /// them, characters after it can come out as `.notdef` too), else all of [`Self::chars`].
    pub(crate) fn culprits(&self, set: &FontSet) -> Vec<char> {
        let missing: Vec<char> = self.chars.iter().copied().filter(|c| !set.covers(*c)).collect();
        if missing.is_empty() {
            self.chars.clone()
        } else {
            missing
        }
    }
}

/// The characters of `chars` as a reader can find them: `"ⵣ" (U+2D63)`, comma separated.
pub(crate) fn describe(chars: &[char]) -> String {
    let shown: Vec<String> = chars
        .iter()
        .map(|c| {
            if c.is_control() || is_private(*c) {
                format!("U+{:04X}", *c as u32)
            } else {
                format!("\"{c}\" (U+{:04X})", *c as u32)
            }
        })
        .collect();
    shown.join(", ")
}

fn is_private(c: char) -> bool {
    matches!(c as u32, 0xe000..=0xf8ff | 0xf0000..=0x10ffff)
}

/// What to do about `chars`: install Noto Sans CJK when they are CJK and it is missing; when the
/// fonts have them all, the one mix of scripts usvg cannot lay out; else write them in a script
/// the fonts cover.
pub(crate) fn fix(chars: &[char], set: &FontSet) -> String {
    if chars.iter().any(|c| super::runs::is_cjk(*c)) && !set.has_cjk() {
        return format!("{} and build again", super::CJK_FIX);
    }
    if chars.iter().all(|c| set.covers(*c)) {
        return "hallmark's fonts have these characters, but its text layout (usvg) cannot join them in this mix \
                of scripts (Devanagari after Arabic or Hebrew on one line): put the Devanagari first, or the \
                scripts in separate texts"
            .into();
    }
    "hallmark's fonts draw Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, and Chinese, Japanese and \
     Korean with Noto Sans CJK installed: write the text with characters from those scripts"
        .into()
}

/// Every text element of `tree` (in patterns, masks and clip paths too) with `.notdef` glyphs, in
/// document order.
pub(crate) fn in_tree(tree: &usvg::Tree) -> Vec<Uncovered> {
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    out
}

fn walk(group: &usvg::Group, out: &mut Vec<Uncovered>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => walk(g, out),
            usvg::Node::Text(text) => out.extend(in_text_node(text)),
            _ => {}
        }
        if !matches!(node, usvg::Node::Text(_)) {
            node.subroots(|g| walk(g, out));
        }
    }
}

fn in_text_node(text: &usvg::Text) -> Option<Uncovered> {
    let mut chars = Vec::new();
    for glyph in text.layouted().iter().flat_map(|span| &span.positioned_glyphs) {
        if glyph.id.0 == 0 {
            for c in glyph.text.chars().filter(|c| !c.is_whitespace()) {
                if !chars.contains(&c) {
                    chars.push(c);
                }
            }
        }
    }
    (!chars.is_empty()).then(|| Uncovered { text: text.chunks().iter().map(|c| c.text()).collect(), chars })
}

/// [`in_tree`] of `svg`, parsed with the font set's options.
pub(crate) fn in_svg(svg: &[u8]) -> Result<Vec<Uncovered>, usvg::Error> {
    Ok(in_tree(&usvg::Tree::from_data(svg, &super::options())?))
}

/// The characters of `text` drawn as `.notdef`, written by [`super::runs::markup`] and laid out in
/// the set's default family, regular and bold, as a renderer draws a name: empty when every
/// character has a glyph.
pub(crate) fn in_plain_text(text: &str) -> Vec<char> {
    let escaped = super::runs::markup(text);
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">\
         <text x=\"0\" y=\"50\" font-size=\"10\">{escaped}</text>\
         <text x=\"0\" y=\"90\" font-size=\"10\" font-weight=\"bold\">{escaped}</text></svg>"
    );
    let mut chars: Vec<char> = Vec::new();
    for found in in_svg(svg.as_bytes()).unwrap_or_default() {
        for c in found.chars {
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
    }
    chars
}
