//! What a new user met between `hallmark init` and a published site (issue 17's defects): a
//! configured key file that other machines lack, resetting a sample site that was never published,
//! and the output's small lies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::http::start_serve;
use crate::support::{stderr, stdout, Site};

/// `hallmark <args>` in `dir`, with no signing key in the environment and `HOME` at `dir`.
fn hallmark(dir: &Path, args: &[&str]) -> Output {
    hallmark_env(dir, args, &[])
}

fn hallmark_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hallmark"));
    cmd.current_dir(dir).env_remove("HALLMARK_SIGNING_KEY").env("HOME", dir).args(["--today", "2026-11-22"]);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// A site made by `hallmark init` in an empty temporary directory.
pub(crate) fn init_site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let out = hallmark(dir.path(), &["init", "."]);
    assert!(out.status.success(), "init failed:\n{}", stderr(&out));
    Site { dir }
}

/// Creates a key with `hallmark keygen` at `<tmp>/keys/site.key` (outside the site), points
/// `[signing] key_file` at it and builds once, which pins it in hallmark.lock. Returns the key
/// file, its secret and its public key.
fn configure_key_and_build(site: &Site, keys: &Path) -> (PathBuf, String, String) {
    let key = keys.join("site.key");
    let out = hallmark(site.root(), &["keygen", "--output", key.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = stdout(&out).lines().find_map(|l| l.strip_prefix("Public key: ")).unwrap().to_string();
    site.edit(
        "hallmark.toml",
        "# [signing]\n# key_file = \"~/.config/hallmark/signing.key\"",
        &format!("[signing]\nkey_file = \"{}\"", key.display()),
    );
    let out = hallmark(site.root(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.ledger().contains(&public), "the build pins the key:\n{}", site.ledger());
    let secret = std::fs::read_to_string(&key).unwrap().lines().last().unwrap().to_string();
    (key, secret, public)
}

#[test]
fn a_configured_key_file_that_is_not_on_this_machine_stops_only_the_build_that_needs_it() {
    let site = init_site();
    let keys = tempfile::tempdir().unwrap();
    let (key, secret, public) = configure_key_and_build(&site, keys.path());
    let away = keys.path().join("elsewhere.key");
    std::fs::rename(&key, &away).unwrap();

    // An editor's laptop and pull-request CI: no key file, no secret.
    let out = hallmark(site.root(), &["check", "--locked"]);
    assert!(out.status.success(), "check needs no key:\n{}", stderr(&out));
    let note = stderr(&out);
    assert!(note.contains(&key.display().to_string()) && note.contains("throwaway"), "{note}");
    let serving = start_serve(&site, &["--port", "0"]);
    assert!(serving.is_ok(), "serve needs no key: {:?}", serving.err());
    drop(serving);

    // A build that needs the key says where it looked and how to supply it, and never to make
    // a new one: the ledger pins this key.
    let out = hallmark(site.root(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains(&key.display().to_string()), "names the file it looked for:\n{err}");
    assert!(err.contains("HALLMARK_SIGNING_KEY"), "names the variable:\n{err}");
    assert!(err.contains(&public), "names the pinned key:\n{err}");
    assert!(!err.contains("create one with"), "no advice to make a new key:\n{err}");
    assert_eq!(err.matches("signing key:").count(), 1, "{err}");

    let out = hallmark_env(site.root(), &["build", "--locked"], &[("HALLMARK_SIGNING_KEY", &secret)]);
    assert!(out.status.success(), "the key from the environment:\n{}", stderr(&out));
}

#[test]
fn a_missing_key_file_on_a_site_without_a_pinned_key_says_how_to_create_one() {
    let site = init_site();
    site.edit(
        "hallmark.toml",
        "# [signing]\n# key_file = \"~/.config/hallmark/signing.key\"",
        "[signing]\nkey_file = \"~/keys/new.key\"",
    );
    let out = hallmark(site.root(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("hallmark keygen --output"), "{err}");
    assert!(err.contains("HALLMARK_SIGNING_KEY"), "{err}");
}

#[test]
fn an_invalid_key_in_the_environment_names_its_problem_once() {
    let site = init_site();
    let out = hallmark_env(site.root(), &["build"], &[("HALLMARK_SIGNING_KEY", "not-a-key")]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("HALLMARK_SIGNING_KEY does not hold a valid key"), "{err}");
    assert_eq!(err.matches("signing key:").count(), 1, "the prefix once:\n{err}");
}

#[test]
fn build_output_is_a_short_summary_with_plurals_and_timings_only_under_verbose() {
    let site = init_site();
    let out = hallmark(site.root(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("signing time") && !text.contains("per thread"), "timings only under --verbose:\n{text}");
    assert!(text.contains("2 credentials signed, 2 pages rendered"), "{text}");
    assert!(!text.contains("the rest unchanged"), "on a first build nothing was left unchanged:\n{text}");

    site.append("example.csv", "welcome,Grace Hopper,grace@example.org,2026-02-01,");
    let text = stdout(&hallmark(site.root(), &["build"]));
    assert!(text.contains("1 credential signed, 1 page rendered"), "{text}");
    assert!(!text.contains(" 1 pages") && !text.contains("1 credentials"), "{text}");

    let out = hallmark(site.root(), &["--verbose", "build"]);
    let text = stdout(&out);
    assert!(text.contains("0 credentials signed"), "{text}");
    let timing = text.lines().find(|l| l.contains("signing time per document")).unwrap_or_else(|| panic!("{text}"));
    assert!(timing.contains("status lists") && !timing.contains("credential"), "what the mean is of: {timing}");
    assert!(text.contains("signing key: z6Mk"), "{text}");
}

#[test]
fn an_editor_saving_through_a_temporary_file_is_one_change_to_serve() {
    let site = init_site();
    let serving = start_serve(&site, &["--port", "0"]).unwrap();
    let next_build = |what: &str| loop {
        let line = serving.output.recv_timeout(std::time::Duration::from_secs(60)).expect(what);
        if line.contains("Built in") || line.contains("Rebuilt in") || line.contains("Build failed") {
            return line;
        }
    };
    next_build("the first build");
    let roster = site.content().join("recipients/example.csv");
    let mut text = std::fs::read_to_string(&roster).unwrap();
    text.push_str("welcome,Grace Hopper,grace@example.org,2026-02-01,\n");
    // A save as many editors make it: a new file beside the old one, renamed over it.
    let temp = site.content().join("recipients/example.csv.tmp-1234");
    std::fs::write(&temp, &text).unwrap();
    std::fs::rename(&temp, &roster).unwrap();
    let line = next_build("a rebuild");
    assert!(line.contains("after") && line.contains("example.csv changed"), "{line}");
    assert!(line.contains("1 credential signed, 1 page rendered"), "{line}");
    // A save that keeps a backup: the file renamed away, written afresh, the backup removed.
    let backup = site.content().join("badges/welcome.md.bak");
    let md = site.content().join("badges/welcome.md");
    std::fs::rename(&md, &backup).unwrap();
    std::fs::write(&md, std::fs::read_to_string(&backup).unwrap() + "\nAnd more.\n").unwrap();
    std::fs::remove_file(&backup).unwrap();
    let line = next_build("a rebuild after the badge");
    assert!(line.contains("welcome.md changed"), "{line}");
}

#[test]
fn reinstate_offers_no_reason_or_publicity_flags() {
    let site = init_site();
    let help = stdout(&hallmark(site.root(), &["reinstate", "--help"]));
    for flag in ["--reason", "--public", "--private"] {
        assert!(!help.contains(flag), "reinstate --help offers {flag}:\n{help}");
    }
    assert!(help.contains("--dry-run") && help.contains("--badge"), "{help}");
    let out = hallmark(site.root(), &["reinstate", "--badge", "welcome", "--reason", "x"]);
    assert!(!out.status.success(), "a flag reinstate ignores is refused");
    assert!(stdout(&hallmark(site.root(), &["revoke", "--help"])).contains("--reason"));
}

#[test]
fn revoke_creates_revocations_toml_with_its_header_first() {
    let site = init_site();
    assert!(hallmark(site.root(), &["build"]).status.success());
    let id =
        site.ledger().lines().find(|l| l.contains("Ada Lovelace")).unwrap().split('\t').next().unwrap().to_string();
    let out = hallmark(site.root(), &["revoke", &id, "--reason", "issued in error"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.content().join("revocations.toml")).unwrap();
    assert!(text.starts_with("# Revoked and suspended credentials."), "{text}");
    assert!(text.trim_end().ends_with("reason = \"issued in error\""), "the entry after the header:\n{text}");
}

/// The files under `dir`, relative, with `/` separators.
fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = crate::support::snapshot(dir).into_keys().collect();
    files.sort();
    files
}

#[test]
fn the_readme_lists_exactly_what_init_creates() {
    let site = init_site();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let intro = "`hallmark init my-site` creates these files";
    let at = readme.find(intro).unwrap_or_else(|| panic!("the README says {intro:?}"));
    let block = readme[at..].split("```").nth(1).expect("a code block after it");
    // A tree: two spaces of indent per level, a directory ends in `/`, comments after the name.
    let mut stack: Vec<String> = Vec::new();
    let mut listed = Vec::new();
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let depth = (line.len() - line.trim_start().len()) / 2;
        let name = line.split_whitespace().next().unwrap().to_string();
        stack.truncate(depth);
        if let Some(dir) = name.strip_suffix('/') {
            stack.push(dir.to_string());
        } else {
            listed.push(stack.iter().skip(1).chain([&name]).cloned().collect::<Vec<_>>().join("/"));
        }
    }
    listed.sort();
    assert_eq!(listed, files_under(site.root()));
}

#[test]
fn the_site_description_is_on_the_home_page_beside_the_issuers() {
    let site = init_site();
    site.edit(
        "hallmark.toml",
        "language = \"en\"",
        "language = \"en\"\ndescription = \"Credentials of our evening school.\"",
    );
    site.edit(
        "hallmark.toml",
        "url = \"https://www.example.org/\"",
        "url = \"https://www.example.org/\"\ndescription = \"A school since 1901.\"",
    );
    assert!(hallmark(site.root(), &["build"]).status.success());
    let home = std::fs::read_to_string(site.public().join("index.html")).unwrap();
    let body = &home[home.find("<body").expect("a body")..];
    assert!(body.contains("Credentials of our evening school."), "[site] description:\n{body}");
    assert!(body.contains("A school since 1901."), "[issuer] description:\n{body}");
}

#[test]
fn lms_date_formats_are_read_and_their_errors_name_the_rosters_own_header() {
    let site = init_site();
    let mapping = |file: &str| {
        format!("\n[rosters.\"recipients/{file}\"]\nbadge = \"welcome\"\n[rosters.\"recipients/{file}\".columns]\nname = \"Full name\"\nemail = \"Email address\"\nissued = \"Completion date\"\n")
    };
    let config = site.content().join("hallmark.toml");
    let mut toml = std::fs::read_to_string(&config).unwrap();
    toml.push_str(&mapping("moodle.csv"));
    toml.push_str(&mapping("canvas.csv"));
    std::fs::write(&config, &toml).unwrap();
    let write = |file: &str, text: &str| std::fs::write(site.content().join("recipients").join(file), text).unwrap();
    write(
        "moodle.csv",
        "Full name,Email address,Completion date\nGrace Hopper,grace@example.org,2026-03-09 14:33:10\n",
    );
    write("canvas.csv", "Full name,Email address,Completion date\nAlan Turing,alan@example.org,2 March 2026\n");

    let out = hallmark(site.root(), &["check"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(!err.contains("moodle.csv"), "a date-time is taken as its date:\n{err}");
    assert!(err.contains("recipients/canvas.csv:2:30"), "{err}");
    assert!(err.contains("\"2 March 2026\" in `Completion date` (the issued column) is not a date"), "{err}");
    assert!(err.contains("[rosters.\"recipients/canvas.csv\"]") && err.contains("date_format = \"%d %B %Y\""), "{err}");

    let fixed = toml.replace(
        "[rosters.\"recipients/canvas.csv\"]\nbadge = \"welcome\"",
        "[rosters.\"recipients/canvas.csv\"]\nbadge = \"welcome\"\ndate_format = \"%d %B %Y\"",
    );
    std::fs::write(&config, fixed).unwrap();
    let out = hallmark(site.root(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let issued: Vec<String> = site
        .credentials()
        .into_iter()
        .filter(|(_, c)| {
            let name = &c["credentialSubject"]["identifier"][1]["identityHash"];
            ["Grace Hopper", "Alan Turing"].contains(&name.as_str().unwrap_or(""))
        })
        .map(|(_, c)| c["validFrom"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(issued.len(), 2);
    assert!(
        issued.contains(&"2026-03-09T00:00:00Z".to_string()) && issued.contains(&"2026-03-02T00:00:00Z".to_string()),
        "{issued:?}"
    );
}

/// Replaces init's sample badge and roster with a badge of one's own and one row for it.
fn replace_the_sample(site: &Site) {
    let badges = site.content().join("badges");
    let md =
        std::fs::read_to_string(badges.join("welcome.md")).unwrap().replace("name = \"Welcome\"", "name = \"SQL\"");
    std::fs::write(badges.join("sql.md"), md).unwrap();
    std::fs::rename(badges.join("welcome.svg"), badges.join("sql.svg")).unwrap();
    std::fs::remove_file(badges.join("welcome.md")).unwrap();
    let roster = "badge,name,email,issued\nsql,Grace Hopper,grace@example.org,2026-03-01\n";
    std::fs::write(site.content().join("recipients/example.csv"), roster).unwrap();
}

#[test]
fn a_site_never_published_is_reset_and_every_ledger_error_names_its_line_and_the_way_out() {
    let site = init_site();
    assert!(hallmark(site.root(), &["build"]).status.success());
    replace_the_sample(&site);
    let out = hallmark(site.root(), &["build"]);
    let err = stderr(&out);
    assert!(err.contains("content/hallmark.lock:10:1") && err.contains("roster row is gone"), "{err}");
    assert!(err.contains("hallmark reset"), "{err}");

    // Revoking the sample, as the first error advised, leads to the badge it needs.
    assert!(hallmark(site.root(), &["revoke", "--badge", "welcome", "--reason", "sample"]).status.success());
    let err = stderr(&hallmark(site.root(), &["build"]));
    assert!(err.contains("content/hallmark.lock:10:1"), "the ledger line:\n{err}");
    assert!(err.contains("2 credentials were issued with the badge \"welcome\""), "{err}");
    assert!(err.contains("help:") && err.contains("hallmark reset"), "{err}");

    let ledger = site.ledger();
    let out = hallmark(site.root(), &["reset"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("hallmark.lock") && stdout(&out).contains("revocations.toml"), "{}", stdout(&out));
    assert_eq!(site.ledger(), ledger, "without --yes nothing is removed");
    let out = hallmark(site.root(), &["reset", "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.content().join("revocations.toml").exists() && !site.public().exists());
    assert!(site.content().join("badges/sql.md").exists(), "content stays");
    let out = hallmark(site.root(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Built 1 credential for 1 badge"), "{}", stdout(&out));
}

#[test]
fn a_site_whose_recipients_were_emailed_is_not_reset() {
    assert_eq!(hallmark::ops::reset::SENT_LOG, hallmark::notify::SENT_FILE);
    let site = init_site();
    assert!(hallmark(site.root(), &["build"]).status.success());
    std::fs::write(site.content().join("hallmark.sent"), "# sent log\nsomething\tsent\n").unwrap();
    let out = hallmark(site.root(), &["reset", "--yes"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("was published") && stderr(&out).contains("hallmark revoke"), "{}", stderr(&out));
    assert!(site.content().join("hallmark.lock").exists());
}

/// The id of the credential issued to `name`, from the ledger.
fn id_of(site: &Site, name: &str) -> String {
    site.ledger().lines().find(|l| l.contains(name)).unwrap().split('\t').next().unwrap().to_string()
}

#[test]
fn verify_run_in_a_site_finds_its_built_site_and_follows_landing_pages_to_their_credential() {
    let site = init_site();
    assert!(hallmark(site.root(), &["build"]).status.success());
    let id = id_of(&site, "Ada Lovelace");
    let lone = site.root().join("downloaded.json");
    std::fs::copy(site.public().join(format!("c/{id}/credential.json")), &lone).unwrap();
    let page = format!("public/c/{id}/index.html");
    let url = format!("https://example.github.io/credentials/c/{id}/");
    for target in [lone.to_str().unwrap(), &page, &url] {
        let out = hallmark(site.root(), &["verify", "--format", "json", target]);
        assert_eq!(out.status.code(), Some(0), "{target}: {}{}", stdout(&out), stderr(&out));
        let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(report["credentials"][0]["state"], "verified", "{target}: {report:#}");
    }
}

#[test]
fn verify_follows_a_landing_page_url_on_the_web_to_its_credential() {
    let site = init_site();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    assert!(hallmark(site.root(), &["build", "--base-url", &base]).status.success());
    crate::support::http::serve_static(listener, site.public());
    let id = id_of(&site, "José Núñez");
    let elsewhere = tempfile::tempdir().unwrap();
    let out = hallmark(elsewhere.path(), &["verify", "--format", "json", &format!("{base}c/{id}/")]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["credentials"][0]["state"], "verified", "{report:#}");
    assert!(report["credentials"][0]["id"].as_str().unwrap().ends_with(&format!("c/{id}/credential.json")));
}
