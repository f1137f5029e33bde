//! How to build: the options every pipeline entry point takes, and progress reports.

use std::path::PathBuf;

use crate::ground::date::Date;
use crate::keys::KeyRequest;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Credentials signed and rendered (or found unchanged) so far, of `total`.
    Credentials { done: usize, total: usize },
    /// Every file is produced; the output is being put in place.
    Writing,
    /// Another process holds the site's lock (`holder` says who, in words); waiting for it.
    WaitingForLock { holder: String },
}

/// Receives [`Progress`] reports, from any thread.
#[derive(Clone, Default)]
pub struct ProgressFn(Option<std::sync::Arc<dyn Fn(Progress) + Send + Sync>>);

impl ProgressFn {
    /// Reports to `f`.
    pub fn new(f: impl Fn(Progress) + Send + Sync + 'static) -> ProgressFn {
        ProgressFn(Some(std::sync::Arc::new(f)))
    }

    /// What the site lock calls while it waits for another process: a [`Progress::WaitingForLock`].
    pub(crate) fn on_wait(&self) -> impl Fn(String) + '_ {
        move |holder| self.report(Progress::WaitingForLock { holder })
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
