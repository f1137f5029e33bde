//! `hallmark report issued|status|delivery|engagement`.

use hallmark::report::{GroupBy, LogFormat, ReportKind, ReportOptions};
use hallmark::{Date, Error, Failure, Result};

use crate::cli::{Cli, ReportArgs};
use crate::messages;

/// A date flag.
fn day(flag: &str, value: &Option<String>) -> Result<Option<Date>> {
    value
        .as_deref()
        .map(|s| {
            Date::parse_iso(s).ok_or_else(|| Error::Usage(format!("{flag} {s}: write the date as YYYY-MM-DD").into()))
        })
        .transpose()
}

/// Makes and prints one report.
pub fn report(cli: &Cli, args: &ReportArgs, kind: ReportKind) -> Result<()> {
    let log_format = args
        .log_format
        .as_deref()
        .map(|f| {
            LogFormat::parse(f).ok_or_else(|| {
                Error::Usage(
                    Failure::new(format!("--log-format {f}: no such format"))
                        .fix("write combined, cloudfront or cloudflare"),
                )
            })
        })
        .transpose()?;
    let options = ReportOptions {
        content_dir: super::content_dir(cli.root.as_deref())?,
        kind,
        by: args.by.iter().filter(|b| !b.trim().is_empty()).map(|b| GroupBy::parse(b.trim())).collect(),
        from: day("--from", &args.from)?,
        to: day("--to", &args.to)?,
        as_of: day("--as-of", &args.as_of)?,
        at: args.at.clone(),
        logs: args.logs.clone(),
        log_format,
        today: super::options::today(cli.today.as_deref())?,
    };
    let report = hallmark::report::report(&options)?;
    let title = hallmark::report::site_title(&options);
    messages::report(&report, &title, args.format);
    Ok(())
}
