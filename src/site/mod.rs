//! The pipeline: load → plan → produce → write, for `build` (disk), `check` (memory, then every
//! proof verified again) and `build_in_memory` (`serve`'s previews).

pub(crate) mod cache;
mod files;
mod fingerprint;
mod glyphs;
mod memory;
#[cfg(test)]
use memory::memory_build;
pub use memory::{build_in_memory, MemoryBuild};
mod preview;
pub use preview::preview_themes;
pub(crate) mod load;
pub(crate) mod log;
pub(crate) mod options;
pub(crate) mod output;
pub(crate) mod plan;
pub(crate) mod produce;
mod published;
mod reverify;
mod review;
mod summary;
pub(crate) mod transaction;

#[cfg(test)]
mod certificate_tests;
#[cfg(test)]
mod memory_tests;

use crate::ground::lock::{Mode, SiteLock};

use std::sync::Arc;

use crate::ground::error::{Error, Failure, Result};
use crate::keys;
use crate::model::ledger::LEDGER_FILE;
use crate::model::proofs;
use load::{load, output_dir, signing_key, Loaded};
pub use options::{BuildOptions, Progress, ProgressFn};
pub use output::WriteStats;
use output::{DiskSink, MemorySink};
use plan::Change;
pub use review::{Base, ChangePlan, PlannedCredential};
pub use summary::{LedgerShards, Summary};
pub use transaction::Recovery;

/// The directory of `.hallmark/` where the badges' PNGs are kept between builds (see
/// [`crate::render::artwork::image_to_png_kept`]).
const PNG_DIR: &str = "png";

fn locked_error(plan: &plan::Plan<'_>) -> Error {
    Error::Ledger(
        Failure::new(format!(
            "{{locked}}: this build would change {LEDGER_FILE} ({} new, {} corrected credentials)",
            plan.count(Change::New),
            plan.count(Change::Corrected)
        ))
        .fix("run `hallmark build` without {locked}, review the ledger diff, and commit it"),
    )
}

fn locked_log_error() -> Error {
    Error::Ledger(
        Failure::new(format!("{{locked}}: this build would add to the public log ({})", crate::tlog::LOG_FILE)).fix(
            "run `hallmark build` without {locked}, review the diff of hallmark.log and hallmark.lock, and commit them",
        ),
    )
}

/// After the commit: the tlog-witness servers' cosignatures of the new checkpoint, kept in
/// hallmark.checkpoints and published in log/checkpoint.
fn after_commit(
    l: &mut log::SiteLog,
    config: &crate::model::config::LogConfig,
    content_dir: &std::path::Path,
    out: &std::path::Path,
) -> Result<Vec<crate::ground::error::Problem>> {
    let (added, warnings) = l.push_to_witnesses(config);
    if added {
        let checkpoints = l.checkpoints.to_text();
        let path = content_dir.join(crate::tlog::CHECKPOINTS_FILE);
        crate::ground::fsio::write_durably(&path, checkpoints.as_bytes(), "checkpoints")?;
        if let Some((_, latest)) = l.checkpoints.latest() {
            crate::ground::fsio::write_atomically(&out.join("log/checkpoint"), latest.to_text().as_bytes())?;
        }
    }
    Ok(warnings)
}

/// What the log step of a build needs.
struct LogStep<'a> {
    shared: &'a produce::Shared<'a>,
    plan: &'a plan::Plan<'a>,
    key: &'a crate::crypto::Key,
    options: &'a BuildOptions,
}

