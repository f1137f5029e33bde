//! Links, and rosters in other encodings and separators.

use super::*;

#[test]
fn accepts_evidence_and_alignment_links_with_a_query_or_fragment() {
    let evidence = "https://example.org/e?x=1 https://example.org/e#f https://www.youtube.com/watch?v=dQw4w9WgXcQ";
    let (site, _) = passing_build(|s| {
        s.edit("recipients/main.csv", "https://portfolio.example/ada", evidence);
        s.edit("badges/sql.md", "https://skills.example/query-data", "https://skills.example/query?lang=en#data");
        s.edit("hallmark.toml", "https://academy.example/", "https://academy.example/?ref=badges");
    });
    let creds = site.credentials();
    let ada = creds.iter().find(|(_, c)| c["evidence"].is_array()).expect("a credential with evidence");
    let ids: Vec<&str> = ada.1["evidence"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, evidence.split(' ').collect::<Vec<_>>());
    let alignment = &ada.1["credentialSubject"]["achievement"]["alignment"][0]["targetUrl"];
    assert_eq!(alignment, "https://skills.example/query?lang=en#data");
    let check = site.run(&["check"]);
    assert!(check.status.success(), "every proof verifies:\n{}", stderr(&check));
}

#[test]
fn errors_on_relative_script_and_data_links_with_a_clear_help() {
    let err = failing_build(|s| {
        s.edit("recipients/main.csv", "https://portfolio.example/ada", "portfolio.example/ada");
        s.edit("recipients/main.csv", "2028-03-01,,", "2028-03-01,javascript:alert(1),");
        s.edit(
            "recipients/main.csv",
            "li.lei@example.net,2026-03-02,,",
            "li.lei@example.net,2026-03-02,,\"data:text/html;base64,AAAA\"",
        );
        s.edit("badges/sql.md", "https://skills.example/query-data", "ftp://skills.example/query-data");
    });
    assert!(err.contains("4 problems found"), "{err}");
    assert_reports(
        &err,
        "recipients/main.csv:2:46",
        "evidence \"portfolio.example/ada\" is not an absolute URL",
        "https://",
    );
    assert_reports(
        &err,
        "recipients/main.csv:3:63",
        "evidence \"javascript:alert(1)\"",
        "only https:// (or http://) links",
    );
    assert_reports(
        &err,
        "recipients/main.csv:4:39",
        "evidence \"data:text/html;base64,AAAA\"",
        "only https:// (or http://) links",
    );
    assert_reports(&err, "badges/sql.md:9:", "alignment url \"ftp://skills.example/query-data\"", "https://");
}

#[test]
fn errors_on_a_windows_1252_roster_at_its_first_invalid_byte_and_checks_the_others() {
    let err = failing_build(|s| {
        // "Zoë" with ë as the single Windows-1252 byte 0xEB, as Excel's "CSV (Comma delimited)" writes it.
        let text = std::fs::read_to_string(s.content().join("recipients/lms.csv")).unwrap();
        let mut bytes = Vec::new();
        for c in text.chars() {
            match c {
                'ë' => bytes.push(0xEB),
                'Å' => bytes.push(0xC5),
                'ö' => bytes.push(0xF6),
                c if c.is_ascii() => bytes.push(c as u8),
                _ => bytes.push(b'?'),
            }
        }
        write_bytes(s, "recipients/lms.csv", &bytes);
        s.edit("recipients/main.csv", "ada@example.org", "ada@@example.org");
    });
    assert!(err.contains("2 problems found"), "{err}");
    assert_reports(&err, "recipients/lms.csv:3:3", "not UTF-8", "CSV UTF-8 (in Excel: File → Save As → CSV UTF-8)");
    assert!(err.contains("0xEB"), "names the byte:\n{err}");
    assert_reports(&err, "recipients/main.csv:2:18", "is not a valid e-mail address", "name@domain.tld");
    assert!(!err.contains("stream did not contain valid UTF-8"), "{err}");
}

#[test]
fn reads_utf16_rosters_with_a_byte_order_mark() {
    for little_endian in [true, false] {
        let (site, _) = passing_build(|s| {
            let text = std::fs::read_to_string(s.content().join("recipients/lms.csv")).unwrap();
            write_bytes(s, "recipients/lms.csv", &utf16(&text.replace('\n', "\r\n"), little_endian));
        });
        let names: Vec<String> = site
            .credentials()
            .iter()
            .map(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"].as_str().unwrap().to_string())
            .collect();
        assert!(names.contains(&"Zoë Ångström".to_string()), "{names:?}");
        assert!(names.contains(&"محمد علي".to_string()), "{names:?}");
    }
}

#[test]
fn errors_in_a_utf16_roster_name_the_line_and_column() {
    let err = failing_build(|s| {
        let text = std::fs::read_to_string(s.content().join("recipients/lms.csv")).unwrap();
        write_bytes(s, "recipients/lms.csv", &utf16(&text.replace("zoe@example.org", "zoe@@example.org"), true));
    });
    assert_reports(
        &err,
        "recipients/lms.csv:3:14",
        "\"zoe@@example.org\" is not a valid e-mail address",
        "name@domain.tld",
    );
}

#[test]
fn reads_tab_separated_rosters() {
    let (site, _) = passing_build(|s| {
        let text = std::fs::read_to_string(s.content().join("recipients/lms.csv")).unwrap();
        write_bytes(s, "recipients/lms.csv", text.replace(',', "\t").as_bytes());
    });
    assert_eq!(site.credentials().len(), 5);
}

#[test]
fn errors_on_a_tab_separated_roster_problem_at_its_column() {
    let err = failing_build(|s| {
        let text = std::fs::read_to_string(s.content().join("recipients/lms.csv")).unwrap();
        write_bytes(s, "recipients/lms.csv", text.replace(',', "\t").replace("2026-04-11", "2026-04-31").as_bytes());
    });
    assert_reports(
        &err,
        "recipients/lms.csv:3:30",
        "\"2026-04-31\" in `Completed` (the issued column) is not a date",
        "YYYY-MM-DD",
    );
}

#[test]
fn errors_on_a_header_that_appears_twice() {
    let err = failing_build(|s| {
        s.edit("recipients/main.csv", "evidence,cohort\n", "evidence,name\n");
        s.edit("recipients/lms.csv", "Completed,Score", "Completed,Learner");
    });
    assert_reports(&err, "recipients/main.csv:1:42", "the header `name` appears twice, in columns 2 and 7", "rename");
    assert_reports(&err, "recipients/lms.csv:1:26", "the header `Learner` appears twice, in columns 1 and 4", "rename");
}

#[test]
fn a_broken_config_does_not_hide_front_matter_problems() {
    let err = failing_build(|s| {
        s.edit("hallmark.toml", "[issuer]", "[issuer");
        s.edit("badges/first-aid.md", "+++\nname", "+++\ncolour = \"red\"\nname");
    });
    assert!(err.contains("hallmark.toml:7:"), "{err}");
    assert_reports(&err, "badges/first-aid.md:2:1", "unknown key `colour`", "remove or rename the key");
    assert!(err.contains("the rosters were not checked"), "{err}");
}
