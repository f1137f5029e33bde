//! `[rosters."x.csv"] preset = "canvas"`: the columns, date format and completion filter of the
//! exports institutions drop in as they come. A preset fills in only what the roster's own table
//! leaves unset, so one mapped column or a date format of the institution's locale overrides it.
//!
//! Where the column names come from (read from each system's code that writes the export, or its
//! documentation, in December 2026; README "LMS and HR exports" has a sample header line each):
//! - `canvas`: the gradebook export (`Student`, `ID`, `SIS User ID`, `SIS Login ID`, `Section`, …):
//!   `Student` is "Last, First", `SIS Login ID` is the e-mail where the institution logs in with it,
//!   and the `Points Possible` row is not a student. It has no completion date.
//! - `moodle`: the course completion report (`Name`, `Email address`, …, `Course complete`), whose
//!   date the English language pack writes `4/12/26, 15:15`; rows with an empty `Course complete`
//!   have not completed.
//! - `moodle-grades`: the gradebook export (`First name`, `Last name`, `ID number`, `Institution`,
//!   `Department`, `Email address`, …, `Course total (Real)`).
//! - `blackboard`: the Grade Center download (`Last Name`, `First Name`, `Username`, `Student ID`,
//!   `Last Access`, `Availability`, …). It has no e-mail column: add one (`Email`) or map one.
//! - `open-edx`: the grade report (`Student ID`, `Email`, `Username`, `Grade`, …, `Certificate
//!   Eligible`, `Certificate Delivered`, …); a row is an award when `Certificate Delivered` is `Y`.
//!   It has usernames, not names: add the profile report's `Name` column, or map one.
//! - `hr`: no HR system has one fixed export (Workday, SuccessFactors and BambooHR exports are
//!   custom reports); this is the common shape: `Employee ID`, `First Name`, `Last Name`, `Work
//!   Email`, `Course Title`, `Completion Date` (ISO, as BambooHR writes it), `Status`.

use std::collections::BTreeMap;

use super::rosters::{ColumnMap, NameOrder, OnlyWhen, RosterConfig};
use crate::ground::error::{Location, Problem, Problems};

