//! `scripts/deploy-s3` against a real S3 server on loopback: moto's standalone server (PyPI
//! `moto[server]`, in tests/interop/.venv-s3), which stores the objects and logs every request.
//! The demo with a public log is built and deployed; every file is read back over HTTP, byte for
//! byte, with its Content-Type and Cache-Control; then a credential is revoked and a static file
//! removed, and the second deployment must upload exactly the files whose bytes changed (counted
//! from the server's own request log), in the promised order, and delete the one the site no
//! longer has. `scripts/test` installs rclone and moto; without them this test fails and says so.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::http::{request, Response};
use crate::support::{snapshot, stderr, stdout};
use crate::tlog::{build_logged, logged_demo, run_logged};

/// TEST-ONLY credentials: moto accepts any key. Never a real one.
const TEST_ACCESS_KEY: &str = "TEST-ONLY-ACCESS-KEY";
const TEST_SECRET_KEY: &str = "TEST-ONLY-SECRET-not-a-real-key";
const BUCKET: &str = "creds";
const PREFIX: &str = "credentials";

const YEAR: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=300";
const SECONDS: &str = "public, max-age=5";
const TEXT: &str = "text/plain; charset=utf-8";
const OCTETS: &str = "application/octet-stream";

/// moto's S3 server, killed when dropped; it writes its request log to `log`.
struct Moto {
    child: Child,
    addr: String,
    log: PathBuf,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    fn start(dir: &Path) -> Moto {
        let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/.venv-s3/bin/moto_server");
        assert!(
            bin.is_file(),
            "{} is missing: run scripts/test, which installs moto[server] (tests/interop/s3-requirements.txt) into tests/interop/.venv-s3",
            bin.display()
        );
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = dir.join("moto.log");
        let out = File::create(&log).unwrap();
        let child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::from(out.try_clone().unwrap()))
            .stderr(Stdio::from(out))
            .spawn()
            .unwrap();
        let mut moto = Moto { child, addr: format!("127.0.0.1:{port}"), log };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(&moto.addr).is_err() {
            let exited = moto.child.try_wait().unwrap();
            assert!(exited.is_none() && Instant::now() < deadline, "moto_server did not start:\n{}", moto.requests());
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// Everything the server logged so far.
    fn requests(&self) -> String {
        let mut text = String::new();
        File::open(&self.log).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    /// The site paths of the `method` requests on objects logged after the first `skip` lines, in order.
    fn objects(&self, method: &str, skip: usize) -> Vec<String> {
        let needle = format!("{method} /{BUCKET}/{PREFIX}/");
        let log = self.requests();
        let lines = log.lines().skip(skip);
        let paths = lines.filter_map(|l| l.split_once(needle.as_str()).map(|(_, rest)| rest));
        paths.map(|rest| rest.split(' ').next().unwrap().to_string()).collect()
    }

    fn lines(&self) -> usize {
        self.requests().lines().count()
    }

    fn object(&self, method: &str, rel: &str) -> Response {
        request(&self.addr, method, &format!("/{BUCKET}/{PREFIX}/{rel}"))
    }
}

/// Runs scripts/deploy-s3 on `public` into the test bucket; its output.
fn deploy(moto: &Moto, public: &Path, scratch: &Path) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/deploy-s3");
    let out = Command::new(script)
        .arg(public)
        .arg(format!("s3://{BUCKET}/{PREFIX}"))
        .env("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("S3_ENDPOINT", format!("http://{}", moto.addr))
        .env("S3_PROVIDER", "Other")
        .env("RCLONE_CONFIG_HALLMARK_FORCE_PATH_STYLE", "true")
        // Readable without a signature, as a bucket behind a CDN is, so plain HTTP reads it back.
        .env("RCLONE_CONFIG_HALLMARK_ACL", "public-read")
        // No rclone config file of whoever runs the tests.
        .env("RCLONE_CONFIG", scratch.join("no-rclone.conf"))
        .output()
        .unwrap_or_else(|e| panic!("scripts/deploy-s3 did not run ({e})"));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "scripts/deploy-s3 failed:\n{text}");
    text
}

/// The Content-Type and Cache-Control a site file must be served with.
fn expected(rel: &str) -> (&'static str, &'static str) {
    if rel.starts_with("log/tile/") {
        return (OCTETS, YEAR);
    }
    if rel.starts_with("log/checkpoints/") {
        return (TEXT, YEAR);
    }
    if rel == "log/checkpoint" {
        return (TEXT, SECONDS);
    }
    let ext = rel.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    let ctype = match ext {
        "html" => "text/html; charset=utf-8",
        "json" => "application/json",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ics" => "text/calendar; charset=utf-8",
        "tlog-proof" | "txt" => TEXT,
        "nojekyll" => OCTETS,
        other => panic!("the test has no Content-Type for .{other} ({rel}): add it here and in scripts/deploy-s3"),
    };
    (ctype, if rel.starts_with("assets/cert/") { YEAR } else { SHORT })
}

/// Every file of `files` is in the bucket with the same bytes and its headers; the classes seen.
fn assert_served(moto: &Moto, files: &BTreeMap<String, Vec<u8>>) -> BTreeSet<(&'static str, &'static str)> {
    let mut classes = BTreeSet::new();
    for (rel, bytes) in files {
        let got = moto.object("GET", rel);
        assert_eq!(got.status, 200, "{rel}: {}", got.text());
        assert!(got.body == *bytes, "{rel} differs in the bucket");
        let (ctype, cache) = expected(rel);
        assert_eq!(got.header("Content-Type"), Some(ctype), "{rel}");
        assert_eq!(got.header("Cache-Control"), Some(cache), "{rel}");
        classes.insert((ctype, cache));
    }
    classes
}

/// The paths whose bytes differ between two snapshots, or that only `after` has.
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    after.iter().filter(|(p, b)| before.get(*p) != Some(*b)).map(|(p, _)| p.clone()).collect()
}

