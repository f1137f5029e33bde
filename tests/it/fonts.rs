//! Fonts through the built site: badge names in every script drawn without tofu, a name no font
//! covers stopping the build at its file, line and column, and no font file in the output.

use crate::support::{stderr, Site};

/// Names in the nine scripts the site must draw, mixed as real badge names are.
const NAMES: [&str; 5] = [
    "Zoë Ångström — Дмитрий Γιώργος",
    "الإسعافات الأولية — Level 4",
    "דוד כהן Zoë प्रिया शर्मा",
    "김지원 山田太郎 王小明",
    "응급 처치 محمد Data",
];

#[test]
fn badge_names_in_every_script_are_drawn_and_no_font_is_published() {
    for name in NAMES {
        let site = Site::fixture("small");
        site.edit("badges/first-aid.md", "name = \"First Aid\"", &format!("name = \"{name}\""));
        site.build();
        let files = site.files();
        let png = &files["badges/first-aid/badge-512.png"];
        assert!(png.starts_with(b"\x89PNG"), "{name}");
        let svg = String::from_utf8(files["badges/first-aid/image.svg"].clone()).unwrap();
        assert!(svg.contains(&format!("<title>{name}</title>")) && !svg.contains("<text"), "{name}: drawn as outlines");
        let fonts: Vec<_> = files
            .keys()
            .filter(|p| [".ttf", ".otf", ".ttc", ".woff", ".woff2"].iter().any(|e| p.ends_with(e)))
            .collect();
        assert!(fonts.is_empty(), "no font is published: {fonts:?}");
    }
}

#[test]
fn a_drawn_badge_name_no_font_covers_stops_the_build_at_the_name() {
    let site = Site::fixture("small");
    site.edit("badges/first-aid.md", "name = \"First Aid\"", "name = \"First Aid ⴰⵣⵓⵍ\"");
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("first-aid.md:2:1"), "{err}");
    assert!(err.contains("\"ⵣ\" (U+2D63)") && err.contains("First Aid ⴰⵣⵓⵍ"), "{err}");
    assert!(err.contains("write the text with characters from those scripts"), "{err}");
    assert!(!site.public().join("index.html").exists(), "nothing is published");

    // With artwork of its own (badges/<slug>.svg) the name is not drawn by hallmark, but the
    // artwork's own text is: the same characters there stop the build at them.
    let svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">\n<rect width=\"100\" height=\"100\"/>\n\
               <text x=\"5\" y=\"50\">Aid ⵣ</text></svg>";
    std::fs::write(site.content().join("badges/first-aid.svg"), svg).unwrap();
    let err = stderr(&site.run(&["build"]));
    assert!(err.contains("first-aid.svg:3:24") && err.contains("the text \"Aid ⵣ\""), "{err}");
    assert!(!err.contains("first-aid.md"), "{err}");
    std::fs::write(site.content().join("badges/first-aid.svg"), svg.replace('ⵣ', "Ω")).unwrap();
    site.build();
}
