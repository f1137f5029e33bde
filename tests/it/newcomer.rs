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
