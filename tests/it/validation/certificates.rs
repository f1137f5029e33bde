//! Certificate settings: a design, paper or orientation hallmark does not know, a seal or signature
//! image that is not there, and more than three signatories are refused at their place with the
//! fix, in `hallmark.toml`, in a program's table and in a badge's front matter; settings that pass
//! choose each credential's certificate, the later layer winning.

use super::*;

/// The sheet a landing page draws its certificate over (`assets/cert/sheet-<hash>.svg`): its path
/// in the site and its text.
fn sheet_of(files: &std::collections::BTreeMap<String, Vec<u8>>, page: &str) -> (String, String) {
    let (_, shell) = shell_of(files, page);
    let start = shell.find("<image href=\"/academy/assets/cert/sheet-").expect("the shell draws over a sheet") + 22;
    let path = shell[start..start + shell[start..].find('"').unwrap()].to_string();
    let text = String::from_utf8(files[&path].clone()).unwrap();
    (path, text)
}

/// The path and text of the shell that `page`'s script puts its own texts into.
fn shell_of(files: &std::collections::BTreeMap<String, Vec<u8>>, page: &str) -> (String, String) {
    let at = "<div class=\"certificate\" data-shell=\"../../";
    let start = page.find(at).expect("the page's certificate") + at.len();
    let path = page[start..start + page[start..].find('"').unwrap()].to_string();
    assert!(path.starts_with("assets/cert/shell-") && path.ends_with(".html"), "{path}");
    let text = String::from_utf8(files[&path].clone()).unwrap();
    (path, text)
}

/// The fixture's hallmark.toml has 20 lines: a table appended starts on line 21.
fn append_to_config(site: &Site, text: &str) {
    let path = site.content().join("hallmark.toml");
    let mut config = std::fs::read_to_string(&path).unwrap();
    assert_eq!(config.lines().count(), 20);
    config.push_str(text);
    std::fs::write(path, config).unwrap();
}

#[test]
fn refuses_certificate_settings_it_cannot_use() {
    let err = failing_build(|s| {
        append_to_config(
            s,
            "[certificates]\ndesign = \"clasic\"\npaper = \"a5\"\norientation = \"sideways\"\nseal = \"images/seal.svg\"\n\
             signatories = [\n  { name = \"A\", signature = \"images/a.png\" },\n  { name = \"B\" },\n  { name = \"C\" },\n  { name = \"D\" },\n]\n",
        )
    });
    assert_reports(
        &err,
        "hallmark.toml:22:1",
        "certificates.design \"clasic\" is not a design",
        "did you mean design = \"classic\"? The designs are \"classic\", \"modern\", \"minimal\", \"none\"",
    );
    assert_reports(&err, "hallmark.toml:23:1", "certificates.paper \"a5\" is not a paper size", "paper = \"letter\"");
    assert_reports(
        &err,
        "hallmark.toml:24:1",
        "certificates.orientation \"sideways\" is not an orientation",
        "orientation = \"portrait\"",
    );
    assert_reports(
        &err,
        "hallmark.toml:25:1",
        "certificates.seal \"images/seal.svg\" does not exist",
        "put the image (SVG, PNG or JPEG) in the content directory",
    );
    assert_reports(
        &err,
        "hallmark.toml:26:1",
        "certificates.signatories lists 4 signatories; a certificate has room for at most 3",
        "keep the one to three people",
    );
    assert_reports(
        &err,
        "hallmark.toml:27:17",
        "certificates.signatories.0.signature \"images/a.png\" does not exist",
        "signature = \"images/signature.svg\"",
    );
}

