use serde_json::json;

use super::*;
use crate::ground::hash::hex;

fn read(path: &str) -> String {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn vector(name: &str) -> String {
    read(&format!("tests/vectors/w3c-vc-di-eddsa/{name}"))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn vector_key() -> Key {
    let pair = json(&vector("keyPair.json"));
    Key::from_secret_multibase(pair["privateKeyMultibase"].as_str().unwrap()).unwrap()
}

fn suite() -> RdfcSuite {
    RdfcSuite::new().unwrap()
}

/// The bundled contexts plus the citizenship context that the W3C `employ` vector uses (test-only).
fn suite_with_citizenship() -> RdfcSuite {
    let citizenship = read("tests/rdfc/citizenship-v4rc1.jsonld");
    let extra = [("https://w3id.org/citizenship/v4rc1", citizenship.as_str())];
    RdfcSuite::with_contexts(contexts::BUNDLED.iter().copied().chain(extra)).unwrap()
}

fn options(config: &Value) -> ProofOptions<'_> {
    ProofOptions {
        verification_method: config["verificationMethod"].as_str().unwrap(),
        created: config["created"].as_str().unwrap(),
    }
}

fn open_badge() -> Map<String, Value> {
    match json(&read("tests/rdfc/openbadge.json")) {
        Value::Object(map) => map,
        _ => panic!("not an object"),
    }
}

fn error_text(result: Result<impl std::fmt::Debug>) -> String {
    result.expect_err("should have been refused").to_string()
}

#[test]
fn bundled_contexts_are_exactly_those_of_the_index() {
    let index = json(&read("contexts/index.json"));
    let index = index.as_object().unwrap();
    assert_eq!(index.len(), contexts::BUNDLED.len());
    for (url, body) in contexts::BUNDLED {
        let file = index[*url].as_str().unwrap();
        assert_eq!(*body, read(&format!("contexts/{file}")), "{url}");
    }
}

/// Checks every intermediate value of one W3C eddsa-rdfc-2022 vector set, then the signed document.
fn reproduce(suite: &RdfcSuite, unsigned: &str, dir: &str) {
    let unsigned = json(&vector(unsigned));
    let config = json(&vector(&format!("{dir}/proofConfigDataInt.json")));
    assert_eq!(suite.canonicalize(&unsigned).unwrap(), vector(&format!("{dir}/canonDocDataInt.txt")));
    assert_eq!(suite.canonicalize(&config).unwrap(), vector(&format!("{dir}/proofCanonDataInt.txt")));
    let data = suite.hash_data(&unsigned, &config).unwrap();
    let expect = |name: &str| vector(&format!("{dir}/{name}")).trim().to_owned();
    assert_eq!(hex(&data[..32]), expect("proofHashDataInt.txt"));
    assert_eq!(hex(&data[32..]), expect("docHashDataInt.txt"));
    assert_eq!(hex(&data), expect("combinedHashDataInt.txt"));
    assert_eq!(hex(&vector_key().sign(&data)), expect("sigHexDataInt.txt"));

    let proof = suite.create_proof(unsigned.as_object().unwrap(), &vector_key(), options(&config)).unwrap();
    assert_eq!(proof["proofValue"], expect("sigBTC58DataInt.txt"));
    let signed = json(&vector(&format!("{dir}/signedDataInt.json")));
    assert_eq!(proof, signed["proof"]);
    assert!(proof.get("@context").is_none());
}

#[test]
fn w3c_eddsa_rdfc_2022_vector_reproduces_every_intermediate_value() {
    reproduce(&suite(), "unsigned.json", "eddsa-rdfc-2022");
}

#[test]
fn w3c_eddsa_rdfc_2022_employment_vector_reproduces_every_intermediate_value() {
    reproduce(&suite_with_citizenship(), "employmentAuth.json", "eddsa-rdfc-2022/employ");
}

#[test]
fn published_signed_vectors_verify_and_a_changed_character_does_not() {
    let suite = suite_with_citizenship();
    let key = vector_key().verifying_key();
    for dir in ["eddsa-rdfc-2022", "eddsa-rdfc-2022/employ"] {
        let signed = json(&vector(&format!("{dir}/signedDataInt.json")));
        let doc = signed.as_object().unwrap();
        suite.verify_proof(doc, &signed["proof"], &key).unwrap();
        let other = Key::from_seed([9; 32]).verifying_key();
        assert!(suite.verify_proof(doc, &signed["proof"], &other).is_err());
    }
    let signed = json(&vector("eddsa-rdfc-2022/signedDataInt.json"));
    // With its proof, the document canonicalizes too: the proof is a graph of its own.
    let with_proof = suite.canonicalize(&signed).unwrap();
    assert!(with_proof.contains("<https://w3id.org/security#proofValue> \"z2YwC8z3"), "{with_proof}");
    let mut tampered = signed.as_object().unwrap().clone();
    tampered["credentialSubject"]["alumniOf"] = "The School of Exampless".into();
    let err = error_text(suite.verify_proof(&tampered, &signed["proof"], &key));
    assert!(err.contains("signature does not match"), "{err}");
    let mut proof = signed["proof"].clone();
    proof["created"] = "2023-02-24T23:36:39Z".into();
    assert!(suite.verify_proof(signed.as_object().unwrap(), &proof, &key).is_err());
}

#[test]
fn a_proof_with_the_documents_context_verifies_and_with_another_does_not() {
    let suite = suite();
    let key = vector_key().verifying_key();
    let signed = json(&vector("eddsa-rdfc-2022/signedDataInt.json"));
    let doc = signed.as_object().unwrap();
    let mut proof = signed["proof"].clone();
    proof["@context"] = signed["@context"].clone();
    suite.verify_proof(doc, &proof, &key).unwrap();
    proof["@context"] = json!(["https://w3id.org/security/data-integrity/v2"]);
    let err = error_text(suite.verify_proof(doc, &proof, &key));
    assert!(err.contains("@context"), "{err}");
}

#[test]
fn open_badge_round_trips_and_any_change_after_signing_fails() {
    let suite = suite();
    let key = Key::from_seed([7; 32]);
    let doc = open_badge();
    let nquads = suite.canonicalize(&Value::Object(doc.clone())).unwrap();
    for iri in [
        "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential>",
        "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement>",
        "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash> \"王秀英\"",
        "<https://www.w3.org/ns/credentials/status#statusListIndex> \"4\"",
    ] {
        assert!(nquads.contains(iri), "{iri} missing from\n{nquads}");
    }
    let options = ProofOptions { verification_method: "did:web:example.org#key-1", created: "2025-03-21T00:00:00Z" };
    let proof = suite.create_proof(&doc, &key, options).unwrap();
    let mut signed = doc.clone();
    signed.insert("proof".into(), json!([proof.clone()]));
    suite.verify_proof(&signed, &proof, &key.verifying_key()).unwrap();

    let mut removed = signed.clone();
    removed.remove("awardedDate");
    assert!(suite.verify_proof(&removed, &proof, &key.verifying_key()).is_err());
    let mut added = signed.clone();
    added.insert("description".into(), "Added later.".into());
    assert!(suite.verify_proof(&added, &proof, &key.verifying_key()).is_err());
    let mut undefined = signed.clone();
    undefined["credentialSubject"]["favouriteColour"] = "blue".into();
    let err = error_text(suite.verify_proof(&undefined, &proof, &key.verifying_key()));
    assert!(err.contains("$.credentialSubject.favouriteColour"), "{err}");
}

#[test]
fn a_second_proof_signs_the_document_without_the_first() {
    let suite = suite();
    let (a, b) = (Key::from_seed([1; 32]), Key::from_seed([2; 32]));
    let options = ProofOptions { verification_method: "did:web:example.org#key-1", created: "2025-03-21T00:00:00Z" };
    let mut doc = open_badge();
    let first = suite.create_proof(&doc, &a, options).unwrap();
    doc.insert("proof".into(), first.clone());
    let second = suite.create_proof(&doc, &b, options).unwrap();
    doc.insert("proof".into(), json!([first.clone(), second.clone()]));
    suite.verify_proof(&doc, &first, &a.verifying_key()).unwrap();
    suite.verify_proof(&doc, &second, &b.verifying_key()).unwrap();
}

#[test]
fn an_undefined_top_level_property_is_refused_by_name_and_path() {
    let mut doc = open_badge();
    doc.insert("favouriteColour".into(), "blue".into());
    let suite = suite();
    let err = error_text(suite.canonicalize(&Value::Object(doc.clone())));
    assert!(err.contains("\"favouriteColour\" at $.favouriteColour"), "{err}");
    let options = ProofOptions { verification_method: "did:web:example.org#key-1", created: "2025-03-21T00:00:00Z" };
    let err = error_text(suite.create_proof(&doc, &Key::from_seed([3; 32]), options));
    assert!(err.contains("favouriteColour"), "{err}");
}

#[test]
fn undefined_nested_properties_and_types_are_refused_by_name_and_path() {
    let suite = suite();
    let mut doc = open_badge();
    doc["credentialSubject"]["achievement"]["alignment"][0]["targetColour"] = "red".into();
    doc["issuer"]["type"] = json!(["Profile", "Polytechnic"]);
    let err = error_text(suite.canonicalize(&Value::Object(doc)));
    assert!(err.contains("\"targetColour\" at $.credentialSubject.achievement.alignment[0].targetColour"), "{err}");
    assert!(err.contains("\"Polytechnic\" at $.issuer.type[1]"), "{err}");
}

#[test]
fn a_term_defined_only_for_another_type_is_refused_where_it_is_undefined() {
    // `achievementType` belongs to Achievement, not to the credential itself.
    let mut doc = open_badge();
    doc.insert("achievementType".into(), "Badge".into());
    let err = error_text(suite().canonicalize(&Value::Object(doc)));
    assert!(err.contains("\"achievementType\" at $.achievementType"), "{err}");
}

#[test]
fn an_unknown_context_is_refused_by_url() {
    let mut doc = open_badge();
    doc["@context"].as_array_mut().unwrap().push("https://example.org/my-context.jsonld".into());
    let err = error_text(suite().canonicalize(&Value::Object(doc)));
    assert!(err.contains("https://example.org/my-context.jsonld at $.@context[2] is not bundled"), "{err}");
    let nested = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": "VerifiableCredential",
        "credentialSubject": {"@context": "https://example.org/other", "id": "did:example:1"}
    });
    let err = error_text(suite().canonicalize(&nested));
    assert!(err.contains("https://example.org/other"), "{err}");
}

