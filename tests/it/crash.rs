//! A build killed or failing at any point never publishes a credential the ledger lacks.
//!
//! The debug binary has fault points (src/ground/fault.rs): `HALLMARK_FAULT_POINT=<name>:<n>`
//! makes it SIGKILL itself the `n`th time it passes point `name`. A traced build first counts the
//! points one build passes (signing, staging, the cache, journal and ledger writes, publishing,
//! removing), then the build is killed at points spread over all of them. After each kill, and
//! again after the next build, every credential under `public/` must be in the ledger on disk
//! with the status index the ledger gives it, no index twice; after the next build the site must
//! be exactly what a fresh build of the same content and ledger gives.
//!
//! The site keeps a public log (issue 24): after every kill and restart, the log size the ledger
//! commits to is the published checkpoint's or the one before it, every published checkpoint has
//! all its tiles, and no size ever has two different checkpoints, in the output or the content.
//!
//! Quick by default (23 kill points); `HALLMARK_CRASH_FULL=1` kills at 50 points or more (52).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Output;

use sha2::Digest as _;

use crate::support::*;

fn full() -> bool {
    std::env::var_os("HALLMARK_CRASH_FULL").is_some()
}

/// Runs `hallmark` in `root` with the test key and `env`.
fn run(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hallmark"));
    cmd.arg("--root").arg(root).arg("--today").arg("2026-11-22").args(args);
    cmd.env("HALLMARK_SIGNING_KEY", test_secret());
    cmd.env_remove("HALLMARK_FAULT_POINT");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// The ledger's entries on disk: id → status index; panics when the file cannot be read as one.
fn ledger(root: &Path) -> HashMap<String, u64> {
    let mut text = std::fs::read_to_string(root.join("content/hallmark.lock")).unwrap_or_default();
    // A ledger in shards: the entries are in the files its index names, by digest: the shard,
    // or its `.next` when the build that committed it was killed before renaming it.
    let shards: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("shard\t"))
        .map(|v| (v.split(' ').next().unwrap().to_string(), v.split(' ').nth(2).unwrap().to_string()))
        .collect();
    for (name, digest) in shards {
        let dir = root.join("content/hallmark.lock.d");
        let named = [name.clone(), format!("{name}.next")].into_iter().find_map(|f| {
            let bytes = std::fs::read(dir.join(f)).ok()?;
            let hex: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            (hex == digest).then(|| String::from_utf8(bytes).unwrap())
        });
        text.push_str(&named.unwrap_or_else(|| panic!("no file holds shard {name} as the ledger names it")));
    }
    let mut entries = HashMap::new();
    let mut indexes = HashSet::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 11 && f.len() != 12 {
            continue; // a header line
        }
        let index: u64 = f[1].parse().unwrap();
        assert!(indexes.insert(index), "status index {index} twice in the ledger");
        assert!(entries.insert(f[0].to_string(), index).is_none(), "id {} twice in the ledger", f[0]);
    }
    entries
}

/// Every credential under `public/` is in the ledger on disk, with the index the ledger gives it.
fn assert_no_orphan(root: &Path, when: &str) -> usize {
    let known = ledger(root);
    let Ok(dirs) = std::fs::read_dir(root.join("public/c")) else { return 0 };
    let mut n = 0;
    for dir in dirs {
        let dir = dir.unwrap();
        let id = dir.file_name().into_string().unwrap();
        let index = known.get(&id).unwrap_or_else(|| panic!("{when}: public/c/{id}/ is not in the ledger"));
        let Ok(bytes) = std::fs::read(dir.path().join("credential.json")) else { continue };
        let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let published = doc["credentialStatus"]["statusListIndex"].as_str().unwrap().parse::<u64>().unwrap();
        assert_eq!(published, *index, "{when}: {id} is published with another status index than the ledger's");
        n += 1;
    }
    n
}

