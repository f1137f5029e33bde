use super::*;
use crate::ground::colour::contrast;
use std::collections::BTreeSet;
use std::path::Path;

fn layer(toml: &str, shown: &str) -> Located {
    let brand: BrandConfig = toml::from_str(toml).unwrap();
    // Each key "is" on the line of its name in the text, for assertions on places.
    let locate = |k: &str| {
        let line = toml.lines().position(|l| !k.is_empty() && l.starts_with(&format!("{k} "))).map_or(1, |i| i + 1);
        Location::new(Path::new("t.toml"), line, 1)
    };
    Located::new(&brand, shown, &locate)
}

fn refusals(layers: &[&Located]) -> Vec<Problem> {
    let mut problems = Problems::new();
    check_contrast(layers, &mut problems, &mut BTreeSet::new());
    problems.sorted()
}

#[test]
fn the_default_brand_passes_every_pair() {
    assert!(pairs(&Brand::default()).iter().all(Pair::passes));
    assert!(refusals(&[&layer("", "brand")]).is_empty());
    assert!(!Brand::default().restyles());
}

#[test]
fn a_grey_accent_is_refused_with_its_ratio_and_a_passing_suggestion() {
    let site = layer("accent = \"#777777\"\n", "brand");
    let found = refusals(&[&site]);
    let on_background = found.iter().find(|p| p.message.contains("accent links on the background")).unwrap();
    assert_eq!(
        on_background.message,
        "brand.accent #777777: accent links on the background: contrast ratio 4.48:1 (#777777 on #ffffff), below the 4.5:1 WCAG 2.2 AA asks for"
    );
    assert_eq!(on_background.location.as_ref().map(|l| l.line), Some(1));
    let help = on_background.help.as_deref().unwrap();
    let suggested = Rgb::parse(help.split('"').nth(1).unwrap()).unwrap();
    assert!(contrast(suggested, Rgb::WHITE) >= 4.5, "{help}");
    let panels = Palette::of(&Brand::default()).surface;
    assert!(contrast(suggested, panels) >= 4.5, "it passes on panels too: {help}");
    assert!(suggested.0 == suggested.1 && suggested.1 == suggested.2, "a grey stays grey: {suggested}");
    assert!(
        help.starts_with(&format!("use accent = \"{suggested}\": the nearest colour of the same hue that passes ("))
    );
}

#[test]
fn the_suggestion_keeps_the_hue_and_is_the_nearest_that_passes() {
    let site = layer("primary = \"#ff6666\"\n", "brand");
    let found = refusals(&[&site]);
    assert_eq!(found.len(), 1, "{found:?}");
    let help = found[0].help.as_deref().unwrap();
    let suggested = Rgb::parse(help.split('"').nth(1).unwrap()).unwrap();
    assert!(contrast(suggested, Rgb::WHITE) >= 4.5);
    assert!(suggested.0 > suggested.1 && suggested.1 == suggested.2, "still a red: {suggested}");
    // One step lighter in the same hue no longer passes: nothing nearer does.
    let lighter = Rgb::parse("#ff6666").unwrap().same_hue_by_lightness();
    let nearest_passing = lighter.iter().find(|c| contrast(**c, Rgb::WHITE) >= 4.5).unwrap();
    assert_eq!(&suggested, nearest_passing);
}

#[test]
fn a_badge_that_darkens_the_background_is_told_about_its_background_not_the_site_text() {
    let site = layer("", "brand");
    let badge = layer("background = \"#333333\"\n", "brand");
    let found = refusals(&[&site, &badge]);
    assert!(found.iter().any(|p| p.message.starts_with("brand.background #333333: body text on the background")));
    assert!(found.iter().all(|p| p.message.starts_with("brand.background")), "{found:?}");
}

#[test]
fn later_layers_win_and_unparsable_tokens_are_skipped() {
    let site: BrandConfig = toml::from_str("primary = \"#112233\"\ncorners = \"square\"\n").unwrap();
    let badge: BrandConfig = toml::from_str("primary = \"#445566\"\naccent = \"blue\"\n").unwrap();
    let brand = Brand::resolve(&[Some(&site), None, Some(&badge)]);
    assert_eq!(brand.primary, Rgb(0x44, 0x55, 0x66));
    assert_eq!(brand.accent, DEFAULT_PRIMARY);
    assert_eq!(brand.corners, Corners::Square);
    assert!(brand.restyles());
}

#[test]
fn reports_colours_corners_and_fonts_that_cannot_be_used() {
    let brand: BrandConfig = toml::from_str(
        "primary = \"blue\"\ncorners = \"soft\"\nbody_font = \"x; } body { display: none\"\nheading_font = \"Georgia, 'Times New Roman', serif\"\n",
    )
    .unwrap();
    let mut problems = Problems::new();
    check_values(&brand, "brand", &|_| Location::new("t.toml", 1, 1), &mut problems);
    let messages: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
    assert_eq!(
        messages,
        [
            "brand.primary \"blue\" is not a colour written as #rrggbb",
            "brand.corners \"soft\" is not a corner style",
            "brand.body_font contains \";\", which a font stack has no use for",
        ]
    );
}
