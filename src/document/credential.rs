//! The JSON documents hallmark publishes: Open Badges 3.0 credentials, achievements and the issuer
//! profile, the `did:web` document, and the status list credential. All unsigned here; `proof` signs them.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::ground::date::Date;
use crate::ground::hash::hex;
use crate::ground::layout;
use crate::ground::url::BaseUrl;
use crate::model::config::IssuerConfig;
use crate::model::content::Badge;
use crate::model::creator::Creator;
use crate::model::ledger::Entry;

/// The VC Data Model 2.0 context.
pub(crate) const VC_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// The Open Badges 3.0 context, the version hallmark bundles.
pub(crate) const OB_V3_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// The two contexts of every Open Badges 3.0 document, in the required order.
pub(crate) fn ob_contexts() -> Value {
    json!([VC_V2_CONTEXT, OB_V3_CONTEXT])
}

/// The issuer's `Profile`, as embedded in credentials and published as `issuer.json`.
pub(crate) fn issuer_profile(issuer: &IssuerConfig, base: &BaseUrl) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("id".into(), base.did_web().into());
    p.insert("type".into(), json!(["Profile"]));
    p.insert("name".into(), issuer.name.clone().into());
    p.insert("url".into(), issuer.url.clone().into());
    if let Some(e) = &issuer.email {
        p.insert("email".into(), e.clone().into());
    }
    if let Some(d) = &issuer.description {
        p.insert("description".into(), d.clone().into());
    }
    if let Some(img) = &issuer.image {
        p.insert("image".into(), json!({"id": base.join(img), "type": "Image"}));
    }
    p
}

/// The issuer profile as a standalone JSON-LD document.
pub(crate) fn issuer_document(issuer: &IssuerConfig, base: &BaseUrl) -> Value {
    let mut doc = Map::new();
    doc.insert("@context".into(), ob_contexts());
    doc.extend(issuer_profile(issuer, base));
    Value::Object(doc)
}

/// A badge's `Achievement`, naming its creator, `issuer`, as `creator` says.
pub(crate) fn achievement(
    badge: &Badge,
    issuer: &Map<String, Value>,
    base: &BaseUrl,
    creator: Creator,
) -> Map<String, Value> {
    let mut a = Map::new();
    a.insert("id".into(), base.join(&layout::achievement_json(&badge.slug)).into());
    a.insert("type".into(), json!(["Achievement"]));
    a.insert("name".into(), badge.name.clone().into());
    a.insert("description".into(), badge.description.clone().into());
    a.insert(
        "criteria".into(),
        json!({"id": base.join(&layout::badge_page(&badge.slug)), "narrative": badge.criteria_markdown}),
    );
    if let Some(ext) = badge.image_ext() {
        a.insert(
            "image".into(),
            json!({"id": base.join(&layout::badge_image(&badge.slug, ext)), "type": "Image", "caption": badge.name}),
        );
    }
    if let Some(t) = &badge.achievement_type {
        a.insert("achievementType".into(), t.clone().into());
    }
    if !badge.skills.is_empty() {
        a.insert("tag".into(), json!(badge.skills));
    }
    if !badge.alignments.is_empty() {
        let list: Vec<Value> = badge
            .alignments
            .iter()
            .map(|al| {
                let mut m = Map::new();
                m.insert("type".into(), json!(["Alignment"]));
                m.insert("targetName".into(), al.name.clone().into());
                m.insert("targetUrl".into(), al.url.clone().into());
                if let Some(d) = &al.description {
                    m.insert("targetDescription".into(), d.clone().into());
                }
                if let Some(f) = &al.framework {
                    m.insert("targetFramework".into(), f.clone().into());
                }
                if let Some(c) = &al.code {
                    m.insert("targetCode".into(), c.clone().into());
                }
                Value::Object(m)
            })
            .collect();
        a.insert("alignment".into(), Value::Array(list));
    }
    super::outcomes::add_to_achievement(&mut a, badge);
    a.insert("creator".into(), creator_of(issuer, creator));
    a
}

/// An achievement's `creator`: the issuer's whole profile, or its id and type alone (the two
/// properties the Open Badges 3.0 schema requires of a `Profile`).
fn creator_of(issuer: &Map<String, Value>, creator: Creator) -> Value {
    match creator {
        Creator::Profile => Value::Object(issuer.clone()),
        Creator::Id => json!({"id": issuer.get("id").cloned().unwrap_or(Value::Null), "type": ["Profile"]}),
    }
}

/// The achievement as a standalone JSON-LD document (at its id's address), with its creator's
/// whole profile (`issuer`), whatever form its credentials give it in: read alone, it says who
/// made it.
pub(crate) fn achievement_document(achievement: &Map<String, Value>, issuer: &Map<String, Value>) -> Value {
    let mut doc = Map::new();
    doc.insert("@context".into(), ob_contexts());
    doc.extend(achievement.clone());
    doc.insert("creator".into(), Value::Object(issuer.clone()));
    Value::Object(doc)
}

