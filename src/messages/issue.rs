//! What `hallmark issue` says.

use hallmark::ops::issue::IssueReport;

/// Said while another hallmark holds the site.
pub fn waiting(holder: String) {
    eprintln!("  waiting for {holder} to finish with this site");
}

/// After `hallmark issue`: the rows added, those already present, and what happens next.
pub fn issue_done(report: &IssueReport, quiet: bool) {
    for p in &report.present {
        let from = p.origin.as_ref().map(|o| format!("{o}: ")).unwrap_or_default();
        eprintln!("{from}already present: {} <{}> for badge \"{}\" ({})", p.name, p.email, p.badge, p.at);
    }
    if quiet {
        return;
    }
    let n = report.added.len();
    let rows = if n == 1 { "1 row".to_string() } else { format!("{n} rows") };
    let verb = if report.dry_run { "would add" } else { "added" };
    if n == 0 {
        println!("Nothing to add to {}: every recipient is already present.", report.roster);
        return;
    }
    let created = if report.created && !report.dry_run { " (created)" } else { "" };
    println!("{} {rows} to {}{created}:", capitalized(verb), report.roster);
    for a in report.added.iter().take(20) {
        let when = a.issued.map_or_else(|| "issued on the day of the build".to_string(), |d| format!("issued {d}"));
        println!("  line {}: {} <{}>, badge \"{}\", {when}", a.line, a.name, a.email, a.badge);
    }
    if n > 20 {
        println!("  … and {} more", n - 20);
    }
    let next = if report.dry_run { "Without --dry-run, the" } else { "The" };
    println!(
        "{next} next `hallmark build` issues {}; each credential's id and landing page exist only once it has.",
        if n == 1 { "this credential".to_string() } else { format!("these {n} credentials") }
    );
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
