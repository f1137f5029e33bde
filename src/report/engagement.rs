//! Engagement from access logs, without trackers: what was fetched, by whom it was not a robot.
//!
//! Counted, per credential: landing-page views (`c/<id>/`), credential fetches by verifiers and
//! wallets (`c/<id>/credential.json` from anywhere but its own page), downloads (the same file
//! fetched from its landing page: the page's download buttons), and share clicks through the
//! redirect pages the build writes with `[reports] share_pages` (`c/<id>/share/linkedin/`,
//! `c/<id>/share/wallet/`). Site-wide: status-list fetches and verify-page visits.
//!
//! Left out, by documented rules: requests that are not GET (HEAD is what deploy checks use),
//! answers other than 200 and 304, requests from hallmark itself (its user agent names it), and
//! robots: an empty user agent, or one naming a crawler, a link previewer or a monitor.

use std::collections::HashMap;

use super::facts::Facts;
use super::group::{in_period, key, Table, Thing};
use super::logs::{self, Hit, Reading};
use super::source::Site;
use super::{GroupBy, Report, ReportKind, ReportOptions};
use crate::ground::error::{Error, Failure, Result};

/// The words in a user agent that mark a robot (compared in lowercase).
pub(super) const ROBOT_WORDS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "preview",
    "facebookexternalhit",
    "embedly",
    "whatsapp",
    "monitor",
    "uptime",
    "pingdom",
    "headlesschrome",
    "lighthouse",
];

/// The count columns of the engagement report.
const COLUMNS: [&str; 5] = ["views", "credential fetches", "downloads", "LinkedIn clicks", "wallet clicks"];

/// What a request was, once it counts.
enum Counted<'a> {
    /// A count column of credential `id`.
    Credential(&'a str, usize),
    StatusList,
    VerifyPage,
    Other,
}

/// The engagement report over `options.logs`.
pub(super) fn engagement(facts: &Facts, site: &Site, options: &ReportOptions) -> Result<Report> {
    if options.logs.is_empty() {
        return Err(Error::Usage(Failure::new("the engagement report reads access logs, and none was given").fix(
            "name the logs after --log (Common/Combined Log Format, CloudFront or Cloudflare JSON lines, .gz or not)",
        )));
    }
    let by = if options.by.is_empty() { vec![GroupBy::Badge] } else { options.by.clone() };
    let as_of = options.as_of.unwrap_or(options.today);
    let mut table = Table::new(&COLUMNS);
    let mut reading = Reading::default();
    let mut figures: HashMap<&'static str, u64> = HashMap::new();
    for path in &options.logs {
        logs::read(path, options.log_format, &mut reading, |hit| {
            if hit.day > as_of || !in_period(hit.day, options.from, options.to) {
                *figures.entry("requests outside the period").or_default() += 1;
                return;
            }
            if let Some(reason) = left_out(&hit) {
                *figures.entry(reason).or_default() += 1;
                return;
            }
            match classify(&hit, &site.base_path) {
                Counted::Credential(id, column) => match facts.by_id.get(id) {
                    Some(&i) => {
                        let group = key(&by, Thing { fact: Some(&facts.all[i]), day: Some(hit.day), event: None });
                        table.add(group, column, 1);
                    }
                    None => *figures.entry("requests for credentials the ledger does not hold").or_default() += 1,
                },
                Counted::StatusList => *figures.entry("status-list fetches").or_default() += 1,
                Counted::VerifyPage => *figures.entry("verify-page visits").or_default() += 1,
                Counted::Other => *figures.entry("other requests").or_default() += 1,
            }
        })?;
    }
    let mut report = table.into_report(ReportKind::Engagement, &by);
    report.figures.push(("log lines read".into(), reading.lines));
    report.figures.push(("malformed lines (skipped)".into(), reading.malformed));
    let mut rest: Vec<(String, u64)> = figures.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    rest.sort();
    report.figures.extend(rest);
    if !reading.examples.is_empty() {
        report.notes.push(format!("malformed lines, for example at {}", reading.examples.join(", ")));
    }
    Ok(report)
}

