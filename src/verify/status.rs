//! The status step: each `BitstringStatusListEntry` read from its status list, and the list itself
//! checked first (its issuer, its proof, its type and purpose, its own validity period), because a
//! bit read from a list that cannot be trusted says nothing.

use serde_json::Value;

use super::{issuer_of, Outcome, Resolver, State, Step, Verifier, Why};
use crate::crypto::bitstring::Bitstring;

/// What checking one status list found: its purposes and decoded bits, or why they cannot be trusted.
pub(super) type ListCheck = Result<(Vec<String>, Bitstring), Why>;

/// The status purposes whose set bit makes a credential invalid; the only ones this verifier reads.
const PURPOSES: [&str; 2] = ["revocation", "suspension"];

/// The values of `key` in `v`: one string or an array of strings.
fn strings<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    match v.get(key) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

impl Verifier {
    pub(super) fn check_status(&self, resolver: &Resolver, doc: &Value, issuer: Option<&str>) -> (Step, Option<State>) {
        let entries: Vec<&Value> = match doc.get("credentialStatus") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(v) => vec![v],
            None => Vec::new(),
        };
        if entries.is_empty() {
            return (
                Step::new(
                    "status",
                    Outcome::NotApplicable,
                    "the credential has no status entry, so it cannot be revoked",
                ),
                None,
            );
        }
        let mut details = Vec::new();
        let mut outcome = Outcome::NotApplicable;
        let mut state = None;
        // A hallmark credential's suspension list sits beside its revocation list at the same index.
        let derived: Vec<Value> = entries
            .iter()
            .filter(|e| e.get("statusPurpose").and_then(Value::as_str) == Some("revocation"))
            .filter_map(|e| {
                let url = crate::document::credential::suspension_list_for(e.get("statusListCredential")?.as_str()?)?;
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
            match self.check_status_entry(resolver, entry, issuer) {
                Ok((purpose, set, detail)) => {
                    details.push(detail);
                    if set {
                        outcome = Outcome::Failed;
                        let s = if purpose == "suspension" { State::Suspended } else { State::Revoked };
                        state = Some(state.map_or(s, |old: State| old.min(s)));
                    } else {
                        outcome = outcome.worst(Outcome::Passed);
                    }
                }
                Err((o, why)) => {
                    details.push(why);
                    outcome = outcome.worst(o);
                }
            }
        }
        // The revocation and suspension lists of one issuer often fail for one reason: say it once.
        let mut unique: Vec<String> = Vec::new();
        for d in details {
            if !unique.contains(&d) {
                unique.push(d);
            }
        }
        (Step::new("status", outcome, unique.join("; ")), state)
    }

    /// `(purpose, bit set, detail)`.
    fn check_status_entry(
        &self,
        resolver: &Resolver,
        entry: &Value,
        issuer: Option<&str>,
    ) -> Result<(String, bool, String), Why> {
        let failed = |why: String| (Outcome::Failed, why);
        if !entry.is_object() {
            return Err(failed("a status entry of the credential is not a JSON object".into()));
        }
        let s = |k: &str| entry.get(k).and_then(Value::as_str);
        match s("type") {
            Some("BitstringStatusListEntry") => {}
            Some(t) => {
                return Err((
                    Outcome::CouldNotCheck,
                    format!("the status entry is of type {t}, which this verifier does not know"),
                ))
            }
            None => return Err((Outcome::CouldNotCheck, "the status entry has no type, so it cannot be read".into())),
        }
        let purpose = match s("statusPurpose") {
            Some(p) if PURPOSES.contains(&p) => p,
            Some(p) => {
                return Err((
                    Outcome::CouldNotCheck,
                    format!(
                        "the status entry's purpose is \"{p}\"; this verifier reads only revocation and suspension"
                    ),
                ))
            }
            None => return Err(failed("the status entry has no statusPurpose".into())),
        };
        // A status of several bits is a message, not a yes-or-no: reading one bit of it would be a guess.
        match entry.get("statusSize") {
            None => {}
            Some(v) if v.as_u64() == Some(1) => {}
            Some(v) => {
                return Err((
                    Outcome::CouldNotCheck,
                    format!("the status entry's statusSize is {v}; this verifier reads only one-bit statuses"),
                ))
            }
        }
        let index = match entry.get("statusListIndex") {
            Some(Value::String(t)) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => t.parse::<u64>().ok(),
            Some(Value::Number(n)) => n.as_u64(),
            None => return Err(failed("the status entry has no statusListIndex".into())),
            Some(_) => None,
        }
        .ok_or_else(|| {
            failed(format!("the status entry's statusListIndex {} is not a whole number", entry["statusListIndex"]))
        })?;
        let list_url = s("statusListCredential")
            .filter(|u| !u.is_empty())
            .ok_or_else(|| failed("the status entry names no status list (statusListCredential)".into()))?;
        let (list_purposes, bits) = self.checked_list(resolver, list_url, issuer)?;
        if !list_purposes.iter().any(|p| p == purpose) {
            return Err(failed(format!(
                "the status list at {list_url} is for {}, not for {purpose}",
                list_purposes.join(" and ")
            )));
        }
        if index >= bits.len() {
            return Err(failed(format!(
                "status index {index} is outside the status list at {list_url}, which has {} entries",
                bits.len()
            )));
        }
        let set = bits.get(index);
        let word = match (purpose, set) {
            ("suspension", true) => "SUSPENDED",
            ("suspension", false) => "not suspended",
            (_, true) => "REVOKED",
            (_, false) => "not revoked",
        };
        Ok((purpose.to_string(), set, format!("{word} (entry {index} of the signed {purpose} list)")))
    }

