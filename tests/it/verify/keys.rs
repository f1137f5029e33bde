//! The issuer's key: proof purposes, keys without a DID document or controlled by someone else, proof expiry.

use super::*;

#[test]
fn a_proof_made_for_another_purpose_leaves_the_issuer_key_unchecked_not_passed() {
    let site = built();
    let (path, ada) = by_name(&site, "Ada Lovelace");
    let mut m = ada.clone();
    for p in m["proof"].as_array_mut().unwrap() {
        p["proofPurpose"] = json!("authentication");
    }
    let report = checked(&verifier(&site), &m);
    assert_eq!(report.state, State::Failed);
    let key = step(&report, "issuer key");
    assert_eq!(key.outcome, Outcome::NotApplicable, "{key:?}");
    assert!(key.detail.contains("not checked"), "{key:?}");
    assert!(step(&report, "proof").detail.contains("\"authentication\", not assertionMethod"), "{report:?}");

    let file = site.public().join(&path);
    std::fs::write(&file, serde_json::to_string(&m).unwrap()).unwrap();
    let (code, text, steps) = run_verify(&site, &file, &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(!text.contains("✓ issuer key"), "{text}");
    assert!(text.contains("– issuer key       not checked, because no proof got as far as its key"), "{text}");
    assert_eq!(json_step(&steps, "issuer key")["outcome"], "not-applicable");
    assert_ne!(json_step(&steps, "issuer key")["detail"], "");
}

#[test]
fn one_proof_for_another_purpose_fails_the_set_and_the_key_step_reports_only_the_key_it_checked() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let mut m = ada.clone();
    m["proof"][1]["proofPurpose"] = json!("authentication");
    let report = checked(&verifier(&site), &m);
    assert_eq!(report.state, State::Failed);
    assert_eq!(step(&report, "proof").outcome, Outcome::Failed);
    let key = step(&report, "issuer key");
    assert_eq!(key.outcome, Outcome::Passed, "the rdfc proof's key was checked: {key:?}");
    assert!(key.detail.ends_with("is the issuer's, listed under assertionMethod"), "{key:?}");
}

#[test]
fn a_proof_without_a_key_fails_the_key_step() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let mut m = ada.clone();
    for p in m["proof"].as_array_mut().unwrap() {
        p.as_object_mut().unwrap().remove("verificationMethod");
    }
    let report = checked(&verifier(&site), &m);
    assert_eq!(report.state, State::Failed);
    let key = step(&report, "issuer key");
    assert_eq!(key.outcome, Outcome::Failed, "{key:?}");
    assert!(key.detail.contains("names no key"), "{key:?}");
}

#[test]
fn an_expired_proof_does_not_verify() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let mut m = ada.clone();
    let key = hallmark::crypto::Key::from_seed(support::TEST_SEED);
    let vm = m["proof"][1]["verificationMethod"].as_str().unwrap().to_string();
    let mut doc = m.as_object().unwrap().clone();
    doc.remove("proof");
    let mut proof = hallmark::crypto::create_jcs_proof(
        &doc,
        &key,
        hallmark::crypto::ProofOptions { verification_method: &vm, created: "2026-04-11T00:00:00Z" },
    );
    // A proof that says when it stops counting: signed with that date in it, as Data Integrity does.
    let config = proof.as_object_mut().unwrap();
    config.remove("proofValue");
    config.insert("expires".into(), json!("2026-06-01T00:00:00Z"));
    let data = hallmark::crypto::hash_data(&hallmark::crypto::unsecured(&doc), &proof);
    proof["proofValue"] = json!(format!("z{}", bs58::encode(key.sign(&data)).into_string()));
    m["proof"] = json!([proof.clone()]);
    // Signed alike but not expired yet, it verifies: the date is what fails it.
    let now = hallmark::Date::parse_iso("2026-05-01").unwrap().days() * 86_400;
    let early = Verifier::new(Resolver::offline().with_site(BASE, &site.public()), now).unwrap();
    assert_eq!(step(&checked(&early, &m), "proof").outcome, Outcome::Passed);
    let report = checked(&verifier(&site), &m);
    assert_eq!(report.state, State::Failed, "{report:#?}");
    assert!(step(&report, "proof").detail.contains("the proof expired on 2026-06-01T00:00:00Z"), "{report:#?}");
}

