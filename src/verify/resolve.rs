//! Finding what a credential points at (the issuer's DID document, status lists) in a built site on
//! disk: verification stays offline, so a URL is mapped to a local file, except under the origin of
//! a URL the user named that no site on disk serves (read from the web: `web.rs`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::ground::layout::SiteFiles;

/// Maps URLs under a site's base URL to files under its directory, or to a site built in memory.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    /// (base URL without scheme, e.g. `example.github.io/credentials/`, where its files are).
    sites: Vec<(String, Source)>,
    /// The largest file read from a site on disk (`None`: [`super::Limits`]' default): a DID document
    /// or status list in a directory someone handed over is as untrusted as one on the web.
    max_file: Option<u64>,
}

/// Where a site's files are.
#[derive(Debug, Clone)]
enum Source {
    /// A built site on disk.
    Dir(PathBuf),
    /// A site built into memory (`hallmark check`): its files by site-relative path.
    Memory(Arc<SiteFiles>),
    /// A site on the web, read over `scheme` (a URL named on the command line), bodies of at most
    /// `max` bytes.
    Web { scheme: String, max: u64 },
}

/// A base URL as the resolver keys it: no scheme, a final slash.
fn base_of(base_url: &str) -> String {
    let mut base = strip_scheme(base_url).to_string();
    if !base.ends_with('/') {
        base.push('/');
    }
    base
}

