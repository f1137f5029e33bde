use super::row::badge_list;
use super::*;
use crate::model::config::ColumnMap;

const BADGES: &[&str] = &["sql", "first-aid"];

fn run(text: &str, cfg: &RosterConfig) -> (Vec<Award>, Vec<Problem>) {
    let valid_for = BTreeMap::from([("first-aid", Period::parse("3y").unwrap())]);
    let today = Date::parse_iso("2026-11-22").unwrap();
    let results = BTreeMap::new();
    let context = Context {
        badges: BADGES,
        shared_badges: &BADGES.iter().map(|&b| b.into()).collect::<Vec<_>>(),
        valid_for: &valid_for,
        today,
        max_name_length: 40,
        results: &results,
        content_dir: Path::new("."),
    };
    let mut problems = Problems::new();
    let awards = parse(Path::new("recipients/r.csv"), text, cfg, &context, &mut problems);
    (awards, problems.sorted())
}

fn loc(p: &Problem) -> (usize, usize) {
    let l = p.location.as_ref().unwrap();
    (l.line, l.column)
}

#[test]
fn reads_rows_with_extra_columns_kept() {
    let (a, p) = run(
        "badge,name,email,issued,cohort\nsql,\"O'Brien, Siobhán\",Siobhan@Example.org,2026-03-01,Spring\n",
        &RosterConfig::default(),
    );
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(&*a[0].name, "O'Brien, Siobhán");
    assert_eq!(&*a[0].email, "siobhan@example.org");
    assert_eq!(a[0].issued.unwrap().to_string(), "2026-03-01");
    assert_eq!(a[0].extra.get("cohort"), Some("Spring"));
    assert_eq!(a[0].source.line, 2);
}

/// The rows of one roster share its path and its headers: one of each per file, not per row (at a
/// million rows, 44 MB of paths and a header string on every row).
#[test]
fn rows_share_their_file_path_headers_and_badge() {
    let (a, p) = run(
        "badge,name,email,cohort\nsql,Ann,ann@example.org,Spring\nsql,Bo,bo@example.org,Autumn\nsql,Cy,cy@example.org,\n",
        &RosterConfig::default(),
    );
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(a.len(), 3);
    assert_eq!(&*a[0].source.path, Path::new("recipients/r.csv"));
    assert_eq!((a[1].source.line, a[2].source.line), (3, 4));
    assert!(a.iter().all(|r| std::sync::Arc::ptr_eq(&r.source.path, &a[0].source.path)), "one path for every row");
    let header = |r: &Award| r.extra.list().first().map(|(h, _)| std::sync::Arc::clone(h)).unwrap();
    assert!(a.iter().all(|r| std::sync::Arc::ptr_eq(&header(r), &header(&a[0]))), "one header for every row");
    assert!(a.iter().all(|r| &*r.badge == "sql" && std::sync::Arc::ptr_eq(&r.badge, &a[0].badge)), "one slug");
    assert_eq!(
        [a[0].extra.get("cohort"), a[1].extra.get("cohort"), a[2].extra.get("cohort")],
        [Some("Spring"), Some("Autumn"), Some("")]
    );
}

