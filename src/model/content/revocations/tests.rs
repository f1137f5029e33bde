use super::*;
use crate::ground::error::Problems;

#[test]
fn reads_entries_with_locations_and_reason_privacy() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(REVOCATIONS_FILE),
        "[[revoked]]\nid = \"abc\"\ndate = \"2026-05-01\"\nreason = \"Issued in error\"\n\n[[suspended]]\nid = \"def\"\ndate = \"2026-06-01\"\npublic = true\n",
    )
    .unwrap();
    let mut p = Problems::new();
    let r = load(dir.path(), false, &mut p);
    assert!(p.is_empty());
    let a = r.revocation("abc").unwrap();
    assert_eq!((a.location.line, a.reason.as_deref(), a.public_reason), (2, Some("Issued in error"), false));
    assert!(r.suspension("def").unwrap().public_reason);
}

#[test]
fn errors_on_bad_dates_duplicates_and_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(REVOCATIONS_FILE),
        "[[revoked]]\nid = \"a\"\ndate = \"01/05/2026\"\n[[revoked]]\nid = \"b\"\ndate = \"2026-05-01\"\n[[revoked]]\nid = \"b\"\ndate = \"2026-05-02\"\n",
    )
    .unwrap();
    let mut p = Problems::new();
    load(dir.path(), false, &mut p);
    let v = p.sorted();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].location.as_ref().unwrap().line, 3);
    assert!(v[1].message.contains("revoked twice"));
    std::fs::write(dir.path().join(REVOCATIONS_FILE), "[[revoked]]\nid = \"a\"\ndate = \"2026-05-01\"\nwhy = \"x\"\n")
        .unwrap();
    let mut p = Problems::new();
    let r = load(dir.path(), false, &mut p);
    let v = p.sorted();
    assert_eq!(v[0].message, "unknown key `why` in [[revoked]]");
    assert_eq!(
        v[0].help.as_deref(),
        Some("remove or rename the key; [[revoked]] accepts id, date, reason, public and lifted")
    );
    assert!(r.revocation("a").is_some(), "the rest of the entry is read");
}

#[test]
fn bare_toml_dates_are_dates_and_other_values_are_not() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(REVOCATIONS_FILE), "[[revoked]]\nid = \"a\"\ndate = 2026-05-01\n").unwrap();
    let mut p = Problems::new();
    let r = load(dir.path(), false, &mut p);
    assert!(p.is_empty(), "{:?}", p.sorted());
    assert_eq!(r.revocation("a").unwrap().date.to_string(), "2026-05-01");
    std::fs::write(dir.path().join(REVOCATIONS_FILE), "[[revoked]]\nid = \"a\"\ndate = 2026-05-01T10:00:00Z\n")
        .unwrap();
    let mut p = Problems::new();
    load(dir.path(), false, &mut p);
    let v = p.sorted();
    assert_eq!(
        (v[0].message.as_str(), v[0].location.as_ref().unwrap().line),
        ("\"2026-05-01T10:00:00Z\" is not a date", 3)
    );
    std::fs::write(dir.path().join(REVOCATIONS_FILE), "[[revoked]]\nid = \"a\"\ndate = 12\n").unwrap();
    let mut p = Problems::new();
    load(dir.path(), false, &mut p);
    let v = p.sorted();
    assert_eq!(
        (v[0].message.as_str(), v[0].location.as_ref().unwrap().column),
        ("revoked.date must be a date, not an integer", 8)
    );
}

/// (line, column, message, help) of each problem, in file order.
fn report(text: &str) -> (Vec<(usize, usize, String, String)>, Revocations) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(REVOCATIONS_FILE), text).unwrap();
    let mut p = Problems::new();
    let r = load(dir.path(), false, &mut p);
    let v = p
        .sorted()
        .into_iter()
        .map(|p| {
            let l = p.location.unwrap();
            let help = p.help.unwrap_or_default().replace(&format!("{}/", dir.path().display()), "");
            (l.line, l.column, p.message, help)
        })
        .collect();
    (v, r)
}

