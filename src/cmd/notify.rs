//! `hallmark notify`, `notify resend` and `notify doctor`.

use std::time::Duration;

use hallmark::notify::{self, DoctorOptions, Mode};
use hallmark::Result;

use crate::cli::{Cli, NotifyArgs, NotifyCommand};
use crate::messages;

use super::options::notify_options;

/// Runs the notify command the flags name; the exit status says whether anything needs a look.
pub fn notify(cli: &Cli, args: &NotifyArgs) -> Result<u8> {
    match &args.action {
        Some(NotifyCommand::Doctor(d)) => {
            let options = DoctorOptions {
                content_dir: super::content_dir(cli.root.as_deref())?,
                dns_server: d.dns,
                timeout: Duration::from_secs(3),
            };
            let report = notify::doctor(&options)?;
            Ok(messages::doctor_report(&report))
        }
        Some(NotifyCommand::Resend(r)) => {
            let mode = match (&r.out, r.dry_run) {
                (Some(out), true) => Mode::DryRun(out.clone()),
                _ => Mode::Send,
            };
            let options = notify_options(cli, mode, None, r.site.clone())?;
            let report = notify::resend(&options, &r.id, r.to.as_deref())?;
            Ok(messages::notify_report(&report, &options, cli.quiet))
        }
        None => {
            let a = &args.run;
            let mode = match (&a.out, a.dry_run, a.baseline) {
                (Some(out), true, _) => Mode::DryRun(out.clone()),
                (_, _, true) => Mode::Baseline,
                _ => Mode::Send,
            };
            let options = notify_options(cli, mode, Some(a), a.site.clone())?;
            let report = notify::run(&options)?;
            Ok(messages::notify_report(&report, &options, cli.quiet))
        }
    }
}
