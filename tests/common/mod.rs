//! Shared helpers for the integration tests: a site copied to a temporary directory, the CLI run on it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// TEST-ONLY signing key seed. Never use it for anything real.
pub const TEST_SEED: [u8; 32] = [0x42; 32];

/// The test key's secret, as HALLMARK_SIGNING_KEY expects it.
pub fn test_secret() -> String {
    hallmark::crypto::Key::from_seed(TEST_SEED).secret_multibase()
}

/// A site in a temporary directory: `<tmp>/content`, built into `<tmp>/public`.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&src, dir.path());
        Site { dir }
    }

    /// A copy of the demo institution in `content/` (with its committed ledger).
    pub fn demo() -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &dir.path().join("content"));
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn content(&self) -> PathBuf {
        self.root().join("content")
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn ledger(&self) -> String {
        std::fs::read_to_string(self.content().join("hallmark.lock")).unwrap_or_default()
    }

    /// Runs `hallmark <args>` on this site with the test key.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_env(args, &[("HALLMARK_SIGNING_KEY", &test_secret())])
    }

    /// Runs `hallmark <args>` with exactly these extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.run_at("2026-11-22", args, env)
    }

    /// Runs `hallmark <args>` as if today were `today`, with these extra environment variables.
    pub fn run_at(&self, today: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hallmark"));
        cmd.arg("--root").arg(self.root()).arg("--today").arg(today).args(args);
        cmd.env_remove("HALLMARK_SIGNING_KEY");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// Builds and asserts success.
    pub fn build(&self) -> Output {
        let out = self.run(&["build"]);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        out
    }

    /// Appends `line` to a roster.
    pub fn append(&self, roster: &str, line: &str) {
        let path = self.content().join("recipients").join(roster);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(line);
        text.push('\n');
        std::fs::write(path, text).unwrap();
    }

    /// Replaces `from` with `to` in a file under the content directory.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.content().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// Every file of the built site, by path relative to public/.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.public())
    }

    /// The built credentials, as JSON.
    pub fn credentials(&self) -> Vec<(String, serde_json::Value)> {
        self.files()
            .into_iter()
            .filter(|(p, _)| p.starts_with("c/") && p.ends_with("/credential.json"))
            .map(|(p, b)| (p, serde_json::from_slice(&b).unwrap()))
            .collect()
    }
}

/// Every file under `dir`, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A running `hallmark serve`, killed when dropped.
pub struct Serving {
    pub child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    /// `127.0.0.1:PORT`
    pub addr: String,
    /// What it printed since it started (stderr lines begin with `E: `).
    pub output: mpsc::Receiver<String>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `hallmark serve` on `site` (as if today were 2026-11-22) and waits until it listens.
pub fn start_serve(site: &Site, args: &[&str]) -> Result<Serving, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .arg("--root")
        .arg(site.root())
        .args(["--today", "2026-11-22", "serve", "--debounce-ms", "20"])
        .args(args)
        .env("HALLMARK_SIGNING_KEY", test_secret())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    for (stream, prefix) in [
        (Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, ""),
        (Box::new(child.stderr.take().unwrap()), "E: "),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(format!("{prefix}{line}"));
            }
        });
    }
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("serve did not start; it printed:\n{}", seen.join("\n")));
        };
        if let Some(rest) = line.strip_prefix("Serving at ") {
            let url = rest.split_whitespace().next().unwrap().to_string();
            let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
            return Ok(Serving { child, url, addr, output: rx });
        }
        seen.push(line);
    }
}
