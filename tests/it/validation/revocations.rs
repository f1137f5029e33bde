//! revocations.toml's problems, reported with the others.

use super::*;

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