fn strip_scheme(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

impl Resolver {
    /// A resolver that knows no site: every lookup is "could not check".
    pub fn offline() -> Resolver {
        Resolver::default()
    }

    /// Reads no file of a site on disk larger than `max` bytes.
    pub fn with_max_file(mut self, max: u64) -> Resolver {
        self.max_file = Some(max);
        self
    }

    /// Serves `base_url` from `dir` (once: a site's many credentials may each name it).
    pub fn with_site(mut self, base_url: &str, dir: &Path) -> Resolver {
        let base = base_of(base_url);
        if !self.sites.iter().any(|(b, s)| *b == base && matches!(s, Source::Dir(d) if d == dir)) {
            self.sites.push((base, Source::Dir(dir.to_path_buf())));
        }
        self
    }

    /// Reads what is under the origin of `url` (`https://host:port/`) from the web, over the scheme
    /// `url` has, in bodies of at most `max` bytes.
    pub fn with_web(mut self, url: &str, max: u64) -> Resolver {
        if let Some(parsed) = url::Url::parse(url).ok().filter(|u| u.has_host()) {
            let origin = &parsed[url::Position::BeforeHost..url::Position::AfterPort];
            let scheme = parsed.scheme().to_string();
            self.sites.push((format!("{origin}/"), Source::Web { scheme, max }));
        }
        self
    }

    /// Serves `base_url` from a site built into memory.
    pub fn with_files(mut self, base_url: &str, files: Arc<SiteFiles>) -> Resolver {
        self.sites.push((base_of(base_url), Source::Memory(files)));
        self
    }

    /// The base URL that `file`, inside the built site `site`, is published under according to its
    /// own `id`: `<site>/c/x/credential.json` with id `https://host/p/c/x/credential.json` gives
    /// `https://host/p/`. `None` when the id does not end with the file's place in the site.
    pub fn base_url_from_location(site: &Path, file: &Path, id: &str) -> Option<String> {
        let rel = file.strip_prefix(site).ok()?;
        let parts: Vec<&str> = rel.components().map(|c| c.as_os_str().to_str()).collect::<Option<_>>()?;
        let base = id.strip_suffix(&format!("/{}", parts.join("/")))?;
        let host = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://"))?;
        (!host.is_empty() && !parts.is_empty()).then(|| format!("{base}/"))
    }

    /// A built site's base URL, read from its own DID document (`did.json` or `.well-known/did.json`).
    pub fn base_url_of_site(dir: &Path) -> Option<String> {
        for rel in ["did.json", ".well-known/did.json"] {
            let Ok(bytes) = read_at_most(&dir.join(rel), super::Limits::default().file_bytes) else {
                continue;
            };
            let doc: Value = serde_json::from_slice(&bytes).ok()?;
            let did = doc.get("id")?.as_str()?;
            return did_web_base(did);
        }
        None
    }

    /// The nearest ancestor of `file` that is a built site (holds a DID document).
    pub fn site_containing(file: &Path) -> Option<PathBuf> {
        let mut dir = file.parent();
        while let Some(d) = dir {
            if d.join("did.json").is_file() || d.join(".well-known/did.json").is_file() {
                return Some(d.to_path_buf());
            }
            dir = d.parent();
        }
        None
    }

    /// The site that serves `url` and the path inside it: the site with the longest base URL that
    /// `url` is under (a project site under `host/creds/` is more specific than a user site at
    /// `host/`), the first given on a tie (so `--site` beats a site found around a file).
    fn locate<'s, 'u>(&'s self, url: &'u str) -> Option<(&'s Source, &'u str)> {
        // The fragment and the query name nothing on disk.
        let bare = strip_scheme(url).split(['#', '?']).next().unwrap_or_default();
        self.sites
            .iter()
            .filter_map(|(base, source)| {
                // The base URL itself may be written without its final slash.
                let rel = bare
                    .strip_prefix(base.as_str())
                    .or_else(|| (base.strip_suffix('/') == Some(bare)).then_some(""))?;
                Some((base.len(), source, rel))
            })
            .min_by_key(|(len, _, _)| std::cmp::Reverse(*len))
            .map(|(_, source, rel)| (source, rel))
    }

    /// The directory of the site that serves `url`, if any (none for a site in memory).
    pub fn site_serving(&self, url: &str) -> Option<&Path> {
        match self.locate(url)?.0 {
            Source::Dir(dir) => Some(dir),
            Source::Memory(_) | Source::Web { .. } => None,
        }
    }

    /// The bytes at `url`, or why they could not be had.
    pub fn fetch(&self, url: &str) -> Result<Vec<u8>, String> {
        let Some((source, rel)) = self.locate(url) else {
            return Err(format!(
                "{url} is not in any site given to the verifier (verification is offline: pass --site DIR)"
            ));
        };
        if let Source::Web { scheme, max } = source {
            return super::web::get(&format!("{scheme}://{}", strip_scheme(url)), *max);
        }
        // A URL ending in `/` (a landing page `…/c/<id>/`, the site's home) is its directory's
        // index.html, as the web server would serve it.
        let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
        // Only plain names below the site: no `..`, and no empty segment, which would make the rest
        // an absolute path (`…/c//etc/passwd`) that `join` takes as is.
        if rel.split('/').any(|s| s == ".." || s == "." || s.is_empty() || s.contains('\\')) {
            return Err(format!("{url} leaves the site"));
        }
        match source {
            Source::Dir(dir) => {
                let mut path = dir.join(&rel);
                if path.is_dir() {
                    // `…/c/<id>` without its slash: the server redirects to the directory's index.html.
                    path.push("index.html");
                }
                let max = self.max_file.unwrap_or(super::Limits::default().file_bytes);
                read_at_most(&path, max).map_err(|e| format!("{url} → {}: {e}", path.display()))
            }
            Source::Memory(files) => {
                let found = files.get(rel.as_str()).or_else(|| files.get(format!("{rel}/index.html").as_str()));
                found.map(|bytes| bytes.to_vec()).ok_or_else(|| format!("{url}: the site has no {rel}"))
            }
            Source::Web { .. } => unreachable!("read from the web above"),
        }
    }

    /// The JSON at `url`.
    pub fn fetch_json(&self, url: &str) -> Result<Value, String> {
        let bytes = self.fetch(url)?;
        serde_json::from_slice(&bytes).map_err(|e| format!("{url} is not JSON: {e}"))
    }

    /// The DID document of `did` (`did:web` only).
    pub fn did_document(&self, did: &str) -> Result<Value, String> {
        let url = did_web_document_url(did).ok_or_else(|| format!("{did} is not a did:web identifier"))?;
        self.fetch_json(&url)
    }
}

/// The file at `path`, unless it is larger than `max` bytes (then nothing past the limit is read).
fn read_at_most(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        let limit = super::limits::bytes(max);
        return Err(std::io::Error::other(format!("larger than the {limit} a verifier reads (--limit file-size)")));
    }
    Ok(bytes)
}

