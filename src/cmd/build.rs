//! `hallmark build` and `hallmark check`.

use std::time::Instant;

use hallmark::ground::error::Result;
use hallmark::keys::{Fallback, KeyRequest, KEY_ENV};
use hallmark::site::{self, BuildOptions};

use crate::cli::{BuildArgs, CheckArgs, Cli, SiteArgs};
use crate::messages;

fn options(cli: &Cli, args: &SiteArgs, fallback: Fallback) -> Result<BuildOptions> {
    Ok(BuildOptions {
        content_dir: super::content_dir(cli.root.as_deref())?,
        base_url: args.base_url.clone(),
        output_dir: None,
        locked: args.locked,
        key: KeyRequest {
            flag_file: args.key_file.clone(),
            env_secret: std::env::var(KEY_ENV).ok().filter(|s| !s.trim().is_empty()),
            config_file: None,
            skip_config: false,
            fallback,
        },
        today: super::today(cli.today.as_deref())?,
        progress: Default::default(),
    })
}

/// Builds the site to disk.
pub fn build(cli: &Cli, args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    // A CI secret that is missing reaches a build as an empty variable: publishing with a
    // development key instead would be worse than stopping. (`check` signs nothing it publishes.)
    if args.site.key_file.is_none() && std::env::var(KEY_ENV).is_ok_and(|s| s.trim().is_empty()) {
        return Err(hallmark::ground::error::Error::Key(hallmark::ground::error::Failure::new(format!("{KEY_ENV} is set but empty")).fix("set it to the last line of the key file (in CI, check that the secret exists and is passed to this step), or unset it")));
    }
    let fallback = if args.site.locked { Fallback::Refuse } else { Fallback::DevelopmentKey };
    let mut opts = options(cli, &args.site, fallback)?;
    opts.output_dir = args.output.clone();
    opts.progress = messages::progress(cli.quiet);
    let summary = site::build(&opts)?;
    messages::build_summary(&summary, &opts.content_dir, start.elapsed(), cli.quiet, args.site.all_warnings);
    Ok(())
}

/// Checks the site in memory.
pub fn check(cli: &Cli, args: &CheckArgs) -> Result<()> {
    let start = Instant::now();
    // A pull request from a fork has no access to the key: check with a throwaway one rather than fail.
    let mut opts = options(cli, &args.site, Fallback::Ephemeral)?;
    opts.progress = messages::progress(cli.quiet);
    let summary = site::check(&opts)?;
    messages::check_summary(&summary, start.elapsed(), cli.quiet, args.site.all_warnings);
    Ok(())
}