    /// Fetches, authenticates and decodes the status list at `url`, once per verifier and site.
    fn checked_list(&self, resolver: &Resolver, url: &str, issuer: Option<&str>) -> ListCheck {
        // Keyed by issuer too: a list is only ever good for the issuer it was checked against; and by
        // the site it is read from, since two built sites may each have their own list at one URL.
        let site = resolver.site_serving(url).map(std::path::Path::to_path_buf);
        let key = (url.to_string(), issuer.map(str::to_string), site);
        let cached = self.lists.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
        if let Some(result) = cached {
            return result;
        }
        let result = self.check_list(resolver, url, issuer);
        self.lists.lock().unwrap_or_else(|e| e.into_inner()).insert(key, result.clone());
        result
    }

    fn check_list(&self, resolver: &Resolver, url: &str, issuer: Option<&str>) -> ListCheck {
        let failed = |why: String| (Outcome::Failed, why);
        let list = resolver
            .fetch_json(url)
            .map_err(|e| (Outcome::CouldNotCheck, format!("could not read the status list: {e}")))?;
        let list_obj =
            list.as_object().ok_or_else(|| failed(format!("the status list at {url} is not a JSON object")))?;
        match (issuer_of(&list), issuer) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => {
                return Err(failed(format!(
                    "the status list at {url} was issued by {a}, not by the credential's issuer {b}"
                )))
            }
            (None, _) => return Err(failed(format!("the status list at {url} names no issuer"))),
            (_, None) => {
                return Err(failed("the credential names no issuer, so no status list can be shown to be its".into()))
            }
        }
        let proof = self.check_proofs(resolver, list_obj, issuer).proof;
        match proof.outcome {
            Outcome::Passed => {}
            Outcome::Failed => {
                let why = proof.detail.trim_start_matches("a proof does not verify: ");
                return Err(failed(format!("the status list's own proof fails: {why}")));
            }
            _ => {
                return Err((
                    Outcome::CouldNotCheck,
                    format!("the status list's proof could not be checked: {}", proof.detail),
                ))
            }
        }
        if !strings(&list, "type").contains(&"BitstringStatusListCredential") {
            return Err(failed(format!("the document at {url} is not a BitstringStatusListCredential")));
        }
        // A signed list served under another list's URL (say, an older or emptier one) is not that list.
        match list.get("id").and_then(Value::as_str) {
            Some(id) if id != url => {
                return Err(failed(format!(
                    "the status list at {url} is a copy of {id}, not the list the credential names"
                )))
            }
            _ => {}
        }
        self.list_period(&list, url)?;
        list_contents(&list, url)
    }

    /// The status step of a status list credential verified on its own (as a file, not through a
    /// credential that names it): what the list holds. Its proof, key and validity period are the
    /// other steps.
    pub(super) fn status_list_step(&self, list: &Value) -> Step {
        let at = list.get("id").and_then(Value::as_str).unwrap_or("this status list");
        let label = "status list";
        match list_contents(list, at) {
            Ok((purposes, bits)) => {
                let set = (0..bits.len()).filter(|i| bits.get(*i)).count();
                let detail = format!(
                    "a {} list of {} entries, {set} of them set, published as {at}",
                    purposes.join(" and "),
                    bits.len()
                );
                Step::new(label, Outcome::Passed, detail)
            }
            Err((outcome, why)) => Step::new(label, outcome, why),
        }
    }
}

/// The purposes and the decoded bits of the status list `list` (published at `url`).
fn list_contents(list: &Value, url: &str) -> ListCheck {
    let failed = |why: String| (Outcome::Failed, why);
    let subject = list
        .get("credentialSubject")
        .filter(|s| s.is_object())
        .ok_or_else(|| failed(format!("the status list at {url} has no credentialSubject")))?;
    if !strings(subject, "type").contains(&"BitstringStatusList") {
        return Err(failed(format!("the subject of the status list at {url} is not a BitstringStatusList")));
    }
    let purposes: Vec<String> = strings(subject, "statusPurpose").into_iter().map(str::to_string).collect();
    if purposes.is_empty() {
        return Err(failed(format!("the status list at {url} states no statusPurpose")));
    }
    let encoded = subject
        .get("encodedList")
        .and_then(Value::as_str)
        .ok_or_else(|| failed(format!("the status list at {url} has no encodedList")))?;
    let bits =
        Bitstring::decode(encoded).map_err(|e| failed(format!("the status list at {url} cannot be decoded: {e}")))?;
    // The standard's floor keeps each credential's bit hidden in a crowd: a shorter list is
    // malformed (STATUS_LIST_LENGTH_ERROR), and it is not read.
    if bits.len() < crate::ground::layout::STATUS_LIST_BITS {
        let floor = crate::ground::layout::STATUS_LIST_BITS;
        let why = format!(
            "the status list at {url} has {} entries, fewer than the {floor} the Bitstring Status List standard requires",
            bits.len()
        );
        return Err((Outcome::CouldNotCheck, why));
    }
    Ok((purposes, bits))
}
