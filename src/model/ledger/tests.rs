//! The ledger's file format.

use super::*;

fn entry(index: u64) -> Entry {
    EntryParts {
        id: format!("id{index}"),
        index,
        badge: "sql".into(),
        issued: Date::new(2026, 3, 1).unwrap(),
        expires: (index == 2).then(|| Date::new(2028, 3, 1).unwrap()),
        replaced_by: (index == 0).then(|| "id2".to_string()),
        recipient: recipient_key("a@example.org"),
        salt: "s".into(),
        identity: "sha256$00".into(),
        evidence: if index == 2 { vec!["https://a.example/1".into(), "https://a.example/2".into()] } else { vec![] },
        name: "Siobhán O'Brien-Ngata 李".into(),
        log_index: None,
        claims: None,
    }
    .into()
}

#[test]
fn text_round_trips_in_index_order() {
    let l = Ledger::from_entries(vec![entry(2), entry(0)]);
    let text = l.to_text();
    assert!(text.find("id0\t0").unwrap() < text.find("id2\t2").unwrap());
    assert_eq!(Ledger::parse(&text).unwrap(), l);
    assert_eq!(l.next_index(), 3);
}

#[test]
fn the_proofs_line_round_trips_and_an_unknown_suite_is_refused() {
    let mut l = Ledger::from_entries(vec![entry(0)]);
    l.proofs = Some(ProofProfile::RDFC_AND_JCS);
    let text = l.to_text();
    assert!(text.contains("\nproofs\teddsa-rdfc-2022 eddsa-jcs-2022\n"), "{text}");
    assert_eq!(Ledger::parse(&text).unwrap(), l);
    assert_ne!(Ledger::parse(&text.replace(" eddsa-jcs-2022", "")).unwrap(), l);
    assert_eq!(Ledger::parse(&l.to_text().replace("eddsa-jcs-2022", "x")).unwrap_err().0, 6);
    assert_eq!(Ledger::parse(&Ledger::from_entries(vec![entry(0)]).to_text()).unwrap().proofs, None);
}

#[test]
fn rejects_damaged_lines_with_their_number() {
    let err = Ledger::parse("# c\nid0\t1\tsql\n").unwrap_err();
    assert_eq!(err.0, 2);
}

fn text(entries: Vec<Entry>) -> String {
    Ledger::from_entries(entries).to_text()
}

#[test]
fn an_empty_or_cut_ledger_is_refused_never_taken_as_a_fresh_start() {
    assert_eq!(Ledger::parse("").unwrap_err().0, 1);
    assert_eq!(Ledger::parse(" \n\n").unwrap_err().0, 1);
    let full = text(vec![entry(0), entry(1), entry(2)]);
    assert!(Ledger::parse(&full).is_ok());
    // Cut inside a line: the last line has no line break.
    let cut = &full[..full.len() - 5];
    let (line, msg) = Ledger::parse(cut).unwrap_err();
    assert_eq!(line, full.lines().count());
    assert!(msg.contains("cut short"), "{msg}");
    // Cut at a line break: the header's count no longer matches.
    let lines: Vec<&str> = full.lines().collect();
    let cut = lines[..lines.len() - 1].join("\n") + "\n";
    let (_, msg) = Ledger::parse(&cut).unwrap_err();
    assert!(msg.contains("says 3 credentials and the file holds 2"), "{msg}");
    // A ledger from before the count line is still read.
    let old: String = full.lines().filter(|l| !l.starts_with("# count: ")).map(|l| format!("{l}\n")).collect();
    assert_eq!(Ledger::parse(&old).unwrap().entries().len(), 3);
}

#[test]
fn a_duplicated_id_or_index_is_refused_at_its_line() {
    let mut twin = entry(1);
    twin.edit(|p| p.id = "id0".into());
    let t = text(vec![entry(0), twin]);
    let line = t.lines().position(|l| l.starts_with("id0\t1\t")).unwrap() + 1;
    assert_eq!(
        Ledger::parse(&t).unwrap_err(),
        (line, format!("credential id id0 is recorded twice (lines {} and {line})", line - 1))
    );
    let mut same_index = entry(1);
    same_index.index = 0;
    let t = text(vec![entry(0), same_index]);
    let (line, msg) = Ledger::parse(&t).unwrap_err();
    assert!(line > 1 && msg.starts_with("status index 0 is recorded twice"), "{line}: {msg}");
}

/// `entries`' ledger text with their lines in the order given (not index order, as a bad merge
/// or a hand edit can leave them).
fn text_as_given(entries: Vec<Entry>) -> String {
    let lines: Vec<String> =
        entries.iter().map(|e| text(vec![e.clone()])).map(|t| entry_line(&t).to_string()).collect();
    let mut t = text(entries);
    let first = t.find(entry_line(&t)).unwrap();
    t.truncate(first);
    t + &lines.join("\n") + "\n"
}

/// The first entry line of a ledger's text (its lines start with an id).
fn entry_line(t: &str) -> &str {
    t.lines().find(|l| l.starts_with("id")).unwrap()
}

