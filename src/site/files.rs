//! The files a build cache record names (see [`crate::site::cache`]): those in the credential's
//! own directory by name, the others by path. Used by the cache and by the output's sinks.

/// A file a cache record names: one in the credential's own directory (`c/<id>/`) by its name
/// alone, the names every credential has not held at all; or any other site-relative path. Held
/// as whole paths, the two files of each credential were 96 bytes of its record in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FilePath {
    /// One of [`OWN_PATHS`] in the credential's directory.
    Own(&'static str),
    /// Another name in the credential's directory.
    OwnNamed(Box<str>),
    /// A site-relative path elsewhere (the site's own files, a page in another language).
    Site(Box<str>),
}

/// A credential's signed JSON, in its directory (see [`crate::ground::layout::credential_json`]).
pub(crate) const JSON_FILE: &str = crate::ground::layout::JSON_FILE;

/// The files a credential's directory holds, by name (see [`crate::ground::layout`]). A
/// [`FileList`] holds them by their place here.
static OWN_PATHS: [FilePath; 10] = [
    FilePath::Own("index.html"),
    FilePath::Own(JSON_FILE),
    FilePath::Own(crate::ground::layout::LOG_PROOF_FILE),
    FilePath::Own(crate::ground::layout::ICS_FILE),
    FilePath::Own(crate::ground::layout::PDF_FILE),
    FilePath::Own(crate::ground::layout::OB2_ASSERTION_FILE),
    FilePath::Own("badge-ob2.svg"),
    FilePath::Own("badge-ob2.png"),
    FilePath::Own("share/linkedin/index.html"),
    FilePath::Own("share/wallet/index.html"),
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
        match OWN_PATHS.iter().find(|p| p.own_name() == Some(name)) {
            Some(own) => own.clone(),
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

/// No file, in a [`FileList::Own`] slot.
const NONE: u8 = u8::MAX;

/// A cache record's files, `(path, length)`, in the order they were made. Every credential's own
/// few (its page and JSON, most often) are held in the record itself, by their place in
/// [`OWN_PATHS`] and their lengths as 32 bits: as a list of their own they were 64 bytes apart
/// from the record, 61 MiB at a million credentials. Made only by [`FileList::new`], so one list
/// has one form and the derived equality is the lists'.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum FileList {
    /// Up to three of [`OWN_PATHS`], each under 4 GiB; [`NONE`] past the last.
    Own { names: [u8; 3], lens: [u32; 3] },
    /// Any other list (boxed twice, so the record holds one pointer).
    Any(Box<Box<[(FilePath, u64)]>>),
}

impl FileList {
    pub(crate) fn new(files: Vec<(FilePath, u64)>) -> FileList {
        let (mut names, mut lens) = ([NONE; 3], [0u32; 3]);
        for (i, (f, len)) in files.iter().enumerate() {
            let own = matches!(f, FilePath::Own(_)).then(|| OWN_PATHS.iter().position(|p| p == f)).flatten();
            match (own, u32::try_from(*len)) {
                (Some(n), Ok(len)) if i < 3 => (names[i], lens[i]) = (n as u8, len),
                _ => return FileList::Any(Box::new(files.into_boxed_slice())),
            }
        }
        FileList::Own { names, lens }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            FileList::Own { names, .. } => names.iter().take_while(|n| **n != NONE).count(),
            FileList::Any(files) => files.len(),
        }
    }

    /// The `i`th file and its length.
    pub(crate) fn get(&self, i: usize) -> Option<(&FilePath, u64)> {
        match self {
            FileList::Own { names, lens } => {
                names.get(i).filter(|n| **n != NONE).map(|n| (&OWN_PATHS[*n as usize], u64::from(lens[i])))
            }
            FileList::Any(files) => files.get(i).map(|(f, len)| (f, *len)),
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&FilePath, u64)> + '_ {
        (0..self.len()).map_while(|i| self.get(i))
    }

    /// The length the list gives `file`, if it lists it.
    pub(crate) fn length_of(&self, file: &FilePath) -> Option<u64> {
        self.iter().find(|(f, _)| *f == file).map(|(_, len)| len)
    }

    /// Whether the two lists name the same files in the same order (their lengths aside).
    pub(crate) fn same_names(&self, other: &FileList) -> bool {
        match (self, other) {
            (FileList::Own { names: a, .. }, FileList::Own { names: b, .. }) => a == b,
            _ => self.len() == other.len() && self.iter().zip(other.iter()).all(|((f, _), (g, _))| f == g),
        }
    }

    /// Takes the lengths of `other`, a list of the same names ([`FileList::same_names`]), in
    /// place; any other list is taken whole.
    pub(crate) fn set_lengths(&mut self, other: FileList) {
        if !self.same_names(&other) {
            *self = other;
            return;
        }
        match (self, other) {
            (FileList::Own { lens, .. }, FileList::Own { lens: new, .. }) => *lens = new,
            (FileList::Any(files), FileList::Any(new)) => {
                files.iter_mut().zip(new.iter()).for_each(|(old, new)| old.1 = new.1)
            }
            // A length past 4 GiB on one side only.
            (list, other) => *list = other,
        }
    }

    /// The list with `file` (of `len` bytes) added at the end.
    pub(crate) fn with(&self, file: FilePath, len: u64) -> FileList {
        let mut files: Vec<(FilePath, u64)> = self.iter().map(|(f, l)| (f.clone(), l)).collect();
        files.push((file, len));
        FileList::new(files)
    }
}

impl Default for FileList {
    fn default() -> FileList {
        FileList::new(Vec::new())
    }
}

impl FromIterator<(FilePath, u64)> for FileList {
    fn from_iter<I: IntoIterator<Item = (FilePath, u64)>>(files: I) -> FileList {
        FileList::new(files.into_iter().collect())
    }
}

impl std::fmt::Debug for FileList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
