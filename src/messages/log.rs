//! What `hallmark log` and `hallmark witness` say.

use hallmark::monitor::witness::Witnessed;
use hallmark::monitor::LogReport;
use hallmark::ops::log::LogInitSummary;

use super::describe_key_source;

pub fn started(s: &LogInitSummary) {
    println!("Started the public log {}", s.origin);
    println!("  log key: {}", describe_key_source(&s.key));
    println!("  verifier key (vkey): {}", s.vkey);
    println!("Commit hallmark.checkpoints and hallmark.toml; the next `hallmark build` logs every credential.");
}

pub fn verified(r: &LogReport, quiet: bool) {
    for f in &r.findings {
        if f.ok && quiet {
            continue;
        }
        let mark = if f.ok { "ok  " } else { "FAIL" };
        println!("{mark} {}", f.what);
    }
    if !quiet {
        if !r.cosigners.is_empty() {
            println!(
                "     cosigned by {} (not verified here: a witness's key is yours to trust)",
                r.cosigners.join(", ")
            );
        }
        let verdict = if r.ok() { "the log checks out" } else { "the log does NOT check out" };
        println!("{}: {} entries: {verdict}", r.origin, r.size);
    }
}

pub fn witnessed(done: &[Witnessed]) {
    for w in done {
        match &w.refused {
            None => println!("cosigned {} ({}): {} → {} entries", w.name, w.origin, w.from, w.to),
            Some(why) => eprintln!("REFUSED {} ({}): {why}", w.name, w.origin),
        }
    }
    if done.iter().any(|w| w.refused.is_none()) {
        println!("Commit witnessed/; the next `hallmark build` publishes the cosignatures under log/witness/.");
    }
}

pub fn witness_key(vkey: &str) {
    println!("{vkey}");
}
