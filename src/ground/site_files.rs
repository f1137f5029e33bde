//! A site's files in memory, by site-relative path: what `serve` serves and `check` re-verifies.
//!
//! A hash table of shared paths and bytes (shared between builds rather than copied) whose hash
//! of a path is the same in every map: an in-memory build looks up each unchanged credential's
//! files in the previous build's map, and then puts them into its own with the hash it looked
//! them up by. Hashed again from their text when the map was made, on one core at the end of the
//! build, the paths (each in its own allocation, out of the processor's caches) took 3 % of
//! `serve`'s CPU at 10,000 credentials; 1 % now. A sorted map's look-ups had taken more.

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::hash_table::Entry;

/// A file of a site in memory: its site-relative path and its bytes.
pub(crate) type SiteFile = (Arc<str>, Arc<[u8]>);

/// A site's files by site-relative path.
#[derive(Clone, Default)]
pub struct SiteFiles {
    table: hashbrown::HashTable<SiteFile>,
}

/// The hash of `path` in every [`SiteFiles`]: fixed, so that it holds from one map to the next.
/// The paths are the site's own (from its content), not an attacker's choosing.
pub(crate) fn path_hash(path: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(path)
}

impl SiteFiles {
    /// Room for `n` files.
    pub(crate) fn with_capacity(n: usize) -> SiteFiles {
        SiteFiles { table: hashbrown::HashTable::with_capacity(n) }
    }

    /// Puts `file`, whose path hashes to `hash` ([`path_hash`]), in place of a file of the same path.
    pub(crate) fn insert_hashed(&mut self, hash: u64, file: SiteFile) {
        let at = |f: &SiteFile| path_hash(&f.0);
        match self.table.entry(hash, |f| f.0 == file.0, at) {
            Entry::Occupied(mut there) => *there.get_mut() = file,
            Entry::Vacant(slot) => {
                slot.insert(file);
            }
        }
    }

    /// The file of `path`, whose hash is `hash`: its shared path and its bytes.
    pub(crate) fn get_hashed(&self, hash: u64, path: &str) -> Option<&SiteFile> {
        self.table.find(hash, |f| &*f.0 == path)
    }

    /// The bytes of the file at `path`.
    pub(crate) fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.get_hashed(path_hash(path), path).map(|f| &f.1)
    }

    pub(crate) fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }

    /// Every file, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Arc<str>, &Arc<[u8]>)> + '_ {
        self.table.iter().map(|(p, b)| (p, b))
    }

    /// Every path, in no particular order.
    #[cfg(test)]
    pub(crate) fn keys(&self) -> impl Iterator<Item = &Arc<str>> + '_ {
        self.table.iter().map(|(p, _)| p)
    }
}

impl std::ops::Index<&str> for SiteFiles {
    type Output = Arc<[u8]>;

    fn index(&self, path: &str) -> &Arc<[u8]> {
        self.get(path).unwrap_or_else(|| panic!("the site has no {path}"))
    }
}

/// Of a path given twice, the last file.
impl FromIterator<SiteFile> for SiteFiles {
    fn from_iter<I: IntoIterator<Item = SiteFile>>(files: I) -> SiteFiles {
        let files = files.into_iter();
        let mut map = SiteFiles::with_capacity(files.size_hint().0);
        for f in files {
            map.insert_hashed(path_hash(&f.0), f);
        }
        map
    }
}

impl IntoIterator for SiteFiles {
    type Item = SiteFile;
    type IntoIter = hashbrown::hash_table::IntoIter<SiteFile>;

    fn into_iter(self) -> Self::IntoIter {
        self.table.into_iter()
    }
}

impl std::fmt::Debug for SiteFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter().map(|(p, b)| (p, b.len()))).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> SiteFile {
        (Arc::from(path), Arc::from(bytes))
    }

    #[test]
    fn a_path_holds_its_last_file_and_is_found_by_its_text_or_its_hash() {
        let files: SiteFiles =
            [file("a/index.html", b"1"), file("b.json", b"2"), file("a/index.html", b"3")].into_iter().collect();
        assert_eq!(files.len(), 2);
        assert_eq!(&*files["a/index.html"], b"3");
        assert_eq!(files.get("b.json").map(|b| &**b), Some(&b"2"[..]));
        assert!(!files.contains_key("a") && !files.contains_key("a/index.htm") && files.get("").is_none());
        let (path, bytes) = files.get_hashed(path_hash("b.json"), "b.json").unwrap();
        assert_eq!((&**path, &**bytes), ("b.json", &b"2"[..]));
        let mut again = SiteFiles::with_capacity(1);
        for f in files.clone() {
            again.insert_hashed(path_hash(&f.0), f);
        }
        let mut paths: Vec<&str> = again.keys().map(|p| &**p).collect();
        paths.sort_unstable();
        assert_eq!(paths, ["a/index.html", "b.json"]);
        assert_eq!(SiteFiles::default().len(), 0);
    }
}
