//! `hallmark verify`: checks a credential step by step and says plainly what passed, what failed,
//! and what could not be checked. A step that could not run is never reported as passed.

pub mod input;
pub mod resolve;

use serde::Serialize;
use serde_json::Value;

use crate::date::parse_datetime;
use crate::error::{Error, Result};
use crate::proof::keys;
use crate::status::Bitstring;
pub use resolve::Resolver;

/// The official Open Badges 3.0 JSON Schema, bundled.
const OB3_SCHEMA: &str = include_str!("../../schemas/ob_v3p0_achievementcredential.json");

/// How one step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Passed,
    Failed,
    CouldNotCheck,
    NotApplicable,
}

/// One step of the verification.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// `proof`, `issuer key`, `status`, `validity period` or `schema`.
    pub step: &'static str,
    pub outcome: Outcome,
    /// In plain words.
    pub detail: String,
}

/// The credential's overall state; the same values as the landing page's `data-verification-status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Failed,
    Revoked,
    Suspended,
    Expired,
    NotYetValid,
    Unknown,
    Verified,
}

impl State {
    /// The word for people.
    pub fn label(self) -> &'static str {
        match self {
            State::Verified => "VERIFIED",
            State::Revoked => "REVOKED",
            State::Suspended => "SUSPENDED",
            State::Expired => "EXPIRED",
            State::NotYetValid => "NOT YET VALID",
            State::Failed => "FAILED",
            State::Unknown => "COULD NOT CHECK",
        }
    }
}

/// Everything found about one credential.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Where it was read from.
    pub source: String,
    pub id: Option<String>,
    pub issuer: Option<String>,
    pub state: State,
    /// The cryptosuites whose proofs verified.
    pub suites_verified: Vec<String>,
    pub steps: Vec<Step>,
}

/// Verifies credentials against a resolver, at a fixed moment.
pub struct Verifier {
    resolver: Resolver,
    schema: jsonschema::Validator,
    /// Seconds since the epoch that count as "now".
    now: i64,
    rdfc: crate::proof::RdfcSuite,
    /// Status lists already checked, by URL: a site's credentials share a handful of lists.
    lists: std::sync::Mutex<std::collections::HashMap<String, ListCheck>>,
}

/// What checking one status list found: its purpose and decoded bits, or why they cannot be trusted.
type ListCheck = std::result::Result<(String, Bitstring), (Outcome, String)>;

/// A public key and where it came from.
struct ResolvedKey {
    key: ed25519_dalek::VerifyingKey,
}

