//! `hallmark preview themes`.

use hallmark::Result;

use crate::cli::{Cli, PreviewThemesArgs};

/// Writes the page of certificate designs and prints where it is.
pub fn themes(cli: &Cli, args: &PreviewThemesArgs) -> Result<()> {
    let content_dir = super::content_dir(cli.root.as_deref())?;
    let today = super::options::today(cli.today.as_deref())?;
    let path = hallmark::site::preview_themes(&content_dir, today, args.out.as_deref())?;
    let shown = std::fs::canonicalize(&path).unwrap_or(path);
    println!("Certificate designs: file://{}", shown.display());
    Ok(())
}
