//! What a status change may not do, and what it says when it changes nothing.

use super::*;

#[test]
fn correcting_the_row_of_a_revoked_or_suspended_credential_is_an_error_not_a_new_valid_credential() {
    let site = Site::fixture("small");
    site.build();
    let ada = id_of(&by_name(&site, "Ada Lovelace").remove(0).0);
    let li = id_of(&by_name(&site, "李雷").remove(0).0);
    assert!(site.run(&["revoke", &ada, "--reason", "Issued in error", "--date", "2026-11-01"]).status.success());
    assert!(site.run(&["suspend", &li, "--reason", "Under review", "--date", "2026-11-02"]).status.success());
    site.build();
    let (before, ledger) = (site.files(), site.ledger());

    site.edit("recipients/main.csv", "Ada Lovelace", "Ada King");
    site.edit("recipients/main.csv", "李雷", "李 雷");
    let out = site.run(&["build"]);
    assert!(!out.status.success(), "a one-character edit must not undo a revocation");
    let err = stderr(&out);
    assert!(err.contains("2 problems found"), "{err}");
    assert!(
        err.contains(&format!("main.csv:2:1: error: this row changes the name from \"Ada Lovelace\" to \"Ada King\" of credential {ada}, which is revoked (since 2026-11-01)")),
        "{err}"
    );
    assert!(err.contains("delete its [[revoked]] entry (") && err.contains("revocations.toml:"), "{err}");
    assert!(err.contains("which is suspended (since 2026-11-02)"), "{err}");
    assert!(err.contains(&format!("hallmark reinstate {li}")), "{err}");
    assert_eq!((site.files(), site.ledger()), (before, ledger), "nothing changed");

    // Lifting the revocation in the same change makes it an ordinary correction.
    std::fs::write(
        site.content().join("revocations.toml"),
        format!("[[suspended]]\nid = \"{li}\"\ndate = \"2026-11-02\"\nreason = \"Under review\"\n"),
    )
    .unwrap();
    site.edit("recipients/main.csv", "李 雷", "李雷");
    let out = site.build();
    assert!(stdout(&out).contains("0 new, 1 corrected"), "{}", stdout(&out));
    assert!(page(&site, &ada).contains("Replaced"));
}

#[test]
fn a_name_corrected_twice_links_the_first_page_to_the_current_credential() {
    let site = Site::fixture("small");
    site.build();
    let first = id_of(&by_name(&site, "Ada Lovelace").remove(0).0);
    site.edit("recipients/main.csv", "Ada Lovelace", "Ada Lovelac");
    site.build();
    let second = id_of(&by_name(&site, "Ada Lovelac").remove(0).0);
    site.edit("recipients/main.csv", "Ada Lovelac", "Augusta Ada King");
    site.build();
    let third = id_of(&by_name(&site, "Augusta Ada King").remove(0).0);
    for old in [&first, &second] {
        let html = page(&site, old);
        let notice = html.split("id=\"status-notice\"").nth(1).unwrap().split("</div>").next().unwrap();
        assert!(notice.contains(&format!("/c/{third}/\"")), "{old} links to the current credential: {notice}");
        assert!(!notice.contains(&format!("/c/{second}/\"")), "not to a credential that was replaced itself: {notice}");
    }
    // The ledger keeps each step.
    let ledger = site.ledger();
    assert!(ledger.lines().any(|l| l.starts_with(&first) && l.contains(&second)));
    assert!(ledger.lines().any(|l| l.starts_with(&second) && l.contains(&third)));
}

