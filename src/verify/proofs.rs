//! The proof step and the issuer-key step: every proof of the set checked with the key it names,
//! and that key found in the issuer's DID document. A key is "passed" only when it was looked up
//! and found to be the issuer's; a proof that never got as far as its key leaves the step unchecked.

use ed25519_dalek::VerifyingKey;
use serde_json::{Map, Value};

use super::resolve::{did_web_document_url, Resolver};
use super::{plain, Outcome, Step, Verifier, Why};
use crate::crypto::keys;
use crate::ground::date::parse_datetime;

/// The proof purpose that issuing a credential (or a status list) requires.
const ASSERTION: &str = "assertionMethod";

/// A public key and how it was found to be the issuer's.
struct ResolvedKey {
    key: VerifyingKey,
    /// In plain words, for the issuer-key step.
    how: String,
}

/// What the proof and issuer-key steps found.
pub(super) struct ProofSteps {
    pub proof: Step,
    pub key: Step,
    /// The cryptosuites whose proofs verified.
    pub verified: Vec<String>,
}

impl Verifier {
    /// Checks every proof of `doc` (a proof set is valid only if each of its proofs is).
    pub(super) fn check_proofs(
        &self,
        resolver: &Resolver,
        doc: &Map<String, Value>,
        issuer: Option<&str>,
    ) -> ProofSteps {
        let proofs: Vec<&Value> = match doc.get("proof") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(p @ Value::Object(_)) => vec![p],
            _ => Vec::new(),
        };
        if proofs.is_empty() {
            return ProofSteps {
                proof: Step::new("proof", Outcome::Failed, "the credential carries no proof"),
                key: Step::new("issuer key", Outcome::NotApplicable, "not checked: there is no proof to name a key"),
                verified: Vec::new(),
            };
        }
        if proofs.len() > self.limits.proofs {
            let why = super::limits::too_large(format!("{} proofs", proofs.len()), self.limits.proofs.to_string());
            return ProofSteps {
                proof: Step::new("proof", Outcome::CouldNotCheck, why),
                key: Step::new("issuer key", Outcome::NotApplicable, "not checked: the proofs were not checked"),
                verified: Vec::new(),
            };
        }
        let mut tally = Tally::default();
        for proof in proofs {
            self.check_proof(resolver, doc, proof, issuer, &mut tally);
        }
        ProofSteps {
            proof: tally.proof_step(),
            key: key_step(tally.keys, tally.keys_skipped),
            verified: tally.verified,
        }
    }

    /// Checks one proof of `doc`, and its key, noting in `tally` what each came to.
    fn check_proof(
        &self,
        resolver: &Resolver,
        doc: &Map<String, Value>,
        proof: &Value,
        issuer: Option<&str>,
        tally: &mut Tally,
    ) {
        let suite = proof.get("cryptosuite").and_then(Value::as_str).unwrap_or("(no cryptosuite)").to_string();
        if !proof.is_object() {
            tally.failed.push((suite, "the proof is not a JSON object".to_string()));
            tally.keys_skipped.push("a proof is not a JSON object".to_string());
            return;
        }
        match proof.get("proofPurpose").and_then(Value::as_str) {
            Some(ASSERTION) => {}
            Some(other) => {
                tally
                    .failed
                    .push((suite.clone(), format!("its proofPurpose is \"{other}\", not {ASSERTION} (issuing)")));
                tally.keys_skipped.push(format!("the {suite} proof is made for \"{other}\", not for {ASSERTION}"));
                return;
            }
            None => {
                tally.failed.push((suite.clone(), format!("it has no proofPurpose (issuing needs {ASSERTION})")));
                tally.keys_skipped.push(format!("the {suite} proof has no proofPurpose"));
                return;
            }
        }
        let Some(vm) = proof.get("verificationMethod").and_then(Value::as_str).filter(|v| !v.is_empty()) else {
            tally.failed.push((suite.clone(), "it names no key (verificationMethod)".to_string()));
            tally.keys.push((Outcome::Failed, format!("the {suite} proof names no key")));
            return;
        };
        let key = match self.resolve_key(resolver, vm, issuer) {
            Ok(k) => {
                tally.keys.push((Outcome::Passed, k.how.clone()));
                k
            }
            Err((outcome, why)) => {
                tally.keys.push((outcome, why.clone()));
                match outcome {
                    Outcome::Failed => tally.failed.push((suite, why)),
                    _ => tally.unchecked.push((suite, why)),
                }
                return;
            }
        };
        if !crate::crypto::is_known_suite(&suite) {
            tally.unchecked.push((suite, "this verifier does not know the cryptosuite".to_string()));
            return;
        }
        if let Some(why) = self.proof_expired(proof) {
            tally.failed.push((suite, why));
            return;
        }
        match crate::crypto::verify_proof(&self.rdfc, doc, proof, &key.key) {
            Ok(()) => tally.verified.push(suite),
            Err(e) => tally.failed.push((suite, plain(e))),
        }
    }

    /// Why `proof` no longer counts, if it has an `expires` date that has passed or is unreadable.
    fn proof_expired(&self, proof: &Value) -> Option<String> {
        let expires = proof.get("expires")?;
        let Some(text) = expires.as_str() else {
            return Some("its expires value is not a date-time".into());
        };
        match parse_datetime(text) {
            None => Some(format!("its expires value \"{text}\" is not a date-time")),
            Some(t) if self.now > t => Some(format!("the proof expired on {text}")),
            Some(_) => None,
        }
    }

    /// The key behind `verification_method`, checked against the issuer's DID document.
    fn resolve_key(
        &self,
        resolver: &Resolver,
        verification_method: &str,
        issuer: Option<&str>,
    ) -> Result<ResolvedKey, Why> {
        let vm = verification_method;
        let failed = |why: String| (Outcome::Failed, why);
        let issuer =
            issuer.ok_or_else(|| failed("the credential names no issuer, so no key can be the issuer's".into()))?;
        if !vm.starts_with(&format!("{issuer}#")) {
            return Err(failed(format!("the key {vm} does not belong to the issuer {issuer}")));
        }
        if let Some(rest) = issuer.strip_prefix("did:key:") {
            // A did:key carries its key in the identifier itself.
            let key = keys::parse_public_multibase(rest)
                .map_err(|e| failed(format!("the issuer's did:key holds no usable key: {}", plain(e))))?;
            return Ok(ResolvedKey { key, how: format!("{vm} is the issuer's own did:key") });
        }
        let url = did_web_document_url(issuer).ok_or_else(|| {
            (
                Outcome::CouldNotCheck,
                format!("the issuer {issuer} is neither a did:web nor a did:key, so its keys cannot be looked up"),
            )
        })?;
        let did_doc = resolver
            .fetch_json(&url)
            .map_err(|e| (Outcome::CouldNotCheck, format!("could not read the issuer's DID document: {e}")))?;
        match did_doc.get("id").and_then(Value::as_str) {
            Some(id) if id == issuer => {}
            Some(id) => {
                return Err(failed(format!("the DID document at {url} is for {id}, not for the issuer {issuer}")))
            }
            None => return Err(failed(format!("the DID document at {url} has no id, so it is not the issuer's"))),
        }
        // A DID document may name its keys relative to itself (`#key-1`).
        let absolute = |id: &str| if id.starts_with('#') { format!("{issuer}{id}") } else { id.to_string() };
        let names = |m: &Value| m.as_str().or_else(|| m.get("id")?.as_str()).is_some_and(|id| absolute(id) == vm);
        let list = |k: &str| did_doc.get(k).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        if !list(ASSERTION).iter().any(names) {
            return Err(failed(format!("the key {vm} is not listed under {ASSERTION} in the issuer's DID document")));
        }
        let method = list("verificationMethod")
            .iter()
            .chain(list(ASSERTION).iter().filter(|m| m.is_object()))
            .find(|m| m.is_object() && names(m))
            .ok_or_else(|| failed(format!("the issuer's DID document lists the key {vm} but does not describe it")))?;
        match method.get("controller").and_then(Value::as_str) {
            Some(c) if c == issuer => {}
            Some(c) => return Err(failed(format!("the key {vm} is controlled by {c}, not by the issuer {issuer}"))),
            None => return Err(failed(format!("the issuer's DID document names no controller for the key {vm}"))),
        }
        match method.get("type").and_then(Value::as_str) {
            Some("Multikey") => {}
            other => {
                return Err((
                    Outcome::CouldNotCheck,
                    format!(
                        "the key {vm} is of type {}; this verifier reads only Multikey keys",
                        other.unwrap_or("(none)")
                    ),
                ))
            }
        }
        let multibase = method
            .get("publicKeyMultibase")
            .and_then(Value::as_str)
            .ok_or_else(|| failed(format!("the issuer's DID document gives no publicKeyMultibase for the key {vm}")))?;
        let key = keys::parse_public_multibase(multibase)
            .map_err(|e| failed(format!("the key {vm} in the issuer's DID document is unusable: {}", plain(e))))?;
        Ok(ResolvedKey { key, how: format!("{vm} is the issuer's, listed under {ASSERTION}") })
    }
}