/// The site after a build that finished: exactly what a fresh build of the same content and ledger gives.
fn assert_complete(root: &Path, when: &str, env: &[(&str, &str)]) {
    let reference = root.join("reference");
    let out = run(root, &["build", "--output", reference.to_str().unwrap()], env);
    assert!(out.status.success(), "{when}: reference build failed: {}", stderr(&out));
    let (site, expected) = (snapshot(&root.join("public")), snapshot(&reference));
    let differ: Vec<&String> =
        expected.keys().chain(site.keys()).filter(|k| site.get(*k) != expected.get(*k)).collect();
    assert!(differ.is_empty(), "{when}: the site is not the one its ledger and content give: {differ:?}");
    std::fs::remove_dir_all(reference).unwrap();
}

/// The log size the ledger commits to (its `log` header).
fn ledger_log_size(root: &Path) -> u64 {
    let text = std::fs::read_to_string(root.join("content/hallmark.lock")).unwrap_or_default();
    text.lines().find_map(|l| l.strip_prefix("log\t")).map_or(0, |v| v.split(' ').next().unwrap().parse().unwrap())
}

/// The body (origin, size, root) and size of a checkpoint note.
fn checkpoint_of(note: &str) -> (u64, String) {
    let body = note.split("\n\n").next().unwrap().to_string();
    (body.lines().nth(1).unwrap().parse().unwrap(), body)
}

/// tlog-tiles' path of tile `n` of `level` (`None`: entries) at `width`.
fn tile_path(level: Option<u64>, n: u64, width: u64) -> String {
    let digits = format!("{:0w$}", n, w = 3 * n.to_string().len().div_ceil(3).max(1));
    let groups: Vec<&str> = (0..digits.len() / 3).map(|i| &digits[i * 3..i * 3 + 3]).collect();
    let index = groups
        .iter()
        .enumerate()
        .map(|(i, g)| if i + 1 < groups.len() { format!("x{g}/") } else { g.to_string() })
        .collect::<String>();
    let level = level.map_or("entries".to_string(), |l| l.to_string());
    let partial = if width < 256 { format!(".p/{width}") } else { String::new() };
    format!("public/log/tile/{level}/{index}{partial}")
}

/// The log's invariants on disk; `seen` remembers every published checkpoint by size across a run.
fn assert_log_invariants(root: &Path, when: &str, seen: &mut HashMap<u64, String>) {
    let mut notes: Vec<String> = std::fs::read_dir(root.join("public/log/checkpoints"))
        .into_iter()
        .flatten()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let latest = std::fs::read_to_string(root.join("public/log/checkpoint")).ok();
    notes.extend(latest.clone());
    let committed = std::fs::read_to_string(root.join("content/hallmark.checkpoints")).unwrap_or_default();
    let committed_sizes: Vec<u64> =
        committed.lines().filter_map(|l| l.strip_prefix("checkpoint ")).map(|n| n.parse().unwrap()).collect();
    let published = notes.len();
    notes.extend(committed.split("\ncheckpoint ").skip(1).map(|c| c.split_once('\n').unwrap().1.to_string()));
    // On disk now, published or committed: one checkpoint per size.
    let mut now: HashMap<u64, String> = HashMap::new();
    for (i, note) in notes.iter().enumerate() {
        let (size, body) = checkpoint_of(note);
        let first = now.entry(size).or_insert_with(|| body.clone());
        assert_eq!(*first, body, "{when}: two different checkpoints of size {size}");
        if i >= published {
            continue;
        }
        // Published, ever: one checkpoint per size for the whole run. (A build killed before its
        // commit point signed one that was never published; the next build drops it.)
        let ever = seen.entry(size).or_insert_with(|| body.clone());
        assert_eq!(*ever, body, "{when}: a published checkpoint of size {size} was replaced");
        // Every tile the checkpoint needs is there: its partial, or the full tile since.
        for level in 0..4u64 {
            let count = size >> (8 * level);
            for n in 0..count.div_ceil(256) {
                let width = (count - n * 256).min(256);
                let there =
                    |l| root.join(tile_path(l, n, width)).is_file() || root.join(tile_path(l, n, 256)).is_file();
                let missing = !there(Some(level)) || (level == 0 && !there(None));
                assert!(!missing, "{when}: the checkpoint of size {size} lacks tile {level}/{n} of width {width}");
            }
        }
    }
    if let Some(latest) = latest {
        let (published, _) = checkpoint_of(&latest);
        let size = ledger_log_size(root);
        let before = committed_sizes.iter().copied().filter(|s| *s < size).max();
        assert!(
            published == size || Some(published) == before,
            "{when}: the ledger commits to {size} entries, the published checkpoint has {published}"
        );
    }
}

