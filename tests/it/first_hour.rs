//! Issue 17 end to end, as a new institution would go: `hallmark init` in an empty directory, the
//! sample replaced by a real badge and an LMS export (its own headers, day-first date-times), the
//! pull request's `check --locked --plan --format markdown` with no key anywhere, the deploy's build
//! with the key from the environment, and the workflows `init` wrote passing actionlint.

use std::path::Path;
use std::process::{Command, Output};

use crate::change_plan::git;
use crate::support::{stderr, stdout};

/// `hallmark <args>` in `dir`, as a person runs it: no key, `HOME` at `dir`.
fn hallmark(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hallmark"));
    cmd.current_dir(dir).env_remove("HALLMARK_SIGNING_KEY").env("HOME", dir).args(["--today", "2026-11-22"]);
    cmd.args(args).envs(env.iter().copied());
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "hallmark {args:?}:\n{}{}", stdout(&out), stderr(&out));
    out
}

const BADGE: &str = r#"+++
name = "SQL Foundations"
description = "Writes correct, readable SQL queries."
program = "general"
achievement_type = "Course"
skills = ["SELECT", "JOIN", "GROUP BY"]
+++
The earner passed the final assessment of the SQL Foundations course.
"#;

const ARTWORK: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200"><circle cx="100" cy="100" r="90" fill="#1d4ed8"/><text x="100" y="112" font-size="36" text-anchor="middle" fill="#fff">SQL</text></svg>
"##;

/// An LMS export as it comes: its own headers, day-first dates with a time, a column of its own.
const EXPORT: &str = "\u{feff}Full name;Email address;Completion date;Final grade\r\n\
Grace Hopper;grace.hopper@example.org;09/03/2026 14:33;92\r\n\
Alan Turing;alan.turing@example.org;02/03/2026 09:05;88\r\n\
Katherine Johnson;k.johnson@example.org;17/03/2026 16:40;97\r\n";

const MAPPING: &str = r#"
[rosters."recipients/lms-export.csv"]
badge = "sql-foundations"
date_format = "%d/%m/%Y"
[rosters."recipients/lms-export.csv".columns]
name = "Full name"
email = "Email address"
issued = "Completion date"
"#;

#[test]
fn from_hallmark_init_to_a_reviewed_signed_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    hallmark(site, &["init", ".", "--name", "Kestrel Evening School"], &[]);
    git(site, &["init", "-q", "-b", "main"]);
    git(site, &["add", "-A"]);
    git(site, &["commit", "-qm", "hallmark init"]);

    // The sample goes; the real badge and the LMS export come in, on a branch for review.
    git(site, &["checkout", "-qb", "first-cohort"]);
    let content = site.join("content");
    for sample in ["badges/welcome.md", "badges/welcome.svg", "recipients/example.csv"] {
        std::fs::remove_file(content.join(sample)).unwrap();
    }
    std::fs::write(content.join("badges/sql-foundations.md"), BADGE).unwrap();
    std::fs::write(content.join("badges/sql-foundations.svg"), ARTWORK).unwrap();
    std::fs::write(content.join("recipients/lms-export.csv"), EXPORT).unwrap();
    let toml = std::fs::read_to_string(content.join("hallmark.toml")).unwrap();
    std::fs::write(content.join("hallmark.toml"), toml + MAPPING).unwrap();
    // The editor builds (with the development key: they hold no institution key) and commits the ledger.
    hallmark(site, &["build"], &[]);
    git(site, &["add", "-A"]);
    git(site, &["commit", "-qm", "The first cohort of SQL Foundations"]);

    // The pull request's check: no key file, no secret, the plan of the change as Markdown.
    let out = hallmark(site, &["check", "--locked", "--plan", "--base", "main", "--format", "markdown"], &[]);
    let plan = stdout(&out);
    assert!(plan.starts_with("## hallmark: the plan of this change\n"), "{plan}");
    assert!(plan.contains("compared with main") && plan.contains("- issues 3 credentials\n"), "{plan}");
    for (name, issued, line) in
        [("Grace Hopper", "2026-03-09", 2), ("Alan Turing", "2026-03-02", 3), ("Katherine Johnson", "2026-03-17", 4)]
    {
        let row = format!(
            "| {name} | SQL Foundations \\(sql-foundations\\) | issued {issued} | recipients/lms-export.csv:{line} |"
        );
        assert!(plan.contains(&row), "{row}\n{plan}");
    }
    assert!(!plan.contains("@example.org") && !plan.contains("92"), "nothing beyond names and badges:\n{plan}");
    assert!(stderr(&out).contains("throwaway key"), "{}", stderr(&out));

    // The deploy: the institution's key from the environment, the ledger as committed.
    let keys = tempfile::tempdir().unwrap();
    let key_file = keys.path().join("kestrel.key");
    let out = hallmark(site, &["keygen", "--output", key_file.to_str().unwrap()], &[]);
    let public = stdout(&out).lines().find_map(|l| l.strip_prefix("Public key: ")).unwrap().to_string();
    let secret = std::fs::read_to_string(&key_file).unwrap().lines().last().unwrap().to_string();
    let out = hallmark(site, &["build", "--locked"], &[("HALLMARK_SIGNING_KEY", &secret)]);
    assert!(stdout(&out).contains("Built 3 credentials for 1 badge"), "{}", stdout(&out));
    let did = std::fs::read_to_string(site.join("public/did.json")).unwrap();
    assert!(did.contains(&public), "the site is signed with the key from the environment");
    let out = hallmark(site, &["verify", "--format", "json", "public"], &[]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let states: Vec<&str> =
        report["credentials"].as_array().unwrap().iter().map(|c| c["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["verified"; 3], "{report:#}");

    // The workflows init wrote pass actionlint, in the repository they were written for.
    let actionlint = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workflows/.venv/bin/actionlint");
    let actionlint = std::env::var_os("ACTIONLINT").map(std::path::PathBuf::from).unwrap_or(actionlint);
    let out =
        Command::new(&actionlint).current_dir(site).arg("-no-color").output().expect("actionlint: run scripts/test");
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}
