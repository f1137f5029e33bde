//! `hallmark init`: a new site that builds at once.

use crate::ground::error::Failure;
use std::path::{Path, PathBuf};

use crate::ground::error::{Error, Result};

/// What to scaffold.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The new site's directory (it must not exist, or be empty).
    pub dir: PathBuf,
    /// The institution's name.
    pub name: String,
    /// Where the site will be served from.
    pub base_url: String,
    /// Also write the workflow other systems start to add recipients (`--webhook`), and how it lands
    /// their rows: `pull-request` or `main`.
    pub webhook: Option<WebhookMode>,
}

/// How the webhook-started workflow lands the rows it adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookMode {
    /// A pull request per request, for review.
    PullRequest,
    /// Committed to main and deployed at once.
    Main,
}

impl WebhookMode {
    fn word(self) -> &'static str {
        match self {
            WebhookMode::PullRequest => "pull-request",
            WebhookMode::Main => "main",
        }
    }
}

const BADGE_MD: &str = include_str!("welcome.md");
const BADGE_SVG: &str = include_str!("welcome.svg");
const ROSTER: &str = include_str!("example.csv");
const WORKFLOW: &str = include_str!("github/credentials.yml");
const NOTIFY_JOB: &str = include_str!("github/notify-job.yml");
const INSTALL_ACTION: &str = include_str!("github/install-hallmark.yml");
const ISSUE_WORKFLOW: &str = include_str!("github/issue.yml");
const ISSUE_SCRIPT: &str = include_str!("github/issue.sh");
/// Where the workflow's pinned hallmark comes from: this version, released in this repository.
const VERSION: &str = env!("CARGO_PKG_VERSION");
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The GitHub Actions workflow for the new site: pull requests checked with the plan of the change
/// in the job summary, pushes to main built and deployed to Pages, recipients told if enabled.
fn workflow() -> String {
    pinned(WORKFLOW).replace("{{notify}}\n", NOTIFY_JOB)
}

/// `text` with the pinned hallmark's version and repository filled in.
fn pinned(text: &str) -> String {
    let repository = REPOSITORY.trim_start_matches("https://github.com/").trim_end_matches('/');
    text.replace("{{version}}", VERSION).replace("{{repository}}", repository)
}

const GITIGNORE: &str = "# Built site, development keys and caches: never commit them.\n/public/\n/.hallmark/\n# Signing keys belong outside the site; this catches one saved here by mistake.\n*.key\n";

fn config(name: &str, base_url: &str) -> String {
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"# hallmark site configuration. Every key is listed in hallmark's README.

[site]
title = "{title} credentials"
base_url = "{base}"
language = "en"
theme = "default"
# Where `hallmark build` writes the site, relative to this file.
output_dir = "../public"

[issuer]
name = "{title}"
url = "https://www.example.org/"

# The signing key never goes in this directory. Create one with `hallmark keygen`, then either
# point at it here or set HALLMARK_SIGNING_KEY. Without one, builds use a development key.
# [signing]
# key_file = "~/.config/hallmark/signing.key"

[programs.general]
name = "General"
description = "Our first program."
"#,
        title = q(name),
        base = q(base_url)
    )
}

/// Writes the new site and returns the files created.
pub fn init(options: &InitOptions) -> Result<Vec<PathBuf>> {
    let dir = &options.dir;
    if dir.exists() && std::fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))?.next().is_some() {
        return Err(Error::Usage(
            Failure::new(format!("{} already exists and is not empty", dir.display()))
                .fix("choose a new directory name"),
        ));
    }
    crate::ground::url::BaseUrl::parse(&options.base_url)
        .map_err(|e| Error::Usage(format!("{{base-url}}: {e}").into()))?;
    let files: Vec<(PathBuf, String)> = vec![
        (PathBuf::from(".gitignore"), GITIGNORE.to_string()),
        (PathBuf::from("content/hallmark.toml"), config(&options.name, &options.base_url)),
        (PathBuf::from("content/badges/welcome.md"), BADGE_MD.to_string()),
        (PathBuf::from("content/badges/welcome.svg"), BADGE_SVG.to_string()),
        (PathBuf::from("content/recipients/example.csv"), ROSTER.to_string()),
        (PathBuf::from("content/static/.keep"), String::new()),
        (PathBuf::from(".github/workflows/credentials.yml"), workflow()),
        (PathBuf::from(".github/actions/install-hallmark/action.yml"), INSTALL_ACTION.to_string()),
    ];
    let mut files = files;
    if let Some(mode) = options.webhook {
        files.push((
            PathBuf::from(".github/workflows/issue.yml"),
            pinned(ISSUE_WORKFLOW).replace("{{mode}}", mode.word()),
        ));
        files.push((PathBuf::from(ISSUE_SCRIPT_PATH), ISSUE_SCRIPT.to_string()));
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        write_new(&path, &text)?;
        if rel == Path::new(ISSUE_SCRIPT_PATH) {
            make_executable(&path)?;
        }
        written.push(path);
    }
    Ok(written)
}

/// The script the webhook workflow runs (and tests run on their own).
const ISSUE_SCRIPT_PATH: &str = ".github/hallmark/issue.sh";

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io("make executable", path, e))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(()) // git records the mode from a Unix checkout; on Windows the runner's shell runs it anyway
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io("write", path, e))
}
