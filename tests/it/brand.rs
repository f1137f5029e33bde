//! Brand tokens on the pages: one small style sheet per brand, linked after the theme's, with the
//! program's and the badge's overrides on their own pages; nothing extra for a site without one.

use crate::support::{stderr, Site};

/// The fixture with a site brand, a brand for program `data` (the SQL badge's) and a logo and favicon.
fn branded() -> Site {
    let site = Site::fixture("small");
    let static_dir = site.content().join("static");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::fs::write(static_dir.join("logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>")
        .unwrap();
    std::fs::write(static_dir.join("icon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>")
        .unwrap();
    site.edit(
        "hallmark.toml",
        "[programs.data]\nname = \"Data\"",
        "[brand]\nprimary = \"#7a1f5c\"\nlogo = \"static/logo.svg\"\nfavicon = \"static/icon.svg\"\nheading_font = \"Georgia, serif\"\ncorners = \"square\"\n\n[programs.data]\nname = \"Data\"\n[programs.data.brand]\nprimary = \"#1d5e20\"",
    );
    site
}

fn read(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The brand style sheet a page links, as a path in the site (a landing page links it from its
/// place, `../../`; the site's other pages by the site's path).
fn sheet_of(page: &str) -> String {
    let (at, root) = ["href=\"/academy/", "href=\"../../"]
        .iter()
        .find_map(|root| page.find(&format!("{root}assets/brand-")).map(|at| (at, root.len())))
        .unwrap_or_else(|| panic!("no brand style sheet in\n{page}"));
    let rest = &page[at + root..];
    rest[..rest.find('"').unwrap()].to_string()
}

fn credential_page_of(site: &Site, name: &str) -> String {
    site.files()
        .into_iter()
        .filter(|(p, _)| p.starts_with("c/") && p.ends_with("/index.html"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .find(|page| page.contains(&format!("<span class=\"recipient\" dir=\"auto\">{name}</span>")))
        .unwrap_or_else(|| panic!("no landing page for {name}"))
}

#[test]
fn pages_take_the_site_brand_and_a_programs_pages_take_the_programs() {
    let site = branded();
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let home = read(&site, "index.html");
    let site_sheet = sheet_of(&home);
    let css = read(&site, &site_sheet);
    assert!(css.contains("--primary:#7a1f5c;--accent:#0a58a6;--accent-text:#ffffff;"), "{css}");
    assert!(css.contains("--font-heading:Georgia, serif;--radius:0}"), "{css}");
    assert!(home.contains("<link rel=\"icon\" href=\"/academy/static/icon.svg\">"), "{home}");
    assert!(home.contains("<img src=\"/academy/static/logo.svg\" alt=\"\" width=\"40\" height=\"40\">"));
    assert_eq!(sheet_of(&read(&site, "verify/index.html")), site_sheet);
    assert_eq!(sheet_of(&read(&site, "badges/first-aid/index.html")), site_sheet, "first-aid is in no program");
    let sql_sheet = sheet_of(&read(&site, "badges/sql/index.html"));
    assert_ne!(sql_sheet, site_sheet);
    assert!(read(&site, &sql_sheet).contains("--primary:#1d5e20;"));
    assert!(read(&site, &sql_sheet).contains("--radius:0}"), "the program inherits the site's corners");
    assert_eq!(sheet_of(&credential_page_of(&site, "Ada Lovelace")), sql_sheet);
}

#[test]
fn a_badges_own_brand_reaches_its_credential_pages_on_the_next_build() {
    let site = branded();
    assert!(site.build().status.success());
    let before = credential_page_of(&site, "Ada Lovelace");
    site.edit(
        "badges/sql.md",
        "skills = [\"SELECT\", \"JOIN\"]",
        "skills = [\"SELECT\", \"JOIN\"]\n[brand]\naccent = \"#0b6e4f\"",
    );
    let out = site.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let after = credential_page_of(&site, "Ada Lovelace");
    assert_ne!(sheet_of(&after), sheet_of(&before));
    let css = read(&site, &sheet_of(&after));
    assert!(css.contains("--primary:#1d5e20;") && css.contains("--accent:#0b6e4f;"), "{css}");
    assert!(!site.public().join(sheet_of(&before)).exists(), "the program's sheet is no longer linked by any page");
}

#[test]
fn a_site_without_a_brand_links_no_brand_style_sheet() {
    let site = Site::fixture("small");
    assert!(site.build().status.success());
    for (path, bytes) in site.files() {
        assert!(!path.contains("brand-"), "{path}");
        if path.ends_with(".html") {
            let page = String::from_utf8(bytes).unwrap();
            assert!(!page.contains("brand-") && !page.contains("rel=\"icon\""), "{path}");
        }
    }
}

#[test]
fn preview_themes_shows_each_design_in_each_brand_the_badges_wear_in_one_offline_page() {
    let site = branded();
    let out = site.root().join("designs.html");
    let run = site.run(&["preview", "themes", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(crate::support::stdout(&run).contains("designs.html"), "it says where the page is");
    let page = std::fs::read_to_string(&out).unwrap();
    // The site's brand (first-aid) and program Data's (sql): three designs each.
    let sections: Vec<&str> = page.split("<section>").skip(1).collect();
    assert_eq!(sections.len(), 2, "{page}");
    assert!(page.contains("In the brand of the site") && page.contains("In the brand of program “Data”"));
    for section in &sections {
        for design in ["classic", "modern", "minimal"] {
            assert!(section.contains(&format!("<code>design = \"{design}\"</code>")), "{design} in {section}");
        }
        assert_eq!(section.matches("<figure>\n<svg ").count(), 3, "three certificates: {section}");
    }
    assert!(sections[0].contains("#7a1f5c") != sections[1].contains("#7a1f5c"), "each wears its own primary");
    assert!(page.contains("#1d5e20"), "the program's colour");
    // Offline: every image is inlined, nothing refers to the site.
    assert!(!page.contains("href=\"/") && page.contains("href=\"data:image/svg+xml;base64,"), "images inlined");
    assert!(page.contains(">Alex Example<"), "a sample recipient");
    // Nothing was built or written to the site.
    assert!(!site.public().exists() && !site.content().join("hallmark.lock").exists());
}
