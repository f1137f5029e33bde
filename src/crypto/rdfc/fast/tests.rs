//! The fast path against the general path: the same canonical N-Quads, byte for byte, on every document
//! the fast path takes; and documents it does not handle go to the general path.

use ed25519_dalek::Verifier;
use serde_json::{json, Value};
use sha2::Digest;

use crate::crypto::integrity::ProofOptions;
use crate::crypto::keys::Key;
use crate::crypto::rdfc::{contexts, RdfcSuite};

mod documents;
mod mutations;

use documents::{achievement, credential, issuer, proof_config, site, status_list, Rng};
use mutations::mutate;

const VC: &str = "https://www.w3.org/ns/credentials/v2";
const OB: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const EXAMPLES: &str = "https://www.w3.org/ns/credentials/examples/v2";

fn suite() -> RdfcSuite {
    RdfcSuite::new().unwrap()
}

fn read(path: &str) -> Value {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap()
}

/// Whether the fast path took `doc`; if it did, the general path must accept it and agree byte for byte.
fn agree(suite: &RdfcSuite, doc: &Value) -> bool {
    let Some(fast) = suite.canonicalize_fast(doc) else { return false };
    match suite.canonicalize_general(doc) {
        Ok(general) => assert_eq!(fast, general, "the two paths disagree on\n{doc:#}"),
        Err(e) => panic!("the fast path took a document the general path refuses ({e}):\n{doc:#}"),
    }
    true
}

/// The fast path must take `doc`, and agree.
fn takes(suite: &RdfcSuite, doc: &Value) {
    assert!(agree(suite, doc), "the fast path gave up on\n{doc:#}");
}

#[test]
fn every_bundled_context_is_processed_for_the_fast_path() {
    let mut urls: Vec<&str> = contexts::BUNDLED.iter().map(|(url, _)| *url).collect();
    urls.sort_unstable();
    assert_eq!(suite().tables.urls(), urls);
}

/// 6,000 generated credentials here and 4,000 status lists and proof configurations below: the
/// direct path equals the general one on 10,000 documents (each from a seed of its own, on every core).
#[test]
fn generated_open_badges_credentials_canonicalize_identically_on_both_paths() {
    use rayon::prelude::*;
    let suite = suite();
    (0..6000u64).into_par_iter().for_each(|i| takes(&suite, &credential(&mut Rng(2025 + i))));
}

#[test]
fn generated_status_lists_and_proof_configurations_canonicalize_identically_on_both_paths() {
    use rayon::prelude::*;
    let suite = suite();
    (0..1000u64).into_par_iter().for_each(|i| {
        let mut rng = Rng(7 + i);
        takes(&suite, &status_list(&mut rng));
        takes(&suite, &proof_config(&mut rng, json!([VC, OB])));
        takes(&suite, &proof_config(&mut rng, json!([VC])));
        takes(&suite, &proof_config(&mut rng, json!([VC, EXAMPLES])));
    });
}

/// The mutation corpus (`tests/rdfc/corpus.json`: the shared verification cases, the W3C vectors
/// and a demo credential, each changed one character or one entry at a time): every document the
/// direct path takes, it canonicalizes as the general path does, and as `hallmark verify` recorded.
#[test]
fn every_document_of_the_mutation_corpus_is_left_to_the_general_path_or_canonicalized_identically() {
    let suite = suite();
    let corpus = read("tests/rdfc/corpus.json");
    let entries = corpus.as_array().unwrap();
    let mut taken = 0;
    for entry in entries {
        let doc = &entry["document"];
        if agree(&suite, doc) {
            taken += 1;
            let recorded = entry["nquads"].as_str().unwrap_or_else(|| panic!("{}: refused, but taken", entry["name"]));
            assert_eq!(suite.canonicalize_fast(doc).unwrap(), recorded, "{}", entry["name"]);
        }
    }
    println!("the direct path took {taken} of the corpus's {} documents", entries.len());
    assert!(taken >= 10 && entries.len() >= 90, "{taken} of {}", entries.len());
}

