//! Every message hallmark prints to a person, in one place.

use std::path::{Path, PathBuf};
use std::time::Duration;

use hallmark::ground::error::{plural, Error};
use hallmark::keys::KeySource;
use hallmark::site::Summary;

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

mod layout;

use layout::{columns, pad, spreadsheet_safe};

/// How many warnings a run prints unless asked for all: a roster with thousands of rows dated in
/// the future would otherwise bury everything else.
const WARNINGS_SHOWN: usize = 20;

fn warnings(summary: &Summary, all: bool) {
    let shown = if all { summary.warnings.len() } else { WARNINGS_SHOWN };
    for w in summary.warnings.iter().take(shown) {
        eprintln!("{w}");
    }
    if summary.warnings.len() > shown {
        let more = summary.warnings.len() - shown;
        eprintln!(
            "warning: … and {more} more {} (`hallmark check --all-warnings` lists every one)",
            if more == 1 { "warning" } else { "warnings" }
        );
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
        KeySource::File(_) | KeySource::Environment => {}
    }
    let _ = public_key;
}

/// After `hallmark build`.
pub fn build_summary(summary: &Summary, content_dir: &Path, elapsed: Duration, quiet: bool, all_warnings: bool) {
    warnings(summary, all_warnings);
    key_notice(&summary.key_source, &summary.public_key);
    if quiet {
        return;
    }
    println!(
        "Built {} for {} in {:.2} s: {} new, {} corrected, {} unchanged; {} revoked, {} suspended",
        plural(summary.credentials, "credential"),
        plural(summary.badges, "badge"),
        elapsed.as_secs_f64(),
        summary.new,
        summary.corrected,
        summary.unchanged,
        summary.revoked,
        summary.suspended
    );
    if let Some((signed, rendered)) = summary.work {
        println!("  {signed} signed, {rendered} pages rendered; the rest unchanged since the last build");
    }
    if let Some(c) = summary.signing {
        println!(
            "  signing time per document: eddsa-rdfc-2022 {:.3} ms, eddsa-jcs-2022 {:.3} ms (mean of {}, per thread)",
            c.rdfc_ms, c.jcs_ms, c.documents
        );
    }
    if let Some((out, stats)) = &summary.output {
        println!(
            "  {}: {} written, {} unchanged, {} removed",
            out.display(),
            plural(stats.written, "file"),
            stats.unchanged,
            stats.removed
        );
    }
    if summary.ledger_written {
        println!(
            "  {} updated: commit it with your content",
            content_dir.join(hallmark::model::ledger::LEDGER_FILE).display()
        );
    }
    println!("  signing key: {}", summary.public_key);
}

/// After `hallmark check`.
pub fn check_summary(summary: &Summary, elapsed: Duration, quiet: bool, all_warnings: bool) {
    warnings(summary, all_warnings);
    key_notice(&summary.key_source, &summary.public_key);
    if quiet {
        return;
    }
    let (files, proofs) = summary.checked.unwrap_or_default();
    println!(
        "Checked {} for {} in {:.2} s: content valid, {} re-verified, {} would be written",
        plural(summary.credentials, "credential"),
        plural(summary.badges, "badge"),
        elapsed.as_secs_f64(),
        plural(proofs, "proof"),
        plural(files, "file")
    );
    if summary.new + summary.corrected > 0 {
        println!(
            "  a build would issue {} and re-issue {} corrected (hallmark.lock would change)",
            plural(summary.new, "new credential"),
            summary.corrected
        );
    }
}

/// After `hallmark init`.
pub fn init_done(dir: &Path, files: &[PathBuf]) {
    println!("Created a new site in {}:", dir.display());
    for f in files {
        println!("  {}", f.display());
    }
    println!("\nNext:\n  cd {}\n  hallmark build", dir.display());
}

/// After `hallmark keygen`.
pub fn key_created(path: &Path, public_key: &str) {
    println!("Wrote a new Ed25519 signing key to {} (readable by you only).", path.display());
    println!("Public key: {public_key}");
    println!("\nKeep the file secret and backed up. To sign with it, add to hallmark.toml:");
    println!("  [signing]\n  key_file = \"{}\"", path.display());
    println!("or, in CI, put the key's last line in the HALLMARK_SIGNING_KEY secret.");
}

