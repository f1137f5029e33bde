//! Status lists: their validity period, kind, URL, issuer and length.

use super::*;

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