/// A built site (the old one), with a change waiting to be built: new rows, a corrected name, a
/// revocation and a static file removed.
fn prepared(env: &[(&str, &str)]) -> Site {
    let site = Site::fixture("small");
    let config = std::fs::read_to_string(site.content().join("hallmark.toml")).unwrap();
    std::fs::write(site.content().join("hallmark.toml"), format!("{config}\n[log]\n")).unwrap();
    std::fs::create_dir_all(site.content().join("static")).unwrap();
    std::fs::write(site.content().join("static/old-notice.txt"), "retired with the next build").unwrap();
    for i in 0..24 {
        site.append("main.csv", &format!("sql,Learner {i},learner{i}@example.org,2026-03-05,,,Autumn"));
    }
    let out = run(site.root(), &["build"], env);
    assert!(out.status.success(), "{}", stderr(&out));
    for i in 0..8 {
        site.append("main.csv", &format!("sql,Newcomer {i},new{i}@example.org,2026-04-01,,,Winter"));
    }
    site.edit("recipients/main.csv", "Learner 3,", "Learner Three,");
    let victim = ledger(site.root()).into_iter().find(|(_, i)| *i == 7).unwrap().0;
    std::fs::write(
        site.content().join("revocations.toml"),
        format!("[[revoked]]\nid = \"{victim}\"\ndate = \"2026-11-01\"\nreason = \"Issued in error.\"\n"),
    )
    .unwrap();
    std::fs::remove_file(site.content().join("static/old-notice.txt")).unwrap();
    site
}

/// A copy of `site` in a new temporary directory, its build cache pointed at the copy's output.
fn copy_of(site: &Site) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(site.root(), dir.path());
    let cache = dir.path().join(".hallmark/build-cache");
    if let Ok(text) = std::fs::read_to_string(&cache) {
        let from = site.public().to_string_lossy().into_owned();
        let to = dir.path().join("public").to_string_lossy().into_owned();
        std::fs::write(&cache, text.replacen(&from, &to, 1)).unwrap();
    }
    dir
}

/// How many times one build of the change passes each fault point.
fn points_passed(site: &Site, env: &[(&str, &str)]) -> BTreeMap<String, usize> {
    let dir = copy_of(site);
    let trace = dir.path().join("trace");
    let traced = [env, &[("HALLMARK_FAULT_TRACE", trace.to_str().unwrap())]].concat();
    let out = run(dir.path(), &["build"], &traced);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut counts = BTreeMap::new();
    for line in std::fs::read_to_string(trace).unwrap().lines() {
        *counts.entry(line.split(' ').nth(1).unwrap().to_string()).or_insert(0) += 1;
    }
    counts
}

/// `k` passages of a point passed `total` times, spread from the first to the last.
fn spread(total: usize, k: usize) -> Vec<usize> {
    let k = k.min(total);
    let mut picks: Vec<usize> = (0..k).map(|i| 1 + i * (total - 1) / (k - 1).max(1)).collect();
    picks.dedup();
    picks
}

fn kill_points(counts: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let many = if full() { 16 } else { 4 };
    let mut points = Vec::new();
    for (name, &total) in counts {
        if name.starts_with("lock-") {
            continue;
        }
        let k = if total > 1 { many } else { 1 };
        points.extend(spread(total, k).into_iter().map(|n| (name.clone(), n)));
    }
    points
}

