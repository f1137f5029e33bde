//! `hallmark verify`.

use hallmark::Failure;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hallmark::verify::input::{self, Content};
use hallmark::verify::{Resolver, State, Verifier};
use hallmark::{now_seconds, Date};
use hallmark::{Error, Result};
use serde_json::Value;

use crate::cli::{Cli, VerifyArgs};
use crate::messages;

/// Exit status when every credential verified.
pub const EXIT_VALID: u8 = 0;
/// Exit status when a credential is invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit status when a FILE or URL is not a credential at all (a landing page, the DID document, an
/// Achievement): nothing in it to verify, and the command named the wrong thing.
pub const EXIT_NOT_A_CREDENTIAL: u8 = 2;
/// Exit status when a check could not be performed.
pub const EXIT_UNKNOWN: u8 = 3;

/// What files and URLs are checked against, beyond the sites around the files.
struct Given {
    /// `--site`, checked first; URL targets no site on disk serves are read from the web.
    first: Resolver,
    /// Without `--site`, the built site of the `hallmark.toml` in the current directory (or
    /// `--root`): checked after the site a file is in, so a file of another site keeps its own.
    last: Option<(String, PathBuf)>,
}

impl Given {
    /// Where URL targets are read from: `--site`, the site found, then the web.
    fn for_urls(&self) -> Resolver {
        match &self.last {
            Some((base, dir)) => self.first.clone().with_site(base, dir),
            None => self.first.clone(),
        }
    }
}

/// `--site` (with its `--base-url`), or the built site of the content in the current directory.
fn given_site(cli: &Cli, args: &VerifyArgs, limits: &hallmark::verify::Limits) -> Result<Given> {
    let found = || super::content_dir(cli.root.as_deref()).ok().and_then(|c| hallmark::verify::built_site_of(&c));
    let site = match &args.site {
        Some(site) => Some((site.clone(), true)),
        None => found().map(|s| (s, false)),
    };
    let mut given = Given { first: Resolver::offline().with_max_file(limits.file_bytes), last: None };
    if let Some((site, explicit)) = site {
        let base = match &args.base_url {
            Some(b) => b.clone(),
            None => Resolver::base_url_of_site(&site).ok_or_else(|| {
                Error::Usage(
                    Failure::new(format!("{} has no did.json to read its base URL from", site.display()))
                        .fix("pass --base-url URL"),
                )
            })?,
        };
        match explicit {
            true => given.first = given.first.with_site(&base, &site),
            false => given.last = Some((base, site)),
        }
    }
    for url in args.targets.iter().filter(|t| t.starts_with("https://") || t.starts_with("http://")) {
        if given.for_urls().site_serving(url).is_none() {
            given.first = given.first.with_web(url, limits.file_bytes);
        }
    }
    Ok(given)
}

/// The built sites around the files, each looked up once.
#[derive(Default)]
struct Sites {
    /// Directory of a file → the site it is in, and that site's base URL read from its did.json.
    around: HashMap<PathBuf, Option<(PathBuf, Option<String>)>>,
}

impl Sites {
    fn around(&mut self, file: &Path) -> Option<(PathBuf, Option<String>)> {
        let parent = file.parent().map(Path::to_path_buf).unwrap_or_default();
        self.around
            .entry(parent)
            .or_insert_with(|| {
                let site = Resolver::site_containing(file)?;
                let base = Resolver::base_url_of_site(&site);
                Some((site, base))
            })
            .clone()
    }
}

/// What `item` is checked against: `--site`, then the built site the file is in, served from the
/// base URL in its did.json and from the one its own `id` says it is published under. (The second
/// matters when the site's did.json is for someone else: the issuer's DID document is then found
/// and refused, not out of reach.) A file of one site is never checked against another site found
/// around another FILE; a file outside every built site has only `--site`.
fn resolver_for(given: &Given, sites: &mut Sites, item: &input::Input, doc: &Value) -> Resolver {
    let mut resolver = given.first.clone();
    if let Some(path) = &item.path {
        if let Some((site, base)) = sites.around(path) {
            if let Some(base) = base {
                resolver = resolver.with_site(&base, &site);
            }
            let id = doc.get("id").and_then(Value::as_str);
            if let Some(base) = id.and_then(|id| Resolver::base_url_from_location(&site, path, id)) {
                resolver = resolver.with_site(&base, &site);
            }
        }
    }
    match &given.last {
        Some((base, dir)) => resolver.with_site(base, dir),
        None => resolver,
    }
}

/// Verifies every target and returns the exit status.
pub fn verify(cli: &Cli, args: &VerifyArgs) -> Result<u8> {
    let now = match &cli.today {
        Some(d) => {
            Date::parse_iso(d)
                .ok_or_else(|| Error::Usage(format!("--today {d}: write the date as YYYY-MM-DD").into()))?
                .days()
                * 86_400
                + 43_200
        }
        None => now_seconds(),
    };
    let limits = super::options::verify_limits(&args.limits)?;
    let given = given_site(cli, args, &limits)?;
    let for_urls = given.for_urls();
    let inputs: Vec<input::Input> =
        args.targets.iter().flat_map(|t| input::read_limited(t, &for_urls, &limits)).collect();
    let verifier = Verifier::new(Resolver::offline(), now)?.with_limits(limits);
    let mut sites = Sites::default();
    let mut reports = Vec::new();
    let mut unreadable = Vec::new();
    let mut not_credentials = Vec::new();
    for item in &inputs {
        match &item.content {
            Content::Credential(doc) => {
                let resolver = resolver_for(&given, &mut sites, item, doc);
                reports.push(verifier.verify_with(&resolver, &item.source, doc));
            }
            Content::NotCredential(what) => not_credentials.push((item.source.clone(), what.clone())),
            Content::Unreadable(why) => unreadable.push((item.source.clone(), why.clone())),
            Content::TooLarge(why) => reports.push(verifier.could_not_check(&item.source, why)),
        }
    }
    let words = hallmark::verify::words::Words::new(&args.lang).map_err(|known| {
        Error::Usage(
            Failure::new(format!("hallmark has no words in the language \"{}\"", args.lang))
                .fix(messages::lang_fix(&known)),
        )
    })?;
    messages::verify_reports(&reports, &unreadable, &not_credentials, args.format, cli.quiet, &words);
    let invalid =
        !unreadable.is_empty() || reports.iter().any(|r| !matches!(r.state, State::Verified | State::Unknown));
    Ok(if invalid {
        EXIT_INVALID
    } else if !not_credentials.is_empty() {
        EXIT_NOT_A_CREDENTIAL
    } else if reports.iter().any(|r| r.state == State::Unknown) {
        EXIT_UNKNOWN
    } else {
        EXIT_VALID
    })
}
