//! `hallmark keygen`: a new institution key, written where it can be neither committed nor published.

use std::path::{Path, PathBuf};

use crate::crypto::Key;
use crate::ground::error::Result;
use crate::keys;
use crate::model::config;

/// Where the new key goes, and the site it is for (if the command runs in one).
#[derive(Debug, Clone)]
pub struct KeygenOptions {
    /// The key file to write (never overwritten).
    pub path: PathBuf,
    /// The site's content directory, when there is one: the key must not be inside it, its themes,
    /// or the output directory its `hallmark.toml` names (even before the first build made it).
    pub content_dir: Option<PathBuf>,
}

/// The default place for an institution key: `~/.config/hallmark/signing.key`.
pub fn default_key_path(home: &Path) -> PathBuf {
    home.join(".config/hallmark/signing.key")
}

/// Writes a new key file readable by its owner only; returns its public key (`z6Mk…`).
pub fn keygen(options: &KeygenOptions) -> Result<String> {
    let content = options.content_dir.as_deref();
    let output = content.and_then(|c| config::load(c, None).ok().map(|s| c.join(s.config.site.output_dir)));
    if let Some(e) = keys::exposed(&options.path, content, output.as_deref()) {
        return Err(keys::exposed_error(&options.path, &e));
    }
    let key = Key::generate()?;
    keys::write_key_file(&options.path, &key)?;
    Ok(key.public_multibase())
}