#[test]
fn a_build_killed_at_any_point_publishes_no_credential_the_ledger_lacks() {
    let site = prepared(&[]);
    let counts = points_passed(&site, &[]);
    for phase in ["sign", "stage", "cache-synced", "journal-synced", "ledger-written", "ledger-renamed", "publish"] {
        assert!(counts.contains_key(phase), "the build never passes {phase}: {counts:?}");
    }
    assert!(counts["retire"] >= 1, "{counts:?}");
    let points = kill_points(&counts);
    eprintln!("one build passes {counts:?}");
    if full() {
        assert!(points.len() >= 50, "{} kill points: {points:?}", points.len());
    }
    killed_at(&site, &points, &[]);
}

/// The same with the ledger in shards of 10 (issue: scale): killed while the shards are staged,
/// at the commit, and while they take their places.
#[test]
fn a_build_of_a_ledger_in_shards_killed_at_any_point_publishes_no_credential_the_ledger_lacks() {
    let env = [("HALLMARK_LEDGER_SHARD_ENTRIES", "10")];
    let site = prepared(&env);
    assert!(site.content().join("hallmark.lock.d/0002.lock").is_file(), "27 credentials in 3 shards");
    let counts = points_passed(&site, &env);
    for phase in ["shard-synced", "shard-renamed", "shard-settle"] {
        assert!(counts.contains_key(phase), "the build never passes {phase}: {counts:?}");
    }
    let near = |n: &str| n.starts_with("shard-") || n.starts_with("ledger-") || n == "journal-synced" || n == "publish";
    let points: Vec<(String, usize)> = kill_points(&counts).into_iter().filter(|(n, _)| near(n)).collect();
    eprintln!("one build passes {counts:?}");
    killed_at(&site, &points, &env);
}

/// A ledger in one file that the build splits into shards of 10 (the migration), killed while it
/// stages the shards, at the commit, and while they take their places.
#[test]
fn a_build_that_splits_the_ledger_killed_at_any_point_publishes_no_credential_the_ledger_lacks() {
    let env = [("HALLMARK_LEDGER_SHARD_ENTRIES", "10")];
    let site = prepared(&[]);
    assert!(!site.content().join("hallmark.lock.d").exists());
    let counts = points_passed(&site, &env);
    // The first and the last passage of each: the other shards are written the same way.
    let near = |n: &str, k: usize| (n.starts_with("shard-") && (k == 1 || k == counts[n])) || n == "ledger-renamed";
    let points: Vec<(String, usize)> = kill_points(&counts).into_iter().filter(|(n, k)| near(n, *k)).collect();
    assert_eq!(points.len(), 9, "{points:?}");
    killed_at(&site, &points, &env);
}

/// Kills a build of `site`'s change at each of `points`; after each, and after the next build,
/// the site and ledger agree.
fn killed_at(site: &Site, points: &[(String, usize)], env: &[(&str, &str)]) {
    let before = ledger(site.root()).len();
    let (mut finished, mut rolled_back) = (0, 0);
    for (name, n) in points {
        let when = format!("killed at {name}:{n}");
        let dir = copy_of(site);
        let root = dir.path();
        let fault = format!("{name}:{n}");
        let out = run(root, &["build"], &[env, &[("HALLMARK_FAULT_POINT", &fault)]].concat());
        assert_eq!(out.status.signal(), Some(9), "{when}: not killed: {}", stderr(&out));
        assert_no_orphan(root, &when);
        let mut seen = HashMap::new();
        assert_log_invariants(root, &when, &mut seen);
        let out = run(root, &["build"], env);
        assert!(out.status.success(), "{when}: the next build failed: {}", stderr(&out));
        let said = stderr(&out);
        assert!(said.contains("an earlier build (build (pid "), "{when}: the next build said nothing: {said}");
        if said.contains("after it had written the ledger") {
            let counted = ["staged files were published now", ": its 1 staged file was published now"];
            assert!(counted.iter().any(|c| said.contains(c)), "{when}: how many files it published: {said}");
            finished += 1;
        } else {
            assert!(said.contains("before it had written the ledger"), "{when}: {said}");
            rolled_back += 1;
        }
        let published = assert_no_orphan(root, &format!("{when}, then built again"));
        assert_log_invariants(root, &format!("{when}, then built again"), &mut seen);
        assert_eq!(
            ledger_log_size(root),
            std::fs::read_to_string(root.join("content/hallmark.log")).unwrap().lines().count() as u64
        );
        assert_eq!(ledger(root).len(), before + 9, "{when}: 8 new credentials and 1 correction");
        assert_eq!(published, before + 9, "{when}: every credential published");
        assert_complete(root, &when, env);
        let leftovers: Vec<_> = std::fs::read_dir(root.join("content/hallmark.lock.d"))
            .into_iter()
            .flatten()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".lock"))
            .collect();
        assert!(leftovers.is_empty(), "{when}: {leftovers:?} left beside the shards");
    }
    assert!(finished > 0 && rolled_back > 0, "finished {finished}, rolled back {rolled_back}");
    eprintln!("killed at {} points: {finished} finished by the next build, {rolled_back} rolled back", points.len());
}

