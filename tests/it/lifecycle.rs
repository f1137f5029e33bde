//! Every state change is a reviewed, one-line content change that verifiers see at the next build:
//! revoke, suspend and reinstate, expire, renew, correct.

use crate::support::{self, stderr, stdout, Site};
use hallmark::crypto::Bitstring;
use serde_json::Value;

fn by_name(site: &Site, name: &str) -> Vec<(String, Value)> {
    site.credentials()
        .into_iter()
        .filter(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"] == name)
        .collect()
}

fn id_of(path: &str) -> String {
    path.trim_start_matches("c/").trim_end_matches("/credential.json").to_string()
}

fn page(site: &Site, id: &str) -> String {
    String::from_utf8(site.files()[&format!("c/{id}/index.html")].clone()).unwrap()
}

fn bit(site: &Site, purpose: &str, cred: &Value) -> bool {
    let index: u64 = cred["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap();
    let list: Value = serde_json::from_slice(&site.files()[&format!("status/{purpose}/1.json")]).unwrap();
    Bitstring::decode(list["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap().get(index)
}

fn verify_state(site: &Site, today: &str, path: &str) -> String {
    let out = site.run_at(today, &["verify", "--format", "json", site.public().join(path).to_str().unwrap()], &[]);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    report["credentials"][0]["state"].as_str().unwrap().to_string()
}

#[test]
fn issued_then_revoked_sets_the_bit_shows_the_reason_and_changes_nothing_else() {
    let site = Site::fixture("small");
    site.build();
    let (path, cred) = by_name(&site, "Ada Lovelace").remove(0);
    let id = id_of(&path);
    let before = site.files();
    assert!(!bit(&site, "revocation", &cred));

    let out = site.run(&["revoke", &id, "--reason", "Issued in error", "--public", "--date", "2026-11-20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let toml = std::fs::read_to_string(site.content().join("revocations.toml")).unwrap();
    assert!(toml.contains(&format!("id = \"{id}\"")) && toml.contains("reason = \"Issued in error\""), "{toml}");
    site.build();

    assert!(bit(&site, "revocation", &cred));
    let html = page(&site, &id);
    assert!(html.contains("Revoked"), "{html}");
    assert!(html.contains("20 November 2026") && html.contains("Issued in error"));
    let after = site.files();
    let changed: Vec<&String> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert_eq!(changed, vec![&format!("c/{id}/index.html"), &"status/revocation/1.json".to_string()]);
    assert_eq!(after[&path], before[&path], "the JSON stays published with its proofs");
    assert_eq!(verify_state(&site, "2026-11-22", &path), "revoked");
}

#[test]
fn private_reasons_stay_off_the_page() {
    let site = Site::fixture("small");
    site.build();
    let (path, _) = by_name(&site, "李雷").remove(0);
    let id = id_of(&path);
    assert!(site.run(&["revoke", &id, "--reason", "Academic misconduct"]).status.success());
    site.build();
    let html = page(&site, &id);
    assert!(html.contains("Revoked"));
    assert!(!html.contains("Academic misconduct"), "the site does not publish reasons by default");
}

#[test]
fn suspended_then_reinstated_sets_and_clears_the_suspension_bit() {
    let site = Site::fixture("small");
    site.build();
    let (path, cred) = by_name(&site, "Ada Lovelace").remove(0);
    let id = id_of(&path);
    let original = site.files();
    assert!(site.run(&["suspend", &id, "--reason", "Under review", "--public"]).status.success());
    site.build();
    assert!(bit(&site, "suspension", &cred));
    assert!(!bit(&site, "revocation", &cred));
    assert!(page(&site, &id).contains("Suspended"));
    assert_eq!(verify_state(&site, "2026-11-22", &path), "suspended");

    let out = site.run(&["reinstate", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    site.build();
    assert!(!bit(&site, "suspension", &cred));
    assert_eq!(verify_state(&site, "2026-11-22", &path), "verified");
    assert_eq!(site.files()[&format!("c/{id}/index.html")], original[&format!("c/{id}/index.html")]);
}

#[test]
fn valid_then_expired_shows_at_build_time_and_in_the_json() {
    let site = Site::fixture("small");
    site.build();
    let (path, cred) = by_name(&site, "Siobhán O'Brien").remove(0);
    let id = id_of(&path);
    assert_eq!(cred["validUntil"], "2028-03-01T23:59:59Z");
    assert!(!page(&site, &id).contains("Expired on"));
    let ics = String::from_utf8(site.files()[&format!("c/{id}/expiry.ics")].clone()).unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20280301"), "{ics}");
    assert!(page(&site, &id).contains(&format!("c/{id}/expiry.ics")));

    let out = site.run_at("2028-03-02", &["build"], &[("HALLMARK_SIGNING_KEY", &support::test_secret())]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(page(&site, &id).contains("Expired on"), "{}", page(&site, &id));
    assert_eq!(verify_state(&site, "2028-03-02", &path), "expired");
}

#[test]
fn badges_with_a_validity_period_give_every_credential_an_expiry() {
    let site = Site::fixture("small");
    site.edit(
        "badges/first-aid.md",
        "description = \"Emergency first aid at work.\"",
        "description = \"Emergency first aid at work.\"\nvalid_for = \"3y\"",
    );
    site.build();
    let (_, cred) = by_name(&site, "Zoë Ångström").remove(0);
    assert_eq!(cred["validUntil"], "2029-04-11T23:59:59Z");
}

#[test]
fn a_renewal_issues_a_new_credential_and_both_stay_in_the_ledger() {
    let site = Site::fixture("small");
    site.build();
    site.append("main.csv", "sql,Siobhán O'Brien,siobhan@example.org,2028-02-20,2030-02-20,,Renewal");
    let out = site.build();
    assert!(stdout(&out).contains("1 new, 0 corrected, 5 unchanged"), "{}", stdout(&out));
    let both = by_name(&site, "Siobhán O'Brien");
    assert_eq!(both.len(), 2);
    let froms: Vec<&str> = both.iter().map(|(_, c)| c["validFrom"].as_str().unwrap()).collect();
    assert!(froms.contains(&"2026-03-01T00:00:00Z") && froms.contains(&"2028-02-20T00:00:00Z"));
    assert_eq!(site.ledger().lines().filter(|l| l.contains("Siobhán O'Brien")).count(), 2);
}

#[test]
fn a_corrected_name_re_issues_and_the_old_page_says_replaced_by() {
    let site = Site::fixture("small");
    site.build();
    let (old_path, old) = by_name(&site, "Ada Lovelace").remove(0);
    let old_id = id_of(&old_path);
    let old_bytes = site.files()[&old_path].clone();
    site.edit("recipients/main.csv", "Ada Lovelace", "Augusta Ada King");
    let out = site.build();
    assert!(stdout(&out).contains("0 new, 1 corrected, 4 unchanged"), "{}", stdout(&out));

    let (new_path, new) = by_name(&site, "Augusta Ada King").remove(0);
    let new_id = id_of(&new_path);
    assert_ne!(new_id, old_id);
    assert_eq!(new["validFrom"], old["validFrom"], "the award date is the same");
    assert_ne!(new["credentialStatus"]["statusListIndex"], old["credentialStatus"]["statusListIndex"], "a new index");
    assert_eq!(site.files()[&old_path], old_bytes, "the old credential stays published as it was");
    assert!(bit(&site, "revocation", &old), "the old one is revoked (superseded)");
    assert!(!bit(&site, "revocation", &new));
    let old_page = page(&site, &old_id);
    assert!(old_page.contains("Replaced by") && old_page.contains(&format!("c/{new_id}/")), "{old_page}");
    assert!(page(&site, &new_id).contains(&format!("c/{old_id}/")), "the new page links to the one it replaces");
    let ledger = site.ledger();
    let old_line = ledger.lines().find(|l| l.starts_with(&old_id)).unwrap();
    assert!(old_line.contains(&new_id), "the ledger records the replacement: {old_line}");

    // Rebuilding from the ledger alone gives the same site: nothing depends on the old row.
    let files = site.files();
    site.build();
    assert_eq!(site.files(), files);
}

#[test]
fn a_revoked_credential_whose_row_is_deleted_stays_published() {
    let site = Site::fixture("small");
    site.build();
    let (path, _) = by_name(&site, "李雷").remove(0);
    let id = id_of(&path);
    let json = site.files()[&path].clone();
    assert!(site.run(&["revoke", &id, "--reason", "Withdrawn at the recipient's request"]).status.success());
    site.edit("recipients/main.csv", "sql,李雷,li.lei@example.net,2026-03-02,,,Spring\n", "");
    site.build();
    assert_eq!(site.files()[&path], json);
    assert!(page(&site, &id).contains("Revoked"));
}

#[test]
fn bulk_revocation_by_badge_and_date_has_a_dry_run() {
    let site = Site::fixture("small");
    site.build();
    let out =
        site.run(&["revoke", "--badge", "sql", "--issued-before", "2026-03-02", "--reason", "Exam leak", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Would revoke 2 credentials"), "{text}");
    assert!(text.contains("Ada Lovelace") && text.contains("Siobhán O'Brien") && !text.contains("李雷"));
    assert!(!site.content().join("revocations.toml").exists(), "a dry run changes nothing");

    let out = site.run(&["revoke", "--roster", "recipients/lms.csv", "--reason", "Course withdrawn"]);
    assert!(stdout(&out).contains("Revoked 2 credentials"), "{}", stdout(&out));
    site.build();
    let revoked: Vec<_> = site.credentials().into_iter().filter(|(_, c)| bit(&site, "revocation", c)).collect();
    assert_eq!(revoked.len(), 2);
}

#[test]
fn revoking_needs_a_reason_and_a_known_id() {
    let site = Site::fixture("small");
    site.build();
    let out = site.run(&["revoke", "nosuchid", "--reason", "x"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no issued credential has the id \"nosuchid\""));
    let (path, _) = by_name(&site, "Ada Lovelace").remove(0);
    let out = site.run(&["revoke", &id_of(&path)]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("give a --reason"));
}

#[test]
fn an_unknown_id_in_revocations_toml_is_an_error_at_its_line() {
    let site = Site::fixture("small");
    site.build();
    std::fs::write(
        site.content().join("revocations.toml"),
        "# test\n\n[[revoked]]\nid = \"zzzz\"\ndate = \"2026-11-01\"\n",
    )
    .unwrap();
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("revocations.toml:4:6: error: no issued credential has the id \"zzzz\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn status_indexes_are_never_reused_and_lists_keep_131072_entries() {
    let site = Site::fixture("small");
    site.build();
    site.edit("recipients/main.csv", "Ada Lovelace", "Ada King");
    site.build();
    site.edit("recipients/main.csv", "Ada King", "Ada K. Lovelace");
    site.build();
    let mut indexes: Vec<u64> = site
        .credentials()
        .iter()
        .map(|(_, c)| c["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap())
        .collect();
    indexes.sort();
    assert_eq!(indexes, vec![0, 1, 2, 3, 4, 5, 6], "two corrections took two new indexes");
    for purpose in ["revocation", "suspension"] {
        let list: Value = serde_json::from_slice(&site.files()[&format!("status/{purpose}/1.json")]).unwrap();
        assert!(
            Bitstring::decode(list["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap().len() >= 131_072
        );
    }
}

#[test]
fn report_expiring_lists_current_credentials_in_the_window() {
    let site = Site::fixture("small");
    site.build();
    let out = site.run_at("2028-02-15", &["report", "expiring", "--within", "30d"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("2028-03-01") && text.contains("15") && text.contains("siobhan@example.org"), "{text}");
    let out = site.run_at("2028-02-15", &["report", "expiring", "--within", "30d", "--format", "csv"], &[]);
    let csv = stdout(&out);
    assert!(csv.starts_with("id,badge,name,email,expires,days_left,page_url\n"), "{csv}");
    assert_eq!(csv.lines().count(), 2);
    let out = site.run_at("2028-02-15", &["report", "expiring", "--within", "1y", "--format", "json"], &[]);
    let rows: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["days_left"], 15);
    let out = site.run_at("2026-11-22", &["report", "expiring", "--within", "30d"], &[]);
    assert!(stdout(&out).contains("No credential expires in that window."));
}

fn list_valid_from(site: &Site, purpose: &str) -> String {
    let list: Value = serde_json::from_slice(&site.files()[&format!("status/{purpose}/1.json")]).unwrap();
    list["validFrom"].as_str().unwrap().to_string()
}

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
