//! A ledger past the shard size (lowered here with `HALLMARK_LEDGER_SHARD_ENTRIES`) is written as
//! `hallmark.lock` with an index and `hallmark.lock.d/<NNNN>.lock` shards: what a build writes,
//! that one change rewrites one shard, and that a ledger in one file is split by the next build
//! that writes it.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::support::*;

const SHARDS: &str = "HALLMARK_LEDGER_SHARD_ENTRIES";

/// Builds `site` with shards of `per_shard` credentials; asserts success.
fn build(site: &Site, per_shard: &str) -> String {
    let out = site.run_with_env(&["build"], &[("HALLMARK_SIGNING_KEY", &test_secret()), (SHARDS, per_shard)]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    stdout(&out)
}

/// `hallmark.lock` and every file of `hallmark.lock.d/`, by name.
fn ledger_files(content: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files =
        BTreeMap::from([("hallmark.lock".to_string(), std::fs::read(content.join("hallmark.lock")).unwrap())]);
    for e in std::fs::read_dir(content.join("hallmark.lock.d")).into_iter().flatten() {
        let e = e.unwrap();
        files.insert(format!("hallmark.lock.d/{}", e.file_name().to_string_lossy()), std::fs::read(e.path()).unwrap());
    }
    files
}

/// The ledger's entry lines, in order, from the file or from the shards its index names (each
/// checked against its count and digest).
fn entry_lines(content: &Path) -> Vec<String> {
    let main = std::fs::read_to_string(content.join("hallmark.lock")).unwrap();
    let is_entry = |l: &&str| !l.starts_with('#') && l.split('\t').count() >= 11;
    let mut lines: Vec<String> = main.lines().filter(is_entry).map(str::to_string).collect();
    for shard in main.lines().filter_map(|l| l.strip_prefix("shard\t")) {
        let [name, count, digest] = shard.split(' ').collect::<Vec<_>>()[..] else { panic!("{shard}") };
        let bytes = std::fs::read(content.join("hallmark.lock.d").join(name)).unwrap();
        let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, digest, "{name}");
        let text = String::from_utf8(bytes).unwrap();
        let here: Vec<&str> = text.lines().filter(is_entry).collect();
        assert_eq!(here.len().to_string(), count, "{name}");
        lines.extend(here.into_iter().map(str::to_string));
    }
    lines
}

