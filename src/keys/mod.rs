//! Where the signing key comes from: a flag, the `HALLMARK_SIGNING_KEY` variable, `[signing] key_file`,
//! or, for local previews only, a development key kept outside the content directory.

use std::path::{Path, PathBuf};

use crate::crypto::Key;
use crate::ground::error::{Error, Result};
use crate::ground::fsio::is_inside;

/// The environment variable that can hold the secret key (its multibase text).
pub const KEY_ENV: &str = "HALLMARK_SIGNING_KEY";

/// Where the key was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A key file named on the command line or in `hallmark.toml`.
    File(PathBuf),
    /// The `HALLMARK_SIGNING_KEY` environment variable.
    Environment,
    /// The local development key; `created` when this run made it.
    Development { path: PathBuf, created: bool },
    /// A throwaway key that lives only for this run (`check` without a key).
    Ephemeral,
}

/// What the caller knows about keys before looking.
#[derive(Debug, Clone, Default)]
pub struct KeyRequest {
    /// `--key-file`.
    pub flag_file: Option<PathBuf>,
    /// The value of `HALLMARK_SIGNING_KEY`, if set.
    pub env_secret: Option<String>,
    /// `[signing] key_file`.
    pub config_file: Option<String>,
    /// Ignore `[signing] key_file` (a preview signs with the development key, never the institution's).
    pub skip_config: bool,
    /// What to do when none of the above is given.
    pub fallback: Fallback,
}

/// The last resort when no key is configured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fallback {
    /// Use (and create if needed) the development key.
    #[default]
    DevelopmentKey,
    /// Use a key that exists only in memory (for checks that publish nothing).
    Ephemeral,
    /// Refuse: `--locked` builds must sign with the institution's key.
    Refuse,
    /// Refuse, for `rotate-key`: there is nothing to rotate without an institution key.
    RefuseRotation,
}

/// The development key's path for a site: `<content>/../.hallmark/dev-signing.key`.
pub fn dev_key_path(content_dir: &Path) -> PathBuf {
    crate::ground::layout::work_dir(content_dir).join("dev-signing.key")
}

/// Finds the key as `request` says, for the site in `content_dir`.
pub fn resolve(request: &KeyRequest, content_dir: &Path) -> Result<(Key, KeySource)> {
    if let Some(path) = &request.flag_file {
        return Ok((read_key_file(path, content_dir)?, KeySource::File(path.clone())));
    }
    if let Some(secret) = &request.env_secret {
        let key = Key::from_secret_multibase(secret)
            .map_err(|e| Error::Key(format!("{KEY_ENV} does not hold a valid key: {e}")))?;
        return Ok((key, KeySource::Environment));
    }
    if let Some(file) = &request.config_file {
        let path = expand_home(file, content_dir);
        return Ok((read_key_file(&path, content_dir)?, KeySource::File(path)));
    }
    match request.fallback {
        Fallback::Refuse => Err(Error::Key(format!(
            "no signing key configured, and --locked builds do not use a development key\n    help: set {KEY_ENV} (e.g. from a CI secret), pass --key-file, or set [signing] key_file in hallmark.toml"
        ))),
        Fallback::RefuseRotation => Err(Error::Key(format!(
            "there is no institution key to rotate: no signing key is configured (the development key is not one)\n    help: pass --key-file with the site's current key, or set {KEY_ENV} or [signing] key_file; a site that never had an institution key needs no rotation: create one with `hallmark keygen` and configure it"
        ))),
        Fallback::Ephemeral => Ok((Key::generate()?, KeySource::Ephemeral)),
        Fallback::DevelopmentKey => {
            let path = dev_key_path(content_dir);
            if path.is_file() {
                return Ok((read_key_file(&path, content_dir)?, KeySource::Development { path, created: false }));
            }
            let key = Key::generate()?;
            write_key_file(&path, &key)?;
            if let Some(dir) = path.parent() {
                // Keep the key out of git even where the site has no .gitignore of its own.
                let ignore = dir.join(".gitignore");
                if !ignore.exists() {
                    std::fs::write(&ignore, "*\n").map_err(|e| Error::io("write", &ignore, e))?;
                }
            }
            Ok((key, KeySource::Development { path, created: true }))
        }
    }
}

