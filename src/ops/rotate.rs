//! `hallmark rotate-key`: retire the signing key without breaking what it signed.

use crate::ground::error::Failure;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::crypto::{Key, ProofProfile};
use crate::document::did;
use crate::ground::error::{Error, Result};
use crate::ground::fsio::write_atomically;
use crate::ground::lock::{Mode, SiteLock};
use crate::keys::{self, KeySource};
use crate::model::archive::{ProofArchive, ARCHIVE_FILE};
use crate::model::proofs;
use crate::site::load::{load, output_dir, signing_key, Loaded};
use crate::site::plan::{self, Change};
use crate::site::{produce, BuildOptions};

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
    let dir = &options.build.content_dir;
    let _lock = SiteLock::acquire(dir, "rotate-key", Mode::Exclusive, &options.build.progress.on_wait())?;
    // The ledger is final before it is read: an interrupted build is finished or rolled back.
    crate::site::transaction::recover(dir)?;
    let loaded = load(&options.build, false)?;
    let plan = plan::plan(&loaded.snapshot, &loaded.ledger, options.build.today)?;
    if plan.ledger_changed {
        return Err(Error::Usage(
            Failure::new(format!(
                "hallmark.lock is not up to date ({} new, {} corrected credentials)",
                plan.count(Change::New),
                plan.count(Change::Corrected)
            ))
            .fix("run `hallmark build` with the current key and commit the ledger, then rotate"),
        ));
    }
    let signing = signing_key(&options.build, &loaded, true)?;
    if matches!(signing.source, KeySource::Development { .. } | KeySource::Ephemeral | KeySource::Absent(_)) {
        return Err(Error::Key(
            Failure::new("there is no institution key to rotate: the site signs with a development key")
                .fix("create one with `hallmark keygen` and configure it"),
        ));
    }
    let out = output_dir(&options.build, &loaded.snapshot)?;
    if let Some(e) = keys::exposed(&options.new_key_file, Some(&options.build.content_dir), Some(&out)) {
        return Err(keys::exposed_error(&options.new_key_file, &e));
    }
    // The archive keeps the proofs the site signs with now, recorded in the ledger with the new key.
    let proofs = proofs::resolve(loaded.snapshot.settings.config.asked(), &loaded.ledger, false)?;
    let archive = archive_after(options, &loaded, &plan, &signing.key, (proofs.profile, proofs.creator))?;
    let new = Key::generate()?;
    keys::write_key_file(&options.new_key_file, &new)?;
    let old_public = signing.key.public_multibase();
    let config = &loaded.snapshot.settings.config.signing;
    let mut retired: Vec<String> = config.retired_keys.clone();
    retired.retain(|k| *k != old_public || !options.compromised);
    if !options.compromised && !retired.contains(&old_public) {
        retired.push(old_public.clone());
    }
    let key_file_configured = config.key_file.is_some();
    let new_key_for_config = key_file_configured.then(|| options.new_key_file.clone());
    crate::model::config::update_signing(&loaded.snapshot.settings.path, &retired, new_key_for_config.as_deref())?;
    // The ledger names the new key: the next build signs with it, and a build with the old one
    // (a leaked key above all) stops.
    // The log is the next build's to extend: the ledger keeps the head it committed to.
    let log = loaded.ledger.log.map(|head| crate::model::ledger::LogUpdate { head, indexes: Default::default() });
    let on_disk = loaded.ledger.shard_counts();
    let layout = crate::model::ledger::Layout::after(&on_disk, loaded.ledger.shard_refs());
    let files = plan.ledger_files(Some(&new.public_multibase()), proofs.recorded(), log.as_ref(), (&layout, None))?;
    crate::model::ledger::store::write(&options.build.content_dir, &files)?;
    write_archive(&options.build.content_dir.join(ARCHIVE_FILE), &archive)?;
    Ok(RotateSummary {
        old_key: old_public,
        new_key: new.public_multibase(),
        archived: archive.len(),
        config_points_to_new_key: key_file_configured,
    })
}

/// The proof archive after the rotation: every credential's proofs by the old key (so old
/// credentials keep their exact bytes), or, when the old key leaked, none of them.
fn archive_after(
    options: &RotateOptions,
    loaded: &Loaded,
    plan: &plan::Plan<'_>,
    old: &Key,
    (profile, creator): (ProofProfile, crate::model::creator::Creator),
) -> Result<ProofArchive> {
    let Loaded { snapshot, theme, archive, rdfc, .. } = loaded;
    if options.compromised {
        let old_method = did::verification_method_id(&snapshot.settings.base_url, &old.public_multibase());
        let mut kept = archive.clone();
        kept.forget_key(&old_method);
        return Ok(kept);
    }
    let sign_with = produce::SignWith { key: old, profile, creator };
    let shared = produce::Shared::new(snapshot, plan, theme, sign_with, rdfc, archive, options.build.today);
    let mut fresh = ProofArchive::default();
    for item in &plan.items {
        let signed = produce::signed_credential(&shared, item)?;
        let mut unsigned = signed.as_object().cloned().unwrap_or_default();
        let proofs = match unsigned.remove("proof") {
            Some(Value::Array(p)) => p,
            _ => Vec::new(),
        };
        fresh.record(item.entry.id(), &unsigned, &proofs);
    }
    Ok(fresh)
}

/// Writes the proof archive, or removes the file when nothing is archived.
fn write_archive(path: &Path, archive: &ProofArchive) -> Result<()> {
    if !archive.is_empty() {
        return write_atomically(path, archive.to_text().as_bytes());
    }
    if path.exists() {
        std::fs::remove_file(path).map_err(|e| Error::io("remove", path, e))?;
    }
    Ok(())
}
