//! `hallmark check --plan`: what a change issues, corrects, revokes, suspends and reinstates,
//! compared with a git commit, as text, Markdown and JSON; no e-mail address, no private reason.

use std::path::Path;
use std::process::{Command, Output};

use crate::newcomer::init_site;
use crate::support::{stderr, stdout, Site};

fn hallmark(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .current_dir(dir)
        .env_remove("HALLMARK_SIGNING_KEY")
        .env("HOME", dir)
        .args(["--today", "2026-11-22"])
        .args(args)
        .output()
        .unwrap()
}

/// Runs git in `dir`, asserting success.
pub(crate) fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("git is installed");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn ledger_id(site: &Site, name: &str) -> String {
    site.ledger().lines().find(|l| l.contains(name)).unwrap().split('\t').next().unwrap().to_string()
}

#[test]
fn the_plan_names_every_credential_a_change_issues_corrects_revokes_suspends_and_reinstates() {
    let site = init_site();
    site.append("example.csv", "welcome,Grace Hopper,grace@example.org,2026-02-01,");
    assert!(hallmark(site.root(), &["build"]).status.success());
    let grace = ledger_id(&site, "Grace Hopper");
    assert!(hallmark(site.root(), &["suspend", &grace, "--reason", "fee unpaid"]).status.success());
    git(site.root(), &["init", "-q", "-b", "main"]);
    git(site.root(), &["add", "-A"]);
    git(site.root(), &["commit", "-qm", "the site as published"]);

    // The change: a new row, a corrected name, a revocation with a private reason, a suspension
    // with a public one, and Grace's suspension lifted.
    let ada = ledger_id(&site, "Ada Lovelace");
    let jose = ledger_id(&site, "José Núñez");
    site.append("example.csv", "welcome,Alan Turing,alan@example.org,2026-03-01,");
    site.edit("recipients/example.csv", "José Núñez", "José Núñez Díaz");
    assert!(hallmark(site.root(), &["revoke", &ada, "--reason", "plagiarism found", "--private"]).status.success());
    assert!(hallmark(site.root(), &["reinstate", &grace]).status.success());
    assert!(hallmark(site.root(), &["build"]).status.success(), "the editor builds and commits the ledger");
    let alan = ledger_id(&site, "Alan Turing");
    git(site.root(), &["checkout", "-qb", "change"]);
    git(site.root(), &["commit", "-qam", "the change"]);

    let out = hallmark(site.root(), &["check", "--locked", "--plan", "--base", "main", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("stdout is the JSON plan alone");
    let plan = &json["plan"];
    let ids =
        |k: &str| plan[k].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(ids("issued"), vec![alan.clone()]);
    assert_eq!(plan["issued"][0]["row"], "recipients/example.csv:5");
    assert_eq!(plan["corrected"][0]["name"], "José Núñez Díaz");
    assert_eq!(plan["corrected"][0]["replaces"], jose.as_str());
    assert_eq!(ids("revoked"), vec![ada]);
    assert_eq!(plan["revoked"][0]["reason"], serde_json::Value::Null, "a private reason stays out");
    assert_eq!(ids("reinstated"), vec![grace]);
    assert_eq!(ids("suspended"), Vec::<String>::new());
    assert_eq!(json["checked"]["credentials"], 5);
    let text = stdout(&out);
    assert!(!text.contains("@example.org") && !text.contains("plagiarism"), "nothing private:\n{text}");

    let md = stdout(&hallmark(site.root(), &["check", "--plan", "--format", "markdown", "--base", "HEAD~1"]));
    assert!(md.starts_with("## hallmark: the plan of this change"), "{md}");
    assert!(
        md.contains(
            "- issues 1 credential\n- corrects 1 credential\n- revokes 1 credential\n- reinstates 1 credential"
        ),
        "{md}"
    );
    assert!(
        md.contains("| Alan Turing | Welcome \\(welcome\\) | issued 2026-03-01 | recipients/example.csv:5 |"),
        "{md}"
    );

    // Against the change itself, nothing is left to do.
    let text = stdout(&hallmark(site.root(), &["check", "--plan"]));
    assert!(text.contains("compared with HEAD") && text.contains("no credential is issued"), "{text}");
}

#[test]
fn a_plan_against_a_commit_git_cannot_find_says_so() {
    let site = init_site();
    git(site.root(), &["init", "-q"]);
    git(site.root(), &["add", "-A"]);
    git(site.root(), &["commit", "-qm", "init"]);
    let out = hallmark(site.root(), &["check", "--plan", "--base", "no-such-branch"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no-such-branch") && stderr(&out).contains("help:"), "{}", stderr(&out));
}
