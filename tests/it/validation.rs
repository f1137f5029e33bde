//! Every content problem is reported with file:line:column and a fix, all together, and loses nothing.

use crate::support::{self, stderr, Site};

/// Builds after `mutate`, expects failure, and returns stderr; checks nothing was written.
fn failing_build(mutate: impl FnOnce(&Site)) -> String {
    let site = Site::fixture("small");
    site.build();
    let files = site.files();
    let ledger = site.ledger();
    mutate(&site);
    let out = site.run(&["build"]);
    assert!(!out.status.success(), "the build should fail");
    assert_eq!(site.files(), files, "public/ must be untouched");
    assert_eq!(site.ledger(), ledger, "the ledger must be untouched");
    stderr(&out)
}

fn assert_reports(err: &str, location: &str, message: &str, help: &str) {
    let line =
        err.lines().find(|l| l.contains(location)).unwrap_or_else(|| panic!("no problem at {location} in:\n{err}"));
    assert!(line.contains(message), "expected {message:?} at {location}, got:\n{err}");
    assert!(err.contains(help), "expected help {help:?} in:\n{err}");
}

#[test]
fn errors_on_missing_column() {
    let err = failing_build(|s| s.edit("recipients/main.csv", "badge,name,email", "badge,full_name,email"));
    assert_reports(
        &err,
        "recipients/main.csv:1:1",
        "the header has no `name` column",
        "[rosters.\"recipients/main.csv\".columns]",
    );
}

#[test]
fn errors_on_empty_required_field() {
    let err = failing_build(|s| s.edit("recipients/main.csv", "sql,Ada Lovelace,", "sql,,"));
    assert_reports(&err, "recipients/main.csv:2:5", "the recipient's name is empty", "write the name");
}

#[test]
fn errors_on_malformed_email() {
    let err = failing_build(|s| s.edit("recipients/main.csv", "ada@example.org", "ada@@example.org"));
    assert_reports(
        &err,
        "recipients/main.csv:2:18",
        "\"ada@@example.org\" is not a valid e-mail address",
        "name@domain.tld",
    );
}

#[test]
fn errors_on_malformed_date() {
    let err = failing_build(|s| s.edit("recipients/lms.csv", "2026-04-10", "10/04/2026"));
    assert_reports(
        &err,
        "recipients/lms.csv:2:28",
        "\"10/04/2026\" in `Completed` (the issued column) is not a date",
        "date_format = \"%d/%m/%Y\"",
    );
}

#[test]
fn errors_on_unknown_badge_with_a_suggestion() {
    let err = failing_build(|s| s.edit("recipients/main.csv", "sql,李雷", "sqll,李雷"));
    assert_reports(&err, "recipients/main.csv:4:1", "unknown badge \"sqll\"", "did you mean \"sql\"?");
}

#[test]
fn errors_on_the_same_recipient_twice_for_the_same_badge() {
    let err = failing_build(|s| s.append("main.csv", "sql,Ada L.,ADA@example.org,2026-03-01,,,Spring"));
    assert_reports(&err, "recipients/main.csv:5:1", "is listed twice for badge \"sql\"", "the first row is at");
    assert!(err.contains("recipients/main.csv:2:1; delete one of the two rows"), "{err}");
}

