//! The checks of `[rosters."x.csv"]` values: a `date_format` must be a strftime pattern that
//! writes a whole date.

use std::collections::BTreeMap;

use super::RosterConfig;
use crate::ground::date_format::DateFormat;
use crate::ground::error::{Location, Problem, Problems};
use crate::model::schema::Walk;

/// Records a problem for every roster's `date_format` that cannot read a date.
pub(super) fn check(
    rosters: &BTreeMap<String, RosterConfig>,
    walk: &Walk,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) {
    for (file, roster) in rosters {
        let key = format!("rosters.{file}.date_format");
        let Some(pattern) = roster.date_format.as_deref().filter(|_| walk.usable(&key)) else { continue };
        if let Err(why) = DateFormat::pattern(pattern) {
            problems.push(
                Problem::error(locate(&key), format!("rosters.\"{file}\".date_format: {why}"))
                    .help("write the pattern of the roster's dates, e.g. \"%d/%m/%Y\" for 09/03/2026, \"%m/%d/%Y\" for 03/09/2026 or \"%d %B %Y\" for 9 March 2026"),
            );
        }
    }
}
