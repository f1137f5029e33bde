//! The report as one self-contained HTML page: no script, no font, no image or style from anywhere
//! else, so it opens offline and can be mailed as a file. Tables for every figure; SVG bar charts
//! beside them (the charts' data is in the table next to each, for screen readers), and print
//! styles for paper.

use std::fmt::Write as _;

use super::Report;

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;max-width:70rem;margin:0 auto;padding:1rem}\
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0 1rem}\
th,td{border:1px solid #8a8a8a;padding:.25rem .6rem;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
tfoot td{font-weight:bold}caption{text-align:left;font-weight:bold;padding:.25rem 0}.chart{max-width:100%;height:auto}\
.bar{fill:#1f4e9c}.label{font-size:12px;fill:#1a1a1a}p.meta{color:#444}\
@media print{body{max-width:none;padding:0}h2{break-after:avoid}table,svg{break-inside:avoid}}";

/// The whole page.
pub(super) fn page(report: &Report, site_title: &str) -> String {
    let name = report.report.name();
    let title = format!("{} report: {name}", if site_title.is_empty() { "hallmark" } else { site_title });
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n",
        esc(&title),
        esc(&title),
        esc(&period(report))
    );
    chart(&mut out, report);
    table(&mut out, report);
    figures(&mut out, report);
    for note in &report.notes {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(note));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// "As of 2026-12-05, from … to …".
fn period(report: &Report) -> String {
    let mut text = format!("As of {}", report.as_of);
    if let Some(from) = &report.from {
        text.push_str(&format!(", from {from}"));
    }
    if let Some(to) = &report.to {
        text.push_str(&format!(", to {to}"));
    }
    text.push('.');
    text
}

/// The groups and counts as a table, with totals.
fn table(out: &mut String, report: &Report) {
    let _ = write!(
        out,
        "<h2 id=\"table\">Figures</h2>\n<table>\n<caption>{} by {}</caption>\n<thead><tr>",
        esc(report.report.name()),
        esc(&report.group_by.join(", "))
    );
    for g in &report.group_by {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(g));
    }
    for c in &report.columns {
        let _ = write!(out, "<th scope=\"col\" class=\"n\">{}</th>", esc(c));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &report.rows {
        out.push_str("<tr>");
        for (i, g) in row.group.iter().enumerate() {
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            let _ = write!(out, "<{tag}>{}</{close}>", esc(g));
        }
        for n in &row.counts {
            let _ = write!(out, "<td class=\"n\">{n}</td>");
        }
        out.push_str("</tr>\n");
    }
    let _ = write!(out, "</tbody>\n<tfoot><tr><td colspan=\"{}\">Total</td>", report.group_by.len().max(1));
    for n in &report.totals {
        let _ = write!(out, "<td class=\"n\">{n}</td>");
    }
    out.push_str("</tr></tfoot>\n</table>\n");
}

/// The site-wide figures (what was read, what was left out), as a table.
fn figures(out: &mut String, report: &Report) {
    if report.figures.is_empty() {
        return;
    }
    out.push_str("<h2>What was read</h2>\n<table>\n<thead><tr><th scope=\"col\">What</th><th scope=\"col\" class=\"n\">Number</th></tr></thead>\n<tbody>\n");
    for (name, n) in &report.figures {
        let _ = writeln!(out, "<tr><th scope=\"row\">{}</th><td class=\"n\">{n}</td></tr>", esc(name));
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A horizontal bar chart of the report's first column, one bar per row (at most 40), as inline SVG.
/// Its data is the table's: the chart is described for screen readers and points at the table.
fn chart(out: &mut String, report: &Report) {
    let Some(column) = report.columns.first() else { return };
    let rows: Vec<(String, u64)> =
        report.rows.iter().take(40).map(|r| (r.group.join(" · "), r.counts.first().copied().unwrap_or(0))).collect();
    if rows.is_empty() {
        return;
    }
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let (label_w, bar_w, row_h) = (260.0, 420.0, 22.0);
    let height = row_h * rows.len() as f64 + 10.0;
    let width = label_w + bar_w + 80.0;
    let desc =
        format!("Bar chart of {} by {}; the same figures are in the table below.", column, report.group_by.join(", "));
    let _ = write!(
        out,
        "<h2>{} by {}</h2>\n<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"chart-title\">{} by {}</title>\n<desc id=\"chart-desc\">{}</desc>\n",
        esc(column),
        esc(&report.group_by.join(", ")),
        esc(column),
        esc(&report.group_by.join(", ")),
        esc(&desc)
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = 5.0 + row_h * i as f64;
        let w = bar_w * (*n as f64) / (max as f64);
        let short: String = label.chars().take(38).collect();
        let _ = writeln!(
            out,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"bar\" x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\"/><text class=\"label\" x=\"{:.1}\" y=\"{}\">{n}</text>",
            label_w - 8.0,
            y + 15.0,
            esc(&short),
            y + 3.0,
            row_h - 6.0,
            label_w + w + 6.0,
            y + 15.0
        );
    }
    out.push_str("</svg>\n<p class=\"meta\"><a href=\"#table\">The figures as a table</a></p>\n");
}
