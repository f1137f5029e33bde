//! W3C Data Integrity proofs with the eddsa-jcs-2022 cryptosuite: create and verify.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::jcs;
use super::keys::Key;
use crate::ground::error::{Error, Result};

/// The cryptosuite identifier of JCS-canonicalised EdDSA proofs.
pub(crate) const EDDSA_JCS_2022: &str = "eddsa-jcs-2022";

/// What a new proof says about itself.
#[derive(Debug, Clone, Copy)]
pub struct ProofOptions<'a> {
    /// The DID URL of the key, e.g. `did:web:example.org#z6Mk…`.
    pub verification_method: &'a str,
    /// `created`, an XML Schema dateTime such as `2026-03-12T00:00:00Z`.
    pub created: &'a str,
}

/// The proof configuration: the proof's options plus the document's `@context`.
fn proof_config(document: &Map<String, Value>, options: ProofOptions<'_>) -> Map<String, Value> {
    let mut config = Map::new();
    config.insert("type".into(), "DataIntegrityProof".into());
    config.insert("cryptosuite".into(), EDDSA_JCS_2022.into());
    config.insert("created".into(), options.created.into());
    config.insert("verificationMethod".into(), options.verification_method.into());
    config.insert("proofPurpose".into(), "assertionMethod".into());
    if let Some(ctx) = document.get("@context") {
        config.insert("@context".into(), ctx.clone());
    }
    config
}

/// SHA-256(canonical proof config) ‖ SHA-256(canonical document).
pub fn hash_data(document: &Value, config: &Value) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&Sha256::digest(jcs::canonicalize(config).as_bytes()));
    out[32..].copy_from_slice(&Sha256::digest(jcs::canonicalize(document).as_bytes()));
    out
}

/// The document without its `proof`: what every proof of a proof set signs.
pub fn unsecured(document: &Map<String, Value>) -> Value {
    let mut doc = document.clone();
    doc.remove("proof");
    Value::Object(doc)
}

/// A signed eddsa-jcs-2022 proof over `document` (whose `proof`, if any, is not signed).
pub fn create_jcs_proof(document: &Map<String, Value>, key: &Key, options: ProofOptions<'_>) -> Value {
    let config = proof_config(document, options);
    let config_value = Value::Object(config);
    let signature = key.sign(&hash_data(&unsecured(document), &config_value));
    let Value::Object(mut proof) = config_value else { unreachable!("built as an object above") };
    proof.insert("proofValue".into(), proof_value(&signature).into());
    Value::Object(proof)
}

/// The `proofValue` of an Ed25519 signature: `z` and the signature in base58btc (multibase).
pub(crate) fn proof_value(signature: &[u8; 64]) -> String {
    let mut encoded = [0u8; 88];
    let len = usize::from(five8::encode_64(signature, &mut encoded));
    let mut value = String::with_capacity(1 + len);
    value.push('z');
    value.push_str(std::str::from_utf8(&encoded[..len]).expect("base58 is ASCII"));
    value
}

/// A Data Integrity proof of `cryptosuite`, taken apart: its signature, and its options (the proof
/// without `proofValue`), which the signature covers.
pub(crate) fn parse_proof(proof: &Value, cryptosuite: &str) -> Result<(Signature, Map<String, Value>)> {
    let proof = proof.as_object().ok_or_else(|| Error::Proof("the proof is not a JSON object".into()))?;
    if proof.get("type").and_then(Value::as_str) != Some("DataIntegrityProof")
        || proof.get("cryptosuite").and_then(Value::as_str) != Some(cryptosuite)
    {
        return Err(Error::Proof(format!("not a DataIntegrityProof with cryptosuite {cryptosuite}").into()));
    }
    let value = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Proof("the proof has no proofValue".into()))?;
    let sig_bytes = value
        .strip_prefix('z')
        .and_then(|b| bs58::decode(b).into_vec().ok())
        .ok_or_else(|| Error::Proof("proofValue is not base58btc multibase".into()))?;
    let sig = Signature::from_slice(&sig_bytes)
        .map_err(|_| Error::Proof("proofValue is not a 64-byte Ed25519 signature".into()))?;
    let mut options = proof.clone();
    options.remove("proofValue");
    Ok((sig, options))
}

