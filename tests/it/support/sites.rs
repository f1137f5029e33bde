//! Sites for the tests: a fixture or the demo copied to a temporary directory, the CLI run on it,
//! and what it built read back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::signing::test_secret;

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
