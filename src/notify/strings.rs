//! Every word of the e-mails hallmark sends, in one place: subjects, headings, sentences and link
//! labels, per event. Templates show them as `t.<key>`; a later version translates this file's
//! English into the recipient's language (Fluent), without touching the templates.

use std::collections::BTreeMap;

use crate::notify::events::EventKind;

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

/// The field names of a correction's "what changed" list.
pub(crate) const FIELD_NAME: &str = "Name";
pub(crate) const FIELD_EVIDENCE: &str = "Evidence";
pub(crate) const FIELD_EXPIRES: &str = "Expiry date";
/// How an absent value reads in that list.
pub(crate) const NONE: &str = "none";

/// The texts of one e-mail, by key.
pub(crate) fn strings(kind: EventKind, a: &Args<'_>) -> BTreeMap<&'static str, String> {
    let mut t = BTreeMap::new();
    let (badge, issuer) = (a.badge, a.issuer);
    t.insert("greeting", format!("Hello {},", a.name));
    t.insert("closing", "With best wishes,".to_string());
    t.insert("view", "View your credential".to_string());
    t.insert("link_text", "Its address:".to_string());
    t.insert("linkedin", "Add it to your LinkedIn profile".to_string());
    t.insert("wallet", "Add it to a digital wallet".to_string());
    t.insert("wallet_help", "a wallet app for Open Badges 3.0 can add it from this link".to_string());
    t.insert(
        "verify_note",
        "Anyone you share the link with can check on the page that it is genuine, with no account.".to_string(),
    );
    t.insert("questions", format!("If you have a question, reply to this e-mail to reach {issuer}."));
    t.insert(
        "footer",
        format!("You receive this e-mail because {issuer} issued you the credential \u{201c}{badge}\u{201d}."),
    );
    t.insert("unsubscribe", "No more reminders".to_string());
    if let Some(x) = &a.expires {
        t.insert("validity", format!("It is valid until {x}."));
    }
    let (subject, heading, intro) = per_event(kind, a, &mut t);
    if let Some(r) = a.reason.filter(|_| matches!(kind, EventKind::Revoked | EventKind::Suspended)) {
        t.insert("reason", format!("The reason given: {r}"));
    }
    t.insert("subject", subject);
    t.insert("heading", heading);
    t.insert("intro", intro);
    t
}

/// The subject, heading and first sentence of `kind`'s e-mail, and its other sentences in `t`.
fn per_event(kind: EventKind, a: &Args<'_>, t: &mut BTreeMap<&'static str, String>) -> (String, String, String) {
    let (badge, issuer) = (a.badge, a.issuer);
    let date = a.status_date.clone().unwrap_or_default();
    match kind {
        EventKind::Issued => (
            format!("Your credential: {badge}"),
            badge.to_string(),
            format!("{issuer} has issued you the credential \u{201c}{badge}\u{201d} on {}.", a.issued),
        ),
        EventKind::Renewed => {
            t.insert("previous_note", "Your earlier credential stays at its own address:".to_string());
            (
                format!("Your renewed credential: {badge}"),
                badge.to_string(),
                format!(
                    "{issuer} has renewed your credential \u{201c}{badge}\u{201d}. The new one was issued on {}.",
                    a.issued
                ),
            )
        }
        EventKind::Corrected => {
            t.insert("changes", "What changed:".to_string());
            t.insert(
                "previous_note",
                "The earlier version now says that it was replaced, and links to this one. Please share the new address from now on."
                    .to_string(),
            );
            (
                format!("Corrected: your credential {badge}"),
                format!("{badge}: corrected"),
                format!("{issuer} has corrected your credential \u{201c}{badge}\u{201d}. The corrected credential has a new address."),
            )
        }
        EventKind::Revoked => {
            t.insert("explain", "Verifiers who check it now see that it is no longer valid.".to_string());
            (
                format!("Your credential {badge} has been revoked"),
                format!("{badge}: revoked"),
                format!("{issuer} revoked your credential \u{201c}{badge}\u{201d} on {date}."),
            )
        }
        EventKind::Suspended => {
            t.insert(
                "explain",
                "While it is suspended, verifiers who check it see that it is not valid. You will hear from us when this changes."
                    .to_string(),
            );
            (
                format!("Your credential {badge} is suspended"),
                format!("{badge}: suspended"),
                format!("{issuer} suspended your credential \u{201c}{badge}\u{201d} on {date}."),
            )
        }
        EventKind::Reinstated => {
            t.insert("explain", "Verifiers who check it see that it is valid again.".to_string());
            (
                format!("Your credential {badge} is valid again"),
                format!("{badge}: valid again"),
                format!("{issuer} lifted the suspension of your credential \u{201c}{badge}\u{201d} on {date}."),
            )
        }
        EventKind::Expiring => {
            let x = a.expires.clone().unwrap_or_default();
            let days = a.days_left.unwrap_or(0);
            let left = match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            t.insert("explain", format!("After that, verifiers see it as expired. To renew it, contact {issuer}."));
            t.insert("calendar", "Add the date to your calendar".to_string());
            (
                format!("Your credential {badge} expires on {x}"),
                format!("{badge}: expires {left}"),
                format!("Your credential \u{201c}{badge}\u{201d} from {issuer} expires {left}, on {x}."),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_a_subject_heading_and_intro_that_name_the_badge() {
        let a =
            Args {
                name: "Zoë", badge: "SQL 基础", issuer: "Fixture Academy", days_left: Some(7), ..Args::default()
            };
        for kind in EventKind::ALL {
            let t = strings(kind, &a);
            for key in ["subject", "heading", "intro", "greeting", "footer"] {
                assert!(!t[key].is_empty(), "{kind:?} {key}");
            }
            assert!(t["subject"].contains("SQL 基础"), "{kind:?}: {}", t["subject"]);
        }
        assert!(strings(EventKind::Expiring, &a)["intro"].contains("in 7 days"));
    }

    #[test]
    fn a_reason_is_said_only_when_given() {
        let mut a = Args { badge: "SQL", issuer: "I", ..Args::default() };
        assert!(!strings(EventKind::Revoked, &a).contains_key("reason"));
        a.reason = Some("Issued in error.");
        assert_eq!(strings(EventKind::Revoked, &a)["reason"], "The reason given: Issued in error.");
        assert!(!strings(EventKind::Issued, &a).contains_key("reason"));
    }
}
