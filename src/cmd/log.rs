//! `hallmark log init|verify` and `hallmark witness update|key`.

use hallmark::monitor::{verify_log, LogVerifyOptions};
use hallmark::ops::log::{init, witness_vkey, LogInitOptions};
use hallmark::Result;

use crate::cli::{Cli, LogCommand, WitnessCommand};
use crate::messages;

/// `hallmark log …`: the exit status.
pub fn log(cli: &Cli, command: &LogCommand) -> Result<u8> {
    match command {
        LogCommand::Init(args) => {
            let options = LogInitOptions {
                content_dir: super::content_dir(cli.root.as_deref())?,
                key_file: args.key_file.clone(),
            };
            let summary = init(&options)?;
            messages::log::started(&summary);
            Ok(0)
        }
        LogCommand::Verify(args) => {
            let options = LogVerifyOptions {
                site: args.site.clone(),
                state: args.state.clone(),
                since: args.since.clone(),
                full: args.full,
                credentials: args.credentials,
            };
            let report = verify_log(&options)?;
            messages::log::verified(&report, cli.quiet);
            Ok(u8::from(!report.ok()))
        }
    }
}

/// `hallmark witness …`: the exit status.
pub fn witness(cli: &Cli, command: &WitnessCommand) -> Result<u8> {
    let content_dir = super::content_dir(cli.root.as_deref())?;
    match command {
        WitnessCommand::Update => {
            let options = hallmark::monitor::witness::WitnessOptions { content_dir, base_url: None };
            let done = hallmark::monitor::witness::update(&options)?;
            messages::log::witnessed(&done);
            Ok(u8::from(done.iter().any(|w| w.refused.is_some())))
        }
        WitnessCommand::Key => {
            messages::log::witness_key(&witness_vkey(&content_dir)?);
            Ok(0)
        }
    }
}
