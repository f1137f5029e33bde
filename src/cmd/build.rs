//! `hallmark build` and `hallmark check`.

use std::time::Instant;

use hallmark::site;
use hallmark::Result;
use hallmark::KEY_ENV;

use crate::cli::{BuildArgs, CheckArgs, Cli};
use crate::messages;

/// Builds the site to disk.
pub fn build(cli: &Cli, args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    // A CI secret that is missing reaches a build as an empty variable: publishing with a
    // development key instead would be worse than stopping. (`check` signs nothing it publishes.)
    if args.site.key_file.is_none() && std::env::var(KEY_ENV).is_ok_and(|s| s.trim().is_empty()) {
        return Err(hallmark::Error::Key(hallmark::Failure::new(format!("{KEY_ENV} is set but empty")).fix("set it to the last line of the key file (in CI, check that the secret exists and is passed to this step), or unset it")));
    }
    let mut opts = super::build_options(cli, super::Purpose::Build { site: &args.site, output: args.output.clone() })?;
    opts.progress = messages::progress(cli.quiet);
    let summary = site::build(&opts)?;
    messages::build_summary(&summary, &opts.content_dir, start.elapsed(), say(cli, args.site.all_warnings));
    Ok(())
}

/// Checks the site in memory.
pub fn check(cli: &Cli, args: &CheckArgs) -> Result<()> {
    let start = Instant::now();
    let mut opts = super::build_options(cli, super::Purpose::Check { site: &args.site })?;
    opts.progress = messages::progress(cli.quiet);
    if !args.plan {
        let summary = site::check(&opts)?;
        messages::check_summary(&summary, start.elapsed(), say(cli, args.site.all_warnings));
        return Ok(());
    }
    let base = match &args.base {
        Some(rev) => site::Base::Git(rev.clone()),
        None => site::Base::Auto,
    };
    let (summary, plan) = site::check_and_review(&opts, Some(&base))?;
    // Standard output holds the plan alone (a job summary): warnings and notes go to standard error.
    messages::check_summary(
        &summary,
        start.elapsed(),
        messages::Say { quiet: true, ..say(cli, args.site.all_warnings) },
    );
    if let Some(plan) = plan {
        messages::plan_report(&plan, &summary, args.format);
    }
    Ok(())
}

/// How much to say, from the global flags.
pub fn say(cli: &Cli, all_warnings: bool) -> messages::Say {
    messages::Say { quiet: cli.quiet, verbose: cli.verbose, all_warnings }
}