#[test]
fn an_empty_badge_lists_the_badges_there_are() {
    let (_, p) = run("badge,name,email\n,Ann,ann@example.org\n", &RosterConfig::default());
    assert_eq!(p[0].message, "the badge is empty");
    assert_eq!(p[0].help.as_deref(), Some("write the slug of a badge in badges/: sql, first-aid"));
    let many: Vec<String> = (0..10).map(|i| format!("b{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(badge_list(&many), "b0, b1, b2, b3, b4, b5, b6, b7 and 2 more");
}

#[test]
fn errors_name_the_line_and_column_of_the_bad_field() {
    let (a, p) = run(
        "badge,name,email,issued\nsql,Ann,ann@example.org,2026-01-01\n\"sql\",\"Bo, B\",bo@@example.org,2026-02-30\nsqll,,c@example.org,\n",
        &RosterConfig::default(),
    );
    assert_eq!(a.len(), 1);
    let got: Vec<((usize, usize), &str)> = p.iter().map(|p| (loc(p), p.message.as_str())).collect();
    assert_eq!(got[0], ((3, 15), "\"bo@@example.org\" is not a valid e-mail address"));
    assert_eq!(got[1].0, (3, 31));
    assert!(got[1].1.contains("\"2026-02-30\" in `issued` is not a date"));
    assert_eq!(got[2], ((4, 1), "unknown badge \"sqll\""));
    assert_eq!(p[2].help.as_deref(), Some("did you mean \"sql\"?"));
    assert_eq!(got[3], ((4, 6), "the recipient's name is empty"));
}

#[test]
fn positions_stay_right_with_crlf_blank_lines_and_quoted_line_breaks() {
    let body = "badge,name,email,issued\r\nsql,Ann,ann@example.org,2026-01-01\r\n\r\n\"sql\",\"Bo\r\nB\",b@example.org,2026-01-01\r\n\r\n\r\nsqll,Cy,cy@example.org,2026-13-02\r\n";
    let (a, p) = run(body, &RosterConfig::default());
    let got: Vec<(usize, usize)> = p.iter().map(loc).collect();
    assert_eq!(got, [(4, 10), (8, 1), (8, 24)], "{p:?}");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].source.line, 2);
    assert_eq!(p[0].message, "the name contains a line break");
    let lf = body.replace("\r\n", "\n");
    let (_, p) = run(&format!("\u{feff}{lf}"), &RosterConfig::default());
    let got: Vec<(usize, usize)> = p.iter().map(loc).collect();
    assert_eq!(got, [(4, 10), (8, 1), (8, 24)], "{p:?}");
}

#[test]
fn errors_on_missing_required_column_with_mapping_advice() {
    let (_, p) = run("badge,Full Name,email\nsql,Ann,ann@example.org\n", &RosterConfig::default());
    assert_eq!(p.len(), 1);
    assert_eq!(loc(&p[0]), (1, 1));
    assert_eq!(p[0].message, "the header has no `name` column (or `given_name` and `family_name`)");
    assert!(p[0].help.as_deref().unwrap().contains("name = \"Your Header\""));
}

#[test]
fn mapped_columns_and_fixed_badge_read_an_lms_export() {
    let cfg = RosterConfig {
        badge: Some("first-aid".into()),
        columns: ColumnMap {
            name: Some("Learner".into()),
            email: Some("E-mail".into()),
            issued: Some("Completed".into()),
            ..ColumnMap::default()
        },
        ..RosterConfig::default()
    };
    let (a, p) = run("\u{feff}Learner;E-mail;Completed;Score\n李雷;li@example.org;2026-05-04;97\n", &cfg);
    assert!(p.is_empty(), "{p:?}");
    assert_eq!((&*a[0].badge, &*a[0].name), ("first-aid", "李雷"));
    assert_eq!(a[0].extra.get("Score"), Some("97"));
}

#[test]
fn errors_when_expiry_is_not_after_issue_and_on_ragged_rows() {
    let (_, p) = run(
        "badge,name,email,issued,expires\nsql,A,a@example.org,2026-05-04,2026-05-04\nsql,B\n",
        &RosterConfig::default(),
    );
    assert!(p[0].message.contains("expires (2026-05-04) on or before"), "{}", p[0]);
    assert_eq!(loc(&p[0]), (2, 32));
    assert_eq!(p[1].message, "the row has 2 fields, the header has 5");
    assert_eq!(p[1].location.as_ref().unwrap().line, 3);
}

#[test]
fn evidence_links_may_have_a_query_or_fragment_but_must_be_web_links() {
    let (a, p) = run(
        "badge,name,email,evidence\nsql,A,a@example.org,https://example.org/e?x=1|https://www.youtube.com/watch?v=abc#t=5\nsql,B,b@example.org,javascript:alert(1)\n",
        &RosterConfig::default(),
    );
    assert_eq!(*a[0].evidence, ["https://example.org/e?x=1", "https://www.youtube.com/watch?v=abc#t=5"]);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(loc(&p[0]), (3, 21));
    assert_eq!(
        p[0].message,
        "evidence \"javascript:alert(1)\" is not a web link: it starts with javascript:, not https://"
    );
}

