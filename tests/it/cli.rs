//! The commands as a user runs them: init, build, check, keygen, --help.

use std::process::Command;

use crate::support::{self, stderr, stdout, Site};

fn hallmark(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .current_dir(dir)
        .env_remove("HALLMARK_SIGNING_KEY")
        .env("HOME", dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn init_scaffolds_a_site_that_builds_checks_and_signs_with_a_generated_key() {
    let tmp = tempfile::tempdir().unwrap();
    let out = hallmark(
        tmp.path(),
        &["init", "my-site", "--name", "Acme \"Academy\"", "--base-url", "https://acme.github.io/badges/"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let site = tmp.path().join("my-site");
    assert!(site.join("content/hallmark.toml").is_file());
    assert!(std::fs::read_to_string(site.join(".gitignore")).unwrap().contains("/.hallmark/"));

    let out = hallmark(&site, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Checked 2 credentials"), "{}", stdout(&out));
    assert!(!site.join("public").exists(), "check writes no site");
    assert!(!site.join("content/hallmark.lock").exists(), "check writes no ledger");

    let out = hallmark(&site, &["keygen", "--output", "../keys/acme.key"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = stdout(&out).lines().find_map(|l| l.strip_prefix("Public key: ")).unwrap().to_string();
    let key_path = tmp.path().join("keys/acme.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key_path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    let toml = site.join("content/hallmark.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "# [signing]\n# key_file = \"~/.config/hallmark/signing.key\"",
        "[signing]\nkey_file = \"../../keys/acme.key\"",
    );
    std::fs::write(&toml, text).unwrap();
    let out = hallmark(&site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("DEVELOPMENT"), "{}", stderr(&out));
    let did = std::fs::read_to_string(site.join("public/did.json")).unwrap();
    assert!(did.contains(&public), "the DID document carries the generated key");
    let secret = std::fs::read_to_string(&key_path).unwrap().lines().last().unwrap().to_string();
    for (path, bytes) in support::snapshot(&site.join("public")) {
        assert!(!String::from_utf8_lossy(&bytes).contains(&secret), "secret in {path}");
    }
    assert!(!std::fs::read_to_string(site.join("content/hallmark.lock")).unwrap().contains(&secret));
    assert!(!stdout(&out).contains(&secret) && !stderr(&out).contains(&secret));
}

#[test]
fn init_refuses_a_non_empty_directory() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("x"), "").unwrap();
    let out = hallmark(tmp.path(), &["init", "."]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not empty"));
}

#[test]
fn keygen_refuses_to_write_inside_the_content_directory_or_over_a_key() {
    let site = Site::fixture("small");
    let inside = site.content().join("signing.key");
    let out = hallmark(site.root(), &["keygen", "--output", inside.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("inside the content directory"), "{}", stderr(&out));
    assert!(!inside.exists());
    let outside = site.root().join("k.key");
    assert!(hallmark(site.root(), &["keygen", "-o", outside.to_str().unwrap()]).status.success());
    let before = std::fs::read(&outside).unwrap();
    let again = hallmark(site.root(), &["keygen", "-o", outside.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("never overwrites"));
    assert_eq!(std::fs::read(&outside).unwrap(), before);
}

#[test]
fn keygen_defaults_to_the_users_config_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = hallmark(tmp.path(), &["keygen"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(tmp.path().join(".config/hallmark/signing.key").is_file());
}

#[test]
fn check_reports_content_errors_like_build_and_exits_non_zero() {
    let site = Site::fixture("small");
    site.edit("recipients/main.csv", "ada@example.org", "ada@");
    let out = site.run(&["check"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("recipients/main.csv:2:18: error: \"ada@\" is not a valid e-mail address"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_locked_fails_when_the_ledger_is_not_committed() {
    let site = Site::fixture("small");
    let out = site.run(&["check", "--locked"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("would change hallmark.lock"));
    site.build();
    let out = site.run_with_env(&["check", "--locked"], &[]);
    assert!(out.status.success(), "a fork's pull request has no key; check still works: {}", stderr(&out));
    assert!(
        stdout(&out).contains("7 proofs re-verified"),
        "5 credentials and 2 status lists, one eddsa-rdfc-2022 proof each: {}",
        stdout(&out)
    );
}

#[test]
fn key_file_flag_and_environment_variable_sign_with_that_key() {
    let site = Site::fixture("small");
    let key_path = site.root().join("ci.key");
    assert!(hallmark(site.root(), &["keygen", "-o", key_path.to_str().unwrap()]).status.success());
    let key = hallmark::crypto::Key::from_file_text(&std::fs::read_to_string(&key_path).unwrap()).unwrap();
    let out = site.run_with_env(&["build", "--key-file", key_path.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(site.public().join("did.json")).unwrap().contains(&key.public_multibase()));
    let out = site.run_with_env(&["build"], &[("HALLMARK_SIGNING_KEY", "not-a-key")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("HALLMARK_SIGNING_KEY does not hold a valid key"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("not-a-key\n"), "the value is not echoed");
}

#[test]
fn every_command_and_flag_has_help() {
    let tmp = tempfile::tempdir().unwrap();
    let top = stdout(&hallmark(tmp.path(), &["--help"]));
    for cmd in ["init", "build", "check", "keygen"] {
        assert!(top.contains(cmd), "{top}");
        let out = hallmark(tmp.path(), &[cmd, "--help"]);
        assert!(out.status.success());
        assert!(stdout(&out).contains("Usage: hallmark"), "{}", stdout(&out));
    }
    let build = stdout(&hallmark(tmp.path(), &["build", "--help"]));
    for flag in ["--base-url", "--output", "--locked", "--key-file", "--root"] {
        assert!(build.contains(flag), "{flag} missing from build --help");
    }
}

#[test]
fn outside_a_site_the_error_says_how_to_find_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = hallmark(tmp.path(), &["build"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("hallmark init"), "{}", stderr(&out));
}

#[test]
fn a_key_is_refused_inside_a_built_site_where_it_would_be_deployed() {
    let site = Site::fixture("small");
    site.build();
    let in_public = site.public().join("k.key");
    let out = hallmark(site.root(), &["keygen", "--output", in_public.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("inside the output directory") && stderr(&out).contains("published"),
        "{}",
        stderr(&out)
    );
    assert!(!in_public.exists());

    // From another directory, keygen still knows a content directory when it sees one.
    let elsewhere = tempfile::tempdir().unwrap();
    let in_content = site.content().join("static/k.key");
    let out = hallmark(elsewhere.path(), &["keygen", "--output", in_content.to_str().unwrap()]);
    assert!(!out.status.success() && stderr(&out).contains("inside the content directory"), "{}", stderr(&out));

    // A key written there by other means is not used for signing.
    let key = site.root().join("k.key");
    assert!(hallmark(site.root(), &["keygen", "-o", key.to_str().unwrap()]).status.success());
    std::fs::copy(&key, &in_public).unwrap();
    let out = site.run_with_env(&["build", "--key-file", in_public.to_str().unwrap()], &[]);
    assert!(!out.status.success() && stderr(&out).contains("inside the output directory"), "{}", stderr(&out));
}

#[test]
fn an_empty_key_variable_stops_a_build_and_an_open_key_file_gets_a_warning() {
    let site = Site::fixture("small");
    let out = site.run_with_env(&["build"], &[("HALLMARK_SIGNING_KEY", "")]);
    assert!(!out.status.success(), "a missing CI secret must not publish with a development key");
    assert!(stderr(&out).contains("HALLMARK_SIGNING_KEY is set but empty"), "{}", stderr(&out));
    assert!(!site.public().exists());
    // `check` publishes nothing: an empty secret (a fork's pull request) is no key at all.
    let out = site.run_with_env(&["check"], &[("HALLMARK_SIGNING_KEY", "")]);
    assert!(out.status.success(), "{}", stderr(&out));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = site.root().join("k.key");
        assert!(hallmark(site.root(), &["keygen", "-o", key.to_str().unwrap()]).status.success());
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let out = site.run_with_env(&["build", "--key-file", key.to_str().unwrap()], &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains("can be read by other users (mode 644)"), "{}", stderr(&out));
        assert!(stderr(&out).contains(&format!("help: chmod 600 {}", key.display())), "{}", stderr(&out));
    }
}

#[test]
fn a_key_is_refused_in_the_themes_and_an_unbuilt_output_directory_and_never_published() {
    let site = Site::fixture("small");
    // Before the first build, public/ is only a name in hallmark.toml; it is still refused.
    let unbuilt = site.public().join("k.key");
    let out = hallmark(site.root(), &["keygen", "--output", unbuilt.to_str().unwrap()]);
    assert!(!out.status.success() && stderr(&out).contains("inside the output directory"), "{}", stderr(&out));
    assert!(!unbuilt.exists());
    let in_theme = site.root().join("themes/plain/static/k.key");
    let out = hallmark(site.root(), &["keygen", "--output", in_theme.to_str().unwrap()]);
    assert!(!out.status.success() && stderr(&out).contains("the site's themes"), "{}", stderr(&out));
    assert!(!in_theme.exists());

    // A key copied into a published folder by other means stops the build before anything is
    // written: the signing key itself, or any other key file (a retired key is a secret too).
    let key = site.root().join("k.key");
    assert!(hallmark(site.root(), &["keygen", "-o", key.to_str().unwrap()]).status.success());
    let other = site.root().join("other.key");
    assert!(hallmark(site.root(), &["keygen", "-o", other.to_str().unwrap()]).status.success());
    let secret_line = std::fs::read_to_string(&key).unwrap().lines().last().unwrap().to_string();
    std::fs::create_dir_all(site.root().join("themes/default/static")).unwrap();
    let theme_copy = site.root().join("themes/default/static/notes.txt");
    std::fs::write(&theme_copy, format!("deploy notes\nsecret: {secret_line}\n")).unwrap();
    let out = site.run_with_env(&["build", "--key-file", key.to_str().unwrap()], &[]);
    assert!(!out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the theme file notes.txt (published as assets/notes.txt) holds a secret signing key"),
        "{}",
        stderr(&out)
    );
    assert!(!site.public().exists());
    std::fs::remove_file(&theme_copy).unwrap();

    std::fs::create_dir_all(site.content().join("static")).unwrap();
    let static_copy = site.content().join("static/backup.key");
    std::fs::copy(&other, &static_copy).unwrap();
    let out = site.run_with_env(&["build", "--key-file", key.to_str().unwrap()], &[]);
    assert!(!out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("backup.key holds a secret signing key"), "{}", stderr(&out));
    assert!(!site.public().exists());
    std::fs::remove_file(&static_copy).unwrap();
    let out = site.run_with_env(&["build", "--key-file", key.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_new_site_ignores_key_files_in_git() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(hallmark(tmp.path(), &["init", "s"]).status.success());
    let ignore = std::fs::read_to_string(tmp.path().join("s/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*.key"), "{ignore}");
}
