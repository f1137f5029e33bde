//! The public issuance log (issue 24), end to end on the demo: Go's own transparency-log code
//! (golang.org/x/mod/sumdb/tlog and note, Debian's golang-golang-x-mod-dev, built offline by
//! `tests/tlog/checker`) and PyPI's pymerkle check what a build publishes; an edited, shortened or
//! rebuilt log is caught; status bits are held to the events; nothing personal reaches the log;
//! building twice changes nothing; `hallmark verify` checks a credential's proof offline.
//! `scripts/test` installs Go, x/mod and pymerkle when they are missing; without them these tests
//! fail and say so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::support::{stderr, stdout, test_secret, Site};

/// A copy of the demo that keeps a public log (`[log]` in its hallmark.toml).
pub fn logged_demo() -> Site {
    let site = Site::demo();
    let path = site.content().join("hallmark.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, format!("{config}\n[log]\n")).unwrap();
    site
}

/// A TEST-ONLY log key, the same for every site that needs one (a rewritten log is re-signed).
pub fn test_log_secret() -> String {
    hallmark::crypto::Key::from_seed([24; 32]).secret_multibase()
}

/// Runs hallmark on `site` with the test signing key and the test log key.
pub fn run_logged(site: &Site, args: &[&str]) -> std::process::Output {
    site.run_with_env(args, &[("HALLMARK_SIGNING_KEY", &test_secret()), ("HALLMARK_LOG_KEY", &test_log_secret())])
}

pub fn build_logged(site: &Site) {
    let out = run_logged(site, &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
}

/// The Go checker, built once per test run from tests/tlog/checker with Debian's Go and x/mod.
pub fn go_checker() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let setup = "run scripts/test, which installs golang-go and golang-golang-x-mod-dev";
        assert!(Path::new("/usr/share/gocode/src/golang.org/x/mod/sumdb/tlog").is_dir(), "x/mod is missing: {setup}");
        let work = repo.join("target/tlog-checker");
        let src = work.join("gopath/src/hallmark.test/checker");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::copy(repo.join("tests/tlog/checker/main.go"), src.join("main.go")).unwrap();
        let bin = work.join("checker");
        let out = Command::new("go")
            .args(["build", "-o"])
            .arg(&bin)
            .arg(".")
            .current_dir(&src)
            .env("GO111MODULE", "off")
            .env("GOPATH", format!("{}:/usr/share/gocode", work.join("gopath").display()))
            .env("GOCACHE", work.join("cache"))
            .env("GOFLAGS", "")
            .output()
            .unwrap_or_else(|e| panic!("go is missing ({e}): {setup}"));
        assert!(out.status.success(), "go build failed: {}", stderr(&out));
        bin
    })
}

/// Runs the Go checker on a built site; its output and whether it passed.
pub fn check_with_go(public: &Path, old: Option<&Path>) -> (bool, String) {
    let mut cmd = Command::new(go_checker());
    cmd.arg("-site").arg(public);
    if let Some(old) = old {
        cmd.arg("-old").arg(old);
    }
    let out = cmd.output().unwrap();
    (out.status.success(), format!("{}{}", stdout(&out), stderr(&out)))
}

/// The root pymerkle computes from hallmark.log, base64.
fn pymerkle_root(log: &Path) -> String {
    let script = "import sys, base64\nfrom pymerkle import InmemoryTree\nt = InmemoryTree(algorithm='sha256')\n\
for line in open(sys.argv[1], 'rb').read().split(b'\\n')[:-1]:\n    t.append_entry(line)\n\
print(base64.b64encode(t.get_root()).decode(), t.get_size())\n";
    let out = Command::new("python3").arg("-c").arg(script).arg(log).output().unwrap();
    assert!(out.status.success(), "pymerkle 7.0.0 is missing (scripts/test installs it): {}", stderr(&out));
    stdout(&out).trim().to_string()
}

fn ledger_log_header(site: &Site) -> String {
    let ledger = site.ledger();
    let line = ledger.lines().find(|l| l.starts_with("log\t")).expect("a format-3 ledger names its log");
    line.trim_start_matches("log\t").to_string()
}

