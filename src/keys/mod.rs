//! Where the signing key comes from: a flag, the `HALLMARK_SIGNING_KEY` variable, `[signing] key_file`,
//! or, for local previews only, a development key kept outside the content directory.

use crate::ground::error::Failure;
use std::path::{Path, PathBuf};

mod exposure;
mod files;
mod log;
mod pin;

pub(crate) use exposure::{exposed, exposed_error, SecretScanner};
use files::{key_what, read_named_key_file, Lookup};
pub(crate) use files::{permission_warning, read_key_file, write_key_file};
pub(crate) use log::LOG_KEY_ENV;
pub(crate) use log::{log_key, witness_key};
pub(crate) use pin::pinned_key;

use crate::crypto::Key;
use crate::ground::error::Problem;
use crate::ground::error::{Error, Result};
use crate::model::content::Snapshot;
use crate::render::Theme;
use files::expand_home;

/// The environment variable that can hold the secret key (its multibase text).
pub const KEY_ENV: &str = "HALLMARK_SIGNING_KEY";

/// Where the key was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum KeySource {
    /// A key file named on the command line or in `hallmark.toml`.
    File(PathBuf),
    /// The `HALLMARK_SIGNING_KEY` environment variable.
    Environment,
    /// The local development key; `created` when this run made it.
    Development { path: PathBuf, created: bool },
    /// A throwaway key that lives only for this run (`check` without a key).
    Ephemeral,
    /// A throwaway key, because the key file `[signing] key_file` names is not on this machine
    /// (`check` publishes nothing, so it needs no key).
    Absent(PathBuf),
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
pub(crate) fn dev_key_path(content_dir: &Path) -> PathBuf {
    crate::ground::layout::work_dir(content_dir).join("dev-signing.key")
}

/// Finds the key as `request` says, for the site in `content_dir` whose ledger pins `pinned`.
pub(crate) fn resolve(request: &KeyRequest, content_dir: &Path, pinned: Option<&str>) -> Result<(Key, KeySource)> {
    if let Some(path) = &request.flag_file {
        let lookup = Lookup { named_by: Some("{key-file}"), env_would_do: false, pinned };
        return Ok((read_named_key_file(path, content_dir, lookup)?, KeySource::File(path.clone())));
    }
    if let Some(secret) = &request.env_secret {
        let key = Key::from_secret_multibase(secret)
            .map_err(|e| Error::Key(format!("{KEY_ENV} does not hold a valid key: {}", key_what(e)).into()))?;
        return Ok((key, KeySource::Environment));
    }
    if let Some(file) = &request.config_file {
        let path = expand_home(file, content_dir);
        let missing = matches!(std::fs::metadata(&path), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
        if missing && request.fallback == Fallback::Ephemeral {
            return Ok((Key::generate()?, KeySource::Absent(path)));
        }
        let lookup = Lookup { named_by: Some("[signing] key_file in hallmark.toml"), env_would_do: true, pinned };
        return Ok((read_named_key_file(&path, content_dir, lookup)?, KeySource::File(path)));
    }
    match request.fallback {
        Fallback::Refuse => Err(Error::Key(Failure::new("no signing key configured, and {locked} builds do not use a development key").fix(format!("set {KEY_ENV} (e.g. from a CI secret), pass {{key-file}}, or set [signing] key_file in hallmark.toml")))),
        Fallback::RefuseRotation => Err(Error::Key(Failure::new("there is no institution key to rotate: no signing key is configured (the development key is not one)").fix(format!("pass {{key-file}} with the site's current key, or set {KEY_ENV} or [signing] key_file; a site that never had an institution key needs no rotation: create one with `hallmark keygen` and configure it")))),
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

/// The key a build of this site signs with, as `request` and `[signing] key_file` say, and a warning
/// if its file is readable by others. Stops when a theme or static file would publish a secret key.
pub(crate) fn for_site(
    request: &KeyRequest,
    content_dir: &Path,
    snapshot: &Snapshot,
    theme: &Theme,
    pinned: Option<&str>,
) -> Result<(Key, KeySource, Option<Problem>)> {
    let mut request = request.clone();
    if !request.skip_config {
        request.config_file = request.config_file.or_else(|| snapshot.settings.config.signing.key_file.clone());
    }
    let (key, source) = resolve(&request, content_dir, pinned)?;
    exposure::refuse_published_site_secrets(snapshot, theme, &key)?;
    let warning = match &source {
        KeySource::File(path) => permission_warning(path),
        _ => None,
    };
    Ok((key, source, warning))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::fsio::is_inside;
    use exposure::Exposed;

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
        let (k1, s1) = resolve(&req, &content, None).unwrap();
        let (k2, s2) = resolve(&req, &content, None).unwrap();
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
        assert!(resolve(&req, dir.path(), None).is_err());
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
        let (k, s) = resolve(&req, dir.path(), None).unwrap();
        assert_eq!((k.public_multibase(), s), (key.public_multibase(), KeySource::Environment));
    }

    #[test]
    fn a_configured_key_file_that_is_absent_is_a_throwaway_key_for_a_check_and_an_error_for_a_build() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let gone = dir.path().join("keys/gone.key");
        let config_file = Some(gone.display().to_string());
        let check =
            KeyRequest { config_file: config_file.clone(), fallback: Fallback::Ephemeral, ..KeyRequest::default() };
        let (_, source) = resolve(&check, &content, Some("z6MkPinned")).unwrap();
        assert_eq!(source, KeySource::Absent(gone));
        let build = KeyRequest { config_file, ..KeyRequest::default() };
        let Err(Error::Key(f)) = resolve(&build, &content, Some("z6MkPinned")) else { panic!("a build needs the key") };
        assert!(f.what.contains("gone.key") && f.what.contains(KEY_ENV), "{}", f.what);
        let fix = f.fix.unwrap();
        assert!(fix.contains("z6MkPinned") && !fix.contains("keygen"), "{fix}");
        assert!(!dev_key_path(&content).exists(), "no development key instead");
    }
}