impl LogStep<'_> {
    /// The log's part of a build, when the site keeps a log: other sites' cosignatures attached,
    /// then [`LogStep::run`]. Gives the ledger's new log record, warnings, and whether a
    /// cosignature was added.
    fn log_part(
        &self,
        site_log: &mut Option<log::SiteLog>,
        config: Option<&crate::model::config::LogConfig>,
        sink: &dyn output::Sink,
        previous: Option<&cache::Cached>,
        records: &mut cache::Records,
        stale: &mut Option<Vec<String>>,
    ) -> Result<(Option<crate::model::ledger::LogUpdate>, Vec<crate::ground::error::Problem>, bool)> {
        let Some(l) = site_log else { return Ok((None, Vec::new(), false)) };
        let (cosigned, warnings) = config.map_or((false, Vec::new()), |c| l.attach_cosignatures(c));
        Ok((Some(self.run(l, sink, previous, records, stale)?), warnings, cosigned))
    }

    /// Logs what the build changed, then publishes the log and the proofs: the ledger's new log
    /// record.
    fn run(
        &self,
        l: &mut log::SiteLog,
        sink: &dyn output::Sink,
        previous: Option<&cache::Cached>,
        records: &mut cache::Records,
        stale: &mut Option<Vec<String>>,
    ) -> Result<crate::model::ledger::LogUpdate> {
        // Taken, not copied: nothing reads them after this (a cold build holds one per credential).
        let produced =
            self.shared.digests.as_ref().map(|d| std::mem::take(&mut *d.lock().unwrap_or_else(|e| e.into_inner())));
        let digest = |item: &plan::Planned<'_>| log::digest_of(self.shared, item);
        let key = self.key.public_multibase();
        let indexes = l.log_build(self.plan, &produced.unwrap_or_default(), &digest, &key, self.options.today)?;
        // The log index of each credential by id, for the few whose proof is not published yet;
        // the map of all of them is made only if one is not among this build's.
        let all: std::cell::OnceCell<std::collections::HashMap<&str, u64>> = std::cell::OnceCell::new();
        let index_of = |id: &str| {
            indexes.get(id).copied().or_else(|| {
                let all = all.get_or_init(|| {
                    self.plan.items.iter().filter_map(|p| Some((p.entry.id(), p.entry.log_index?))).collect()
                });
                all.get(id).copied()
            })
        };
        log::publish(l, sink, previous, &index_of, records, stale)?;
        Ok(crate::model::ledger::LogUpdate { head: l.head(), indexes })
    }
}

/// The plan, and the site's public log when it keeps one: the log (its text, hash and kept state)
/// is read on the other core while the plan is made. The caller reports their errors in the order
/// the steps come.
fn plan_and_log<'a>(
    options: &BuildOptions,
    snapshot: &'a crate::model::content::Snapshot,
    ledger: &'a crate::model::ledger::Ledger,
) -> (Result<plan::Plan<'a>>, Result<Option<log::SiteLog>>) {
    rayon::join(
        || plan::plan(snapshot, ledger, options.today),
        || {
            log::enabled(snapshot, &options.content_dir)
                .then(|| log::SiteLog::load(&options.content_dir, snapshot, ledger, options.locked))
                .transpose()
        },
    )
}

/// The site's public log, when it keeps one, with `shared` told to digest what it produces and to
/// name the log in the DID document.
fn open_log(site_log: Option<log::SiteLog>, shared: &mut produce::Shared<'_>) -> Option<log::SiteLog> {
    let l = site_log?;
    shared.digests = Some(Default::default());
    shared.log =
        Some(crate::document::did::LogService { origin: l.checkpoints.origin.clone(), vkey: l.verifier().vkey() });
    Some(l)
}

/// Produces the site's own files, every credential, and what this site cosigned of other sites'
/// logs into `sink`; the site's own files and their lengths are returned.
fn produce_all(
    shared: &produce::Shared<'_>,
    plan: &plan::Plan<'_>,
    sink: &dyn output::Sink,
    inc: &produce::Incremental,
    options: &BuildOptions,
) -> Result<Vec<(String, u64)>> {
    let mut files = produce::produce_everything(shared, plan, sink, Some(inc), &options.progress)?;
    for (rel, bytes) in log::witnessed_files(&options.content_dir)? {
        files.push((rel.clone(), bytes.len() as u64));
        sink.put(&rel, bytes)?;
    }
    Ok(files)
}

/// Loads the site for a build; when the content has problems, a ledger older than the published
/// output is reported first, as it explains more.
fn load_for_build(options: &BuildOptions) -> Result<Loaded> {
    match load(options, true) {
        Err(Error::Content { problems }) => {
            published::check_before_content(options)?;
            Err(Error::Content { problems })
        }
        loaded => loaded,
    }
}

/// `result`, with the staged output abandoned when it is an error.
fn or_abort<T>(disk: &DiskSink, result: Result<T>) -> Result<T> {
    if result.is_err() {
        disk.discard();
    }
    result
}

