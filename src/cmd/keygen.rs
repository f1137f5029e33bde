//! `hallmark keygen`.

use hallmark::ground::error::Failure;
use std::path::PathBuf;

use hallmark::crypto::Key;
use hallmark::ground::error::{Error, Result};
use hallmark::keys;

use crate::cli::{Cli, KeygenArgs};
use crate::messages;

/// Writes a new key file (0600) and prints the public key.
pub fn keygen(cli: &Cli, args: &KeygenArgs) -> Result<()> {
    let path = match &args.output {
        Some(p) => p.clone(),
        None => {
            let home = std::env::var_os("HOME")
                .ok_or_else(|| Error::Usage(Failure::new("HOME is not set").fix("pass --output PATH")))?;
            PathBuf::from(home).join(".config/hallmark/signing.key")
        }
    };
    let content = super::content_dir(cli.root.as_deref()).ok();
    // The output directory `hallmark.toml` names is refused even before the first build made it.
    let output = content.as_deref().and_then(|c| {
        hallmark::model::config::load(c, None).ok().map(|settings| c.join(settings.config.site.output_dir))
    });
    if let Some(e) = keys::exposed(&path, content.as_deref(), output.as_deref()) {
        return Err(keys::exposed_error(&path, &e));
    }
    let key = Key::generate()?;
    keys::write_key_file(&path, &key)?;
    messages::key_created(&path, &key.public_multibase());
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