/// The names of the ledger files whose bytes differ between `a` and `b`.
fn changed(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The small fixture with a public log and `n` more rows.
fn site_with_rows(n: usize) -> Site {
    let site = Site::fixture("small");
    let config = std::fs::read_to_string(site.content().join("hallmark.toml")).unwrap();
    std::fs::write(site.content().join("hallmark.toml"), format!("{config}\n[log]\n")).unwrap();
    for i in 0..n {
        site.append("main.csv", &format!("sql,Learner {i},learner{i}@example.org,2026-03-05,,,Autumn"));
    }
    site
}

#[test]
fn a_large_ledger_is_built_in_shards_and_one_change_rewrites_one_shard() {
    let site = site_with_rows(200);
    let said = build(&site, "50");
    let content = site.content();
    let files = ledger_files(&content);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "hallmark.lock",
            "hallmark.lock.d/0000.lock",
            "hallmark.lock.d/0001.lock",
            "hallmark.lock.d/0002.lock",
            "hallmark.lock.d/0003.lock",
            "hallmark.lock.d/0004.lock"
        ]
    );
    assert!(said.contains("hallmark.lock.d/ updated: commit both with your content"), "{said}");
    let lines = entry_lines(&content);
    assert_eq!(lines.len(), 205);
    let indexes: Vec<u64> = lines.iter().map(|l| l.split('\t').nth(1).unwrap().parse().unwrap()).collect();
    assert!(indexes.is_sorted(), "in status-index order");
    // Every credential published is one the shards record.
    let ids: std::collections::HashSet<&str> = lines.iter().map(|l| l.split('\t').next().unwrap()).collect();
    let published = site.credentials();
    assert_eq!(published.len(), 205);
    assert!(published.iter().all(|(p, _)| ids.contains(p.split('/').nth(1).unwrap())));
    // A build at the usual shard size reads it as it is, and writes nothing.
    let said = site.build();
    assert!(!stdout(&said).contains("updated"), "{}", stdout(&said));
    assert_eq!(ledger_files(&content), files);

    // A revocation: at most the shard of the credential (here none: the ledger records no status).
    let victim = lines[60].split('\t').next().unwrap();
    let revocation = format!("[[revoked]]\nid = \"{victim}\"\ndate = \"2026-11-01\"\nreason = \"Issued in error.\"\n");
    std::fs::write(content.join("revocations.toml"), revocation).unwrap();
    build(&site, "50");
    let after = ledger_files(&content);
    let differ = changed(&files, &after);
    assert!(differ.iter().filter(|f| f.starts_with("hallmark.lock.d/")).count() <= 1, "{differ:?}");
    // A correction marks the credential it replaces, in its shard, and appends the new one.
    let name = lines[75].split('\t').nth(10).unwrap().to_string();
    site.edit("recipients/main.csv", &format!("{name},"), &format!("{name} Jr,"));
    build(&site, "50");
    let corrected = ledger_files(&content);
    assert_eq!(
        changed(&after, &corrected),
        ["hallmark.lock", "hallmark.lock.d/0001.lock", "hallmark.lock.d/0004.lock"]
    );
    // A new credential: the last shard.
    site.append("main.csv", "sql,Newcomer,newcomer@example.org,2026-04-01,,,Winter");
    build(&site, "50");
    assert_eq!(changed(&corrected, &ledger_files(&content)), ["hallmark.lock", "hallmark.lock.d/0004.lock"]);
    assert_eq!(entry_lines(&content).len(), 207);
    let check = site.run(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn a_ledger_in_one_file_is_split_by_the_next_build_that_writes_it() {
    let site = site_with_rows(120);
    site.build();
    let content = site.content();
    assert!(!content.join("hallmark.lock.d").exists());
    let before = entry_lines(&content);
    assert_eq!(before.len(), 125);
    // A build that changes nothing leaves the file as it is.
    let said = build(&site, "50");
    assert!(!said.contains("updated"), "{said}");
    assert!(!content.join("hallmark.lock.d").exists());
    site.append("main.csv", "sql,Newcomer,newcomer@example.org,2026-04-01,,,Winter");
    let said = build(&site, "50");
    assert!(said.contains("hallmark.lock now holds more credentials than one file should"), "{said}");
    assert!(said.contains("(3 files)"), "{said}");
    let after = entry_lines(&content);
    assert_eq!(after.len(), 126);
    // Its entries keep their bytes.
    assert_eq!(after[..125], before[..]);
    let said = build(&site, "50");
    assert!(!said.contains("one file should"), "said once: {said}");
}

#[test]
fn rotate_key_and_the_change_plan_read_and_write_a_ledger_in_shards() {
    let site = site_with_rows(60);
    let old = site.root().join("old.key");
    let out = site.run_with_env(&["keygen", "--output", old.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let env = [(SHARDS, "25")];
    let out = site.run_with_env(&["build", "--key-file", old.to_str().unwrap()], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let content = site.content();
    let built = ledger_files(&content);
    assert_eq!(built.len(), 4, "65 credentials in shards of 25: {:?}", built.keys());
    // The new key is named in hallmark.lock: no shard changes.
    let new = site.root().join("new.key");
    let rotate = ["rotate-key", "--key-file", old.to_str().unwrap(), "--output", new.to_str().unwrap()];
    let out = site.run_with_env(&rotate, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(changed(&built, &ledger_files(&content)), ["hallmark.lock"]);
    assert_eq!(entry_lines(&content).len(), 65);
    // The change plan reads the committed ledger's shards from git.
    crate::change_plan::git(site.root(), &["init", "-q", "-b", "main"]);
    crate::change_plan::git(site.root(), &["add", "-A"]);
    crate::change_plan::git(site.root(), &["commit", "-qm", "published"]);
    site.append("main.csv", "sql,Newcomer,newcomer@example.org,2026-04-01,,,Winter");
    let plan = ["check", "--key-file", new.to_str().unwrap(), "--plan", "--base", "HEAD", "--format", "json"];
    let out = site.run_with_env(&plan, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["plan"]["issued"].as_array().unwrap().len(), 1, "{json}");
}
