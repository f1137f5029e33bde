//! The output against the published standards: the official OB 3.0 schema, did:web, Bitstring Status
//! List, and an independent verifier (Python, third-party libraries) that shares no code with hallmark.

use std::path::Path;
use std::process::Command;

use crate::support::{self, stderr, stdout, Site};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn schema_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/ob_v3p0_achievementcredential.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
}

fn assert_schema_valid(validator: &jsonschema::Validator, path: &str, doc: &Value) {
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{path} is not a valid OB 3.0 credential:\n{}", errors.join("\n"));
}

#[test]
fn every_emitted_credential_validates_against_the_official_ob3_schema() {
    let validator = schema_validator();
    for site in [Site::fixture("small"), Site::demo()] {
        site.build();
        let creds = site.credentials();
        assert!(!creds.is_empty());
        for (path, doc) in &creds {
            assert_schema_valid(&validator, path, doc);
        }
    }
}

#[test]
fn the_schema_check_rejects_a_credential_without_an_issuer() {
    let site = Site::fixture("small");
    site.build();
    let (_, mut doc) = site.credentials().remove(0);
    doc.as_object_mut().unwrap().remove("issuer");
    assert!(!schema_validator().is_valid(&doc));
}

#[test]
fn credentials_have_the_required_open_badges_shape() {
    let site = Site::fixture("small");
    site.build();
    for (_, c) in site.credentials() {
        assert_eq!(c["@context"][0], "https://www.w3.org/ns/credentials/v2");
        assert_eq!(c["@context"][1], "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
        assert_eq!(c["type"], serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"]));
        assert_eq!(c["issuer"]["type"], serde_json::json!(["Profile"]));
        assert_eq!(c["issuer"]["id"], "did:web:fixture.github.io:academy");
        assert_eq!(c["credentialSubject"]["type"], serde_json::json!(["AchievementSubject"]));
        let a = &c["credentialSubject"]["achievement"];
        for key in ["id", "name", "description", "criteria"] {
            assert!(!a[key].is_null(), "achievement.{key}");
        }
        assert_eq!(a["type"], serde_json::json!(["Achievement"]));
        let proofs = c["proof"].as_array().expect("proof is an array");
        assert_eq!(proofs.len(), 1, "a new site signs with eddsa-rdfc-2022 alone");
        assert_eq!(proofs[0]["cryptosuite"], "eddsa-rdfc-2022");
        for p in proofs {
            assert_eq!(p["type"], "DataIntegrityProof");
            assert_eq!(p["proofPurpose"], "assertionMethod");
            assert_eq!(p["created"], proofs[0]["created"]);
            assert!(p["proofValue"].as_str().unwrap().starts_with('z'));
        }
        let status = &c["credentialStatus"];
        assert_eq!(status["type"], "BitstringStatusListEntry");
        assert_eq!(status["statusPurpose"], "revocation");
        assert!(status["statusListIndex"].is_string(), "statusListIndex is a string");
    }
}

#[test]
fn email_is_published_only_as_a_salted_sha256_identity_hash() {
    let site = Site::fixture("small");
    site.build();
    let files = site.files();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for email in ["ada@example.org", "siobhan@example.org", "m.ali@example.com"] {
            assert!(!text.contains(email), "{email} appears in {path}");
        }
    }
    let ada = site
        .credentials()
        .into_iter()
        .map(|(_, c)| c)
        .find(|c| c["credentialSubject"]["identifier"][1]["identityHash"] == "Ada Lovelace")
        .unwrap();
    let id = &ada["credentialSubject"]["identifier"][0];
    assert_eq!(id["type"], "IdentityObject");
    assert_eq!(id["identityType"], "emailAddress");
    assert_eq!(id["hashed"], true);
    let salt = id["salt"].as_str().unwrap();
    assert!(salt.len() >= 16, "salt {salt}");
    let digest = Sha256::digest(format!("ada@example.org{salt}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(id["identityHash"], format!("sha256${hex}"));
    let others: Vec<_> =
        site.credentials().iter().map(|(_, c)| c["credentialSubject"]["identifier"][0]["salt"].clone()).collect();
    let unique: std::collections::HashSet<_> = others.iter().map(|s| s.to_string()).collect();
    assert_eq!(unique.len(), others.len(), "every credential has its own salt");
}

#[test]
fn did_document_lists_the_signing_key_as_a_multikey_under_assertion_method() {
    let site = Site::fixture("small");
    site.build();
    let files = site.files();
    let did: Value = serde_json::from_slice(&files["did.json"]).unwrap();
    assert_eq!(did["id"], "did:web:fixture.github.io:academy");
    let expected_key = hallmark::crypto::Key::from_seed(support::TEST_SEED).public_multibase();
    let vm = &did["verificationMethod"][0];
    assert_eq!(vm["type"], "Multikey");
    assert_eq!(vm["controller"], did["id"]);
    assert_eq!(vm["publicKeyMultibase"], expected_key.as_str());
    assert!(expected_key.starts_with("z6Mk"), "Ed25519 multikeys start z6Mk");
    assert_eq!(did["assertionMethod"][0], vm["id"]);
    for (_, c) in site.credentials() {
        assert_eq!(c["proof"][0]["verificationMethod"], vm["id"]);
    }
}

#[test]
fn status_list_is_a_signed_bitstring_of_at_least_131072_entries_with_unique_indexes() {
    let site = Site::fixture("small");
    site.build();
    let files = site.files();
    let list: Value = serde_json::from_slice(&files["status/revocation/1.json"]).unwrap();
    assert_eq!(list["type"], serde_json::json!(["VerifiableCredential", "BitstringStatusListCredential"]));
    assert_eq!(list["credentialSubject"]["type"], "BitstringStatusList");
    let bits = hallmark::crypto::Bitstring::decode(list["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
    assert!(bits.len() >= 131_072);
    let list_key = hallmark::crypto::Key::from_seed(support::TEST_SEED).verifying_key();
    let rdfc = hallmark::crypto::RdfcSuite::new().unwrap();
    for proof in list["proof"].as_array().unwrap() {
        hallmark::crypto::verify_proof(&rdfc, list.as_object().unwrap(), proof, &list_key).unwrap();
    }
    let mut indexes: Vec<u64> = site
        .credentials()
        .iter()
        .map(|(_, c)| c["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap())
        .collect();
    indexes.sort();
    indexes.dedup();
    assert_eq!(indexes, vec![0, 1, 2, 3, 4]);
}

#[test]
fn achievement_and_issuer_documents_are_standalone_json_ld() {
    let site = Site::fixture("small");
    site.build();
    let files = site.files();
    let a: Value = serde_json::from_slice(&files["badges/sql/achievement.json"]).unwrap();
    assert_eq!(a["@context"][1], "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
    assert_eq!(a["id"], "https://fixture.github.io/academy/badges/sql/achievement.json");
    assert_eq!(a["achievementType"], "Course");
    assert_eq!(a["tag"], serde_json::json!(["SELECT", "JOIN"]));
    assert_eq!(a["alignment"][0]["targetUrl"], "https://skills.example/query-data");
    assert_eq!(a["image"]["id"], "https://fixture.github.io/academy/badges/sql/image.svg");
    assert_eq!(a["criteria"]["narrative"], "Wrote **ten** queries against a real database.");
    let p: Value = serde_json::from_slice(&files["issuer.json"]).unwrap();
    assert_eq!(p["type"], serde_json::json!(["Profile"]));
    assert_eq!(p["id"], "did:web:fixture.github.io:academy");
    assert_eq!(p["email"], "badges@academy.example");
}

/// The independent verifier needs Python packages; scripts/test installs them.
fn python_verifier(site_dir: &Path, base_url: &str) -> std::process::Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("tests/interop/verify_site.py"))
        .arg(site_dir)
        .arg(base_url)
        .arg(root.join("schemas/ob_v3p0_achievementcredential.json"))
        .arg(root.join("tests/vectors"))
        .arg(root.join("contexts"))
        .output()
        .expect("python3 is needed for the interoperability tests");
    assert!(
        !stderr(&out).contains("ModuleNotFoundError"),
        "missing Python packages: run scripts/test, which installs tests/interop/requirements.txt\n{}",
        stderr(&out)
    );
    out
}

#[test]
fn an_independent_verifier_accepts_every_demo_credential() {
    let site = Site::demo();
    site.build();
    let out = python_verifier(&site.public(), "https://kestrelbay-poly.github.io/credentials/");
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(report["credentials"], site.credentials().len());
    assert_eq!(report["status_lists"], 1);
    assert_eq!(report["revoked"], 1, "the demo revokes one credential in content/revocations.toml");
    // Every credential and the status list carry the demo's one suite, eddsa-rdfc-2022.
    let n = site.credentials().len() + 1;
    assert_eq!(report["suites"]["eddsa-rdfc-2022"], n);
    assert_eq!(report["suites"]["eddsa-jcs-2022"], Value::Null, "no eddsa-jcs-2022 proof anywhere");
}

#[test]
fn the_independent_verifier_checks_both_proofs_of_a_site_that_asks_for_both() {
    let site = Site::demo();
    let config = site.content().join("hallmark.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[signing]\nproofs = [\"eddsa-rdfc-2022\", \"eddsa-jcs-2022\"]\n"))
        .unwrap();
    site.build();
    let (_, c) = site.credentials().remove(0);
    let suites: Vec<&str> = c["proof"].as_array().unwrap().iter().map(|p| p["cryptosuite"].as_str().unwrap()).collect();
    assert_eq!(suites, ["eddsa-rdfc-2022", "eddsa-jcs-2022"], "in this order, each over the document alone");
    let out = python_verifier(&site.public(), "https://kestrelbay-poly.github.io/credentials/");
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let n = site.credentials().len() + 1;
    assert_eq!(report["suites"]["eddsa-rdfc-2022"], n);
    assert_eq!(report["suites"]["eddsa-jcs-2022"], n);
}

#[test]
fn the_independent_verifier_rejects_a_tampered_site() {
    let site = Site::fixture("small");
    site.build();
    let (path, _) = site.credentials().into_iter().find(|(_, c)| c["name"] == "SQL Basics").unwrap();
    let file = site.public().join(&path);
    let original = std::fs::read_to_string(&file).unwrap();
    let text = original.replacen("SQL Basics", "SQL Masters", 1);
    assert_ne!(text, original);
    std::fs::write(&file, text).unwrap();
    let out = python_verifier(&site.public(), "https://fixture.github.io/academy/");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("signature does not verify"), "{}", stderr(&out));
}
