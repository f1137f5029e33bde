//! Text written into SVG with each script's run in a `<tspan>` naming its Noto face.
//!
//! usvg draws a character its text's font lacks by shaping the whole text again with a fallback
//! font, and keeps that result only glyph for glyph: when the fallback forms ligatures (Arabic
//! lam-alef, Devanagari conjuncts) the glyph counts differ and usvg gives up, leaving `.notdef`
//! boxes ("الإسعافات الأولية — Level 4" came out as tofu). A `<tspan>` with its own font is merged
//! cluster by cluster instead, so a renderer that writes text through [`markup`] has every script
//! shaped by its own font, whatever the mix.

use resvg::usvg::fontdb;

/// The bundled or installed family for `c`'s script, when it is not Noto Sans's; `cjk` is the
/// Noto Sans CJK face for Han, kana and Hangul.
fn family_of(c: char, cjk: &'static str) -> Option<&'static str> {
    Some(match c as u32 {
        0x0590..=0x05ff | 0xfb1d..=0xfb4f => "Noto Sans Hebrew",
        0x0600..=0x06ff | 0x0750..=0x077f | 0x0870..=0x08ff | 0xfb50..=0xfdff | 0xfe70..=0xfeff => "Noto Sans Arabic",
        0x0900..=0x097f | 0x1cd0..=0x1cff | 0xa8e0..=0xa8ff => "Noto Sans Devanagari",
        _ if is_cjk(c) => cjk,
        _ => return None,
    })
}

/// The Noto Sans CJK face whose Han forms readers of `lang` (a BCP 47 tag) expect: Simplified
/// Chinese for `zh` and `zh-Hans`/`zh-CN`/`zh-SG`, Traditional for `zh-Hant`/`zh-TW`, Hong Kong for
/// `zh-HK`/`zh-MO`, Korean for `ko`, and Japanese otherwise (the collection's first face).
fn cjk_family(lang: Option<&str>) -> &'static str {
    let lang = lang.unwrap_or_default().to_ascii_lowercase().replace('_', "-");
    let has = |tag: &str| lang.split('-').any(|part| part == tag);
    match lang.split('-').next().unwrap_or_default() {
        "zh" if has("hk") || has("mo") => "Noto Sans CJK HK",
        "zh" if has("hant") || has("tw") => "Noto Sans CJK TC",
        "zh" => "Noto Sans CJK SC",
        "ko" => "Noto Sans CJK KR",
        _ => "Noto Sans CJK JP",
    }
}

/// Whether `c` belongs to no script of its own (spaces, digits, punctuation, joiners, marks), so
/// it stays in the run it is in when that run's font has it.
fn is_neutral(c: char) -> bool {
    !c.is_alphabetic() || matches!(c as u32, 0x0300..=0x036f | 0x200c..=0x200f)
}

/// `text` escaped for an SVG element, its runs in scripts other than Noto Sans's wrapped in
/// `<tspan font-family="…">`. Text all in Noto Sans's scripts is returned escaped, unwrapped.
/// Han characters take Japanese forms; [`markup_in`] chooses them by language.
pub(crate) fn markup(text: &str) -> String {
    markup_in(text, None)
}

/// [`markup`], with Han characters in the forms readers of `lang` expect (see [`cjk_family`]).
pub(crate) fn markup_in(text: &str, lang: Option<&str>) -> String {
    // Most names are all in Noto Sans's scripts: escaped as they are, with no font looked at and
    // no language read (a certificate draws a name or two per landing page).
    if !text.chars().any(|c| family_of(c, "").is_some()) {
        return escape(text);
    }
    let cjk = cjk_family(lang);
    let set = super::set();
    let db = set.database();
    let mut runs: Vec<(Option<&str>, String)> = Vec::new();
    for c in text.chars() {
        let family = match runs.last() {
            Some((current, _)) if is_neutral(c) && current.is_none_or(|f| family_has(db, f, c)) => *current,
            _ => family_of(c, cjk),
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
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// [`escape`] of `text` onto `out`, in one pass.
fn push_escaped(out: &mut String, text: &str) {
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

/// Han, kana, Hangul, CJK punctuation and full-width forms.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11ff | 0x2e80..=0x2fdf | 0x3000..=0x30ff | 0x3130..=0x318f | 0x31c0..=0x31ff
        | 0x3200..=0x9fff | 0xa960..=0xa97f | 0xac00..=0xd7ff | 0xf900..=0xfaff | 0xff00..=0xffef
        | 0x20000..=0x3ffff)
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
        assert_eq!(markup_in("王", Some("zh-Hant-TW")), "<tspan font-family=\"Noto Sans CJK TC\">王</tspan>");
    }

    #[test]
    fn han_takes_the_forms_of_the_readers_language() {
        let expect = [
            (None, "JP"),
            (Some("ja"), "JP"),
            (Some("zh"), "SC"),
            (Some("zh-CN"), "SC"),
            (Some("zh_TW"), "TC"),
            (Some("zh-Hant"), "TC"),
            (Some("zh-HK"), "HK"),
            (Some("ko-KR"), "KR"),
            (Some("fr"), "JP"),
        ];
        for (lang, face) in expect {
            assert_eq!(cjk_family(lang), format!("Noto Sans CJK {face}"), "{lang:?}");
        }
        // 骨 is drawn differently in mainland China and Japan: the faces give different glyphs.
        let glyph = |lang| {
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\"><text y=\"50\">{}</text></svg>",
                markup_in("骨", lang)
            );
            let tree = resvg::usvg::Tree::from_data(svg.as_bytes(), &super::super::options()).unwrap();
            let Some(resvg::usvg::Node::Text(t)) = tree.root().children().first() else { panic!() };
            t.layouted()[0].positioned_glyphs[0].id.0
        };
        let (zh, ja) = (glyph(Some("zh")), glyph(Some("ja")));
        assert!(zh != 0 && ja != 0);
        assert_ne!(zh, ja, "Simplified Chinese and Japanese forms of 骨");
    }
}
