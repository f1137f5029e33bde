//! Only live links are mailed: before a message goes out, its landing page and credential must be
//! published, at the site's base URL (HTTP HEAD, a few requests at a time) or in a built site
//! directory whose credential matches the ledger's.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::ground::layout;
use crate::ground::url::BaseUrl;
use crate::model::ledger::Entry;

/// Where to look for the published credentials.
#[derive(Debug, Clone)]
pub enum Published {
    /// The site at its base URL: HEAD requests, at most `concurrency` at a time.
    Web { concurrency: usize, timeout: Duration },
    /// A built site directory (`public/`), matched against the ledger.
    Directory(PathBuf),
}

/// For each entry, `None` when its page and credential are published, or why not.
pub(crate) fn check(published: &Published, base: &BaseUrl, entries: &[&Entry]) -> Vec<Option<String>> {
    match published {
        Published::Directory(dir) => entries.iter().map(|e| in_directory(dir, base, e)).collect(),
        Published::Web { concurrency, timeout } => on_the_web(base, entries, (*concurrency).max(1), *timeout),
    }
}

fn in_directory(dir: &std::path::Path, base: &BaseUrl, e: &Entry) -> Option<String> {
    let page = dir.join(layout::credential_page(e.id())).join("index.html");
    if !page.is_file() {
        return Some(format!("{} is missing", page.display()));
    }
    let path = dir.join(layout::credential_json(e.id()));
    let Ok(bytes) = std::fs::read(&path) else {
        return Some(format!("{} is missing", path.display()));
    };
    let doc: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(d) => d,
        Err(err) => return Some(format!("{} is not JSON: {err}", path.display())),
    };
    let url = base.join(&layout::credential_json(e.id()));
    if doc["id"] != url.as_str() {
        return Some(format!(
            "{} has the id {}, not {url}: the site was built for another base URL",
            path.display(),
            doc["id"]
        ));
    }
    let identities = doc["credentialSubject"]["identifier"].as_array().cloned().unwrap_or_default();
    if !identities.iter().any(|i| i["identityHash"] == *e.identity()) {
        return Some(format!("{} is not the credential the ledger records: build the site again", path.display()));
    }
    None
}

fn on_the_web(base: &BaseUrl, entries: &[&Entry], concurrency: usize, timeout: Duration) -> Vec<Option<String>> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("hallmark/", env!("CARGO_PKG_VERSION"), " (notify: link check)"))
        .build();
    let agent: ureq::Agent = config.into();
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<String>> = vec![None; entries.len()];
    let slots: Vec<std::sync::Mutex<Option<String>>> = (0..entries.len()).map(|_| Default::default()).collect();
    std::thread::scope(|s| {
        for _ in 0..concurrency.min(entries.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(e) = entries.get(i) else { break };
                let urls = [base.join(&layout::credential_page(e.id())), base.join(&layout::credential_json(e.id()))];
                let problem = urls.iter().find_map(|url| head(&agent, url));
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = problem;
                }
            });
        }
    });
    for (r, slot) in results.iter_mut().zip(slots) {
        *r = slot.into_inner().unwrap_or_else(|p| p.into_inner());
    }
    results
}

/// Why `url` is not live, or `None` when it answers 2xx.
fn head(agent: &ureq::Agent, url: &str) -> Option<String> {
    match agent.head(url).call() {
        Ok(r) if r.status().is_success() => None,
        Ok(r) => Some(format!("{url} answers {}", r.status())),
        Err(e) => Some(format!("{url} could not be reached: {e}")),
    }
}