/// A failed command: the error and its causes.
pub fn error(e: &Error) {
    eprintln!("error: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        eprintln!("    caused by: {s}");
        source = s.source();
    }
}

fn mark(outcome: hallmark::verify::Outcome) -> &'static str {
    use hallmark::verify::Outcome;
    match outcome {
        Outcome::Passed => "✓",
        Outcome::Failed => "✗",
        Outcome::CouldNotCheck => "?",
        Outcome::NotApplicable => "–",
    }
}

/// After `hallmark verify`: every step for one credential; a line each, plus problems, for many.
pub fn verify_reports(
    reports: &[hallmark::verify::Report],
    unreadable: &[(String, String)],
    not_credentials: &[(String, hallmark::verify::input::NotCredential)],
    format: crate::cli::Format,
    quiet: bool,
) {
    use hallmark::verify::{Kind, State};
    if format == crate::cli::Format::Json {
        let unread: Vec<serde_json::Value> =
            unreadable.iter().map(|(s, w)| serde_json::json!({"source": s, "error": w})).collect();
        let others: Vec<serde_json::Value> = not_credentials
            .iter()
            .map(|(s, n)| serde_json::json!({"source": s, "what": n.what, "hint": n.hint}))
            .collect();
        let doc = serde_json::json!({"credentials": reports, "unreadable": unread, "not_credentials": others});
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return;
    }
    for (source, why) in unreadable {
        println!("{source}: UNREADABLE: {why}");
    }
    for (source, n) in not_credentials {
        println!("{source}: NOT A CREDENTIAL: {}", n.what);
        println!("  {}", n.hint);
    }
    let detailed = reports.len() == 1;
    for r in reports {
        if quiet && r.state == State::Verified {
            continue;
        }
        match r.kind {
            Kind::StatusList => println!("{}: {} (a status list credential)", r.source, r.state.label()),
            Kind::Credential => println!("{}: {}", r.source, r.state.label()),
        }
        if detailed || r.state != State::Verified {
            for s in &r.steps {
                if detailed || s.outcome != hallmark::verify::Outcome::Passed {
                    println!("  {} {:<16} {}", mark(s.outcome), s.step, s.detail);
                }
            }
        }
    }
    if reports.len() > 1 && !quiet {
        let mut counts: Vec<(State, usize)> = Vec::new();
        for r in reports {
            match counts.iter_mut().find(|(s, _)| *s == r.state) {
                Some((_, n)) => *n += 1,
                None => counts.push((r.state, 1)),
            }
        }
        counts.sort();
        let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {}", s.label().to_lowercase())).collect();
        println!("{}: {}", plural(reports.len(), "credential"), parts.join(", "));
    }
}

/// After `hallmark rotate-key`.
pub fn key_rotated(summary: &hallmark::ops::rotate::RotateSummary, new_key: &Path, compromised: bool) {
    println!("Wrote the new signing key to {} (readable by you only).", new_key.display());
    println!("  new key:     {}", summary.new_key);
    if compromised {
        println!("  removed key: {} (compromised: no longer in the DID document)", summary.old_key);
        println!(
            "\nThe next build re-signs, with the new key, every credential the leaked key signed (those signed by"
        );
        println!("keys retired earlier keep their proofs). Copies recipients downloaded earlier no longer verify:");
        println!("ask them to download their credential again.");
    } else {
        println!("  retired key: {} (stays in the DID document)", summary.old_key);
        println!("  {} keep their proofs (content/hallmark.proofs)", plural(summary.archived, "credential"));
    }
    if summary.config_points_to_new_key {
        println!("\nhallmark.toml now points [signing] key_file at the new key.");
    } else {
        println!("\nSet HALLMARK_SIGNING_KEY (e.g. the CI secret) to the last line of the new key file.");
    }
    println!("Then build, commit hallmark.toml and hallmark.proofs, and deploy.");
}

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
    /// Roster rows the query matches that are not issued yet.
    pub pending: usize,
}