/// `sha256$<hex>` of the e-mail with its salt appended, as Open Badges `IdentityHash` defines.
pub(crate) fn identity_hash(email: &str, salt: &str) -> String {
    format!("sha256${}", hex(&Sha256::digest(format!("{email}{salt}").as_bytes())))
}

/// What one credential is made of.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CredentialInput<'a> {
    /// The ledger's record: id, status index, dates, name, identity hash, evidence.
    pub entry: &'a Entry,
    /// The badge's Achievement, shared by all its credentials.
    pub achievement: &'a Map<String, Value>,
    pub issuer: &'a Map<String, Value>,
    pub base: &'a BaseUrl,
    /// For a stacked badge: its components' credential URLs and names.
    pub components: &'a [(String, String)],
}

/// An unsigned `OpenBadgeCredential`.
pub(crate) fn open_badge_credential(input: CredentialInput<'_>) -> Map<String, Value> {
    let CredentialInput { entry, achievement, issuer, base, components } = input;
    let (list, bit) = layout::status_position(entry.index);
    let mut c = Map::new();
    c.insert("@context".into(), ob_contexts());
    c.insert("id".into(), base.join(&layout::credential_json(entry.id())).into());
    c.insert("type".into(), json!(["VerifiableCredential", "OpenBadgeCredential"]));
    c.insert("name".into(), achievement["name"].clone());
    c.insert("issuer".into(), Value::Object(issuer.clone()));
    c.insert("validFrom".into(), entry.issued.start_of_day().into());
    if let Some(x) = entry.expires {
        c.insert("validUntil".into(), x.end_of_day().into());
    }
    c.insert("awardedDate".into(), entry.issued.start_of_day().into());
    let mut subject = Map::new();
    subject.insert("type".into(), json!(["AchievementSubject"]));
    subject.insert(
        "identifier".into(),
        json!([
            {
                "type": "IdentityObject",
                "identityHash": &*entry.identity(),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": entry.salt(),
            },
            {
                "type": "IdentityObject",
                "identityHash": entry.name(),
                "identityType": "name",
                "hashed": false,
            }
        ]),
    );
    // Copied as it is, not serialized into a new value (`json!` would: 100,000 times a build).
    subject.insert("achievement".into(), Value::Object(achievement.clone()));
    c.insert("credentialSubject".into(), Value::Object(subject));
    if let (Some(claims), Some(Value::Object(subject))) = (entry.claims.as_deref(), c.get_mut("credentialSubject")) {
        let achievement_id = achievement.get("id").and_then(Value::as_str).unwrap_or_default();
        super::outcomes::add_to_subject(subject, claims, achievement_id);
    }
    let evidence = super::outcomes::evidence(entry.evidence(), entry.claims.as_deref(), components);
    if !evidence.is_empty() {
        c.insert("evidence".into(), Value::Array(evidence));
    }
    // Open Badges 3.0's schema allows one status entry: revocation, which every verifier checks. The
    // suspension list sits beside it at the same index (`status/suspension/<n>.json`); hallmark's
    // verifiers check it too (see `suspension_list_for`).
    let list_url = base.join(&layout::status_list(layout::Purpose::Revocation, list));
    let status = json!({
        "id": format!("{list_url}#{bit}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": bit.to_string(),
        "statusListCredential": list_url,
    });
    c.insert("credentialStatus".into(), status);
    c
}

/// The suspension list published beside a hallmark revocation list (`…/status/revocation/<n>.json`
/// → `…/status/suspension/<n>.json`), if `revocation_list_url` has that shape.
pub(crate) fn suspension_list_for(revocation_list_url: &str) -> Option<String> {
    let (prefix, file) = revocation_list_url.rsplit_once("/status/revocation/")?;
    let n = file.strip_suffix(".json")?;
    n.bytes().all(|b| b.is_ascii_digit()).then(|| format!("{prefix}/status/suspension/{n}.json"))
}

/// An unsigned `BitstringStatusListCredential` for list number `list` of `purpose`.
pub(crate) fn status_list_credential(
    base: &BaseUrl,
    purpose: layout::Purpose,
    list: u64,
    encoded_list: &str,
    valid_from: Date,
) -> Map<String, Value> {
    let url = base.join(&layout::status_list(purpose, list));
    let mut c = Map::new();
    c.insert("@context".into(), json!([VC_V2_CONTEXT]));
    c.insert("id".into(), url.clone().into());
    c.insert("type".into(), json!(["VerifiableCredential", "BitstringStatusListCredential"]));
    c.insert("issuer".into(), base.did_web().into());
    c.insert("validFrom".into(), valid_from.start_of_day().into());
    c.insert(
        "credentialSubject".into(),
        json!({
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose.as_str(),
            "encodedList": encoded_list,
        }),
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_hash_matches_the_open_badges_spec_example() {
        // OB 3.0 §IdentityHash: 'a@example.com' salted with 'Kosher'.
        assert_eq!(
            identity_hash("a@example.com", "Kosher"),
            "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
        );
    }
}