/// Why a request is not counted, if it is not.
fn left_out(hit: &Hit) -> Option<&'static str> {
    if hit.method != "GET" {
        return Some("requests other than GET (HEAD: deploy checks)");
    }
    if hit.status != 200 && hit.status != 304 {
        return Some("requests not answered 200 or 304");
    }
    let agent = hit.agent.to_ascii_lowercase();
    if agent.contains("hallmark/") {
        return Some("hallmark's own checks");
    }
    if agent.is_empty() || agent == "-" || ROBOT_WORDS.iter().any(|w| agent.contains(w)) {
        return Some("robots");
    }
    None
}

/// What `hit` fetched, relative to the site's path `base`.
fn classify<'h>(hit: &'h Hit, base: &str) -> Counted<'h> {
    let path = hit.target.split(['?', '#']).next().unwrap_or_default();
    let Some(rel) = path.strip_prefix(base).or_else(|| path.strip_prefix(base.trim_end_matches('/'))) else {
        return Counted::Other;
    };
    let rel = rel.trim_start_matches('/');
    if rel.starts_with("status/") && rel.ends_with(".json") {
        return Counted::StatusList;
    }
    if rel == "verify/" || rel == "verify" || rel == "verify/index.html" {
        return Counted::VerifyPage;
    }
    let Some(rest) = rel.strip_prefix("c/") else { return Counted::Other };
    let (id, file) = rest.split_once('/').unwrap_or((rest, ""));
    let column = match file {
        "" | "index.html" => 0,
        "credential.json" => {
            let page = format!("{base}c/{id}/");
            let from_page =
                hit.referer.as_deref().is_some_and(|r| r.split(['?', '#']).next().is_some_and(|r| r.ends_with(&page)));
            if from_page {
                2
            } else {
                1
            }
        }
        "share/linkedin/" | "share/linkedin/index.html" => 3,
        "share/wallet/" | "share/wallet/index.html" => 4,
        _ => return Counted::Other,
    };
    Counted::Credential(id, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::date::Date;

    fn hit(target: &str, referer: Option<&str>, agent: &str) -> Hit {
        Hit {
            day: Date::new(2026, 12, 1).unwrap(),
            method: "GET".into(),
            target: target.into(),
            status: 200,
            referer: referer.map(str::to_string),
            agent: agent.into(),
        }
    }

    #[test]
    fn requests_are_told_apart_by_path_and_referer() {
        let ua = "Mozilla/5.0";
        let base = "/creds/";
        let col = |h: &Hit| match classify(h, base) {
            Counted::Credential(id, c) => format!("{id}:{c}"),
            Counted::StatusList => "status".into(),
            Counted::VerifyPage => "verify".into(),
            Counted::Other => "other".into(),
        };
        assert_eq!(col(&hit("/creds/c/abc/", None, ua)), "abc:0");
        assert_eq!(col(&hit("/creds/c/abc/index.html?utm=x", None, ua)), "abc:0");
        assert_eq!(col(&hit("/creds/c/abc/credential.json", None, ua)), "abc:1");
        assert_eq!(col(&hit("/creds/c/abc/credential.json", Some("https://x.org/creds/c/abc/"), ua)), "abc:2");
        assert_eq!(col(&hit("/creds/c/abc/share/linkedin/", None, ua)), "abc:3");
        assert_eq!(col(&hit("/creds/c/abc/share/wallet/", None, ua)), "abc:4");
        assert_eq!(col(&hit("/creds/status/revocation/1.json", None, ua)), "status");
        assert_eq!(col(&hit("/creds/verify/?url=x", None, ua)), "verify");
        assert_eq!(col(&hit("/other/c/abc/", None, ua)), "other");
    }

    #[test]
    fn robots_checks_and_failed_requests_are_left_out() {
        assert_eq!(left_out(&hit("/", None, "Mozilla/5.0 (compatible; Googlebot/2.1)")), Some("robots"));
        assert_eq!(left_out(&hit("/", None, "")), Some("robots"));
        assert_eq!(left_out(&hit("/", None, "hallmark/0.1.0 (notify: link check)")), Some("hallmark's own checks"));
        assert_eq!(left_out(&hit("/", None, "Mozilla/5.0 (iPhone)")), None);
        let head = Hit { method: "HEAD".into(), ..hit("/", None, "Mozilla") };
        assert!(left_out(&head).unwrap().starts_with("requests other than GET"));
        let missing = Hit { status: 404, ..hit("/", None, "Mozilla") };
        assert!(left_out(&missing).is_some());
    }
}
