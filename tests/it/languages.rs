//! A site in several languages: pages under /<lang>/ with hreflang alternates, translated badges,
//! the signed credential unchanged, and the problems a site's own .ftl files can have.

use crate::support::{stderr, stdout, Site};

fn read(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn in_languages(site: &Site, languages: &str) {
    site.edit("hallmark.toml", "language = \"en\"\n", &format!("language = \"en\"\nlanguages = {languages}\n"));
}

#[test]
fn a_site_in_three_languages_builds_each_page_in_each_and_signs_each_credential_once() {
    let site = Site::fixture("small");
    site.build();
    let one = site.credentials();
    in_languages(&site, "[\"en\", \"fr\", \"ar\"]");
    std::fs::write(
        site.content().join("badges/sql.fr.md"),
        "+++\nname = \"Les bases de SQL\"\ndescription = \"Écrit des requêtes SQL correctes.\"\n+++\nA écrit **dix** requêtes.\n",
    )
    .unwrap();
    let out = site.build();
    // The credentials are the same bytes, and none is signed again: only pages have languages.
    assert!(site.credentials() == one, "the credentials changed");
    assert!(stdout(&out).contains("0 credentials signed"), "{}", stdout(&out));
    let (path, cred) = site
        .credentials()
        .into_iter()
        .find(|(_, c)| c["credentialSubject"]["achievement"]["name"] == "SQL Basics")
        .unwrap();
    let id = path.trim_start_matches("c/").trim_end_matches("/credential.json");
    let en = read(&site, &format!("c/{id}/index.html"));
    let fr = read(&site, &format!("fr/c/{id}/index.html"));
    let ar = read(&site, &format!("ar/c/{id}/index.html"));
    assert!(en.starts_with("<!DOCTYPE html><html lang=\"en\" dir=\"ltr\"><head>"), "{en}");
    assert!(fr.contains("<html lang=\"fr\" dir=\"ltr\">") && ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    for page in [&en, &fr, &ar] {
        for lang in ["en", "fr", "ar"] {
            let prefix = if lang == "en" { String::new() } else { format!("{lang}/") };
            let alternate = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"https://fixture.github.io/academy/{prefix}c/{id}/\">");
            assert!(page.contains(&alternate), "{alternate} missing");
        }
    }
    assert!(fr.contains("<h2 id=\"verification-title\">Vérification</h2>"), "{fr}");
    assert!(fr.contains(">Les bases de SQL</a>"), "the French page names the badge in French");
    assert!(fr.contains("href=\"/academy/fr/badges/sql/\""), "and links its French page");
    assert!(en.contains(">SQL Basics</a>") && !en.contains("Les bases"));
    assert!(ar.contains("<h2 id=\"verification-title\">التحقق</h2>"), "{ar}");
    assert!(ar.contains("<a aria-current=\"page\" lang=\"ar\""), "the switcher marks the page's language");
    assert!(fr.contains("words.js") && !en.contains("words.js"), "only pages not in English load words.js");
    assert_eq!(cred["credentialSubject"]["achievement"]["name"], "SQL Basics", "the signed name stays the badge's own");
    let badge = read(&site, "fr/badges/sql/index.html");
    assert!(
        badge.contains("<h1>Les bases de SQL</h1>") && badge.contains("A écrit <strong>dix</strong> requêtes."),
        "{badge}"
    );
    assert!(read(&site, "fr/index.html").contains("Tous les badges"));
    assert!(read(&site, "ar/verify/index.html").contains("التحقق من شهادة"));
    let messages: serde_json::Value = serde_json::from_str(&read(&site, "assets/messages-fr.json")).unwrap();
    assert_eq!(messages["Verified"], "Vérifiée");
    assert_eq!(messages["expired on {date}."], "expirée le {date}.");
    assert!(!site.public().join("assets/messages-en.json").exists());
}

#[test]
fn a_site_adds_a_language_and_hears_of_each_message_it_lacks() {
    let site = Site::fixture("small");
    in_languages(&site, "[\"en\", \"nl\"]");
    let dir = site.content().join("locales/nl");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pages.ftl"), "language-name = Nederlands\nverification-title = Controle\n").unwrap();
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("\"nl\" has no translation of") && said.contains("`share-title`"), "{said}");
    site.build();
    let nl = std::fs::read_to_string(site.public().join("nl/index.html")).unwrap();
    assert!(nl.contains("<html lang=\"nl\" dir=\"ltr\">") && nl.contains(">Nederlands</a>"), "{nl}");
    assert!(nl.contains("All badges"), "what Dutch lacks is English");
}