fn log_lines(site: &Site) -> Vec<String> {
    std::fs::read_to_string(site.content().join("hallmark.log")).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn the_demo_log_is_checked_by_go_x_mod_and_pymerkle_and_grows_consistently() {
    let site = logged_demo();
    site.build();
    let lines = log_lines(&site);
    assert!(lines[0].starts_with("v1 key-added 2026-11-22 2026-11-22 k:z6Mk"), "{}", lines[0]);
    let issued = site.ledger().lines().filter(|l| l.split('\t').count() >= 11).count();
    assert!(issued > 50, "{issued} credentials in the demo's ledger");
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("v1 issued ")).count(),
        issued,
        "the first build logs every credential"
    );
    assert!(site.ledger().contains("# format 3:"), "the ledger moved to format 3");
    let old = site.root().join("old-checkpoint");
    std::fs::copy(site.public().join("log/checkpoint"), &old).unwrap();
    let (size, root) = {
        let header = ledger_log_header(&site);
        let (s, r) = header.split_once(' ').unwrap();
        (s.to_string(), r.to_string())
    };
    assert_eq!(pymerkle_root(&site.content().join("hallmark.log")), format!("{root} {size}"));
    site.append(
        "2025-renewables-cohort.csv",
        "solar-pv-installer,Noa Levi,noa.levi@example.org,2025-05-01,,,2025 Spring,,",
    );
    let before = crate::support::snapshot(&site.public());
    site.build();
    let after = crate::support::snapshot(&site.public());
    let changed: Vec<&String> =
        after.iter().filter(|(p, b)| p.starts_with("log/") && before.get(*p) != Some(*b)).map(|(p, _)| p).collect();
    assert!(changed.len() <= 6, "appending one credential rewrote {changed:?}");
    assert_eq!(log_lines(&site).len(), lines.len() + 1);
    let (ok, report) = check_with_go(&site.public(), Some(&old));
    assert!(ok, "{report}");
    assert!(
        report.contains("consistent with the saved checkpoint")
            && report.contains(&format!("{} .tlog-proof files", issued + 1)),
        "{report}"
    );
    let header = ledger_log_header(&site);
    let (size, root) = header.split_once(' ').unwrap();
    assert_eq!(pymerkle_root(&site.content().join("hallmark.log")), format!("{root} {size}"));
    let out = site.run(&[
        "log",
        "verify",
        site.public().to_str().unwrap(),
        "--full",
        "--credentials",
        "--since",
        old.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn building_twice_adds_no_entry_and_changes_no_byte() {
    let site = logged_demo();
    build_logged(&site);
    let (log, checkpoints, ledger) =
        (log_lines(&site), std::fs::read(site.content().join("hallmark.checkpoints")).unwrap(), site.ledger());
    let files = site.files();
    let out = run_logged(&site, &["build"]);
    assert!(stdout(&out).contains("0 files written"), "{}", stdout(&out));
    assert_eq!(site.files(), files);
    assert_eq!((log_lines(&site), site.ledger()), (log, ledger));
    assert_eq!(std::fs::read(site.content().join("hallmark.checkpoints")).unwrap(), checkpoints);
    let out = run_logged(&site, &["build", "--locked"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // --locked refuses a build that would add to the log.
    site.append(
        "2025-renewables-cohort.csv",
        "solar-pv-installer,Noa Levi,noa.levi@example.org,2025-05-01,,,2025 Spring,,",
    );
    let out = run_logged(&site, &["build", "--locked"]);
    assert!(!out.status.success());
    assert_eq!(log_lines(&site).len(), files.keys().filter(|f| f.ends_with(".tlog-proof")).count() + 3);
}

#[test]
fn the_log_state_kept_between_builds_gives_the_log_a_full_read_accepts() {
    let site = logged_demo();
    build_logged(&site);
    let kept = site.root().join(".hallmark/log-state");
    assert!(kept.is_file(), "the build keeps the log's state");
    // Appended from the kept state: the next build, reading the whole log again, finds it whole.
    site.append(
        "2025-renewables-cohort.csv",
        "solar-pv-installer,Noa Levi,noa.levi@example.org,2025-05-01,,,2025 Spring,,",
    );
    let before = log_lines(&site).len();
    let state = std::fs::read(&kept).unwrap();
    build_logged(&site);
    let (log, ledger) = (log_lines(&site), site.ledger());
    assert_eq!(log.len(), before + 1);
    // One entry more is replayed onto the kept state next time, not kept anew.
    assert_eq!(std::fs::read(&kept).unwrap(), state, "the state is not rewritten for one entry");
    let out = run_logged(&site, &["build", "--locked"]);
    assert!(out.status.success() && stdout(&out).contains("0 files written"), "{}{}", stdout(&out), stderr(&out));
    // An entry appended since the state was kept, edited by hand, is caught all the same.
    let path = site.content().join("hallmark.log");
    let text = std::fs::read_to_string(&path).unwrap();
    let last = text.lines().last().unwrap();
    let edited = text.replace(last, &last.replacen(" 2025-05-01 ", " 2025-04-30 ", 1));
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).unwrap();
    let out = run_logged(&site, &["build"]);
    assert!(!out.status.success() && stderr(&out).contains("hallmark.log"), "{}", stderr(&out));
    std::fs::write(&path, &text).unwrap();
    std::fs::remove_file(&kept).unwrap();
    let out = run_logged(&site, &["build", "--locked"]);
    assert!(out.status.success() && stdout(&out).contains("0 files written"), "{}{}", stdout(&out), stderr(&out));
    assert_eq!((log_lines(&site), site.ledger()), (log, ledger));
    assert!(kept.is_file(), "kept again after a full read");
    // A kept state of another log is not used: a line edited by hand is still caught.
    let path = site.content().join("hallmark.log");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("2025-03-21", "2025-03-20", 1)).unwrap();
    let out = run_logged(&site, &["build"]);
    assert!(!out.status.success() && stderr(&out).contains("hallmark.log"), "{}", stderr(&out));
}

#[test]
fn an_edited_or_deleted_old_line_makes_the_build_refuse() {
    let site = logged_demo();
    site.build();
    let path = site.content().join("hallmark.log");
    let good = std::fs::read_to_string(&path).unwrap();
    let second = good.lines().nth(1).unwrap().to_string();
    let edited = second.replacen("2025-03-21", "2025-03-20", 1);
    for bad in [good.replacen(&second, &edited, 1), good.replacen(&format!("{second}\n"), "", 1)] {
        std::fs::write(&path, &bad).unwrap();
        let out = site.run(&["build"]);
        assert!(!out.status.success(), "a changed log was accepted");
        assert!(stderr(&out).contains("hallmark.log"), "{}", stderr(&out));
    }
    // Lines beyond what the ledger commits to were never published: dropped.
    std::fs::write(
        &path,
        format!("{good}v1 revoked 2026-11-22 2026-11-22 c:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA s:1:0\n"),
    )
    .unwrap();
    site.build();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), good);
}

