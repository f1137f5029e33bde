//! `hallmark init`.

use hallmark::ops::scaffold::{self, InitOptions};
use hallmark::Result;

use crate::cli::InitArgs;
use crate::messages;

/// Scaffolds a new site.
pub fn init(args: &InitArgs) -> Result<()> {
    let options = InitOptions { dir: args.dir.clone(), name: args.name.clone(), base_url: args.base_url.clone() };
    let files = scaffold::init(&options)?;
    messages::init_done(&options.dir, &files);
    Ok(())
}