#[test]
fn reads_tab_separated_rosters() {
    let (a, p) =
        run("badge\tname\temail\tissued\nsql\tO'Brien, Siobhán\tS@example.org\t2026-02-30\n", &RosterConfig::default());
    assert!(a.is_empty());
    assert_eq!(p[0].message, "\"2026-02-30\" in `issued` is not a date");
    assert_eq!(loc(&p[0]), (2, 36));
}

#[test]
fn errors_on_a_header_twice_with_both_columns() {
    let (_, p) = run("badge,name,email,name\nsql,A,a@example.org,B\n", &RosterConfig::default());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(loc(&p[0]), (1, 18));
    assert_eq!(p[0].message, "the header `name` appears twice, in columns 2 and 4 (B and D)");
    let (_, p) = run("badge,Name,email,name\nsql,A,a@example.org,B\n", &RosterConfig::default());
    assert_eq!(p[0].message, "the header has two `name` columns, `Name` and `name`, in columns 2 and 4 (B and D)");
    let (_, p) = run("badge,name,email,x,y,x\nsql,A,a@example.org,1,2,3\n", &RosterConfig::default());
    assert_eq!(p[0].message, "the header `x` appears twice, in columns 4 and 6 (D and F)");
    let (a, p) = run("badge,name,email,,\nsql,A,a@example.org,,\n", &RosterConfig::default());
    assert!(p.is_empty() && a.len() == 1, "empty headers (trailing delimiters) are not duplicates: {p:?}");
}

#[test]
fn refuses_bidirectional_overrides_separators_and_non_characters_in_names_at_the_character() {
    let (a, p) = run(
        "badge,name,email\nsql,\"Ada \u{2067}Lovelace\u{2069}\",a@example.org\nsql,\u{5e9}\u{5e8}\u{200F}\u{5d4},s@example.org\n\
         sql,Bo\u{2028}b,b@example.org\nsql,Eve\u{FFFE},e@example.org\nsql,Zed\u{FDD0},z@example.org\nsql,\u{1F600}\u{10FFFF},u@example.org\n",
        &RosterConfig::default(),
    );
    assert_eq!(a.len(), 1, "only the right-to-left mark is fine: {p:?}");
    let found: Vec<((usize, usize), &str)> = p.iter().map(|p| (loc(p), p.message.as_str())).collect();
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(p.iter().all(|p| p.is_error()));
    assert_eq!(found[0].0, (2, 10));
    assert!(found[0].1.starts_with("the name contains a bidirectional control character (U+2067)"), "{}", found[0].1);
    assert_eq!(found[1], ((4, 7), "the name contains a line or paragraph separator (U+2028)"));
    assert_eq!(found[2].0, (5, 8));
    assert!(found[2].1.contains("non-character (U+FFFE)"), "{}", found[2].1);
    assert!(found[3].1.contains("non-character (U+FDD0)") && found[4].1.contains("U+10FFFF"), "{found:?}");
}

#[test]
fn refuses_a_name_longer_than_the_site_allows_at_the_first_character_too_many() {
    let long = "x".repeat(45);
    let (a, p) = run(
        &format!("badge,name,email\nsql,{long},a@example.org\nsql,{},b@example.org\n", &long[..40]),
        &RosterConfig::default(),
    );
    assert_eq!(a.len(), 1);
    assert_eq!(loc(&p[0]), (2, 45));
    assert_eq!(p[0].message, "the name is 45 characters long, more than 40");
}

#[test]
fn warns_on_an_issue_date_in_the_future() {
    let (a, p) = run(
        "badge,name,email,issued\nsql,A,a@example.org,2026-11-22\nsql,B,b@example.org,9999-12-31\n",
        &RosterConfig::default(),
    );
    assert_eq!(a.len(), 2);
    assert_eq!(p.len(), 1, "today is not the future: {p:?}");
    assert!(!p[0].is_error());
    assert_eq!(loc(&p[0]), (3, 21));
    assert_eq!(p[0].message, "issued in the future: the credential will not be valid until 31 December 9999");
}

