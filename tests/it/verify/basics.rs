//! `hallmark verify` on what a site publishes: states, exit statuses, formats.

use super::*;

#[test]
fn a_valid_credential_verifies_step_by_step_with_exit_status_0() {
    let site = built();
    let (path, _) = by_name(&site, "Ada Lovelace");
    let out = site.run(&["verify", site.public().join(&path).to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    for line in [
        ": VERIFIED",
        "✓ proof            signature verified (eddsa-rdfc-2022, eddsa-jcs-2022)",
        "✓ issuer key       did:web:fixture.github.io:academy#z6Mk",
        "✓ status           not revoked",
        "✓ validity period  valid from 2026-03-01T00:00:00Z, no expiry",
        "✓ schema           conforms to the Open Badges 3.0 JSON Schema",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}

#[test]
fn lang_says_the_states_and_steps_in_that_language_and_names_the_languages_it_has() {
    let site = built();
    let (path, _) = by_name(&site, "Ada Lovelace");
    let file = site.public().join(&path);
    let out = site.run(&["verify", "--lang", "fr", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    for line in [
        ": Vérifiée\n",
        "✓ Signature        signature verified",
        "✓ Clé de l’émetteur did:web:",
        "✓ Statut           not revoked",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    let out = site.run(&["verify", "--lang", "tlh", file.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("no words in the language \"tlh\""), "{}", stderr(&out));
    assert!(stderr(&out).contains("en, fr, de, es, ko, ar"), "{}", stderr(&out));
}

#[test]
fn a_site_signed_with_rdfc_alone_verifies_with_that_one_proof() {
    let site = Site::fixture("small");
    site.build();
    let (path, doc) = by_name(&site, "Ada Lovelace");
    assert_eq!(doc["proof"].as_array().unwrap().len(), 1);
    let out = site.run(&["verify", site.public().join(&path).to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("✓ proof            signature verified (eddsa-rdfc-2022)\n"), "{}", stdout(&out));
    let list = site.public().join("status/revocation/1.json");
    let out = site.run(&["verify", list.to_str().unwrap()]);
    assert!(stdout(&out).contains("✓ proof            signature verified (eddsa-rdfc-2022)\n"), "{}", stdout(&out));
}

#[test]
fn json_format_reports_each_step_for_tools() {
    let site = built();
    let out = site.run(&["verify", "--format", "json", site.public().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let creds = report["credentials"].as_array().unwrap();
    assert_eq!(creds.len(), 5);
    for c in creds {
        assert_eq!(c["state"], "verified");
        assert_eq!(c["suites_verified"], json!(["eddsa-rdfc-2022", "eddsa-jcs-2022"]));
        assert_eq!(c["steps"].as_array().unwrap().len(), 5);
    }
}

#[test]
fn expired_and_not_yet_valid_credentials_are_invalid_with_exit_status_1() {
    let site = built();
    let (path, _) = by_name(&site, "Siobhán O'Brien");
    let file = site.public().join(&path);
    let out = site.run_at("2028-03-02", &["verify", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(": EXPIRED"), "{}", stdout(&out));
    assert!(stdout(&out).contains("expired on 2028-03-01T23:59:59Z"));
    let out = site.run_at("2026-02-01", &["verify", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(": NOT YET VALID"), "{}", stdout(&out));
}

#[test]
fn an_expired_credential_whose_key_cannot_be_checked_is_could_not_check_not_expired() {
    let site = built();
    let (path, _) = by_name(&site, "Siobhán O'Brien");
    std::fs::remove_file(site.public().join("did.json")).unwrap();
    let out = site.run_at("2028-03-02", &["verify", site.public().join(&path).to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(": COULD NOT CHECK"),
        "a forgery of an expired credential is not called expired: {}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("expired on 2028-03-01T23:59:59Z"), "the dates are still reported: {}", stdout(&out));
}

#[test]
fn a_missing_status_list_is_could_not_check_never_verified() {
    let site = built();
    std::fs::remove_file(site.public().join("status/revocation/1.json")).unwrap();
    let (path, _) = by_name(&site, "Ada Lovelace");
    let out = site.run(&["verify", site.public().join(&path).to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stdout(&out).contains(": COULD NOT CHECK"));
    assert!(stdout(&out).contains("? status           could not read the status list"), "{}", stdout(&out));
}

#[test]
fn a_credential_outside_any_site_cannot_have_its_key_checked() {
    let site = built();
    let (path, _) = by_name(&site, "Ada Lovelace");
    let lone = site.root().join("lone.json");
    std::fs::copy(site.public().join(&path), &lone).unwrap();
    // Away from the site's hallmark.toml, and with no --site, nothing serves its DID document.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .current_dir(elsewhere.path())
        .args(["--today", "2026-11-22", "verify", lone.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stdout(&out).contains("pass --site DIR"), "{}", stdout(&out));
    // In the site (--root), its built site is found from hallmark.toml.
    let out = site.run(&["verify", lone.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = site.run(&["verify", "--site", site.public().to_str().unwrap(), lone.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_url_is_mapped_into_the_given_site_offline() {
    let site = built();
    let (path, _) = by_name(&site, "李雷");
    let url = format!("{BASE}{path}");
    let out = site.run(&["verify", "--site", site.public().to_str().unwrap(), &url]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = site.run(&[
        "verify",
        "--site",
        site.public().to_str().unwrap(),
        "--base-url",
        "https://elsewhere.example/",
        &url,
    ]);
    assert_eq!(out.status.code(), Some(1), "a URL outside the site is unreadable: {}", stdout(&out));
}

#[test]
fn baked_png_and_svg_badges_verify() {
    let site = built();
    let (path, cred) = by_name(&site, "Ada Lovelace");
    let text = String::from_utf8(site.files()[&path].clone()).unwrap();
    let svg =
        hallmark::bake::bake_svg(&String::from_utf8(site.files()["badges/sql/image.svg"].clone()).unwrap(), &text)
            .unwrap();
    let svg_path = site.root().join("ada.svg");
    std::fs::write(&svg_path, svg).unwrap();
    let png = hallmark::bake::bake_png(include_bytes!("../../fixtures/one-pixel.png"), &text).unwrap();
    let png_path = site.root().join("ada.png");
    std::fs::write(&png_path, png).unwrap();
    for p in [&svg_path, &png_path] {
        let out =
            site.run(&["verify", "--site", site.public().to_str().unwrap(), "--format", "json", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(report["credentials"][0]["id"], cred["id"]);
    }
    let out = site.run(&["verify", site.public().join("badges/sql/image.svg").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("carries no baked credential"));
}

#[test]
fn reformatting_and_reordering_keys_is_not_tampering() {
    let site = built();
    let (_, cred) = by_name(&site, "Ada Lovelace");
    let v = verifier(&site);
    let compact: Value = serde_json::from_str(&serde_json::to_string(&cred).unwrap()).unwrap();
    assert_eq!(state_of(&v, &compact), State::Verified);
    let mut reordered = serde_json::Map::new();
    for (k, val) in cred.as_object().unwrap().iter().rev() {
        reordered.insert(k.clone(), val.clone());
    }
    assert_eq!(state_of(&v, &Value::Object(reordered)), State::Verified);
}
