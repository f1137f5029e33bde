//! Incremental rebuilds: unchanged credentials are neither re-signed nor re-rendered, and the result
//! is always byte-identical to a cold build of the same content.

use crate::support::{self, stderr, stdout, Site};

/// A cold build of a copy of `site`'s content (ledger included), into a fresh directory.
fn cold_copy(site: &Site, extra_args: &[&str]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let cold = tempfile::tempdir().unwrap();
    support::copy_dir(&site.content(), &cold.path().join("content"));
    let copy = Site { dir: cold };
    let mut args = vec!["build"];
    args.extend_from_slice(extra_args);
    let out = copy.run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    copy.files()
}

fn build(site: &Site, args: &[&str]) -> String {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn assert_same_as_cold(site: &Site, args: &[&str], step: &str) {
    let cold = cold_copy(site, args);
    let warm = site.files();
    let differing: Vec<&String> = cold.keys().chain(warm.keys()).filter(|k| cold.get(*k) != warm.get(*k)).collect();
    assert!(differing.is_empty(), "after {step}, incremental differs from cold in {differing:?}");
}

#[test]
fn every_kind_of_change_rebuilds_incrementally_to_exactly_the_cold_result() {
    let site = Site::fixture("small");
    let text = build(&site, &[]);
    assert!(text.contains("5 credentials signed, 5 pages rendered"), "{text}");

    let text = build(&site, &[]);
    assert!(text.contains("0 credentials signed, 0 pages rendered"), "nothing changed: {text}");
    assert!(text.contains("0 files written"), "{text}");
    assert_same_as_cold(&site, &[], "nothing");

    site.append("main.csv", "sql,Grace Hopper,grace@example.org,2026-03-04,,,Spring");
    let text = build(&site, &[]);
    assert!(text.contains("1 credential signed, 1 page rendered"), "add a row: {text}");
    assert_same_as_cold(&site, &[], "adding a row");

    site.edit("recipients/main.csv", "Grace Hopper", "Grace B. Hopper");
    let text = build(&site, &[]);
    assert!(text.contains("1 credential signed, 2 pages rendered"), "a correction re-renders the old page too: {text}");
    assert_same_as_cold(&site, &[], "correcting a row");

    let (path, _) = site.credentials().into_iter().find(|(_, c)| c["name"] == "First Aid").unwrap();
    let id = path.trim_start_matches("c/").trim_end_matches("/credential.json").to_string();
    assert!(site.run(&["revoke", &id, "--reason", "test"]).status.success());
    let text = build(&site, &[]);
    assert!(text.contains("0 credentials signed, 1 page rendered"), "revoking re-renders one page: {text}");
    assert_same_as_cold(&site, &[], "revoking");

    std::fs::create_dir_all(site.content().join("templates")).unwrap();
    let tpl = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/credential.html"))
        .unwrap();
    std::fs::write(
        site.content().join("templates/credential.html"),
        tpl.replacen("</article>", "<!-- local --></article>", 1),
    )
    .unwrap();
    let text = build(&site, &[]);
    assert!(
        text.contains("0 credentials signed, 7 pages rendered"),
        "a template change re-renders, never re-signs: {text}"
    );
    assert_same_as_cold(&site, &[], "changing a template");

    site.edit("badges/sql.md", "Writes correct SQL queries.", "Writes correct, readable SQL queries.");
    let text = build(&site, &[]);
    assert!(text.contains("5 credentials signed"), "a badge edit re-signs that badge's credentials: {text}");
    assert_same_as_cold(&site, &[], "editing a badge");

    site.edit("hallmark.toml", "title = \"Fixture Academy credentials\"", "title = \"Fixture Academy\"");
    let text = build(&site, &[]);
    assert!(
        text.contains("0 credentials signed, 7 pages rendered"),
        "a site title change re-renders pages only: {text}"
    );
    assert_same_as_cold(&site, &[], "changing the config");

    // Share pages on, then off: each credential's record is replaced, and the files it had that
    // the new one has not (its share pages) leave the output.
    let config = std::fs::read_to_string(site.content().join("hallmark.toml")).unwrap();
    std::fs::write(site.content().join("hallmark.toml"), format!("{config}\n[reports]\nshare_pages = true\n")).unwrap();
    build(&site, &[]);
    assert!(site.files().keys().any(|p| p.contains("/share/")), "share pages published");
    assert_same_as_cold(&site, &[], "turning share pages on");
    std::fs::write(site.content().join("hallmark.toml"), &config).unwrap();
    build(&site, &[]);
    assert!(!site.files().keys().any(|p| p.contains("/share/")), "share pages gone");
    assert_same_as_cold(&site, &[], "turning share pages off");

    let text = build(&site, &["--base-url", "https://elsewhere.example/x/"]);
    assert!(text.contains("7 credentials signed"), "a new base URL changes every id: {text}");
    assert_same_as_cold(&site, &["--base-url", "https://elsewhere.example/x/"], "changing the base URL");
}

#[test]
fn a_deleted_output_file_is_rewritten_even_when_the_cache_says_unchanged() {
    let site = Site::fixture("small");
    build(&site, &[]);
    let (path, _) = site.credentials().remove(0);
    let page = path.replace("credential.json", "index.html");
    std::fs::remove_file(site.public().join(&page)).unwrap();
    std::fs::write(site.public().join(&path), "tampered").unwrap();
    let text = build(&site, &[]);
    assert!(text.contains("1 credential signed, 1 page rendered"), "{text}");
    assert_same_as_cold(&site, &[], "repairing the output");
}

/// Sets the modification time of every credential directory a minute back, as if the site had been
/// built a while ago (directory stamps are only trusted once settled).
fn age_credential_dirs(site: &Site) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in std::fs::read_dir(site.public().join("c")).unwrap() {
        let dir = std::fs::File::open(entry.unwrap().path()).unwrap();
        dir.set_modified(past).unwrap();
    }
}

