//! `hallmark build` end to end: what it writes, determinism, the ledger, and failed builds that lose nothing.

use crate::support::{self, stderr, stdout, Site};

#[test]
fn builds_the_fixture_site_with_every_output() {
    let site = Site::fixture("small");
    let out = site.build();
    assert!(stdout(&out).contains("Built 5 credentials for 2 badges"), "{}", stdout(&out));
    let files = site.files();
    for f in [
        "index.html",
        "404.html",
        ".nojekyll",
        "robots.txt",
        "did.json",
        "issuer.json",
        "status/revocation/1.json",
        "status/suspension/1.json",
        "assets/hallmark.css",
        "badges/sql/index.html",
        "badges/sql/achievement.json",
        "badges/sql/image.svg",
        "badges/first-aid/index.html",
        "badges/first-aid/achievement.json",
    ] {
        assert!(files.contains_key(f), "missing {f}; have {:?}", files.keys().collect::<Vec<_>>());
    }
    assert_eq!(site.credentials().len(), 5);
    let pages = files.keys().filter(|p| p.starts_with("c/") && p.ends_with("/index.html")).count();
    assert_eq!(pages, 5);
    assert_eq!(site.ledger().lines().filter(|l| l.split('\t').count() >= 11).count(), 5);
}

#[test]
fn landing_page_shows_name_badge_issuer_dates_and_json_link_and_links_the_criteria() {
    let site = Site::fixture("small");
    site.build();
    let (path, cred) = site
        .credentials()
        .into_iter()
        .find(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"] == "Siobhán O'Brien")
        .unwrap();
    let page_path = path.replace("credential.json", "index.html");
    let html = String::from_utf8(site.files()[&page_path].clone()).unwrap();
    assert!(html.contains("Siobhán O&#x27;Brien") || html.contains("Siobhán O&#39;Brien"), "{html}");
    assert!(html.contains("SQL Basics"));
    assert!(html.contains("Fixture Academy"));
    assert!(html.contains("1 March 2026"), "issue date");
    assert!(html.contains("1 March 2028"), "expiry date");
    // The criteria (the same for every credential of the badge) are on the badge's page, linked.
    assert!(!html.contains("<strong>ten</strong>"), "criteria are not repeated on every landing page");
    assert!(html.contains("/badges/sql/#criteria-title\">What this badge requires and covers</a>"), "{html}");
    let badge = String::from_utf8(site.files()["badges/sql/index.html"].clone()).unwrap();
    assert!(badge.contains("<strong>ten</strong>"), "criteria rendered from Markdown on the badge's page");
    // The page links the JSON beside it, where the credential's id says it is.
    assert_eq!(cred["id"].as_str().unwrap(), format!("https://fixture.github.io/academy/{path}"));
    assert!(html.contains("<a class=\"button\" href=\"credential.json\" download="), "link to {path}: {html}");
    assert!(html.contains("noindex"), "credential pages are noindex by default");
    assert!(!html.contains("siobhan@example.org"), "no e-mail address in the page");
}

#[test]
fn building_twice_changes_no_byte_and_writes_no_file() {
    let site = Site::fixture("small");
    site.build();
    let first = site.files();
    let ledger = site.ledger();
    let out = site.build();
    assert_eq!(site.files(), first);
    assert_eq!(site.ledger(), ledger);
    assert!(stdout(&out).contains("0 files written"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("hallmark.lock updated"));
}

#[test]
fn same_content_key_and_ledger_give_identical_output_in_another_directory() {
    let a = Site::fixture("small");
    a.build();
    let b = Site::fixture("small");
    std::fs::copy(a.content().join("hallmark.lock"), b.content().join("hallmark.lock")).unwrap();
    b.build();
    assert_eq!(a.files(), b.files());
}

#[test]
fn adding_a_row_issues_one_credential_and_changes_no_existing_credential_file() {
    let site = Site::fixture("small");
    site.build();
    let before = site.files();
    site.append("main.csv", "sql,Grace Hopper,grace@example.org,2026-03-01,,,Spring");
    let out = site.build();
    assert!(stdout(&out).contains("1 new, 0 corrected, 5 unchanged"), "{}", stdout(&out));
    let after = site.files();
    for (path, bytes) in &before {
        if path.starts_with("c/") {
            assert_eq!(after.get(path), Some(bytes), "{path} changed");
        }
    }
    let new: Vec<_> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert_eq!(new.len(), 2, "one page and one JSON: {new:?}");
    assert_eq!(site.ledger().lines().filter(|l| l.split('\t').count() >= 11).count(), 6);
}

#[test]
fn removing_an_issued_row_is_an_error_that_says_to_revoke_and_loses_nothing() {
    let site = Site::fixture("small");
    site.build();
    let files = site.files();
    let ledger = site.ledger();
    site.edit("recipients/main.csv", "sql,李雷,li.lei@example.net,2026-03-02,,,Spring\n", "");
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("its roster row is gone"), "{err}");
    assert!(err.contains("revoke it instead"), "{err}");
    assert!(err.contains("hallmark.lock:"), "names the ledger line: {err}");
    assert_eq!(site.files(), files, "public/ untouched");
    assert_eq!(site.ledger(), ledger, "ledger untouched");
}

#[test]
fn locked_build_fails_instead_of_changing_the_ledger() {
    let site = Site::fixture("small");
    let out = site.run(&["build", "--locked"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--locked: this build would change hallmark.lock (5 new"), "{}", stderr(&out));
    assert!(!site.public().exists());
    assert!(!site.content().join("hallmark.lock").exists());
    site.build();
    let out = site.run(&["build", "--locked"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn locked_build_refuses_to_use_a_development_key() {
    let site = Site::fixture("small");
    site.build();
    let out = site.run_with_env(&["build", "--locked"], &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--locked builds do not use a development key"), "{}", stderr(&out));
    assert!(!site.root().join(".hallmark/dev-signing.key").exists());
}

#[test]
fn without_a_key_the_build_creates_a_development_key_outside_content_and_says_so() {
    let site = Site::fixture("small");
    let out = site.run_with_env(&["build"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("DEVELOPMENT signing key"), "{}", stderr(&out));
    let key_file = site.root().join(".hallmark/dev-signing.key");
    let secret = std::fs::read_to_string(&key_file).unwrap();
    let secret = secret.lines().last().unwrap();
    for (path, bytes) in site.files() {
        assert!(!String::from_utf8_lossy(&bytes).contains(secret), "secret in {path}");
    }
    assert!(!site.ledger().contains(secret));
    assert!(!stdout(&out).contains(secret) && !stderr(&out).contains(secret));
}

#[test]
fn base_url_and_output_flags_move_every_link_and_id() {
    let site = Site::fixture("small");
    let out_dir = site.root().join("elsewhere");
    let out = site.run(&["build", "--base-url", "https://example.org/sub/path", "--output", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.public().exists());
    let files = support::snapshot(&out_dir);
    let did: serde_json::Value = serde_json::from_slice(&files["did.json"]).unwrap();
    assert_eq!(did["id"], "did:web:example.org:sub:path");
    let index = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(index.contains("href=\"/sub/path/badges/sql/\""), "{index}");
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".json") || p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("fixture.github.io"), "{path} still names the configured base URL");
    }
}

#[test]
fn bare_domain_puts_the_did_document_under_well_known() {
    let site = Site::fixture("small");
    site.edit("hallmark.toml", "https://fixture.github.io/academy/", "https://badges.academy.example");
    site.build();
    let files = site.files();
    assert!(files.contains_key(".well-known/did.json"));
    assert!(!files.contains_key("did.json"));
}

#[test]
fn failed_build_leaves_the_previous_site_and_ledger_exactly_as_they_were() {
    let site = Site::fixture("small");
    site.build();
    let files = site.files();
    let ledger = site.ledger();
    site.append("main.csv", "sql,New Person,new@example.org,2026-03-01,,,Spring");
    site.append("main.csv", "sql,Broken,not-an-email,2026-03-01,,,Spring");
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    assert_eq!(site.files(), files);
    assert_eq!(site.ledger(), ledger);
    let leftovers: Vec<_> = std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(leftovers.iter().all(|n| !n.to_string_lossy().contains("staging")), "{leftovers:?}");
}

#[test]
fn the_demo_institution_builds_with_its_committed_ledger_unchanged() {
    let site = Site::demo();
    let ledger = site.ledger();
    assert!(!ledger.is_empty(), "the demo commits its ledger");
    let out = site.run(&["build", "--locked"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(site.ledger(), ledger);
    let creds = site.credentials();
    assert!(creds.len() >= 40, "{}", creds.len());
}

#[test]
fn hostile_names_are_escaped_in_pages_and_kept_literally_in_json() {
    let site = Site::fixture("small");
    let name = "<script>alert(\"x\")</script> O'Neil & سارة 🎓";
    site.append(
        "main.csv",
        &format!("sql,\"{}\",evil@example.org,2026-03-01,,,\"<b>bold</b>\"", name.replace('"', "\"\"")),
    );
    site.build();
    let (path, cred) = site
        .credentials()
        .into_iter()
        .find(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"] == name)
        .expect("the name is kept literally in the credential");
    assert_eq!(cred["credentialSubject"]["identifier"][1]["identityHash"], name);
    let html = String::from_utf8(site.files()[&path.replace("credential.json", "index.html")].clone()).unwrap();
    assert!(!html.contains("<script>alert"), "raw script tag in page");
    assert!(html.contains("&lt;script&gt;alert("), "escaped name shown");
    assert!(html.contains("سارة 🎓"));
    assert!(!html.contains("<b>bold</b>"));
}

#[test]
fn long_builds_report_progress_in_plain_lines_off_a_terminal_and_close_with_a_summary() {
    let site = Site::fixture("small");
    let rows: Vec<String> =
        (0..1200).map(|i| format!("sql,Learner Number {i},learner{i}@example.org,2026-03-01,,,Bulk")).collect();
    site.append("main.csv", &rows.join("\n"));
    let out = site.build();
    let err = stderr(&out);
    let total = site.credentials().len();
    assert!(total > 1200);
    // Off a terminal (as in CI): plain lines, no carriage returns or escape codes, ending at 100%.
    assert!(err.contains(&format!("credentials: 0/{total} (0%)")), "{err}");
    assert!(err.contains(&format!("credentials: {total}/{total} (100%)")), "{err}");
    assert!(err.lines().filter(|l| l.contains("credentials: ")).count() >= 5, "{err}");
    assert!(err.contains("writing the output"), "{err}");
    assert!(!err.contains('\r') && !err.contains('\x1b'), "{err:?}");
    let summary = stdout(&out);
    assert!(
        summary.contains(&format!("Built {total} credentials")) && summary.contains(&format!("{total} new")),
        "{summary}"
    );
    assert!(summary.contains("files written"), "{summary}");
    // --quiet says nothing but problems.
    site.append("main.csv", "sql,One More,one.more@example.org,2026-03-02,,,Bulk");
    let out = site.run(&["--quiet", "build"]);
    assert!(out.status.success());
    assert!(!stderr(&out).contains("credentials:") && stdout(&out).is_empty(), "{}", stderr(&out));
    // On a terminal (util-linux's `script` gives the build one): indicatif's bar, cleared at the end.
    site.append("main.csv", "sql,Two More,two.more@example.org,2026-03-02,,,Bulk");
    let command =
        format!("{} --root '{}' --today 2026-11-22 build", env!("CARGO_BIN_EXE_hallmark"), site.root().display());
    let out = std::process::Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .env("HALLMARK_SIGNING_KEY", crate::support::test_secret())
        .output()
        .expect("util-linux's script");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("credentials [#") && shown.contains(&format!("/{}", total + 2)), "{shown:?}");
    assert!(shown.contains("\x1b[2K"), "the bar is cleared: {shown:?}");
    assert!(!shown.contains("credentials: "), "no plain lines on a terminal: {shown:?}");
}