impl Verifier {
    /// A verifier that resolves through `resolver` and judges dates at `now` (seconds since the epoch).
    pub fn new(resolver: Resolver, now: i64) -> Result<Verifier> {
        let schema: Value =
            serde_json::from_str(OB3_SCHEMA).map_err(|e| Error::Proof(format!("bundled schema: {e}")))?;
        let schema = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| Error::Proof(format!("bundled schema: {e}")))?;
        Ok(Verifier { resolver, schema, now, rdfc: crate::proof::RdfcSuite::new()?, lists: Default::default() })
    }

    /// Checks one credential.
    pub fn verify(&self, source: &str, doc: &Value) -> Report {
        let issuer = doc.get("issuer").and_then(|i| i.as_str().or_else(|| i.get("id")?.as_str())).map(str::to_string);
        let mut report = Report {
            source: source.to_string(),
            id: doc.get("id").and_then(Value::as_str).map(str::to_string),
            issuer: issuer.clone(),
            state: State::Unknown,
            suites_verified: Vec::new(),
            steps: Vec::new(),
        };
        let Some(obj) = doc.as_object() else {
            report.state = State::Failed;
            report.steps.push(Step {
                step: "proof",
                outcome: Outcome::Failed,
                detail: "this is not a JSON object".into(),
            });
            return report;
        };
        let (proof_step, key_step, suites) = self.check_proofs(obj, issuer.as_deref());
        report.suites_verified = suites;
        let (status_step, status_state) = self.check_status(doc, issuer.as_deref());
        let (validity_step, validity_state) = self.check_validity(doc);
        let schema_step = self.check_schema(doc);
        let hard_failure = [&proof_step, &key_step, &schema_step].iter().any(|s| s.outcome == Outcome::Failed)
            || (status_step.outcome == Outcome::Failed && status_state.is_none());
        let any_unknown = [&proof_step, &key_step, &status_step, &validity_step, &schema_step]
            .iter()
            .any(|s| s.outcome == Outcome::CouldNotCheck);
        report.state = if hard_failure {
            State::Failed
        } else if let Some(s) = status_state {
            s
        } else if let Some(s) = validity_state {
            s
        } else if any_unknown {
            State::Unknown
        } else {
            State::Verified
        };
        report.steps = vec![proof_step, key_step, status_step, validity_step, schema_step];
        report
    }

    /// The key behind `verification_method`, checked against the issuer's DID document.
    fn resolve_key(
        &self,
        verification_method: &str,
        issuer: Option<&str>,
    ) -> std::result::Result<ResolvedKey, (Outcome, String)> {
        let issuer = issuer.ok_or((Outcome::Failed, "the credential names no issuer".to_string()))?;
        if !verification_method.starts_with(&format!("{issuer}#")) {
            return Err((
                Outcome::Failed,
                format!("the key {verification_method} does not belong to the issuer {issuer}"),
            ));
        }
        if let Some(rest) = issuer.strip_prefix("did:key:") {
            // A did:key carries its key in the identifier itself.
            let key = keys::parse_public_multibase(rest).map_err(|e| (Outcome::Failed, e.to_string()))?;
            return Ok(ResolvedKey { key });
        }
        let did_doc = self
            .resolver
            .did_document(issuer)
            .map_err(|e| (Outcome::CouldNotCheck, format!("could not read the issuer's DID document: {e}")))?;
        if did_doc.get("id").and_then(Value::as_str) != Some(issuer) {
            return Err((Outcome::Failed, format!("the DID document found for {issuer} is for someone else")));
        }
        let listed = did_doc.get("assertionMethod").and_then(Value::as_array).is_some_and(|a| {
            a.iter().any(|m| {
                m.as_str() == Some(verification_method)
                    || m.get("id").and_then(Value::as_str) == Some(verification_method)
            })
        });
        if !listed {
            return Err((
                Outcome::Failed,
                format!(
                    "the key {verification_method} is not listed under assertionMethod in the issuer's DID document"
                ),
            ));
        }
        let methods = did_doc.get("verificationMethod").and_then(Value::as_array).cloned().unwrap_or_default();
        let embedded = did_doc.get("assertionMethod").and_then(Value::as_array).cloned().unwrap_or_default();
        let method = methods
            .iter()
            .chain(embedded.iter())
            .find(|m| m.get("id").and_then(Value::as_str) == Some(verification_method))
            .ok_or((Outcome::Failed, format!("the DID document does not describe the key {verification_method}")))?;
        if method.get("controller").and_then(Value::as_str) != Some(issuer) {
            return Err((
                Outcome::Failed,
                format!("the key {verification_method} is not controlled by the issuer {issuer}"),
            ));
        }
        if method.get("type").and_then(Value::as_str) != Some("Multikey") {
            return Err((Outcome::CouldNotCheck, format!("the key {verification_method} is not a Multikey")));
        }
        let multibase = method.get("publicKeyMultibase").and_then(Value::as_str).unwrap_or_default();
        let key = keys::parse_public_multibase(multibase).map_err(|e| (Outcome::Failed, e.to_string()))?;
        Ok(ResolvedKey { key })
    }

    fn check_proofs(&self, doc: &serde_json::Map<String, Value>, issuer: Option<&str>) -> (Step, Step, Vec<String>) {
        let proofs: Vec<&Value> = match doc.get("proof") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(p @ Value::Object(_)) => vec![p],
            _ => Vec::new(),
        };
        if proofs.is_empty() {
            return (
                Step { step: "proof", outcome: Outcome::Failed, detail: "the credential carries no proof".into() },
                Step { step: "issuer key", outcome: Outcome::NotApplicable, detail: "no proof names a key".into() },
                Vec::new(),
            );
        }
        let mut verified = Vec::new();
        let mut failed = Vec::new();
        let mut unchecked = Vec::new();
        let mut key_outcome = Outcome::Passed;
        let mut key_detail = Vec::new();
        for proof in proofs {
            let suite = proof.get("cryptosuite").and_then(Value::as_str).unwrap_or("(none)").to_string();
            if proof.get("proofPurpose").and_then(Value::as_str) != Some("assertionMethod") {
                failed.push(format!("{suite}: proofPurpose is not assertionMethod"));
                continue;
            }
            let vm = proof.get("verificationMethod").and_then(Value::as_str).unwrap_or_default();
            let key = match self.resolve_key(vm, issuer) {
                Ok(k) => {
                    key_detail.push(format!("{vm} is the issuer's, listed under assertionMethod"));
                    k
                }
                Err((outcome, why)) => {
                    if outcome == Outcome::Failed || key_outcome == Outcome::Passed {
                        key_outcome = outcome;
                    }
                    key_detail.push(why.clone());
                    match outcome {
                        Outcome::Failed => failed.push(format!("{suite}: {why}")),
                        _ => unchecked.push(format!("{suite}: {why}")),
                    }
                    continue;
                }
            };
            if !crate::proof::is_known_suite(&suite) {
                unchecked.push(format!("{suite}: this verifier does not know the cryptosuite"));
                continue;
            }
            let result = crate::proof::verify_proof(&self.rdfc, doc, proof, &key.key);
            match result {
                Ok(()) => verified.push(suite),
                Err(e) => failed.push(format!("{suite}: {}", e.to_string().trim_start_matches("proof: "))),
            }
        }
        let (outcome, detail) = if !failed.is_empty() {
            (Outcome::Failed, format!("a proof does not verify: {}", failed.join("; ")))
        } else if unchecked.is_empty() {
            (Outcome::Passed, format!("signature verified ({})", verified.join(", ")))
        } else if verified.is_empty() {
            (Outcome::CouldNotCheck, format!("no proof could be checked: {}", unchecked.join("; ")))
        } else {
            // Every proof of the set must be checked: one that could not be is never waved through.
            (
                Outcome::CouldNotCheck,
                format!("verified {}, but could not check {}", verified.join(", "), unchecked.join("; ")),
            )
        };
        key_detail.dedup();
        (
            Step { step: "proof", outcome, detail },
            Step { step: "issuer key", outcome: key_outcome, detail: key_detail.join("; ") },
            verified,
        )
    }

    fn check_status(&self, doc: &Value, issuer: Option<&str>) -> (Step, Option<State>) {
        let entries: Vec<&Value> = match doc.get("credentialStatus") {
            None => {
                return (
                    Step {
                        step: "status",
                        outcome: Outcome::NotApplicable,
                        detail: "the credential has no status entry, so it cannot be revoked".into(),
                    },
                    None,
                )
            }
            Some(Value::Array(a)) => a.iter().collect(),
            Some(v) => vec![v],
        };
        let mut details = Vec::new();
        let mut outcome = Outcome::Passed;
        let mut state = None;
        // A hallmark credential's suspension list sits beside its revocation list at the same index.
        let derived: Vec<Value> = entries
            .iter()
            .filter(|e| e.get("statusPurpose").and_then(Value::as_str) == Some("revocation"))
            .filter_map(|e| {
                let url = crate::credential::suspension_list_for(e.get("statusListCredential")?.as_str()?)?;
                let mut s = (*e).clone();
                s["statusPurpose"] = "suspension".into();
                s["statusListCredential"] = url.into();
                Some(s)
            })
            .collect();
        let already_suspension =
            entries.iter().any(|e| e.get("statusPurpose").and_then(Value::as_str) == Some("suspension"));
        let entries: Vec<&Value> = entries.into_iter().chain(derived.iter().filter(|_| !already_suspension)).collect();
        for entry in entries {
            match self.check_status_entry(entry, issuer) {
                Ok((purpose, set, detail)) => {
                    details.push(detail);
                    if set {
                        outcome = Outcome::Failed;
                        let s = if purpose == "suspension" { State::Suspended } else { State::Revoked };
                        state = Some(state.map_or(s, |old: State| old.min(s)));
                    }
                }
                Err((o, why)) => {
                    details.push(why);
                    if o == Outcome::Failed || outcome == Outcome::Passed {
                        outcome = o;
                    }
                }
            }
        }
        (Step { step: "status", outcome, detail: details.join("; ") }, state)
    }

    /// `(purpose, bit set, detail)`.
    fn check_status_entry(
        &self,
        entry: &Value,
        issuer: Option<&str>,
    ) -> std::result::Result<(String, bool, String), (Outcome, String)> {
        let s = |k: &str| entry.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        if s("type") != "BitstringStatusListEntry" {
            return Err((Outcome::CouldNotCheck, format!("unknown status type \"{}\"", s("type"))));
        }
        let purpose = s("statusPurpose");
        let list_url = s("statusListCredential");
        let index: u64 = s("statusListIndex")
            .parse()
            .map_err(|_| (Outcome::Failed, "statusListIndex is not a number".to_string()))?;
        let (list_purpose, bits) = self.checked_list(&list_url, issuer)?;
        if list_purpose != purpose {
            return Err((Outcome::Failed, format!("the status list is not a {purpose} list")));
        }
        if index >= bits.len() {
            return Err((
                Outcome::Failed,
                format!("status index {index} is outside the list of {} entries", bits.len()),
            ));
        }
        let set = bits.get(index);
        let word = match (purpose.as_str(), set) {
            ("suspension", true) => "SUSPENDED",
            ("suspension", false) => "not suspended",
            (_, true) => "REVOKED",
            (_, false) => "not revoked",
        };
        Ok((purpose, set, format!("{word} (entry {index} of the signed {} list)", s("statusPurpose"))))
    }

    /// Fetches, authenticates and decodes the status list at `url`, once per verifier.
    fn checked_list(&self, url: &str, issuer: Option<&str>) -> ListCheck {
        let cached = self.lists.lock().unwrap_or_else(|e| e.into_inner()).get(url).cloned();
        if let Some(result) = cached {
            return result;
        }
        let result = self.check_list(url, issuer);
        self.lists.lock().unwrap_or_else(|e| e.into_inner()).insert(url.to_string(), result.clone());
        result
    }

    fn check_list(&self, list_url: &str, issuer: Option<&str>) -> ListCheck {
        let list = self
            .resolver
            .fetch_json(list_url)
            .map_err(|e| (Outcome::CouldNotCheck, format!("could not read the status list: {e}")))?;
        let list_obj = list.as_object().ok_or((Outcome::Failed, "the status list is not a JSON object".to_string()))?;
        let list_issuer = list.get("issuer").and_then(|i| i.as_str().or_else(|| i.get("id")?.as_str()));
        if list_issuer != issuer {
            return Err((
                Outcome::Failed,
                "the status list was issued by someone other than the credential's issuer".into(),
            ));
        }
        let (proof_step, _, _) = self.check_proofs(list_obj, issuer);
        match proof_step.outcome {
            Outcome::Passed => {}
            Outcome::Failed => {
                return Err((Outcome::Failed, format!("the status list's own proof fails: {}", proof_step.detail)))
            }
            _ => {
                return Err((
                    Outcome::CouldNotCheck,
                    format!("the status list's proof could not be checked: {}", proof_step.detail),
                ))
            }
        }
        let subject = list.get("credentialSubject").cloned().unwrap_or_default();
        let purpose = subject.get("statusPurpose").and_then(Value::as_str).unwrap_or_default().to_string();
        let encoded = subject.get("encodedList").and_then(Value::as_str).unwrap_or_default();
        let bits = Bitstring::decode(encoded).map_err(|e| (Outcome::Failed, e))?;
        Ok((purpose, bits))
    }

    fn check_validity(&self, doc: &Value) -> (Step, Option<State>) {
        let get = |k: &str| doc.get(k).and_then(Value::as_str);
        let from = match get("validFrom").map(|s| (s, parse_datetime(s))) {
            None => {
                return (
                    Step { step: "validity period", outcome: Outcome::Failed, detail: "validFrom is missing".into() },
                    Some(State::Failed),
                )
            }
            Some((s, None)) => {
                return (
                    Step {
                        step: "validity period",
                        outcome: Outcome::Failed,
                        detail: format!("validFrom \"{s}\" is not a date-time"),
                    },
                    Some(State::Failed),
                )
            }
            Some((s, Some(t))) => (s, t),
        };
        if self.now < from.1 {
            return (
                Step {
                    step: "validity period",
                    outcome: Outcome::Failed,
                    detail: format!("not valid until {}", from.0),
                },
                Some(State::NotYetValid),
            );
        }
        match get("validUntil").map(|s| (s, parse_datetime(s))) {
            Some((s, None)) => (
                Step {
                    step: "validity period",
                    outcome: Outcome::Failed,
                    detail: format!("validUntil \"{s}\" is not a date-time"),
                },
                Some(State::Failed),
            ),
            Some((s, Some(t))) if self.now > t => (
                Step { step: "validity period", outcome: Outcome::Failed, detail: format!("expired on {s}") },
                Some(State::Expired),
            ),
            Some((s, Some(_))) => (
                Step {
                    step: "validity period",
                    outcome: Outcome::Passed,
                    detail: format!("valid from {} until {s}", from.0),
                },
                None,
            ),
            None => (
                Step {
                    step: "validity period",
                    outcome: Outcome::Passed,
                    detail: format!("valid from {}, no expiry", from.0),
                },
                None,
            ),
        }
    }

    fn check_schema(&self, doc: &Value) -> Step {
        let types: Vec<&str> = match doc.get("type") {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(s)) => vec![s.as_str()],
            _ => Vec::new(),
        };
        if !types.iter().any(|t| *t == "OpenBadgeCredential" || *t == "AchievementCredential") {
            return Step {
                step: "schema",
                outcome: Outcome::NotApplicable,
                detail: "not an Open Badges credential".into(),
            };
        }
        let errors: Vec<String> =
            self.schema.iter_errors(doc).take(3).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        if errors.is_empty() {
            Step {
                step: "schema",
                outcome: Outcome::Passed,
                detail: "conforms to the Open Badges 3.0 JSON Schema".into(),
            }
        } else {
            Step {
                step: "schema",
                outcome: Outcome::Failed,
                detail: format!("does not conform to the Open Badges 3.0 JSON Schema: {}", errors.join("; ")),
            }
        }
    }
}
