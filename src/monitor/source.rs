//! Where a published log is read from: a built site's directory, or its URL. Every read has a
//! size limit: the log is someone else's, and untrusted.

use std::path::PathBuf;

/// The most one file of a log may hold (a checkpoint, a tile, a bundle, did.json, a status list).
const MAX_FILE: u64 = 16 << 20;

/// A published site.
pub(crate) enum Source {
    Dir(PathBuf),
    /// The site's base URL, with a final `/`.
    Url {
        base: String,
        agent: ureq::Agent,
    },
}

impl Source {
    /// `dir_or_url`: a directory holding a built site, or an `http(s)://` URL of one.
    pub(crate) fn open(dir_or_url: &str) -> Source {
        if dir_or_url.starts_with("http://") || dir_or_url.starts_with("https://") {
            let config = ureq::Agent::config_builder()
                .timeout_global(Some(std::time::Duration::from_secs(30)))
                .http_status_as_error(false)
                .user_agent(concat!("hallmark/", env!("CARGO_PKG_VERSION"), " (log verify)"))
                .build();
            let base = if dir_or_url.ends_with('/') { dir_or_url.to_string() } else { format!("{dir_or_url}/") };
            Source::Url { base, agent: config.into() }
        } else {
            Source::Dir(PathBuf::from(dir_or_url))
        }
    }

    /// The file at site-relative path `rel`.
    pub(crate) fn get(&self, rel: &str) -> Result<Vec<u8>, String> {
        match self {
            Source::Dir(dir) => {
                let path = dir.join(rel);
                let len = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?.len();
                if len > MAX_FILE {
                    return Err(format!("{} is larger than a log's file can be", path.display()));
                }
                std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
            }
            Source::Url { base, agent } => {
                let url = format!("{base}{rel}");
                let mut response = agent.get(&url).call().map_err(|e| format!("{url}: {e}"))?;
                if !response.status().is_success() {
                    return Err(format!("{url} answers {}", response.status()));
                }
                response.body_mut().with_config().limit(MAX_FILE).read_to_vec().map_err(|e| format!("{url}: {e}"))
            }
        }
    }

    /// The text at `rel`.
    pub(crate) fn text(&self, rel: &str) -> Result<String, String> {
        String::from_utf8(self.get(rel)?).map_err(|_| format!("{rel} is not UTF-8 text"))
    }

    /// Every file under `rel_dir` (directories only: a URL cannot be listed).
    pub(crate) fn list(&self, rel_dir: &str) -> Option<Vec<String>> {
        let Source::Dir(dir) = self else { return None };
        let root = dir.join(rel_dir);
        let mut out = Vec::new();
        for e in walkdir::WalkDir::new(&root).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
            out.push(rel);
        }
        out.sort();
        Some(out)
    }
}
