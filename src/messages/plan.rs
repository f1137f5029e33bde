//! `hallmark check --plan`: the plan of a change as text, Markdown (a pull request's job summary)
//! or JSON, followed by what the check found.

use hallmark::plural;
use hallmark::site::{ChangePlan, PlannedCredential, Summary};

use crate::cli::PlanFormat;

/// The plan, on standard output.
pub fn plan_report(plan: &ChangePlan, summary: &Summary, format: PlanFormat) {
    let text = match format {
        PlanFormat::Text => text(plan, summary),
        PlanFormat::Markdown => markdown(plan, summary),
        PlanFormat::Json => json(plan, summary),
    };
    println!("{}", text.trim_end());
}

/// The kinds of change, in the order a reviewer reads them: a list, its verb and what its table shows.
fn sections(plan: &ChangePlan) -> [(&Vec<PlannedCredential>, &'static str); 5] {
    [
        (&plan.issued, "issue"),
        (&plan.corrected, "correct"),
        (&plan.revoked, "revoke"),
        (&plan.suspended, "suspend"),
        (&plan.reinstated, "reinstate"),
    ]
}

fn compared(plan: &ChangePlan) -> String {
    match &plan.base {
        Some(rev) => format!("compared with {rev}"),
        None => "compared with the ledger and revocations.toml on disk".to_string(),
    }
}

fn checked(summary: &Summary) -> String {
    let (_, proofs) = summary.checked.unwrap_or_default();
    format!(
        "Checked {} for {}: content valid, {} re-verified.",
        plural(summary.credentials, "credential"),
        plural(summary.badges, "badge"),
        plural(proofs, "proof")
    )
}

/// The columns of one credential: what it is, and what the change does to it.
fn cells(c: &PlannedCredential, verb: &str) -> [String; 4] {
    let what = match verb {
        "issue" => c.row.clone().unwrap_or_default(),
        "correct" => format!(
            "replaces {}{}",
            c.replaces.as_deref().unwrap_or("?"),
            c.row.as_ref().map(|r| format!(", {r}")).unwrap_or_default()
        ),
        _ => {
            let date = c.date.as_deref().map(|d| format!("on {d}")).unwrap_or_default();
            let reason = c.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
            format!("{} {date}{reason}", c.id).trim_end().to_string()
        }
    };
    [c.name.clone(), format!("{} ({})", c.badge_name, c.badge), format!("issued {}", c.issued), what]
}

fn text(plan: &ChangePlan, summary: &Summary) -> String {
    let mut out = format!("The plan of this change ({}):\n", compared(plan));
    if plan.is_empty() {
        out.push_str("  no credential is issued, corrected, revoked, suspended or reinstated\n");
    }
    for (list, verb) in sections(plan).into_iter().filter(|(l, _)| !l.is_empty()) {
        out.push_str(&format!("  {verb} {}:\n", plural(list.len(), "credential")));
        for c in list {
            let [name, badge, issued, what] = cells(c, verb);
            out.push_str(&format!("    {name:<28} {badge:<32} {issued}  {what}\n"));
        }
    }
    out.push_str(&format!("  {} unchanged\n{}\n", plural(plan.unchanged, "credential"), checked(summary)));
    out
}

fn markdown(plan: &ChangePlan, summary: &Summary) -> String {
    let mut out = format!("## hallmark: the plan of this change\n\nA build of this change, {}:\n\n", compared(plan));
    if plan.is_empty() {
        out.push_str("- issues, corrects, revokes, suspends and reinstates no credential\n");
    }
    for (list, verb) in sections(plan).into_iter().filter(|(l, _)| !l.is_empty()) {
        out.push_str(&format!("- {verb}s {}\n", plural(list.len(), "credential")));
    }
    out.push_str(&format!(
        "- leaves {} as {}\n",
        plural(plan.unchanged, "credential"),
        if plan.unchanged == 1 { "it is" } else { "they are" }
    ));
    for (list, verb) in sections(plan).into_iter().filter(|(l, _)| !l.is_empty()) {
        let mut title = format!("{verb} {}", plural(list.len(), "credential"));
        title[..1].make_ascii_uppercase();
        let last = if verb == "issue" {
            "roster row"
        } else if verb == "correct" {
            "correction of"
        } else {
            "credential"
        };
        out.push_str(&format!("\n### {title}\n\n| name | badge | issued | {last} |\n|---|---|---|---|\n"));
        for c in list {
            let row: Vec<String> = cells(c, verb).iter().map(|s| escape(s)).collect();
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
    }
    out.push_str(&format!("\n{}\n", checked(summary)));
    out
}

/// Roster text in a Markdown table cell: names come from whoever opened the pull request, so
/// nothing in them may become a link, an image, HTML or another cell.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '(' | ')' | '!' | '#' | '~' => {
                out.push('\\');
                out.push(c)
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn json(plan: &ChangePlan, summary: &Summary) -> String {
    let (files, proofs) = summary.checked.unwrap_or_default();
    let value = serde_json::json!({
        "plan": plan,
        "checked": { "credentials": summary.credentials, "badges": summary.badges, "proofs": proofs, "files": files },
    });
    serde_json::to_string_pretty(&value).expect("a plan always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_text_cannot_become_markdown() {
        assert_eq!(escape("Ada | [x](https://e.example) <b>*"), "Ada \\| \\[x\\]\\(https://e.example\\) &lt;b&gt;\\*");
    }
}