#[test]
fn errors_when_valid_for_would_push_the_expiry_past_the_year_9999() {
    let (a, p) = run(
        "badge,name,email,issued,expires\nfirst-aid,A,a@example.org,9996-12-31,\nfirst-aid,B,b@example.org,9998-01-01,\nfirst-aid,C,c@example.org,9998-01-01,9999-01-01\nsql,D,d@example.org,9999-06-01,\n",
        &RosterConfig::default(),
    );
    assert_eq!(a.iter().map(|a| &*a.name).collect::<Vec<_>>(), ["A", "C", "D"]);
    let errors: Vec<&Problem> = p.iter().filter(|p| p.is_error()).collect();
    assert_eq!(errors.len(), 1, "{p:?}");
    assert_eq!(loc(errors[0]), (3, 27));
    assert_eq!(
        errors[0].message,
        "issued 9998-01-01, the credential would expire after the year 9999 (in 10001), with the badge's valid_for"
    );
}

#[test]
fn a_roster_with_thousands_of_bad_rows_reports_the_first_two_hundred_and_stops() {
    let mut body = String::from("badge,name,email\n");
    for i in 0..5000 {
        body.push_str(&format!("nope{i},Name {i},bad-address\n"));
    }
    let (a, p) = run(&body, &RosterConfig::default());
    assert!(a.is_empty());
    assert_eq!(p.len(), 201, "200 problems and the note that reading stopped");
    assert!(p[200].message.starts_with("stopped reading after 200 problems"), "{}", p[200]);
}

#[test]
fn a_wide_header_with_duplicates_is_checked_in_one_pass() {
    let mut header: Vec<String> = (0..20_000).map(|i| format!("c{i}")).collect();
    header[19_999] = "c5".into();
    let body = format!("badge,name,email,{}\nsql,A,a@example.org,{}\n", header.join(","), vec!["x"; 20_000].join(","));
    let (_, p) = run(&body, &RosterConfig::default());
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.starts_with("the header `c5` appears twice, in columns 9 and 20003"), "{}", p[0]);
}

#[test]
fn a_roster_date_format_reads_its_dates_and_date_times_and_errors_name_its_own_header() {
    let cfg = RosterConfig {
        badge: Some("sql".into()),
        columns: ColumnMap {
            name: Some("Learner".into()),
            email: Some("Mail".into()),
            issued: Some("Completion date".into()),
            ..ColumnMap::default()
        },
        date_format: Some("%d/%m/%Y".into()),
        ..RosterConfig::default()
    };
    let text =
        "Learner,Mail,Completion date\nAda,ada@example.org,09/03/2026 14:33:10\nBob,bob@example.org,2026-03-09\n";
    let (a, p) = run(text, &cfg);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].issued.unwrap().to_string(), "2026-03-09");
    assert_eq!(
        p[0].message,
        "\"2026-03-09\" in `Completion date` (the issued column) is not a date written as date_format \"%d/%m/%Y\""
    );
    assert_eq!(loc(&p[0]), (3, 21));
    assert!(p[0].help.as_deref().unwrap().contains("\"09/03/2026\""), "{}", p[0]);
}

#[test]
fn an_lms_date_the_default_cannot_read_gets_the_date_format_that_would() {
    let text =
        "badge,name,email,issued\nsql,Ada,ada@example.org,2 March 2026\nsql,Bob,bob@example.org,2026-03-09 14:33:10\n";
    let (a, p) = run(text, &RosterConfig::default());
    assert_eq!(a.len(), 1, "a date-time is taken as its date");
    assert_eq!(a[0].issued.unwrap().to_string(), "2026-03-09");
    let help = p[0].help.as_deref().unwrap();
    assert!(help.contains("[rosters.\"recipients/r.csv\"]") && help.contains("date_format = \"%d %B %Y\""), "{help}");
}

/// A roster of `rows` rows, a blank line before every tenth, each row `bad(i)` says with an
/// address that is not one: its text, the names of the good rows, and the line of each bad one.
fn mixed_roster(rows: usize, bad: impl Fn(usize) -> bool) -> (String, Vec<String>, Vec<usize>) {
    let (mut text, mut good, mut bad_lines, mut line) = (String::from("badge,name,email\n"), Vec::new(), Vec::new(), 1);
    for i in 0..rows {
        if i % 10 == 0 {
            text.push('\n');
            line += 1;
        }
        line += 1;
        if bad(i) {
            text.push_str(&format!("sql,Name {i},bad{i}\n"));
            bad_lines.push(line);
        } else {
            text.push_str(&format!("sql,Name {i},n{i}@example.org\n"));
            good.push(format!("Name {i}"));
        }
    }
    (text, good, bad_lines)
}

