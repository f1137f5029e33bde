//! The pipeline: load → plan → produce → write, for `build` (disk) and `check` (memory).

pub mod cache;
pub mod output;
pub mod plan;
pub mod produce;

use std::path::PathBuf;

use serde_json::Value;

use crate::crypto::{Key, RdfcSuite};
use crate::document::did;
use crate::ground::date::Date;
use crate::ground::error::{Error, Problem, Result};
use crate::ground::fsio::{is_inside, normalize, write_atomically};
use crate::keys::{self as signing, KeyRequest, KeySource};
use crate::model::archive::ProofArchive;
use crate::model::content::{self, Snapshot};
use crate::model::ledger::{Ledger, LEDGER_FILE};
use crate::render::Theme;
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
    /// Told how far a long build has got.
    pub progress: ProgressFn,
}

/// How far a build has got, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Credentials signed and rendered (or found unchanged) so far, of `total`.
    Credentials { done: usize, total: usize },
    /// Every file is produced; the output is being put in place.
    Writing,
}

/// Receives [`Progress`] reports, from any thread.
#[derive(Clone, Default)]
pub struct ProgressFn(Option<std::sync::Arc<dyn Fn(Progress) + Send + Sync>>);

impl ProgressFn {
    /// Reports to `f`.
    pub fn new(f: impl Fn(Progress) + Send + Sync + 'static) -> ProgressFn {
        ProgressFn(Some(std::sync::Arc::new(f)))
    }

    /// Tells the receiver, if there is one.
    pub fn report(&self, progress: Progress) {
        if let Some(f) = &self.0 {
            f(progress)
        }
    }
}

impl std::fmt::Debug for ProgressFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "ProgressFn(..)" } else { "ProgressFn(none)" })
    }
}

/// What a build or check did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub credentials: usize,
    pub new: usize,
    /// Re-issued to correct an earlier credential.
    pub corrected: usize,
    pub unchanged: usize,
    /// Revoked (superseded ones included) and suspended.
    pub revoked: usize,
    pub suspended: usize,
    pub badges: usize,
    /// Set by `build`: the output directory and what happened to its files.
    pub output: Option<(PathBuf, WriteStats)>,
    /// Set by `check`: the number of files the site would have and of proofs re-verified.
    pub checked: Option<(usize, usize)>,
    /// Set by `build`: credentials signed and landing pages rendered (the rest were unchanged).
    pub work: Option<(usize, usize)>,
    /// Set when anything was signed: the mean time each cryptosuite took per document.
    pub signing: Option<crate::crypto::CostPerDocument>,
    pub ledger_written: bool,
    pub key_source: KeySource,
    pub public_key: String,
    pub warnings: Vec<Problem>,
}

/// Where the site goes: the flag (relative to the working directory) or `site.output_dir` (relative to the content).
fn output_dir(options: &BuildOptions, snapshot: &Snapshot) -> Result<PathBuf> {
    let out = match &options.output_dir {
        Some(p) => p.clone(),
        None => normalize(&options.content_dir.join(&snapshot.settings.config.site.output_dir)),
    };
    if is_inside(&options.content_dir, &out) || is_inside(&out, &options.content_dir) {
        return Err(Error::Usage(format!(
            "the output directory {} overlaps the content directory {}\n    help: set site.output_dir (or --output) to a directory beside the content, e.g. ../public",
            out.display(),
            options.content_dir.display()
        )));
    }
    Ok(out)
}

struct Loaded {
    snapshot: Snapshot,
    ledger: Ledger,
    theme: Theme,
    archive: ProofArchive,
    rdfc: RdfcSuite,
    /// The build cache, for `build` only.
    cache: cache::Unchecked,
}

fn load(options: &BuildOptions, with_cache: bool) -> Result<Loaded> {
    // The content (rosters), the ledger and the build cache are the big reads: in parallel.
    let dir = &options.content_dir;
    let (snapshot, (rest, cache)) = rayon::join(
        || content::load_on(dir, options.base_url.as_deref(), options.today),
        || {
            rayon::join(
                || -> Result<_> { Ok((Ledger::load(dir)?, ProofArchive::load(dir)?, RdfcSuite::new()?)) },
                || if with_cache { cache::BuildCache::read(&cache::cache_path(dir)) } else { Default::default() },
            )
        },
    );
    let snapshot = match snapshot {
        Err(Error::Content { mut problems }) => {
            // The plan that checks revocations.toml against the ledger will not be made: check it
            // now, so this run reports those problems too.
            if let Ok((ledger, ..)) = &rest {
                problems.extend(crate::model::consistency::check_status_changes_of(dir, ledger, options.today));
            }
            return Err(Error::Content { problems });
        }
        snapshot => snapshot?,
    };
    let (ledger, archive, rdfc) = rest?;
    let theme = Theme::load(dir, &snapshot.settings.config.site.theme)?;
    Ok(Loaded { snapshot, ledger, theme, archive, rdfc, cache })
}