#[test]
fn a_malformed_message_file_stops_the_build_at_its_line_and_column() {
    let site = Site::fixture("small");
    let dir = site.content().join("locales/fr");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pages.ftl"), "verify-title = Vérifier\nshare-title = { $url\nother = x\n").unwrap();
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("locales/fr/pages.ftl:2:1:"), "the broken message's line: {err}");
    assert!(err.contains("projectfluent.org"), "with advice: {err}");
}

#[test]
fn a_translation_of_no_badge_is_an_error_naming_the_file() {
    let site = Site::fixture("small");
    std::fs::write(site.content().join("badges/sqll.fr.md"), "+++\nname = \"x\"\n+++\n").unwrap();
    let out = site.run(&["check"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("sqll.fr.md:1:1") && stderr(&out).contains("which is no badge"), "{}", stderr(&out));
}

#[test]
fn a_credentials_details_share_pages_and_calendar_file_speak_the_recipients_language() {
    let site = Site::fixture("small");
    in_languages(&site, "[\"en\", \"fr\"]");
    site.edit("hallmark.toml", "[programs.data]", "[reports]\nshare_pages = true\n\n[programs.data]");
    site.edit(
        "hallmark.toml",
        "[rosters.\"recipients/lms.csv\"]\n",
        "[rosters.\"recipients/main.csv\".results]\nmark = \"mark\"\n\n[rosters.\"recipients/lms.csv\"]\n",
    );
    site.edit(
        "badges/sql.md",
        "[[alignment]]",
        "[[results]]\nid = \"mark\"\nname = \"Mark\"\ntype = \"Percent\"\nmin = 0\nmax = 100\nrequired_value = 60\n\n[[alignment]]",
    );
    site.edit("recipients/main.csv", "evidence,cohort\n", "evidence,cohort,language,mark\n");
    site.edit("recipients/main.csv", "/ada,Spring\n", "/ada,Spring,,70\n");
    site.edit("recipients/main.csv", "2028-03-01,,Spring\n", "2028-03-01,,Spring,fr,88\n");
    site.edit("recipients/main.csv", "2026-03-02,,,Spring\n", "2026-03-02,,,Spring,,65\n");
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let id_of = |name: &str| {
        let (path, _) = site
            .credentials()
            .into_iter()
            .find(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"] == name)
            .unwrap_or_else(|| panic!("no credential for {name}"));
        path.trim_start_matches("c/").trim_end_matches("/credential.json").to_string()
    };
    let siobhan = id_of("Siobhán O'Brien");
    // The results on each page are worded in the page's language.
    let fr = read(&site, &format!("fr/c/{siobhan}/index.html"));
    assert!(fr.contains("<strong>88</strong> sur 100") && fr.contains("(seuil de réussite 60)"), "{fr}");
    let en = read(&site, &format!("c/{siobhan}/index.html"));
    assert!(en.contains("<strong>88</strong> of 100") && en.contains("(pass mark 60)"), "{en}");
    // Both pages link the one JSON: the page in the JSON's directory by its name, the other by its path.
    let json_path = format!("/academy/c/{siobhan}/credential.json");
    let links = |page: &str, href: &str| page.matches(&format!("href=\"{href}\"")).count();
    assert_eq!((links(&en, "credential.json"), links(&en, &json_path)), (5, 0), "{en}");
    assert_eq!((links(&fr, "credential.json"), links(&fr, &json_path)), (0, 5), "{fr}");
    // The page in the default language links the site from its place (`../../`, shorter than the
    // site's path), the other by the site's path; the script finds the JSON by the alternate link.
    assert!(en.contains("href=\"../../assets/hallmark.css\"") && fr.contains("href=\"/academy/assets/hallmark.css\""));
    assert!(!en.contains("\"/academy/") && !en.contains("data-credential-url") && !fr.contains("data-credential-url"));
    let badge = read(&site, "fr/badges/sql/index.html");
    assert!(badge.contains("Pourcentage, de 0 à 100; seuil de réussite 60"), "{badge}");
    // The files a credential has once are in its recipient's language: French for Siobhán ...
    let ics = read(&site, &format!("c/{siobhan}/expiry.ics"));
    assert!(ics.contains("SUMMARY:SQL Basics expire"), "{ics}");
    assert!(ics.contains("expire le 1 mars 2028") && ics.contains("/academy/fr/c/"), "{ics}");
    let wallet = read(&site, &format!("c/{siobhan}/share/wallet/index.html"));
    assert!(
        wallet.contains("<html lang=\"fr\">") && wallet.contains(">Continuer vers votre portefeuille numérique</a>"),
        "{wallet}"
    );
    // ... and the site's default language for a recipient without one.
    let ada = read(&site, &format!("c/{}/share/linkedin/index.html", id_of("Ada Lovelace")));
    assert!(ada.contains("<html lang=\"en\">") && ada.contains("<title>On to LinkedIn</title>"), "{ada}");
}
