//! Reading files as a git commit recorded them, through the `git` command (for the plan of a change
//! against the branch it goes into).

use std::path::Path;
use std::process::Command;

/// The file at `rel` (relative to `dir`) as commit `rev` recorded it: `Ok(None)` when the commit
/// has no such file, `Err` (git's own words) when git cannot read the commit.
pub(crate) fn show(dir: &Path, rev: &str, rel: &str) -> Result<Option<Vec<u8>>, String> {
    let out = run(dir, &["cat-file", "-e", &format!("{rev}^{{commit}}")])?;
    if !out.status.success() {
        return Err(format!("git cannot find the commit {rev}: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let out = run(dir, &["show", &format!("{rev}:./{rel}")])?;
    Ok(out.status.success().then_some(out.stdout))
}

/// Whether `dir` is inside a git work tree with at least one commit.
pub(crate) fn has_head(dir: &Path) -> bool {
    run(dir, &["rev-parse", "--verify", "--quiet", "HEAD"]).is_ok_and(|o| o.status.success())
}

fn run(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| format!("cannot run git: {e}"))
}