#[test]
fn a_log_rebuilt_from_scratch_passes_its_own_audit_but_not_a_consistency_check() {
    let a = logged_demo();
    build_logged(&a);
    let old = a.root().join("a-checkpoint");
    std::fs::copy(a.public().join("log/checkpoint"), &old).unwrap();
    // The same site, same keys, its history rewritten: the revocation never happened and
    // another credential took its place in the log.
    let r = logged_demo();
    std::fs::write(r.content().join("revocations.toml"), "").unwrap();
    r.append(
        "2025-renewables-cohort.csv",
        "solar-pv-installer,Noa Levi,noa.levi@example.org,2025-05-01,,,2025 Spring,,",
    );
    build_logged(&r);
    let public = r.public();
    let own = run_logged(&r, &["log", "verify", public.to_str().unwrap(), "--full", "--credentials"]);
    assert!(own.status.success(), "the rewritten log passes its own audit: {}", stdout(&own));
    assert!(check_with_go(&public, None).0, "and Go's checker, without history");
    let since = run_logged(&r, &["log", "verify", public.to_str().unwrap(), "--since", old.to_str().unwrap()]);
    assert!(!since.status.success(), "--since the old checkpoint must fail: {}", stdout(&since));
    assert!(stdout(&since).contains("FAIL"), "{}", stdout(&since));
    let (ok, report) = check_with_go(&public, Some(&old));
    assert!(!ok, "Go's checker must refuse the rewritten log: {report}");
}