fn require_rclone() {
    let found = Command::new("rclone").arg("version").output().is_ok_and(|o| o.status.success());
    assert!(found, "rclone is missing: run scripts/test, which installs it (apt-get install rclone)");
}

#[test]
fn deploy_s3_uploads_only_what_changed_with_the_right_headers_in_order_and_deletes_what_is_gone() {
    require_rclone();
    let site = logged_demo();
    std::fs::write(site.content().join("static/notice.txt"), "Offices closed on Friday.\n").unwrap();
    build_logged(&site);
    let moto = Moto::start(site.root());
    assert_eq!(request(&moto.addr, "PUT", &format!("/{BUCKET}")).status, 200, "create the bucket");

    // First deployment: everything, each file with its headers.
    let first = snapshot(&site.public());
    let started = moto.lines();
    let text = deploy(&moto, &site.public(), site.root());
    let put: BTreeSet<String> = moto.objects("PUT", started).into_iter().collect();
    assert_eq!(put, first.keys().cloned().collect(), "the first deployment uploads every file once\n{text}");
    assert!(text.contains(&format!("uploaded {} files", first.len())), "{text}");
    let classes = assert_served(&moto, &first);
    for class in [(OCTETS, YEAR), (TEXT, YEAR), (TEXT, SECONDS), ("image/svg+xml", YEAR), ("application/json", SHORT)] {
        assert!(classes.contains(&class), "no file of the class {class:?} in the demo: {classes:?}");
    }

    // A revocation and a static file removed: only the changed files go up, and one comes down.
    let ledger = site.ledger();
    let id = ledger.lines().find(|l| l.contains("\t0\tsolar-pv-installer\t")).unwrap().split('\t').next().unwrap();
    let out = run_logged(&site, &["revoke", id, "--reason", "test"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_file(site.content().join("static/notice.txt")).unwrap();
    build_logged(&site);
    let second = snapshot(&site.public());
    let want = changed(&first, &second);
    assert!(want.contains("status/revocation/1.json") && want.contains("log/checkpoint"), "{want:?}");
    let started = moto.lines();
    let text = deploy(&moto, &site.public(), site.root());
    let order = moto.objects("PUT", started);
    let put: BTreeSet<String> = order.iter().cloned().collect();
    assert_eq!(put, want, "the second deployment uploads exactly the files whose bytes changed\n{text}");
    assert_eq!(order.len(), want.len(), "each once: {order:?}");
    assert!(text.contains(&format!("uploaded {} files", want.len())), "{text}");
    assert_eq!(moto.objects("DELETE", started), ["static/notice.txt"], "{}", moto.requests());
    assert_eq!(moto.object("HEAD", "static/notice.txt").status, 404);
    assert_order(&order);
    let log = moto.requests();
    let lines: Vec<&str> = log.lines().collect();
    let last_put = lines.iter().rposition(|l| l.contains("PUT /")).unwrap();
    let delete = lines.iter().position(|l| l.contains("DELETE /")).unwrap();
    assert!(delete > last_put, "deletions come after every upload:\n{log}");
    assert_served(&moto, &second);
    eprintln!("deploy_s3: first deployment {} files, second {} of {}", first.len(), want.len(), second.len());

    // Nothing changed: nothing goes up.
    let started = moto.lines();
    let text = deploy(&moto, &site.public(), site.root());
    assert_eq!(moto.objects("PUT", started), Vec::<String>::new(), "{text}");
    assert!(text.contains("uploaded 0 files"), "{text}");
}

/// Tiles before the checkpoint that needs them, the checkpoint before the status lists and the
/// credentials' proofs that name it, the status lists before the pages.
fn assert_order(order: &[String]) {
    let at = |pred: &dyn Fn(&str) -> bool| -> Vec<usize> {
        order.iter().enumerate().filter(|(_, p)| pred(p)).map(|(i, _)| i).collect()
    };
    let tiles = at(&|p| p.starts_with("log/tile/") || p.starts_with("log/checkpoints/"));
    let checkpoint = at(&|p| p == "log/checkpoint");
    let status = at(&|p| p.starts_with("status/"));
    let pages = at(&|p| p.starts_with("c/"));
    assert!(!tiles.is_empty() && checkpoint.len() == 1 && !status.is_empty() && !pages.is_empty(), "{order:?}");
    assert!(tiles.iter().all(|&t| t < checkpoint[0]), "tiles first: {order:?}");
    assert!(status.iter().all(|&s| s > checkpoint[0]), "the checkpoint, then the status lists: {order:?}");
    assert!(pages.iter().all(|&c| c > *status.iter().max().unwrap()), "the pages last: {order:?}");
}
