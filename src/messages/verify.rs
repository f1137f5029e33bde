//! What `hallmark verify` reports.

use hallmark::plural;

fn mark(outcome: hallmark::verify::Outcome) -> &'static str {
    use hallmark::verify::Outcome;
    match outcome {
        Outcome::Passed => "✓",
        Outcome::Failed => "✗",
        Outcome::CouldNotCheck => "?",
        Outcome::NotApplicable => "–",
    }
}

/// How to ask `hallmark verify` for a language it has words in.
pub fn lang_fix(known: &[String]) -> String {
    format!("pass --lang with one of {}", known.join(", "))
}

/// After `hallmark verify`: every step for one credential; a line each, plus problems, for many.
pub fn verify_reports(
    reports: &[hallmark::verify::Report],
    unreadable: &[(String, String)],
    not_credentials: &[(String, hallmark::verify::input::NotCredential)],
    format: crate::cli::Format,
    quiet: bool,
    words: &hallmark::verify::words::Words,
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
            Kind::StatusList => println!("{}: {} (a status list credential)", r.source, words.state(r.state)),
            Kind::Credential => println!("{}: {}", r.source, words.state(r.state)),
        }
        if detailed || r.state != State::Verified {
            for s in &r.steps {
                if detailed || s.outcome != hallmark::verify::Outcome::Passed {
                    println!("  {} {:<16} {}", mark(s.outcome), words.step(s.step), s.detail);
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
