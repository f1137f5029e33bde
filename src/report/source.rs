//! What a report reads: the content directory on disk, or as a git commit recorded it (`--at`), so
//! a report of the past is reproducible from the repository's history.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{GroupBy, ReportOptions};
use crate::ground::error::{Error, Failure, Problems, Result};
use crate::model::config::{self, Settings};
use crate::model::content::revocations::{self, Revocations};
use crate::model::ledger::{recipient_key, Ledger};
use crate::notify::sentlog::SentLog;

/// The site as the report sees it.
pub(super) struct Site {
    pub title: String,
    /// The path the site is served under (`/credentials/`), which access logs show before its files.
    pub base_path: String,
    pub ledger: Ledger,
    pub revocations: Revocations,
    /// Each badge's program, by badge slug.
    pub programs: HashMap<String, String>,
    /// The sent log, when there is one.
    pub sent: Option<SentLog>,
    /// For `--by COLUMN`: each credential's value of that roster column, by credential id.
    pub columns: HashMap<String, HashMap<String, String>>,
    /// A checkout made for `--at`, removed when the report is done.
    _checkout: Option<Checkout>,
}

/// Reads the site `options` name.
pub(super) fn read(options: &ReportOptions) -> Result<Site> {
    let (dir, checkout) = match &options.at {
        Some(commit) => {
            let checkout = Checkout::of(&options.content_dir, commit)?;
            (checkout.dir.clone(), Some(checkout))
        }
        None => (options.content_dir.clone(), None),
    };
    let settings = config::load(&dir, None).map_err(|problems| Error::Content { problems })?;
    let ledger = Ledger::load(&dir)?;
    let mut problems = Problems::new();
    let revocations = revocations::load(&dir, false, &mut problems);
    if problems.has_errors() {
        return Err(Error::Content { problems });
    }
    let sent = dir.join(crate::notify::sentlog::SENT_FILE).is_file().then(|| SentLog::load(&dir)).transpose()?;
    let wanted: Vec<&str> =
        options.by.iter().filter_map(|g| if let GroupBy::Column(c) = g { Some(c.as_str()) } else { None }).collect();
    let columns =
        if wanted.is_empty() { HashMap::new() } else { roster_columns(&dir, &settings, &ledger, &wanted, options)? };
    Ok(Site {
        title: settings.config.site.title.clone(),
        base_path: settings.base_url.path().to_string(),
        programs: badge_programs(&dir)?,
        ledger,
        revocations,
        sent,
        columns,
        _checkout: checkout,
    })
}

/// Each badge's `program`, read from the front matter of `badges/<slug>.md`.
fn badge_programs(dir: &Path) -> Result<HashMap<String, String>> {
    let mut programs = HashMap::new();
    let badges = dir.join("badges");
    let Ok(entries) = std::fs::read_dir(&badges) else { return Ok(programs) };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Some(slug) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else { continue };
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
        let front = text.strip_prefix("+++").and_then(|rest| rest.split_once("\n+++")).map(|(f, _)| f);
        let program = front
            .and_then(|f| f.parse::<toml::Table>().ok())
            .and_then(|t| t.get("program").and_then(|p| p.as_str()).map(str::to_string));
        if let Some(p) = program {
            programs.insert(slug, p);
        }
    }
    Ok(programs)
}

/// The values of the roster `columns` for every credential whose row still exists, by id. Only
/// columns `[reports] columns` names can be grouped by: they are the ones an editor declared safe
/// to show in a report.
fn roster_columns(
    dir: &Path,
    settings: &Settings,
    ledger: &Ledger,
    wanted: &[&str],
    options: &ReportOptions,
) -> Result<HashMap<String, HashMap<String, String>>> {
    let allowed = &settings.config.reports.columns;
    if let Some(unknown) = wanted.iter().find(|c| !allowed.iter().any(|a| a == *c)) {
        let fix = if allowed.is_empty() {
            "group by program, badge, month, quarter, year, event or reason; to group by a roster column, name it in hallmark.toml: [reports] columns = [\"Department\"]".to_string()
        } else {
            format!("the columns [reports] names are: {}", allowed.join(", "))
        };
        return Err(Error::Usage(Failure::new(format!("cannot group by \"{unknown}\"")).fix(fix)));
    }
    let snapshot = crate::model::content::load_on(dir, None, options.today)?;
    // Rows find their credentials as a build's plan does: by badge and recipient, then issue date.
    let mut rows: HashMap<(&str, String), Vec<&crate::model::content::Award>> = HashMap::new();
    for award in &snapshot.awards {
        rows.entry((&*award.badge, recipient_key(&award.email))).or_default().push(award);
    }
    let mut out: HashMap<String, HashMap<String, String>> = HashMap::new();
    for entry in ledger.entries() {
        let Some(candidates) = rows.get(&(entry.badge(), entry.recipient().to_string())) else { continue };
        let row = candidates.iter().find(|a| a.issued == Some(entry.issued)).or_else(|| candidates.first());
        if let Some(row) = row {
            let values = wanted.iter().filter_map(|c| Some((c.to_string(), row.extra.get(c)?.to_string()))).collect();
            out.insert(entry.id().to_string(), values);
        }
    }
    Ok(out)
}

/// The content directory as a commit recorded it, written to a temporary directory.
struct Checkout {
    dir: PathBuf,
}

impl Checkout {
    fn of(content_dir: &Path, commit: &str) -> Result<Checkout> {
        let git = |args: &[&str]| -> Result<Vec<u8>> {
            let out = Command::new("git").arg("-C").arg(content_dir).args(args).output().map_err(|e| {
                Error::Usage(
                    Failure::new(format!("cannot run git: {e}"))
                        .fix("install git, or report on the files as they are (without --at)"),
                )
            })?;
            if !out.status.success() {
                let why = String::from_utf8_lossy(&out.stderr).trim().to_string();
                return Err(Error::Usage(
                    Failure::new(format!("git could not read commit {commit}: {why}"))
                        .fix("give a commit of the repository that holds the content (git log --oneline lists them)"),
                ));
            }
            Ok(out.stdout)
        };
        let prefix = String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?).trim().to_string();
        let listing = git(&["ls-tree", "-r", "--name-only", "--full-name", "-z", commit, "--", "."])?;
        let dir = std::env::temp_dir().join(format!(
            "hallmark-report-{}-{}",
            std::process::id(),
            crate::ground::date::now_seconds()
        ));
        for name in listing.split(|b| *b == 0).filter(|n| !n.is_empty()) {
            let name = String::from_utf8_lossy(name);
            let rel = name.strip_prefix(&prefix).unwrap_or(&name);
            if rel.split('/').any(|s| s == ".." || s.is_empty()) {
                continue;
            }
            let bytes = git(&["show", &format!("{commit}:{name}")])?;
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
            }
            std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))?;
        }
        if !dir.join(config::CONFIG_FILE).is_file() {
            return Err(Error::Usage(
                Failure::new(format!("commit {commit} has no {} in this directory", config::CONFIG_FILE))
                    .fix("give a commit made after the site was created"),
            ));
        }
        Ok(Checkout { dir })
    }
}

impl Drop for Checkout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
