//! Revoke, suspend, reinstate and expire: the bits, the pages and the JSON.

use super::*;

#[test]
fn issued_then_revoked_sets_the_bit_shows_the_reason_and_changes_nothing_else() {
    let site = Site::fixture("small");
    site.build();
    let (path, cred) = by_name(&site, "Ada Lovelace").remove(0);
    let id = id_of(&path);
    let before = site.files();
    assert!(!bit(&site, "revocation", &cred));

    let out = site.run(&["revoke", &id, "--reason", "Issued in error", "--public", "--date", "2026-11-20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let toml = std::fs::read_to_string(site.content().join("revocations.toml")).unwrap();
    assert!(toml.contains(&format!("id = \"{id}\"")) && toml.contains("reason = \"Issued in error\""), "{toml}");
    site.build();

    assert!(bit(&site, "revocation", &cred));
    let html = page(&site, &id);
    assert!(html.contains("Revoked"), "{html}");
    assert!(html.contains("20 November 2026") && html.contains("Issued in error"));
    let after = site.files();
    let changed: Vec<&String> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert_eq!(changed, vec![&format!("c/{id}/index.html"), &"status/revocation/1.json".to_string()]);
    assert_eq!(after[&path], before[&path], "the JSON stays published with its proofs");
    assert_eq!(verify_state(&site, "2026-11-22", &path), "revoked");
}

#[test]
fn private_reasons_stay_off_the_page() {
    let site = Site::fixture("small");
    site.build();
    let (path, _) = by_name(&site, "李雷").remove(0);
    let id = id_of(&path);
    assert!(site.run(&["revoke", &id, "--reason", "Academic misconduct"]).status.success());
    site.build();
    let html = page(&site, &id);
    assert!(html.contains("Revoked"));
    assert!(!html.contains("Academic misconduct"), "the site does not publish reasons by default");
}

#[test]
fn suspended_then_reinstated_sets_and_clears_the_suspension_bit() {
    let site = Site::fixture("small");
    site.build();
    let (path, cred) = by_name(&site, "Ada Lovelace").remove(0);
    let id = id_of(&path);
    let original = site.files();
    assert!(site.run(&["suspend", &id, "--reason", "Under review", "--public"]).status.success());
    site.build();
    assert!(bit(&site, "suspension", &cred));
    assert!(!bit(&site, "revocation", &cred));
    assert!(page(&site, &id).contains("Suspended"));
    assert_eq!(verify_state(&site, "2026-11-22", &path), "suspended");

    let out = site.run(&["reinstate", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    site.build();
    assert!(!bit(&site, "suspension", &cred));
    assert_eq!(verify_state(&site, "2026-11-22", &path), "verified");
    assert_eq!(site.files()[&format!("c/{id}/index.html")], original[&format!("c/{id}/index.html")]);
}

#[test]
fn valid_then_expired_shows_at_build_time_and_in_the_json() {
    let site = Site::fixture("small");
    site.build();
    let (path, cred) = by_name(&site, "Siobhán O'Brien").remove(0);
    let id = id_of(&path);
    assert_eq!(cred["validUntil"], "2028-03-01T23:59:59Z");
    assert!(!page(&site, &id).contains("Expired on"));
    let ics = String::from_utf8(site.files()[&format!("c/{id}/expiry.ics")].clone()).unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20280301"), "{ics}");
    assert!(page(&site, &id).contains(&format!("c/{id}/expiry.ics")));

    let out = site.run_at("2028-03-02", &["build"], &[("HALLMARK_SIGNING_KEY", &support::test_secret())]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(page(&site, &id).contains("Expired on"), "{}", page(&site, &id));
    assert_eq!(verify_state(&site, "2028-03-02", &path), "expired");
}

#[test]
fn badges_with_a_validity_period_give_every_credential_an_expiry() {
    let site = Site::fixture("small");
    site.edit(
        "badges/first-aid.md",
        "description = \"Emergency first aid at work.\"",
        "description = \"Emergency first aid at work.\"\nvalid_for = \"3y\"",
    );
    site.build();
    let (_, cred) = by_name(&site, "Zoë Ångström").remove(0);
    assert_eq!(cred["validUntil"], "2029-04-11T23:59:59Z");
}
