//! Names fitted to their box on the certificate: the largest font size (in millimetres) at which
//! usvg, with the bundled fonts, lays the name out within the box; at the smallest size a name
//! still too wide is squeezed to the box with `textLength`, so no viewer's font can overflow it.

use crate::render::measure::{self, MEASURE};

/// The share of a box a fitted name may fill: room for a browser's font a little wider than
/// the bundled one.
const SLACK: f32 = 0.94;
/// How much each size tried is smaller than the last, in millimetres.
const STEP: f32 = 0.25;

/// How heavy a text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

impl Weight {
    /// The SVG attribute, empty for regular.
    pub(super) fn attr(self) -> &'static str {
        match self {
            Weight::Regular => "",
            Weight::Bold => " font-weight=\"bold\"",
        }
    }
}

/// A name laid out on one line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub text: String,
    /// Font size in millimetres.
    pub size: f32,
    pub weight: Weight,
    /// The box width the text is squeezed to, when it is too wide even at the smallest size.
    pub squeeze: Option<f32>,
    /// Whether the name is written right to left (its first letter's script).
    pub rtl: bool,
    /// Its width at `size` as measured (the squeezed width when squeezed).
    pub width: f32,
}

/// `text` at the largest size from `max` down to `min` (millimetres) that fits `width`.
///
/// Text in the Latin, Greek and Cyrillic scripts is measured from its characters' advances (each
/// baked from usvg's layout, see [`BAKED`]), 3 % wider for safety (kerning only narrows a line); other
/// scripts, shaped, are laid out whole by usvg. This keeps the cost of a Latin name to a
/// microsecond or two, not a text layout per credential.
pub(crate) fn fit(text: &str, max: f32, min: f32, width: f32, weight: Weight) -> Line {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let rtl = measure::starts_rtl(&text);
    let room = width * SLACK;
    let sized = |at_measure: f32| {
        let mut size = max;
        while size > min && at_measure * size / MEASURE > room {
            size = (size - STEP).max(min);
        }
        (size, at_measure * size / MEASURE)
    };
    // The estimate, 3 % wider for safety, or usvg's layout of the whole text.
    let (size, natural) = sized(estimate(&text, weight).map_or_else(|| width_at_measure(&text, weight), |e| e * 1.03));
    let squeeze = (natural > room).then_some(room);
    Line { text, size, weight, squeeze, rtl, width: squeeze.unwrap_or(natural) }
}

/// The advances at [`MEASURE`] of every character below U+0530 (Latin, Greek, Cyrillic) but
/// controls and combining marks, regular and bold, as usvg lays them out in the bundled Noto Sans:
/// read from [`BAKED`] the first time a name is fitted.
static ADVANCES: std::sync::OnceLock<[std::collections::HashMap<char, f32>; 2]> = std::sync::OnceLock::new();

/// [`advances`] of both weights, measured once and kept with the source (`advances.txt`): a
/// character's code point in hexadecimal, then its regular and bold advances, each written so that
/// it reads back as the very same `f32`. Measured by usvg at the first fit, they took 28 ms of each
/// core in every build that fitted a name, a third of what a build adding one row to 100,000 spends
/// on its pages. The fonts are bundled, so the table is the binary's own; a test holds it to what
/// the fonts measure, and `cargo test --lib render::certificate::fit -- --ignored` writes it anew
/// after the fonts or usvg change.
const BAKED: &str = include_str!("advances.txt");

/// [`BAKED`] read into a table for each weight.
fn baked() -> [std::collections::HashMap<char, f32>; 2] {
    let mut tables = [std::collections::HashMap::new(), std::collections::HashMap::new()];
    for line in BAKED.lines().filter(|l| !l.starts_with('#')) {
        let mut f = line.split('\t');
        let c = f.next().and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
        let (regular, bold) = (f.next().and_then(|v| v.parse().ok()), f.next().and_then(|v| v.parse().ok()));
        if let (Some(c), Some(regular), Some(bold)) = (c, regular, bold) {
            tables[0].insert(c, regular);
            tables[1].insert(c, bold);
        }
    }
    tables
}

/// Whether `c` is one of the characters [`ADVANCES`] holds.
fn simple(c: char) -> bool {
    (c as u32) < 0x0530 && !c.is_control() && !matches!(c as u32, 0x0300..=0x036f)
}

