//! Rows: what a count is grouped by, and the table the counts go into.

use std::collections::BTreeMap;

use super::facts::{Fact, Standing};
use super::{GroupBy, Report, ReportKind, Row};
use crate::ground::date::Date;

/// What one counted thing is: its credential (if any), its day, and its event (delivery).
#[derive(Debug, Clone, Copy)]
pub(super) struct Thing<'a> {
    pub fact: Option<&'a Fact>,
    pub day: Option<Date>,
    pub event: Option<&'a str>,
}

/// The group of `thing` under `by`, one value per grouping.
pub(super) fn key(by: &[GroupBy], thing: Thing<'_>) -> Vec<String> {
    let none = || "(none)".to_string();
    by.iter()
        .map(|g| match g {
            GroupBy::Credential => thing.fact.map_or_else(none, |f| f.id.clone()),
            GroupBy::Program => thing.fact.map_or_else(none, |f| f.program.clone()),
            GroupBy::Badge => thing.fact.map_or_else(none, |f| f.badge.clone()),
            GroupBy::Month => thing.day.map_or_else(none, |d| format!("{:04}-{:02}", d.year(), d.month())),
            GroupBy::Quarter => {
                thing.day.map_or_else(none, |d| format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1))
            }
            GroupBy::Year => thing.day.map_or_else(none, |d| format!("{:04}", d.year())),
            GroupBy::Event => thing.event.map_or_else(none, |e| e.split('@').next().unwrap_or(e).to_string()),
            GroupBy::Reason => match thing.fact.map(|f| &f.standing) {
                Some(Standing::Revoked(Some(reason))) => reason.clone(),
                Some(Standing::Revoked(None)) => "(no public reason)".to_string(),
                _ => none(),
            },
            GroupBy::Column(c) => thing.fact.and_then(|f| f.columns.get(c).cloned()).unwrap_or_else(none),
        })
        .collect()
}

/// Counts by group, in the order of the report's columns.
pub(super) struct Table {
    columns: Vec<String>,
    rows: BTreeMap<Vec<String>, Vec<u64>>,
}

impl Table {
    pub(super) fn new(columns: &[&str]) -> Table {
        Table { columns: columns.iter().map(|c| c.to_string()).collect(), rows: BTreeMap::new() }
    }

    /// Adds `n` to column `column` of the row `group`.
    pub(super) fn add(&mut self, group: Vec<String>, column: usize, n: u64) {
        let width = self.columns.len();
        self.rows.entry(group).or_insert_with(|| vec![0; width])[column] += n;
    }

    /// The finished report (as-of and period are filled in by the caller).
    pub(super) fn into_report(self, kind: ReportKind, by: &[GroupBy]) -> Report {
        let mut totals = vec![0; self.columns.len()];
        let rows: Vec<Row> = self
            .rows
            .into_iter()
            .map(|(group, counts)| {
                for (t, c) in totals.iter_mut().zip(&counts) {
                    *t += c;
                }
                Row { group, counts }
            })
            .collect();
        Report {
            report: kind,
            as_of: String::new(),
            from: None,
            to: None,
            group_by: by.iter().map(GroupBy::heading).collect(),
            columns: self.columns,
            rows,
            totals,
            figures: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// Whether `day` is within the report's period.
pub(super) fn in_period(day: Date, from: Option<Date>, to: Option<Date>) -> bool {
    from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
}
