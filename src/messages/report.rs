//! What `hallmark report issued|status|delivery|engagement` prints.

use hallmark::report::Report;

use super::layout::{columns, pad, spreadsheet_safe};
use crate::cli::ReportFormat;

/// The report in the chosen format, on standard output.
pub fn report(report: &Report, site_title: &str, format: ReportFormat) {
    match format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(report).unwrap_or_default()),
        ReportFormat::Html => print!("{}", hallmark::report::to_html(report, site_title)),
        ReportFormat::Csv => csv(report),
        ReportFormat::Text => text(report),
    }
}

/// One header row, a row per group, and a total row; every text cell spreadsheet-safe.
fn csv(report: &Report) {
    let mut w = csv::Writer::from_writer(std::io::stdout());
    let header: Vec<&str> = report.group_by.iter().chain(&report.columns).map(String::as_str).collect();
    let _ = w.write_record(&header);
    for row in &report.rows {
        let cells: Vec<String> = row
            .group
            .iter()
            .map(|g| spreadsheet_safe(g).into_owned())
            .chain(row.counts.iter().map(u64::to_string))
            .collect();
        let _ = w.write_record(&cells);
    }
    let mut total: Vec<String> = vec![String::new(); report.group_by.len()];
    if let Some(first) = total.first_mut() {
        *first = "total".into();
    }
    total.extend(report.totals.iter().map(u64::to_string));
    let _ = w.write_record(&total);
    let _ = w.flush();
}

/// An aligned table, then the figures and notes.
fn text(report: &Report) {
    let mut period = format!("{} report, as of {}", report.report.name(), report.as_of);
    if let Some(from) = &report.from {
        period.push_str(&format!(", from {from}"));
    }
    if let Some(to) = &report.to {
        period.push_str(&format!(", to {to}"));
    }
    println!("{period}");
    let groups = report.group_by.len();
    let mut widths: Vec<usize> = report.group_by.iter().chain(&report.columns).map(|h| columns(h)).collect();
    for row in &report.rows {
        for (i, g) in row.group.iter().enumerate() {
            widths[i] = widths[i].max(columns(g));
        }
        for (i, n) in row.counts.iter().enumerate() {
            widths[groups + i] = widths[groups + i].max(n.to_string().len());
        }
    }
    for (i, n) in report.totals.iter().enumerate() {
        widths[groups + i] = widths[groups + i].max(n.to_string().len());
    }
    let line = |cells: Vec<String>| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| if i < groups { pad(c, widths[i]) } else { format!("{c:>w$}", w = widths[i]) })
            .collect();
        println!("{}", parts.join("  ").trim_end());
    };
    line(report.group_by.iter().chain(&report.columns).cloned().collect());
    for row in &report.rows {
        line(row.group.iter().cloned().chain(row.counts.iter().map(u64::to_string)).collect());
    }
    let mut total: Vec<String> = vec![String::new(); groups];
    if let Some(first) = total.first_mut() {
        *first = "total".into();
    }
    line(total.into_iter().chain(report.totals.iter().map(u64::to_string)).collect());
    for (name, n) in &report.figures {
        println!("  {name}: {n}");
    }
    for note in &report.notes {
        println!("note: {note}");
    }
}