/// Builds the site to disk, holding the site lock. Nothing is published unless everything
/// succeeded, and nothing before the ledger that records it is on disk (see [`transaction`]); an
/// earlier build that was interrupted is finished or rolled back first.
///
/// A build that finds every input and the output as the last build that changed nothing left them
/// (see [`fingerprint`]) reports that build again and does nothing else.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let lock = SiteLock::acquire(&options.content_dir, "build", Mode::Exclusive, &options.progress.on_wait())?;
    let recovery = transaction::recover(&options.content_dir)?;
    if let Some(result) = recovery.is_none().then(|| fingerprint::unchanged(options)).flatten() {
        return Ok(Summary { interrupted: lock.interrupted(), ..result });
    }
    fingerprint::forget(options);
    let (result, retry, records) = build_fully(options, recovery)?;
    fingerprint::keep(options, &result, retry, &records);
    Ok(Summary { interrupted: lock.interrupted(), ..result })
}

/// [`build`] with the site locked and an interrupted build recovered (`recovery` says what was
/// done): the summary, whether the log has something to try again next time, and what each
/// credential (and the site) has in the output.
fn build_fully(options: &BuildOptions, recovery: Option<Recovery>) -> Result<(Summary, bool, cache::Records)> {
    let mut loaded = load_for_build(options)?;
    let cache = std::mem::take(&mut loaded.cache);
    let built = build_loaded(options, recovery, &loaded, cache);
    // Freeing the rosters, the ledger and the rest (14 ms at 100,000 credentials) is not on the
    // way to the summary.
    let _ = std::thread::Builder::new().name("drop-loaded".into()).spawn(move || drop(loaded));
    built
}

/// [`build_fully`] once the content, the ledger and the build cache are read.
fn build_loaded(
    options: &BuildOptions,
    recovery: Option<Recovery>,
    loaded: &Loaded,
    cache: cache::Unchecked,
) -> Result<(Summary, bool, cache::Records)> {
    let cache_read = cache.fingerprint();
    let Loaded { snapshot, ledger, theme, archive, rdfc, .. } = loaded;
    let out = output_dir(options, snapshot)?;
    // What is published is checked against the ledger while the plan is made (the other core is
    // free unless the log is read); its error comes first.
    let (published, (plan, site_log)) = rayon::join(
        || published::check(&options.content_dir, ledger, &out),
        || plan_and_log(options, snapshot, ledger),
    );
    published?;
    let plan = plan?;
    if options.locked && plan.ledger_changed {
        return Err(locked_error(&plan));
    }
    let proofs = proofs::resolve(snapshot.settings.config.asked(), ledger, options.locked)?;
    let signing = unexposed_signing_key(options, loaded, &out)?;
    let sign_with = produce::SignWith { key: &signing.key, profile: proofs.profile, creator: proofs.creator };
    let mut shared = produce::Shared::new(snapshot, &plan, theme, sign_with, rdfc, archive, options.today);
    shared.kept_pngs = Some(crate::ground::layout::work_dir(&options.content_dir).join(PNG_DIR));
    let mut site_log = open_log(site_log?, &mut shared);
    let disk = DiskSink::new(&out)?;
    let recovery = recovery.or(disk.found_stale_staging().then_some(Recovery::RolledBack));
    let sink = published::Scanned::new(&disk, &signing.key);
    let out_key = cache::output_key(&cache::cache_path(&options.content_dir), &out);
    let inc = produce::Incremental::new(cache.for_output(&out_key), &shared, plan.items.len());
    let site_files = or_abort(&disk, produce_all(&shared, &plan, &sink, &inc, options))?;
    options.progress.report(Progress::Writing);
    let work = inc.work_done();
    let previous_log = inc.previous(log::LOG_RECORD);
    let (mut records, mut stale) = inc.finish(site_files);
    let step = LogStep { shared: &shared, plan: &plan, key: &signing.key, options };
    let config = snapshot.settings.config.log.as_ref();
    let logged = step.log_part(&mut site_log, config, &sink, previous_log.as_deref(), &mut records, &mut stale);
    let (logged, mut log_warnings, cosigned) = or_abort(&disk, logged)?;
    let log_changed = site_log.as_ref().is_some_and(|l| l.changed()) || (site_log.is_some() && ledger.log.is_none());
    if options.locked && log_changed {
        disk.abort();
        return Err(locked_log_error());
    }
    let ledger_written = plan.ledger_changed
        || signing.pin != ledger.signing_key
        || proofs.recorded() != ledger.recorded()
        || log_changed
        || !options.content_dir.join(LEDGER_FILE).exists();
    let part = LedgerPart { dir: &options.content_dir, pin: signing.pin.as_deref(), recorded: proofs.recorded() };
    let (ledger_files, shards) = or_abort(&disk, part.files(ledger_written, (&plan, ledger), logged.as_ref()))?;
    let rewrite_log = log_changed || cosigned || site_log.as_ref().is_some_and(|l| l.trimmed);
    let log_files = site_log.as_ref().filter(|_| rewrite_log).map(log::SiteLog::files);
    let staged = disk.into_staged(stale, &|rel| cache::holds(&records, rel))?;
    let files = (staged, ledger_files, log_files);
    let stats = commit_and_stamp(&options.content_dir, (&out, &out_key), files, cache_read, &records)?;
    if let (Some(l), Some(config)) = (&mut site_log, &snapshot.settings.config.log) {
        log_warnings.extend(after_commit(l, config, &options.content_dir, &out)?);
    }
    if let Some(l) = &site_log {
        l.keep(&options.content_dir);
    }
    let mut result = summary::summary(snapshot, &plan, signing.source, &signing.key, proofs.profile);
    let retry = !log_warnings.is_empty();
    result.warnings.extend(log_warnings);
    result.output = Some((out, stats));
    result.ledger_written = ledger_written;
    result.ledger_shards = shards.filter(|s| s.files > 0);
    result.warnings.extend(signing.warnings);
    result.warnings.extend(locale_warnings(snapshot, theme));
    result.warnings.extend(proofs.warning);
    result.work = Some(work);
    result.signing = shared.costs.per_document();
    result.recovery = recovery;
    Ok((result, retry, records))
}

