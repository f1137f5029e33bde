//! Renewals, corrections, bulk revocation and the status lists' indexes.

use super::*;

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