#[test]
fn reports_every_problem_of_the_file_at_once_and_reads_the_rest() {
    let (v, r) = report(
        "# reviewed\n\
         [[revoked]]\nid = \"a\"\ndate = \"2026-05-01\"\nreasn = \"Issued in error\"\n\n\
         [[revoked]]\nid = \"b\"\ndate = \"2026-02-30\"\npublic = \"yes\"\n\n\
         [[revoked]]\nid = \"a\"\ndate = 2026-05-03\n\n\
         [[suspended]]\ndate = \"2026-05-01\"\nreason = 12\nlifted = 2026-06-01T10:00:00Z\n\n\
         [[suspended]]\nid = \"d\"\ndate = \"2026-05-01\"\nreason = \"\"\"Two\nlines\"\"\"\n\n\
         [[suspendd]]\nid = \"e\"\n",
    );
    let got: Vec<(usize, usize, &str, &str)> = v.iter().map(|(l, c, m, h)| (*l, *c, m.as_str(), h.as_str())).collect();
    assert_eq!(
        got,
        [
            (5, 1, "unknown key `reasn` in [[revoked]]", "did you mean `reason`?"),
            (9, 8, "\"2026-02-30\" is not a date", "write the date as YYYY-MM-DD, e.g. 2026-05-01"),
            (
                10,
                10,
                "revoked.public must be true or false, not a string",
                "write public = true or public = false, without quotes"
            ),
            (13, 6, "credential a is revoked twice", "keep one entry; the other is at revocations.toml:3:6"),
            (
                16,
                1,
                "the key `id` is missing in [[suspended]]",
                "add it; [[suspended]] accepts id, date, reason, public and lifted"
            ),
            (
                18,
                10,
                "suspended.reason must be a string, not an integer",
                "put the value in double quotes: reason = \"…\""
            ),
            (
                19,
                10,
                "\"2026-06-01T10:00:00Z\" is not a date",
                "write the date the suspension was lifted as YYYY-MM-DD, e.g. 2026-05-01"
            ),
            (27, 3, "unknown key `suspendd`", "did you mean `suspended`?"),
        ]
    );
    assert_eq!(r.revocation("a").unwrap().date.to_string(), "2026-05-01", "an unknown key leaves the entry");
    assert_eq!(r.suspension("d").unwrap().reason.as_deref(), Some("Two\nlines"), "a reason may span lines");
    assert!(r.revocation("b").is_none() && r.suspended.len() == 1);
    let dropped: Vec<(&str, usize)> = r.dropped().map(|(id, at)| (id, at.line)).collect();
    assert_eq!(dropped, [("b", 8)], "the id of an entry left out can still be looked up; not a missing one");
}

#[test]
fn errors_on_wrong_shapes_and_files_that_cannot_be_read() {
    let (v, r) = report("revoked = \"a\"\n[suspended]\nid = \"b\"\n");
    let got: Vec<(usize, usize, &str)> = v.iter().map(|(l, c, m, _)| (*l, *c, m.as_str())).collect();
    assert_eq!(
        got,
        [
            (1, 11, "revoked must be a list of tables, not a string"),
            (2, 1, "suspended must be a list of tables, not a table")
        ]
    );
    assert!(v[1].3.contains("[[suspended]] on a line of its own"), "{}", v[1].3);
    assert_eq!(r, Revocations::default());

    let (v, _) = report("[[revoked]]\nid = \"a\"\ndate = \"2026-05-01\"\nid = \"b\"\n");
    assert_eq!((v.len(), v[0].0, v[0].2.starts_with("revocations.toml: ")), (1, 4, true), "{v:?}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(REVOCATIONS_FILE), b"[[revoked]]\nid = \"a\"\nreason = \"caf\xe9\"\n").unwrap();
    let mut p = Problems::new();
    load(dir.path(), false, &mut p);
    let v = p.sorted();
    assert!(v[0].message.starts_with("the file is not UTF-8: byte 0xE9"), "{}", v[0]);
    assert_eq!(v[0].location.as_ref().map(|l| (l.line, l.column)), Some((3, 14)));
    std::fs::remove_file(dir.path().join(REVOCATIONS_FILE)).unwrap();
    std::fs::create_dir(dir.path().join(REVOCATIONS_FILE)).unwrap();
    let mut p = Problems::new();
    load(dir.path(), false, &mut p);
    assert!(p.sorted()[0].message.starts_with("cannot read "), "a file that is there is never taken for none");
}

#[test]
fn a_lifted_suspension_is_kept_as_a_record_and_no_longer_holds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(REVOCATIONS_FILE),
        "[[suspended]]\nid = \"a\"\ndate = \"2026-05-01\"\nlifted = \"2026-06-01\"\n\n[[suspended]]\nid = \"a\"\ndate = \"2026-07-01\"\n\n[[suspended]]\nid = \"b\"\ndate = \"2026-05-01\"\nlifted = \"2026-05-20\"\n",
    )
    .unwrap();
    let mut p = Problems::new();
    let r = load(dir.path(), false, &mut p);
    assert!(p.is_empty(), "{:?}", p.sorted());
    assert_eq!(r.suspension("a").unwrap().date.to_string(), "2026-07-01", "suspended again after the lift");
    assert!(r.suspension("b").is_none());
    assert_eq!(r.latest_changes("b").1.unwrap().to_string(), "2026-05-20", "the lift counts as a change");

    std::fs::write(
        dir.path().join(REVOCATIONS_FILE),
        "[[suspended]]\nid = \"a\"\ndate = \"2026-05-01\"\nlifted = \"2026-04-01\"\n\n[[revoked]]\nid = \"c\"\ndate = \"2026-05-01\"\nlifted = \"2026-06-01\"\n",
    )
    .unwrap();
    let mut p = Problems::new();
    load(dir.path(), false, &mut p);
    let v: Vec<_> = p.sorted().into_iter().map(|p| p.message).collect();
    assert_eq!(
        v,
        ["the suspension is lifted on 2026-04-01, before it began on 2026-05-01", "a revocation cannot be lifted"]
    );
}