/// Checks one eddsa-jcs-2022 `proof` of `document` against `key`.
pub fn verify_jcs_proof(document: &Map<String, Value>, proof: &Value, key: &VerifyingKey) -> Result<()> {
    let (sig, config) = parse_proof(proof, EDDSA_JCS_2022)?;
    if let (Some(doc_ctx), Some(proof_ctx)) = (document.get("@context"), config.get("@context")) {
        if doc_ctx != proof_ctx {
            return Err(Error::Proof("the proof's @context differs from the document's".into()));
        }
    }
    let data = hash_data(&unsecured(document), &Value::Object(config));
    key.verify(&data, &sig).map_err(|_| Error::Proof("the signature does not match the document".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::hash::hex;

    fn vector(name: &str) -> String {
        let path = format!("{}/tests/vectors/w3c-vc-di-eddsa/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn vector_key() -> Key {
        let pair: Value = serde_json::from_str(&vector("keyPair.json")).unwrap();
        Key::from_secret_multibase(pair["privateKeyMultibase"].as_str().unwrap()).unwrap()
    }

    fn vector_config() -> Value {
        serde_json::from_str(&vector("eddsa-jcs-2022/proofConfigJCS.json")).unwrap()
    }

    #[test]
    fn w3c_eddsa_jcs_2022_vector_reproduces_every_intermediate_value() {
        let unsigned: Value = serde_json::from_str(&vector("unsigned.json")).unwrap();
        let config = vector_config();
        assert_eq!(jcs::canonicalize(&unsigned), vector("eddsa-jcs-2022/canonDocJCS.txt").trim_end());
        assert_eq!(jcs::canonicalize(&config), vector("eddsa-jcs-2022/proofCanonJCS.txt").trim_end());
        let data = hash_data(&unsigned, &config);
        assert_eq!(hex(&data[..32]), vector("eddsa-jcs-2022/proofHashJCS.txt").trim());
        assert_eq!(hex(&data[32..]), vector("eddsa-jcs-2022/docHashJCS.txt").trim());
        assert_eq!(hex(&data), vector("eddsa-jcs-2022/combinedHashJCS.txt").trim());
        let sig = vector_key().sign(&data);
        assert_eq!(hex(&sig), vector("eddsa-jcs-2022/sigHexJCS.txt").trim());
    }

    #[test]
    fn w3c_eddsa_jcs_2022_signed_document_is_reproduced_byte_for_byte() {
        let unsigned: Value = serde_json::from_str(&vector("unsigned.json")).unwrap();
        let config = vector_config();
        let options = ProofOptions {
            verification_method: config["verificationMethod"].as_str().unwrap(),
            created: config["created"].as_str().unwrap(),
        };
        let proof = create_jcs_proof(unsigned.as_object().unwrap(), &vector_key(), options);
        let signed: Value = serde_json::from_str(&vector("eddsa-jcs-2022/signedJCS.json")).unwrap();
        assert_eq!(proof["proofValue"].as_str().unwrap(), vector("eddsa-jcs-2022/sigBTC58JCS.txt").trim());
        assert_eq!(jcs::canonicalize(&proof), jcs::canonicalize(&signed["proof"]));
    }

    #[test]
    fn published_signed_vector_verifies_and_a_changed_byte_does_not() {
        let signed: Value = serde_json::from_str(&vector("eddsa-jcs-2022/signedJCS.json")).unwrap();
        let key = vector_key().verifying_key();
        let doc = signed.as_object().unwrap();
        verify_jcs_proof(doc, &signed["proof"], &key).unwrap();
        let mut tampered = doc.clone();
        tampered["credentialSubject"]["alumniOf"] = "The School of Exampless".into();
        assert!(verify_jcs_proof(&tampered, &signed["proof"], &key).is_err());
        let other = Key::from_seed([9; 32]).verifying_key();
        assert!(verify_jcs_proof(doc, &signed["proof"], &other).is_err());
    }

    /// The proofValue's base58 (five8's, for 64 bytes) is bs58's, the encoder every other
    /// multibase value here uses, on signatures of every count of leading zero bytes (base58 writes
    /// each as `1`) and on 20,000 random ones; and it decodes back.
    #[test]
    fn a_proof_value_is_the_signature_in_base58btc_as_bs58_writes_it() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut cases: Vec<[u8; 64]> =
            (0..=64).map(|zeros| std::array::from_fn(|i| if i < zeros { 0 } else { 0xff })).collect();
        cases.extend((0..20_000).map(|_| std::array::from_fn(|_| next() as u8)));
        cases.push([0x01; 64]);
        for signature in &cases {
            let value = proof_value(signature);
            assert_eq!(value, format!("z{}", bs58::encode(signature).into_string()), "{signature:?}");
            assert_eq!(bs58::decode(&value[1..]).into_vec().unwrap(), signature.to_vec());
        }
    }
}
