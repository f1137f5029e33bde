//! A build that runs out of disk space publishes no credential the ledger lacks, and the next
//! build, with room again, finishes the site. The disk is a small tmpfs mounted for the test
//! (as root, or through `sudo -n`; CI runs as root).

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::*;

/// A tmpfs of `size` mounted at a temporary directory, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

fn as_root(args: &[&str]) -> std::process::ExitStatus {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut cmd = if root { Command::new(args[0]) } else { Command::new("sudo") };
    if !root {
        cmd.arg("-n").arg(args[0]);
    }
    cmd.args(&args[1..]).status().unwrap()
}

impl Tmpfs {
    fn mount(size: &str) -> Tmpfs {
        Tmpfs::mount_at(tempfile::tempdir().unwrap(), size)
    }

    fn mount_at(dir: tempfile::TempDir, size: &str) -> Tmpfs {
        let status = as_root(&[
            "mount",
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size},mode=0777"),
            "tmpfs",
            dir.path().to_str().unwrap(),
        ]);
        assert!(
            status.success(),
            "the full-disk test mounts a tmpfs: run it as root, or with sudo allowed without a password"
        );
        Tmpfs { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = as_root(&["umount", "-l", self.dir.path().to_str().unwrap()]);
    }
}

fn run(root: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hallmark"));
    cmd.arg("--root").arg(root).arg("--today").arg("2026-11-22").args(args);
    cmd.env("HALLMARK_SIGNING_KEY", test_secret());
    cmd.output().unwrap()
}

fn ledger(root: &Path) -> HashMap<String, u64> {
    let text = std::fs::read_to_string(root.join("content/hallmark.lock")).unwrap();
    let mut indexes = HashSet::new();
    let mut entries = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() == 11 {
            let index: u64 = f[1].parse().unwrap();
            assert!(indexes.insert(index), "status index {index} twice");
            assert!(entries.insert(f[0].to_string(), index).is_none(), "id {} twice", f[0]);
        }
    }
    entries
}

/// Every credential under public/ is in the ledger, with its status index.
fn assert_no_orphan(root: &Path, when: &str) -> usize {
    let known = ledger(root);
    let Ok(dirs) = std::fs::read_dir(root.join("public/c")) else { return 0 };
    let mut n = 0;
    for dir in dirs.map(Result::unwrap) {
        let id = dir.file_name().into_string().unwrap();
        let index = known.get(&id).unwrap_or_else(|| panic!("{when}: public/c/{id}/ is not in the ledger"));
        if let Ok(bytes) = std::fs::read(dir.path().join("credential.json")) {
            let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let published: u64 = doc["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap();
            assert_eq!(published, *index, "{when}: {id}");
            n += 1;
        }
    }
    n
}

/// A built site with new rows waiting to be built, copied to `dest` (its cache pointed there).
fn prepared_into(site: &Site, dest: &Path) -> PathBuf {
    copy_dir(site.root(), dest);
    let cache = dest.join(".hallmark/build-cache");
    let text = std::fs::read_to_string(&cache).unwrap();
    let (from, to) = (site.public().to_string_lossy().into_owned(), dest.join("public").to_string_lossy().into_owned());
    std::fs::write(&cache, text.replacen(&from, &to, 1)).unwrap();
    dest.to_path_buf()
}

fn prepared() -> Site {
    let site = Site::fixture("small");
    for i in 0..24 {
        site.append("main.csv", &format!("sql,Learner {i},learner{i}@example.org,2026-03-05,,,Autumn"));
    }
    site.build();
    for i in 0..8 {
        site.append("main.csv", &format!("sql,Newcomer {i},new{i}@example.org,2026-04-01,,,Winter"));
    }
    site.edit("recipients/main.csv", "Learner 3,", "Learner Three,");
    site
}

/// Fills the file system of `dir` but for about `room` bytes.
fn fill(dir: &Path, room: u64) -> PathBuf {
    let ballast = dir.join("ballast");
    let mut f = std::fs::File::create(&ballast).unwrap();
    let chunk = vec![0u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.flush();
    let len = f.metadata().unwrap().len();
    f.set_len(len.saturating_sub(room)).unwrap();
    ballast
}

#[test]
fn a_build_that_runs_out_of_space_publishes_nothing_the_ledger_lacks() {
    let site = prepared();
    let before = ledger(site.root()).len();
    let disk = Tmpfs::mount("12m");
    let mut failures = Vec::new();
    for room in [0u64, 16, 48, 96, 160, 240, 320, 480, 640, 1024].map(|k| k * 1024) {
        let when = format!("with {} KiB free", room / 1024);
        let root = prepared_into(&site, &disk.path().join("site"));
        let ballast = fill(disk.path(), room);
        let out = run(&root, &["build"]);
        if !out.status.success() {
            failures.push(stderr(&out));
        }
        assert_no_orphan(&root, &when);
        std::fs::remove_file(ballast).unwrap();
        let out = run(&root, &["build"]);
        assert!(out.status.success(), "{when}, then with room: {}", stderr(&out));
        assert_eq!(assert_no_orphan(&root, &when), before + 9, "{when}: every credential published");
        std::fs::remove_dir_all(&root).unwrap();
    }
    assert!(failures.len() >= 3, "the disk never filled: {failures:?}");
    assert!(failures.iter().all(|f| f.contains("No space left on device")), "{failures:?}");
    assert!(failures.iter().any(|f| f.contains("hallmark-staging")), "never full while staging: {failures:?}");
}

#[test]
fn a_ledger_write_on_a_full_disk_leaves_the_old_site_and_ledger() {
    let site = prepared();
    let outer = tempfile::tempdir().unwrap();
    let root = prepared_into(&site, &outer.path().join("site"));
    let content_copy = outer.path().join("content-copy");
    std::fs::rename(root.join("content"), &content_copy).unwrap();
    std::fs::create_dir(root.join("content")).unwrap();
    // content/ alone is on a small disk: the staged site fits beside public/, the new ledger does not.
    let disk = Tmpfs::mount_at(tempfile::TempDir::new_in(outer.path()).unwrap(), "256k");
    std::fs::remove_dir(root.join("content")).unwrap();
    std::os::unix::fs::symlink(disk.path(), root.join("content")).unwrap();
    copy_dir(&content_copy, disk.path());
    let old_ledger = std::fs::read(root.join("content/hallmark.lock")).unwrap();
    let files = snapshot(&root.join("public"));
    let ballast = fill(disk.path(), 0);
    let out = run(&root, &["build"]);
    assert!(!out.status.success(), "the ledger fitted");
    let said = stderr(&out);
    assert!(said.contains("hallmark.lock") && said.contains("No space left on device"), "{said}");
    assert_eq!(std::fs::read(root.join("content/hallmark.lock")).unwrap(), old_ledger);
    assert_eq!(snapshot(&root.join("public")), files, "nothing was published");
    assert_no_orphan(&root, "after the failed ledger write");
    std::fs::remove_file(ballast).unwrap();
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(assert_no_orphan(&root, "with room again"), ledger(&root).len());
}
