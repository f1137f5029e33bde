//! The load step: the content, the ledger, the proof archive, the theme and the build cache, read
//! and checked once; then the signing key the build will use.

use crate::ground::error::Failure;
use std::path::PathBuf;

use super::cache;
use super::options::BuildOptions;
use crate::crypto::{Key, RdfcSuite};
use crate::ground::error::{Error, Problem, Result};
use crate::ground::fsio::{is_inside, normalize};
use crate::keys::{self, KeySource};
use crate::model::archive::ProofArchive;
use crate::model::content::{self, Snapshot};
use crate::model::ledger;
use crate::render::Theme;

/// What the load step read.
pub(crate) struct Loaded {
    pub snapshot: Snapshot,
    /// The ledger, with what its files were when it was read (for `serve`'s next rebuild).
    pub ledger: ledger::kept::Kept,
    pub theme: Theme,
    pub archive: ProofArchive,
    pub rdfc: RdfcSuite,
    /// The build cache, for `build` only.
    pub cache: cache::Unchecked,
}

pub(crate) fn load(options: &BuildOptions, with_cache: bool) -> Result<Loaded> {
    load_reading(options, with_cache, ledger::kept::Reading::Once)
}

/// [`load`], reading the ledger as `ledger` says (`serve` takes the last rebuild's while its files
/// are as they were).
pub(crate) fn load_reading(
    options: &BuildOptions,
    with_cache: bool,
    ledger: ledger::kept::Reading<'_>,
) -> Result<Loaded> {
    // The content (rosters), the ledger and the build cache are the big reads: in parallel.
    let dir = &options.content_dir;
    let ((snapshot, early_theme), (rest, cache)) = rayon::join(
        || {
            // The theme (its templates compiled) beside the rosters: alone after them, it was 4 ms of
            // `serve`'s 70 ms rebuild at 10,000 credentials with the other core waiting.
            rayon::join(
                || content::load_on(dir, options.base_url.as_deref(), options.today),
                || {
                    let settings = crate::model::config::load(dir, options.base_url.as_deref()).ok()?;
                    let (name, digits) = theme_of(&settings.config.site);
                    Some((name.to_string(), digits, Theme::load(dir, name, digits)))
                },
            )
        },
        || {
            rayon::join(
                || -> Result<_> { Ok((ledger::kept::load(dir, ledger)?, ProofArchive::load(dir)?, RdfcSuite::new()?)) },
                || if with_cache { cache::BuildCache::read(&cache::cache_path(dir)) } else { Default::default() },
            )
        },
    );
    // A damaged ledger first: checking the content against it would say little.
    if let Err(Error::Ledger(f)) = &rest {
        return Err(Error::Ledger(f.clone()));
    }
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
    // A name no font covers would be drawn as boxes: stop here, before anything is built.
    let problems = super::glyphs::check_drawn_names(&snapshot, dir);
    if problems.has_errors() {
        return Err(Error::Content { problems });
    }
    let (ledger, archive, rdfc) = rest?;
    // The theme loaded beside the content, unless the configuration read then named another (it
    // changed in between): the same result, reported where it was before.
    let (name, digits) = theme_of(&snapshot.settings.config.site);
    let theme = match early_theme {
        Some((early, early_digits, theme)) if early == name && early_digits == digits => theme?,
        _ => Theme::load(dir, name, digits)?,
    };
    Ok(Loaded { snapshot, ledger, theme, archive, rdfc, cache })
}

/// The theme a site's configuration names, and the digits its pages write numbers in.
fn theme_of(site: &crate::model::config::SiteConfig) -> (&str, crate::render::locale::Digits) {
    let digits = site.digits.as_deref().and_then(crate::render::locale::Digits::named).unwrap_or_default();
    (&site.theme, digits)
}

/// The key a build signs with, where it came from, the key the ledger should name afterwards, and
/// warnings about it.
pub(crate) struct SigningKey {
    pub key: Key,
    pub source: KeySource,
    /// The key `hallmark.lock` names after this build.
    pub pin: Option<String>,
    pub warnings: Vec<Problem>,
}

/// The build's signing key, held to the key the ledger names (`locked`: warn instead of moving it).
pub(crate) fn signing_key(options: &BuildOptions, loaded: &Loaded, locked: bool) -> Result<SigningKey> {
    let (key, source, warning) = keys::for_site(
        &options.key,
        &options.content_dir,
        &loaded.snapshot,
        &loaded.theme,
        loaded.ledger.signing_key.as_deref(),
    )?;
    let (pin, pin_warning) = keys::pinned_key(&loaded.ledger, &key, &source, &loaded.snapshot, locked)?;
    Ok(SigningKey { key, source, pin, warnings: warning.into_iter().chain(pin_warning).collect() })
}

/// Where the site goes: the flag (relative to the working directory) or `site.output_dir` (relative to the content).
pub(crate) fn output_dir(options: &BuildOptions, snapshot: &Snapshot) -> Result<PathBuf> {
    let out = match &options.output_dir {
        Some(p) => p.clone(),
        None => normalize(&options.content_dir.join(&snapshot.settings.config.site.output_dir)),
    };
    if is_inside(&options.content_dir, &out) || is_inside(&out, &options.content_dir) {
        return Err(Error::Usage(
            Failure::new(format!(
                "the output directory {} overlaps the content directory {}",
                out.display(),
                options.content_dir.display()
            ))
            .fix("set site.output_dir (or {output}) to a directory beside the content, e.g. ../public"),
        ));
    }
    Ok(out)
}
