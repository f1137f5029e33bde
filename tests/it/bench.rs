//! `scripts/bench` in a quick mode: a small generated site through every scenario, so the
//! benchmark BENCHMARKS.md's figures come from keeps working. Its full mode (1k–100k, floors,
//! tmpfs and disk) is run by hand.

use crate::support::stderr;

#[test]
fn the_benchmark_runs_every_scenario_on_a_small_site() {
    let sites = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/bench"))
        .args(["--sizes", "120", "--runs", "1", "--binary", env!("CARGO_BIN_EXE_hallmark"), "--floor", "none"])
        .args(["--serve-max", "0", "--markdown", "--where"])
        .arg(sites.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    // `again` also fails the benchmark unless the build said its fingerprint held.
    for scenario in ["cold", "nothing", "again", "add-row", "edit-row", "revoke", "template"] {
        assert!(table.lines().any(|l| l.starts_with(&format!("| 120 | {scenario} |"))), "{scenario}:\n{table}");
    }
    // The signing table's row: a time per credential, read from the cold build's summary.
    let signing = table.split("eddsa-rdfc-2022 (ms per credential)").nth(1).unwrap_or_default();
    let ms: Option<f64> = signing
        .lines()
        .find(|l| l.starts_with("| 120 |"))
        .and_then(|l| l.split('|').nth(2))
        .and_then(|f| f.trim().parse().ok());
    assert!(ms.is_some_and(|ms| ms > 0.0), "the signing time per credential:\n{table}");
}