#[test]
fn a_settled_directory_stamp_spares_the_file_checks_but_any_change_inside_is_noticed() {
    let site = Site::fixture("small");
    build(&site, &[]);
    age_credential_dirs(&site);
    // This build checks every file, finds them all, and records the settled directory stamps.
    let text = build(&site, &[]);
    assert!(text.contains("0 credentials signed, 0 pages rendered"), "{text}");
    let cache = std::fs::read_to_string(site.root().join(".hallmark/build-cache")).unwrap();
    let stamped = cache.lines().skip(2).filter(|l| l.split('\t').nth(3).is_some_and(|s| s != "-")).count();
    assert_eq!(stamped, site.credentials().len(), "every credential has a stamp:\n{cache}");

    // Deleting a page changes its directory's time: the page is rendered again (not re-signed).
    let (path, _) = site.credentials().remove(0);
    std::fs::remove_file(site.public().join(path.replace("credential.json", "index.html"))).unwrap();
    let text = build(&site, &[]);
    assert!(text.contains("0 credentials signed, 1 page rendered"), "{text}");
    assert_same_as_cold(&site, &[], "a page deleted under a stamped directory");

    // So does replacing a file by another of another length.
    age_credential_dirs(&site);
    build(&site, &[]);
    let (path, _) = site.credentials().remove(1);
    let json = site.public().join(&path);
    let tmp = json.with_extension("tmp");
    std::fs::write(&tmp, "tampered").unwrap();
    std::fs::rename(&tmp, &json).unwrap();
    let text = build(&site, &[]);
    assert!(text.contains("1 credential signed, 1 page rendered"), "{text}");
    assert_same_as_cold(&site, &[], "a file replaced under a stamped directory");
}

/// Runs `hallmark <args>` from the directory `cwd`, with the test key.
fn run_from(cwd: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .current_dir(cwd)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env("HALLMARK_SIGNING_KEY", support::test_secret())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_cache_is_found_however_the_site_and_its_output_are_spelled() {
    let site = Site::fixture("small");
    build(&site, &[]);
    let files = site.files();
    let root = site.root();
    let (parent, name) = (root.parent().unwrap(), root.file_name().unwrap().to_str().unwrap());
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("linked-site");
    std::os::unix::fs::symlink(root, &link).unwrap();
    let dotted = format!("{name}/../{name}");
    let output = root.join("public");
    let content = site.content();
    let spellings: [(&std::path::Path, Vec<&str>); 5] = [
        (parent, vec!["--root", name, "build"]),
        (parent, vec!["--root", &dotted, "build"]),
        (elsewhere.path(), vec!["--root", link.to_str().unwrap(), "build"]),
        (root, vec!["build", "--output", "public"]),
        // From inside the content directory, where hallmark.toml is the working directory's own.
        (&content, vec!["build"]),
    ];
    for (cwd, args) in spellings {
        let text = run_from(cwd, &args);
        assert!(text.contains("0 credentials signed, 0 pages rendered"), "{args:?} from {cwd:?}:\n{text}");
        assert_eq!(site.files(), files, "{args:?}");
    }
    // An absolute --output naming the same directory, too.
    let text =
        run_from(elsewhere.path(), &["--root", root.to_str().unwrap(), "build", "--output", output.to_str().unwrap()]);
    assert!(text.contains("0 credentials signed, 0 pages rendered"), "{text}");
    // A project moved as a whole keeps its cache.
    let moved = elsewhere.path().join("moved-site");
    std::fs::rename(root, &moved).unwrap();
    let text = run_from(&moved, &["build"]);
    std::fs::rename(&moved, root).unwrap();
    assert!(text.contains("0 credentials signed, 0 pages rendered"), "{text}");
}

/// Waits until everything a build just wrote is settled: a fingerprint is only kept of files whose
/// times are two seconds old.
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(2100));
}