#[test]
fn w3c_vectors_the_test_documents_and_the_other_published_shapes_take_the_fast_path() {
    let suite = suite();
    let mut unsigned = read("tests/vectors/w3c-vc-di-eddsa/unsigned.json");
    takes(&suite, &unsigned);
    takes(&suite, &read("tests/vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json"));
    let open_badge = read("tests/rdfc/openbadge.json");
    takes(&suite, &open_badge);
    // With the examples vocabulary, undefined terms and types are its IRIs on both paths.
    unsigned["credentialSubject"]["favouriteColour"] = "blue".into();
    unsigned["type"] = json!(["VerifiableCredential", "AlumniCredential", "Alumni"]);
    takes(&suite, &unsigned);
    // The issuer profile and an achievement as published on their own.
    let mut rng = Rng(11);
    for _ in 0..20 {
        let site = site(&mut rng);
        let profile = issuer(&mut rng, &site);
        let mut badge = achievement(&mut rng, &site, &profile);
        let mut profile = profile;
        profile.insert("@context".into(), json!([VC, OB]));
        takes(&suite, &Value::Object(profile));
        badge.insert("@context".into(), json!([VC, OB]));
        takes(&suite, &Value::Object(badge));
    }
    // The DID document (`src/credential/did.rs`).
    let did = json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": "did:web:example.org",
        "verificationMethod": [{
            "id": "did:web:example.org#z6Mkw",
            "type": "Multikey",
            "controller": "did:web:example.org",
            "publicKeyMultibase": "z6Mkw",
        }],
        "assertionMethod": ["did:web:example.org#z6Mkw"],
    });
    takes(&suite, &did);
}

#[test]
fn signing_and_verifying_use_the_fast_path_and_match_the_general_path() {
    let suite = suite();
    let key = Key::from_seed([5; 32]);
    let options = ProofOptions { verification_method: "did:web:example.org#key-1", created: "2025-03-21T00:00:00Z" };
    let mut rng = Rng(3);
    for _ in 0..20 {
        let doc = credential(&mut rng);
        let doc = doc.as_object().unwrap();
        let proof = suite.create_proof(doc, &key, options).unwrap();
        suite.verify_proof(doc, &proof, &key.verifying_key()).unwrap();
        // The signature is over the general path's canonical form too.
        let mut config = proof.as_object().unwrap().clone();
        config.remove("proofValue");
        config.insert("@context".into(), doc["@context"].clone());
        let general = [
            suite.canonicalize_general(&Value::Object(config)).unwrap(),
            suite.canonicalize_general(&Value::Object(doc.clone())).unwrap(),
        ];
        let mut data = Vec::new();
        for text in general {
            data.extend_from_slice(&sha2::Sha256::digest(text.as_bytes()));
        }
        let value = proof["proofValue"].as_str().unwrap();
        let sig = ed25519_dalek::Signature::from_slice(&bs58::decode(&value[1..]).into_vec().unwrap()).unwrap();
        key.verifying_key().verify(&data, &sig).unwrap();
    }
}