#[test]
fn relative_references_and_unusable_names_are_refused() {
    let suite = suite();
    let mut doc = open_badge();
    doc["credentialSubject"]["achievement"]["id"] = "badges/solar".into();
    let err = error_text(suite.canonicalize(&Value::Object(doc)));
    assert!(err.contains("\"badges/solar\" at $.credentialSubject.achievement.id is not an absolute IRI"), "{err}");
    let mut doc = open_badge();
    doc.insert("favourite colour".into(), "blue".into());
    let err = error_text(suite.canonicalize(&Value::Object(doc)));
    assert!(err.contains("$[\"favourite colour\"]"), "{err}");
    let mut doc = open_badge();
    doc.insert("@colour".into(), "blue".into());
    doc["credentialSubject"]["type"] = json!(["Achievement Subject"]);
    doc["issuer"]["id"] = "did:web:kestrel bay".into();
    let err = error_text(suite.canonicalize(&Value::Object(doc)));
    assert!(err.contains("\"@colour\" at $.@colour is not a JSON-LD keyword"), "{err}");
    assert!(err.contains("\"Achievement Subject\" at $.credentialSubject.type[0]"), "{err}");
    assert!(err.contains("\"did:web:kestrel bay\" at $.issuer.id"), "{err}");
}

#[test]
fn a_document_that_is_not_an_object_is_refused() {
    assert!(suite().canonicalize(&json!([1, 2])).is_err());
}

