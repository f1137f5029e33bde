//! Reading a credential's site over HTTP, for a URL given to `hallmark verify` that no site on disk
//! serves: the page or credential itself, and the DID document and status lists on the same host
//! (read with the scheme of the URL given, so an `http://127.0.0.1:PORT/` preview verifies). Nothing
//! else is fetched: every other lookup stays offline.

use std::time::Duration;

/// How long one request may take, all told.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The body at `url` (2xx only), no larger than `max` bytes.
pub(super) fn get(url: &str, max: u64) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("hallmark/", env!("CARGO_PKG_VERSION"), " (verify)"))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| format!("{url} could not be read: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("{url} answers {}", response.status()));
    }
    response.body_mut().with_config().limit(max).read_to_vec().map_err(|e| format!("{url}: {e}"))
}
