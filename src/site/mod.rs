//! The pipeline: load → plan → produce → write, for `build` (disk) and `check` (memory).

pub mod layout;
pub mod output;
pub mod plan;
pub mod produce;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::content::{self, Snapshot};
use crate::date::Date;
use crate::error::{Error, Problem, Result};
use crate::ledger::{Ledger, LEDGER_FILE};
use crate::proof::{verify_jcs_proof, Key};
use crate::render::Theme;
use crate::signing::{self, KeyRequest, KeySource};
use output::{DiskSink, MemorySink, WriteStats};
use plan::Change;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The directory holding `hallmark.toml`.
    pub content_dir: PathBuf,
    /// `--base-url`, overriding `site.base_url`.
    pub base_url: Option<String>,
    /// `--output`, overriding `site.output_dir`.
    pub output_dir: Option<PathBuf>,
    /// Fail instead of changing the ledger.
    pub locked: bool,
    /// Where the key may come from.
    pub key: KeyRequest,
    /// The date given to rows without an issue date.
    pub today: Date,
}

/// What a build or check did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub credentials: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub badges: usize,
    /// Set by `build`: the output directory and what happened to its files.
    pub output: Option<(PathBuf, WriteStats)>,
    /// Set by `check`: the number of files the site would have and of proofs re-verified.
    pub checked: Option<(usize, usize)>,
    pub ledger_written: bool,
    pub key_source: KeySource,
    pub public_key: String,
    pub warnings: Vec<Problem>,
}

/// Where the site goes: the flag (relative to the working directory) or `site.output_dir` (relative to the content).
fn output_dir(options: &BuildOptions, snapshot: &Snapshot) -> Result<PathBuf> {
    let out = match &options.output_dir {
        Some(p) => p.clone(),
        None => normalize(
            &options
                .content_dir
                .join(&snapshot.settings.config.site.output_dir),
        ),
    };
    if signing::is_inside(&options.content_dir, &out)
        || signing::is_inside(&out, &options.content_dir)
    {
        return Err(Error::Usage(format!(
            "the output directory {} overlaps the content directory {}\n    help: set site.output_dir (or --output) to a directory beside the content, e.g. ../public",
            out.display(),
            options.content_dir.display()
        )));
    }
    Ok(out)
}

/// `a/b/../c` → `a/c`, without touching the file system (the directory may not exist yet).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir if out.file_name().is_some_and(|n| n != "..") => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

struct Loaded {
    snapshot: Snapshot,
    ledger: Ledger,
    theme: Theme,
}

fn load(options: &BuildOptions) -> Result<Loaded> {
    let snapshot = content::load(&options.content_dir, options.base_url.as_deref())?;
    let ledger = Ledger::load(&options.content_dir)?;
    let theme = Theme::load(&options.content_dir, &snapshot.settings.config.site.theme)?;
    Ok(Loaded {
        snapshot,
        ledger,
        theme,
    })
}

fn locked_error(plan: &plan::Plan<'_>) -> Error {
    Error::Ledger(format!(
        "--locked: this build would change {LEDGER_FILE} ({} new, {} changed credentials)\n    help: run `hallmark build` without --locked, review the ledger diff, and commit it",
        plan.count(Change::New),
        plan.count(Change::Changed)
    ))
}

/// Builds the site to disk. Nothing is written unless everything succeeded; the ledger is written last.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let Loaded {
        snapshot,
        ledger,
        theme,
    } = load(options)?;
    let plan = plan::plan(&snapshot, &ledger, options.today)?;
    if options.locked && plan.ledger_changed {
        return Err(locked_error(&plan));
    }
    let out = output_dir(options, &snapshot)?;
    let mut key_request = options.key.clone();
    key_request.config_file = key_request
        .config_file
        .or_else(|| snapshot.settings.config.signing.key_file.clone());
    let (key, key_source) = signing::resolve(&key_request, &options.content_dir)?;

    let shared = produce::Shared::new(&snapshot, &plan, &theme, &key);
    let sink = DiskSink::new(&out)?;
    let produced = produce::produce_site(&shared, &plan, &sink)
        .and_then(|_| produce::produce_credentials(&shared, &plan, &sink));
    if let Err(e) = produced {
        sink.abort();
        return Err(e);
    }
    let stats = sink.commit()?;
    let ledger_written = plan.ledger_changed || !options.content_dir.join(LEDGER_FILE).exists();
    if ledger_written {
        write_atomically(
            &options.content_dir.join(LEDGER_FILE),
            plan.ledger.to_text().as_bytes(),
        )?;
    }
    Ok(summary(
        &snapshot,
        &plan,
        key_source,
        &key,
        Some((out, stats)),
        None,
        ledger_written,
    ))
}

/// Runs the whole build into memory, re-verifies every proof, and writes nothing.
pub fn check(options: &BuildOptions) -> Result<Summary> {
    let Loaded {
        snapshot,
        ledger,
        theme,
    } = load(options)?;
    let plan = plan::plan(&snapshot, &ledger, options.today)?;
    if options.locked && plan.ledger_changed {
        return Err(locked_error(&plan));
    }
    let mut key_request = options.key.clone();
    key_request.config_file = key_request
        .config_file
        .or_else(|| snapshot.settings.config.signing.key_file.clone());
    let (key, key_source) = signing::resolve(&key_request, &options.content_dir)?;
    let shared = produce::Shared::new(&snapshot, &plan, &theme, &key);
    let sink = MemorySink::default();
    produce::produce_site(&shared, &plan, &sink)?;
    produce::produce_credentials(&shared, &plan, &sink)?;
    let files = sink.into_files();
    let verified = verify_signed_files(&files, &key)?;
    Ok(summary(
        &snapshot,
        &plan,
        key_source,
        &key,
        None,
        Some((files.len(), verified)),
        false,
    ))
}

/// Re-verifies the proof of every credential and status list among `files`; returns how many.
fn verify_signed_files(files: &BTreeMap<String, Vec<u8>>, key: &Key) -> Result<usize> {
    let public = key.verifying_key();
    let mut count = 0;
    for (path, bytes) in files {
        let signed = (path.starts_with("c/") && path.ends_with("/credential.json"))
            || path.starts_with("status/");
        if !signed {
            continue;
        }
        let doc: Value = serde_json::from_slice(bytes)
            .map_err(|e| Error::Proof(format!("{path}: not JSON: {e}")))?;
        let obj = doc
            .as_object()
            .ok_or_else(|| Error::Proof(format!("{path}: not a JSON object")))?;
        let proofs = obj
            .get("proof")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::Proof(format!("{path}: no proof array")))?;
        for proof in proofs {
            verify_jcs_proof(obj, proof, &public)
                .map_err(|e| Error::Proof(format!("{path}: {e}")))?;
            count += 1;
        }
    }
    Ok(count)
}

fn summary(
    snapshot: &Snapshot,
    plan: &plan::Plan<'_>,
    key_source: KeySource,
    key: &Key,
    output: Option<(PathBuf, WriteStats)>,
    checked: Option<(usize, usize)>,
    ledger_written: bool,
) -> Summary {
    Summary {
        credentials: plan.items.len(),
        new: plan.count(Change::New),
        changed: plan.count(Change::Changed),
        unchanged: plan.count(Change::Unchanged),
        badges: snapshot.badges.len(),
        output,
        checked,
        ledger_written,
        key_source,
        public_key: key.public_multibase(),
        warnings: snapshot.warnings.clone(),
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("lock.tmp");
    std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io("replace", path, e))
}