/// Rows are checked in batches of 512 on every core, and what each gives is taken in the order of
/// the file: the rows kept and the problems of rows in four batches come in the order of their
/// lines, and the limit of problems stops the reading where a reading row by row stops it (at the
/// row that reached it, in a later batch or at the end of the file).
#[test]
fn rows_checked_in_batches_come_back_in_the_order_of_the_file() {
    let (text, good, bad_lines) = mixed_roster(2_000, |i| i % 11 == 3);
    let (a, p) = run(&text, &RosterConfig::default());
    assert_eq!(a.iter().map(|a| a.name.to_string()).collect::<Vec<_>>(), good);
    assert_eq!(p.iter().map(|p| loc(p).0).collect::<Vec<_>>(), bad_lines);
    assert!(bad_lines.len() > 150 && bad_lines.len() < 200 && *bad_lines.last().unwrap() > 2_000);

    // 300 bad rows, the 200th in the second batch: reading stops right after it.
    let (text, good, bad_lines) = mixed_roster(2_000, |i| i % 3 == 0 && i < 900);
    let (a, p) = run(&text, &RosterConfig::default());
    assert_eq!(p.len(), 201);
    assert!(p[200].message.starts_with("stopped reading after 200 problems"), "{}", p[200]);
    assert_eq!(loc(&p[200]).0, bad_lines[199], "stopped at the end of the row that made 200");
    assert!(bad_lines[199] > 600, "in the second batch");
    let kept_before: Vec<&String> = good.iter().take_while(|n| n.as_str() != "Name 598").collect();
    assert_eq!(a.len(), kept_before.len(), "the rows before it, and none after");

    // Exactly 200 at the end of the file: the note comes after them; 199: no note.
    for (bad, notes) in [(200, 1), (199, 0)] {
        let (text, _, _) = mixed_roster(1_100, |i| i >= 1_100 - bad);
        let (_, p) = run(&text, &RosterConfig::default());
        assert_eq!(p.len(), bad + notes, "{bad} bad rows");
        assert_eq!(p.last().unwrap().message.starts_with("stopped reading"), notes == 1);
    }
}

/// The byte-by-byte scan `next_record_into` replaced: the oracle of the test below.
fn next_record_bytewise(text: &str, cursor: usize, delimiter: u8) -> (Vec<usize>, usize) {
    let bytes = text.as_bytes();
    let mut i = cursor;
    while i < bytes.len() && (bytes[i] == b'\n' || bytes[i] == b'\r') {
        i += 1;
    }
    let mut starts = vec![i];
    let (mut quoted, mut at_field_start) = (false, true);
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_field_start {
            quoted = true;
        } else if b == delimiter {
            starts.push(i + 1);
            at_field_start = true;
            i += 1;
            continue;
        } else if b == b'\n' || b == b'\r' {
            break;
        }
        at_field_start = false;
        i += 1;
    }
    (starts, i)
}

/// Field starts and record ends as the byte-by-byte scan finds them, over 30,000 generated texts
/// of delimiters, quotes (doubled, unclosed, mid-field), CR, LF and multi-byte characters, read
/// record after record from the start and from a random character.
#[test]
fn record_scan_finds_what_the_byte_by_byte_scan_found() {
    let alphabet = ['a', ',', ';', '\t', '"', '"', '\n', '\r', ' ', 'é', '中'];
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for case in 0..30_000 {
        let len = next(48);
        let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
        let delimiter = [b',', b';', b'\t'][case % 3];
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut cursor = if case % 2 == 0 { 0 } else { boundaries[next(boundaries.len())] };
        loop {
            let want = next_record_bytewise(&text, cursor, delimiter);
            assert_eq!(
                next_record(&text, cursor, delimiter),
                want,
                "{text:?} from {cursor} by {:?}",
                delimiter as char
            );
            if want.1 >= text.len() {
                break;
            }
            cursor = want.1;
        }
    }
}