/// Applies random changes to `rounds` generated documents; wherever the fast path takes the result, the
/// general path must accept it and agree. Returns how many the fast path took.
fn fuzz(seed: u64, rounds: usize) -> usize {
    let suite = suite();
    let mut rng = Rng(seed);
    let contexts = [
        json!([VC, OB]),
        json!([VC, OB, EXAMPLES]),
        json!([VC, EXAMPLES]),
        json!([VC]),
        json!([VC, "https://w3id.org/security/data-integrity/v2"]),
        json!(["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]),
        json!(EXAMPLES),
    ];
    let mut taken = 0;
    for round in 0..rounds {
        let mut doc = match round % 4 {
            0 | 1 => credential(&mut rng),
            2 => status_list(&mut rng),
            _ => proof_config(&mut rng, json!([VC, OB])),
        };
        if rng.chance(50) {
            doc["@context"] = rng.pick(&contexts).clone();
        }
        for _ in 0..1 + rng.below(3) {
            mutate(&mut rng, &mut doc);
        }
        assert!(crate::crypto::rdfc::check::quick_check_agrees(&doc, &suite.contexts), "{doc:#}");
        taken += usize::from(agree(&suite, &doc));
    }
    taken
}

/// Random changes to hallmark's documents: wherever the fast path takes the result, the general path
/// agrees; what it does not take goes to the general path, which decides.
#[test]
fn mutated_documents_are_either_left_to_the_general_path_or_canonicalized_identically() {
    let rounds = 2000;
    let taken = fuzz(42, rounds);
    println!("the fast path took {taken} of {rounds} mutated documents");
    assert!(taken > rounds / 10 && taken < rounds, "{taken} of {rounds}");
}

/// The same at length: `cargo test --release --lib crypto::rdfc::fast::tests::fuzz_at_length -- --ignored --nocapture`.
#[test]
#[ignore = "long: run by hand after changing the fast path"]
fn fuzz_at_length() {
    let seeds: u64 = std::env::var("FUZZ_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let (mut taken, rounds) = (0, 10_000);
    for seed in 0..seeds {
        taken += fuzz(1000 + seed, rounds);
    }
    println!("the fast path took {taken} of {} mutated documents", seeds as usize * rounds);
}

fn push_context(doc: &mut Value, url: &str) {
    doc["@context"].as_array_mut().unwrap().push(url.into());
}

#[test]
fn what_the_fast_path_does_not_handle_goes_to_the_general_path_and_its_errors() {
    let suite = suite();
    let base = read("tests/rdfc/openbadge.json");
    let gives_up = |change: &dyn Fn(&mut Value)| {
        let mut doc = base.clone();
        change(&mut doc);
        assert!(suite.canonicalize_fast(&doc).is_none(), "the fast path took\n{doc:#}");
        suite.canonicalize(&doc)
    };
    // Undefined terms and types: the general path names them.
    let err = gives_up(&|d| d["credentialSubject"]["favouriteColour"] = "blue".into()).unwrap_err().to_string();
    assert!(err.contains("\"favouriteColour\" at $.credentialSubject.favouriteColour"), "{err}");
    let err = gives_up(&|d| d["issuer"]["type"] = json!(["Profile", "Polytechnic"])).unwrap_err().to_string();
    assert!(err.contains("\"Polytechnic\" at $.issuer.type[1]"), "{err}");
    let err = gives_up(&|d| d["achievementType"] = "Badge".into()).unwrap_err().to_string();
    assert!(err.contains("\"achievementType\" at $.achievementType"), "{err}");
    let err =
        gives_up(&|d| d["credentialSubject"]["achievement"]["id"] = "badges/solar".into()).unwrap_err().to_string();
    assert!(err.contains("is not an absolute IRI"), "{err}");
    let err = gives_up(&|d| push_context(d, "https://example.org/my-context.jsonld")).unwrap_err().to_string();
    assert!(err.contains("is not bundled"), "{err}");
    let err = gives_up(&|d| d["issuer"]["id"] = "did:web:kestrel bay".into()).unwrap_err().to_string();
    assert!(err.contains("did:web:kestrel bay"), "{err}");
    // A protected term redefined: the general path's JSON-LD error.
    let err = gives_up(&|d| push_context(d, "https://w3id.org/security/data-integrity/v2")).unwrap_err();
    assert!(err.to_string().contains("protected term"), "{err}");
    // Features the fast path does not implement: the general path reads them.
    gives_up(&|d| d["description"] = Value::Null).unwrap();
    gives_up(&|d| d["credentialSubject"]["achievement"]["@context"] = json!(OB)).unwrap();
    gives_up(&|d| d["name"] = json!({"@value": "Solar", "@language": "en"})).unwrap();
    gives_up(&|d| d["issuer"]["id"] = "_:issuer".into()).unwrap();
    gives_up(&|d| d["evidence"] = json!({})).unwrap();
    gives_up(&|d| d["_sd"] = json!(["a @json value"])).unwrap();
    gives_up(&|d| d["credentialSubject"]["achievement"]["creditsAvailable"] = Value::Null).unwrap();
    // Where the JSON-LD processor departs from the specification (see `expand`): a property-scoped
    // context on a node object inside a type-scoped one.
    gives_up(&|d| d["credentialStatus"]["statusMessage"] = json!([{"status": "0x0", "message": "valid"}])).unwrap();
    gives_up(&|d| d["credentialSubject"]["achievement"]["type"] = json!(["Achievement", "Profile"])).unwrap_err();
    // A document spelling out the general path's sentinels is refused as the general path refuses it.
    let err = gives_up(&|d| d["evidence"][0]["id"] = "https://relative-iri.hallmark.invalid/x".into()).unwrap_err();
    assert!(err.to_string().contains("\"x\" is not an absolute IRI"), "{err}");
    let err = gives_up(&|d| d["issuer"]["type"] = "urn:hallmark:undefined-term:Polytechnic".into()).unwrap_err();
    assert!(err.to_string().contains("\"Polytechnic\""), "{err}");
    let signed = read("tests/vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json");
    assert!(suite.canonicalize_fast(&signed).is_none(), "a proof is a graph container");
    suite.canonicalize(&signed).unwrap();
}

#[test]
fn blank_nodes_alike_in_their_first_degree_go_to_the_general_canonicalization_and_agree() {
    let suite = suite();
    let mut rng = Rng(11);
    let mut doc = credential(&mut rng);
    // Two evidence items with the same contents: blank nodes RDFC-1.0 tells apart only by N-degree hashing.
    let item = json!({"type": ["Evidence"], "name": "Portfolio", "narrative": "The same words"});
    doc["evidence"] = json!([item.clone(), item, {"type": ["Evidence"], "name": "Other"}]);
    let map = doc.as_object().unwrap();
    let quads = crate::crypto::rdfc::fast::to_quads(&suite.tables, map).expect("the fast path takes it");
    assert!(super::super::direct::canonical_nquads(&quads).is_none(), "a tie is left to the general algorithm");
    takes(&suite, &doc);
    // Without the tie, the direct canonicalization gives the same bytes as oxrdf's.
    let mut doc = credential(&mut rng);
    doc["evidence"] = json!([{"type": ["Evidence"], "name": "A"}, {"type": ["Evidence"], "name": "B"}]);
    let quads = crate::crypto::rdfc::fast::to_quads(&suite.tables, doc.as_object().unwrap()).unwrap();
    let direct = super::super::direct::canonical_nquads(&quads).expect("no tie");
    assert_eq!(direct, suite.canonicalize_general(&doc).unwrap());
}

/// Credentials of one badge share its achievement and the issuer, which the fast path converts once
/// per thread and then recalls (recall.rs). With blank nodes before them in varying numbers (one to
/// three identifiers), each credential's quads are those converted afresh, blank nodes numbered
/// alike, and its canonical form the general path's.
#[test]
fn an_achievement_and_an_issuer_met_again_are_recalled_as_converted_afresh() {
    let suite = suite();
    let mut rng = Rng(77);
    let before = super::recall::forget();
    for badge in 0..6 {
        let first = credential(&mut rng);
        for i in 0..40 {
            let mut doc = credential(&mut rng);
            doc["issuer"] = first["issuer"].clone();
            doc["credentialSubject"]["achievement"] = first["credentialSubject"]["achievement"].clone();
            let map = doc.as_object().unwrap();
            let recalled = crate::crypto::rdfc::fast::to_quads(&suite.tables, map).expect("the fast path takes it");
            assert!(i == 0 || !recalled.parts.is_empty(), "badge {badge}: the achievement not recalled");
            let recalled = recalled.materialize();
            super::recall::forget();
            let afresh = crate::crypto::rdfc::fast::to_quads(&suite.tables, map).unwrap().materialize();
            assert_eq!(recalled, afresh, "badge {badge}: recalled quads differ from a fresh conversion of\n{doc:#}");
            takes(&suite, &doc);
        }
    }
    // Each document after a badge's first recalls its achievement and issuer, twice over (once
    // converting, once in `takes`), less what the forgetting above cost.
    let recalled = super::recall::forget() - before;
    assert!(recalled >= 6 * 39 * 2, "only {recalled} nodes recalled");
}

/// The recalled nodes' canonical parts ([`crate::crypto::rdfc::direct::Part`]) at length: 2,000
/// credentials in 50 badges (on every core), each badge's achievement and issuer shared by its 40
/// credentials, blank nodes among them (alignments) and before them (one to three identifiers),
/// some achievements with an alignment given twice (a tie in the part, left to the general
/// algorithm): every canonical form is the general path's.
#[test]
fn credentials_sharing_recalled_nodes_canonicalize_identically_on_both_paths() {
    use rayon::prelude::*;
    let suite = suite();
    (0..50u64).into_par_iter().for_each(|badge| {
        let mut rng = Rng(900 + badge);
        let mut first = credential(&mut rng);
        if badge % 5 == 0 {
            let achievement = &mut first["credentialSubject"]["achievement"];
            achievement["alignment"] =
                json!([{"type": ["Alignment"], "targetName": "T", "targetUrl": "https://x.example/t"}]);
            let twice = achievement["alignment"][0].clone();
            achievement["alignment"].as_array_mut().unwrap().push(twice);
        }
        for _ in 0..40 {
            let mut doc = credential(&mut rng);
            doc["issuer"] = first["issuer"].clone();
            doc["credentialSubject"]["achievement"] = first["credentialSubject"]["achievement"].clone();
            takes(&suite, &doc);
        }
    });
}

#[test]
fn the_contexts_remember_their_applications_and_are_freed_with_the_suite() {
    let suite = suite();
    let mut rng = Rng(5);
    let docs: Vec<Value> = (0..20).map(|_| credential(&mut rng)).collect();
    for doc in &docs {
        takes(&suite, doc);
    }
    let layer = std::sync::Arc::clone(suite.tables.get(OB).expect("the Open Badges context"));
    assert!(std::sync::Arc::strong_count(&layer) > 2, "applications of it are remembered");
    drop(suite);
    assert_eq!(std::sync::Arc::strong_count(&layer), 1, "nothing else holds it once the suite is gone");
}