/// What the proofs of a set came to, proof by proof.
#[derive(Default)]
struct Tally {
    /// The cryptosuites whose proofs verified.
    verified: Vec<String>,
    /// The suite of each proof that does not verify, and why.
    failed: Vec<(String, String)>,
    /// The suite of each proof that could not be checked, and why.
    unchecked: Vec<(String, String)>,
    /// One entry per proof whose key was looked up.
    keys: Vec<Why>,
    /// The reason for each proof whose key was not looked up.
    keys_skipped: Vec<String>,
}

impl Tally {
    /// The proof step: failed if any proof does not verify, passed only if every proof does.
    fn proof_step(&self) -> Step {
        let (verified, failed, unchecked) = (&self.verified, &self.failed, &self.unchecked);
        let (outcome, detail) = if !failed.is_empty() {
            (Outcome::Failed, format!("a proof does not verify: {}", by_reason(failed)))
        } else if unchecked.is_empty() {
            (Outcome::Passed, format!("signature verified ({})", verified.join(", ")))
        } else if verified.is_empty() {
            (Outcome::CouldNotCheck, format!("no proof could be checked: {}", by_reason(unchecked)))
        } else {
            // Every proof of the set must be checked: one that could not be is never waved through.
            (
                Outcome::CouldNotCheck,
                format!("verified {}, but could not check {}", verified.join(", "), by_reason(unchecked)),
            )
        };
        Step::new("proof", outcome, detail)
    }
}

/// `suite: why` for each reason, the suites that share a reason named together.
fn by_reason(problems: &[(String, String)]) -> String {
    let mut reasons: Vec<(Vec<&str>, &str)> = Vec::new();
    for (suite, why) in problems {
        match reasons.iter_mut().find(|(_, w)| w == why) {
            Some((suites, _)) => suites.push(suite),
            None => reasons.push((vec![suite], why)),
        }
    }
    reasons.iter().map(|(suites, why)| format!("{}: {why}", suites.join(" and "))).collect::<Vec<_>>().join("; ")
}

/// The issuer-key step from what each proof's key lookup found.
fn key_step(mut keys: Vec<Why>, skipped: Vec<String>) -> Step {
    if keys.is_empty() {
        return Step::new(
            "issuer key",
            Outcome::NotApplicable,
            format!("not checked, because no proof got as far as its key: {}", skipped.join("; ")),
        );
    }
    let outcome = keys.iter().fold(Outcome::NotApplicable, |acc, (o, _)| acc.worst(*o));
    keys.dedup();
    let detail: Vec<String> = keys.into_iter().map(|(_, why)| why).collect();
    Step::new("issuer key", outcome, detail.join("; "))
}
