//! Certificate settings: a design, paper or orientation hallmark does not know, a seal or signature
//! image that is not there, and more than three signatories are refused at their place with the
//! fix, in `hallmark.toml`, in a program's table and in a badge's front matter; settings that pass
//! choose each credential's certificate, the later layer winning.

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
    let pages: Vec<String> = site
        .files()
        .into_iter()
        .filter(|(p, _)| p.starts_with("c/") && p.ends_with("/index.html"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    let of = |badge: &str| pages.iter().filter(|p| p.contains(&format!("/badges/{badge}/"))).collect::<Vec<_>>();
    let (sql, first_aid) = (of("sql"), of("first-aid"));
    assert!(!sql.is_empty() && !first_aid.is_empty());
    for page in sql {
        assert!(
            page.contains("<style>@page cert-letter-portrait{size:letter portrait;margin:0}")
                && page.contains("<div class=\"certificate\" style=\"page:cert-letter-portrait\" hidden><svg"),
            "{page}"
        );
        assert!(page.contains("class=\"cert-modern\" width=\"215.9mm\" height=\"279.4mm\""), "{page}");
        assert!(page.contains(">Dr Ana Ruiz<") && page.contains(">Dean<"), "{page}");
    }
    for page in first_aid {
        assert!(
            page.contains("<style>@page cert-letter-landscape{size:letter landscape;margin:0}")
                && page.contains("<div class=\"certificate\" style=\"page:cert-letter-landscape\" hidden><svg"),
            "{page}"
        );
        assert!(page.contains("class=\"cert-classic\""), "{page}");
    }
    let assets: Vec<String> = site.files().into_keys().filter(|p| p.starts_with("assets/cert/")).collect();
    assert_eq!(assets.len(), 3, "the signature, the classic frame and the drawn seal, once each: {assets:?}");
    let signature =
        assets.iter().find(|p| p.ends_with(".svg") && !p.contains("frame-") && !p.contains("seal-")).unwrap();
    assert!(
        pages.iter().all(|p| p.contains(&format!("href=\"/academy/{signature}\""))),
        "every page links the one copy"
    );
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
    let signature_of = |site: &Site| {
        let files = site.files();
        let sigs: Vec<String> = files
            .keys()
            .filter(|p| p.starts_with("assets/cert/") && !p.contains("frame-") && !p.contains("seal-"))
            .cloned()
            .collect();
        assert_eq!(sigs.len(), 1, "{sigs:?}");
        let pages: Vec<String> = files
            .iter()
            .filter(|(p, _)| p.starts_with("c/") && p.ends_with("/index.html"))
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
            .collect();
        assert!(
            pages.iter().all(|p| p.contains(&format!("href=\"/academy/{}\"", sigs[0]))),
            "every page links {}",
            sigs[0]
        );
        sigs[0].clone()
    };
    site.build();
    let before = signature_of(&site);
    std::fs::write(site.content().join("images/sig.svg"), sig("#123456")).unwrap();
    site.build();
    let after = signature_of(&site);
    assert_ne!(before, after, "the new signature has a new name, so no cache serves the old one");
}
