use super::*;
use crate::ground::error::Location;
use crate::model::content::StatusChange;
use crate::model::ledger::EntryParts;
use crate::notify::sentlog::Record;

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn entry(id: &str, issued: &str, expires: Option<&str>) -> Entry {
    EntryParts {
        id: id.into(),
        index: 0,
        badge: "sql".into(),
        issued: d(issued),
        expires: expires.map(d),
        replaced_by: None,
        recipient: "r1".into(),
        salt: "s".into(),
        identity: "sha256$00".into(),
        evidence: vec![],
        name: "Ada".into(),
        log_index: None,
        claims: None,
    }
    .into()
}

fn change(id: &str, date: &str, lifted: Option<&str>) -> StatusChange {
    StatusChange {
        id: id.into(),
        date: d(date),
        reason: Some("Under review.".into()),
        public_reason: true,
        lifted: lifted.map(d),
        location: Location::new("revocations.toml", 1, 1),
        date_location: Location::new("revocations.toml", 1, 1),
    }
}

fn policy(notices: bool) -> Policy {
    Policy { reminders: vec![7, 30], status_notices: HashMap::new(), status_notices_default: notices }
}

fn log(sent: &[(&str, &str)]) -> SentLog {
    let mut log = SentLog::default();
    for (id, event) in sent {
        log.put(Record {
            id: id.to_string(),
            event: event.to_string(),
            state: State::Sent,
            time: 0,
            tries: 0,
            detail: String::new(),
        });
    }
    log
}

fn keys(dues: &[Due], entries: &[Entry]) -> Vec<String> {
    dues.iter().map(|x| format!("{} {}", entries[x.entry].id(), x.event.key())).collect()
}

const TODAY: &str = "2026-11-22";

#[test]
fn a_new_credential_is_issued_and_a_later_one_for_the_same_award_is_a_renewal() {
    let entries = vec![entry("a", "2024-01-01", Some("2026-01-01")), entry("b", "2026-01-01", None)];
    let dues = events(&entries, &Revocations::default(), &log(&[]), &policy(false), d(TODAY));
    assert_eq!(keys(&dues, &entries), ["a issued", "b renewed"]);
    assert_eq!(dues[1].event, Event::Renewed { previous: "a".into() });
}

#[test]
fn a_correction_is_news_only_to_a_recipient_told_of_the_first_credential() {
    let mut old = entry("a", "2026-03-01", None);
    old.edit(|p| p.replaced_by = Some("b".into()));
    let entries = vec![old, entry("b", "2026-03-01", None)];
    let untold = events(&entries, &Revocations::default(), &log(&[]), &policy(false), d(TODAY));
    assert_eq!(keys(&untold, &entries), ["b issued"]);
    let told = events(&entries, &Revocations::default(), &log(&[("a", "issued")]), &policy(false), d(TODAY));
    assert_eq!(keys(&told, &entries), ["b corrected"]);
}

#[test]
fn status_notices_go_only_where_the_issuer_opted_in_and_only_to_those_told() {
    let entries = vec![entry("a", "2026-03-01", None), entry("c", "2026-03-01", None)];
    let revocations = Revocations::new(vec![change("a", "2026-06-12", None)], vec![change("c", "2026-06-01", None)]);
    let sent = log(&[("a", "issued"), ("c", "issued")]);
    assert!(events(&entries, &revocations, &sent, &policy(false), d(TODAY)).is_empty());
    let dues = events(&entries, &revocations, &sent, &policy(true), d(TODAY));
    assert_eq!(keys(&dues, &entries), ["a revoked", "c suspended@2026-06-01"]);
    assert_eq!(dues[0].event, Event::Revoked { date: d("2026-06-12"), reason: Some("Under review.".into()) });
    let mut per_badge = policy(false);
    per_badge.status_notices.insert("sql".into(), true);
    assert_eq!(events(&entries, &revocations, &sent, &per_badge, d(TODAY)).len(), 2);
    assert!(events(&entries, &revocations, &log(&[]), &policy(true), d(TODAY)).is_empty());
}

#[test]
fn a_lifted_suspension_is_a_reinstatement_only_after_the_suspension_was_told() {
    let entries = vec![entry("a", "2026-03-01", None)];
    let revocations = Revocations::new(vec![], vec![change("a", "2026-06-01", Some("2026-06-20"))]);
    let told_of_issue = log(&[("a", "issued")]);
    assert_eq!(keys(&events(&entries, &revocations, &told_of_issue, &policy(true), d(TODAY)), &entries), ["a issued"]);
    let told_of_both = log(&[("a", "issued"), ("a", "suspended@2026-06-01")]);
    let dues = events(&entries, &revocations, &told_of_both, &policy(true), d(TODAY));
    assert_eq!(keys(&dues, &entries), ["a issued", "a reinstated@2026-06-20"]);
}

#[test]
fn the_nearest_reminder_is_due_once_and_a_further_one_never_after_it() {
    let entries = vec![entry("a", "2025-01-01", Some("2026-11-27"))];
    let told = log(&[("a", "issued")]);
    let dues = events(&entries, &Revocations::default(), &told, &policy(false), d(TODAY));
    assert_eq!(keys(&dues, &entries), ["a issued", "a expiring-7d"]);
    // Five days before, the 30-day reminder is due as well: only the nearer one goes out.
    let reminded = log(&[("a", "issued"), ("a", "expiring-7d")]);
    let later = events(&entries, &Revocations::default(), &reminded, &policy(false), d("2026-11-22"));
    assert_eq!(keys(&later, &entries), ["a issued", "a expiring-7d"]);
    let month = events(&entries, &Revocations::default(), &told, &policy(false), d("2026-11-01"));
    assert_eq!(keys(&month, &entries), ["a issued", "a expiring-30d"]);
    let expired = events(&entries, &Revocations::default(), &told, &policy(false), d("2026-12-01"));
    assert_eq!(keys(&expired, &entries), ["a issued"]);
}

#[test]
fn a_renewed_credential_gets_no_reminder_and_a_future_one_no_mail_yet() {
    let entries = vec![
        entry("a", "2025-01-01", Some("2026-11-27")),
        entry("b", "2026-11-20", None),
        entry("f", "2027-01-01", None),
    ];
    let told = log(&[("a", "issued")]);
    let dues = events(&entries, &Revocations::default(), &told, &policy(false), d(TODAY));
    assert_eq!(keys(&dues, &entries), ["a issued", "b renewed"]);
}
