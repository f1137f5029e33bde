//! Fitting a badge's name into its shape's name box, measured by usvg's own text layout with the
//! font set (the shaping the PNG renderer uses): words wrapped to the shape's lines at the
//! largest size that fits; words broken between characters when one word is wider than the box;
//! the last line cut with "…" only when even that does not fit at the smallest size.

use resvg::usvg;

use super::shapes::Area;

/// Font sizes tried, largest first, on the 600-unit canvas.
const SIZES: [f32; 15] = [88.0, 84.0, 80.0, 76.0, 72.0, 68.0, 64.0, 60.0, 56.0, 52.0, 48.0, 44.0, 40.0, 36.0, 32.0];
/// Line spacing, in font sizes.
const LEADING: f32 = 1.2;
use crate::render::measure::MEASURE;

/// What a name is laid out with: the renderer's parsing options and the name's language.
#[derive(Clone, Copy)]
pub(super) struct Setting<'a> {
    pub options: &'a usvg::Options<'a>,
    pub lang: Option<&'a str>,
}

/// The name laid out: its lines and their font size.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fitted {
    pub lines: Vec<String>,
    pub size: f32,
}

/// A piece of the name that is never broken: a word, or one character of a word too wide to fit.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    /// Whether it follows the previous piece with no space (a character of a broken word).
    glued: bool,
    /// Its width at [`MEASURE`].
    width: f32,
}

/// Lays `name` out in `area` in at most `max_lines` lines.
pub(super) fn fit(name: &str, area: &Area, max_lines: usize, setting: &Setting<'_>) -> Fitted {
    let space = measure(&["a a", "aa"], setting);
    let space = (space[0] - space[1]).max(0.0);
    for broken in [false, true] {
        let pieces = pieces(name, broken, setting);
        for size in SIZES {
            let Some(lines) = wrap(&pieces, space * size / MEASURE, size, area.width(), max_lines) else { continue };
            let fitted = Fitted { lines, size };
            if lines_fit(&fitted, area) && fits(&fitted, area, setting) {
                return fitted;
            }
        }
    }
    ellipsized(name, area, max_lines, setting)
}

/// The words of `name` (or, `broken`, its characters), measured.
fn pieces(name: &str, broken: bool, setting: &Setting<'_>) -> Vec<Piece> {
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for word in name.split_whitespace() {
        if broken {
            pieces.extend(word.chars().enumerate().map(|(i, c)| (c.to_string(), i > 0)));
        } else {
            pieces.push((word.to_string(), false));
        }
    }
    let texts: Vec<&str> = pieces.iter().map(|(t, _)| t.as_str()).collect();
    let widths = measure(&texts, setting);
    pieces.into_iter().zip(widths).map(|((text, glued), width)| Piece { text, glued, width }).collect()
}

/// Greedy wrapping at `size`: `None` if a piece is wider than `width` or more than `max_lines`
/// lines are needed.
fn wrap(pieces: &[Piece], space: f32, size: f32, width: f32, max_lines: usize) -> Option<Vec<String>> {
    let mut lines: Vec<(String, f32)> = Vec::new();
    for piece in pieces {
        let w = piece.width * size / MEASURE;
        if w > width {
            return None;
        }
        match lines.last_mut() {
            Some((text, used)) if *used + w + if piece.glued { 0.0 } else { space } <= width => {
                if !piece.glued {
                    text.push(' ');
                    *used += space;
                }
                text.push_str(&piece.text);
                *used += w;
            }
            _ => lines.push((piece.text.clone(), w)),
        }
    }
    (!lines.is_empty() && lines.len() <= max_lines).then(|| lines.into_iter().map(|(t, _)| t).collect())
}

/// Whether the lines' height fits the area.
fn lines_fit(fitted: &Fitted, area: &Area) -> bool {
    fitted.lines.len() as f32 * LEADING * fitted.size <= area.height()
}

