//! Open Badges 2.0 hosted copies, for backpacks and LMS badge tools that read only 2.0: the issuer
//! as an `Issuer` profile, each badge as a `BadgeClass`, each credential as an `Assertion` whose
//! verification is that it is hosted at its own `id` on the issuer's site (`verification.type`
//! `hosted`). None is signed: a 2.0 verifier fetches the assertion from the site and believes what
//! it says, `revoked` included. The OB 3.0 credential stays the signed original.

use serde_json::{json, Map, Value};

use crate::ground::layout;
use crate::ground::url::BaseUrl;
use crate::model::config::IssuerConfig;
use crate::model::content::Badge;
use crate::model::ledger::Entry;

/// The Open Badges 2.0 JSON-LD context.
pub(crate) const OB2_CONTEXT: &str = "https://w3id.org/openbadges/v2";

/// The issuer's 2.0 `Issuer` profile (`issuer-ob2.json`). 2.0 requires an e-mail address, which
/// the configuration checks before this is made.
pub(crate) fn issuer(issuer: &IssuerConfig, base: &BaseUrl) -> Value {
    let mut p = Map::new();
    p.insert("@context".into(), OB2_CONTEXT.into());
    p.insert("type".into(), "Issuer".into());
    p.insert("id".into(), base.join(layout::OB2_ISSUER_JSON).into());
    p.insert("name".into(), issuer.name.clone().into());
    p.insert("url".into(), issuer.url.clone().into());
    p.insert("email".into(), issuer.email.clone().unwrap_or_default().into());
    if let Some(d) = &issuer.description {
        p.insert("description".into(), d.clone().into());
    }
    if let Some(img) = &issuer.image {
        p.insert("image".into(), base.join(img).into());
    }
    Value::Object(p)
}

/// A badge's 2.0 `BadgeClass` (`badges/<slug>/badgeclass.json`).
pub(crate) fn badge_class(badge: &Badge, base: &BaseUrl) -> Value {
    let mut b = Map::new();
    b.insert("@context".into(), OB2_CONTEXT.into());
    b.insert("type".into(), "BadgeClass".into());
    b.insert("id".into(), base.join(&layout::ob2_badge_class(&badge.slug)).into());
    b.insert("name".into(), badge.name.clone().into());
    b.insert("description".into(), badge.description.clone().into());
    if let Some(ext) = badge.image_ext() {
        b.insert("image".into(), base.join(&layout::badge_image(&badge.slug, ext)).into());
    }
    b.insert(
        "criteria".into(),
        json!({"id": base.join(&layout::badge_page(&badge.slug)), "narrative": badge.criteria_markdown}),
    );
    b.insert("issuer".into(), base.join(layout::OB2_ISSUER_JSON).into());
    if !badge.skills.is_empty() {
        b.insert("tags".into(), json!(badge.skills));
    }
    if !badge.alignments.is_empty() {
        let list = badge.alignments.iter().map(|al| {
            let mut m = Map::new();
            m.insert("targetName".into(), al.name.clone().into());
            m.insert("targetUrl".into(), al.url.clone().into());
            for (key, value) in
                [("targetDescription", &al.description), ("targetFramework", &al.framework), ("targetCode", &al.code)]
            {
                if let Some(v) = value {
                    m.insert(key.into(), v.clone().into());
                }
            }
            Value::Object(m)
        });
        b.insert("alignment".into(), Value::Array(list.collect()));
    }
    Value::Object(b)
}

/// What one assertion is made of.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AssertionInput<'a> {
    /// The ledger's record: id, badge, dates, salt and identity hash, evidence.
    pub entry: &'a Entry,
    pub base: &'a BaseUrl,
    /// `Some` when the credential is revoked (a superseded one included), with the reason when
    /// it may be published.
    pub revoked: Option<Option<&'a str>>,
    /// The badge image with this assertion baked in, when there is one.
    pub baked_image: Option<&'a str>,
}