#[test]
fn the_suite_can_be_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<RdfcSuite>();
}

/// Per-call cost on a typical Open Badges credential, on the fast path and on the general path alone:
/// `cargo test --release --lib crypto::rdfc::tests::cost -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn cost() {
    use rayon::prelude::*;
    let key = Key::from_seed([7; 32]);
    let doc = open_badge();
    let value = Value::Object(doc.clone());
    let options = ProofOptions { verification_method: "did:web:example.org#key-1", created: "2025-03-21T00:00:00Z" };
    let n = 300;
    let time = |name: &str, f: &dyn Fn()| {
        let start = std::time::Instant::now();
        for _ in 0..n {
            f();
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
        println!("{name}: {ms:.3} ms per call");
    };
    time("RdfcSuite::new", &|| drop(RdfcSuite::new().unwrap()));
    let fast = suite();
    let general = suite().without_fast_path();
    assert!(fast.canonicalize_fast(&value).is_some());
    for (path, suite) in [("fast", &fast), ("general", &general)] {
        let proof = suite.create_proof(&doc, &key, options).unwrap();
        time(&format!("[{path}] canonicalize"), &|| drop(suite.canonicalize(&value).unwrap()));
        time(&format!("[{path}] create_proof"), &|| drop(suite.create_proof(&doc, &key, options).unwrap()));
        time(&format!("[{path}] verify_proof"), &|| suite.verify_proof(&doc, &proof, &key.verifying_key()).unwrap());
        time(&format!("[{path}] create_proof (new created each call)"), &|| {
            let created = format!("2025-03-21T00:00:00.{:06}Z", next());
            let options = ProofOptions { created: &created, ..options };
            drop(suite.create_proof(&doc, &key, options).unwrap())
        });
        let start = std::time::Instant::now();
        (0..n).into_par_iter().for_each(|_| drop(suite.create_proof(&doc, &key, options).unwrap()));
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
        let threads = rayon::current_num_threads();
        println!("[{path}] create_proof on {threads} rayon threads: {ms:.3} ms per credential (wall)");
    }
}

fn next() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}