/// With an id and a status index both given twice, the one whose second entry comes first is
/// named (the id, when one entry repeats both), whether the file is in index order or not.
#[test]
fn of_two_things_given_twice_the_one_met_first_is_named() {
    let with = |index: u64, id: Option<&str>, new_index: Option<u64>| {
        let mut e = entry(index);
        if let Some(id) = id {
            e.edit(|p| p.id = id.into());
        }
        if let Some(i) = new_index {
            e.index = i;
        }
        e
    };
    let named = |entries: Vec<Entry>| Ledger::parse(&text_as_given(entries)).unwrap_err().1;
    // The index first (third entry), the id after (fourth).
    let msg = named(vec![entry(0), entry(1), with(2, None, Some(1)), with(3, Some("id0"), None)]);
    assert!(msg.starts_with("status index 1 is recorded twice"), "{msg}");
    // The id first, the index after.
    let msg = named(vec![entry(0), entry(1), with(2, Some("id0"), None), with(3, None, Some(1))]);
    assert!(msg.starts_with("credential id id0 is recorded twice"), "{msg}");
    // One entry repeats both.
    let msg = named(vec![entry(0), with(1, Some("id0"), Some(0))]);
    assert!(msg.starts_with("credential id id0 is recorded twice"), "{msg}");
    // Out of index order: 5, 3, then 5 again.
    let msg = named(vec![entry(5), entry(3), with(4, None, Some(5))]);
    assert!(msg.starts_with("status index 5 is recorded twice (lines"), "{msg}");
}

/// A ledger read out of index order is put in order, and still finds each credential by id, at
/// the line it was read from.
#[test]
fn a_ledger_out_of_order_finds_its_credentials_by_id() {
    let t = text_as_given(vec![entry(4), entry(1), entry(3)]);
    let ledger = Ledger::parse(&t).unwrap();
    let indexes: Vec<u64> = ledger.entries().iter().map(|e| e.index).collect();
    assert_eq!(indexes, [1, 3, 4]);
    for id in ["id4", "id1", "id3"] {
        let line = t.lines().position(|l| l.starts_with(&format!("{id}\t"))).unwrap() + 1;
        assert!(ledger.records(id), "{id}");
        assert_eq!(ledger.location_of(id), Some((LEDGER_FILE.to_string(), line)), "{id}");
    }
    assert!(!ledger.records("id2") && !ledger.records("id") && ledger.location_of("id2").is_none());
    assert!(!Ledger::default().records("id1"));
}

#[test]
fn header_lines_of_another_name_are_accepted_and_damaged_fields_are_not() {
    let t = text(vec![entry(0)]);
    let with_proofs = t.replacen("# count: ", "proofs\teddsa-rdfc-2022 eddsa-jcs-2022\n# count: ", 1);
    assert_eq!(Ledger::parse(&with_proofs).unwrap().entries().len(), 1);
    for (from, to) in [("id0\t", "../x\t"), ("\tsql\t", "\tSQL x\t"), ("Siobhán", "Sio\u{7}bhán")] {
        let bad = t.replacen(from, to, 1);
        assert!(Ledger::parse(&bad).is_err(), "{to:?} accepted");
    }
    // After the first entry, a line shaped like a header is a damaged entry.
    let late = format!("{t}abcdef\t1\n");
    assert!(Ledger::parse(&late).unwrap_err().1.contains("11 tab-separated fields"));
}

#[test]
fn ids_are_unique_and_url_safe() {
    let a = new_id().unwrap();
    let b = new_id().unwrap();
    assert_ne!(a, b);
    assert_eq!(a.len(), 20);
    assert!(a.bytes().all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c)));
}

#[test]
fn recipient_key_does_not_reveal_the_address() {
    let k = recipient_key("ada@example.org");
    assert_eq!(k.len(), 32);
    assert!(!k.contains("ada"));
}

#[test]
fn format_3_round_trips_and_format_2_is_still_read() {
    let mut with_log = vec![entry(0), entry(1)];
    with_log[1].log_index = Some(7);
    let mut l = Ledger::from_entries(with_log);
    l.log = Some(LogHead { size: 9, root: [3; 32] });
    let text = l.to_text();
    assert!(
        text.contains("# format 3:") && text.contains("\nlog\t9 AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM=\n"),
        "{text}"
    );
    assert!(text.contains("李\t7\n") && text.contains("李\t-\n"), "{text}");
    assert_eq!(Ledger::parse(&text).unwrap(), l);
    let old = Ledger::from_entries(vec![entry(0)]).to_text();
    assert!(old.contains("# format 2:") && old.contains("李\n"));
    assert_eq!(Ledger::parse(&old).unwrap().log, None);
    assert!(Ledger::parse(&text.replace("李\t7", "李\t07")).is_err(), "one way to write an index");
    assert!(Ledger::parse(&text.replace("log\t9 ", "log\t09 ")).is_err());
}

#[test]
fn claims_come_after_the_log_index_and_are_read_with_or_without_a_log() {
    let claims = Claims { credits_earned: Some("2.5".into()), term: Some("Spring".into()), ..Claims::default() };
    let mut entries = vec![entry(0), entry(1), entry(2)];
    entries[1].claims = Some(std::sync::Arc::new(claims.clone()));
    entries[2].claims = Some(std::sync::Arc::new(claims));
    entries[2].log_index = Some(4);
    let mut with_log = Ledger::from_entries(entries.clone());
    with_log.log = Some(LogHead { size: 5, root: [1; 32] });
    let text = with_log.to_text();
    assert!(text.contains("李\t-\t{\"credits_earned\""), "{text}");
    assert!(text.contains("李\t4\t{\"credits_earned\""), "{text}");
    assert_eq!(Ledger::parse(&text).unwrap(), with_log);
    for e in &mut entries {
        e.log_index = None;
    }
    let without = Ledger::from_entries(entries);
    let text = without.to_text();
    assert!(text.contains("李\t{\"credits_earned\""), "{text}");
    assert_eq!(Ledger::parse(&text).unwrap(), without);
    assert!(Ledger::parse(&text.replace("李\t{", "李\t-\t-\t{")).is_err(), "14 fields");
}
