//! A brand's style sheet: the default theme's CSS custom properties set from the brand tokens, so
//! every page drawn with the brand takes its colours, fonts and corners from them.

use crate::model::brand::{Brand, Corners, Palette};

/// The style sheet of `brand`, linked after `hallmark.css`; `None` when the brand looks like the
/// default theme (its pages then stay exactly as they were). The colours hold on screen only, so
/// the printed certificate keeps its black on white; fonts and corners hold in print too.
pub(crate) fn stylesheet(brand: &Brand) -> Option<String> {
    if !brand.restyles() {
        return None;
    }
    let p = Palette::of(brand);
    let colours = [
        ("bg", p.background),
        ("surface", p.surface),
        ("border", p.border),
        ("text", p.text),
        ("muted", p.muted),
        ("primary", p.primary),
        ("accent", p.accent),
        // Text on primary buttons and the skip link.
        ("accent-text", p.on_primary),
        ("ok", p.ok),
        ("bad", p.bad),
        ("bad-bg", p.bad_bg),
        ("warn", p.warn),
        ("warn-bg", p.warn_bg),
        ("focus", p.focus),
    ];
    let scheme = if p.light { "light" } else { "dark" };
    let vars: String = colours.iter().map(|(name, c)| format!(";--{name}:{c}")).collect();
    let radius = match brand.corners {
        Corners::Square => "0",
        Corners::Rounded => "10px",
        Corners::Round => "1.5rem",
    };
    Some(format!(
        "/* hallmark brand */\n@media screen{{:root{{color-scheme:{scheme}{vars}}}}}\n:root{{--font:{};--font-heading:{};--radius:{radius}}}\n",
        brand.body_font, brand.heading_font
    ))
}

/// The name the style sheet is published under: a hash of its text.
pub(crate) fn stylesheet_key(css: &str) -> String {
    crate::ground::hash::short_key(&[css])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::colour::Rgb;

    #[test]
    fn the_default_brand_needs_no_style_sheet() {
        assert_eq!(stylesheet(&Brand::default()), None);
        let logo_only = Brand { logo: Some("static/logo.svg".into()), ..Brand::default() };
        assert_eq!(stylesheet(&logo_only), None, "a logo is markup, not style");
    }

    #[test]
    fn a_brand_sets_the_theme_custom_properties() {
        let brand = Brand {
            primary: Rgb(0x7a, 0x1f, 0x5c),
            corners: Corners::Square,
            heading_font: "Georgia, serif".into(),
            ..Brand::default()
        };
        let css = stylesheet(&brand).unwrap();
        assert!(css.contains("@media screen{:root{color-scheme:light;--bg:#ffffff;"), "{css}");
        assert!(css.contains(";--primary:#7a1f5c;--accent:#0a58a6;--accent-text:#ffffff;"), "{css}");
        assert!(
            css.ends_with(":root{--font:system-ui, sans-serif;--font-heading:Georgia, serif;--radius:0}\n"),
            "{css}"
        );
        let dark = Brand { background: Rgb(0x11, 0x14, 0x18), text: Rgb(0xee, 0xee, 0xee), ..brand };
        assert!(stylesheet(&dark).unwrap().contains("color-scheme:dark;"));
    }
}
