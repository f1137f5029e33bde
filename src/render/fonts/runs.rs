//! Text written into SVG with each script's run in a `<tspan>` naming its Noto face.
//!
//! usvg draws a character its text's font lacks by shaping the whole text again with a fallback
//! font, and keeps that result only glyph for glyph: when the fallback forms ligatures (Arabic
//! lam-alef, Devanagari conjuncts) the glyph counts differ and usvg gives up, leaving `.notdef`
//! boxes ("الإسعافات الأولية — Level 4" came out as tofu). A `<tspan>` with its own font is merged
//! cluster by cluster instead, so a renderer that writes text through [`markup`] has every script
//! shaped by its own font, whatever the mix.

use resvg::usvg::fontdb;

/// The bundled or installed family for `c`'s script, when it is not Noto Sans's.
fn family_of(c: char) -> Option<&'static str> {
    Some(match c as u32 {
        0x0590..=0x05ff | 0xfb1d..=0xfb4f => "Noto Sans Hebrew",
        0x0600..=0x06ff | 0x0750..=0x077f | 0x0870..=0x08ff | 0xfb50..=0xfdff | 0xfe70..=0xfeff => "Noto Sans Arabic",
        0x0900..=0x097f | 0x1cd0..=0x1cff | 0xa8e0..=0xa8ff => "Noto Sans Devanagari",
        _ if super::coverage::is_cjk(c) => "Noto Sans CJK JP",
        _ => return None,
    })
}

/// Whether `c` belongs to no script of its own (spaces, digits, punctuation, joiners, marks), so
/// it stays in the run it is in when that run's font has it.
fn is_neutral(c: char) -> bool {
    !c.is_alphabetic() || matches!(c as u32, 0x0300..=0x036f | 0x200c..=0x200f)
}

/// `text` escaped for an SVG element, its runs in scripts other than Noto Sans's wrapped in
/// `<tspan font-family="…">`. Text all in Noto Sans's scripts is returned escaped, unwrapped.
pub(crate) fn markup(text: &str) -> String {
    let set = super::set();
    let db = set.database();
    let mut runs: Vec<(Option<&str>, String)> = Vec::new();
    for c in text.chars() {
        let family = match runs.last() {
            Some((current, _)) if is_neutral(c) && current.is_none_or(|f| family_has(db, f, c)) => *current,
            _ => family_of(c),
        };
        match runs.last_mut() {
            Some((current, run)) if *current == family => run.push(c),
            _ => runs.push((family, c.to_string())),
        }
    }
    let mut out = String::new();
    for (family, run) in runs {
        match family {
            Some(f) => out.push_str(&format!("<tspan font-family=\"{f}\">{}</tspan>", escape(&run))),
            None => out.push_str(&escape(&run)),
        }
    }
    out
}

/// Whether the regular face of `family` has `c`.
fn family_has(db: &fontdb::Database, family: &str, c: char) -> bool {
    let query = fontdb::Query { families: &[fontdb::Family::Name(family)], ..Default::default() };
    db.query(&query).is_some_and(|id| super::has_char(db, id, c))
}

/// `text` safe inside an SVG element or attribute.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_in_other_scripts_get_their_noto_family_and_neutrals_stay_where_their_font_has_them() {
        assert_eq!(markup("Zoë <Ångström> & Co"), "Zoë &lt;Ångström&gt; &amp; Co");
        assert_eq!(markup("محمد عبد"), "<tspan font-family=\"Noto Sans Arabic\">محمد عبد</tspan>");
        let mixed = markup("الإسعافات الأولية — Level 4");
        assert!(mixed.starts_with("<tspan font-family=\"Noto Sans Arabic\">الإسعافات الأولية"), "{mixed}");
        assert!(mixed.ends_with("Level 4"), "{mixed}");
        assert_eq!(markup("Data 데이터"), "Data <tspan font-family=\"Noto Sans CJK JP\">데이터</tspan>");
    }
}
