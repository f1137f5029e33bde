//! The kill test: `hallmark notify` killed with SIGKILL at several points of a run of 1,000 e-mails
//! to a real SMTP server, then run again. After every restart no e-mail recorded as sent is sent
//! again, and in the end every e-mail is either sent or reported as "may have been delivered".
//! Quick mode (the suite): 4 kills. `HALLMARK_KILL_FULL=1`: 12 kills, at staggered moments.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::notify::*;
use crate::support::{stderr, Site};

const MESSAGES: usize = 1000;

/// The credential id in each received message's Message-ID, and how often it arrived.
fn deliveries(server: &Smtp) -> HashMap<String, usize> {
    let mut count = HashMap::new();
    for m in server.received() {
        let mid = m["message_id"].as_str().unwrap();
        let id = mid.trim_start_matches("<hallmark.").split('.').next().unwrap().to_string();
        *count.entry(id).or_default() += 1;
    }
    count
}

/// The last state of each credential's `issued` e-mail in the sent log.
fn states(site: &Site) -> HashMap<String, String> {
    site.sent_log()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[2].to_string())
        })
        .collect()
}

fn received_count(server: &Smtp) -> usize {
    std::fs::read_dir(server.dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".json"))
        .count()
}

#[test]
fn notify_killed_at_any_point_never_sends_twice_and_loses_nothing() {
    let full = std::env::var_os("HALLMARK_KILL_FULL").is_some();
    let site = Site::fixture("small");
    let mut rows = String::new();
    for i in 0..MESSAGES - 5 {
        rows.push_str(&format!("sql,Learner Ñame {i},learner{i}@example.org,2026-03-01,,,Spring\n"));
    }
    let path = site.content().join("recipients/main.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text + &rows).unwrap();
    site.build();
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\nrate = 0\nretries = 0\nper_connection = 150\n");
    let kills: Vec<usize> = if full { (1..=12).map(|k| k * MESSAGES / 14).collect() } else { vec![80, 300, 550, 800] };
    let public = site.public();
    for (n, at) in kills.iter().enumerate() {
        let before = states(&site);
        let mut child = Command::new(env!("CARGO_BIN_EXE_hallmark"))
            .args([
                "--root",
                site.root().to_str().unwrap(),
                "--today",
                "2026-11-22",
                "notify",
                "--site",
                public.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        // Staggered a little in full mode, so the kill lands at every step of a message.
        let extra = if full { Duration::from_micros(137 * n as u64 % 3000) } else { Duration::ZERO };
        while received_count(&server) < *at && start.elapsed() < Duration::from_secs(60) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(extra);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // What was recorded as sent before this run was not sent again by it.
        let delivered = deliveries(&server);
        for (id, state) in &before {
            if state == "sent" {
                assert_eq!(delivered.get(id), Some(&1), "kill {n}: {id} was sent before and must not arrive twice");
            }
        }
    }
    let last = site.notify(&[]);
    let report = stderr(&last);
    let delivered = deliveries(&server);
    let states = states(&site);
    assert_eq!(states.len(), MESSAGES, "every e-mail is in the sent log");
    for (id, state) in &states {
        let times = delivered.get(id).copied().unwrap_or(0);
        match state.as_str() {
            "sent" => assert_eq!(times, 1, "{id} is sent exactly once"),
            "attempted" => {
                assert!(times <= 1, "{id} arrived {times} times");
                assert!(report.contains(id.as_str()), "{id} is reported as may have been delivered: {report}");
            }
            other => panic!("{id} is {other}: {report}"),
        }
    }
    assert!(delivered.values().all(|n| *n == 1), "no e-mail arrived twice");
    let unconfirmed = states.values().filter(|s| *s == "attempted").count();
    eprintln!(
        "kill test: {} kills, {} sent, {unconfirmed} reported as may have been delivered",
        kills.len(),
        states.len() - unconfirmed
    );
}