/// The advances of the characters [`simple`] accepts, in `weight`, as usvg measures them.
#[cfg(test)]
fn advances(weight: Weight) -> std::collections::HashMap<char, f32> {
    let chars: Vec<char> = (' '..'\u{0530}').filter(|c| simple(*c)).collect();
    // A character's advance: "H?H" less "HH", so its side bearings count.
    let texts: Vec<String> = std::iter::once("HH".to_string()).chain(chars.iter().map(|c| format!("H{c}H"))).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let attrs = |_: &str| format!("font-family=\"sans-serif\" font-size=\"{MEASURE}\"{}", weight.attr());
    let w = measure::widths(&refs, &attrs, None, measure::options());
    chars.into_iter().zip(&w[1..]).map(|(c, width)| (c, (width - w[0]).max(0.0))).collect()
}

/// The width of `text` at [`MEASURE`] from its characters' advances (plus an em for each wide
/// character), when every other character is Latin, Greek or Cyrillic; `None` otherwise.
pub(super) fn estimate(text: &str, weight: Weight) -> Option<f32> {
    if !text.chars().all(|c| is_wide(c) || simple(c)) {
        return None;
    }
    let table = &ADVANCES.get_or_init(baked)[usize::from(weight == Weight::Bold)];
    Some(text.chars().map(|c| if is_wide(c) { MEASURE } else { table.get(&c).copied().unwrap_or(MEASURE) }).sum())
}

/// The width of `text` at [`MEASURE`]: usvg's layout with the bundled fonts, plus a full em for
/// each wide (CJK, Hangul, full-width) character, which the bundled fonts lack and every font
/// that has them draws about an em wide.
pub(super) fn width_at_measure(text: &str, weight: Weight) -> f32 {
    let narrow: String = text.chars().filter(|c| !is_wide(*c)).collect();
    let wide = text.chars().filter(|c| is_wide(*c)).count() as f32;
    let attrs = |t: &str| {
        let dir = if measure::starts_rtl(t) { " direction=\"rtl\"" } else { "" };
        format!("font-family=\"sans-serif\" font-size=\"{MEASURE}\"{}{dir}", weight.attr())
    };
    let measured = if narrow.trim().is_empty() {
        0.0
    } else {
        measure::widths(&[narrow.as_str()], &attrs, None, measure::options())[0]
    };
    measured + wide * MEASURE
}

/// Whether `c` is drawn about an em wide: CJK, Hangul, kana and full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xfe30..=0xfe4f | 0xff00..=0xff60 | 0xffe0..=0xffe6 | 0x20000..=0x3fffd)
}

#[cfg(test)]
mod baked_tests {
    use super::*;

    /// The table as [`BAKED`] writes it, from what usvg measures now.
    fn measured_text() -> String {
        let (regular, bold) = (advances(Weight::Regular), advances(Weight::Bold));
        let mut chars: Vec<char> = regular.keys().copied().collect();
        chars.sort_unstable();
        let mut text = String::from(
            "# The advances at font size 100 of the characters below U+0530 the certificate's fit estimates\n\
             # (src/render/certificate/fit.rs): code point, regular, bold, as usvg lays them out in the\n\
             # bundled Noto Sans. Written by `cargo test --lib render::certificate::fit -- --ignored`.\n",
        );
        for c in chars {
            text.push_str(&format!("{:04x}\t{:?}\t{:?}\n", c as u32, regular[&c], bold[&c]));
        }
        text
    }

    #[test]
    fn the_baked_advances_are_what_the_bundled_fonts_measure() {
        let (measured, kept) = (measured_text(), BAKED);
        assert!(
            measured == kept,
            "src/render/certificate/advances.txt no longer matches the fonts: write it anew with \
             `cargo test --lib render::certificate::fit -- --ignored`"
        );
        let [regular, bold] = baked();
        assert_eq!(regular.len(), (' '..'\u{0530}').filter(|c| simple(*c)).count(), "every character read back");
        assert_eq!(bold.len(), regular.len());
        assert!(regular[&'W'] > regular[&'i'] && bold[&'W'] > regular[&'W'], "wide, narrow and bold told apart");
    }

    #[test]
    #[ignore = "writes src/render/certificate/advances.txt"]
    fn write_the_baked_advances() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render/certificate/advances.txt");
        std::fs::write(path, measured_text()).unwrap();
    }
}
