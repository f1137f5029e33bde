//! An issuer of the cases: a site's base URL, DID and TEST-ONLY key, and the documents it signs.

use serde_json::{json, Map, Value};

use super::*;

/// An issuer: its base URL, DID, TEST-ONLY key, and what signs for it.
pub(super) struct Issuer {
    pub(super) base: BaseUrl,
    pub(super) did: String,
    pub(super) key: Key,
    pub(super) key_id: String,
    pub(super) rdfc: RdfcSuite,
    /// The proofs it signs with: both suites, as hallmark signed before eddsa-rdfc-2022 alone.
    pub(super) profile: ProofProfile,
}

/// One case as generated: the credential's text and the files served, (URL, file name, text).
pub(super) struct Built {
    pub(super) credential: String,
    pub(super) served: Vec<(String, String, String)>,
}

pub(super) fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

pub(super) fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

impl Issuer {
    pub(super) fn new(base_url: &str) -> Issuer {
        let base = BaseUrl::parse(base_url).unwrap();
        let key = Key::from_seed(ISSUER_SEED);
        let did = base.did_web();
        let key_id = crate::document::did::verification_method_id(&base, &key.public_multibase());
        Issuer { base, did, key, key_id, rdfc: RdfcSuite::new().unwrap(), profile: ProofProfile::RDFC_AND_JCS }
    }

    /// The same issuer, signing with eddsa-rdfc-2022 alone (what new sites do).
    pub(super) fn rdfc_only(self) -> Issuer {
        Issuer { profile: ProofProfile::RDFC, ..self }
    }

    /// `document` with the issuer's proof set (eddsa-rdfc-2022, and eddsa-jcs-2022 unless it signs
    /// with eddsa-rdfc-2022 alone) by `key`, named `key_id`.
    pub(super) fn sign_as(&self, mut document: Map<String, Value>, key: &Key, key_id: &str, created: &str) -> Value {
        document.remove("proof");
        let signer = Signer { key, rdfc: &self.rdfc, verification_method: key_id, profile: self.profile, costs: None };
        signer.sign(&mut document, created).unwrap();
        Value::Object(document)
    }

    pub(super) fn sign(&self, document: Map<String, Value>, created: &str) -> Value {
        self.sign_as(document, &self.key, &self.key_id, created)
    }

    pub(super) fn list_url(&self, purpose: Purpose) -> String {
        self.base.join(&layout::status_list(purpose, 1))
    }

    /// Status list 1 of `purpose`, its bit `INDEX` set or not, changed by `change` before it is signed.
    pub(super) fn status_list(&self, purpose: Purpose, set: bool, change: impl Fn(&mut Map<String, Value>)) -> Value {
        let mut bits = Bitstring::default();
        if set {
            bits.set(INDEX);
        }
        let mut list = status_list_credential(&self.base, purpose, 1, &bits.encode(), Date::new(2026, 1, 1).unwrap());
        change(&mut list);
        self.sign(list, "2026-01-01T00:00:00Z")
    }

    /// The credential, changed by `change` before it is signed.
    pub(super) fn credential(&self, change: impl Fn(&mut Map<String, Value>)) -> Map<String, Value> {
        let list = self.list_url(Purpose::Revocation);
        let mut credential = object(json!({
            "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
            "id": self.base.join("c/case/credential.json"),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "Solar PV Installer",
            "issuer": {"id": self.did, "type": ["Profile"], "name": "Example Institute", "url": "https://example.org/"},
            "validFrom": "2026-01-10T00:00:00Z",
            "validUntil": "2028-01-10T23:59:59Z",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "identifier": [{
                    "type": "IdentityObject",
                    "identityHash": "Ada Lovelace",
                    "identityType": "name",
                    "hashed": false
                }],
                "achievement": {
                    "id": self.base.join("badges/solar-pv-installer/achievement.json"),
                    "type": ["Achievement"],
                    "name": "Solar PV Installer",
                    "description": "Installs and commissions rooftop solar systems.",
                    "criteria": {"narrative": "Passed the practical assessment."}
                }
            },
            "credentialStatus": {
                "id": format!("{list}#{INDEX}"),
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": INDEX.to_string(),
                "statusListCredential": list
            }
        }));
        change(&mut credential);
        credential
    }

    /// The DID document, both status lists (nothing set) and the credential, all as published.
    pub(super) fn site(&self) -> Built {
        let credential = self.sign(self.credential(|_| {}), "2026-01-10T00:00:00Z");
        let did_url = crate::ground::did_web::document_url(&self.did).unwrap();
        Built {
            credential: pretty(&credential),
            served: vec![
                (did_url, "did.json".into(), pretty(&did_document(&self.base, &[self.key.public_multibase()]))),
                self.served_list(Purpose::Revocation, self.status_list(Purpose::Revocation, false, |_| {})),
                self.served_list(Purpose::Suspension, self.status_list(Purpose::Suspension, false, |_| {})),
            ],
        }
    }

    pub(super) fn served_list(&self, purpose: Purpose, list: Value) -> (String, String, String) {
        (self.list_url(purpose), format!("{}-list.json", purpose.as_str()), pretty(&list))
    }
}

impl Built {
    /// Replaces (or, with `None`, removes) the file served at `url`.
    pub(super) fn serve(mut self, url: &str, file: Option<(String, String, String)>) -> Built {
        let at = self.served.iter().position(|(u, _, _)| u == url).expect("the URL is served");
        match file {
            Some(f) => self.served[at] = f,
            None => {
                self.served.remove(at);
            }
        }
        self
    }
}

/// A gzip'd, base64url `encodedList` of `bytes` zero bytes: a list of `bytes * 8` entries.
pub(super) fn encoded_zeros(bytes: usize) -> String {
    let gz = crate::crypto::bitstring::gzip(&vec![0u8; bytes]);
    format!("u{}", base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, gz))
}
