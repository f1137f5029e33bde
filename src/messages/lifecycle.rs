//! What `revoke`, `suspend`, `reinstate` and `report expiring` tell people.

use std::path::Path;

use hallmark::plural;

use super::layout::{columns, pad, spreadsheet_safe};

fn verb(action: hallmark::ops::lifecycle::Action) -> (&'static str, &'static str) {
    use hallmark::ops::lifecycle::Action;
    match action {
        Action::Revoke => ("revoke", "Revoked"),
        Action::Suspend => ("suspend", "Suspended"),
        Action::Reinstate => ("reinstate", "Reinstated"),
    }
}

fn record_line(r: &hallmark::ops::lifecycle::Record) -> String {
    format!("  {}  {} {} issued {}", r.id, pad(&r.badge, 24), pad(&r.name, 28), r.issued)
}

/// What a `revoke`, `suspend` or `reinstate` selected.
pub struct StatusReport<'a> {
    pub action: hallmark::ops::lifecycle::Action,
    /// The credentials the command changes.
    pub selected: &'a [&'a hallmark::ops::lifecycle::Record],
    /// Credentials the query matched that stay as they are, and why.
    pub unchanged: &'a [(&'a hallmark::ops::lifecycle::Record, String)],
    /// Stacked badges earned with a selected credential, left as they are (no --with-stacks).
    pub stacks: &'a [&'a hallmark::ops::lifecycle::Record],
    /// Roster rows the query matches that are not issued yet.
    pub pending: usize,
}

fn status_notes(report: &StatusReport<'_>) {
    if !report.stacks.is_empty() {
        let (word, _) = verb(report.action);
        println!("Stacked badges earned with them, left as they are (add --with-stacks to {word} them too):");
        for r in report.stacks {
            println!("{}", record_line(r));
        }
    }
    if !report.unchanged.is_empty() {
        println!("Left as they are:");
        for (r, why) in report.unchanged {
            println!("{}: {why}", record_line(r));
        }
    }
    if report.pending > 0 {
        println!(
            "note: {} the query matches {} not issued yet: run `hallmark build`, then run this again to include them",
            plural(report.pending, "roster row"),
            if report.pending == 1 { "is" } else { "are" }
        );
    }
}

/// `--dry-run`: what would change.
pub fn status_dry_run(report: &StatusReport<'_>) {
    let (word, _) = verb(report.action);
    println!("Would {word} {} (dry run; nothing changed):", plural(report.selected.len(), "credential"));
    for r in report.selected {
        println!("{}", record_line(r));
    }
    status_notes(report);
}

/// After `revoke`, `suspend` or `reinstate`.
pub fn status_changed(report: &StatusReport<'_>, changed: usize, content_dir: &Path) {
    let (_, done) = verb(report.action);
    println!("{done} {} in {}:", plural(changed, "credential"), content_dir.join("revocations.toml").display());
    for r in report.selected {
        println!("{}", record_line(r));
    }
    status_notes(report);
    if changed > 0 {
        println!("\nRun `hallmark build`, review and commit revocations.toml, and deploy: verifiers see it at once.");
    }
}

/// The content has problems, so a status change works from the ledger alone.
pub fn status_from_ledger(problems: &hallmark::Problems) {
    eprintln!(
        "warning: the content has {} (run `hallmark check` to see them); the credentials are read from hallmark.lock, which is enough to change their status",
        plural(problems.error_count(), "problem")
    );
}

/// `hallmark report expiring`.
pub fn expiring_report(rows: &[hallmark::ops::lifecycle::Expiring], format: crate::cli::TableFormat) {
    use crate::cli::TableFormat;
    match format {
        TableFormat::Json => println!("{}", serde_json::to_string_pretty(rows).unwrap_or_default()),
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            let _ = w.write_record(["id", "badge", "name", "email", "expires", "days_left", "page_url"]);
            for r in rows {
                let days = r.days_left.to_string();
                let _ = w.write_record([
                    r.id.as_str(),
                    &r.badge,
                    &spreadsheet_safe(&r.name),
                    &spreadsheet_safe(r.email.as_deref().unwrap_or("")),
                    &r.expires,
                    &days,
                    &r.page_url,
                ]);
            }
            let _ = w.flush();
        }
        TableFormat::Table => {
            if rows.is_empty() {
                println!("No credential expires in that window.");
                return;
            }
            let width = |f: &dyn Fn(&hallmark::ops::lifecycle::Expiring) -> &str, title: &str| {
                rows.iter().map(|r| columns(f(r))).chain([columns(title)]).max().unwrap_or(0)
            };
            let (name_w, email_w, badge_w) = (
                width(&|r| &r.name, "NAME"),
                width(&|r| r.email.as_deref().unwrap_or("-"), "E-MAIL"),
                width(&|r| &r.badge, "BADGE"),
            );
            println!(
                "{:<10} {:>5}  {}  {}  {}  ID",
                "EXPIRES",
                "DAYS",
                pad("NAME", name_w),
                pad("E-MAIL", email_w),
                pad("BADGE", badge_w)
            );
            for r in rows {
                println!(
                    "{:<10} {:>5}  {}  {}  {}  {}",
                    r.expires,
                    r.days_left,
                    pad(&r.name, name_w),
                    pad(r.email.as_deref().unwrap_or("-"), email_w),
                    pad(&r.badge, badge_w),
                    r.id
                );
            }
            println!("{}", plural(rows.len(), "credential"));
        }
    }
}