#[test]
fn refuses_bad_certificate_settings_of_a_program_and_of_a_badge() {
    let site = Site::fixture("small");
    site.edit(
        "hallmark.toml",
        "[programs.data]\nname = \"Data\"",
        "[programs.data]\nname = \"Data\"\n[programs.data.certificates]\npaper = \"A4\"",
    );
    site.edit("badges/first-aid.md", "work.\"\n+++", "work.\"\n[certificate]\ndesign = \"modrn\"\n+++");
    let out = site.run(&["check"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_reports(
        &err,
        "hallmark.toml:15:1",
        "programs.data.certificates.paper \"A4\" is not a paper size",
        "paper = \"a4\"",
    );
    assert_reports(
        &err,
        "badges/first-aid.md:5:1",
        "certificate.design \"modrn\" is not a design",
        "did you mean design = \"modern\"?",
    );
}

#[test]
fn the_badge_layer_wins_over_the_program_and_the_program_over_the_site() {
    let (site, err) = passing_build(|s| {
        std::fs::create_dir_all(s.content().join("images")).unwrap();
        let sig = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"60\" height=\"20\"><path d=\"M2 18 58 2\" stroke=\"#000\"/></svg>";
        std::fs::write(s.content().join("images/sig.svg"), sig).unwrap();
        append_to_config(
            s,
            "[certificates]\npaper = \"letter\"\nsignatories = [{ name = \"Dr Ana Ruiz\", title = \"Dean\", signature = \"images/sig.svg\" }]\n",
        );
        s.edit("hallmark.toml", "[programs.data]\nname = \"Data\"", "[programs.data]\nname = \"Data\"\n[programs.data.certificates]\ndesign = \"modern\"\norientation = \"portrait\"");
    });
    assert!(!err.contains("certificate"), "{err}");
    let files = site.files();
    let pages: Vec<String> = files
        .clone()
        .into_iter()
        .filter(|(p, _)| p.starts_with("c/") && p.ends_with("/index.html"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    let of = |badge: &str| pages.iter().filter(|p| p.contains(&format!("/badges/{badge}/"))).collect::<Vec<_>>();
    let (sql, first_aid) = (of("sql"), of("first-aid"));
    assert!(!sql.is_empty() && !first_aid.is_empty());
    for page in sql {
        let (_, shell) = shell_of(&files, page);
        assert!(
            shell.starts_with(
                "<style>@page cert-letter-portrait{size:letter portrait;margin:0}.certificate{page:cert-letter-portrait}</style>"
            ),
            "{shell}"
        );
        assert!(shell.contains("class=\"cert-modern\" width=\"215.9mm\" height=\"279.4mm\""), "{shell}");
        let (_, sheet) = sheet_of(&files, page);
        assert!(sheet.contains("class=\"cert-modern\" width=\"215.9mm\" height=\"279.4mm\""), "{sheet}");
        assert!(sheet.contains(">Dr Ana Ruiz<") && sheet.contains(">Dean<"), "{sheet}");
    }
    for page in first_aid {
        let (_, shell) = shell_of(&files, page);
        assert!(shell.starts_with("<style>@page cert-letter-landscape{size:letter landscape;margin:0}"), "{shell}");
        assert!(shell.contains("class=\"cert-classic\""), "{shell}");
    }
    // One sheet and one shell a badge (the fixture is in one language), the signature, frame and
    // seal inlined in the sheet: it is shown as an image, which loads nothing, so they are not
    // published on their own.
    let assets: Vec<String> = files.keys().filter(|p| p.starts_with("assets/cert/")).cloned().collect();
    assert_eq!(assets.len(), 4, "one sheet and one shell for each badge: {assets:?}");
    for page in &pages {
        // The page's own texts only: the recipient and the dates, no style of its own.
        assert!(page.contains("<svg><text id=\"cert-recipient\"") && !page.contains("<style>@page"), "{page}");
        let (path, sheet) = sheet_of(&files, page);
        assert!(assets.contains(&path) && assets.contains(&shell_of(&files, page).0), "{path}");
        assert!(sheet.contains(">Dr Ana Ruiz<"), "{sheet}");
        assert!(sheet.contains("href=\"data:image/svg+xml;base64,"), "images inlined: {sheet}");
        assert!(!sheet.contains("href=\"/"), "nothing loaded by URL: {sheet}");
    }
}

#[test]
fn design_none_leaves_the_page_without_a_certificate() {
    let (site, _) = passing_build(|s| append_to_config(s, "[certificates]\ndesign = \"none\"\n"));
    let pages = site.files().into_iter().filter(|(p, _)| p.starts_with("c/") && p.ends_with("/index.html"));
    for (path, bytes) in pages {
        assert!(!String::from_utf8(bytes).unwrap().contains("class=\"certificate"), "{path}");
    }
}

#[test]
fn a_new_signature_is_a_new_file_and_the_pages_that_show_it_follow() {
    let site = Site::fixture("small");
    std::fs::create_dir_all(site.content().join("images")).unwrap();
    let sig = |stroke: &str| {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"60\" height=\"20\"><path d=\"M2 18 58 2\" stroke=\"{stroke}\"/></svg>")
    };
    std::fs::write(site.content().join("images/sig.svg"), sig("#000")).unwrap();
    append_to_config(
        &site,
        "[certificates]\nsignatories = [{ name = \"Dr Ana Ruiz\", signature = \"images/sig.svg\" }]\n",
    );
    // The sheets that show the signature (inlined), by path: a new signature makes new sheets, and
    // the pages follow.
    let signature_of = |site: &Site| {
        let files = site.files();
        let sheets: Vec<String> = files.keys().filter(|p| p.starts_with("assets/cert/sheet-")).cloned().collect();
        let others = files.keys().filter(|p| p.starts_with("assets/cert/") && !sheets.contains(p));
        assert!(others.clone().all(|p| p.starts_with("assets/cert/shell-")), "only sheets and shells: {sheets:?}");
        // A shell names its sheet: the pages follow a new sheet through a new shell.
        assert_eq!(others.count(), sheets.len(), "one shell a sheet");
        let pages: Vec<String> = files
            .iter()
            .filter(|(p, _)| p.starts_with("c/") && p.ends_with("/index.html"))
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
            .collect();
        for page in &pages {
            let (path, sheet) = sheet_of(&files, page);
            assert!(sheets.contains(&path), "{path}");
            assert!(sheet.contains(">Dr Ana Ruiz<"), "{sheet}");
        }
        sheets
    };
    site.build();
    let before = signature_of(&site);
    std::fs::write(site.content().join("images/sig.svg"), sig("#123456")).unwrap();
    site.build();
    let after = signature_of(&site);
    assert!(
        before.iter().all(|p| !after.contains(p)),
        "the new signature makes new sheets, so no cache serves the old one"
    );
}