/// `~/x` is under the home directory; other relative paths are relative to the content directory.
fn expand_home(file: &str, content_dir: &Path) -> PathBuf {
    match (file.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => content_dir.join(file),
    }
}

/// Where a key must never be: a site's content directory (committed to git) or a built site (published).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exposed {
    /// Inside this content directory (it holds `hallmark.toml`).
    Content(PathBuf),
    /// Inside this built site (it holds hallmark's `.nojekyll` marker), or the given output directory.
    Output(PathBuf),
    /// Inside this site's `themes/` directory (committed, and its `static/` files are published).
    Theme(PathBuf),
}

/// Whether a key at `path` would be committed or published: it is inside `content_dir`, its
/// `themes/` or `output_dir` (built yet or not), or below any directory that is a hallmark content
/// directory, built site or site's `themes/`, whichever site it belongs to.
pub fn exposed(path: &Path, content_dir: Option<&Path>, output_dir: Option<&Path>) -> Option<Exposed> {
    if let Some(c) = content_dir {
        if is_inside(path, c) {
            return Some(Exposed::Content(c.to_path_buf()));
        }
        let themes = c.join("..").join("themes");
        if is_inside(path, &themes) {
            return Some(Exposed::Theme(themes));
        }
    }
    if let Some(o) = output_dir.filter(|o| is_inside(path, o)) {
        return Some(Exposed::Output(o.to_path_buf()));
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let resolved = absolute.parent().and_then(|p| p.canonicalize().ok()).unwrap_or_else(|| absolute.clone());
    for dir in resolved.ancestors() {
        if dir.join(crate::model::config::CONFIG_FILE).is_file() {
            return Some(Exposed::Content(dir.to_path_buf()));
        }
        if dir.join(".nojekyll").is_file() {
            return Some(Exposed::Output(dir.to_path_buf()));
        }
        let site_root = dir.parent().filter(|_| dir.file_name().is_some_and(|n| n == "themes"));
        if site_root.is_some_and(|r| r.join("content").join(crate::model::config::CONFIG_FILE).is_file()) {
            return Some(Exposed::Theme(dir.to_path_buf()));
        }
    }
    None
}

/// Refuses to publish a secret key: `files` are (where it is, bytes) of what the build would copy
/// into the site (theme and content static files). A file is refused when it holds the secret of
/// `key`, or is itself a key file (any Ed25519 secret in hallmark's format, e.g. a retired key).
pub fn refuse_published_secrets<'a>(key: &Key, files: impl IntoIterator<Item = (String, &'a [u8])>) -> Result<()> {
    let secret = key.secret_multibase();
    for (place, bytes) in files {
        let holds_secret = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        let is_key_file =
            bytes.len() <= 4096 && std::str::from_utf8(bytes).is_ok_and(|t| Key::from_file_text(t).is_ok());
        if holds_secret || is_key_file {
            return Err(Error::Key(format!(
                "{place} holds a secret signing key, and the build would publish it\n    help: move the key outside the site (e.g. ~/.config/hallmark/signing.key) and delete this copy; if it was ever committed or deployed, rotate the key (hallmark rotate-key --compromised)"
            )));
        }
    }
    Ok(())
}

/// The error for a key file where it would be committed or published.
pub fn exposed_error(path: &Path, exposed: &Exposed) -> Error {
    let (where_, why) = match exposed {
        Exposed::Content(d) => {
            (format!("the content directory {}", d.display()), "committed to git and could be published")
        }
        Exposed::Output(d) => (format!("the output directory {}", d.display()), "published with the site"),
        Exposed::Theme(d) => {
            (format!("the site's themes {}", d.display()), "committed to git and could be published with the theme")
        }
    };
    Error::Key(format!(
        "the key file {} is inside {where_}, where it would be {why}\n    help: keep keys outside every site, e.g. ~/.config/hallmark/signing.key; if this one was ever committed or deployed, rotate it (hallmark rotate-key --compromised)",
        path.display()
    ))
}

