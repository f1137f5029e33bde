//! The in-memory build (`serve`'s previews): load → plan → produce into memory, incremental over
//! the previous build's files, writing nothing.

use std::sync::Arc;

use super::load::{load_reading, signing_key, Loaded};
use super::output::MemorySink;
use super::{cache, output, plan, produce, summary, BuildOptions, Summary};
use crate::ground::error::Result;
use crate::ground::lock::{Mode, SiteLock};
use crate::model::ledger::Entry;
use crate::model::proofs;

/// A site built into memory, with what the next in-memory build needs to be incremental.
#[derive(Debug, Default)]
pub struct MemoryBuild {
    /// The site's files by site-relative path.
    pub files: Arc<output::Files>,
    pub(super) cache: cache::Records,
    /// The ledger this build would have written: new credentials keep their ids in the next one.
    drafts: Vec<Entry>,
    /// The build cache of `cache`, made ready for the next build by [`MemoryBuild::prepare_next`];
    /// the next build takes it, or makes it when it is not there.
    pub(super) next_cache: std::sync::Mutex<Option<cache::BuildCache>>,
    /// The ledger this build read, which the next takes while its files are as they were.
    pub(super) ledger: Option<crate::model::ledger::kept::Kept>,
}

impl MemoryBuild {
    /// Makes the build cache the next build starts from, so that it need not: `serve` calls this
    /// once the pages are told to reload. Reaching each of 10,000 records (to check their order
    /// and to hash their ids) missed the processor's caches enough to be 3 % of its CPU, on the
    /// way from the edit to the reload.
    pub fn prepare_next(&self) {
        let mut next = self.next_cache.lock().unwrap_or_else(|e| e.into_inner());
        if next.is_none() {
            *next = Some(self.new_cache());
        }
    }

    /// A build cache of this build's records.
    fn new_cache(&self) -> cache::BuildCache {
        cache::BuildCache::from_entries(self.cache.clone())
    }

    /// The build cache the next build starts from: the one made ready, or a new one.
    fn take_cache(&self) -> cache::BuildCache {
        let prepared = self.next_cache.lock().unwrap_or_else(|e| e.into_inner()).take();
        prepared.unwrap_or_else(|| self.new_cache())
    }
}

/// Builds into memory without touching the ledger or the output (for `serve`), reusing what
/// `previous` already produced for unchanged credentials. `previous` stays usable (its files are
/// shared, not copied), so a server can go on serving it while the next build runs.
pub fn build_in_memory(options: &BuildOptions, previous: Option<&MemoryBuild>) -> Result<(MemoryBuild, Summary)> {
    memory_build(options, previous, None)
}

/// [`build_in_memory`], with certificate PDFs as `[certificates] pdf` says, or as `pdfs` says.
pub(super) fn memory_build(
    options: &BuildOptions,
    previous: Option<&MemoryBuild>,
    pdfs: Option<produce::Pdfs>,
) -> Result<(MemoryBuild, Summary)> {
    // Shared: never a site half-way through a build, and other previews and checks go on.
    let lock = SiteLock::acquire(&options.content_dir, "serve", Mode::Shared, &options.progress.on_wait())?;
    let reading = crate::model::ledger::kept::Reading::Again(previous.and_then(|p| p.ledger.as_ref()));
    let loaded = load_reading(options, false, reading)?;
    drop(lock);
    let built = memory_build_loaded(options, previous, pdfs, &loaded)
        .map(|(build, summary)| (MemoryBuild { ledger: Some(loaded.ledger.clone()), ..build }, summary));
    // Freeing the rosters and the ledger is not on the way to `serve`'s reload (as in
    // `build_fully`).
    let _ = std::thread::Builder::new().name("drop-loaded".into()).spawn(move || drop(loaded));
    built
}

/// [`memory_build`] once the content and the ledger are read.
fn memory_build_loaded(
    options: &BuildOptions,
    previous: Option<&MemoryBuild>,
    pdfs: Option<produce::Pdfs>,
    loaded: &Loaded,
) -> Result<(MemoryBuild, Summary)> {
    let Loaded { snapshot, ledger, theme, archive, rdfc, .. } = loaded;
    let empty = MemoryBuild::default();
    let previous = previous.unwrap_or(&empty);
    let plan = plan::plan_with_drafts(snapshot, ledger, options.today, &previous.drafts)?;
    // A preview signs with what the configuration asks for; only a build records it.
    let proofs = proofs::resolve(snapshot.settings.config.asked(), ledger, false)?;
    let signing = signing_key(options, loaded, true)?;
    let sign_with = produce::SignWith { key: &signing.key, profile: proofs.profile, creator: proofs.creator };
    let mut shared = produce::Shared::new(snapshot, &plan, theme, sign_with, rdfc, archive, options.today);
    if let Some(pdfs) = pdfs {
        shared.pdfs = pdfs;
    }
    let inc = produce::Incremental::new(previous.take_cache(), &shared, plan.items.len());
    let sink = MemorySink::with_previous(Arc::clone(&previous.files));
    let site_files = produce::produce_everything(&shared, &plan, &sink, Some(&inc), &options.progress)?;
    let work = inc.work_done();
    let (cache, _) = inc.finish(site_files);
    let files = Arc::new(sink.into_files());
    let mut result = summary::summary(snapshot, &plan, signing.source, &signing.key, proofs.profile);
    result.work = Some(work);
    result.signing = shared.costs.per_document();
    let drafts = plan.drafts();
    Ok((MemoryBuild { files, cache, drafts, next_cache: Default::default(), ledger: None }, result))
}
