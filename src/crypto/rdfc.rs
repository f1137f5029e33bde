//! W3C Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite: create and verify.
//!
//! The document and the proof configuration are each turned into RDF by JSON-LD (with the contexts
//! bundled in `contexts/`, never fetched), canonicalized with RDFC-1.0 into N-Quads, and hashed with
//! SHA-256; the Ed25519 signature covers SHA-256(canonical proof configuration) ‖ SHA-256(canonical
//! document). Unlike eddsa-jcs-2022, the emitted proof carries no `@context`: the proof configuration
//! takes the document's.
//!
//! A document that JSON-LD would silently shorten (an undefined term, a relative IRI) is refused rather
//! than signed with the data missing (see the `check` submodule).
//!
//! Two paths lead from JSON-LD to RDF. The fast path (the `fast` submodule) uses the bundled contexts
//! as processed once, when the suite is built, and handles what hallmark's own documents use; anything
//! else it leaves to the general path, a full JSON-LD processor (oxjsonld) that processes the contexts
//! for every document and reports what is wrong. Both give the same quads (the fast path's tests compare
//! them), and both are held to the same checks before and after.
//!
//! The fast path's quads are canonicalized directly (the `direct` submodule) when their blank nodes
//! are told apart by their first-degree hashes, as in every document hallmark signs; the general
//! path's, and any dataset with a tie, by oxrdf's RDFC-1.0, which the tests hold the direct one to.

mod check;
mod contexts;
mod direct;
mod fast;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Mutex;

use ed25519_dalek::{Verifier, VerifyingKey};
use oxjsonld::JsonLdParser;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use oxrdf::Dataset;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::integrity::{parse_proof, proof_value, unsecured, ProofOptions};
use super::keys::Key;
use crate::ground::error::{Error, Result};
use contexts::Contexts;

/// The cryptosuite identifier of RDFC-canonicalised EdDSA proofs.
pub(crate) const EDDSA_RDFC_2022: &str = "eddsa-rdfc-2022";

/// How many distinct proof configurations keep their canonical hash (a build reuses a handful).
const CONFIG_CACHE_SIZE: usize = 256;

/// The eddsa-rdfc-2022 cryptosuite with its bundled contexts. Build once; share across threads.
pub struct RdfcSuite {
    contexts: Contexts,
    /// The bundled contexts, processed once for the fast path.
    tables: fast::Tables,
    /// Serialized proof configuration → SHA-256 of its canonical N-Quads.
    config_hashes: Mutex<HashMap<String, [u8; 32]>>,
}

impl std::fmt::Debug for RdfcSuite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RdfcSuite").finish_non_exhaustive()
    }
}

impl RdfcSuite {
    /// Loads the bundled contexts. Cheap enough to call once per build.
    pub fn new() -> Result<RdfcSuite> {
        Self::with_contexts(contexts::BUNDLED.iter().copied())
    }

