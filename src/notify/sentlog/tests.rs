use super::*;

fn record(id: &str, event: &str, state: State, detail: &str) -> Record {
    Record { id: id.into(), event: event.into(), state, time: 1_795_000_000, tries: 0, detail: detail.into() }
}

#[test]
fn the_last_record_of_a_key_is_its_state_and_keys_keep_their_first_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Writer::open(dir.path()).unwrap();
    w.append(&record("a", "issued", State::Attempted, "")).unwrap();
    w.append(&record("b", "issued", State::Attempted, "")).unwrap();
    w.append(&record("a", "issued", State::Sent, "250 2.0.0 Ok: queued as 4F2X")).unwrap();
    let log = SentLog::load(dir.path()).unwrap();
    assert_eq!(log.get("a", "issued").unwrap().state, State::Sent);
    assert_eq!(log.get("a", "issued").unwrap().detail, "250 2.0.0 Ok: queued as 4F2X");
    assert_eq!(log.get("b", "issued").unwrap().state, State::Attempted);
    let ids: Vec<&str> = log.records().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn compaction_keeps_one_line_per_key_and_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Writer::open(dir.path()).unwrap();
    for state in [State::Attempted, State::Failed, State::Attempted, State::Sent] {
        w.append(&record("a", "expiring-30d", state, "x")).unwrap();
    }
    let log = SentLog::load(dir.path()).unwrap();
    compact(dir.path(), &log).unwrap();
    let text = std::fs::read_to_string(dir.path().join(SENT_FILE)).unwrap();
    assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 1, "{text}");
    assert_eq!(SentLog::parse(&text).unwrap().records(), log.records());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
}

#[test]
fn a_line_cut_short_by_a_crash_is_ignored_and_cut_off_before_the_next_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Writer::open(dir.path()).unwrap();
    w.append(&record("a", "issued", State::Sent, "q1")).unwrap();
    drop(w);
    let path = dir.path().join(SENT_FILE);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("b\tissued\tatt");
    std::fs::write(&path, &text).unwrap();
    assert!(SentLog::load(dir.path()).unwrap().get("b", "issued").is_none());
    let mut w = Writer::open(dir.path()).unwrap();
    w.append(&record("c", "issued", State::Attempted, "")).unwrap();
    let log = SentLog::load(dir.path()).unwrap();
    assert_eq!(log.records().len(), 2);
    assert_eq!(log.get("c", "issued").unwrap().state, State::Attempted);
}

#[test]
fn a_damaged_line_is_an_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(SENT_FILE), "# h\n<<<<<<< HEAD\n").unwrap();
    let e = SentLog::load(dir.path()).unwrap_err().to_string();
    assert!(e.contains("hallmark.sent:2:1: expected 6 tab-separated fields"), "{e}");
}

#[test]
fn details_never_hold_an_address_a_tab_or_a_line_break() {
    let cleaned = clean("550 5.1.1 <ada@example.org>:\tRecipient address rejected\r\n  user unknown");
    assert_eq!(cleaned, "550 5.1.1 <address>: Recipient address rejected user unknown");
    let r = record("a", "issued", State::Failed, "451 try\tlater\nada@example.org");
    assert_eq!(r.line().matches('\t').count(), 5);
    assert!(!r.line().contains("ada@"));
    assert!(!r.is_permanent() && record("a", "issued", State::Failed, "550 no").is_permanent());
}

#[test]
fn times_are_written_in_utc() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
    assert_eq!(crate::ground::date::parse_datetime(&rfc3339(1_795_000_000)), Some(1_795_000_000));
}