#[test]
fn status_entries_this_verifier_cannot_read_are_never_passed() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let v = verifier(&site);
    let status_of = |change: &dyn Fn(&mut Value)| {
        let mut m = ada.clone();
        change(&mut m);
        let report = checked(&v, &m);
        step(&report, "status").clone()
    };
    let none = status_of(&|m| m["credentialStatus"] = json!([]));
    assert_eq!(none.outcome, Outcome::NotApplicable, "{none:?}");
    assert!(none.detail.contains("no status entry"), "{none:?}");
    let wide = status_of(&|m| m["credentialStatus"]["statusSize"] = json!(2));
    assert_eq!(wide.outcome, Outcome::CouldNotCheck, "{wide:?}");
    assert!(wide.detail.contains("statusSize is 2"), "{wide:?}");
    let message = status_of(&|m| m["credentialStatus"]["statusPurpose"] = json!("message"));
    assert_eq!(message.outcome, Outcome::CouldNotCheck, "{message:?}");
    assert!(message.detail.contains("\"message\""), "{message:?}");
    let untyped = status_of(&|m| {
        m["credentialStatus"].as_object_mut().unwrap().remove("type");
    });
    assert_eq!(untyped.outcome, Outcome::CouldNotCheck, "{untyped:?}");
    let index = status_of(&|m| m["credentialStatus"]["statusListIndex"] = json!("+1"));
    assert_eq!(index.outcome, Outcome::Failed, "{index:?}");
    assert!(index.detail.contains("\"+1\" is not a whole number"), "{index:?}");
    let nowhere = status_of(&|m| {
        m["credentialStatus"].as_object_mut().unwrap().remove("statusListCredential");
    });
    assert_eq!(nowhere.outcome, Outcome::Failed, "{nowhere:?}");
    assert!(nowhere.detail.contains("names no status list"), "{nowhere:?}");
}

#[test]
fn a_validity_date_that_is_not_a_string_is_not_waved_through() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let mut m = ada.clone();
    m["validUntil"] = json!(20270101);
    let report = checked(&verifier(&site), &m);
    let period = step(&report, "validity period");
    assert_eq!(period.outcome, Outcome::Failed, "{period:?}");
    assert!(period.detail.contains("validUntil is 20270101, not a date-time"), "{period:?}");
}

#[test]
fn a_did_document_for_someone_else_fails_the_issuer_key() {
    let site = built();
    let (path, ada) = by_name(&site, "Ada Lovelace");
    rewrite(&site, "did.json", None, |d| d["id"] = json!("did:web:other.example"));
    let report = checked(&verifier(&site), &ada);
    assert_eq!(report.state, State::Failed);
    let key = step(&report, "issuer key");
    assert_eq!(key.outcome, Outcome::Failed);
    let why = "the DID document at https://fixture.github.io/academy/did.json is for did:web:other.example, \
               not for the issuer did:web:fixture.github.io:academy";
    assert!(key.detail.contains(why), "{key:?}");

    // On the command line, with the site given and with the site found around the file.
    let file = site.public().join(&path);
    let public = site.public();
    let site_args = ["--site", public.to_str().unwrap(), "--base-url", BASE];
    for extra in [&site_args[..], &[]] {
        let (code, text, steps) = run_verify(&site, &file, extra);
        assert_eq!(code, Some(1), "{extra:?}: {text}");
        assert!(text.contains(": FAILED"), "{text}");
        assert!(text.contains(&format!("✗ issuer key       {why}")), "{extra:?}: {text}");
        assert_eq!(json_step(&steps, "issuer key")["outcome"], "failed");
    }
}

#[test]
fn a_key_controlled_by_someone_else_fails_the_issuer_key() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    rewrite(&site, "did.json", None, |d| d["verificationMethod"][0]["controller"] = json!("did:web:other.example"));
    let report = checked(&verifier(&site), &ada);
    assert_eq!(report.state, State::Failed);
    let key = step(&report, "issuer key");
    assert_eq!(key.outcome, Outcome::Failed);
    assert!(key.detail.contains("is controlled by did:web:other.example, not by the issuer"), "{key:?}");

    rewrite(&site, "did.json", None, |d| {
        d["verificationMethod"][0].as_object_mut().unwrap().remove("controller");
    });
    let key = step(&checked(&verifier(&site), &ada), "issuer key").clone();
    assert_eq!(key.outcome, Outcome::Failed);
    assert!(key.detail.contains("names no controller for the key"), "{key:?}");
}

#[test]
fn a_did_document_may_name_its_keys_relative_to_itself() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    rewrite(&site, "did.json", None, |d| {
        let id = d["verificationMethod"][0]["id"].as_str().unwrap().to_string();
        let fragment = &id[id.find('#').unwrap()..];
        d["verificationMethod"][0]["id"] = json!(fragment);
        d["assertionMethod"] = json!([fragment]);
    });
    let report = checked(&verifier(&site), &ada);
    assert_eq!(report.state, State::Verified, "{report:#?}");
}
