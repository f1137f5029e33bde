//! Every word of the e-mails hallmark sends: subjects, headings, sentences and link labels, per
//! event, from the theme's `locales/<lang>/email.ftl` in the recipient's language. Templates show
//! them as `t.<key>`.

use std::collections::BTreeMap;

use fluent_bundle::FluentValue;

use crate::notify::events::EventKind;
use crate::render::locale::{Locales, FALLBACK};

/// What the sentences are about.
#[derive(Debug, Clone, Default)]
pub(crate) struct Args<'a> {
    pub name: &'a str,
    pub badge: &'a str,
    pub issuer: &'a str,
    /// Issue date, in words.
    pub issued: String,
    /// Expiry date, in words.
    pub expires: Option<String>,
    /// The date of a revocation, suspension or reinstatement, in words.
    pub status_date: Option<String>,
    /// A reason the issuer made public.
    pub reason: Option<&'a str>,
    /// Days left before expiry.
    pub days_left: Option<i64>,
}

/// The field names of a correction's "what changed" list, and how an absent value reads there.
pub(crate) const FIELD_NAME: &str = "email-field-name";
pub(crate) const FIELD_EVIDENCE: &str = "email-field-evidence";
pub(crate) const FIELD_EXPIRES: &str = "email-field-expires";
pub(crate) const NONE: &str = "email-none";

/// Message keys every e-mail has (`t.<name>` ← `email-<name>`).
pub(crate) const COMMON: &[&str] = &[
    "greeting",
    "closing",
    "view",
    "link_text",
    "linkedin",
    "wallet",
    "wallet_help",
    "verify_note",
    "questions",
    "footer",
    "unsubscribe",
];

/// The sentences only some events have (`t.<name>` ← `email-<event>-<name>`).
pub(crate) const PER_EVENT: &[&str] = &["previous_note", "changes", "explain", "calendar"];

/// The texts of one e-mail in `lang` (else English), by key.
pub(crate) fn strings(locales: &Locales, lang: &str, kind: EventKind, a: &Args<'_>) -> BTreeMap<&'static str, String> {
    let mut vars: Vec<(&str, FluentValue<'_>)> = vec![
        ("name", a.name.into()),
        ("badge", a.badge.into()),
        ("issuer", a.issuer.into()),
        ("date", a.status_date.clone().unwrap_or_else(|| a.issued.clone()).into()),
        ("expires", a.expires.clone().unwrap_or_default().into()),
        ("days", FluentValue::from(a.days_left.unwrap_or(0))),
    ];
    if let Some(r) = a.reason {
        vars.push(("reason", r.into()));
    }
    let text = |key: &str| locales.text(lang, key, &vars);
    let mut t = BTreeMap::new();
    for name in COMMON {
        t.insert(*name, text(&format!("email-{}", name.replace('_', "-"))));
    }
    if a.expires.is_some() {
        t.insert("validity", text("email-validity"));
    }
    if a.reason.is_some() && matches!(kind, EventKind::Revoked | EventKind::Suspended) {
        t.insert("reason", text("email-reason"));
    }
    let event = kind.name();
    for name in ["subject", "heading", "intro"] {
        t.insert(name, text(&format!("email-{event}-{name}")));
    }
    for name in PER_EVENT {
        let key = format!("email-{event}-{}", name.trim_end_matches("_note"));
        if locales.message(FALLBACK, &key, None).is_some() {
            t.insert(*name, text(&key));
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales() -> Locales {
        Locales::built_in(Default::default())
    }

    #[test]
    fn every_event_has_a_subject_heading_and_intro_that_name_the_badge() {
        let a =
            Args {
                name: "Zoë", badge: "SQL 基础", issuer: "Fixture Academy", days_left: Some(7), ..Args::default()
            };
        for kind in EventKind::ALL {
            let t = strings(&locales(), "en", kind, &a);
            for key in ["subject", "heading", "intro", "greeting", "footer"] {
                assert!(!t[key].is_empty(), "{kind:?} {key}");
            }
            assert!(t["subject"].contains("SQL 基础"), "{kind:?}: {}", t["subject"]);
        }
        assert!(strings(&locales(), "en", EventKind::Expiring, &a)["intro"].contains("in 7 days"));
        let fr = strings(&locales(), "fr", EventKind::Expiring, &a);
        assert!(fr["intro"].contains("dans 7 jours"), "{}", fr["intro"]);
    }

    #[test]
    fn every_english_e_mail_message_is_asked_for() {
        let mut asked: Vec<String> = COMMON
            .iter()
            .chain(&["validity", "reason", "expires_in"])
            .map(|n| format!("email-{}", n.replace('_', "-")))
            .chain([FIELD_NAME, FIELD_EVIDENCE, FIELD_EXPIRES, NONE].map(String::from))
            .collect();
        for kind in EventKind::ALL {
            for name in ["subject", "heading", "intro"].iter().chain(PER_EVENT) {
                asked.push(format!("email-{}-{}", kind.name(), name.trim_end_matches("_note")));
            }
        }
        let locales = locales();
        let unused: Vec<&str> = locales
            .keys("en")
            .into_iter()
            .filter(|k| k.starts_with("email-") && !asked.iter().any(|a| a == k))
            .collect();
        assert!(unused.is_empty(), "e-mail messages nothing asks for: {unused:?}");
    }

    #[test]
    fn a_reason_is_said_only_when_given() {
        let mut a = Args { badge: "SQL", issuer: "I", ..Args::default() };
        assert!(!strings(&locales(), "en", EventKind::Revoked, &a).contains_key("reason"));
        a.reason = Some("Issued in error.");
        assert_eq!(strings(&locales(), "en", EventKind::Revoked, &a)["reason"], "The reason given: Issued in error.");
        assert!(!strings(&locales(), "en", EventKind::Issued, &a).contains_key("reason"));
    }
}