/// A warning when a key file can be read by other users of the machine.
pub fn permission_warning(path: &Path) -> Option<crate::ground::error::Problem> {
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
pub fn read_key_file(path: &Path, content_dir: &Path) -> Result<Key> {
    if let Some(e) = exposed(path, Some(content_dir), None) {
        return Err(exposed_error(path, &e));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Key(format!(
            "cannot read the key file {}: {e}\n    help: create one with `hallmark keygen --output {}`",
            path.display(),
            path.display()
        ))
    })?;
    Key::from_file_text(&text).map_err(|e| Error::Key(format!("{}: {e}", path.display())))
}

/// Writes a new key file readable only by its owner; never overwrites.
pub fn write_key_file(path: &Path, key: &Key) -> Result<()> {
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
            Error::Key(format!(
                "{} already exists; hallmark never overwrites a key\n    help: choose another --output path",
                path.display()
            ))
        } else {
            Error::io("create", path, e)
        }
    })?;
    file.write_all(key.to_file_text().as_bytes()).map_err(|e| Error::io("write", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_key_file_inside_the_content_directory() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let inside = content.join("k.key");
        write_key_file(&inside, &Key::from_seed([3; 32])).unwrap();
        let err = read_key_file(&inside, &content).unwrap_err().to_string();
        assert!(err.contains("inside the content directory"), "{err}");
    }

    #[test]
    fn a_key_is_exposed_in_any_site_it_sits_in_whatever_site_is_built() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other/content/static");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(dir.path().join("other/content/hallmark.toml"), "").unwrap();
        let public = dir.path().join("public/c");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(dir.path().join("public/.nojekyll"), "").unwrap();
        let content = dir.path().join("other/content");
        assert_eq!(exposed(&other.join("k.key"), None, None), Some(Exposed::Content(content.canonicalize().unwrap())));
        assert!(matches!(exposed(&public.join("k.key"), None, None), Some(Exposed::Output(_))));
        let fresh = dir.path().join("out");
        assert!(
            matches!(exposed(&fresh.join("k.key"), None, Some(&fresh)), Some(Exposed::Output(_))),
            "an output not built yet"
        );
        assert_eq!(exposed(&dir.path().join("keys/k.key"), None, None), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_gets_a_warning() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        write_key_file(&path, &Key::from_seed([4; 32])).unwrap();
        assert_eq!(permission_warning(&path), None);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(permission_warning(&path).unwrap().message.contains("mode 644"));
    }

    #[test]
    fn development_key_is_created_once_outside_content_with_owner_only_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let req = KeyRequest::default();
        let (k1, s1) = resolve(&req, &content).unwrap();
        let (k2, s2) = resolve(&req, &content).unwrap();
        assert!(matches!(s1, KeySource::Development { created: true, .. }));
        assert!(matches!(s2, KeySource::Development { created: false, .. }));
        assert_eq!(k1.public_multibase(), k2.public_multibase());
        let path = dev_key_path(&content);
        assert!(!is_inside(&path, &content));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn locked_builds_refuse_to_invent_a_key() {
        let dir = tempfile::tempdir().unwrap();
        let req = KeyRequest { fallback: Fallback::Refuse, ..KeyRequest::default() };
        assert!(resolve(&req, dir.path()).is_err());
        assert!(!dev_key_path(dir.path()).exists());
    }

    #[test]
    fn environment_secret_wins_over_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let key = Key::from_seed([5; 32]);
        let req = KeyRequest {
            env_secret: Some(key.secret_multibase()),
            config_file: Some("/nonexistent.key".into()),
            ..KeyRequest::default()
        };
        let (k, s) = resolve(&req, dir.path()).unwrap();
        assert_eq!((k.public_multibase(), s), (key.public_multibase(), KeySource::Environment));
    }
}
