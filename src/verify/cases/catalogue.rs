//! The cases: what each shows, how it is built, and what every verifier must conclude.

use serde_json::{json, Value};

use super::issuer::{encoded_zeros, object, Built, Issuer};
use super::*;

/// A case: what it shows, how it is built, and what every verifier must conclude: the state, and
/// the outcome of each step (proof, issuer key, status, validity period, schema).
pub(super) struct Case {
    pub(super) name: &'static str,
    pub(super) about: &'static str,
    pub(super) build: fn() -> Built,
    pub(super) state: &'static str,
    pub(super) steps: [&'static str; 5],
}

const P: &str = "passed";
const F: &str = "failed";
const C: &str = "could-not-check";
const N: &str = "not-applicable";
pub(super) const STEPS: [&str; 5] = ["proof", "issuer key", "status", "validity period", "schema"];

fn example() -> Issuer {
    Issuer::new("https://example.org/")
}

pub(super) fn cases() -> Vec<Case> {
    [cases_1(), cases_2(), cases_3(), cases_4(), cases_5(), cases_5b(), cases_6(), cases_7()]
        .into_iter()
        .flatten()
        .collect()
}

/// Cases 1 to 4 of the catalogue.
fn cases_1() -> Vec<Case> {
    vec![
        Case {
            name: "verified",
            about: "A credential as hallmark publishes it, with its DID document and both status lists.",
            build: || example().site(),
            state: "verified",
            steps: [P, P, P, P, P],
        },
        Case {
            name: "tampered",
            about: "One character of the recipient's name changed after signing.",
            build: || {
                let mut built = example().site();
                built.credential = built.credential.replacen("Ada Lovelace", "Ada Lovelacf", 1);
                built
            },
            state: "failed",
            steps: [F, P, P, P, P],
        },
        Case {
            name: "wrong-key-unlisted",
            about: "Signed by a key that the issuer's DID document does not list, named under the issuer's DID.",
            build: || {
                let issuer = example();
                let stranger = Key::from_seed(STRANGER_SEED);
                let key_id = format!("{}#{}", issuer.did, stranger.public_multibase());
                let credential = issuer.sign_as(issuer.credential(|_| {}), &stranger, &key_id, "2026-01-10T00:00:00Z");
                Built { credential: pretty(&credential), ..issuer.site() }
            },
            state: "failed",
            steps: [F, F, P, P, P],
        },
        Case {
            name: "wrong-key-signature",
            about: "Names the issuer's listed key, but was signed by another key.",
            build: || {
                let issuer = example();
                let stranger = Key::from_seed(STRANGER_SEED);
                let credential =
                    issuer.sign_as(issuer.credential(|_| {}), &stranger, &issuer.key_id, "2026-01-10T00:00:00Z");
                Built { credential: pretty(&credential), ..issuer.site() }
            },
            state: "failed",
            steps: [F, P, P, P, P],
        },
    ]
}

/// Cases 5 to 8 of the catalogue.
fn cases_2() -> Vec<Case> {
    vec![
        Case {
            name: "revoked",
            about: "The credential's bit is set in the signed revocation list.",
            build: || {
                let issuer = example();
                let list =
                    issuer.served_list(Purpose::Revocation, issuer.status_list(Purpose::Revocation, true, |_| {}));
                issuer.site().serve(&issuer.list_url(Purpose::Revocation), Some(list))
            },
            state: "revoked",
            steps: [P, P, F, P, P],
        },
        Case {
            name: "suspended",
            about: "The credential's bit is set in the suspension list published beside the revocation list.",
            build: || {
                let issuer = example();
                let list =
                    issuer.served_list(Purpose::Suspension, issuer.status_list(Purpose::Suspension, true, |_| {}));
                issuer.site().serve(&issuer.list_url(Purpose::Suspension), Some(list))
            },
            state: "suspended",
            steps: [P, P, F, P, P],
        },
        Case {
            name: "expired",
            about: "validUntil is before now.",
            build: || {
                let issuer = example();
                let credential = issuer.credential(|c| {
                    c.insert("validUntil".into(), "2026-06-01T23:59:59Z".into());
                });
                Built { credential: pretty(&issuer.sign(credential, "2026-01-10T00:00:00Z")), ..issuer.site() }
            },
            state: "expired",
            steps: [P, P, P, F, P],
        },
        Case {
            name: "not-yet-valid",
            about: "validFrom is after now.",
            build: || {
                let issuer = example();
                let credential = issuer.credential(|c| {
                    c.insert("validFrom".into(), "2026-09-01T00:00:00Z".into());
                });
                Built { credential: pretty(&issuer.sign(credential, "2026-01-10T00:00:00Z")), ..issuer.site() }
            },
            state: "not-yet-valid",
            steps: [P, P, P, F, P],
        },
    ]
}

/// Cases 9 to 12 of the catalogue.
fn cases_3() -> Vec<Case> {
    vec![
        Case {
            name: "status-list-missing",
            about: "The revocation list is not served (the suspension list is).",
            build: || {
                let issuer = example();
                issuer.site().serve(&issuer.list_url(Purpose::Revocation), None)
            },
            state: "unknown",
            steps: [P, P, C, P, P],
        },
        Case {
            name: "status-list-too-short",
            about: "The issuer signed a revocation list of 1,024 entries, fewer than the standard's 131,072.",
            build: || {
                let issuer = example();
                let list = issuer.status_list(Purpose::Revocation, false, |l| {
                    l["credentialSubject"]["encodedList"] = encoded_zeros(128).into();
                });
                let url = issuer.list_url(Purpose::Revocation);
                issuer.site().serve(&url, Some(issuer.served_list(Purpose::Revocation, list)))
            },
            state: "unknown",
            steps: [P, P, C, P, P],
        },
        Case {
            name: "status-list-out-of-date",
            about: "The revocation list's own validUntil has passed.",
            build: || {
                let issuer = example();
                let list = issuer.status_list(Purpose::Revocation, false, |l| {
                    l.insert("validUntil".into(), "2026-03-01T00:00:00Z".into());
                });
                let url = issuer.list_url(Purpose::Revocation);
                issuer.site().serve(&url, Some(issuer.served_list(Purpose::Revocation, list)))
            },
            state: "unknown",
            steps: [P, P, C, P, P],
        },
        Case {
            name: "status-list-unreadable-date",
            about: "The revocation list's validUntil is not a date-time, so its period cannot be known.",
            build: || {
                let issuer = example();
                let list = issuer.status_list(Purpose::Revocation, false, |l| {
                    l.insert("validUntil".into(), "next spring".into());
                });
                let url = issuer.list_url(Purpose::Revocation);
                issuer.site().serve(&url, Some(issuer.served_list(Purpose::Revocation, list)))
            },
            state: "unknown",
            steps: [P, P, C, P, P],
        },
    ]
}

/// Cases 13 to 16 of the catalogue.
fn cases_4() -> Vec<Case> {
    vec![
        Case {
            name: "status-list-badly-signed",
            about: "The revocation list was changed after it was signed: both its proofs fail.",
            build: || {
                let issuer = example();
                let mut list = issuer.status_list(Purpose::Revocation, false, |_| {});
                let mut other = Bitstring::default();
                other.set(3);
                list["credentialSubject"]["encodedList"] = other.encode().into();
                let url = issuer.list_url(Purpose::Revocation);
                issuer.site().serve(&url, Some(issuer.served_list(Purpose::Revocation, list)))
            },
            state: "failed",
            steps: [P, P, F, P, P],
        },
        Case {
            name: "status-list-copy",
            about: "Served at the revocation list's URL: another list the issuer signed (status/revocation/2.json).",
            build: || {
                let issuer = example();
                let list2 = issuer.base.join(&layout::status_list(Purpose::Revocation, 2));
                let list = issuer.status_list(Purpose::Revocation, false, |l| {
                    l.insert("id".into(), list2.clone().into());
                    l["credentialSubject"]["id"] = format!("{list2}#list").into();
                });
                let url = issuer.list_url(Purpose::Revocation);
                issuer.site().serve(&url, Some(issuer.served_list(Purpose::Revocation, list)))
            },
            state: "failed",
            steps: [P, P, F, P, P],
        },
        Case {
            name: "did-web-port",
            about: "An issuer at a port: did:web:localhost%3A8443, its DID document at https://localhost:8443/.well-known/did.json.",
            build: || Issuer::new("https://localhost:8443/").site(),
            state: "verified",
            steps: [P, P, P, P, P],
        },
        Case {
            name: "did-web-path-escapes",
            about: "Percent-escapes in the DID's path: they stay as they are in the DID document's URL (an escaped slash stays inside its segment).",
            build: || Issuer::new("https://example.org/caf%C3%A9/2025%2F26/").site(),
            state: "verified",
            steps: [P, P, P, P, P],
        },
    ]
}

/// Cases 17 to 20 of the catalogue.
fn cases_5() -> Vec<Case> {
    vec![
        Case {
            name: "did-document-missing",
            about: "The issuer's DID document is not served: no key can be checked.",
            build: || {
                let issuer = example();
                let url = crate::ground::did_web::document_url(&issuer.did).unwrap();
                issuer.site().serve(&url, None)
            },
            state: "unknown",
            steps: [C, C, C, P, P],
        },
        Case {
            name: "did-document-relative-key-ids",
            about: "The DID document names its key relative to itself (#key-1), as DID documents may.",
            build: || {
                let issuer = example();
                let key_id = format!("{}#key-1", issuer.did);
                let document = json!({
                    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
                    "id": issuer.did,
                    "verificationMethod": [{
                        "id": "#key-1",
                        "type": "Multikey",
                        "controller": issuer.did,
                        "publicKeyMultibase": issuer.key.public_multibase()
                    }],
                    "assertionMethod": ["#key-1"]
                });
                let sign = |doc| issuer.sign_as(doc, &issuer.key, &key_id, "2026-01-10T00:00:00Z");
                let list = |purpose| sign(object(issuer.status_list(purpose, false, |_| {})));
                Built {
                    credential: pretty(&sign(issuer.credential(|_| {}))),
                    served: vec![
                        (
                            crate::ground::did_web::document_url(&issuer.did).unwrap(),
                            "did.json".into(),
                            pretty(&document),
                        ),
                        issuer.served_list(Purpose::Revocation, list(Purpose::Revocation)),
                        issuer.served_list(Purpose::Suspension, list(Purpose::Suspension)),
                    ],
                }
            },
            state: "verified",
            steps: [P, P, P, P, P],
        },
    ]
}

/// Cases 19 and 20 of the catalogue.
fn cases_5b() -> Vec<Case> {
    vec![
        Case {
            name: "proof-expired",
            about: "The eddsa-jcs-2022 proof carries an expires date that has passed (its signature is good).",
            build: || {
                let issuer = example();
                let signed = object(issuer.sign(issuer.credential(|_| {}), "2026-01-10T00:00:00Z"));
                let mut proofs = signed["proof"].as_array().unwrap().clone();
                let mut jcs = object(proofs[1].clone());
                jcs.remove("proofValue");
                jcs.insert("expires".into(), "2026-03-01T00:00:00Z".into());
                let hash = crate::crypto::integrity::hash_data(
                    &crate::crypto::integrity::unsecured(&signed),
                    &Value::Object(jcs.clone()),
                );
                let signature = bs58::encode(issuer.key.sign(&hash)).into_string();
                jcs.insert("proofValue".into(), format!("z{signature}").into());
                proofs[1] = Value::Object(jcs);
                let mut credential = signed;
                credential.insert("proof".into(), Value::Array(proofs));
                Built { credential: pretty(&Value::Object(credential)), ..issuer.site() }
            },
            state: "failed",
            steps: [F, P, P, P, P],
        },
        Case {
            name: "no-proof",
            about: "The credential carries no proof at all.",
            build: || {
                let issuer = example();
                Built { credential: pretty(&Value::Object(issuer.credential(|_| {}))), ..issuer.site() }
            },
            state: "failed",
            steps: [F, N, P, P, P],
        },
    ]
}

/// Cases 21 to 21 of the catalogue.
fn cases_6() -> Vec<Case> {
    vec![Case {
        name: "status-entry-not-an-object",
        about: "credentialStatus is a string, not a status entry: nothing says the credential is not revoked.",
        build: || {
            let issuer = example();
            let credential = issuer.credential(|c| {
                c.insert("credentialStatus".into(), "not revoked".into());
            });
            Built { credential: pretty(&issuer.sign(credential, "2026-01-10T00:00:00Z")), ..issuer.site() }
        },
        state: "failed",
        steps: [P, P, F, P, F],
    }]
}

/// Where the browser's verifier concludes otherwise than `hallmark verify`, and why: (case, state,
/// steps, why). `expected.json` gives these under `browser`; `tests/js/cases.test.mjs` holds the
/// browser to them, `tests/verification_cases.rs` holds `hallmark verify` to the rest.
pub(super) const BROWSER_DIFFERS: &[(&str, &str, [&str; 5], &str)] = &[
    (
        "status-entry-not-an-object",
        "failed",
        [F, P, F, P, F],
        "the string \"not revoked\" is where JSON-LD expects an IRI (credentialStatus), so it is dropped from \
         the RDF and its signature does not cover it; hallmark verify drops it silently, the browser refuses",
    ),
    (
        "unbundled-context",
        "unknown",
        [C, P, P, P, P],
        "the browser has no such context: it could not check the proof, and says so with the command to use; \
         hallmark verify, which never fetches a context either, fails the proof",
    ),
];

/// Cases 22 to 25 of the catalogue: eddsa-rdfc-2022 alone, and JSON-LD the signature does not cover.
fn cases_7() -> Vec<Case> {
    vec![
        Case {
            name: "rdfc-only",
            about: "Signed with eddsa-rdfc-2022 alone, as new sites sign (its status lists too).",
            build: || example().rdfc_only().site(),
            state: "verified",
            steps: [P, P, P, P, P],
        },
        Case {
            name: "rdfc-proof-broken",
            about: "Both proofs, and only the eddsa-rdfc-2022 one fails: its created date was changed after signing.",
            build: || {
                let issuer = example();
                let mut credential = object(issuer.sign(issuer.credential(|_| {}), "2026-01-10T00:00:00Z"));
                credential["proof"][0]["created"] = "2026-01-11T00:00:00Z".into();
                Built { credential: pretty(&Value::Object(credential)), ..issuer.site() }
            },
            state: "failed",
            steps: [F, P, P, P, P],
        },
        Case {
            name: "undefined-term",
            about: "Signed with eddsa-rdfc-2022 alone, then given a term no context defines, which JSON-LD would drop.",
            build: || {
                let issuer = example().rdfc_only();
                let mut credential = object(issuer.sign(issuer.credential(|_| {}), "2026-01-10T00:00:00Z"));
                credential.insert("grade".into(), "A+".into());
                Built { credential: pretty(&Value::Object(credential)), ..issuer.site() }
            },
            state: "failed",
            steps: [F, P, P, P, P],
        },
        Case {
            name: "unbundled-context",
            about: "Signed with eddsa-rdfc-2022 alone, then given a context that no verifier here has.",
            build: || {
                let issuer = example().rdfc_only();
                let mut credential = object(issuer.sign(issuer.credential(|_| {}), "2026-01-10T00:00:00Z"));
                credential["@context"].as_array_mut().unwrap().push("https://example.org/contexts/grades/v1".into());
                Built { credential: pretty(&Value::Object(credential)), ..issuer.site() }
            },
            state: "failed",
            steps: [F, P, P, P, P],
        },
    ]
}
