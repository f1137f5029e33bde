//! `hallmark init` and `hallmark reset`.

use hallmark::ops::scaffold::{self, InitOptions, WebhookMode};
use hallmark::Result;

use crate::cli::{Cli, InitArgs, ResetArgs};
use crate::messages;

/// Scaffolds a new site.
pub fn init(args: &InitArgs) -> Result<()> {
    let webhook = args.webhook.then_some(match args.webhook_mode.as_str() {
        "main" => WebhookMode::Main,
        _ => WebhookMode::PullRequest,
    });
    let options =
        InitOptions { dir: args.dir.clone(), name: args.name.clone(), base_url: args.base_url.clone(), webhook };
    let files = scaffold::init(&options)?;
    messages::init_done(&options.dir, &files);
    Ok(())
}

/// Forgets the credentials of a site that was never published (or says what it would remove).
pub fn reset(cli: &Cli, args: &ResetArgs) -> Result<()> {
    let content_dir = super::content_dir(cli.root.as_deref())?;
    let summary = hallmark::ops::reset::reset(&content_dir, args.output.as_deref(), args.yes)?;
    messages::reset_done(&summary);
    Ok(())
}
