//! `hallmark keygen` and `hallmark rotate-key`.

use std::path::Path;

use hallmark::ops::keygen::{default_key_path, KeygenOptions};
use hallmark::{Error, Failure, Result};

use crate::cli::{Cli, KeygenArgs};
use crate::messages;

/// Writes a new key file (0600) and prints the public key.
pub fn keygen(cli: &Cli, args: &KeygenArgs) -> Result<()> {
    let path = match &args.output {
        Some(p) => p.clone(),
        None => {
            let home = std::env::var_os("HOME")
                .ok_or_else(|| Error::Usage(Failure::new("HOME is not set").fix("pass --output PATH")))?;
            default_key_path(Path::new(&home))
        }
    };
    let content_dir = super::content_dir(cli.root.as_deref()).ok();
    let public_key = hallmark::ops::keygen::keygen(&KeygenOptions { path: path.clone(), content_dir })?;
    messages::key_created(&path, &public_key);
    Ok(())
}

/// Retires the current key in favour of a new one.
pub fn rotate(cli: &Cli, args: &crate::cli::RotateKeyArgs) -> Result<()> {
    let build = super::build_options(cli, super::Purpose::Rotate { key_file: args.key_file.clone() })?;
    let options = hallmark::ops::rotate::RotateOptions {
        build,
        new_key_file: args.output.clone(),
        compromised: args.compromised,
    };
    let summary = hallmark::ops::rotate::rotate(&options)?;
    messages::key_rotated(&summary, &args.output, args.compromised);
    Ok(())
}
