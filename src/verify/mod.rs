//! `hallmark verify`: checks a credential step by step and says plainly what passed, what failed,
//! and what could not be checked. A step that could not run is never reported as passed.

#[cfg(test)]
mod cases;
pub mod input;
mod limits;
mod log;
mod period;
mod proofs;
pub(crate) mod resolve;
mod status;
mod web;
pub mod words;

use serde::Serialize;
use serde_json::Value;

use crate::ground::error::{Error, Result};
pub use limits::{Limits, LIMIT_NAMES};
pub use resolve::Resolver;

/// The built site of the content in `content_dir` (its `site.output_dir`), if it has been built.
pub fn built_site_of(content_dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let output = crate::model::config::read(content_dir, None).config?.site.output_dir;
    let dir = crate::ground::fsio::normalize(&content_dir.join(output));
    Resolver::base_url_of_site(&dir).map(|_| dir)
}

/// The official Open Badges 3.0 JSON Schema, bundled.
const OB3_SCHEMA: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/ob_v3p0_achievementcredential.json"));

/// How one step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Passed,
    Failed,
    CouldNotCheck,
    NotApplicable,
}

impl Outcome {
    /// The worse of two outcomes of the same step: failed, then could not check, then passed.
    fn worst(self, other: Outcome) -> Outcome {
        let rank = |o: Outcome| match o {
            Outcome::Failed => 3,
            Outcome::CouldNotCheck => 2,
            Outcome::Passed => 1,
            Outcome::NotApplicable => 0,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
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

impl Step {
    fn new(step: &'static str, outcome: Outcome, detail: impl Into<String>) -> Step {
        Step { step, outcome, detail: detail.into() }
    }
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

/// What was verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A credential (an Open Badge, or any other verifiable credential).
    Credential,
    /// A `BitstringStatusListCredential`: a signed credential too, whose subject is a status list.
    StatusList,
}

/// Everything found about one credential.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Where it was read from.
    pub source: String,
    pub kind: Kind,
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
    rdfc: crate::crypto::RdfcSuite,
    /// Status lists already checked, by URL, the issuer they were checked for and the site they were
    /// read from: a site's credentials share a handful of lists.
    lists: std::sync::Mutex<std::collections::HashMap<ListKey, status::ListCheck>>,
    limits: Limits,
}

/// Why a check failed or could not be made, in plain words.
type Why = (Outcome, String);

/// A status list's URL, the issuer it was checked for, the site directory it was read from.
type ListKey = (String, Option<String>, Option<std::path::PathBuf>);

/// The types of `doc`: its `type`, a string or an array of strings.
fn types_of(doc: &Value) -> Vec<&str> {
    match doc.get("type") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    }
}

/// The issuer's id: `issuer` as a string, or its `id`.
fn issuer_of(doc: &Value) -> Option<&str> {
    doc.get("issuer").and_then(|i| i.as_str().or_else(|| i.get("id")?.as_str()))
}

/// The message of a library error, without the "proof: " prefix meant for build errors.
fn plain(e: Error) -> String {
    match e {
        Error::Proof(f) => f.to_string(),
        other => other.to_string(),
    }
}

impl Verifier {
    /// A verifier that resolves through `resolver` and judges dates at `now` (seconds since the epoch).
    pub fn new(resolver: Resolver, now: i64) -> Result<Verifier> {
        let schema: Value =
            serde_json::from_str(OB3_SCHEMA).map_err(|e| Error::Proof(format!("bundled schema: {e}").into()))?;
        let schema = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| Error::Proof(format!("bundled schema: {e}").into()))?;
        let rdfc = crate::crypto::RdfcSuite::new()?;
        Ok(Verifier { resolver, schema, now, rdfc, lists: Default::default(), limits: Limits::default() })
    }

    /// The same verifier, within `limits` (the proof count; the other limits apply to reading).
    pub fn with_limits(mut self, limits: Limits) -> Verifier {
        self.limits = limits;
        self
    }

    /// The report for an input that was not checked because it is past a limit (`why`).
    pub fn could_not_check(&self, source: &str, why: &str) -> Report {
        Report {
            source: source.to_string(),
            kind: Kind::Credential,
            id: None,
            issuer: None,
            state: State::Unknown,
            suites_verified: Vec::new(),
            steps: vec![Step::new("proof", Outcome::CouldNotCheck, why)],
        }
    }

