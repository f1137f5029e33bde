//! The configuration, control and bidirectional characters, paths, dates, warnings and templates.

use super::*;

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