const UNTOUCHED: &str = "its fingerprint holds";

/// Lets the last build's files settle, builds once to keep the fingerprint, and checks that the
/// next build finds it holds.
fn hold_fingerprint(site: &Site) {
    settle();
    build(site, &[]);
    let text = build(site, &[]);
    assert!(text.contains(UNTOUCHED), "{text}");
}

#[test]
fn a_build_with_nothing_changed_reads_nothing_yet_sees_any_change_to_its_inputs_or_output() {
    let site = Site::fixture("small");
    build(&site, &[]);
    settle();
    // This build checks everything, changes nothing and keeps the fingerprint; the next one holds.
    let checked = build(&site, &[]);
    assert!(!checked.contains(UNTOUCHED));
    let files = site.files();
    let text = build(&site, &[]);
    assert!(text.contains("0 credentials signed, 0 pages rendered") && text.contains(UNTOUCHED), "{text}");
    // The same report as the build that checked everything, but for the time taken.
    let report = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.contains("pages rendered"))
            .map(|l| match l.split_once(" in ").and_then(|(a, b)| Some((a, b.split_once(" s:")?.1))) {
                Some((a, b)) => format!("{a}{b}"),
                None => l.to_string(),
            })
            .collect()
    };
    assert_eq!(report(&text), report(&checked));
    assert_eq!(site.files(), files);
    assert!(site.root().join(".hallmark/fingerprint").is_file());

    // An output page deleted: the build puts it back.
    let (path, _) = site.credentials().remove(0);
    std::fs::remove_file(site.public().join(path.replace("credential.json", "index.html"))).unwrap();
    let text = build(&site, &[]);
    assert!(text.contains("0 credentials signed, 1 page rendered") && !text.contains(UNTOUCHED), "{text}");
    assert_same_as_cold(&site, &[], "a page deleted under a fingerprint");

    // Another date, or another output directory: each is a build of its own.
    hold_fingerprint(&site);
    let dated = site.run_at("2026-11-23", &["build"], &[("HALLMARK_SIGNING_KEY", &support::test_secret())]);
    assert!(dated.status.success() && !stdout(&dated).contains(UNTOUCHED), "{}", stdout(&dated));
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("site");
    let moved = build(&site, &["--output", out.to_str().unwrap()]);
    assert!(!moved.contains(UNTOUCHED) && out.join("index.html").is_file(), "{moved}");

    // A roster row edited, even within the same second and to the same length.
    hold_fingerprint(&site);
    site.edit("recipients/main.csv", "Ada Lovelace", "Ada Lovelacf");
    let text = build(&site, &[]);
    assert!(text.contains("1 credential signed") && !text.contains(UNTOUCHED), "{text}");
    assert_same_as_cold(&site, &[], "a roster edited under a fingerprint");
}

#[test]
fn a_link_back_up_the_content_is_walked_once() {
    let site = Site::fixture("small");
    // hallmark reads no linked file, but a link may sit in the content all the same.
    std::os::unix::fs::symlink("..", site.content().join("badges/loop")).unwrap();
    build(&site, &[]);
    hold_fingerprint(&site);
    site.edit("recipients/main.csv", "Ada Lovelace", "Ada Lovelacf");
    let text = build(&site, &[]);
    assert!(text.contains("1 credential signed") && !text.contains(UNTOUCHED), "{text}");
}