/// The smallest size, the name's characters filling every line, the last cut short with "…" until
/// it fits.
fn ellipsized(name: &str, area: &Area, max_lines: usize, setting: &Setting<'_>) -> Fitted {
    let size = SIZES[SIZES.len() - 1];
    let pieces = pieces(name, true, setting);
    let space = measure(&["a a", "aa"], setting);
    let space = (space[0] - space[1]).max(0.0) * size / MEASURE;
    // Everything that fits the first lines, the rest on the last.
    let mut lines = Vec::new();
    let mut rest: &[Piece] = &pieces;
    while lines.len() + 1 < max_lines && !rest.is_empty() {
        let mut taken = 1;
        while taken < rest.len() && wrap(&rest[..=taken], space, size, area.width(), 1).is_some() {
            taken += 1;
        }
        lines.push(wrap(&rest[..taken], space, size, f32::MAX, 1).unwrap_or_default().concat());
        rest = &rest[taken..];
    }
    let mut last: Vec<char> = wrap(rest, space, size, f32::MAX, 1).unwrap_or_default().concat().chars().collect();
    loop {
        let text: String = last.iter().collect::<String>().trim_end().to_string() + "…";
        let fitted = Fitted { lines: lines.iter().cloned().chain([text]).collect(), size };
        if last.is_empty() || fits(&fitted, area, setting) {
            return fitted;
        }
        last.pop();
    }
}

/// The widths of `texts` at [`MEASURE`], as usvg lays them out.
fn measure(texts: &[&str], setting: &Setting<'_>) -> Vec<f32> {
    crate::render::measure::widths(texts, &|t| font(MEASURE, t), setting.lang, setting.options)
}

/// Whether `fitted`, drawn as [`markup`] draws it, lies inside `area` by usvg's layout.
fn fits(fitted: &Fitted, area: &Area, setting: &Setting<'_>) -> bool {
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 600\">{}</svg>",
        markup(fitted, setting.lang, area, "#000000")
    );
    let Ok(tree) = usvg::Tree::from_data(svg.as_bytes(), setting.options) else { return false };
    let Some(node) = tree.node_by_id(super::NAME_ID) else { return false };
    let b = node.abs_bounding_box();
    area.contains(&Area { left: b.left(), top: b.top(), right: b.right(), bottom: b.bottom() })
}

/// The name's lines as SVG text, centred in `area`, in colour `ink`.
pub(super) fn markup(fitted: &Fitted, lang: Option<&str>, area: &Area, ink: &str) -> String {
    let size = fitted.size;
    let lead = LEADING * size;
    let top = area.top + (area.height() - fitted.lines.len() as f32 * lead) / 2.0;
    let x = (area.left + area.right) / 2.0;
    let mut out = format!("<g id=\"{}\" fill=\"{ink}\">", super::NAME_ID);
    for (i, line) in fitted.lines.iter().enumerate() {
        // The baseline that centres a line's ascent and descent (Noto Sans's 1.069 and 0.293) in its slot.
        let y = top + (i as f32 + 0.5) * lead + 0.388 * size;
        out.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" {}>{}</text>",
            font(size, line),
            markup_text(line, lang)
        ));
    }
    out.push_str("</g>");
    out
}

/// The font attributes of a text at `size`, right to left when it starts in a right-to-left script.
fn font(size: f32, text: &str) -> String {
    let rtl = crate::render::measure::starts_rtl(text);
    let direction = if rtl { " direction=\"rtl\"" } else { "" };
    format!("font-family=\"sans-serif\" font-weight=\"bold\" font-size=\"{size}\"{direction}")
}

pub(super) use crate::render::measure::escape;

/// `text` as the content of a `<text>` element: escaped, each script in its own font (Han in the
/// forms of `lang`).
fn markup_text(text: &str, lang: Option<&str>) -> String {
    crate::render::fonts::runs::markup_in(text, lang)
}
