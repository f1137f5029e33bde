//! Brand tokens: values that cannot be used, and colours that do not contrast enough (WCAG 2.2
//! AA), are refused at their place with the pair, the ratio and a colour that passes.

use super::*;

/// The fixture's hallmark.toml has 20 lines: a table appended starts on line 21.
fn append_to_config(site: &Site, text: &str) {
    let path = site.content().join("hallmark.toml");
    let mut config = std::fs::read_to_string(&path).unwrap();
    assert_eq!(config.lines().count(), 20);
    config.push_str(text);
    std::fs::write(path, config).unwrap();
}

#[test]
fn refuses_a_brand_colour_that_fails_contrast_naming_the_pair_ratio_and_a_passing_colour() {
    let err = failing_build(|s| append_to_config(s, "[brand]\naccent = \"#777777\"\n"));
    assert_reports(
        &err,
        "hallmark.toml:22:1",
        "brand.accent #777777: accent links on the background: contrast ratio 4.48:1 (#777777 on #ffffff), below the 4.5:1 WCAG 2.2 AA asks for",
        "use accent = \"#",
    );
    let help = err.lines().find(|l| l.contains("use accent = \"#")).unwrap();
    let ratio: f64 =
        help.split("passes (").nth(1).unwrap().trim_end_matches("):1)").trim_end_matches(":1)").parse().unwrap();
    assert!(ratio >= 4.5, "{help}");
}

#[test]
fn check_refuses_a_failing_program_brand_and_a_failing_badge_brand_too() {
    let site = Site::fixture("small");
    site.edit(
        "hallmark.toml",
        "[programs.data]\nname = \"Data\"",
        "[programs.data]\nname = \"Data\"\n[programs.data.brand]\nprimary = \"#99ccff\"",
    );
    site.edit("badges/first-aid.md", "work.\"\n+++", "work.\"\n[brand]\ntext = \"#aaaaaa\"\n+++");
    let out = site.run(&["check"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_reports(&err, "hallmark.toml:15:1", "programs.data.brand.primary #99ccff: button text", "use primary = \"#");
    assert_reports(
        &err,
        "badges/first-aid.md:5:1",
        "brand.text #aaaaaa: body text on the background: contrast ratio 2.32:1",
        "use text = \"#",
    );
}

#[test]
fn refuses_brand_values_it_cannot_use() {
    let err = failing_build(|s| {
        append_to_config(s, "[brand]\nprimary = \"navy\"\ncorners = \"soft\"\nlogo = \"static/missing.svg\"\n")
    });
    assert_reports(
        &err,
        "hallmark.toml:22:1",
        "brand.primary \"navy\" is not a colour written as #rrggbb",
        "e.g. primary = \"#0a58a6\"",
    );
    assert_reports(
        &err,
        "hallmark.toml:23:1",
        "brand.corners \"soft\" is not a corner style",
        "\"square\", \"rounded\" or \"round\"",
    );
    assert_reports(&err, "hallmark.toml:24:1", "brand.logo \"static/missing.svg\" does not exist", "static/ folder");
}

#[test]
fn a_brand_that_passes_builds() {
    let (_, err) = passing_build(|s| {
        append_to_config(s, "[brand]\nprimary = \"#7a1f5c\"\naccent = \"#0b6e4f\"\ncorners = \"square\"\n")
    });
    assert!(!err.contains("contrast"), "{err}");
}
