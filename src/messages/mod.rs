//! Every message hallmark prints to a person, in one place.

use hallmark::site::Summary;
use hallmark::KeySource;

use errors::cli_words;

/// Standard output, for people and for pipes: when the reader goes away (`hallmark verify … | head`)
/// hallmark stops quietly, as other command-line tools do, instead of panicking.
macro_rules! println {
    ($($arg:tt)*) => {
        $crate::messages::write_out(format_args!($($arg)*))
    };
}

/// Writes one line to standard output; exits with the status of a broken pipe when nobody reads it.
pub fn write_out(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(line).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
    }
}

mod build;
mod errors;
mod issue;
mod layout;
mod lifecycle;
pub mod log;
mod notify;
mod plan;
mod report;
mod verify;

pub use build::*;
pub use errors::error;
pub use issue::{issue_done, waiting};
pub use lifecycle::*;
pub use notify::{doctor_report, notify_report};
pub use plan::plan_report;
pub use report::report;
pub use verify::{lang_fix, verify_reports};

/// How many warnings a run prints unless asked for all: a roster with thousands of rows dated in
/// the future would otherwise bury everything else.
const WARNINGS_SHOWN: usize = 20;

fn warnings(summary: &Summary, all: bool) {
    let shown = if all { summary.warnings.len() } else { WARNINGS_SHOWN };
    for w in summary.warnings.iter().take(shown) {
        eprintln!("{}", w.worded(&cli_words));
    }
    if summary.warnings.len() > shown {
        let more = summary.warnings.len() - shown;
        eprintln!(
            "warning: … and {more} more {} (`hallmark check --all-warnings` lists every one)",
            if more == 1 { "warning" } else { "warnings" }
        );
    }
}

/// Where a key came from, in words.
fn describe_key_source(source: &KeySource) -> String {
    match source {
        KeySource::File(path) => format!("the key file {}", path.display()),
        KeySource::Environment => "the environment".into(),
        KeySource::Development { path, .. } => {
            format!("a DEVELOPMENT key at {} (for local builds only)", path.display())
        }
        KeySource::Ephemeral => "a throwaway key".into(),
        KeySource::Absent(path) => format!("a throwaway key (the key file {} is not on this machine)", path.display()),
    }
}

fn key_notice(source: &KeySource, public_key: &str) {
    match source {
        KeySource::Development { path, created } => {
            let verb = if *created { "created" } else { "using" };
            eprintln!("warning: {verb} a DEVELOPMENT signing key at {}", path.display());
            eprintln!("    credentials signed with it are for local previews only, not for publishing.");
            eprintln!("    help: create the institution's key with `hallmark keygen` and set [signing] key_file or HALLMARK_SIGNING_KEY");
        }
        KeySource::Ephemeral => {
            eprintln!("note: no signing key configured; signed with a throwaway key to check that signing works");
        }
        KeySource::Absent(path) => {
            eprintln!(
                "note: the key file {} is not on this machine; signed with a throwaway key to check that signing works (a check publishes nothing, so it needs no key)",
                path.display()
            );
        }
        KeySource::File(_) | KeySource::Environment => {}
    }
    let _ = public_key;
}
