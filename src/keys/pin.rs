//! The key `hallmark.lock` names: a build with another institution key stops, so a wrong key file
//! cannot silently re-sign every credential and drop the site's key from the DID document.

use super::{KeySource, KEY_ENV};
use crate::crypto::Key;
use crate::ground::error::Failure;
use crate::ground::error::{Error, Problem, Result};
use crate::model::content::Snapshot;
use crate::model::ledger::{Ledger, LEDGER_FILE};

/// Holds the build to the key `hallmark.lock` names: the key the ledger should name after this
/// build, and a warning. A build with an institution key other than the named one stops (a wrong
/// key file or secret would otherwise re-sign every credential and drop the real key from the DID
/// document), unless the named key is listed in `retired_keys`. Development and throwaway keys
/// never change what the ledger names.
pub(crate) fn pinned_key(
    ledger: &Ledger,
    key: &Key,
    source: &KeySource,
    snapshot: &Snapshot,
    locked: bool,
) -> Result<(Option<String>, Option<Problem>)> {
    let named = ledger.signing_key.clone();
    let current = key.public_multibase();
    match source {
        KeySource::Ephemeral | KeySource::Absent(_) => return Ok((named, None)),
        KeySource::Development { .. } => {
            let warning = named.as_ref().map(|k| {
                Problem::general_warning(format!(
                    "{LEDGER_FILE} says this site is signed with the institution key {k}, but this build signs with the development key: its pages will not verify as the institution's"
                ))
                .help(format!("build with the institution key ({} or [signing] key_file) before you publish", KEY_ENV))
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
            .help("run `hallmark build` once without {locked} and commit hallmark.lock");
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
                .help("run `hallmark build` once without {locked} and commit hallmark.lock");
            return Ok((Some(named_key), Some(warning)));
        }
        return Ok((Some(current), None));
    }
    let from = match source {
        KeySource::File(path) => format!("the key file {}", path.display()),
        _ => KEY_ENV.to_string(),
    };
    Err(Error::Key(Failure::new(format!("this site is signed with the key {named_key} ({LEDGER_FILE}), but {from} holds another key, {current}; building would re-sign every credential with it and drop the site's key from did.json")).fix("if this is the wrong key, use the site's key file or secret; to change keys, run `hallmark rotate-key` with the current key (or `hallmark rotate-key --compromised` if it leaked)")))
}
