//! Key files: read (never from where they would be committed or published), written once with
//! owner-only permissions, and a warning when others can read them.

use crate::ground::error::Failure;
use std::path::{Path, PathBuf};

use super::exposure::{exposed, exposed_error};
use super::KEY_ENV;
use crate::crypto::Key;
use crate::ground::error::{Error, Result};
use crate::model::ledger::LEDGER_FILE;

/// `~/x` is under the home directory; other relative paths are relative to the content directory.
pub(super) fn expand_home(file: &str, content_dir: &Path) -> PathBuf {
    match (file.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => content_dir.join(file),
    }
}

/// A warning when a key file can be read by other users of the machine.
pub(crate) fn permission_warning(path: &Path) -> Option<crate::ground::error::Problem> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Some(
                crate::ground::error::Problem::general_warning(format!(
                    "the key file {} can be read by other users (mode {mode:03o})",
                    path.display()
                ))
                .help(format!("chmod 600 {}", path.display())),
            );
        }
    }
    let _ = path;
    None
}

/// Where a key file was named and what the ledger pins: what an error about the file can advise.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lookup<'a> {
    /// The setting that named the file, in words (`[signing] key_file in hallmark.toml`).
    pub named_by: Option<&'a str>,
    /// Whether `HALLMARK_SIGNING_KEY` could have stood in for the file (it is not set).
    pub env_would_do: bool,
    /// The public key `hallmark.lock` names: a new key would not match it.
    pub pinned: Option<&'a str>,
}

/// Reads a key file, refusing one inside a content directory (it would end up in git) or a built
/// site (it would be published).
pub(crate) fn read_key_file(path: &Path, content_dir: &Path) -> Result<Key> {
    read_named_key_file(path, content_dir, Lookup::default())
}

/// [`read_key_file`], with errors that say where the file was named and how else to supply the key.
pub(crate) fn read_named_key_file(path: &Path, content_dir: &Path, lookup: Lookup<'_>) -> Result<Key> {
    if let Some(e) = exposed(path, Some(content_dir), None) {
        return Err(exposed_error(path, &e));
    }
    let text = std::fs::read_to_string(path).map_err(|e| unreadable(path, &e, lookup))?;
    Key::from_file_text(&text).map_err(|e| Error::Key(format!("{}: {}", path.display(), key_what(e)).into()))
}

/// What a key error says, without the words that introduce every key error (`signing key: `), for
/// an error that quotes it.
pub(crate) fn key_what(e: Error) -> String {
    match e {
        Error::Key(f) => f.what,
        e => e.to_string(),
    }
}

/// A key file that cannot be read: where it was named, and how to supply the key. When the ledger
/// pins a key, the advice is to bring that key here, never to make a new one (it would not match).
fn unreadable(path: &Path, e: &std::io::Error, lookup: Lookup<'_>) -> Error {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_string(),
        _ => e.to_string(),
    };
    let named = lookup.named_by.map(|n| format!(" (named by {n})")).unwrap_or_default();
    let env = if lookup.env_would_do { format!(", and {KEY_ENV} is not set") } else { String::new() };
    let what = format!("cannot read the key file {}{named}: {why}{env}", path.display());
    let supply = format!("or set {KEY_ENV} to the key file's last line (in CI, from a repository secret)");
    let fix = match lookup.pinned {
        Some(key) => format!(
            "this site is signed with the key {key} ({LEDGER_FILE}): put that key's file at {}, {supply}; \
             do not create a new key, it would not match {LEDGER_FILE} (to change keys, run `hallmark rotate-key`). \
             `hallmark check` and `hallmark serve` need no key",
            path.display()
        ),
        None => format!("create the key with `hallmark keygen --output {}`, {supply}", path.display()),
    };
    Error::Key(Failure::new(what).fix(fix))
}

/// Writes a new key file readable only by its owner; never overwrites.
pub(crate) fn write_key_file(path: &Path, key: &Key) -> Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Key(
                Failure::new(format!("{} already exists; hallmark never overwrites a key", path.display()))
                    .fix("choose another {output} path"),
            )
        } else {
            Error::io("create", path, e)
        }
    })?;
    file.write_all(key.to_file_text().as_bytes()).map_err(|e| Error::io("write", path, e))
}
