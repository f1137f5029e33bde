//! What `build`, `check`, `init`, `keygen`, `rotate-key` and `serve` tell people.

use std::path::{Path, PathBuf};
use std::time::Duration;

use hallmark::plural;
use hallmark::site::Summary;

use super::{error, key_notice, warnings};

/// How much a command says: `--quiet`, the default or `--verbose`, and whether every warning.
#[derive(Debug, Clone, Copy, Default)]
pub struct Say {
    pub quiet: bool,
    pub verbose: bool,
    pub all_warnings: bool,
}

/// After `hallmark build`: a short summary; signing times, the key and the proofs when verbose.
pub fn build_summary(summary: &Summary, content_dir: &Path, elapsed: Duration, say: Say) {
    warnings(summary, say.all_warnings);
    recovery_notice(summary);
    key_notice(&summary.key_source, &summary.public_key);
    if say.quiet {
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
        let kept = match (signed, rendered) {
            (0, 0) if summary.untouched => {
                ": nothing changed since the last build (its fingerprint holds: nothing else read)"
            }
            (0, 0) => ": all unchanged since the last build",
            (s, _) if s < summary.credentials => "; the rest unchanged since the last build",
            _ => "",
        };
        println!("  {}{kept}", work_done(signed, rendered));
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
    match (summary.ledger_written, summary.ledger_shards) {
        (true, Some(shards)) => {
            if shards.split_now {
                println!(
                    "  {} now holds more credentials than one file should: its entries are in {} ({}), \
                     and it keeps their index",
                    hallmark::LEDGER_FILE,
                    content_dir.join(hallmark::LEDGER_SHARD_DIR).display(),
                    plural(shards.files, "file"),
                );
            }
            println!(
                "  {} and {}/ updated: commit both with your content",
                content_dir.join(hallmark::LEDGER_FILE).display(),
                content_dir.join(hallmark::LEDGER_SHARD_DIR).display()
            );
        }
        (true, None) => {
            println!("  {} updated: commit it with your content", content_dir.join(hallmark::LEDGER_FILE).display());
        }
        (false, _) => {}
    }
    if say.verbose {
        signing_details(summary);
    }
}

/// Credentials signed and pages rendered, in words.
fn work_done(signed: usize, rendered: usize) -> String {
    format!("{} signed, {} rendered", plural(signed, "credential"), plural(rendered, "page"))
}

/// `--verbose`: the mean signing time, of what it is the mean, the key and the proofs.
fn signing_details(summary: &Summary) {
    if let Some(c) = summary.signing {
        let jcs = c.jcs_ms.map(|ms| format!(", eddsa-jcs-2022 {ms:.3} ms")).unwrap_or_default();
        // Status lists are signed with the credentials: say what the mean is of.
        let credentials = summary.work.map_or(0, |(signed, _)| signed).min(c.documents as usize);
        let lists = c.documents as usize - credentials;
        let of = match (credentials, lists) {
            (0, l) => plural(l, "status list"),
            (n, 0) => plural(n, "credential"),
            (n, l) => format!("{} and {}", plural(n, "credential"), plural(l, "status list")),
        };
        println!("  signing time per document: eddsa-rdfc-2022 {:.3} ms{jcs} (mean of {of}, per thread)", c.rdfc_ms);
    }
    println!("  signing key: {}", summary.public_key);
    println!("  proofs: {}", summary.proofs);
}

/// After `hallmark check`.
pub fn check_summary(summary: &Summary, elapsed: Duration, say: Say) {
    warnings(summary, say.all_warnings);
    key_notice(&summary.key_source, &summary.public_key);
    if say.quiet {
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
    if say.verbose {
        signing_details(summary);
    }
}

/// After `hallmark init`.
pub fn init_done(dir: &Path, files: &[PathBuf]) {
    println!("Created a new site in {}:", dir.display());
    for f in files {
        println!("  {}", f.display());
    }
    println!("\nNext:\n  cd {}\n  hallmark build", dir.display());
    println!(
        "\nOn GitHub, .github/workflows/credentials.yml checks pull requests and deploys to Pages: its header lists the one-time settings."
    );
}

/// After `hallmark reset`, with or without `--yes`.
pub fn reset_done(summary: &hallmark::ops::reset::ResetSummary) {
    if summary.paths.is_empty() {
        println!("Nothing to reset: this site has issued no credential yet.");
        return;
    }
    let verb = if summary.done { "Removed" } else { "hallmark reset --yes would remove" };
    println!("{verb} (forgetting {}):", plural(summary.credentials, "issued credential"));
    for path in &summary.paths {
        println!("  {}", path.display());
    }
    if summary.done {
        println!("\nThe next build issues the rosters' credentials afresh, with new ids.");
    } else {
        println!("\nOnly for a site that was never published: a published credential is revoked instead.");
    }
}

/// After `hallmark keygen`.
pub fn key_created(path: &Path, public_key: &str) {
    println!("Wrote a new Ed25519 signing key to {} (readable by you only).", path.display());
    println!("Public key: {public_key}");
    println!("\nKeep the file secret and backed up. To sign with it, add to hallmark.toml:");
    println!("  [signing]\n  key_file = \"{}\"", path.display());
    println!("or, in CI, put the key's last line in the HALLMARK_SIGNING_KEY secret.");
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

/// When `hallmark serve` is listening.
pub fn serving(url: &str, watched: &[PathBuf]) {
    println!("Serving at {url} (Ctrl-C to stop)");
    let dirs: Vec<String> = watched.iter().map(|d| d.display().to_string()).collect();
    println!("  watching {} for changes; pages reload after each build", dirs.join(" and "));
}

/// What `hallmark serve` did after a change.
pub fn serve_event(event: &hallmark::serve::Event<'_>, first: bool, say: Say) {
    use hallmark::serve::Event;
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let what = |changed: &[PathBuf]| match changed {
        [] => String::new(),
        [one] => format!(" after {} changed", one.display()),
        many => format!(" after {} files changed", many.len()),
    };
    match event {
        Event::Built { summary, elapsed, changed } => {
            if let (true, hallmark::KeySource::Development { path, .. }) = (first, &summary.key_source) {
                eprintln!(
                    "note: the preview is signed with the development key at {} (a preview never uses the institution's key)",
                    path.display()
                );
            }
            warnings(summary, false);
            if say.quiet {
                return;
            }
            let (signed, rendered) = summary.work.unwrap_or_default();
            println!(
                "{} in {:.0} ms{}: {}, {} new, {} corrected; {}",
                if first { "Built" } else { "Rebuilt" },
                ms(elapsed),
                what(changed),
                plural(summary.credentials, "credential"),
                summary.new,
                summary.corrected,
                work_done(signed, rendered),
            );
            if say.verbose {
                signing_details(summary);
            }
        }
        Event::Failed { error: e, elapsed, changed } => {
            eprintln!("Build failed in {:.0} ms{}; still serving the last good site:", ms(elapsed), what(changed));
            error(e);
        }
        Event::WatchError(e) => eprintln!("warning: watching for changes: {e}"),
    }
}

/// What the build did about an earlier build that was interrupted (killed, or the machine stopped).
fn recovery_notice(summary: &Summary) {
    let who = summary.interrupted.as_deref().map(|w| format!(" ({w})")).unwrap_or_default();
    match summary.recovery {
        Some(hallmark::site::Recovery::Finished { files }) => eprintln!(
            "note: an earlier build{who} was interrupted after it had written the ledger: its {} \
             published now, and this build went on from there",
            if files == 1 { "1 staged file was".to_string() } else { format!("{files} staged files were") }
        ),
        Some(hallmark::site::Recovery::RolledBack) => eprintln!(
            "note: an earlier build{who} was interrupted before it had written the ledger: what it had \
             staged was thrown away (nothing of it had been published), and this build started afresh"
        ),
        None => {}
    }
}

/// Progress of a long build on stderr: indicatif's bar, redrawn in place, on a terminal; a line every
/// tenth of the way otherwise (CI logs). Builds of fewer than [`PROGRESS_FROM`] credentials show none.
pub fn progress(quiet: bool) -> hallmark::site::ProgressFn {
    use hallmark::site::{Progress, ProgressFn};
    use indicatif::{ProgressBar, ProgressStyle};
    use std::io::{IsTerminal, Write};
    if quiet {
        return ProgressFn::default();
    }
    let tty = std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    // (the bar while it is on screen, the last tenth printed)
    let state = std::sync::Mutex::new((None::<ProgressBar>, 0usize));
    let style = ProgressStyle::with_template("  credentials [{bar:30}] {percent:>3}% {pos}/{len}  {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("#-");
    ProgressFn::new(move |p| {
        let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
        match p {
            Progress::Credentials { total, .. } if total < PROGRESS_FROM => {}
            Progress::Credentials { done, total } if tty => {
                let bar = st.0.get_or_insert_with(|| ProgressBar::new(total as u64).with_style(style.clone()));
                bar.set_position(done as u64);
                if done == total {
                    bar.finish_and_clear();
                    st.0 = None;
                }
            }
            Progress::Credentials { done, total } => {
                let tenth = done * 10 / total.max(1);
                if tenth > st.1 || done == 0 {
                    st.1 = tenth;
                    let _ = writeln!(
                        std::io::stderr(),
                        "  credentials: {done}/{total} ({}%), {:.1} s",
                        done * 100 / total.max(1),
                        start.elapsed().as_secs_f64()
                    );
                }
            }
            Progress::WaitingForLock { holder } => {
                let say = || eprintln!("  waiting for {holder} to finish with this site");
                match &st.0 {
                    Some(bar) => bar.suspend(say),
                    None => say(),
                }
            }
            Progress::Writing => {
                if let Some(bar) = st.0.take() {
                    bar.finish_and_clear();
                }
                if !tty && st.1 > 0 {
                    eprintln!("  writing the output, {:.1} s", start.elapsed().as_secs_f64());
                }
            }
        }
    })
}

/// The smallest build that shows progress.
pub const PROGRESS_FROM: usize = 1000;