    /// Checks one credential, resolving through the verifier's own resolver.
    pub fn verify(&self, source: &str, doc: &Value) -> Report {
        self.verify_with(&self.resolver, source, doc)
    }

    /// Checks one credential, resolving what it points at through `resolver` (the site it came from).
    pub fn verify_with(&self, resolver: &Resolver, source: &str, doc: &Value) -> Report {
        let issuer = issuer_of(doc).map(str::to_string);
        let kind =
            if types_of(doc).contains(&"BitstringStatusListCredential") { Kind::StatusList } else { Kind::Credential };
        let mut report = Report {
            source: source.to_string(),
            kind,
            id: doc.get("id").and_then(Value::as_str).map(str::to_string),
            issuer: issuer.clone(),
            state: State::Unknown,
            suites_verified: Vec::new(),
            steps: Vec::new(),
        };
        let Some(obj) = doc.as_object() else {
            report.state = State::Failed;
            report.steps.push(Step::new("proof", Outcome::Failed, "this is not a JSON object"));
            return report;
        };
        let proofs = self.check_proofs(resolver, obj, issuer.as_deref());
        report.suites_verified = proofs.verified;
        let (proof_step, key_step) = (proofs.proof, proofs.key);
        // A status list has no status of its own: what is checked is the list it holds.
        let (status_step, status_state) = match kind {
            Kind::StatusList => (self.status_list_step(doc), None),
            Kind::Credential => self.check_status(resolver, doc, issuer.as_deref()),
        };
        let (validity_step, validity_state) = self.check_validity(doc);
        let schema_step = self.check_schema(doc);
        let log_step = match kind {
            Kind::Credential => log::check_log(resolver, doc, issuer.as_deref()),
            Kind::StatusList => None,
        };
        let log_failed = log_step.as_ref().is_some_and(|s| s.outcome == Outcome::Failed);
        let hard_failure = log_failed
            || [&proof_step, &key_step, &schema_step].iter().any(|s| s.outcome == Outcome::Failed)
            || (status_step.outcome == Outcome::Failed && status_state.is_none());
        let any_unknown = [&proof_step, &key_step, &status_step, &validity_step, &schema_step]
            .iter()
            .any(|s| s.outcome == Outcome::CouldNotCheck);
        // Revoked, suspended, expired and not yet valid say something about a genuine credential:
        // only once its proof and its issuer's key are checked (as on the landing page).
        let genuine = proof_step.outcome == Outcome::Passed && key_step.outcome == Outcome::Passed;
        report.state = if hard_failure {
            State::Failed
        } else if !genuine {
            State::Unknown
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
        report.steps.extend(log_step);
        report
    }

    /// The proof and issuer-key steps alone, by the same rules as [`Verifier::verify`]: what
    /// `hallmark check` asks of every credential and status list it built. Returns the two steps
    /// and how many proofs verified.
    pub(crate) fn check_signature(&self, resolver: &Resolver, doc: &Value) -> (Step, Step, usize) {
        let Some(obj) = doc.as_object() else {
            let not_object = Step::new("proof", Outcome::Failed, "this is not a JSON object");
            return (not_object.clone(), not_object, 0);
        };
        let proofs = self.check_proofs(resolver, obj, issuer_of(doc));
        (proofs.proof, proofs.key, proofs.verified.len())
    }

    fn check_schema(&self, doc: &Value) -> Step {
        let types = types_of(doc);
        if !types.iter().any(|t| *t == "OpenBadgeCredential" || *t == "AchievementCredential") {
            return Step::new(
                "schema",
                Outcome::NotApplicable,
                "not an Open Badges credential, so the Open Badges 3.0 schema does not apply",
            );
        }
        let errors: Vec<String> = self
            .schema
            .iter_errors(doc)
            .take(3)
            .map(|e| {
                let at = e.instance_path.to_string();
                format!("{e} at {}", if at.is_empty() { "the top level" } else { &at })
            })
            .collect();
        if errors.is_empty() {
            Step::new("schema", Outcome::Passed, "conforms to the Open Badges 3.0 JSON Schema")
        } else {
            Step::new(
                "schema",
                Outcome::Failed,
                format!("does not conform to the Open Badges 3.0 JSON Schema: {}", errors.join("; ")),
            )
        }
    }
}