    fn with_contexts<'a>(list: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<RdfcSuite> {
        let list: Vec<(&str, &str)> = list.into_iter().collect();
        Ok(RdfcSuite {
            contexts: Contexts::load(list.iter().copied())?,
            tables: fast::Tables::load(list),
            config_hashes: Mutex::new(HashMap::new()),
        })
    }

    /// RDFC-1.0 canonical N-Quads of a JSON-LD document (its `proof` is not removed here).
    ///
    /// Fails if the document uses a context that is not bundled, or if JSON-LD would drop part of it:
    /// a property or type whose term the contexts do not define, or a reference that is not an absolute IRI.
    pub fn canonicalize(&self, doc: &Value) -> Result<String> {
        let Value::Object(map) = doc else {
            return Err(Error::Proof("a JSON-LD document must be a JSON object".into()));
        };
        check::precheck(doc, &self.contexts)?;
        match self.fast_quads(doc, map) {
            Some(quads) => Ok(direct::canonical_nquads(&quads)
                .unwrap_or_else(|| canonical_nquads(quads.materialize().into_iter().collect()))),
            None => Ok(canonical_nquads(self.general_dataset(doc, map)?)),
        }
    }

    /// The RDF of a prechecked document by the fast path, if it handles the document.
    fn fast_quads(&self, doc: &Value, map: &Map<String, Value>) -> Option<direct::Quads> {
        let quads = fast::to_quads(&self.tables, map)?;
        // A document may also spell out a sentinel IRI itself; the general path refuses it, and explains.
        let clean = quads.parts_clean() && check::postcheck(quads.own.iter().map(oxrdf::Quad::as_ref), doc).is_ok();
        clean.then_some(quads)
    }

    /// The RDF of a prechecked document by full JSON-LD processing, refusing what JSON-LD would drop.
    fn general_dataset(&self, doc: &Value, map: &Map<String, Value>) -> Result<Dataset> {
        let input = with_sentinel_vocab(map)?;
        let parser = JsonLdParser::new()
            .with_base_iri(check::RELATIVE_IRI)
            .map_err(|e| Error::Proof(format!("internal base IRI: {e}").into()))?
            .for_slice(&input)
            .with_load_document_callback(self.contexts.loader());
        let mut dataset = Dataset::new();
        for quad in parser {
            let quad = quad.map_err(|e| Error::Proof(format!("JSON-LD: {e}").into()))?;
            dataset.insert(&quad);
        }
        check::postcheck(dataset.iter(), doc)?;
        Ok(dataset)
    }

    /// The same suite with every document left to the general path.
    #[cfg(test)]
    fn without_fast_path(mut self) -> RdfcSuite {
        self.tables = fast::Tables::default();
        self
    }

    /// The canonical N-Quads by the general path alone.
    #[cfg(test)]
    fn canonicalize_general(&self, doc: &Value) -> Result<String> {
        let Value::Object(map) = doc else { panic!("not an object") };
        check::precheck(doc, &self.contexts)?;
        Ok(canonical_nquads(self.general_dataset(doc, map)?))
    }

    /// The canonical N-Quads by the fast path alone, if `canonicalize` takes it for the document.
    #[cfg(test)]
    fn canonicalize_fast(&self, doc: &Value) -> Option<String> {
        let Value::Object(map) = doc else { panic!("not an object") };
        check::precheck(doc, &self.contexts).ok()?;
        let quads = self.fast_quads(doc, map)?;
        Some(
            direct::canonical_nquads(&quads)
                .unwrap_or_else(|| canonical_nquads(quads.materialize().into_iter().collect())),
        )
    }

    /// SHA-256(canonical proof configuration) ‖ SHA-256(canonical document).
    pub fn hash_data(&self, document: &Value, config: &Value) -> Result<[u8; 64]> {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.config_hash(config)?);
        out[32..].copy_from_slice(&Sha256::digest(self.canonicalize(document)?.as_bytes()));
        Ok(out)
    }

    /// The hash of a canonical proof configuration, remembered: a build signs many documents with one.
    fn config_hash(&self, config: &Value) -> Result<[u8; 32]> {
        let key = config.to_string();
        if let Some(hash) = self.cache().get(&key) {
            return Ok(*hash);
        }
        let hash: [u8; 32] = Sha256::digest(self.canonicalize(config)?.as_bytes()).into();
        let mut cache = self.cache();
        if cache.len() >= CONFIG_CACHE_SIZE {
            cache.clear();
        }
        cache.insert(key, hash);
        Ok(hash)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<String, [u8; 32]>> {
        // The map is always consistent, so a panic elsewhere while it was held does not matter.
        self.config_hashes.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A signed eddsa-rdfc-2022 DataIntegrityProof over `document` (whose `proof`, if any, is not signed).
    pub fn create_proof(&self, document: &Map<String, Value>, key: &Key, options: ProofOptions<'_>) -> Result<Value> {
        self.proof_of_unsecured(&unsecured(document), key, options)
    }

    /// [`RdfcSuite::create_proof`] over `document`, an object that has no `proof` (so it need not
    /// be copied without one: a build signs 100,000 such documents).
    pub(crate) fn proof_of_unsecured(&self, document: &Value, key: &Key, options: ProofOptions<'_>) -> Result<Value> {
        let Value::Object(map) = document else {
            return Err(Error::Proof("a JSON-LD document must be a JSON object".into()));
        };
        debug_assert!(!map.contains_key("proof"), "a document without its proof");
        let mut proof = Map::new();
        proof.insert("type".into(), "DataIntegrityProof".into());
        proof.insert("cryptosuite".into(), EDDSA_RDFC_2022.into());
        proof.insert("created".into(), options.created.into());
        proof.insert("verificationMethod".into(), options.verification_method.into());
        proof.insert("proofPurpose".into(), "assertionMethod".into());
        let config = config_with_context(&proof, map);
        let signature = key.sign(&self.hash_data(document, &config)?);
        proof.insert("proofValue".into(), proof_value(&signature).into());
        Ok(Value::Object(proof))
    }

    /// Checks one eddsa-rdfc-2022 `proof` of `document` against `key`.
    pub fn verify_proof(&self, document: &Map<String, Value>, proof: &Value, key: &VerifyingKey) -> Result<()> {
        let (sig, mut options) = parse_proof(proof, EDDSA_RDFC_2022)?;
        // A proof may name its contexts; they must then open the document's, which the proof uses.
        if let Some(proof_ctx) = options.remove("@context") {
            let doc_ctx = as_list(document.get("@context"));
            let proof_ctx = as_list(Some(&proof_ctx));
            if !doc_ctx.starts_with(&proof_ctx) {
                return Err(Error::Proof("the proof's @context does not begin the document's @context".into()));
            }
        }
        let config = config_with_context(&options, document);
        let data = self.hash_data(&unsecured(document), &config)?;
        key.verify(&data, &sig).map_err(|_| Error::Proof("the signature does not match the document".into()))
    }
}

/// RDFC-1.0 canonical N-Quads of a dataset, sorted.
fn canonical_nquads(mut dataset: Dataset) -> String {
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 { hash_algorithm: CanonicalizationHashAlgorithm::Sha256 });
    let mut lines: Vec<String> = dataset.iter().map(|quad| format!("{quad} .\n")).collect();
    // Code point order is byte order in UTF-8.
    lines.sort_unstable();
    lines.concat()
}

