//! The reports read from the repository alone: issuance, status, delivery.

use super::facts::{Facts, Origin, Standing};
use super::group::{in_period, key, Table, Thing};
use super::source::Site;
use super::{GroupBy, Report, ReportKind, ReportOptions};
use crate::ground::date::Date;
use crate::ground::error::Result;

/// The grouping of a report when none is asked for.
fn grouping(options: &ReportOptions, default: GroupBy) -> Vec<GroupBy> {
    if options.by.is_empty() {
        vec![default]
    } else {
        options.by.clone()
    }
}

/// Issuances by issue date: new, corrected and renewed credentials.
pub(super) fn issued(facts: &Facts, options: &ReportOptions) -> Report {
    let by = grouping(options, GroupBy::Badge);
    let mut table = Table::new(&["issued", "new", "corrected", "renewed"]);
    for f in facts.all.iter().filter(|f| in_period(f.issued, options.from, options.to)) {
        let group = key(&by, Thing { fact: Some(f), day: Some(f.issued), event: None });
        let column = match f.origin {
            Origin::New => 1,
            Origin::Corrected => 2,
            Origin::Renewed => 3,
        };
        table.add(group.clone(), 0, 1);
        table.add(group, column, 1);
    }
    table.into_report(ReportKind::Issued, &by)
}

/// Where every credential issued in the period stands on `as_of`.
pub(super) fn status(facts: &Facts, options: &ReportOptions, as_of: Date) -> Report {
    let by = grouping(options, GroupBy::Badge);
    let mut table = Table::new(&["credentials", "active", "expired", "suspended", "revoked", "superseded"]);
    for f in facts.all.iter().filter(|f| in_period(f.issued, options.from, options.to)) {
        let group = key(&by, Thing { fact: Some(f), day: Some(f.issued), event: None });
        let column = match f.standing {
            Standing::Active => 1,
            Standing::Expired => 2,
            Standing::Suspended => 3,
            Standing::Revoked(_) => 4,
            Standing::Superseded => 5,
        };
        table.add(group.clone(), 0, 1);
        table.add(group, column, 1);
    }
    let mut report = table.into_report(ReportKind::Status, &by);
    report.notes.push(format!("status as of {as_of}; credentials counted by their issue date"));
    report
}

/// What the sent log records, by the day of its latest record.
pub(super) fn delivery(facts: &Facts, site: &Site, options: &ReportOptions) -> Result<Report> {
    let by = grouping(options, GroupBy::Event);
    let mut table = Table::new(&["e-mails", "sent", "failed", "unconfirmed", "recorded without sending"]);
    let as_of = options.as_of.unwrap_or(options.today);
    let mut report_notes = Vec::new();
    match &site.sent {
        None => report_notes.push("no sent log (content/hallmark.sent): hallmark notify has not run".to_string()),
        Some(log) => {
            for record in log.records() {
                let day = Date::from_days(record.time.div_euclid(86_400));
                if day > as_of || !in_period(day, options.from, options.to) {
                    continue;
                }
                let fact = facts.by_id.get(&record.id).map(|&i| &facts.all[i]);
                let group = key(&by, Thing { fact, day: Some(day), event: Some(&record.event) });
                let column = match record.state.as_str() {
                    "sent" => 1,
                    "failed" => 2,
                    "attempted" => 3,
                    _ => 4,
                };
                table.add(group.clone(), 0, 1);
                table.add(group, column, 1);
            }
        }
    }
    let mut report = table.into_report(ReportKind::Delivery, &by);
    report.notes = report_notes;
    Ok(report)
}