#[test]
fn a_failing_ledger_write_leaves_the_old_site_and_ledger_exactly() {
    let site = prepared(&[]);
    for (how, env) in [
        ("the temporary ledger cannot be created", None),
        ("writing the ledger fails", Some("ledger-written:1:fail")),
        ("flushing the ledger to disk fails", Some("ledger-synced:1:fail")),
        ("writing the journal fails", Some("journal-written:1:fail")),
    ] {
        let dir = copy_of(&site);
        let root = dir.path();
        let (files, ledger_text) = (snapshot(&root.join("public")), std::fs::read(root.join("content/hallmark.lock")));
        let blocker = root.join("content/hallmark.lock.tmp");
        if env.is_none() {
            std::fs::create_dir(&blocker).unwrap();
        }
        let out = run(root, &["build"], &env.map(|e| [("HALLMARK_FAULT_POINT", e)]).unwrap_or_default()[..]);
        assert!(!out.status.success(), "{how}: the build succeeded");
        assert!(
            stderr(&out).contains("hallmark.lock") || stderr(&out).contains("transaction"),
            "{how}: {}",
            stderr(&out)
        );
        assert_eq!(snapshot(&root.join("public")), files, "{how}: the published site changed");
        assert_eq!(std::fs::read(root.join("content/hallmark.lock")).unwrap(), ledger_text.unwrap(), "{how}");
        assert!(!root.join(".hallmark/transaction").exists(), "{how}: rolled back at once");
        let _ = std::fs::remove_dir(&blocker);
        let out = run(root, &["build"], &[]);
        assert!(out.status.success(), "{how}: {}", stderr(&out));
        assert_no_orphan(root, how);
        assert_complete(root, how, &[]);
    }
}

#[test]
fn an_old_empty_or_cut_ledger_beside_a_published_site_is_refused() {
    let site = prepared(&[]);
    let full_text = site.ledger();
    let lines: Vec<&str> = full_text.lines().collect();
    let cut_at_line = lines[..lines.len() - 3].join("\n") + "\n";
    let old_without_count: String =
        cut_at_line.lines().filter(|l| !l.starts_with("# count:")).map(|l| format!("{l}\n")).collect();
    for (what, text, says) in [
        ("empty", String::new(), "the file is empty"),
        ("cut inside a line", full_text[..full_text.len() - 20].to_string(), "cut short"),
        ("cut at a line break", cut_at_line.clone(), "cut short or edited"),
        ("older than the site", old_without_count, "publishes 3 credentials the ledger does not record"),
        ("only its header", lines[..5].join("\n") + "\n", "an empty ledger beside a published site"),
    ] {
        let dir = copy_of(&site);
        let root = dir.path();
        std::fs::write(root.join("content/hallmark.lock"), &text).unwrap();
        let files = snapshot(&root.join("public"));
        let out = run(root, &["build"], &[]);
        assert!(!out.status.success(), "{what}: accepted");
        assert!(stderr(&out).contains(says), "{what}: {}", stderr(&out));
        assert!(stderr(&out).contains("hallmark.lock:") || stderr(&out).contains("hallmark.lock"), "{what}");
        assert_eq!(snapshot(&root.join("public")), files, "{what}: the site changed");
        assert_eq!(std::fs::read_to_string(root.join("content/hallmark.lock")).unwrap(), text, "{what}");
    }
}
