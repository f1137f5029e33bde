//! `hallmark verify`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hallmark::date::{now_seconds, Date};
use hallmark::error::{Error, Result};
use hallmark::verify::{input, Resolver, State, Verifier};

use crate::cli::{Cli, VerifyArgs};
use crate::messages;

/// Exit status when every credential verified.
pub const EXIT_VALID: u8 = 0;
/// Exit status when a credential is invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit status when a check could not be performed.
pub const EXIT_UNKNOWN: u8 = 3;

fn resolver(args: &VerifyArgs) -> Result<Resolver> {
    let mut resolver = Resolver::offline();
    if let Some(site) = &args.site {
        let base = match &args.base_url {
            Some(b) => b.clone(),
            None => Resolver::base_url_of_site(site).ok_or_else(|| {
                Error::Usage(format!(
                    "{} has no did.json to read its base URL from\n    help: pass --base-url URL",
                    site.display()
                ))
            })?,
        };
        resolver = resolver.with_site(&base, site);
    }
    // A file inside a built site is checked against that site, so `hallmark verify public/c/<id>/credential.json` just works.
    for target in &args.targets {
        let path = Path::new(target);
        let site = if path.is_dir() && Resolver::base_url_of_site(path).is_some() {
            Some(path.to_path_buf())
        } else {
            Resolver::site_containing(path)
        };
        if let Some(site) = site {
            if let Some(base) = Resolver::base_url_of_site(&site) {
                resolver = resolver.with_site(&base, &site);
            }
        }
    }
    Ok(resolver)
}

/// Also serves each credential file's site from the base URL the credential says it is published
/// under. A site is otherwise found by its own `did.json`; if that document is for someone else, the
/// issuer's DID document would be out of reach ("could not check") instead of found and refused.
fn add_published_locations(mut resolver: Resolver, inputs: &[input::Input]) -> Resolver {
    let mut sites: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    for item in inputs {
        let (Ok(doc), path) = (&item.document, Path::new(&item.source)) else {
            continue;
        };
        if item.source.starts_with("https://") || item.source.starts_with("http://") {
            continue;
        }
        let Some(id) = doc.get("id").and_then(|v| v.as_str()) else {
            continue;
        };
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let site = sites.entry(parent).or_insert_with(|| Resolver::site_containing(path));
        if let Some(base) = site.as_deref().and_then(|site| Resolver::base_url_from_location(site, path, id)) {
            resolver = resolver.with_site(&base, site.as_deref().unwrap_or(path));
        }
    }
    resolver
}

/// Verifies every target and returns the exit status.
pub fn verify(cli: &Cli, args: &VerifyArgs) -> Result<u8> {
    let now = match &cli.today {
        Some(d) => {
            Date::parse_iso(d).ok_or_else(|| Error::Usage(format!("--today {d}: write the date as YYYY-MM-DD")))?.days()
                * 86_400
                + 43_200
        }
        None => now_seconds(),
    };
    let resolver = resolver(args)?;
    let inputs: Vec<input::Input> = args.targets.iter().flat_map(|t| input::read(t, &resolver)).collect();
    let verifier = Verifier::new(add_published_locations(resolver, &inputs), now)?;
    let mut reports = Vec::new();
    let mut unreadable = Vec::new();
    for item in inputs {
        match item.document {
            Ok(doc) => reports.push(verifier.verify(&item.source, &doc)),
            Err(why) => unreadable.push((item.source, why)),
        }
    }
    messages::verify_reports(&reports, &unreadable, args.format, cli.quiet);
    let invalid =
        !unreadable.is_empty() || reports.iter().any(|r| !matches!(r.state, State::Verified | State::Unknown));
    Ok(if invalid {
        EXIT_INVALID
    } else if reports.iter().any(|r| r.state == State::Unknown) {
        EXIT_UNKNOWN
    } else {
        EXIT_VALID
    })
}