/// The build's signing key ([`signing_key`]), refused when its file is inside the output `out`,
/// which would deploy it with the site.
fn unexposed_signing_key(options: &BuildOptions, loaded: &Loaded, out: &std::path::Path) -> Result<load::SigningKey> {
    let signing = signing_key(options, loaded, options.locked)?;
    if let keys::KeySource::File(path) = &signing.source {
        if let Some(e) = keys::exposed(path, None, Some(out)) {
            return Err(keys::exposed_error(path, &e));
        }
    }
    Ok(signing)
}

/// What the ledger's files are made with: the site, and the key, proofs and creator they name.
struct LedgerPart<'a> {
    dir: &'a std::path::Path,
    pin: Option<&'a str>,
    recorded: crate::model::ledger::Recorded,
}

impl LedgerPart<'_> {
    /// The ledger's files when the build writes it, laid out in the shards it has on disk (or into
    /// shards now, when it outgrew one file), and what to say about its shards. Each shard that
    /// changed is written (as `<shard>.next`) as soon as it is made, and not held.
    fn files(
        &self,
        written: bool,
        (plan, ledger): (&plan::Plan<'_>, &crate::model::ledger::Ledger),
        logged: Option<&crate::model::ledger::LogUpdate>,
    ) -> Result<(Option<crate::model::ledger::LedgerFiles>, Option<summary::LedgerShards>)> {
        if !written {
            return Ok((None, None));
        }
        let on_disk = ledger.shard_counts();
        // Closed shards known to be as they were read are not made again (see `readback`).
        let known = crate::model::ledger::RoundTrips::read(self.dir);
        let layout = crate::model::ledger::Layout {
            read: Some(ledger.read_back(&known)),
            ..crate::model::ledger::Layout::after(&on_disk, ledger.shard_refs())
        };
        let spill = |name: &str, text: &str| crate::model::ledger::store::stage_shard(self.dir, name, text);
        let files = plan.ledger_files(self.pin, self.recorded, logged, (&layout, Some(&spill)))?;
        let on_disk = files.shards.iter().filter(|s| s.on_disk).map(|s| s.digest.as_str());
        crate::model::ledger::RoundTrips::of(on_disk, logged.is_some()).keep(self.dir, &known);
        let split_now = files.is_sharded() && !ledger.is_sharded();
        let shards = summary::LedgerShards { files: files.shards.len(), split_now };
        Ok((Some(files), Some(shards)))
    }
}

