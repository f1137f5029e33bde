//! What `hallmark notify` tells people: the plan of a dry run, what was sent, and every message
//! that needs a look, by its roster row. Addresses are printed only by a dry run (run by a person);
//! a real run may run in CI, whose logs others can read.

use std::collections::BTreeMap;

use hallmark::notify::{Check, DoctorReport, Finding, Line, Mode, NotifyOptions, Report};
use hallmark::plural;

/// How many recipients a dry run lists.
const PREVIEWS_SHOWN: usize = 5;

fn where_(l: &Line) -> String {
    match &l.row {
        Some(at) => format!("{at}: "),
        None => String::new(),
    }
}

fn list(title: &str, lines: &[Line], help: &str) {
    if lines.is_empty() {
        return;
    }
    eprintln!("{title}");
    for l in lines {
        eprintln!(
            "  {}credential {} ({}): {}",
            where_(l),
            l.id,
            l.event,
            hallmark::word(&l.detail, &super::errors::cli_words)
        );
    }
    if !help.is_empty() {
        eprintln!("    help: {help}");
    }
}

fn counts(lines: impl Iterator<Item = String>) -> String {
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for e in lines {
        *by.entry(e).or_default() += 1;
    }
    by.iter().map(|(e, n)| format!("{e} {n}")).collect::<Vec<_>>().join(", ")
}

/// The report of a run; returns the exit status.
pub fn notify_report(r: &Report, options: &NotifyOptions, quiet: bool) -> u8 {
    match &options.mode {
        Mode::DryRun(out) => {
            println!(
                "Dry run: {} written to {} (nothing sent, nothing recorded)",
                plural(r.previews.len(), "e-mail"),
                out.display()
            );
            if !r.previews.is_empty() {
                println!("  by event: {}", counts(r.previews.iter().map(|p| p.line.kind.name().to_string())));
                println!("  first recipients:");
                for p in r.previews.iter().take(PREVIEWS_SHOWN) {
                    println!("    {} <{}>  {}  \u{201c}{}\u{201d}", p.name, p.address, p.line.event, p.subject);
                }
                if r.previews.len() > PREVIEWS_SHOWN {
                    println!("    … and {} more", r.previews.len() - PREVIEWS_SHOWN);
                }
            }
        }
        Mode::Baseline => println!("Recorded {} as told, without sending (hallmark.sent)", plural(r.skipped, "e-mail")),
        Mode::Send if !quiet => {
            if r.sent.is_empty() && r.is_clean() && r.waiting.is_empty() && r.deferred == 0 {
                println!("Nothing to send: every e-mail due has been sent.");
            } else {
                println!(
                    "Sent {}{}",
                    plural(r.sent.len(), "e-mail"),
                    if r.sent.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " ({})",
                            counts(r.sent.iter().map(|l| l.event.split(['@', '-']).next().unwrap_or("").to_string()))
                        )
                    }
                );
            }
        }
        Mode::Send => {}
    }
    list("Refused for now (retried by a later run):", &r.failed, "");
    list(
        "Refused for good (never retried by itself):",
        &r.permanent,
        "correct the address in the roster, then `hallmark notify resend ID`; or resend to another address with --to",
    );
    list(
        "May have been delivered (no answer was recorded):",
        &r.unconfirmed,
        "check with the recipient or the server's log; `hallmark notify --retry-unconfirmed` sends these again",
    );
    list(
        "Held back: not published yet, so not mailed:",
        &r.held,
        "deploy the site, wait for it to be served, and run `hallmark notify` again",
    );
    list(
        "No address:",
        &r.no_address,
        "a credential whose roster row was deleted can be resent with `hallmark notify resend ID --to ADDRESS`",
    );
    if !quiet {
        list("Waiting before the next try:", &r.waiting, "");
    }
    if r.deferred > 0 {
        eprintln!("note: {} left for the next run (email.batch)", plural(r.deferred, "e-mail"));
    }
    if let Some(e) = &r.stopped {
        super::error(e);
    }
    let recorded = !r.sent.is_empty()
        || !r.failed.is_empty()
        || !r.permanent.is_empty()
        || !r.unconfirmed.is_empty()
        || r.skipped > 0;
    if recorded && !quiet && !matches!(options.mode, Mode::DryRun(_)) {
        println!("Commit {} with the content.", options.content_dir.join(hallmark::notify::SENT_FILE).display());
    }
    exit_status(r)
}

/// 0: nothing needs a look; 2: only links not published yet (a workflow waits and runs again);
/// 1: anything else.
fn exit_status(r: &Report) -> u8 {
    let only_held = !r.held.is_empty()
        && r.failed.is_empty()
        && r.permanent.is_empty()
        && r.unconfirmed.is_empty()
        && r.no_address.is_empty()
        && r.stopped.is_none();
    if r.is_clean() {
        0
    } else if only_held {
        2
    } else {
        1
    }
}

fn mark(c: &Check) -> &'static str {
    match c.finding {
        Finding::Ok => "✓",
        Finding::Weak => "!",
        Finding::Missing => "✗",
        Finding::Unknown => "?",
    }
}

/// `hallmark notify doctor`; returns the exit status.
pub fn doctor_report(r: &DoctorReport) -> u8 {
    println!("Sender domain: {}", r.domain);
    for c in &r.checks {
        println!("  {} {}: {}", mark(c), c.name, c.detail);
        if let Some(fix) = &c.fix {
            println!("      help: {}", hallmark::word(fix, &super::errors::cli_words));
        }
    }
    println!("Every message also carries a Message-ID on {}, Auto-Submitted: auto-generated, and reminders a List-Unsubscribe header.", r.domain);
    u8::from(r.checks.iter().any(|c| c.finding != Finding::Ok))
}
