//! Text measured as usvg lays it out with the PNG renderer's bundled fonts
//! ([`crate::render::artwork::options`]): what badge artwork and certificates fit names with.

use std::sync::OnceLock;

use resvg::usvg;

/// The parsing options of the PNG renderer (its bundled fonts), made once.
pub(crate) fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(crate::render::artwork::options)
}

/// The font size texts are measured at (widths scale with the size).
pub(crate) const MEASURE: f32 = 100.0;

/// The widths of `texts`, each drawn with the attributes `attrs` gives it (its font size
/// [`MEASURE`]) and each script in its own font (Han in the forms of `lang`), as usvg lays them
/// out; 0 for a text that cannot be laid out.
pub(crate) fn widths(
    texts: &[&str],
    attrs: &dyn Fn(&str) -> String,
    lang: Option<&str>,
    options: &usvg::Options<'_>,
) -> Vec<f32> {
    let mut svg = String::from("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">");
    for (i, text) in texts.iter().enumerate() {
        svg.push_str(&format!(
            "<text id=\"m{i}\" x=\"0\" y=\"100\" {}>{}</text>",
            attrs(text),
            crate::render::fonts::runs::markup_in(text, lang)
        ));
    }
    svg.push_str("</svg>");
    let Ok(tree) = usvg::Tree::from_data(svg.as_bytes(), options) else { return vec![0.0; texts.len()] };
    (0..texts.len())
        .map(|i| match tree.node_by_id(&format!("m{i}")) {
            Some(usvg::Node::Text(t)) => t.bounding_box().width(),
            _ => 0.0,
        })
        .collect()
}

/// Whether `text` starts (at its first letter) in a right-to-left script.
pub(crate) fn starts_rtl(text: &str) -> bool {
    text.chars().find(|c| c.is_alphabetic()).is_some_and(is_rtl)
}

/// Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
pub(crate) fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08ff | 0xfb1d..=0xfdff | 0xfe70..=0xfeff)
}

/// `text` safe inside an SVG element or attribute.
pub(crate) fn escape(text: &str) -> String {
    crate::render::fonts::runs::escape(text)
}