/// `did:web:host%3Aport:a:b` → `https://host:port/a/b/` (the rule is `ground::did_web`'s).
pub(crate) use crate::ground::did_web::base_url as did_web_base;
/// Where `did:web` resolution reads the DID document from (the rule is `ground::did_web`'s).
pub(crate) use crate::ground::did_web::document_url as did_web_document_url;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_web_resolves_to_path_or_well_known() {
        assert_eq!(did_web_document_url("did:web:x.github.io:creds").unwrap(), "https://x.github.io/creds/did.json");
        assert_eq!(
            did_web_document_url("did:web:127.0.0.1%3A8000").unwrap(),
            "https://127.0.0.1:8000/.well-known/did.json"
        );
    }

    #[test]
    fn a_credential_file_tells_the_base_url_of_its_site() {
        let site = Path::new("out/public");
        let file = site.join("c/abc/credential.json");
        let base = |id: &str| Resolver::base_url_from_location(site, &file, id);
        assert_eq!(
            base("https://x.github.io/creds/c/abc/credential.json").as_deref(),
            Some("https://x.github.io/creds/")
        );
        assert_eq!(base("https://x.org/c/abc/credential.json").as_deref(), Some("https://x.org/"));
        assert_eq!(base("https://x.org/c/other/credential.json"), None);
        assert_eq!(base("urn:uuid:1234/c/abc/credential.json"), None);
        assert_eq!(base("https:///c/abc/credential.json"), None);
        assert_eq!(Resolver::base_url_from_location(site, Path::new("elsewhere/c.json"), "https://x.org/c.json"), None);
        let twice = Resolver::offline().with_site("https://x.org/", site).with_site("https://x.org", site);
        assert_eq!(twice.sites.len(), 1);
    }

    #[test]
    fn fetch_maps_urls_into_the_site_and_refuses_to_leave_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("status")).unwrap();
        std::fs::write(dir.path().join("status/1.json"), "{}").unwrap();
        let r = Resolver::offline().with_site("https://x.org/c/", dir.path());
        assert_eq!(r.fetch("http://x.org/c/status/1.json#5").unwrap(), b"{}");
        assert!(r.fetch("https://x.org/c/../secret").is_err());
        for escape in [
            "https://x.org/c//etc/passwd",
            "https://x.org/c/status//1.json",
            "https://x.org/c/./x",
            "https://x.org/c//",
            "https://x.org/c/status/../../x/",
        ] {
            assert!(r.fetch(escape).unwrap_err().contains("leaves the site"), "{escape}");
        }
        assert!(r.fetch("https://other.org/c/status/1.json").unwrap_err().contains("--site"));
        assert!(r.fetch("https://x.org/cc/status/1.json").unwrap_err().contains("--site"));
    }

    #[test]
    fn a_file_of_a_site_on_disk_past_the_limit_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("status")).unwrap();
        std::fs::write(dir.path().join("status/1.json"), vec![b' '; 2048]).unwrap();
        std::fs::write(dir.path().join("did.json"), format!("{{\"id\": \"did:web:x.org:c\"}}{}", " ".repeat(3000)))
            .unwrap();
        let r = Resolver::offline().with_site("https://x.org/c/", dir.path());
        assert_eq!(r.fetch("https://x.org/c/status/1.json").unwrap().len(), 2048);
        let small = r.clone().with_max_file(2047);
        let err = small.fetch("https://x.org/c/status/1.json").unwrap_err();
        assert!(err.contains("larger than the") && err.contains("--limit file-size"), "{err}");
        assert_eq!(small.clone().with_max_file(2048).fetch("https://x.org/c/status/1.json").unwrap().len(), 2048);
        assert!(small.fetch("https://x.org/c/did.json").is_err());
        assert_eq!(Resolver::base_url_of_site(dir.path()).as_deref(), Some("https://x.org/c/"));
    }

    #[test]
    fn a_url_ending_in_a_slash_is_its_directorys_index_page() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("c/abc")).unwrap();
        std::fs::write(dir.path().join("index.html"), "home").unwrap();
        std::fs::write(dir.path().join("c/abc/index.html"), "landing").unwrap();
        let r = Resolver::offline().with_site("https://x.github.io/creds/", dir.path());
        for (url, page) in [
            ("https://x.github.io/creds/c/abc/", "landing"),
            ("https://x.github.io/creds/c/abc", "landing"),
            ("https://x.github.io/creds/c/abc/?utm=1#top", "landing"),
            ("https://x.github.io/creds/", "home"),
            ("https://x.github.io/creds", "home"),
        ] {
            assert_eq!(r.fetch(url).map(String::from_utf8), Ok(Ok(page.to_string())), "{url}");
        }
        assert!(r.fetch("https://x.github.io/credsx").unwrap_err().contains("--site"));
    }

    #[test]
    fn the_most_specific_site_serves_a_url() {
        let (user, project) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        std::fs::write(user.path().join("did.json"), "user").unwrap();
        std::fs::write(project.path().join("did.json"), "project").unwrap();
        for r in [
            Resolver::offline()
                .with_site("https://x.github.io/", user.path())
                .with_site("https://x.github.io/creds/", project.path()),
            Resolver::offline()
                .with_site("https://x.github.io/creds/", project.path())
                .with_site("https://x.github.io/", user.path()),
        ] {
            assert_eq!(r.fetch("https://x.github.io/creds/did.json").unwrap(), b"project");
            assert_eq!(r.fetch("https://x.github.io/did.json").unwrap(), b"user");
            assert_eq!(r.site_serving("https://x.github.io/creds/c/x/credential.json"), Some(project.path()));
        }
        // Two sites at one base URL: the first given serves it.
        let r = Resolver::offline()
            .with_site("https://x.github.io/", project.path())
            .with_site("https://x.github.io/", user.path());
        assert_eq!(r.fetch("https://x.github.io/did.json").unwrap(), b"project");
    }
}
