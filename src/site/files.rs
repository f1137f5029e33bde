//! The files a build cache record names (see [`crate::site::cache`]): those in the credential's
//! own directory by name, the others by path. Used by the cache and by the output's sinks.

/// A file a cache record names: one in the credential's own directory (`c/<id>/`) by its name
/// alone, the names every credential has not held at all; or any other site-relative path. Held
/// as whole paths, the two files of each credential were 96 bytes of its record in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FilePath {
    /// One of [`OWN_NAMES`] in the credential's directory.
    Own(&'static str),
    /// Another name in the credential's directory.
    OwnNamed(Box<str>),
    /// A site-relative path elsewhere (the site's own files, a page in another language).
    Site(Box<str>),
}

/// A credential's signed JSON, in its directory (see [`crate::ground::layout::credential_json`]).
pub(crate) const JSON_FILE: &str = crate::ground::layout::JSON_FILE;

/// The files a credential's directory holds, by name (see [`crate::ground::layout`]).
const OWN_NAMES: [&str; 10] = [
    "index.html",
    JSON_FILE,
    crate::ground::layout::LOG_PROOF_FILE,
    crate::ground::layout::ICS_FILE,
    crate::ground::layout::PDF_FILE,
    crate::ground::layout::OB2_ASSERTION_FILE,
    "badge-ob2.svg",
    "badge-ob2.png",
    "share/linkedin/index.html",
    "share/wallet/index.html",
];

impl FilePath {
    /// The site-relative path `rel` of a file of credential `id` (the site's files: any `id`).
    pub(crate) fn of(rel: &str, id: &str) -> FilePath {
        let own = rel
            .strip_prefix(crate::ground::layout::CREDENTIALS_DIR)
            .and_then(|r| r.strip_prefix('/'))
            .and_then(|r| r.strip_prefix(id))
            .and_then(|r| r.strip_prefix('/'))
            .filter(|_| !id.is_empty());
        match own {
            Some(name) => FilePath::named(name),
            None => FilePath::Site(rel.into()),
        }
    }

    /// The file `name` in the credential's own directory.
    pub(crate) fn named(name: &str) -> FilePath {
        match OWN_NAMES.iter().find(|n| **n == name) {
            Some(n) => FilePath::Own(n),
            None => FilePath::OwnNamed(name.into()),
        }
    }

    /// Its site-relative path, for the credential `id` whose record names it.
    pub(crate) fn full(&self, id: &str) -> std::borrow::Cow<'_, str> {
        match self {
            FilePath::Site(rel) => std::borrow::Cow::Borrowed(rel),
            own => [crate::ground::layout::CREDENTIALS_DIR, "/", id, "/", own.own_name().unwrap_or_default()]
                .concat()
                .into(),
        }
    }

    /// Its name, when it is in the credential's own directory.
    pub(crate) fn own_name(&self) -> Option<&str> {
        match self {
            FilePath::Own(name) => Some(name),
            FilePath::OwnNamed(name) => Some(name),
            FilePath::Site(_) => None,
        }
    }
}
