//! The GitHub Actions workflows, checked by actionlint (installed by scripts/test): this
//! repository's release workflow, and the workflow and install action `hallmark init` writes, which
//! pin this version's release binary, build from source (cached) where there is none, put the plan
//! of a pull request in its job summary, and deploy pushes to main with the key from a secret.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::change_plan::git;
use crate::newcomer::init_site;

/// actionlint: `ACTIONLINT`, the one scripts/test installs, or the one on PATH.
fn actionlint() -> PathBuf {
    let installed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workflows/.venv/bin/actionlint");
    let found = std::env::var_os("ACTIONLINT").map(PathBuf::from).or_else(|| installed.is_file().then_some(installed));
    let path = found.unwrap_or_else(|| PathBuf::from("actionlint"));
    let works = Command::new(&path).arg("-version").output().is_ok_and(|o| o.status.success());
    assert!(
        works,
        "actionlint is not installed: run scripts/test, which installs it (tests/workflows/requirements.txt)"
    );
    path
}

fn lint(dir: &Path, files: &[&str]) -> Output {
    Command::new(actionlint()).current_dir(dir).args(["-no-color"]).args(files).output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn this_repositorys_workflows_pass_actionlint() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workflows: Vec<String> = std::fs::read_dir(repo.join(".github/workflows"))
        .unwrap()
        .map(|e| format!(".github/workflows/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert!(workflows.iter().any(|w| w.ends_with("release.yml")), "{workflows:?}");
    let files: Vec<&str> = workflows.iter().map(String::as_str).collect();
    let out = lint(repo, &files);
    assert!(out.status.success(), "{}", text(&out));
    let release = std::fs::read_to_string(repo.join(".github/workflows/release.yml")).unwrap();
    for target in ["x86_64-unknown-linux-gnu", "aarch64-apple-darwin", "x86_64-apple-darwin", "x86_64-pc-windows-msvc"]
    {
        assert!(release.contains(target), "a release binary for {target}");
    }
    assert!(release.contains("SHA256SUMS") && release.contains("tags: [\"v*\"]"));
}

#[test]
fn the_workflow_init_writes_passes_actionlint_and_actionlint_would_catch_a_mistake_in_it() {
    let site = init_site();
    git(site.root(), &["init", "-q"]);
    let out = lint(site.root(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    let workflow = site.root().join(".github/workflows/credentials.yml");
    let good = std::fs::read_to_string(&workflow).unwrap();
    // The control: an input the install action does not have is caught, through the action's own file.
    std::fs::write(&workflow, good.replacen("version: ${{ env.HALLMARK_VERSION }}", "release: v1", 1)).unwrap();
    let out = lint(site.root(), &[]);
    assert!(!out.status.success(), "actionlint accepted a broken workflow");
    assert!(text(&out).contains("install-hallmark"), "{}", text(&out));
}

#[test]
fn the_workflow_pins_this_release_checks_pull_requests_with_the_plan_and_deploys_with_the_secret() {
    let site = init_site();
    let workflow = std::fs::read_to_string(site.root().join(".github/workflows/credentials.yml")).unwrap();
    let install = std::fs::read_to_string(site.root().join(".github/actions/install-hallmark/action.yml")).unwrap();
    assert!(workflow.contains(&format!("HALLMARK_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))), "{workflow}");
    let repository = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    assert!(workflow.contains(&format!("HALLMARK_REPOSITORY: \"{repository}\"")), "{workflow}");
    assert!(workflow.contains("hallmark check --locked --plan --base \"origin/$GITHUB_BASE_REF\" --format markdown"));
    assert!(workflow.contains("$GITHUB_STEP_SUMMARY"));
    assert!(workflow.contains("HALLMARK_SIGNING_KEY: ${{ secrets.HALLMARK_SIGNING_KEY }}"));
    assert!(workflow.contains("hallmark build --locked") && workflow.contains("actions/deploy-pages@"));
    assert!(workflow.contains("vars.HALLMARK_NOTIFY == 'true'"), "the notify job, switched on by a variable");
    assert!(!workflow.contains("cargo install"), "the workflow compiles nothing itself");
    assert!(install.contains("releases/download/v$VERSION") && install.contains("SHA256SUMS"));
    assert!(install.contains("cargo install --locked --git \"https://github.com/$REPOSITORY\" --tag \"v$VERSION\""));
    assert!(install.contains("actions/cache@"), "the fallback build is cached");
}
