//! Two builds and a revoke started together: one at a time holds the site, the others wait and
//! say for whom; no credential is published twice or without its ledger entry, no index reused.
//!
//! Each process traces its lock (src/ground/fault.rs, debug builds) and holds it a second once it
//! has it, so the others are sure to arrive while it is held.

use std::collections::{HashMap, HashSet};
use std::process::{Command, Stdio};

use crate::support::*;

#[test]
fn two_builds_and_a_revoke_take_turns() {
    let site = Site::fixture("small");
    site.build();
    let ledger = site.ledger();
    let victim = ledger.lines().find(|l| l.split('\t').count() == 11).unwrap().split('\t').next().unwrap().to_string();
    for i in 0..20 {
        site.append("main.csv", &format!("sql,Learner {i},learner{i}@example.org,2026-03-05,,,Autumn"));
    }
    let trace = site.root().join("lock-trace");
    let start = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_hallmark"))
            .arg("--root")
            .arg(site.root())
            .args(["--today", "2026-11-22"])
            .args(args)
            .env("HALLMARK_SIGNING_KEY", test_secret())
            .env("HALLMARK_FAULT_TRACE", &trace)
            .env("HALLMARK_FAULT_POINT", "lock-exclusive-acquired:1:sleep")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children = [start(&["build"]), start(&["build"]), start(&["revoke", &victim, "--reason", "Issued in error."])];
    let outputs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    for o in &outputs {
        assert!(o.status.success(), "{}", stderr(o));
    }
    // Whoever came second and third waited, and said for whom (a build names itself; the
    // revoke's first, reading step holds the site shared, with no name).
    let waited = outputs.iter().filter(|o| stderr(o).contains("  waiting for ")).count();
    assert!(waited >= 2, "no one waited: {:?}", outputs.iter().map(stderr).collect::<Vec<_>>());

    // The lock's history: an exclusive holder overlaps no other holder.
    let mut held: HashMap<(String, &str), Vec<u128>> = HashMap::new();
    let text = std::fs::read_to_string(&trace).unwrap();
    let mut spans = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        let (pid, point, ns) = (f[0].to_string(), f[1], f[2].parse::<u128>().unwrap());
        let mode = if point.contains("exclusive") { "exclusive" } else { "shared" };
        if point.ends_with("-acquired") {
            held.entry((pid, mode)).or_default().push(ns);
        } else if point.ends_with("-released") {
            let from = held.get_mut(&(pid.clone(), mode)).and_then(Vec::pop).expect("released before acquired");
            spans.push((mode, pid, from, ns));
        }
    }
    let exclusive: Vec<_> = spans.iter().filter(|s| s.0 == "exclusive").collect();
    assert_eq!(exclusive.len(), 3, "two builds and a revoke each held the site: {spans:?}");
    for a in &exclusive {
        for b in spans.iter().filter(|b| b != a) {
            assert!(a.3 <= b.2 || b.3 <= a.2, "{a:?} overlaps {b:?}");
        }
    }

    // Nothing published twice or without its entry; the revocation and all new rows are there.
    let mut indexes = HashSet::new();
    let mut ids = HashSet::new();
    for line in site.ledger().lines().filter(|l| l.split('\t').count() == 11) {
        let f: Vec<&str> = line.split('\t').collect();
        assert!(indexes.insert(f[1].to_string()), "index {} reused", f[1]);
        assert!(ids.insert(f[0].to_string()), "id {} twice", f[0]);
    }
    assert_eq!(ids.len(), 25);
    let published: Vec<String> = std::fs::read_dir(site.public().join("c"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(published.iter().all(|id| ids.contains(id)), "an orphan: {published:?}");
    assert!(std::fs::read_to_string(site.content().join("revocations.toml")).unwrap().contains(&victim));
    let out = site.run(&["build", "--locked"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(site.credentials().len(), 25);
}

#[test]
fn a_build_waiting_for_another_names_it() {
    let site = Site::fixture("small");
    let trace = site.root().join("lock-trace");
    let first = Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .arg("--root")
        .arg(site.root())
        .args(["--today", "2026-11-22", "build"])
        .env("HALLMARK_SIGNING_KEY", test_secret())
        .env("HALLMARK_FAULT_TRACE", &trace)
        .env("HALLMARK_FAULT_POINT", "lock-exclusive-acquired:1:sleep")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !std::fs::read_to_string(&trace).unwrap_or_default().contains("lock-exclusive-acquired") {
        assert!(std::time::Instant::now() < deadline, "the first build never took the lock");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let second = site.run(&["build"]);
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success() && second.status.success(), "{}", stderr(&second));
    let said = stderr(&second);
    assert!(said.contains(&format!("waiting for build (pid {}, since ", first_pid(&trace))), "{said}");
}

fn first_pid(trace: &std::path::Path) -> String {
    let text = std::fs::read_to_string(trace).unwrap();
    text.lines().find(|l| l.contains("lock-exclusive-acquired")).unwrap().split(' ').next().unwrap().to_string()
}
