//! `hallmark issue`.

use std::io::Read as _;
use std::path::Path;

use hallmark::ops::issue::{self, IssueOptions, Recipient};
use hallmark::{Error, Result};

use crate::cli::{Cli, IssueArgs};
use crate::messages;

/// Adds the recipients the flags or the JSON Lines give to a roster.
pub fn issue(cli: &Cli, args: &IssueArgs) -> Result<()> {
    let recipients = match args.from_json.as_deref() {
        Some(path) if path == Path::new("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Error::io("read", Path::new("standard input"), e))?;
            issue::parse_json_lines(Path::new("<stdin>"), &text)?
        }
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
            issue::parse_json_lines(path, &text)?
        }
        None => vec![Recipient {
            badge: args.badge.clone(),
            name: args.name.clone().unwrap_or_default(),
            email: args.email.clone().unwrap_or_default(),
            issued: args.issued.clone(),
            expires: args.expires.clone(),
            evidence: args.evidence.clone(),
            extra: Vec::new(),
            origin: None,
        }],
    };
    let opts = IssueOptions {
        content_dir: super::content_dir(cli.root.as_deref())?,
        roster: args.roster.clone(),
        today: super::options::today(cli.today.as_deref())?,
        dry_run: args.dry_run,
        on_wait: messages::waiting,
    };
    let report = issue::issue(&opts, recipients)?;
    messages::issue_done(&report, cli.quiet);
    Ok(())
}
