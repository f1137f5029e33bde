//! `hallmark verify` as users run it, and tampering: every mutant of a signed credential is rejected.

use crate::support::signing::short_encoded_list;
use crate::support::{self, resign, stderr, stdout, Proofs, Site};
use hallmark::verify::{Outcome, Report, Resolver, State, Step, Verifier};
use serde_json::{json, Value};

const BASE: &str = "https://fixture.github.io/academy/";

/// The fixture built with both proofs, eddsa-rdfc-2022 and eddsa-jcs-2022: `hallmark verify`
/// checks every proof a credential carries, so these tests have two to check and to tamper with.
fn built() -> Site {
    let site = Site::fixture("small");
    with_both_proofs(&site);
    site.build();
    site
}

/// Asks for both proofs in the site's `[signing]`.
fn with_both_proofs(site: &Site) {
    let config = site.content().join("hallmark.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[signing]\nproofs = [\"eddsa-rdfc-2022\", \"eddsa-jcs-2022\"]\n");
    std::fs::write(config, text).unwrap();
}

fn verifier(site: &Site) -> Verifier {
    // Noon on 2026-11-22, the tests' "today".
    let now = hallmark::Date::parse_iso("2026-11-22").unwrap().days() * 86_400 + 43_200;
    Verifier::new(Resolver::offline().with_site(BASE, &site.public()), now).unwrap()
}

fn state_of(v: &Verifier, doc: &Value) -> State {
    checked(v, doc).state
}

/// The report on `doc`, after checking that every step says in words what it found.
fn checked(v: &Verifier, doc: &Value) -> Report {
    let report = v.verify("test", doc);
    for s in &report.steps {
        assert!(!s.detail.trim().is_empty(), "the {} step says nothing: {report:#?}", s.step);
        for junk in ["Some(", "Error", "proof: ", "\"\"", "Object {", "String("] {
            assert!(!s.detail.contains(junk), "the {} step is not plain words ({junk}): {:?}", s.step, s.detail);
        }
    }
    report
}

/// The step of `report` called `name`.
fn step<'a>(report: &'a Report, name: &str) -> &'a Step {
    report.steps.iter().find(|s| s.step == name).unwrap_or_else(|| panic!("no {name} step: {report:#?}"))
}

