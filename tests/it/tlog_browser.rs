//! The landing page's public-log line in Debian's Chromium (`tests/browser/log.mjs`): a demo page
//! shows that its credential is logged and which entry it is; a tampered proof and a rewritten log
//! each show their failure. `scripts/test` installs Chromium and the Node packages.

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use super::tlog::{logged_demo, run_logged};
use crate::support::http::serve_static;
use crate::support::{copy_dir, stderr, stdout};

fn log_line(page: &str, png: Option<&Path>) -> serde_json::Value {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(Path::new("/usr/bin/chromium").is_file(), "Chromium is missing: run scripts/test, which installs it");
    assert!(
        repo.join("tests/browser/node_modules/playwright-core").is_dir(),
        "run scripts/test (npm ci in tests/browser)"
    );
    let mut cmd = Command::new("node");
    cmd.arg(repo.join("tests/browser/log.mjs")).arg(page);
    if let Some(png) = png {
        cmd.arg(png);
    }
    let out = cmd.current_dir(repo.join("tests/browser")).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let result: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(result["errors"], serde_json::json!([]), "{result}");
    result
}

#[test]
fn chromium_shows_the_logged_state_and_catches_a_tampered_proof_and_a_rewritten_log() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let site = logged_demo();
    let out = run_logged(&site, &["build", "--base-url", &base]);
    assert!(out.status.success(), "{}", stderr(&out));
    serve_static(listener, site.public());
    let ledger = site.ledger();
    let row = ledger.lines().find(|l| l.contains("\t2\tsolar-pv-installer\t")).unwrap();
    let id = row.split('\t').next().unwrap();
    // The log index is the 12th field (claims may follow it).
    let index: u64 = row.split('\t').nth(11).unwrap().parse().unwrap();
    let size = std::fs::read_to_string(site.content().join("hallmark.log")).unwrap().lines().count();
    let page = format!("{base}c/{id}/");
    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&shot).unwrap();
    let logged = log_line(&page, Some(&shot.join("log-logged.png")));
    assert_eq!(logged["state"], "logged", "{logged}");
    let text = logged["text"].as_str().unwrap();
    assert!(
        text.contains(&format!("entry {} of {size}", index + 1)) && text.contains("Publicly logged on 2026-11-22"),
        "{text}"
    );
    // A tampered proof: another index.
    let proof = site.public().join(format!("c/{id}/log.tlog-proof"));
    let saved = std::fs::read_to_string(&proof).unwrap();
    std::fs::write(&proof, saved.replacen(&format!("index {index}"), &format!("index {}", index + 1), 1)).unwrap();
    let tampered = log_line(&page, None);
    assert_eq!(tampered["state"], "failed", "{tampered}");
    std::fs::write(&proof, saved).unwrap();
    // A rewritten log: the same keys and URL, another history, published over this one.
    let r = logged_demo();
    std::fs::write(r.content().join("revocations.toml"), "").unwrap();
    r.append(
        "2025-renewables-cohort.csv",
        "solar-pv-installer,Noa Levi,noa.levi@example.org,2025-05-01,,,2025 Spring,,",
    );
    let out = run_logged(&r, &["build", "--base-url", &base]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_dir_all(site.public().join("log")).unwrap();
    copy_dir(&r.public().join("log"), &site.public().join("log"));
    let rewritten = log_line(&page, Some(&shot.join("log-rewritten.png")));
    assert_eq!(rewritten["state"], "rewritten", "{rewritten}");
    assert!(rewritten["text"].as_str().unwrap().starts_with("Log rewritten"), "{rewritten}");
}