/// The key as the options and `[signing]` say, and a warning if its file is readable by others.
fn signing_key(
    options: &BuildOptions,
    snapshot: &Snapshot,
    theme: &Theme,
) -> Result<(Key, KeySource, Option<Problem>)> {
    let mut request = options.key.clone();
    if !request.skip_config {
        request.config_file = request.config_file.or_else(|| snapshot.settings.config.signing.key_file.clone());
    }
    let (key, source) = signing::resolve(&request, &options.content_dir)?;
    refuse_published_secrets(snapshot, theme, &key)?;
    let warning = match &source {
        KeySource::File(path) => signing::permission_warning(path),
        _ => None,
    };
    Ok((key, source, warning))
}

/// Stops a build that would publish a secret key among the theme's or the content's static files.
fn refuse_published_secrets(snapshot: &Snapshot, theme: &Theme, key: &Key) -> Result<()> {
    let theme_files = theme
        .assets
        .iter()
        .map(|(name, bytes)| (format!("the theme file {name} (published as assets/{name})"), bytes.as_slice()));
    signing::refuse_published_secrets(key, theme_files)?;
    for rel in &snapshot.static_files {
        let path = snapshot.content_dir.join(rel);
        // Key files are small; images and fonts are not read twice.
        if std::fs::metadata(&path).is_ok_and(|m| m.len() <= 64 * 1024) {
            let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
            signing::refuse_published_secrets(key, [(path.display().to_string(), bytes.as_slice())])?;
        }
    }
    Ok(())
}

/// Holds the build to the key `hallmark.lock` names: the key the ledger should name after this
/// build, and a warning. A build with an institution key other than the named one stops (a wrong
/// key file or secret would otherwise re-sign every credential and drop the real key from the DID
/// document), unless the named key is listed in `retired_keys`. Development and throwaway keys
/// never change what the ledger names.
fn pinned_key(
    ledger: &Ledger,
    key: &Key,
    source: &KeySource,
    snapshot: &Snapshot,
    locked: bool,
) -> Result<(Option<String>, Option<Problem>)> {
    let named = ledger.signing_key.clone();
    let current = key.public_multibase();
    match source {
        KeySource::Ephemeral => return Ok((named, None)),
        KeySource::Development { .. } => {
            let warning = named.as_ref().map(|k| {
                Problem::general_warning(format!(
                    "{LEDGER_FILE} says this site is signed with the institution key {k}, but this build signs with the development key: its pages will not verify as the institution's"
                ))
                .help(format!("build with the institution key ({} or [signing] key_file) before you publish", signing::KEY_ENV))
            });
            return Ok((named, warning));
        }
        KeySource::File(_) | KeySource::Environment => {}
    }
    let Some(named_key) = named else {
        if locked {
            let warning = Problem::general_warning(format!(
                "{LEDGER_FILE} does not name the signing key yet, so a build with another key would not be caught"
            ))
            .help("run `hallmark build` once without --locked and commit hallmark.lock");
            return Ok((None, Some(warning)));
        }
        return Ok((Some(current), None));
    };
    if named_key == current {
        return Ok((Some(current), None));
    }
    if snapshot.settings.config.signing.retired_keys.contains(&named_key) {
        if locked {
            let warning = Problem::general_warning(format!("{LEDGER_FILE} still names the retired key {named_key}"))
                .help("run `hallmark build` once without --locked and commit hallmark.lock");
            return Ok((Some(named_key), Some(warning)));
        }
        return Ok((Some(current), None));
    }
    let from = match source {
        KeySource::File(path) => format!("the key file {}", path.display()),
        _ => signing::KEY_ENV.to_string(),
    };
    Err(Error::Key(format!(
        "this site is signed with the key {named_key} ({LEDGER_FILE}), but {from} holds another key, {current}; building would re-sign every credential with it and drop the site's key from did.json\n    help: if this is the wrong key, use the site's key file or secret; to change keys, run `hallmark rotate-key` with the current key (or `hallmark rotate-key --compromised` if it leaked)"
    )))
}