fn by_name(site: &Site, name: &str) -> (String, Value) {
    site.credentials()
        .into_iter()
        .find(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"] == name)
        .unwrap()
}

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
    let png = hallmark::bake::bake_png(include_bytes!("../fixtures/one-pixel.png"), &text).unwrap();
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

/// Every leaf of `value` outside `proof`, as a JSON pointer.
fn leaves(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                if pointer.is_empty() && k == "proof" {
                    continue;
                }
                leaves(v, format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                leaves(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => out.push(pointer),
    }
}

/// Every object and array outside `proof`, as a JSON pointer (for added and removed members).
fn containers(value: &Value, pointer: String, out: &mut Vec<String>) {
    if !value.is_object() && !value.is_array() {
        return;
    }
    out.push(pointer.clone());
    match value {
        Value::Object(m) => {
            for (k, v) in m.iter().filter(|(k, _)| !(pointer.is_empty() && *k == "proof")) {
                containers(v, format!("{pointer}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                containers(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_changed_field_is_rejected() {
    let site = built();
    let (_, cred) = by_name(&site, "Siobhán O'Brien");
    let v = verifier(&site);
    assert_eq!(state_of(&v, &cred), State::Verified);
    let mut paths = Vec::new();
    leaves(&cred, String::new(), &mut paths);
    assert!(paths.len() > 40, "{}", paths.len());
    for p in paths {
        let mut m = cred.clone();
        let leaf = m.pointer_mut(&p).unwrap();
        *leaf = match leaf.take() {
            Value::String(s) => Value::String(format!("{s}x")),
            Value::Bool(b) => Value::Bool(!b),
            Value::Number(n) => json!(n.as_i64().unwrap_or(0) + 1),
            other => json!([other]),
        };
        assert_eq!(state_of(&v, &m), State::Failed, "changing {p} was not caught");
    }
}

#[test]
fn every_removed_field_and_every_added_field_is_rejected() {
    let site = built();
    let (_, cred) = by_name(&site, "Ada Lovelace");
    let v = verifier(&site);
    let mut places = Vec::new();
    containers(&cred, String::new(), &mut places);
    for p in &places {
        let mut added = cred.clone();
        match added.pointer_mut(p).unwrap() {
            Value::Object(o) => {
                o.insert("name2".into(), json!("extra"));
            }
            Value::Array(a) => a.push(json!("extra")),
            _ => unreachable!(),
        }
        assert_eq!(state_of(&v, &added), State::Failed, "adding to {p:?} was not caught");
        let keys: Vec<String> = match cred.pointer(p).unwrap() {
            Value::Object(o) => o.keys().filter(|k| !(p.is_empty() && *k == "proof")).cloned().collect(),
            Value::Array(a) => (0..a.len()).map(|i| i.to_string()).collect(),
            _ => unreachable!(),
        };
        for k in keys {
            let mut removed = cred.clone();
            match removed.pointer_mut(p).unwrap() {
                Value::Object(o) => {
                    o.remove(&k);
                }
                Value::Array(a) => {
                    a.remove(k.parse::<usize>().unwrap());
                }
                _ => unreachable!(),
            }
            assert_eq!(state_of(&v, &removed), State::Failed, "removing {p}/{k} was not caught");
        }
    }
}

#[test]
fn proof_tampering_is_rejected() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let (_, li) = by_name(&site, "李雷");
    let v = verifier(&site);

    // A proof copied from another credential.
    let mut copied = ada.clone();
    copied["proof"] = li["proof"].clone();
    assert_eq!(state_of(&v, &copied), State::Failed);

    // No proof at all, an empty proof set, a proof with a changed field.
    let mut none = ada.clone();
    none.as_object_mut().unwrap().remove("proof");
    assert_eq!(state_of(&v, &none), State::Failed);
    let mut empty = ada.clone();
    empty["proof"] = json!([]);
    assert_eq!(state_of(&v, &empty), State::Failed);
    for i in 0..2 {
        for field in ["created", "proofPurpose", "cryptosuite", "proofValue", "verificationMethod"] {
            let mut m = ada.clone();
            let s = m["proof"][i][field].as_str().unwrap().to_string();
            m["proof"][i][field] = json!(format!("{s}x"));
            let state = state_of(&v, &m);
            // A proof of an unknown cryptosuite cannot be checked: never verified, reported as could-not-check.
            let expected = if field == "cryptosuite" { State::Unknown } else { State::Failed };
            assert_eq!(state, expected, "changing proof[{i}].{field} was not caught");
        }
    }

    // The proofs' values swapped between the two suites.
    let mut swapped = ada.clone();
    let (a, b) = (swapped["proof"][0]["proofValue"].clone(), swapped["proof"][1]["proofValue"].clone());
    swapped["proof"][0]["proofValue"] = b;
    swapped["proof"][1]["proofValue"] = a;
    assert_eq!(state_of(&v, &swapped), State::Failed);

    // A proof set is unordered, and each proof verifies alone.
    let mut reordered = ada.clone();
    reordered["proof"].as_array_mut().unwrap().reverse();
    assert_eq!(state_of(&v, &reordered), State::Verified);
    for keep in 0..2 {
        let mut alone = ada.clone();
        alone["proof"] = json!([ada["proof"][keep].clone()]);
        let report = v.verify("alone", &alone);
        assert_eq!(report.state, State::Verified);
        assert_eq!(report.suites_verified, vec![ada["proof"][keep]["cryptosuite"].as_str().unwrap()]);
    }

    // Signed by another key, presented as the issuer's.
    let intruder = hallmark::crypto::Key::from_seed([7; 32]);
    let mut forged = ada.as_object().unwrap().clone();
    let vm = ada["proof"][0]["verificationMethod"].as_str().unwrap().to_string();
    let created = ada["proof"][0]["created"].as_str().unwrap().to_string();
    let proof = hallmark::crypto::create_jcs_proof(
        &forged,
        &intruder,
        hallmark::crypto::ProofOptions { verification_method: &vm, created: &created },
    );
    forged.insert("proof".into(), json!([proof]));
    assert_eq!(state_of(&v, &Value::Object(forged.clone())), State::Failed);

    // Signed by another key that names itself: it is not the issuer's.
    let other_vm = format!("did:key:{}#{}", intruder.public_multibase(), intruder.public_multibase());
    let proof = hallmark::crypto::create_jcs_proof(
        &forged,
        &intruder,
        hallmark::crypto::ProofOptions { verification_method: &other_vm, created: &created },
    );
    forged.insert("proof".into(), json!([proof]));
    let report = v.verify("forged", &Value::Object(forged));
    assert_eq!(report.state, State::Failed);
    assert!(report.steps[1].detail.contains("does not belong to the issuer"), "{:?}", report.steps[1]);
}

#[test]
fn a_tampered_status_list_or_did_document_is_caught() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let list_path = site.public().join("status/revocation/1.json");
    let original = std::fs::read_to_string(&list_path).unwrap();
    let mut list: Value = serde_json::from_str(&original).unwrap();
    let mut bits = hallmark::crypto::Bitstring::default();
    bits.set(0);
    list["credentialSubject"]["encodedList"] = json!(bits.encode());
    std::fs::write(&list_path, serde_json::to_string(&list).unwrap()).unwrap();
    let report = verifier(&site).verify("t", &ada);
    assert_eq!(report.state, State::Failed, "{:?}", report.steps);
    assert!(report.steps[2].detail.contains("status list's own proof fails"));
    std::fs::write(&list_path, original).unwrap();

    let did_path = site.public().join("did.json");
    let did = std::fs::read_to_string(&did_path).unwrap();
    let intruder = hallmark::crypto::Key::from_seed([7; 32]).public_multibase();
    let real: Value = serde_json::from_str(&did).unwrap();
    let real_key = real["verificationMethod"][0]["publicKeyMultibase"].as_str().unwrap();
    std::fs::write(&did_path, did.replace(real_key, &intruder)).unwrap();
    assert_eq!(verifier(&site).verify("t", &ada).state, State::Failed);
}

/// Changes a file of the built site that holds JSON, and signs it again if `sign` is given.
fn rewrite(site: &Site, rel: &str, sign: Option<Proofs>, change: impl FnOnce(&mut Value)) {
    let path = site.public().join(rel);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    change(&mut doc);
    if let Some(proofs) = sign {
        resign(&mut doc, proofs);
    }
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

/// `hallmark verify FILE` in text and JSON: the exit status, the text, and the steps as JSON.
fn run_verify(site: &Site, file: &std::path::Path, extra: &[&str]) -> (Option<i32>, String, Vec<Value>) {
    let mut args = vec!["verify"];
    args.extend_from_slice(extra);
    args.push(file.to_str().unwrap());
    let text = site.run(&args);
    args.splice(1..1, ["--format", "json"]);
    let json = site.run(&args);
    assert_eq!(text.status.code(), json.status.code());
    let report: Value = serde_json::from_str(&stdout(&json)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&json)));
    let steps = report["credentials"][0]["steps"].as_array().cloned().unwrap_or_default();
    (text.status.code(), stdout(&text) + &stderr(&text), steps)
}

fn json_step<'a>(steps: &'a [Value], name: &str) -> &'a Value {
    steps.iter().find(|s| s["step"] == name).unwrap_or_else(|| panic!("no {name} step in {steps:?}"))
}

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

#[test]
fn a_status_list_outside_its_own_validity_period_cannot_vouch_for_the_status() {
    let site = built();
    let (path, _) = by_name(&site, "Ada Lovelace");
    let file = site.public().join(&path);
    let list = "status/revocation/1.json";
    let url = format!("{BASE}{list}");

    rewrite(&site, list, Some(Proofs::Both), |l| l["validFrom"] = json!("2027-01-01T00:00:00Z"));
    let (code, text, steps) = run_verify(&site, &file, &[]);
    assert_eq!(code, Some(3), "{text}");
    assert!(text.contains(": COULD NOT CHECK"), "{text}");
    let why = format!("the status list at {url} is not valid until 2027-01-01T00:00:00Z, so it cannot be trusted yet");
    assert!(text.contains(&format!("? status           {why}")), "{text}");
    assert_eq!(json_step(&steps, "status")["outcome"], "could-not-check");

    rewrite(&site, list, Some(Proofs::Both), |l| {
        l["validFrom"] = json!("2026-04-11T00:00:00Z");
        l["validUntil"] = json!("2026-11-01T00:00:00Z");
    });
    let (code, text, _) = run_verify(&site, &file, &[]);
    assert_eq!(code, Some(3), "{text}");
    let why = format!("the status list at {url} expired on 2026-11-01T00:00:00Z, so it can no longer be trusted");
    assert!(text.contains(&why), "{text}");

    // Both dates, today between them: the list is good.
    rewrite(&site, list, Some(Proofs::Both), |l| l["validUntil"] = json!("2026-12-31T23:59:59Z"));
    let (code, text, _) = run_verify(&site, &file, &[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("✓ status           not revoked"), "{text}");

    // After the list's validUntil, its word counts for nothing: a set bit is not "revoked", a clear one
    // not "not revoked".
    let index: u64 = ada_index(&site);
    rewrite(&site, list, Some(Proofs::Both), |l| {
        let mut bits = hallmark::crypto::Bitstring::default();
        bits.set(index);
        l["credentialSubject"]["encodedList"] = json!(bits.encode());
    });
    let (code, text, _) = run_verify(&site, &file, &[]);
    assert_eq!(code, Some(1), "the list is in force until 2026-12-31: {text}");
    assert!(text.contains(": REVOKED"), "{text}");
    let out = site.run_at("2027-02-01", &["verify", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stdout(&out).contains(": COULD NOT CHECK"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("REVOKED"), "{}", stdout(&out));
}

/// Ada Lovelace's entry in the revocation list.
fn ada_index(site: &Site) -> u64 {
    let (_, ada) = by_name(site, "Ada Lovelace");
    ada["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap()
}

#[test]
fn a_status_list_must_be_the_issuers_list_of_the_right_kind_at_its_own_url() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let list = "status/revocation/1.json";
    let original = std::fs::read_to_string(site.public().join(list)).unwrap();
    let status_after = |change: &dyn Fn(&mut Value)| {
        std::fs::write(site.public().join(list), &original).unwrap();
        rewrite(&site, list, Some(Proofs::JcsOnly), change);
        let report = checked(&verifier(&site), &ada);
        assert_eq!(report.state, State::Failed, "{report:#?}");
        step(&report, "status").clone()
    };
    let s = status_after(&|l| l["type"] = json!(["VerifiableCredential"]));
    assert!(s.detail.contains("is not a BitstringStatusListCredential"), "{s:?}");
    let s = status_after(&|l| l["credentialSubject"]["type"] = json!("BitstringStatusListEntry"));
    assert!(s.detail.contains("is not a BitstringStatusList"), "{s:?}");
    let s = status_after(&|l| l["credentialSubject"]["statusPurpose"] = json!("suspension"));
    assert!(s.detail.contains("is for suspension, not for revocation"), "{s:?}");
    let s = status_after(&|l| l["issuer"] = json!("did:web:other.example"));
    assert!(s.detail.contains("was issued by did:web:other.example, not by the credential's issuer"), "{s:?}");
    // The suspension list, signed by the issuer, served where the revocation list should be.
    let s = status_after(&|l| {
        l["id"] = json!(format!("{BASE}status/revocation/2.json"));
    });
    assert!(s.detail.contains("is a copy of https://fixture.github.io/academy/status/revocation/2.json"), "{s:?}");
    // A list of both purposes is a list of each.
    std::fs::write(site.public().join(list), &original).unwrap();
    rewrite(&site, list, Some(Proofs::Both), |l| {
        l["credentialSubject"]["statusPurpose"] = json!(["revocation", "suspension"])
    });
    assert_eq!(state_of(&verifier(&site), &ada), State::Verified);
}

/// `text` escaped as XML character data, with every kind of reference an SVG editor may write.
fn xml_escaped(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&apos;"),
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#x7D;"),
            c if !c.is_ascii() && i % 2 == 0 => out.push_str(&format!("&#x{:X};", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[test]
fn baked_svgs_are_read_as_xml_whatever_the_prefix_escaping_or_comments() {
    let site = built();
    let (path, cred) = by_name(&site, "Siobhán O'Brien");
    let text = String::from_utf8(site.files()[&path].clone()).unwrap();
    let (half1, half2) = text.split_at(text.find("\"issuer\"").unwrap());
    let svg_open = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"";
    let ns = "https://purl.imsglobal.org/ob/v3p0";
    let cases = [
        (
            "escaped text",
            format!("{svg_open} xmlns:openbadges=\"{ns}\"><openbadges:credential>{}</openbadges:credential></svg>", xml_escaped(&text)),
        ),
        (
            "escaped text and CDATA, mixed",
            format!(
                "{svg_open} xmlns:openbadges=\"{ns}\"><openbadges:credential>\n  <![CDATA[{half1}]]>{}\n</openbadges:credential></svg>",
                xml_escaped(half2)
            ),
        ),
        ("another prefix", format!("{svg_open} xmlns:ob=\"{ns}\"><ob:credential><![CDATA[{text}]]></ob:credential></svg>")),
        ("the default namespace", format!("{svg_open}><credential xmlns='{ns}'><![CDATA[{text}]]></credential></svg>")),
        (
            "decoys in a comment, a processing instruction and a CDATA section outside the element",
            format!(
                "<?xml version=\"1.0\"?>\n<!-- <openbadges:credential>{{\"not\":\"it\"}}</openbadges:credential> -->\n\
                 <?editor <openbadges:credential>{{}}</openbadges:credential> ?>\n\
                 {svg_open} xmlns:openbadges=\"{ns}\" data-note=\"a > b\"><![CDATA[<openbadges:credential>{{}}</openbadges:credential>]]>\
                 <title>Badge</title><openbadges:credential><!-- the credential: --><![CDATA[{text}]]></openbadges:credential></svg>"
            ),
        ),
    ];
    for (what, svg) in cases {
        let file = site.root().join("baked.svg");
        std::fs::write(&file, &svg).unwrap();
        let (code, out, _) = run_verify(&site, &file, &["--site", site.public().to_str().unwrap()]);
        assert_eq!(code, Some(0), "{what}:\n{out}\n{svg}");
        let parsed = hallmark::verify::input::parse_bytes(svg.as_bytes()).unwrap();
        assert_eq!(parsed["id"], cred["id"], "{what}");
    }
}

#[test]
fn an_svg_element_outside_the_open_badges_namespace_is_not_a_baked_credential() {
    let site = built();
    let (path, _) = by_name(&site, "Ada Lovelace");
    let text = String::from_utf8(site.files()[&path].clone()).unwrap();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\">\
         <openbadges:credential><![CDATA[{text}]]></openbadges:credential></svg>"
    );
    let err = hallmark::verify::input::parse_bytes(svg.as_bytes()).unwrap_err();
    assert!(err.contains("not in the Open Badges 3.0 namespace https://purl.imsglobal.org/ob/v3p0"), "{err}");
    let unbound = format!("<svg><openbadges:credential><![CDATA[{text}]]></openbadges:credential></svg>");
    let err = hallmark::verify::input::parse_bytes(unbound.as_bytes()).unwrap_err();
    assert!(err.contains("uses the prefix openbadges without declaring it"), "{err}");
}

#[test]
fn a_json_credential_that_mentions_svg_is_still_read_as_json() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let mut m = ada.clone();
    m["credentialSubject"]["achievement"]["description"] = json!("Draws <svg> charts");
    let parsed = hallmark::verify::input::parse_bytes(serde_json::to_string_pretty(&m).unwrap().as_bytes()).unwrap();
    assert_eq!(parsed, m);
}

#[test]
fn a_closed_pipe_does_not_make_verify_panic() {
    let site = built();
    for format in ["text", "json"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hallmark"))
            .args(["--today", "2026-11-22", "verify", "--format", format, site.public().to_str().unwrap()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before hallmark writes, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{format}: {err}");
    }
}

#[test]
fn a_status_list_checked_for_one_issuer_is_not_taken_for_another() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let v = verifier(&site);
    assert_eq!(state_of(&v, &ada), State::Verified);
    // Another issuer, with a key of its own, whose credential points at this issuer's list.
    let other = hallmark::crypto::Key::from_seed([9; 32]);
    let did = format!("did:key:{}", other.public_multibase());
    let mut theirs = ada.clone();
    theirs["issuer"]["id"] = json!(did);
    let obj = theirs.as_object_mut().unwrap();
    obj.remove("proof");
    let vm = format!("{did}#{}", other.public_multibase());
    let options = hallmark::crypto::ProofOptions { verification_method: &vm, created: "2026-04-11T00:00:00Z" };
    let proof = hallmark::crypto::create_jcs_proof(obj, &other, options);
    obj.insert("proof".into(), json!([proof]));
    let report = checked(&v, &theirs);
    assert_eq!(step(&report, "proof").outcome, Outcome::Passed, "{report:#?}");
    assert_eq!(step(&report, "issuer key").detail, format!("{vm} is the issuer's own did:key"));
    let status = step(&report, "status");
    assert_eq!(status.outcome, Outcome::Failed, "{status:?}");
    assert!(status.detail.contains(&format!("not by the credential's issuer {did}")), "{status:?}");
    assert_eq!(report.state, State::Failed);
}

#[test]
fn a_status_list_shorter_than_the_standard_allows_is_not_read() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    // 1,024 entries, validly signed by the issuer: too few to hide anyone's bit in the crowd.
    let short = short_encoded_list();
    rewrite(&site, "status/revocation/1.json", Some(Proofs::Both), |list| {
        list["credentialSubject"]["encodedList"] = json!(short)
    });
    let report = verifier(&site).verify("t", &ada);
    assert_eq!(report.state, State::Unknown, "{:?}", report.steps);
    let status = report.steps.iter().find(|s| s.step == "status").unwrap();
    assert!(status.detail.contains("has 1024 entries, fewer than the 131072"), "{}", status.detail);
}

/// The fixture built with `--base-url base`, signed with the key of `seed`.
fn built_at(base: &str, seed: [u8; 32]) -> Site {
    let site = Site::fixture("small");
    with_both_proofs(&site);
    let secret = hallmark::crypto::Key::from_seed(seed).secret_multibase();
    let out = site.run_with_env(&["build", "--base-url", base], &[("HALLMARK_SIGNING_KEY", &secret)]);
    assert!(out.status.success(), "build at {base} failed:\n{}", stderr(&out));
    site
}

/// `hallmark verify --format json ARGS…`: the exit status and the report.
fn verify_json(site: &Site, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["verify", "--format", "json"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    let report =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code(), report)
}

fn state_by_source(report: &Value) -> Vec<(String, String)> {
    report["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["source"].as_str().unwrap().to_string(), c["state"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn files_of_different_sites_are_each_checked_against_their_own_site() {
    // A user site and a project site under it, each with its own key: the project site's URLs are
    // under the user site's base URL too, and must not be looked up there.
    let user = built_at("https://org.github.io/", [1; 32]);
    let project = built_at("https://org.github.io/academy/", [2; 32]);
    let (ada_user, _) = by_name(&user, "Ada Lovelace");
    let (ada_project, _) = by_name(&project, "Ada Lovelace");
    let ada_user = user.public().join(ada_user);
    let ada_project = project.public().join(ada_project);
    for files in [[&ada_user, &ada_project], [&ada_project, &ada_user]] {
        let args: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
        let (code, report) = verify_json(&user, &args);
        assert_eq!(code, Some(0), "{report:#}");
        assert!(state_by_source(&report).iter().all(|(_, s)| s == "verified"), "{report:#}");
    }
    // Whole sites, in either order.
    let (public_user, public_project) = (user.public(), project.public());
    for sites in [[&public_user, &public_project], [&public_project, &public_user]] {
        let args: Vec<&str> = sites.iter().map(|f| f.to_str().unwrap()).collect();
        let (code, report) = verify_json(&user, &args);
        assert_eq!(code, Some(0), "{report:#}");
        assert_eq!(state_by_source(&report).len(), 10);
    }
}

#[test]
fn two_sites_at_one_base_url_with_their_own_keys_and_status_lists_are_not_confused() {
    // Say, a staging build and the real one: the same URLs, other keys, other revocations.
    let one = built_at(BASE, [1; 32]);
    let two = built_at(BASE, [2; 32]);
    let (path, _) = by_name(&two, "Ada Lovelace");
    let id = path.trim_start_matches("c/").trim_end_matches("/credential.json").to_string();
    let secret = hallmark::crypto::Key::from_seed([2; 32]).secret_multibase();
    let env = [("HALLMARK_SIGNING_KEY", secret.as_str())];
    assert!(two.run_with_env(&["revoke", &id, "--reason", "test"], &env).status.success());
    assert!(two.run_with_env(&["build", "--base-url", BASE], &env).status.success());
    let ada_one = one.public().join(by_name(&one, "Ada Lovelace").0);
    let ada_two = two.public().join(&path);
    for files in [[&ada_one, &ada_two], [&ada_two, &ada_one]] {
        let args: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
        let (code, report) = verify_json(&one, &args);
        assert_eq!(code, Some(1), "{report:#}");
        let states = state_by_source(&report);
        let of = |f: &std::path::Path| states.iter().find(|(s, _)| s == f.to_str().unwrap()).unwrap().1.clone();
        assert_eq!(of(&ada_one), "verified", "{report:#}");
        assert_eq!(of(&ada_two), "revoked", "its own site's list, not the other's: {report:#}");
    }
}

#[test]
fn a_landing_page_is_followed_to_the_credential_beside_it() {
    let site = built();
    let (path, _) = by_name(&site, "Ada Lovelace");
    let json = site.public().join(&path);
    let page = json.with_file_name("index.html");
    let (code, report) = verify_json(&site, &[page.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(report["credentials"][0]["source"], json.to_str().unwrap(), "the credential the page shows");
    assert_eq!(report["credentials"][0]["state"], "verified");
    // Saved out of the site, the page still says where its credential is.
    let saved = site.root().join("saved page.html");
    std::fs::copy(&page, &saved).unwrap();
    let out = site.run(&["verify", saved.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains(&format!("download the credential, {BASE}{path}, and verify that")),
        "{}",
        stdout(&out)
    );
    // Other pages of the site are HTML pages, not badly formed SVG.
    for other in ["index.html", "badges/sql/index.html", "verify/index.html", "404.html"] {
        let out = site.run(&["verify", site.public().join(other).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{other}");
        assert!(stdout(&out).contains(": NOT A CREDENTIAL: an HTML page"), "{other}: {}", stdout(&out));
    }
}

#[test]
fn site_files_that_are_not_credentials_say_what_they_are_and_fail_nothing() {
    let site = built();
    let public = site.public();
    for (file, what) in [
        ("did.json", "a DID document of did:web:fixture.github.io:academy: the issuer's public keys"),
        ("badges/sql/achievement.json", "an Achievement \"SQL Basics\": the description of a badge"),
        ("issuer.json", "the issuer's Profile \"Fixture Academy\""),
    ] {
        let path = public.join(file);
        let out = site.run(&["verify", path.to_str().unwrap()]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(2), "{file}: {text}");
        assert!(text.contains(&format!("{}: NOT A CREDENTIAL: {what}", path.display())), "{file}: {text}");
        assert!(
            text.contains(&format!("every credential of the site: hallmark verify {}", public.display())),
            "{text}"
        );
        assert!(!text.contains("FAILED") && !text.contains("proof"), "{file}: {text}");
    }
    let (siobhan, _) = by_name(&site, "Siobhán O'Brien");
    let ics = public.join(&siobhan).with_file_name("expiry.ics");
    let out = site.run(&["verify", ics.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("NOT A CREDENTIAL: a calendar entry for a credential's expiry date"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains(&format!("hallmark verify {}", public.join(&siobhan).display())), "{}", stdout(&out));
    // Beside credentials: an invalid credential still says 1, a valid one leaves the 2.
    let (ada, doc) = by_name(&site, "Ada Lovelace");
    let did = public.join("did.json");
    let (code, report) = verify_json(&site, &[public.join(&ada).to_str().unwrap(), did.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{report:#}");
    assert_eq!(report["credentials"][0]["state"], "verified");
    assert_eq!(report["not_credentials"][0]["source"], did.to_str().unwrap());
    let mut tampered = doc.clone();
    tampered["name"] = json!("Something else");
    let bad = site.root().join("bad.json");
    std::fs::write(&bad, tampered.to_string()).unwrap();
    let out = site.run(&["verify", "--site", public.to_str().unwrap(), bad.to_str().unwrap(), did.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    // A credential made to look like an Achievement is still a credential, and fails.
    let mut disguised = doc.clone();
    disguised["type"] = json!(["Achievement"]);
    std::fs::write(&bad, disguised.to_string()).unwrap();
    let out = site.run(&["verify", "--site", public.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains(": FAILED"), "{}", stdout(&out));
}

#[test]
fn a_status_list_given_as_a_file_is_verified_as_the_signed_credential_it_is() {
    let site = built();
    let list = site.public().join("status/revocation/1.json");
    let out = site.run(&["verify", list.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(": VERIFIED (a status list credential)"), "{text}");
    assert!(text.contains("✓ proof            signature verified (eddsa-rdfc-2022, eddsa-jcs-2022)"), "{text}");
    assert!(
        text.contains(&format!(
            "✓ status list      a revocation list of 131072 entries, 0 of them set, published as {BASE}status/revocation/1.json"
        )),
        "{text}"
    );
    let (_, report) = verify_json(&site, &[list.to_str().unwrap()]);
    assert_eq!(report["credentials"][0]["kind"], "status-list");
    // Tampered, it fails like any credential.
    rewrite(&site, "status/revocation/1.json", None, |l| l["credentialSubject"]["encodedList"] = json!("uH4sI"));
    let out = site.run(&["verify", list.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains(": FAILED (a status list credential)"), "{}", stdout(&out));
}

#[test]
fn a_landing_page_url_under_a_sub_path_is_read_from_the_site_and_followed_to_its_credential() {
    let base = "https://org.github.io/creds/";
    let site = built_at(base, support::TEST_SEED);
    let (path, _) = by_name(&site, "Ada Lovelace");
    let dir = path.trim_end_matches("credential.json");
    let public = site.public();
    let public = public.to_str().unwrap();
    let credential = format!("{base}{path}");
    for given in [&["--site", public][..], &["--site", public, "--base-url", "https://org.github.io/creds"]] {
        for page in
            [format!("{base}{dir}"), format!("{base}{}", dir.trim_end_matches('/')), format!("{base}{dir}index.html")]
        {
            let mut args = given.to_vec();
            args.push(&page);
            let (code, report) = verify_json(&site, &args);
            assert_eq!(code, Some(0), "the page is followed to its credential: {page}: {report:#}");
            assert_eq!(report["unreadable"], json!([]), "{page}: {report:#}");
            assert_eq!(report["credentials"][0]["source"], credential.as_str(), "{page}");
        }
        for ok in [credential.clone(), format!("{credential}?utm_source=mail#proof")] {
            let mut args = given.to_vec();
            args.push(&ok);
            assert_eq!(verify_json(&site, &args).0, Some(0), "{ok}");
        }
        // The site's home page, with or without its slash; a path that does leave the site still does.
        for home in [base, base.trim_end_matches('/')] {
            let mut args = given.to_vec();
            args.push(home);
            let (code, report) = verify_json(&site, &args);
            assert_eq!(code, Some(2), "{home}: {report:#}");
            assert_eq!(report["not_credentials"][0]["what"], "an HTML page", "{home}");
        }
        let mut args = given.to_vec();
        let escape = format!("{base}c//etc/passwd");
        args.push(&escape);
        let (code, report) = verify_json(&site, &args);
        assert_eq!(code, Some(1));
        assert!(report["unreadable"][0]["error"].as_str().unwrap().contains("leaves the site"), "{report:#}");
    }
    // And the files themselves, found in the site or given with it.
    let file = site.public().join(&path);
    let (code, _) = verify_json(&site, &[file.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let (code, _) = verify_json(&site, &["--site", public, "--base-url", base, file.to_str().unwrap()]);
    assert_eq!(code, Some(0));
}
