//! The one place where flags become the library's options: every command that builds, checks,
//! serves or changes a site gets its `BuildOptions` here, so the commands agree on what a flag means.

use std::path::{Path, PathBuf};

use hallmark::site::BuildOptions;
use hallmark::Date;
use hallmark::CONFIG_FILE;
use hallmark::{Error, Failure, Result};
use hallmark::{Fallback, KeyRequest, KEY_ENV};

use crate::cli::{Cli, SiteArgs};

/// What a command does with the site, which decides where its key may come from.
pub enum Purpose<'a> {
    /// `build`: publishes, so `--locked` refuses the development key.
    Build { site: &'a SiteArgs, output: Option<PathBuf> },
    /// `check`: signs nothing it publishes, so a throwaway key will do (a pull request from a fork
    /// has no access to the key).
    Check { site: &'a SiteArgs },
    /// `serve`: a preview under the local address signs with the development key, never the
    /// institution's: editors need no access to it to preview.
    Serve { key_file: Option<PathBuf> },
    /// `revoke`, `suspend`, `reinstate`, `report`: they sign nothing.
    Lifecycle,
    /// `rotate-key`: only an institution key can be rotated.
    Rotate { key_file: Option<PathBuf> },
}

/// The options for `purpose` on the site that `--root` names.
pub fn build_options(cli: &Cli, purpose: Purpose<'_>) -> Result<BuildOptions> {
    let env_secret = || std::env::var(KEY_ENV).ok().filter(|s| !s.trim().is_empty());
    let request = |flag_file: Option<PathBuf>, fallback| KeyRequest {
        flag_file,
        env_secret: env_secret(),
        config_file: None,
        skip_config: false,
        fallback,
    };
    let mut options = BuildOptions {
        content_dir: content_dir(cli.root.as_deref())?,
        base_url: None,
        output_dir: None,
        locked: false,
        key: KeyRequest::default(),
        today: today(cli.today.as_deref())?,
        progress: Default::default(),
    };
    match purpose {
        Purpose::Build { site, output } => {
            let fallback = if site.locked { Fallback::Refuse } else { Fallback::DevelopmentKey };
            options.key = request(site.key_file.clone(), fallback);
            options.base_url = site.base_url.clone();
            options.locked = site.locked;
            options.output_dir = output;
        }
        Purpose::Check { site } => {
            options.key = request(site.key_file.clone(), Fallback::Ephemeral);
            options.base_url = site.base_url.clone();
            options.locked = site.locked;
        }
        Purpose::Serve { key_file } => {
            options.key = KeyRequest {
                flag_file: key_file,
                skip_config: true,
                fallback: Fallback::DevelopmentKey,
                ..KeyRequest::default()
            };
        }
        Purpose::Lifecycle => options.key = KeyRequest { fallback: Fallback::Refuse, ..KeyRequest::default() },
        Purpose::Rotate { key_file } => {
            options.key = request(key_file, Fallback::RefuseRotation);
            options.locked = true;
        }
    }
    Ok(options)
}

/// The content directory for `--root` (or the current directory).
pub fn content_dir(root: Option<&Path>) -> Result<PathBuf> {
    let root = root.unwrap_or(Path::new("."));
    if root.join(CONFIG_FILE).is_file() {
        return Ok(strip_dot(root.to_path_buf()));
    }
    let nested = root.join("content");
    if nested.join(CONFIG_FILE).is_file() {
        return Ok(strip_dot(nested));
    }
    Err(Error::Usage(
        Failure::new(format!("no {CONFIG_FILE} in {} or {}", root.display(), nested.display()))
            .fix("run this in a site created by `hallmark init`, or pass --root DIR"),
    ))
}

/// `./content` as `content`; `.` itself stays `.` (an empty path names no directory).
fn strip_dot(p: PathBuf) -> PathBuf {
    match p.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => p,
    }
}

/// `--today`, or the real date.
pub fn today(flag: Option<&str>) -> Result<Date> {
    match flag {
        Some(s) => {
            Date::parse_iso(s).ok_or_else(|| Error::Usage(format!("--today {s}: write the date as YYYY-MM-DD").into()))
        }
        None => Ok(Date::today_utc()),
    }
}

/// `hallmark verify --limit NAME=VALUE…` as the verifier's limits.
pub fn verify_limits(flags: &[String]) -> hallmark::Result<hallmark::verify::Limits> {
    let mut limits = hallmark::verify::Limits::default();
    for flag in flags {
        let (name, value) = flag.split_once('=').unwrap_or((flag.as_str(), ""));
        limits
            .set(name.trim(), value)
            .map_err(|why| hallmark::Error::Usage(format!("--limit {flag}: {why}").into()))?;
    }
    Ok(limits)
}

/// The options of a `hallmark notify` run (`run`) or `notify resend` (`None`).
pub fn notify_options(
    cli: &Cli,
    mode: hallmark::notify::Mode,
    run: Option<&crate::cli::NotifyRunArgs>,
    site: Option<PathBuf>,
) -> Result<hallmark::notify::NotifyOptions> {
    use hallmark::notify::{EventKind, Published};
    let events = run
        .map(|a| a.event.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|e| {
            EventKind::parse(e).ok_or_else(|| {
                let all: Vec<&str> = EventKind::ALL.iter().map(|k| k.name()).collect();
                Error::Usage(
                    Failure::new(format!("--event {e}: no such e-mail"))
                        .fix(format!("write one of {}", all.join(", "))),
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(hallmark::notify::NotifyOptions {
        content_dir: content_dir(cli.root.as_deref())?,
        today: today(cli.today.as_deref())?,
        now: hallmark::now_seconds(),
        mode,
        only: run.map(|a| a.only.clone()).unwrap_or_default(),
        events,
        retry_unconfirmed: run.is_some_and(|a| a.retry_unconfirmed),
        published: match site {
            Some(dir) => Published::Directory(dir),
            None => Published::Web { concurrency: 8, timeout: std::time::Duration::from_secs(20) },
        },
        password: std::env::var(hallmark::notify::PASSWORD_ENV).ok(),
    })
}
