//! Tampering: every changed, removed or added field and every changed proof is rejected.

use super::*;

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
