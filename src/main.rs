//! The `hallmark` command: a thin layer over the library.

mod cli;
mod cmd;
mod messages;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Init(args) => cmd::init::init(args),
        Command::Build(args) => cmd::build::build(&cli, args),
        Command::Check(args) => cmd::build::check(&cli, args),
        Command::Keygen(args) => cmd::keygen::keygen(&cli, args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            messages::error(&e);
            std::process::ExitCode::FAILURE
        }
    }
}
