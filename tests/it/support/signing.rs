//! The TEST-ONLY key, and the one way the tests sign a document again after changing it, as the
//! issuer would have signed it.

use std::io::Write;

use hallmark::crypto::{create_jcs_proof, Key, ProofOptions, RdfcSuite, Signer};
use serde_json::{json, Value};

/// TEST-ONLY signing key seed. Never use it for anything real.
pub const TEST_SEED: [u8; 32] = [0x42; 32];

/// The test key's secret, as HALLMARK_SIGNING_KEY expects it.
pub fn test_secret() -> String {
    Key::from_seed(TEST_SEED).secret_multibase()
}

/// When a document signed again says it was signed.
const CREATED: &str = "2026-04-11T00:00:00Z";

/// The proofs a document signed again carries.
#[derive(Debug, Clone, Copy)]
pub enum Proofs {
    /// hallmark's proof set, eddsa-rdfc-2022 and eddsa-jcs-2022.
    Both,
    /// eddsa-jcs-2022 alone, for shapes JSON-LD cannot express.
    JcsOnly,
}

/// Signs `doc` again with the TEST-ONLY key in place of its proofs, under the verification method
/// its first proof names (for a site built with the test key, the issuer's own).
pub fn resign(doc: &mut Value, proofs: Proofs) {
    let vm = doc["proof"][0]["verificationMethod"].as_str().expect("a signed document names its key").to_string();
    let key = Key::from_seed(TEST_SEED);
    let obj = doc.as_object_mut().expect("a JSON object");
    obj.remove("proof");
    match proofs {
        Proofs::Both => {
            let rdfc = RdfcSuite::new().unwrap();
            let profile = hallmark::crypto::ProofProfile::RDFC_AND_JCS;
            let signer = Signer { key: &key, rdfc: &rdfc, verification_method: &vm, profile, costs: None };
            signer.sign(obj, CREATED).unwrap();
        }
        Proofs::JcsOnly => {
            let proof = create_jcs_proof(obj, &key, ProofOptions { verification_method: &vm, created: CREATED });
            obj.insert("proof".into(), json!([proof]));
        }
    }
}

/// A status list's `encodedList` of 1,024 clear entries: fewer than the 131,072 the standard requires.
pub fn short_encoded_list() -> String {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&[0u8; 128]).unwrap();
    format!("u{}", base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, gz.finish().unwrap()))
}