/// The transaction's commit (the staged files, the ledger and the cache, in that order of safety),
/// then the directory stamps of the files put in place, kept in the cache for the next build.
fn commit_and_stamp(
    content_dir: &std::path::Path,
    (out, out_key): (&std::path::Path, &str),
    (staged, ledger, log): (output::Staged, Option<crate::model::ledger::LedgerFiles>, Option<log::LogFiles>),
    cache_read: cache::Fingerprint,
    records: &cache::Records,
) -> Result<output::WriteStats> {
    let cache_path = cache::cache_path(content_dir);
    // Directories this build leaves as they were, settled since the last build (the credentials it
    // wrote last time), take their stamps now, so the cache is rendered and written once. A
    // directory the commit below then changes has a newer time than its stamp: its files are
    // checked next time, as without a stamp.
    cache::stamp_records(records, &output::OutputDir::open(out));
    let text = cache::CacheText { out: out_key, records };
    let commit =
        transaction::Commit { content_dir, staged, ledger, log, cache: (!cache_read.holds(&text)).then_some(text) };
    let stats = transaction::commit(commit)?;
    // Directory stamps are taken once the files are in place; the cache is only a shortcut, so
    // this last write need not reach the disk before the build ends.
    // A record that took a stamp now reads differently from the text just written (a time where
    // there was none): no digest is needed to know it changed.
    if cache::stamp_records(records, &output::OutputDir::open(out)) {
        cache::CacheText { out: out_key, records }.write(&cache_path)?;
    }
    Ok(stats)
}

/// Runs the whole build into memory, re-verifies every proof, and writes nothing.
pub fn check(options: &BuildOptions) -> Result<Summary> {
    check_and_review(options, None).map(|(summary, _)| summary)
}

/// [`check`], and with a `base`, the plan of the change: what a build issues, corrects, revokes,
/// suspends and reinstates compared with it.
pub fn check_and_review(options: &BuildOptions, base: Option<&Base>) -> Result<(Summary, Option<ChangePlan>)> {
    let lock = SiteLock::acquire(&options.content_dir, "check", Mode::Shared, &options.progress.on_wait())?;
    let loaded = load(options, false)?;
    drop(lock);
    let Loaded { snapshot, ledger, theme, archive, rdfc, .. } = &loaded;
    let before = base.map(|b| review::before(&options.content_dir, b)).transpose()?;
    let plan = plan::plan(snapshot, ledger, options.today)?;
    if options.locked && plan.ledger_changed {
        return Err(locked_error(&plan));
    }
    let change = before.map(|(rev, was, held)| review::review(snapshot, &plan, (rev, &was, &held)));
    let proofs = proofs::resolve(snapshot.settings.config.asked(), ledger, options.locked)?;
    let signing = signing_key(options, &loaded, options.locked)?;
    let sign_with = produce::SignWith { key: &signing.key, profile: proofs.profile, creator: proofs.creator };
    let shared = produce::Shared::new(snapshot, &plan, theme, sign_with, rdfc, archive, options.today);
    let sink = MemorySink::default();
    produce::produce_everything(&shared, &plan, &sink, None, &options.progress)?;
    let files = Arc::new(sink.into_files());
    let verified = reverify::verify_signed_files(Arc::clone(&files), &snapshot.settings.base_url, options.today)?;
    let mut result = summary::summary(snapshot, &plan, signing.source, &signing.key, proofs.profile);
    result.checked = Some((files.len(), verified));
    result.warnings.extend(signing.warnings);
    result.warnings.extend(locale_warnings(snapshot, theme));
    result.warnings.extend(proofs.warning);
    Ok((result, change))
}

/// A warning for each message a configured language lacks (shown in English instead).
fn locale_warnings(
    snapshot: &crate::model::content::Snapshot,
    theme: &crate::render::Theme,
) -> Vec<crate::ground::error::Problem> {
    theme.locales.check(&snapshot.settings.config.site.page_languages()).warnings()
}
