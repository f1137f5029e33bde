//! Roster, front matter and config problems, each at its file:line:column.

use super::*;

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
    let err = failing_build(|s| s.edit("hallmark.toml", "language = \"en\"", "language = \"en\"\ndescripton = \"x\""));
    assert_reports(&err, "hallmark.toml:6:1", "unknown key `descripton` in [site]", "did you mean `description`?");
}

#[test]
fn errors_when_the_languages_leave_out_the_default_one_or_are_no_tags() {
    let err = failing_build(|s| {
        s.edit(
            "hallmark.toml",
            "language = \"en\"",
            "language = \"en\"\nlanguages = [\"fr\", \"../x\"]\ndigits = \"roman\"",
        )
    });
    for said in [
        "hallmark.toml:6:1: error: site.languages does not list site.language \"en\"",
        "languages = [\"en\", \"fr\"] with language = \"en\"",
        "hallmark.toml:6:1: error: site.languages: \"../x\" is not a language tag",
        "hallmark.toml:7:1: error: site.digits: \"roman\" is not a set of digits hallmark knows",
        "use one of latn, arab, arabext",
    ] {
        assert!(err.contains(said), "expected {said:?} in:\n{err}");
    }
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
