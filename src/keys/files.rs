//! Key files: read (never from where they would be committed or published), written once with
//! owner-only permissions, and a warning when others can read them.

use crate::ground::error::Failure;
use std::path::{Path, PathBuf};

use super::exposure::{exposed, exposed_error};
use crate::crypto::Key;
use crate::ground::error::{Error, Result};

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

/// Reads a key file, refusing one inside a content directory (it would end up in git) or a built
/// site (it would be published).
pub(crate) fn read_key_file(path: &Path, content_dir: &Path) -> Result<Key> {
    if let Some(e) = exposed(path, Some(content_dir), None) {
        return Err(exposed_error(path, &e));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Key(
            Failure::new(format!("cannot read the key file {}: {e}", path.display()))
                .fix(format!("create one with `hallmark keygen --output {}`", path.display())),
        )
    })?;
    Key::from_file_text(&text).map_err(|e| Error::Key(format!("{}: {e}", path.display()).into()))
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