/// One export's shape.
struct Preset {
    name: &'static str,
    /// hallmark's column key and the export's header.
    columns: &'static [(&'static str, &'static str)],
    date_format: Option<&'static str>,
    /// The column, and the values of a completed row (none: the cell is not empty).
    only_when: Option<(&'static str, &'static [&'static str])>,
    /// A row that is not a recipient: the column and its value.
    skip_when: Option<(&'static str, &'static [&'static str])>,
    name_order: Option<NameOrder>,
}

const PRESETS: &[Preset] = &[
    Preset {
        name: "canvas",
        columns: &[("name", "Student"), ("email", "SIS Login ID")],
        date_format: None,
        only_when: None,
        skip_when: Some(("Student", &["Points Possible", "Manual Posting"])),
        name_order: Some(NameOrder::FamilyFirst),
    },
    Preset {
        name: "moodle",
        columns: &[("name", "Name"), ("email", "Email address"), ("issued", "Course complete")],
        date_format: Some("%d/%m/%y, %H:%M"),
        only_when: Some(("Course complete", &[])),
        skip_when: None,
        name_order: None,
    },
    Preset {
        name: "moodle-grades",
        columns: &[("given_name", "First name"), ("family_name", "Last name"), ("email", "Email address")],
        date_format: None,
        only_when: None,
        skip_when: None,
        name_order: None,
    },
    Preset {
        name: "blackboard",
        columns: &[("given_name", "First Name"), ("family_name", "Last Name")],
        date_format: None,
        only_when: None,
        skip_when: None,
        name_order: None,
    },
    Preset {
        name: "open-edx",
        columns: &[("email", "Email")],
        date_format: None,
        only_when: Some(("Certificate Delivered", &["Y"])),
        skip_when: None,
        name_order: None,
    },
    Preset {
        name: "hr",
        columns: &[
            ("given_name", "First Name"),
            ("family_name", "Last Name"),
            ("email", "Work Email"),
            ("issued", "Completion Date"),
        ],
        date_format: None,
        only_when: Some(("Status", &["Completed", "Complete", "Passed", "Pass"])),
        skip_when: None,
        name_order: None,
    },
];

/// Fills in each roster's preset; an unknown preset is a problem at its key.
pub(super) fn apply_all(
    rosters: &mut BTreeMap<String, RosterConfig>,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) {
    for (file, roster) in rosters.iter_mut() {
        if let Err(name) = apply(roster) {
            let names = names();
            let mut p = Problem::error(
                locate(&format!("rosters.{file}.preset")),
                format!("rosters.\"{file}\".preset: there is no preset \"{name}\""),
            )
            .help(format!("the presets are: {}", names.join(", ")));
            if let Some(s) = crate::model::validate::suggest(&name, names.iter().copied()) {
                p = p.help(format!("did you mean \"{s}\"? The presets are: {}", names.join(", ")));
            }
            problems.push(p);
        }
    }
}

/// The presets' names, for help texts.
pub(crate) fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

/// Fills in what `roster` leaves unset from its preset; `Err` with the preset's name when there is none such.
pub(crate) fn apply(roster: &mut RosterConfig) -> Result<(), String> {
    let Some(wanted) = roster.preset.as_deref() else { return Ok(()) };
    let Some(preset) = PRESETS.iter().find(|p| p.name == wanted) else { return Err(wanted.to_string()) };
    let map = &mut roster.columns;
    // A name the table maps (one column, or two) replaces the preset's, whichever way it is split.
    let own_name = map.name.is_some() || map.given_name.is_some() || map.family_name.is_some();
    for (key, header) in preset.columns {
        let slot = match *key {
            "name" | "given_name" | "family_name" if own_name => continue,
            k => slot(map, k),
        };
        if slot.is_none() {
            *slot = Some((*header).to_string());
        }
    }
    if roster.date_format.is_none() {
        roster.date_format = preset.date_format.map(str::to_string);
    }
    let rule = |(column, values): (&str, &[&str])| OnlyWhen {
        column: column.to_string(),
        equals: values.iter().map(|v| v.to_string()).collect(),
        not_empty: values.is_empty(),
    };
    if roster.only_when.is_none() {
        roster.only_when = preset.only_when.map(rule);
    }
    if roster.skip_when.is_none() {
        roster.skip_when = preset.skip_when.map(rule);
    }
    if roster.name_order.is_none() && !own_name {
        roster.name_order = preset.name_order;
    }
    Ok(())
}

fn slot<'m>(map: &'m mut ColumnMap, key: &str) -> &'m mut Option<String> {
    match key {
        "name" => &mut map.name,
        "given_name" => &mut map.given_name,
        "family_name" => &mut map.family_name,
        "email" => &mut map.email,
        "issued" => &mut map.issued,
        _ => &mut map.expires,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_fills_only_what_the_table_leaves_unset() {
        let mut r = RosterConfig { preset: Some("moodle".into()), ..Default::default() };
        r.columns.email = Some("Courriel".into());
        apply(&mut r).unwrap();
        assert_eq!(r.columns.email.as_deref(), Some("Courriel"));
        assert_eq!(r.columns.name.as_deref(), Some("Name"));
        assert_eq!(r.date_format.as_deref(), Some("%d/%m/%y, %H:%M"));
        assert!(r.only_when.as_ref().is_some_and(|w| w.not_empty && w.column == "Course complete"));
        let mut r = RosterConfig { preset: Some("canvas".into()), ..Default::default() };
        r.columns.given_name = Some("First".into());
        apply(&mut r).unwrap();
        assert_eq!((r.columns.name, r.name_order), (None, None));
        let mut r = RosterConfig { preset: Some("canvass".into()), ..Default::default() };
        assert_eq!(apply(&mut r), Err("canvass".to_string()));
    }

    #[test]
    fn moodles_completion_date_reads_with_its_time_of_day() {
        use crate::ground::date_format::DateFormat;
        let f = DateFormat::pattern("%d/%m/%y, %H:%M").unwrap();
        assert_eq!(f.parse("4/12/26, 15:15").map(|d| d.to_string()).as_deref(), Some("2026-12-04"));
        assert_eq!(f.parse("24/01/27, 09:05").map(|d| d.to_string()).as_deref(), Some("2027-01-24"));
    }
}
