//! Key rotation: new credentials are signed by the new key, the DID document keeps the retired one,
//! and credentials issued before keep their exact proofs, even once the old secret is gone.

use crate::support::{stderr, stdout, Site};
use serde_json::Value;

fn keygen(site: &Site, name: &str) -> String {
    let path = site.root().join(name);
    let out = site.run_with_env(&["keygen", "--output", path.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    path.to_str().unwrap().to_string()
}

fn build_with(site: &Site, key: &str) {
    let out = site.run_with_env(&["build", "--key-file", key], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn did_keys(site: &Site) -> Vec<String> {
    let did: Value = serde_json::from_slice(&site.files()["did.json"]).unwrap();
    did["assertionMethod"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

fn verify_site(site: &Site) -> std::process::Output {
    site.run_with_env(&["verify", site.public().to_str().unwrap()], &[])
}

#[test]
fn rotation_keeps_old_proofs_lists_both_keys_and_signs_new_credentials_with_the_new_key() {
    let site = Site::fixture("small");
    let old = keygen(&site, "old.key");
    build_with(&site, &old);
    let before = site.files();
    let old_public = did_keys(&site)[0].clone();

    let new = site.root().join("new.key");
    let out = site.run_with_env(&["rotate-key", "--key-file", &old, "--output", new.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("5 credentials keep their proofs"), "{}", stdout(&out));
    let toml = std::fs::read_to_string(site.content().join("hallmark.toml")).unwrap();
    assert!(toml.contains("retired_keys = [\"z6Mk"), "{toml}");
    assert!(toml.contains("# A small fixture site"), "comments are kept");
    assert!(site.content().join("hallmark.proofs").is_file());

    // The old secret is gone for good: builds no longer have it.
    std::fs::remove_file(&old).unwrap();
    let out = site.run_with_env(&["build", "--key-file", new.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(" 0 credentials signed,"),
        "the archived proofs are reused, not signed again: {}",
        stdout(&out)
    );
    let after = site.files();
    for (path, bytes) in before.iter().filter(|(p, _)| p.starts_with("c/")) {
        assert_eq!(after.get(path), Some(bytes), "{path} changed after rotation");
    }
    let keys = did_keys(&site);
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[1], old_public, "the retired key stays listed");
    assert_ne!(
        before["status/revocation/1.json"], after["status/revocation/1.json"],
        "the status list is re-signed by the new key"
    );

    site.append("main.csv", "sql,Grace Hopper,grace@example.org,2026-11-01,,,Autumn");
    build_with(&site, new.to_str().unwrap());
    let grace = site
        .credentials()
        .into_iter()
        .map(|(_, c)| c)
        .find(|c| c["credentialSubject"]["identifier"][1]["identityHash"] == "Grace Hopper")
        .unwrap();
    assert_eq!(grace["proof"][0]["verificationMethod"], keys[0].as_str(), "new credentials use the new key");

    let out = verify_site(&site);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("6 credentials: 6 verified"), "{}", stdout(&out));
    let out = site.run_with_env(&["check", "--locked", "--key-file", new.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_credential_corrected_after_rotation_is_re_issued_with_the_new_key() {
    let site = Site::fixture("small");
    let old = keygen(&site, "old.key");
    build_with(&site, &old);
    let new = site.root().join("new.key");
    assert!(site.run_with_env(&["rotate-key", "--key-file", &old, "-o", new.to_str().unwrap()], &[]).status.success());
    site.edit("recipients/main.csv", "Ada Lovelace", "Augusta Ada King");
    build_with(&site, new.to_str().unwrap());
    let keys = did_keys(&site);
    for (_, c) in site.credentials() {
        let name = c["credentialSubject"]["identifier"][1]["identityHash"].as_str().unwrap().to_string();
        let expected = if name == "Augusta Ada King" { &keys[0] } else { &keys[1] };
        assert_eq!(c["proof"][0]["verificationMethod"], expected.as_str(), "{name}");
    }
    // The superseded credential keeps its old proofs and is revoked; everything else verifies.
    let out = verify_site(&site);
    assert!(stdout(&out).contains("6 credentials: 1 revoked, 5 verified"), "{}", stdout(&out));
}

#[test]
fn after_a_leak_the_old_key_leaves_the_did_document_and_everything_is_re_signed() {
    let site = Site::fixture("small");
    let old = keygen(&site, "old.key");
    build_with(&site, &old);
    let (path, leaked_era_copy) = site.credentials().remove(0);
    let new = site.root().join("new.key");
    let out = site.run_with_env(&["rotate-key", "--compromised", "--key-file", &old, "-o", new.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("compromised"));
    assert!(!site.content().join("hallmark.proofs").exists());
    build_with(&site, new.to_str().unwrap());
    assert_eq!(did_keys(&site).len(), 1);
    assert_eq!(verify_site(&site).status.code(), Some(0), "re-signed credentials verify");
    let copy = site.root().join("downloaded-before.json");
    std::fs::write(&copy, serde_json::to_string(&leaked_era_copy).unwrap()).unwrap();
    let out = site.run_with_env(&["verify", "--site", site.public().to_str().unwrap(), copy.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("not listed under assertionMethod"), "{}", stdout(&out));
    assert_ne!(site.files()[&path], serde_json::to_vec_pretty(&leaked_era_copy).unwrap());
}

#[test]
fn rotation_refuses_a_development_key_and_an_uncommitted_ledger() {
    let site = Site::fixture("small");
    let out = site.run_with_env(&["rotate-key", "-o", site.root().join("n.key").to_str().unwrap()], &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("hallmark.lock is not up to date"), "{}", stderr(&out));
    site.run_with_env(&["build"], &[]);
    let out = site.run_with_env(&["rotate-key", "-o", site.root().join("n.key").to_str().unwrap()], &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("there is no institution key to rotate"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("--locked"), "{}", stderr(&out));
    assert!(!site.root().join("n.key").exists());
}

#[test]
fn a_build_with_another_key_stops_instead_of_re_signing_the_site() {
    let site = Site::fixture("small");
    let real = keygen(&site, "real.key");
    build_with(&site, &real);
    let real_public = did_keys(&site)[0].clone();
    let ledger = site.ledger();
    assert!(ledger.contains(&format!("\nsigning-key\t{}\n", real_public.rsplit('#').next().unwrap())), "{ledger}");
    let before = site.files();

    // A wrong key file, or a CI secret from another site: stopped, nothing written.
    let wrong = keygen(&site, "wrong.key");
    let out = site.run_with_env(&["build", "--key-file", &wrong], &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("this site is signed with the key z6Mk") && err.contains("holds another key"), "{err}");
    assert!(err.contains("hallmark rotate-key"), "{err}");
    assert_eq!((site.files(), site.ledger()), (before.clone(), ledger.clone()), "nothing changed");
    let out = site.run_with_env(&["check", "--key-file", &wrong], &[]);
    assert!(!out.status.success() && stderr(&out).contains("holds another key"), "{}", stderr(&out));

    // A preview with the development key is allowed, but says the pages are not the institution's,
    // and the ledger goes on naming the real key.
    let out = site.run_with_env(&["build"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("signs with the development key: its pages will not verify"), "{}", stderr(&out));
    assert_eq!(site.ledger(), ledger);

    // After a rotation for a leak the ledger names the new key: the leaked one cannot build again.
    let new = site.root().join("new.key");
    let out =
        site.run_with_env(&["rotate-key", "--compromised", "--key-file", &real, "-o", new.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = site.run_with_env(&["build", "--key-file", &real], &[]);
    assert!(!out.status.success() && stderr(&out).contains("holds another key"), "{}", stderr(&out));
    build_with(&site, new.to_str().unwrap());
    assert_eq!(verify_site(&site).status.code(), Some(0));
}

#[test]
fn a_locked_build_of_a_ledger_that_names_no_key_says_so() {
    let site = Site::fixture("small");
    let key = keygen(&site, "k.key");
    build_with(&site, &key);
    // A ledger from before keys were named: drop the line.
    let path = site.content().join("hallmark.lock");
    let text: String = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("signing-key") && !l.starts_with("# signing-key"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, &text).unwrap();
    let out = site.run_with_env(&["build", "--locked", "--key-file", &key], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("does not name the signing key yet"), "{}", stderr(&out));
    assert_eq!(site.ledger(), text, "--locked never writes the ledger");
    build_with(&site, &key);
    assert!(site.ledger().contains("\nsigning-key\tz6Mk"));
}
