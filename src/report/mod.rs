//! `hallmark report issued|status|delivery|engagement`: what a programme office is asked every term,
//! from what the repository already holds (the ledger, `revocations.toml`, the sent log, the rosters)
//! and from the access logs every host keeps. No tracker on any page: clicks are counted through
//! static redirect pages the build can write (`[reports] share_pages`).

mod engagement;
mod facts;
mod group;
mod html;
mod logs;
mod source;
mod tally;

use std::path::PathBuf;

use serde::Serialize;

use crate::ground::date::Date;
use crate::ground::error::{Error, Failure, Result};

pub use logs::LogFormat;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    /// Issuances (new, corrected, renewed) by when they were issued.
    Issued,
    /// Where every credential stands on a day: active, expired, suspended, revoked, superseded.
    Status,
    /// What `hallmark notify` sent, failed to send, or may have sent.
    Delivery,
    /// Views, credential fetches, downloads and share clicks, from access logs.
    Engagement,
}

impl ReportKind {
    /// The report's name on the command line and in its outputs.
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::Issued => "issued",
            ReportKind::Status => "status",
            ReportKind::Delivery => "delivery",
            ReportKind::Engagement => "engagement",
        }
    }
}

/// What rows are grouped by. Several can be given (`--by program,month`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupBy {
    /// Each credential on its own row (by id).
    Credential,
    Program,
    Badge,
    /// `2026-03`.
    Month,
    /// `2026-Q1`.
    Quarter,
    Year,
    /// The e-mail's event (`delivery`), or the public reason of a revocation (`status`).
    Event,
    Reason,
    /// A roster column that `[reports] columns` names.
    Column(String),
}

impl GroupBy {
    /// Reads `program`, `badge`, `month`, `quarter`, `year`, `event`, `reason` or a configured column.
    pub fn parse(word: &str) -> GroupBy {
        match word {
            "credential" => GroupBy::Credential,
            "program" => GroupBy::Program,
            "badge" => GroupBy::Badge,
            "month" => GroupBy::Month,
            "quarter" => GroupBy::Quarter,
            "year" => GroupBy::Year,
            "event" => GroupBy::Event,
            "reason" => GroupBy::Reason,
            other => GroupBy::Column(other.to_string()),
        }
    }

    /// The heading of the group's column.
    pub fn heading(&self) -> String {
        match self {
            GroupBy::Column(c) => c.clone(),
            other => serde_json::to_value(other).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
        }
    }
}

/// How to make a report.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The directory holding `hallmark.toml`.
    pub content_dir: PathBuf,
    pub kind: ReportKind,
    pub by: Vec<GroupBy>,
    /// Only what happened on or after this day (issue dates; send times; log times).
    pub from: Option<Date>,
    /// Only what happened on or before this day.
    pub to: Option<Date>,
    /// The day the report is as of: later issuances and status changes are left out, and status is
    /// judged on that day. Defaults to `today`.
    pub as_of: Option<Date>,
    /// Read the site as a git commit recorded it (`--at COMMIT`), not as it is on disk.
    pub at: Option<String>,
    /// Access logs, for `engagement`.
    pub logs: Vec<PathBuf>,
    /// The format of the logs; `None` tells each file's format from its first line.
    pub log_format: Option<LogFormat>,
    pub today: Date,
}

/// One row: its group and its counts, in the report's column order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub group: Vec<String>,
    pub counts: Vec<u64>,
}

/// A finished report: a table, with totals and notes on what was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub report: ReportKind,
    /// The day the report is as of.
    pub as_of: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The headings of the group columns.
    pub group_by: Vec<String>,
    /// The headings of the count columns.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    pub totals: Vec<u64>,
    /// Site-wide figures that belong to no group (status-list fetches, verify-page visits), and
    /// what was read (lines, malformed lines, bots left out), as (name, number).
    pub figures: Vec<(String, u64)>,
    /// Plain-words notes: what was left out and why.
    pub notes: Vec<String>,
}

/// The report `options` ask for.
pub fn report(options: &ReportOptions) -> Result<Report> {
    let as_of = options.as_of.unwrap_or(options.today);
    if let (Some(from), Some(to)) = (options.from, options.to) {
        if from > to {
            return Err(Error::Usage(
                Failure::new(format!("the period from {from} to {to} is empty"))
                    .fix("give the earlier day as the start and the later one as the end"),
            ));
        }
    }
    let site = source::read(options)?;
    let facts = facts::Facts::new(&site, as_of, &options.by)?;
    let mut report = match options.kind {
        ReportKind::Issued => tally::issued(&facts, options),
        ReportKind::Status => tally::status(&facts, options, as_of),
        ReportKind::Delivery => tally::delivery(&facts, &site, options)?,
        ReportKind::Engagement => engagement::engagement(&facts, &site, options)?,
    };
    report.as_of = as_of.to_string();
    report.from = options.from.map(|d| d.to_string());
    report.to = options.to.map(|d| d.to_string());
    Ok(report)
}

/// The report as one self-contained HTML page (no external requests), titled with the site's name.
pub fn to_html(report: &Report, site_title: &str) -> String {
    html::page(report, site_title)
}

/// The site's title, for the HTML report's heading.
pub fn site_title(options: &ReportOptions) -> String {
    source::read(options).map(|s| s.title).unwrap_or_default()
}
