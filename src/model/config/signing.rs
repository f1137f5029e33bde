//! `[signing]`: where the signing key comes from and which proofs a build makes, and the rewrite
//! of this table that `hallmark rotate-key` does.

use std::path::Path;

use serde::Deserialize;

use super::Config;
use crate::crypto::ProofProfile;
use crate::ground::error::{Location, Problems};
use crate::model::schema;

/// `[signing]`: where the key comes from. The key itself never goes in this file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SigningConfig {
    /// A key file outside the content directory; `~` means the home directory.
    pub key_file: Option<String>,
    /// Public keys (`z6Mk…`) of keys no longer used for signing, kept in the DID document so
    /// credentials they signed still verify. `hallmark rotate-key` maintains this list.
    #[serde(default)]
    pub retired_keys: Vec<String>,
    /// The cryptosuites to sign with (checked: see [`SigningConfig::proof_profile`]). Unset: what
    /// `hallmark.lock` records, and eddsa-rdfc-2022 alone for a new site.
    pub proofs: Option<Vec<String>>,
}

impl SigningConfig {
    /// The proof profile `proofs` asks for, if it is set and valid.
    pub(crate) fn proof_profile(&self) -> Option<ProofProfile> {
        self.proofs.as_ref().and_then(|names| ProofProfile::from_names(names).ok())
    }
}

/// `[signing] proofs` names suites hallmark signs with.
pub(super) fn check_proofs(
    config: &Config,
    walk: &schema::Walk,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) {
    if walk.usable("signing.proofs") {
        if let Some(problem) =
            config.signing.proofs.as_deref().and_then(|p| crate::model::proofs::config_problem(p, locate))
        {
            problems.push(problem);
        }
    }
}

/// Rewrites `[signing]` in the config file at `path`: `retired_keys`, and `key_file` when given.
/// Everything else in the file, comments included, stays as the editor wrote it.
pub(crate) fn update_signing(
    path: &Path,
    retired_keys: &[String],
    key_file: Option<&Path>,
) -> crate::ground::error::Result<()> {
    use crate::ground::error::Error;
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    let mut doc: toml_edit::DocumentMut =
        text.parse().map_err(|e| Error::Usage(format!("{}: {e}", path.display()).into()))?;
    let signing = doc
        .entry("signing")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_mut()
        .ok_or_else(|| Error::Usage(format!("{}: [signing] is not a table", path.display()).into()))?;
    let mut list = toml_edit::Array::new();
    for k in retired_keys {
        list.push(k.as_str());
    }
    signing["retired_keys"] = toml_edit::value(list);
    if let Some(file) = key_file {
        signing["key_file"] = toml_edit::value(file.to_string_lossy().as_ref());
    }
    crate::ground::fsio::write_atomically(path, doc.to_string().as_bytes())
}