fn locked_error(plan: &plan::Plan<'_>) -> Error {
    Error::Ledger(format!(
        "--locked: this build would change {LEDGER_FILE} ({} new, {} corrected credentials)\n    help: run `hallmark build` without --locked, review the ledger diff, and commit it",
        plan.count(Change::New),
        plan.count(Change::Corrected)
    ))
}

/// Builds the site to disk. Nothing is written unless everything succeeded; the ledger is written last.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let Loaded { snapshot, ledger, theme, archive, rdfc, cache } = load(options, true)?;
    let plan = plan::plan(&snapshot, &ledger, options.today)?;
    if options.locked && plan.ledger_changed {
        return Err(locked_error(&plan));
    }
    let out = output_dir(options, &snapshot)?;
    let (key, key_source, key_warning) = signing_key(options, &snapshot, &theme)?;
    let (pin, pin_warning) = pinned_key(&ledger, &key, &key_source, &snapshot, options.locked)?;
    if let KeySource::File(path) = &key_source {
        // A key in the output would be deployed with the site.
        if let Some(e) = signing::exposed(path, None, Some(&out)) {
            return Err(signing::exposed_error(path, &e));
        }
    }

    let shared = produce::Shared::new(&snapshot, &plan, &theme, &key, &rdfc, &archive, options.today);
    let sink = DiskSink::new(&out)?;
    let cache_file = cache::cache_path(&options.content_dir);
    let cache_digest = cache.fingerprint();
    let inc = produce::Incremental::new(cache.for_output(&out), &shared);
    let produced = produce::produce_site(&shared, &plan, &sink).and_then(|site_files| {
        produce::produce_credentials(&shared, &plan, &sink, Some(&inc), &options.progress)?;
        Ok(site_files)
    });
    let site_files = match produced {
        Ok(files) => files,
        Err(e) => {
            sink.abort();
            return Err(e);
        }
    };
    options.progress.report(Progress::Writing);
    let work = inc.work_done();
    let (mut entries, stale) = inc.finish(site_files);
    let stats = sink.commit(stale)?;
    produce::stamp_records(&mut entries, &output::OutputDir::open(&out));
    let cache_text = cache::BuildCache::render(&out, &entries);
    if !cache_digest.holds(&cache_text) {
        cache::BuildCache::write(&cache_file, &cache_text)?;
    }
    let ledger_written =
        plan.ledger_changed || pin != ledger.signing_key || !options.content_dir.join(LEDGER_FILE).exists();
    if ledger_written {
        write_atomically(&options.content_dir.join(LEDGER_FILE), plan.ledger_text(pin.as_deref()).as_bytes())?;
    }
    let mut result = summary(&snapshot, &plan, key_source, &key, Some((out, stats)), None, ledger_written);
    result.warnings.extend(key_warning);
    result.warnings.extend(pin_warning);
    result.work = Some(work);
    result.signing = shared.costs.per_document();
    Ok(result)
}

/// Runs the whole build into memory, re-verifies every proof, and writes nothing.
pub fn check(options: &BuildOptions) -> Result<Summary> {
    let Loaded { snapshot, ledger, theme, archive, rdfc, .. } = load(options, false)?;
    let plan = plan::plan(&snapshot, &ledger, options.today)?;
    if options.locked && plan.ledger_changed {
        return Err(locked_error(&plan));
    }
    let (key, key_source, key_warning) = signing_key(options, &snapshot, &theme)?;
    let (_, pin_warning) = pinned_key(&ledger, &key, &key_source, &snapshot, options.locked)?;
    let shared = produce::Shared::new(&snapshot, &plan, &theme, &key, &rdfc, &archive, options.today);
    let sink = MemorySink::default();
    produce::produce_site(&shared, &plan, &sink)?;
    produce::produce_credentials(&shared, &plan, &sink, None, &options.progress)?;
    let files = sink.into_files();
    let keys = produce::did_keys(&snapshot, &key);
    let verified = verify_signed_files(&files, &snapshot.settings.base_url, &keys, &rdfc)?;
    let mut result = summary(&snapshot, &plan, key_source, &key, None, Some((files.len(), verified)), false);
    result.warnings.extend(key_warning);
    result.warnings.extend(pin_warning);
    Ok(result)
}