fn status_notes(report: &StatusReport<'_>) {
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
pub fn status_from_ledger(problems: &hallmark::ground::error::Problems) {
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

/// When `hallmark serve` is listening.
pub fn serving(url: &str, watched: &[PathBuf]) {
    println!("Serving at {url} (Ctrl-C to stop)");
    let dirs: Vec<String> = watched.iter().map(|d| d.display().to_string()).collect();
    println!("  watching {} for changes; pages reload after each build", dirs.join(" and "));
}

/// What `hallmark serve` did after a change.
pub fn serve_event(event: &hallmark::serve::Event<'_>, first: bool, quiet: bool) {
    use hallmark::serve::Event;
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let what = |changed: &[PathBuf]| match changed {
        [] => String::new(),
        [one] => format!(" after {} changed", one.display()),
        many => format!(" after {} files changed", many.len()),
    };
    match event {
        Event::Built { summary, elapsed, changed } => {
            if let (true, hallmark::keys::KeySource::Development { path, .. }) = (first, &summary.key_source) {
                eprintln!(
                    "note: the preview is signed with the development key at {} (a preview never uses the institution's key)",
                    path.display()
                );
            }
            warnings(summary, false);
            if quiet {
                return;
            }
            let (signed, rendered) = summary.work.unwrap_or_default();
            println!(
                "{} in {:.0} ms{}: {}, {} new, {} corrected; {signed} signed, {rendered} pages rendered",
                if first { "Built" } else { "Rebuilt" },
                ms(elapsed),
                what(changed),
                plural(summary.credentials, "credential"),
                summary.new,
                summary.corrected,
            );
        }
        Event::Failed { error: e, elapsed, changed } => {
            eprintln!("Build failed in {:.0} ms{}; still serving the last good site:", ms(elapsed), what(changed));
            error(e);
        }
        Event::WatchError(e) => eprintln!("warning: watching for changes: {e}"),
    }
}

/// Progress of a long build on stderr: a bar redrawn in place on a terminal, a line every tenth
/// of the way otherwise (CI logs). Builds of fewer than [`PROGRESS_FROM`] credentials show none.
pub fn progress(quiet: bool) -> hallmark::site::ProgressFn {
    use hallmark::site::{Progress, ProgressFn};
    use std::io::{IsTerminal, Write};
    if quiet {
        return ProgressFn::default();
    }
    let tty = std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    // (last redraw, last tenth printed, whether a bar is on screen)
    let state = std::sync::Mutex::new((None::<std::time::Instant>, 0usize, false));
    ProgressFn::new(move |p| {
        let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
        let mut err = std::io::stderr().lock();
        match p {
            Progress::Credentials { total, .. } if total < PROGRESS_FROM => {}
            Progress::Credentials { done, total } if tty => {
                if st.0.is_some_and(|t| t.elapsed() < Duration::from_millis(100)) && done < total {
                    return;
                }
                st.0 = Some(std::time::Instant::now());
                if done == total {
                    let _ = write!(err, "\r\x1b[2K");
                    let _ = err.flush();
                    st.2 = false;
                    return;
                }
                st.2 = true;
                let width = 30;
                let filled = done * width / total.max(1);
                let _ = write!(
                    err,
                    "\r\x1b[2K  credentials [{}{}] {:>3}% {done}/{total}  {:.0} s",
                    "#".repeat(filled),
                    "-".repeat(width - filled),
                    done * 100 / total.max(1),
                    start.elapsed().as_secs_f64()
                );
                let _ = err.flush();
            }
            Progress::Credentials { done, total } => {
                let tenth = done * 10 / total.max(1);
                if tenth > st.1 || done == 0 {
                    st.1 = tenth;
                    let _ = writeln!(
                        err,
                        "  credentials: {done}/{total} ({}%), {:.1} s",
                        done * 100 / total.max(1),
                        start.elapsed().as_secs_f64()
                    );
                }
            }
            Progress::Writing => {
                if st.2 {
                    let _ = write!(err, "\r\x1b[2K");
                    st.2 = false;
                }
                if !tty && st.1 > 0 {
                    let _ = writeln!(err, "  writing the output, {:.1} s", start.elapsed().as_secs_f64());
                }
            }
        }
    })
}

/// The smallest build that shows progress.
pub const PROGRESS_FROM: usize = 1000;