#[test]
fn a_credential_whose_row_is_gone_or_whose_roster_is_broken_can_still_be_revoked() {
    let site = Site::fixture("small");
    site.build();
    let li = id_of(&by_name(&site, "李雷").remove(0).0);
    site.edit("recipients/main.csv", "sql,李雷,li.lei@example.net,2026-03-02,,,Spring\n", "");
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert!(err.contains(&format!("hallmark revoke {li} --reason")), "the help gives the command to run: {err}");
    site.append("main.csv", "sql,Grace Hopper,grace@@example.org,2026-03-05,,,Spring");

    // The command the help gives works although the content has problems.
    let out = site.run(&["revoke", &li, "--reason", "Left the course"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("the content has 1 problem"), "{}", stderr(&out));
    assert!(stdout(&out).contains("Revoked 1 credential"), "{}", stdout(&out));
    // A query by roster needs the rosters, and says so.
    let out = site.run(&["revoke", "--roster", "recipients/main.csv", "--reason", "x"]);
    assert!(!out.status.success() && stderr(&out).contains("--roster needs the rosters"), "{}", stderr(&out));

    site.edit("recipients/main.csv", "grace@@example.org", "grace@example.org");
    site.build();
    assert!(page(&site, &li).contains("Revoked"));
}

#[test]
fn a_revocation_while_the_content_is_broken_counts_the_unknown_ids_of_revocations_toml() {
    let site = Site::fixture("small");
    site.build();
    let li = id_of(&by_name(&site, "李雷").remove(0).0);
    site.edit("recipients/main.csv", "ada@example.org", "ada@@example.org");
    std::fs::write(site.content().join("revocations.toml"), "[[revoked]]\nid = \"zzzz\"\ndate = \"2026-11-01\"\n")
        .unwrap();
    let out = site.run(&["revoke", &li, "--reason", "Left the course"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("the content has 2 problems"), "the count is `hallmark check`'s: {}", stderr(&out));
    let err = stderr(&site.run(&["check"]));
    assert!(
        err.contains("2 problems found") && err.contains("revocations.toml:2:6: error: no issued credential"),
        "{err}"
    );
}

#[test]
fn a_changed_email_address_is_explained_as_a_new_credential() {
    let site = Site::fixture("small");
    site.build();
    let ada = id_of(&by_name(&site, "Ada Lovelace").remove(0).0);
    site.edit("recipients/main.csv", "ada@example.org", "ada.lovelace@example.org");
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("the new row at ") && err.contains("main.csv:2:1 looks like this one"), "{err}");
    assert!(err.contains(&format!("hallmark revoke {ada} --reason")), "{err}");
}

#[test]
fn bulk_queries_refuse_what_the_site_does_not_have() {
    let site = Site::fixture("small");
    site.build();
    let out = site.run(&["revoke", "--badge", "sqll", "--reason", "x"]);
    assert!(!out.status.success() && stderr(&out).contains("did you mean \"sql\""), "{}", stderr(&out));
    let out = site.run(&["revoke", "--roster", "t.csv", "--reason", "x", "--dry-run"]);
    assert!(!out.status.success(), "a suffix is not a roster: {}", stdout(&out));
    assert!(stderr(&out).contains("the rosters are: recipients/lms.csv, recipients/main.csv"), "{}", stderr(&out));
    let out = site.run(&["revoke", "--roster", "./recipients/lms.csv", "--reason", "x", "--dry-run"]);
    assert!(stdout(&out).contains("Would revoke 2 credentials"), "{}{}", stdout(&out), stderr(&out));
    let out = site.run(&["revoke", "--issued-after", "2026-04-01", "--issued-before", "2026-03-01", "--reason", "x"]);
    assert!(!out.status.success() && stderr(&out).contains("selects no day"), "{}", stderr(&out));
    let out = site.run(&["revoke", "--badge", "sql", "--reason", "x", "--date", "2026-12-01"]);
    assert!(!out.status.success() && stderr(&out).contains("in the future"), "{}", stderr(&out));
    assert!(!site.content().join("revocations.toml").exists());

    // Rows not issued yet are mentioned, not silently left out.
    site.append("main.csv", "sql,Grace Hopper,grace@example.org,2026-03-05,,,Spring");
    let out = site.run(&["revoke", "--badge", "sql", "--reason", "x", "--dry-run"]);
    assert!(stdout(&out).contains("1 roster row the query matches is not issued yet"), "{}", stdout(&out));
}

#[test]
fn status_changes_that_change_nothing_say_why() {
    let site = Site::fixture("small");
    site.build();
    let ada = id_of(&by_name(&site, "Ada Lovelace").remove(0).0);
    assert!(site.run(&["revoke", &ada, "--reason", "x", "--date", "2026-11-01"]).status.success());
    let again = site.run(&["revoke", &ada, "--reason", "x"]);
    assert!(
        stdout(&again).contains("Revoked 0 credentials") && stdout(&again).contains("already revoked on 2026-11-01")
    );
    let suspend = site.run(&["suspend", &ada, "--reason", "x"]);
    assert!(stdout(&suspend).contains("revoked, so it cannot be suspended"), "{}", stdout(&suspend));
    let reinstate = site.run(&["reinstate", &ada]);
    assert!(stdout(&reinstate).contains("not suspended"), "{}", stdout(&reinstate));
}

#[test]
fn reinstating_keeps_the_record_and_the_suspension_list_moves_forward() {
    let site = Site::fixture("small");
    site.build();
    let (path, cred) = by_name(&site, "Ada Lovelace").remove(0);
    let ada = id_of(&path);
    let run = |today: &str, args: &[&str]| {
        let out = site.run_at(today, args, &[("HALLMARK_SIGNING_KEY", &support::test_secret())]);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    run("2026-11-10", &["suspend", &ada, "--reason", "Under review"]);
    run("2026-11-10", &["build"]);
    assert_eq!(list_valid_from(&site, "suspension"), "2026-11-10T00:00:00Z");
    run("2026-11-20", &["reinstate", &ada]);
    let toml = std::fs::read_to_string(site.content().join("revocations.toml")).unwrap();
    assert!(toml.contains("date = \"2026-11-10\"") && toml.contains("lifted = \"2026-11-20\""), "{toml}");
    run("2026-11-20", &["build"]);
    assert!(!bit(&site, "suspension", &cred));
    assert_eq!(list_valid_from(&site, "suspension"), "2026-11-20T00:00:00Z", "the list that clears the bit is newer");
    // Suspended again later: a second entry, in force.
    run("2026-11-21", &["suspend", &ada, "--reason", "Again"]);
    run("2026-11-21", &["build"]);
    assert!(bit(&site, "suspension", &cred));
}

#[test]
fn status_dates_in_the_future_or_before_the_issue_are_errors_and_bare_toml_dates_work() {
    let site = Site::fixture("small");
    site.build();
    let ada = id_of(&by_name(&site, "Ada Lovelace").remove(0).0);
    let li = id_of(&by_name(&site, "李雷").remove(0).0);
    std::fs::write(
        site.content().join("revocations.toml"),
        format!("[[revoked]]\nid = \"{ada}\"\ndate = 2027-01-01\n\n[[suspended]]\nid = \"{li}\"\ndate = 2026-01-01\n"),
    )
    .unwrap();
    let err = stderr(&site.run(&["build"]));
    assert!(err.contains("revocations.toml:3:8: error: 2027-01-01 is in the future (today is 2026-11-22)"), "{err}");
    assert!(
        err.contains(&format!(
            "revocations.toml:7:8: error: 2026-01-01 is before credential {li} was issued (2026-03-02)"
        )),
        "{err}"
    );
    std::fs::write(
        site.content().join("revocations.toml"),
        format!("[[revoked]]\nid = \"{ada}\"\ndate = 2026-11-01\n"),
    )
    .unwrap();
    site.build();
    assert!(page(&site, &ada).contains("1 November 2026"));
}

#[test]
fn a_status_list_is_never_dated_in_the_future() {
    let site = Site::fixture("small");
    site.append("main.csv", "sql,Grace Hopper,grace@example.org,2027-06-01,,,Next year");
    site.build();
    for purpose in ["revocation", "suspension"] {
        assert_eq!(
            list_valid_from(&site, purpose),
            "2026-04-11T00:00:00Z",
            "{purpose}: the latest date that is not after today"
        );
    }
}

#[test]
fn report_expiring_leaves_out_credentials_already_renewed() {
    let site = Site::fixture("small");
    site.build();
    site.append("main.csv", "sql,Siobhán O'Brien,siobhan@example.org,2028-02-10,2030-02-10,,Renewal");
    site.run_at("2028-02-10", &["build"], &[("HALLMARK_SIGNING_KEY", &support::test_secret())]);
    let out = site.run_at("2028-02-15", &["report", "expiring", "--within", "30d"], &[]);
    assert!(stdout(&out).contains("No credential expires in that window."), "{}", stdout(&out));
}

#[test]
fn emptying_an_expires_cell_keeps_the_date_and_says_so() {
    let site = Site::fixture("small");
    site.build();
    site.edit("recipients/main.csv", "siobhan@example.org,2026-03-01,2028-03-01", "siobhan@example.org,2026-03-01,");
    let out = site.build();
    let err = stderr(&out);
    assert!(err.contains("main.csv:3:1: warning: the expires cell is empty, but credential"), "{err}");
    assert!(err.contains("expires on 2028-03-01: it keeps that date"), "{err}");
    assert!(stdout(&out).contains("0 corrected"), "{}", stdout(&out));
}

#[test]
fn status_dates_are_checked_before_anything_is_written_even_in_a_dry_run() {
    let site = Site::fixture("small");
    site.build();
    let ada = id_of(&by_name(&site, "Ada Lovelace").remove(0).0);
    for dry in [true, false] {
        let mut args = vec!["revoke", ada.as_str(), "--reason", "x", "--date", "2026-02-01"];
        if dry {
            args.push("--dry-run");
        }
        let out = site.run(&args);
        assert!(!out.status.success(), "dry run {dry}: {}", stdout(&out));
        assert!(
            stderr(&out).contains(&format!(
                "--date 2026-02-01 is before the day this credential was issued: {ada} (2026-03-01)"
            )),
            "{}",
            stderr(&out)
        );
        let bad = site.run(&["revoke", &ada, "--reason", "x", "--dry-run", "--date", "12/05/2026"]);
        assert!(!bad.status.success() && stderr(&bad).contains("write the date as YYYY-MM-DD"), "{}", stderr(&bad));
    }
    assert!(!site.content().join("revocations.toml").exists());

    assert!(site.run(&["suspend", &ada, "--reason", "x", "--date", "2026-11-10"]).status.success());
    let out = site.run(&["reinstate", &ada, "--date", "2026-11-01"]);
    assert!(
        !out.status.success() && stderr(&out).contains("before the day this credential was suspended"),
        "{}",
        stderr(&out)
    );
    site.build();
}

#[test]
fn a_credential_dated_in_the_future_can_be_withdrawn_before_its_day() {
    let site = Site::fixture("small");
    site.append("main.csv", "sql,Grace Hopper,grace@example.org,2026-12-10,,,Next month");
    site.build();
    let grace = id_of(&by_name(&site, "Grace Hopper").remove(0).0);
    let out = site.run(&["revoke", &grace, "--reason", "Dated wrongly"]);
    assert!(out.status.success(), "{}", stderr(&out));
    site.build();
    assert!(page(&site, &grace).contains("Revoked"));
}