/// A site built into memory, with what the next in-memory build needs to be incremental.
#[derive(Debug, Default)]
pub struct MemoryBuild {
    /// The site's files by site-relative path.
    pub files: std::sync::Arc<output::Files>,
    cache: cache::Records,
    /// The ledger this build would have written: new credentials keep their ids in the next one.
    drafts: Vec<crate::model::ledger::Entry>,
}

/// Builds into memory without touching the ledger or the output (for `serve`), reusing what
/// `previous` already produced for unchanged credentials. `previous` stays usable (its files are
/// shared, not copied), so a server can go on serving it while the next build runs.
pub fn build_in_memory(options: &BuildOptions, previous: Option<&MemoryBuild>) -> Result<(MemoryBuild, Summary)> {
    let Loaded { snapshot, ledger, theme, archive, rdfc, .. } = load(options, false)?;
    let empty = MemoryBuild::default();
    let previous = previous.unwrap_or(&empty);
    let plan = plan::plan_with_drafts(&snapshot, &ledger, options.today, &previous.drafts)?;
    let (key, key_source, _) = signing_key(options, &snapshot, &theme)?;
    pinned_key(&ledger, &key, &key_source, &snapshot, true)?;
    let shared = produce::Shared::new(&snapshot, &plan, &theme, &key, &rdfc, &archive, options.today);
    let inc = produce::Incremental::new(cache::BuildCache::from_entries(previous.cache.clone()), &shared);
    let sink = MemorySink::with_previous(std::sync::Arc::clone(&previous.files));
    let site_files = produce::produce_site(&shared, &plan, &sink)?;
    produce::produce_credentials(&shared, &plan, &sink, Some(&inc), &options.progress)?;
    let work = inc.work_done();
    let (cache, _) = inc.finish(site_files);
    let files = std::sync::Arc::new(sink.into_files());
    let mut result = summary(&snapshot, &plan, key_source, &key, None, None, false);
    result.work = Some(work);
    result.signing = shared.costs.per_document();
    let drafts = plan.drafts();
    Ok((MemoryBuild { files, cache, drafts }, result))
}

/// Re-verifies the proof of every credential and status list among `files` against the DID
/// document's keys; returns how many proofs.
fn verify_signed_files(
    files: &output::Files,
    base: &crate::ground::url::BaseUrl,
    keys: &[String],
    rdfc: &RdfcSuite,
) -> Result<usize> {
    let mut by_method = std::collections::HashMap::new();
    for k in keys {
        by_method.insert(did::verification_method_id(base, k), crate::crypto::keys::parse_public_multibase(k)?);
    }
    let mut count = 0;
    for (path, bytes) in files {
        let signed = (path.starts_with("c/") && path.ends_with("/credential.json")) || path.starts_with("status/");
        if !signed {
            continue;
        }
        let doc: Value = serde_json::from_slice(bytes).map_err(|e| Error::Proof(format!("{path}: not JSON: {e}")))?;
        let obj = doc.as_object().ok_or_else(|| Error::Proof(format!("{path}: not a JSON object")))?;
        let proofs = obj
            .get("proof")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::Proof(format!("{path}: no proof array")))?;
        for proof in proofs {
            let vm = proof.get("verificationMethod").and_then(Value::as_str).unwrap_or_default();
            let public = by_method
                .get(vm)
                .ok_or_else(|| Error::Proof(format!("{path}: signed by {vm}, which the DID document does not list")))?;
            crate::crypto::verify_proof(rdfc, obj, proof, public).map_err(|e| Error::Proof(format!("{path}: {e}")))?;
            count += 1;
        }
    }
    Ok(count)
}

/// How to rotate the signing key.
#[derive(Debug, Clone)]
pub struct RotateOptions {
    /// Where the current key comes from, and the site.
    pub build: BuildOptions,
    /// Where to write the new key (never inside the content directory).
    pub new_key_file: PathBuf,
    /// The old key leaked: drop it from the DID document and re-sign everything with the new key.
    pub compromised: bool,
}

