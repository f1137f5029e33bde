//! The `log` step of `hallmark verify`, offline: when the issuer's DID document names a public
//! log, the credential's `log.tlog-proof` (beside its JSON) must carry an entry about this very
//! credential (the digest of its content), an inclusion proof to a checkpoint the log key signed,
//! and that checkpoint must be a prefix of the log's latest one. Credentials of sites that keep no
//! log get no such step.

use serde_json::Value;

use super::{Outcome, Resolver, Step};
use crate::tlog::entry::{Digest, LogEntry};
use crate::tlog::merkle::{consistency_proof, verify_consistency};
use crate::tlog::note::{parse_body, KeyType, Note, NoteVerifier};
use crate::tlog::proof::TlogProof;
use crate::tlog::tiles::{Tile, TileHashes};

/// The step, when the issuer keeps a log.
pub(super) fn check_log(resolver: &Resolver, doc: &Value, issuer: Option<&str>) -> Option<Step> {
    let did = resolver.did_document(issuer?).ok()?;
    let service = did["service"].as_array()?.iter().find(|s| s["vkey"].is_string())?;
    let log_url = service["serviceEndpoint"].as_str()?.to_string();
    let step = |outcome, detail: String| Some(Step::new("log", outcome, detail));
    let v = match NoteVerifier::parse(service["vkey"].as_str()?) {
        Ok(v) if v.kind == KeyType::Ed25519 => v,
        _ => return step(Outcome::Failed, "the issuer's DID document names a log key that is not one".into()),
    };
    let id = doc["id"].as_str()?;
    let dir = &id[..id.rfind('/')? + 1];
    let Ok(bytes) = resolver.fetch(&format!("{dir}log.tlog-proof")) else {
        return step(
            Outcome::CouldNotCheck,
            "not logged: the issuer keeps a public log, but no proof that this credential is in it was found".into(),
        );
    };
    let digest = Digest::of_credential(doc.as_object()?);
    match check(&bytes, digest, &v, resolver, &log_url) {
        Ok(detail) => step(Outcome::Passed, detail),
        Err(e) => step(Outcome::Failed, e),
    }
}

fn check(bytes: &[u8], digest: Digest, v: &NoteVerifier, resolver: &Resolver, log_url: &str) -> Result<String, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the log proof is not text")?;
    let proof = TlogProof::parse(text).map_err(|e| format!("the log proof {e}"))?;
    let line = proof.extra.as_deref().ok_or("the log proof carries no entry")?;
    let entry = LogEntry::parse(std::str::from_utf8(line).map_err(|_| "the logged entry is not text")?)
        .map_err(|e| format!("the logged entry {e}"))?;
    if entry.digest() != Some(digest) {
        return Err("the logged entry is about another credential (its digest is not this credential's)".into());
    }
    let head = proof.verify(line, v)?;
    let mut detail = format!(
        "logged on {} as entry {} of the log of {} (checkpoint signed by the log key)",
        entry.logged,
        proof.index + 1,
        head.size
    );
    let Ok(latest) = resolver.fetch(&format!("{log_url}checkpoint")) else { return Ok(detail) };
    let latest = String::from_utf8(latest).ok().and_then(|t| Note::parse(&t)).filter(|n| n.verified_by(v).is_some());
    let latest =
        latest.and_then(|n| parse_body(&n.body, &v.name).ok()).ok_or("the log's latest checkpoint does not verify")?;
    let hashes = TileHashes::new(latest.size, |t: &Tile| resolver.fetch(&format!("{log_url}{}", t.path())));
    let consistent = latest.size >= head.size
        && consistency_proof(&hashes, head.size, latest.size)
            .is_ok_and(|p| verify_consistency(head.size, latest.size, &head.root, &latest.root, &p));
    if !consistent {
        return Err(format!(
            "log rewritten: its latest checkpoint ({} entries) does not extend the one this credential was logged in",
            latest.size
        ));
    }
    detail.push_str(&format!("; still consistent with the latest checkpoint ({} entries)", latest.size));
    Ok(detail)
}