#[test]
fn warns_on_a_suspicious_near_duplicate_but_builds() {
    let site = Site::fixture("small");
    site.append("main.csv", "sql,ada lovelace,ada.l@example.com,2026-03-05,,,Spring");
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("recipients/main.csv:5:1: warning: \"ada lovelace\" looks like \"Ada Lovelace\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn errors_on_malformed_front_matter() {
    let err = failing_build(|s| s.edit("badges/sql.md", "name = \"SQL Basics\"", "name = \"SQL Basics"));
    assert_reports(&err, "badges/sql.md:2:", "front matter", "fix the front matter");
}

#[test]
fn errors_on_unknown_front_matter_key() {
    let err = failing_build(|s| s.edit("badges/first-aid.md", "+++\nname", "+++\ncolour = \"red\"\nname"));
    assert_reports(
        &err,
        "badges/first-aid.md:2:1",
        "unknown key `colour`",
        "remove or rename the key; the front matter accepts name, description",
    );
}

#[test]
fn errors_on_unknown_config_key() {
    let err =
        failing_build(|s| s.edit("hallmark.toml", "language = \"en\"", "language = \"en\"\nlanguages = [\"fr\"]"));
    assert_reports(&err, "hallmark.toml:6:1", "unknown key `languages` in [site]", "did you mean `language`?");
}

#[test]
fn errors_on_malformed_config() {
    let err = failing_build(|s| s.edit("hallmark.toml", "[issuer]", "[issuer"));
    assert!(err.contains("hallmark.toml:7:"), "{err}");
}

#[test]
fn reports_every_problem_in_one_pass_with_a_count() {
    let err = failing_build(|s| {
        s.edit("recipients/main.csv", "ada@example.org", "ada-at-example.org");
        s.edit("recipients/main.csv", "2026-03-02", "2026-02-30");
        s.edit("recipients/lms.csv", "zoe@example.org", "");
    });
    assert!(err.contains("3 problems found in the content"), "{err}");
    for loc in ["recipients/lms.csv:3:", "recipients/main.csv:2:", "recipients/main.csv:4:"] {
        assert!(err.contains(loc), "{loc} missing:\n{err}");
    }
    let first = err.find("recipients/lms.csv").unwrap();
    let second = err.find("recipients/main.csv:2").unwrap();
    assert!(first < second, "sorted by file then line:\n{err}");
}

#[test]
fn errors_on_expiry_before_issue() {
    let err = failing_build(|s| s.edit("recipients/main.csv", "2026-03-01,2028-03-01", "2026-03-01,2025-03-01"));
    assert_reports(
        &err,
        "recipients/main.csv:3:",
        "expires (2025-03-01) on or before it is issued",
        "expires must be later",
    );
}

/// Builds the fixture after `mutate` and asserts success; returns stderr (warnings).
fn passing_build(mutate: impl FnOnce(&Site)) -> (Site, String) {
    let site = Site::fixture("small");
    mutate(&site);
    let out = site.run(&["build"]);
    assert!(out.status.success(), "the build should pass:\n{}", stderr(&out));
    let err = stderr(&out);
    (site, err)
}

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

/// Writes raw bytes to a file under the content directory.
fn write_bytes(site: &Site, rel: &str, bytes: &[u8]) {
    std::fs::write(site.content().join(rel), bytes).unwrap();
}

/// The roster `text` as UTF-16 with a byte-order mark, little- or big-endian.
fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for unit in text.encode_utf16() {
        out.extend(if little_endian { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    out
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

#[test]
fn reports_every_unknown_config_key_with_the_front_matter_and_roster_problems() {
    let err = failing_build(|s| {
        s.edit("hallmark.toml", "language = \"en\"", "languag = \"en\"");
        s.edit("hallmark.toml", "url = \"https://academy.example/\"", "urll = \"https://academy.example/\"");
        s.edit("badges/first-aid.md", "+++\nname", "+++\ncolour = \"red\"\nname");
        s.edit("recipients/main.csv", "ada@example.org", "ada@@example.org");
    });
    assert!(err.contains("4 problems found"), "{err}");
    assert_reports(&err, "hallmark.toml:5:1", "unknown key `languag` in [site]", "did you mean `language`?");
    assert_reports(&err, "hallmark.toml:9:1", "unknown key `urll` in [issuer]", "did you mean `url`?");
    assert_reports(&err, "badges/first-aid.md:2:1", "unknown key `colour`", "remove or rename the key");
    assert_reports(
        &err,
        "recipients/main.csv:2:18",
        "\"ada@@example.org\" is not a valid e-mail address",
        "name@domain.tld",
    );
}

#[test]
fn reports_every_config_problem_at_once_not_one_per_build() {
    let err = failing_build(|s| {
        s.edit("hallmark.toml", "language = \"en\"", "language = 5\ncolour = \"red\"");
        s.edit("hallmark.toml", "[programs.data]\nname = \"Data\"", "[programs.data]\nnam = \"Data\"");
        s.edit("hallmark.toml", "badge = \"first-aid\"", "badge = \"first-aid\"\nbadges = 1");
        s.edit("hallmark.toml", "issued = \"Completed\"", "issued = \"Completed\"\nexpire = \"Until\"");
    });
    assert_reports(&err, "hallmark.toml:5:12", "site.language must be a string, not an integer", "quotes");
    assert_reports(
        &err,
        "hallmark.toml:6:1",
        "unknown key `colour` in [site]",
        "[site] accepts title, base_url, language",
    );
    assert_reports(&err, "hallmark.toml:14:1", "unknown key `nam` in [programs.data]", "did you mean `name`?");
    assert_reports(
        &err,
        "hallmark.toml:18:1",
        "unknown key `badges` in [rosters.\"recipients/lms.csv\"]",
        "did you mean `badge`?",
    );
    assert_reports(&err, "hallmark.toml:23:1", "unknown key `expire`", "did you mean `expires`?");
    assert!(err.contains("5 problems found"), "{err}");
}

#[test]
fn errors_on_control_characters_in_front_matter_criteria_and_config() {
    let err = failing_build(|s| {
        s.edit(
            "badges/sql.md",
            "description = \"Writes correct SQL queries.\"",
            "description = \"Writes\\u0001 SQL.\"",
        );
        s.edit("badges/sql.md", "skills = [\"SELECT\", \"JOIN\"]", "skills = [\"SELECT\", \"JO\\u0085IN\"]");
        s.edit("badges/sql.md", "Wrote **ten** queries", "Wrote **ten**\u{7} queries");
        s.edit("hallmark.toml", "name = \"Fixture Academy\"", "name = \"Fixture\\u001b Academy\"");
    });
    assert!(err.contains("4 problems found"), "{err}");
    assert_reports(&err, "badges/sql.md:3:15", "description contains a control character (U+0001)", "remove it");
    assert_reports(&err, "badges/sql.md:6:", "skills contains a control character (U+0085)", "remove it");
    assert_reports(&err, "badges/sql.md:11:14", "the criteria contain a control character (U+0007)", "remove it");
    assert_reports(&err, "hallmark.toml:8:8", "issuer.name contains a control character (U+001B)", "remove it");
}

#[test]
fn refuses_bidirectional_override_characters_in_a_name() {
    let err = failing_build(|s| s.edit("recipients/main.csv", "Ada Lovelace", "Ada \u{202E}ecalevoL"));
    assert!(
        err.contains("recipients/main.csv:2:9: error: the name contains a bidirectional control character (U+202E)"),
        "{err}"
    );
    let (_, err) = passing_build(|s| s.edit("recipients/lms.csv", "محمد علي", "محمد\u{200F} علي"));
    assert!(!err.contains("bidirectional"), "right-to-left marks are fine:\n{err}");
}

#[test]
fn errors_on_image_paths_that_leave_the_content_directory() {
    let err = failing_build(|s| {
        std::fs::write(s.root().join("outside.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
        s.edit("badges/sql.md", "achievement_type", "image = \"../../outside.svg\"\nachievement_type");
        s.edit(
            "hallmark.toml",
            "email = \"badges@academy.example\"",
            "email = \"badges@academy.example\"\nimage = \"../outside.svg\"",
        );
    });
    assert_reports(
        &err,
        "badges/sql.md:5:1",
        "badge image \"../../outside.svg\" is outside the content directory",
        "inside",
    );
    assert_reports(
        &err,
        "hallmark.toml:11:1",
        "issuer.image \"../outside.svg\" is outside the content directory",
        "inside",
    );
}

#[test]
fn errors_on_a_validity_period_beyond_a_hundred_years() {
    let err =
        failing_build(|s| s.edit("badges/sql.md", "achievement_type", "valid_for = \"10000y\"\nachievement_type"));
    assert_reports(&err, "badges/sql.md:5:1", "valid_for \"10000y\" is longer than 100 years", "at most 100y");
}

#[test]
fn errors_on_an_expiry_date_past_the_year_9999() {
    let err = failing_build(|s| {
        s.edit("badges/sql.md", "achievement_type", "valid_for = \"2y\"\nachievement_type");
        s.edit("recipients/main.csv", "2026-03-02", "9999-03-02");
    });
    assert_reports(&err, "recipients/main.csv:4:27", "would expire after the year 9999", "expires");
}

#[test]
fn warns_on_an_issue_date_in_the_future() {
    let (_, err) = passing_build(|s| s.edit("recipients/main.csv", "2026-03-02", "9999-12-31"));
    assert!(
        err.contains("recipients/main.csv:4:27: warning: issued in the future: the credential will not be valid until 31 December 9999"),
        "{err}"
    );
}

#[test]
fn the_future_is_judged_against_the_builds_today() {
    let site = Site::fixture("small");
    site.edit("recipients/main.csv", "2026-03-02", "2026-12-01");
    let key = support::test_secret();
    let before = site.run_at("2026-11-22", &["build"], &[("HALLMARK_SIGNING_KEY", &key)]);
    assert!(stderr(&before).contains("warning: issued in the future"), "{}", stderr(&before));
    let after = site.run_at("2026-12-05", &["build"], &[("HALLMARK_SIGNING_KEY", &key)]);
    assert!(after.status.success() && !stderr(&after).contains("issued in the future"), "{}", stderr(&after));
}

#[test]
fn many_warnings_are_summed_up_unless_all_are_asked_for() {
    let site = Site::fixture("small");
    let rows: String =
        (0..30).map(|i| format!("sql,Learner {i},l{i}@example.org,2027-01-{:02},,,Future\n", i % 28 + 1)).collect();
    let path = site.content().join("recipients/main.csv");
    let text = std::fs::read_to_string(&path).unwrap() + &rows;
    std::fs::write(&path, text).unwrap();
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("warning: issued in the future").count(), 20, "{err}");
    assert!(err.contains("warning: … and 10 more warnings (`hallmark check --all-warnings` lists every one)"), "{err}");
    let all = stderr(&site.run(&["check", "--all-warnings"]));
    assert_eq!(all.matches("warning: issued in the future").count(), 30, "{all}");
    assert!(!all.contains("more warnings"));
}

#[test]
fn the_headline_counts_warnings_listed_with_the_errors_and_names_without_letters_are_no_lookalikes() {
    let err = failing_build(|s| {
        s.append("main.csv", "sql,Grace,grace@@example.org,2026-03-05,,,x");
        s.append("main.csv", "sql,Future,future@example.org,2027-03-05,,,x");
    });
    assert!(err.contains("error: 1 problem and 1 warning found in the content:"), "{err}");
    let (_, err) = passing_build(|s| {
        s.append("main.csv", "sql,---,dash@example.org,2026-03-05,,,x");
        s.append("main.csv", "sql,🎉🎉,party@example.org,2026-03-05,,,x");
    });
    assert!(!err.contains("looks like"), "{err}");
}

#[test]
fn template_errors_name_the_template_file() {
    let err = failing_build(|s| {
        std::fs::create_dir_all(s.content().join("templates")).unwrap();
        std::fs::write(
            s.content().join("templates/credential.html"),
            "{% extends \"base.html\" %}\n{% block no_such_block %}x{% endblock %}\n",
        )
        .unwrap();
    });
    assert!(err.contains("Block `no_such_block` is not defined in any parent template"), "{err}");
    assert!(err.contains("content/templates/credential.html:2:10"), "{err}");
    let err = failing_build(|s| {
        std::fs::create_dir_all(s.content().join("templates")).unwrap();
        std::fs::write(s.content().join("templates/badge.html"), "{% extends \"bse.html\" %}\n").unwrap();
    });
    assert!(err.contains("templates/badge.html extends \"bse.html\", which no template provides"), "{err}");
}

/// The ids of the credentials in the site's ledger, in status-index order.
fn ledger_ids(site: &Site) -> Vec<String> {
    let mut entries: Vec<(u64, String)> = site
        .ledger()
        .lines()
        .filter(|l| {
            !l.starts_with('#') && !l.starts_with("signing-key\t") && !l.starts_with("proofs\t") && !l.trim().is_empty()
        })
        .map(|l| {
            let mut fields = l.split('\t');
            let id = fields.next().unwrap().to_string();
            (fields.next().unwrap().parse().unwrap(), id)
        })
        .collect();
    entries.sort();
    entries.into_iter().map(|(_, id)| id).collect()
}

/// A `revocations.toml` for the fixture's first three credentials with five problems: a misspelt key,
/// a date that does not exist, an id that was never issued, a quoted boolean and a misspelt table.
fn bad_revocations(site: &Site) -> String {
    let ids = ledger_ids(site);
    format!(
        "# Reviewed.\n\n\
         [[revoked]]\nid = \"{}\"\ndate = \"2026-11-01\"\nreasn = \"Issued in error\"\n\n\
         [[revoked]]\nid = \"{}\"\ndate = \"2026-11-31\"\n\n\
         [[suspended]]\nid = \"zzzz\"\ndate = 2026-11-02\npublic = \"yes\"\n\n\
         [[revokd]]\nid = \"{}\"\ndate = \"2026-11-03\"\n",
        ids[0], ids[1], ids[2]
    )
}

#[test]
fn reports_every_revocations_problem_with_the_roster_problems_in_one_run() {
    let err = failing_build(|s| {
        std::fs::write(s.content().join("revocations.toml"), bad_revocations(s)).unwrap();
        s.edit("recipients/main.csv", "ada@example.org", "ada@@example.org");
    });
    assert!(err.contains("6 problems found in the content"), "{err}");
    assert_reports(&err, "revocations.toml:6:1", "unknown key `reasn` in [[revoked]]", "did you mean `reason`?");
    assert_reports(&err, "revocations.toml:10:8", "\"2026-11-31\" is not a date", "write the date as YYYY-MM-DD");
    assert_reports(
        &err,
        "revocations.toml:13:6",
        "no issued credential has the id \"zzzz\"",
        "copy the id from the credential's URL (c/<id>/) or from hallmark.lock",
    );
    assert_reports(
        &err,
        "revocations.toml:15:10",
        "suspended.public must be true or false, not a string",
        "write public = true or public = false, without quotes",
    );
    assert_reports(&err, "revocations.toml:17:3", "unknown key `revokd`", "did you mean `revoked`?");
    assert_reports(&err, "recipients/main.csv:2:18", "is not a valid e-mail address", "name@domain.tld");
}

#[test]
fn check_reports_the_ledger_problems_of_revocations_toml_with_the_others() {
    let site = Site::fixture("small");
    site.build();
    std::fs::write(site.content().join("revocations.toml"), bad_revocations(&site)).unwrap();
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert!(!out.status.success() && err.contains("5 problems found in the content"), "{err}");
    assert!(err.contains("revocations.toml:13:6: error: no issued credential has the id \"zzzz\""), "{err}");
    assert!(err.contains("revocations.toml:6:1: error: unknown key `reasn` in [[revoked]]"), "{err}");
}

#[test]
fn an_unknown_id_is_reported_even_in_an_entry_with_another_problem() {
    let err = failing_build(|s| {
        std::fs::write(
            s.content().join("revocations.toml"),
            "[[revoked]]\nid = \"zzzz\"\ndate = \"01/11/2026\"\n\n[[suspended]]\nid = \"yyyy\"\ndate = \"2026-11-01\"\nlifted = \"2026-10-01\"\n",
        )
        .unwrap();
    });
    assert!(err.contains("4 problems found in the content"), "{err}");
    assert_reports(&err, "revocations.toml:2:6", "no issued credential has the id \"zzzz\"", "copy the id");
    assert_reports(&err, "revocations.toml:3:8", "\"01/11/2026\" is not a date", "YYYY-MM-DD");
    assert_reports(&err, "revocations.toml:6:6", "no issued credential has the id \"yyyy\"", "copy the id");
    assert_reports(
        &err,
        "revocations.toml:8:10",
        "the suspension is lifted on 2026-10-01, before it began",
        "lifted must be",
    );
}
