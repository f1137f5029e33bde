//! The incremental build cache (`.hallmark/build-cache`, never committed): for every credential, the
//! hashes of what its JSON and its page are made of, and the files it produced. A rebuild re-signs a
//! credential only when its document changed, and re-renders its page only when the page's inputs did.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The cache file's name inside the project's `.hallmark/` directory.
pub const CACHE_FILE: &str = "build-cache";
const VERSION: &str = concat!("hallmark-build-cache 2 ", env!("CARGO_PKG_VERSION"));

/// What one credential was built from and what it produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    /// Hash of everything the signed JSON depends on.
    pub doc_key: String,
    /// Hash of everything the landing page (and calendar file) depend on.
    pub page_key: String,
    /// `(site-relative path, length)` of each file produced.
    pub files: Vec<(String, u64)>,
}

/// The cache of one output directory.
#[derive(Debug, Clone, Default)]
pub struct BuildCache {
    entries: HashMap<String, Cached>,
}

/// Where the cache lives for the site in `content_dir`: beside the development key, outside content.
pub fn cache_path(content_dir: &Path) -> PathBuf {
    crate::signing::dev_key_path(content_dir).with_file_name(CACHE_FILE)
}

/// A short hash of `parts`.
pub fn key(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    crate::ledger::hex(&h.finalize()[..12])
}

impl BuildCache {
    /// The cache for output directory `out`; empty if absent, unreadable, from another version or
    /// for another output directory (then nothing is trusted and everything is rebuilt).
    pub fn load(path: &Path, out: &Path) -> BuildCache {
        let Ok(text) = std::fs::read_to_string(path) else { return BuildCache::default() };
        let mut lines = text.lines();
        let header_ok = lines.next() == Some(VERSION) && lines.next() == Some(&*out.to_string_lossy());
        if !header_ok {
            return BuildCache::default();
        }
        let mut entries = HashMap::new();
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 3 {
                return BuildCache::default();
            }
            let files = f[3..]
                .iter()
                .filter_map(|p| p.rsplit_once(':').and_then(|(rel, len)| Some((rel.to_string(), len.parse().ok()?))))
                .collect();
            entries.insert(f[0].to_string(), Cached { doc_key: f[1].into(), page_key: f[2].into(), files });
        }
        BuildCache { entries }
    }

    /// A cache of records kept in memory (by `serve`).
    pub fn from_entries(entries: Vec<(String, Cached)>) -> BuildCache {
        BuildCache { entries: entries.into_iter().collect() }
    }

    /// What `id` was built from last time.
    pub fn get(&self, id: &str) -> Option<&Cached> {
        self.entries.get(id)
    }

    /// Whether the cache knows nothing (a cold build).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every file the cached build produced.
    pub fn all_files(&self) -> impl Iterator<Item = &str> {
        self.entries.values().flat_map(|c| c.files.iter().map(|(f, _)| f.as_str()))
    }

    /// Writes `entries` as the cache for `out`.
    pub fn save(path: &Path, out: &Path, entries: &[(String, Cached)]) -> Result<()> {
        let mut text = String::with_capacity(entries.len() * 160);
        text.push_str(VERSION);
        text.push('\n');
        text.push_str(&out.to_string_lossy());
        text.push('\n');
        for (id, c) in entries {
            text.push_str(&format!("{id}\t{}\t{}", c.doc_key, c.page_key));
            for (f, len) in &c.files {
                text.push_str(&format!("\t{f}:{len}"));
            }
            text.push('\n');
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
        }
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text).map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::io("replace", path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_is_ignored_for_another_output_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CACHE_FILE);
        let out = dir.path().join("public");
        let c = Cached { doc_key: "d".into(), page_key: "p".into(), files: vec![("c/x/index.html".into(), 12)] };
        BuildCache::save(&path, &out, &[("x".into(), c.clone())]).unwrap();
        assert_eq!(BuildCache::load(&path, &out).get("x"), Some(&c));
        assert!(BuildCache::load(&path, &dir.path().join("elsewhere")).is_empty());
    }

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
    }
}