/// The proof configuration: the proof's options with the document's `@context`.
fn config_with_context(options: &Map<String, Value>, document: &Map<String, Value>) -> Value {
    let mut config = options.clone();
    if let Some(ctx) = document.get("@context") {
        config.insert("@context".into(), ctx.clone());
    }
    Value::Object(config)
}

/// A context value as a list of contexts.
fn as_list(ctx: Option<&Value>) -> Vec<&Value> {
    match ctx {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
    }
}

/// The document as JSON with the undefined-term sentinel vocabulary ahead of its own contexts, and
/// `@context` first (the streaming JSON-LD parser then knows the context before the properties).
fn with_sentinel_vocab(map: &Map<String, Value>) -> Result<Vec<u8>> {
    let sentinel = serde_json::json!({ "@vocab": check::UNDEFINED_TERM });
    let mut contexts = vec![&sentinel];
    contexts.extend(as_list(map.get("@context")));
    let mut out = Vec::with_capacity(4096);
    let json = |e: serde_json::Error| Error::Proof(format!("serializing the document: {e}").into());
    out.extend_from_slice(b"{\"@context\":");
    serde_json::to_writer(&mut out, &contexts).map_err(json)?;
    for (k, v) in map.iter().filter(|(k, _)| *k != "@context") {
        out.push(b',');
        serde_json::to_writer(&mut out, k).map_err(json)?;
        out.push(b':');
        serde_json::to_writer(&mut out, v).map_err(json)?;
    }
    out.push(b'}');
    Ok(out)
}