/// A credential's 2.0 hosted `Assertion` (`c/<id>/assertion.json`). The recipient is the same
/// salted hash of the e-mail address as in the OB 3.0 credential (2.0 has no place for a name).
pub(crate) fn assertion(input: AssertionInput<'_>) -> Value {
    let AssertionInput { entry, base, revoked, baked_image } = input;
    let mut a = Map::new();
    a.insert("@context".into(), OB2_CONTEXT.into());
    a.insert("type".into(), "Assertion".into());
    a.insert("id".into(), base.join(&layout::ob2_assertion(entry.id())).into());
    a.insert(
        "recipient".into(),
        json!({"type": "email", "hashed": true, "salt": entry.salt(), "identity": &*entry.identity()}),
    );
    a.insert("badge".into(), base.join(&layout::ob2_badge_class(entry.badge())).into());
    a.insert("verification".into(), json!({"type": "hosted"}));
    a.insert("issuedOn".into(), entry.issued.start_of_day().into());
    if let Some(x) = entry.expires {
        a.insert("expires".into(), x.end_of_day().into());
    }
    if let Some(url) = baked_image {
        a.insert("image".into(), url.into());
    }
    if entry.has_evidence() {
        a.insert("evidence".into(), json!(entry.evidence().collect::<Vec<_>>()));
    }
    if let Some(reason) = revoked {
        a.insert("revoked".into(), true.into());
        if let Some(reason) = reason {
            a.insert("revocationReason".into(), reason.into());
        }
    }
    Value::Object(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::date::Date;
    use crate::model::ledger::EntryParts;

    fn entry() -> Entry {
        EntryParts {
            id: "abcdefghijklmnopqrst".into(),
            index: 3,
            badge: "sql".into(),
            issued: Date::new(2026, 3, 1).unwrap(),
            expires: Some(Date::new(2028, 3, 1).unwrap()),
            replaced_by: None,
            recipient: "r".into(),
            salt: "s4lt".into(),
            identity: crate::document::credential::identity_hash("ada@example.org", "s4lt"),
            evidence: vec!["https://portfolio.example/ada".into()],
            name: "Ada Lovelace".into(),
            log_index: None,
            claims: None,
        }
        .into()
    }

    #[test]
    fn an_assertion_is_hosted_at_its_id_with_the_same_hashed_recipient_as_the_credential() {
        let base = BaseUrl::parse("https://x.github.io/c/").unwrap();
        let e = entry();
        let a = assertion(AssertionInput { entry: &e, base: &base, revoked: None, baked_image: None });
        assert_eq!(a["id"], "https://x.github.io/c/c/abcdefghijklmnopqrst/assertion.json");
        assert_eq!(a["verification"], json!({"type": "hosted"}));
        assert_eq!(a["badge"], "https://x.github.io/c/badges/sql/badgeclass.json");
        assert_eq!(a["recipient"]["identity"], *e.identity());
        assert_eq!(a["recipient"]["salt"], "s4lt");
        assert_eq!(a["issuedOn"], "2026-03-01T00:00:00Z");
        assert_eq!(a["expires"], "2028-03-01T23:59:59Z");
        assert!(a.get("revoked").is_none());
        assert!(!a.to_string().contains("Ada"), "no name in a 2.0 assertion");
    }

    #[test]
    fn a_revoked_assertion_says_so_and_why_only_when_the_reason_is_public() {
        let base = BaseUrl::parse("https://x.github.io/c/").unwrap();
        let e = entry();
        let a = assertion(AssertionInput {
            entry: &e,
            base: &base,
            revoked: Some(Some("Issued in error.")),
            baked_image: None,
        });
        assert_eq!((&a["revoked"], &a["revocationReason"]), (&json!(true), &json!("Issued in error.")));
        let a = assertion(AssertionInput { entry: &e, base: &base, revoked: Some(None), baked_image: None });
        assert_eq!(a["revoked"], true);
        assert!(a.get("revocationReason").is_none());
    }
}