#[test]
fn a_status_bit_without_an_event_is_reported_and_revoke_logs_its_event() {
    let site = logged_demo();
    site.build();
    let public = site.public();
    let verify = |site: &Site| site.run(&["log", "verify", site.public().to_str().unwrap(), "--credentials"]);
    assert!(verify(&site).status.success(), "{}", stdout(&verify(&site)));
    let list = public.join("status/revocation/1.json");
    let saved = std::fs::read(&list).unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&saved).unwrap();
    let encoded = doc["credentialSubject"]["encodedList"].as_str().unwrap().to_string();
    let mut bits = hallmark::crypto::Bitstring::decode(&encoded).unwrap();
    let free = (0..60).find(|i| !bits.get(*i)).unwrap();
    bits.set(free);
    doc["credentialSubject"]["encodedList"] = bits.encode().into();
    std::fs::write(&list, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = verify(&site);
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains(&format!("revocation list 1 bit {free} is set, but the log says nothing of it")),
        "{}",
        stdout(&out)
    );
    std::fs::write(&list, saved).unwrap();
    // hallmark revoke, then a build: the event is logged and the bit set.
    let ledger = site.ledger();
    let first = ledger.lines().find(|l| l.contains("\t0\tsolar-pv-installer\t")).unwrap();
    let id = first.split('\t').next().unwrap().to_string();
    let before = log_lines(&site).len();
    let out = site.run(&["revoke", &id, "--reason", "test", "--date", "2026-11-20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    site.build();
    let lines = log_lines(&site);
    assert_eq!(lines.len(), before + 1);
    assert!(
        lines[before].starts_with("v1 revoked 2026-11-22 2026-11-20 c:") && lines[before].ends_with(" s:1:0"),
        "{}",
        lines[before]
    );
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&list).unwrap()).unwrap();
    let bits = hallmark::crypto::Bitstring::decode(doc["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
    assert!(bits.get(0), "the revocation bit is set");
    let out = verify(&site);
    assert!(out.status.success(), "{}", stdout(&out));
}

/// Strings no log file and no proof may hold: every name, e-mail, e-mail hash, credential id and
/// badge slug of the demo.
fn private_strings(site: &Site) -> Vec<String> {
    let mut out = Vec::new();
    for line in site.ledger().lines().filter(|l| !l.starts_with('#') && l.matches('\t').count() >= 10) {
        let f: Vec<&str> = line.split('\t').collect();
        out.extend([f[0], f[2], f[6], f[7], f[8], f[10]].map(str::to_string));
        out.push(f[8].trim_start_matches("sha256$").to_string());
    }
    for roster in std::fs::read_dir(site.content().join("recipients")).unwrap() {
        let text = std::fs::read_to_string(roster.unwrap().path()).unwrap();
        out.extend(text.split([',', '\n']).filter(|c| c.contains('@')).map(str::to_string));
    }
    out.sort();
    out.dedup();
    out.retain(|s| s.len() >= 4);
    out
}

#[test]
fn nothing_personal_reaches_the_log_or_the_proofs() {
    use base64::Engine;
    let site = logged_demo();
    site.build();
    let secrets = private_strings(&site);
    assert!(secrets.len() > 150, "{}", secrets.len());
    let mut texts = Vec::new();
    for (path, bytes) in site.files() {
        if path.starts_with("log/") || path.ends_with(".tlog-proof") {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            for extra in text.lines().filter_map(|l| l.strip_prefix("extra ")) {
                let entry = base64::engine::general_purpose::STANDARD.decode(extra).unwrap();
                texts.push((path.clone(), String::from_utf8(entry).unwrap()));
            }
            texts.push((path, text));
        }
    }
    texts.push(("hallmark.log".into(), std::fs::read_to_string(site.content().join("hallmark.log")).unwrap()));
    assert!(texts.len() > 100);
    for (path, text) in &texts {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{path} holds {s:?}");
        }
    }
}

#[test]
fn hallmark_verify_checks_the_proof_offline_and_catches_a_tampered_one() {
    let site = logged_demo();
    site.build();
    let (path, _) = site.credentials().into_iter().next().unwrap();
    let json = site.public().join(&path);
    let verify = || site.run(&["verify", "--site", site.public().to_str().unwrap(), json.to_str().unwrap()]);
    let out = verify();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("✓ log ") && stdout(&out).contains("still consistent with the latest checkpoint"),
        "{}",
        stdout(&out)
    );
    let proof = json.with_file_name("log.tlog-proof");
    let text = std::fs::read_to_string(&proof).unwrap();
    let index: u64 = text.lines().find_map(|l| l.strip_prefix("index ")).unwrap().parse().unwrap();
    std::fs::write(&proof, text.replacen(&format!("index {index}"), &format!("index {}", index + 1), 1)).unwrap();
    let out = verify();
    assert!(!out.status.success(), "a tampered proof verified: {}", stdout(&out));
    assert!(stdout(&out).contains("✗ log"), "{}", stdout(&out));
}