/// What a rotation did.
#[derive(Debug, Clone)]
pub struct RotateSummary {
    pub old_key: String,
    pub new_key: String,
    /// Credentials whose proofs were archived (0 when compromised).
    pub archived: usize,
    /// Whether `[signing] key_file` now names the new key.
    pub config_points_to_new_key: bool,
}

/// Retires the current key: archives the proofs it made, lists it under `retired_keys` (unless it
/// leaked), writes a new key and points `[signing] key_file` at it. The next build signs with it.
pub fn rotate(options: &RotateOptions) -> Result<RotateSummary> {
    let Loaded { snapshot, ledger, theme, mut archive, rdfc, .. } = load(&options.build, false)?;
    let plan = plan::plan(&snapshot, &ledger, options.build.today)?;
    if plan.ledger_changed {
        return Err(Error::Usage(format!(
            "hallmark.lock is not up to date ({} new, {} corrected credentials)\n    help: run `hallmark build` with the current key and commit the ledger, then rotate",
            plan.count(Change::New),
            plan.count(Change::Corrected)
        )));
    }
    let (old, source, _) = signing_key(&options.build, &snapshot, &theme)?;
    if matches!(source, KeySource::Development { .. } | KeySource::Ephemeral) {
        return Err(Error::Key("there is no institution key to rotate: the site signs with a development key\n    help: create one with `hallmark keygen` and configure it".into()));
    }
    pinned_key(&ledger, &old, &source, &snapshot, true)?;
    let out = output_dir(&options.build, &snapshot)?;
    if let Some(e) = signing::exposed(&options.new_key_file, Some(&options.build.content_dir), Some(&out)) {
        return Err(signing::exposed_error(&options.new_key_file, &e));
    }
    let base = &snapshot.settings.base_url;
    let old_public = old.public_multibase();
    let old_method = did::verification_method_id(base, &old_public);
    if options.compromised {
        archive.forget_key(&old_method);
    } else {
        let shared = produce::Shared::new(&snapshot, &plan, &theme, &old, &rdfc, &archive, options.build.today);
        let mut fresh = ProofArchive::default();
        for item in &plan.items {
            let signed = produce::signed_credential(&shared, item)?;
            let mut unsigned = signed.as_object().cloned().unwrap_or_default();
            let proofs = match unsigned.remove("proof") {
                Some(Value::Array(p)) => p,
                _ => Vec::new(),
            };
            fresh.record(&item.entry.id, &unsigned, &proofs);
        }
        archive = fresh;
    }
    let new = Key::generate()?;
    signing::write_key_file(&options.new_key_file, &new)?;
    let mut retired: Vec<String> = snapshot.settings.config.signing.retired_keys.clone();
    retired.retain(|k| *k != old_public || !options.compromised);
    if !options.compromised && !retired.contains(&old_public) {
        retired.push(old_public.clone());
    }
    let key_file_configured = snapshot.settings.config.signing.key_file.is_some();
    let new_key_for_config = key_file_configured.then(|| options.new_key_file.clone());
    crate::model::config::update_signing(&snapshot.settings.path, &retired, new_key_for_config.as_deref())?;
    // The ledger names the new key: the next build signs with it, and a build with the old one
    // (a leaked key above all) stops.
    let ledger_path = options.build.content_dir.join(LEDGER_FILE);
    write_atomically(&ledger_path, plan.ledger_text(Some(&new.public_multibase())).as_bytes())?;
    let archive_path = options.build.content_dir.join(crate::model::archive::ARCHIVE_FILE);
    if archive.is_empty() {
        if archive_path.exists() {
            std::fs::remove_file(&archive_path).map_err(|e| Error::io("remove", &archive_path, e))?;
        }
    } else {
        write_atomically(&archive_path, archive.to_text().as_bytes())?;
    }
    Ok(RotateSummary {
        old_key: old_public,
        new_key: new.public_multibase(),
        archived: archive.len(),
        config_points_to_new_key: key_file_configured,
    })
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
        corrected: plan.count(Change::Corrected),
        unchanged: plan.count(Change::Unchanged),
        revoked: plan.revoked_and_suspended().0,
        suspended: plan.revoked_and_suspended().1,
        badges: snapshot.badges.len(),
        output,
        checked,
        work: None,
        signing: None,
        ledger_written,
        key_source,
        public_key: key.public_multibase(),
        warnings: snapshot.warnings.iter().chain(&plan.warnings).cloned().collect(),
    }
}
