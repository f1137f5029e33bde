//! Checks between what editors wrote and what the ledger records: every id in `revocations.toml`
//! was issued, and no status change is dated in the future or before its credential.

use std::path::Path;

use crate::ground::date::Date;
use crate::ground::error::{Failure, Location, Problem, Problems};
use crate::ground::hash::{FastMap, FastSet};
use crate::model::content::Revocations;
use crate::model::ledger::{Entry, Ledger};

/// The checks of `revocations.toml` that need the ledger: every id, left-out entries' included, was
/// issued, and no entry is dated in the future or before its credential was issued. A build runs
/// them with the others even when the content has problems, so one run reports them all.
pub(crate) fn check_status_changes(revocations: &Revocations, ledger: &Ledger, today: Date) -> Problems {
    let mut problems = Problems::new();
    // Only the entries the file names, found in one pass (a map of every entry was 100,000
    // insertions in every build, most of them of a site that revokes nothing).
    let named: FastSet<&str> =
        revocations.dropped().map(|(id, _)| id).chain(revocations.all().map(|c| c.id.as_str())).collect();
    let known: FastMap<&str, &Entry> = if named.is_empty() {
        FastMap::default()
    } else {
        ledger.entries().iter().filter(|e| named.contains(e.id())).map(|e| (e.id(), e)).collect()
    };
    let unknown = |id: &str, location: &Location| {
        Problem::error(location.clone(), format!("no issued credential has the id \"{id}\""))
            .help("copy the id from the credential's URL (c/<id>/) or from hallmark.lock; only issued credentials can be revoked")
    };
    for (id, location) in revocations.dropped() {
        if !known.contains_key(id) {
            problems.push(unknown(id, location));
        }
    }
    for change in revocations.all() {
        let Some(entry) = known.get(change.id.as_str()) else {
            problems.push(unknown(&change.id, &change.location));
            continue;
        };
        // The bit is set at the next build whatever the date says: a date that is not yet, or
        // before the credential existed, would make the record say something that did not happen.
        if change.latest() > today {
            problems.push(
                Problem::error(change.date_location.clone(), format!("{} is in the future (today is {today})", change.latest()))
                    .help("a status change takes effect at the next build; write the date it was decided, today at the latest"),
            );
        } else if change.date < entry.issued && entry.issued <= today {
            // (A credential dated in the future can be withdrawn before its day comes.)
            problems.push(
                Problem::error(
                    change.date_location.clone(),
                    format!("{} is before credential {} was issued ({})", change.date, entry.id(), entry.issued),
                )
                .help("check the date; a credential cannot be revoked or suspended before it was issued"),
            );
        }
    }
    problems
}

/// [`check_status_changes`] for content that could not be loaded (the problems of
/// `revocations.toml` itself are among the content's already); none for a directory that is not a
/// site, where every id would be unknown.
pub(crate) fn check_status_changes_of(content_dir: &Path, ledger: &Ledger, today: Date) -> Problems {
    if !content_dir.join(crate::model::config::CONFIG_FILE).is_file() {
        return Problems::new();
    }
    let revocations = crate::model::content::revocations::load(content_dir, false, &mut Problems::new());
    check_status_changes(&revocations, ledger, today)
}

/// Refuses a ledger that does not record every credential already published: `published` are the
/// ids of the credential directories in output directory `out`. An empty ledger beside a published
/// site is never a fresh start, and an old or cut one would hand published credentials' status
/// indexes to other people.
pub(crate) fn check_published(
    ledger_path: &Path,
    ledger: &Ledger,
    out: &Path,
    published: impl Iterator<Item = String>,
) -> Result<(), Failure> {
    let mut missing: Vec<String> = published.filter(|id| !ledger.records(id)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    missing.sort_unstable();
    let fix = format!(
        "restore the {name} that built this site (`git log -p -- {name}` shows its history), or, if {out} \
         was never deployed, delete {out} and build again; never let a build give these credentials' \
         status indexes to other people",
        name = ledger_path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
        out = out.display()
    );
    let shown: Vec<&str> = missing.iter().map(String::as_str).take(5).collect();
    let more =
        if missing.len() > shown.len() { format!(" and {} more", missing.len() - shown.len()) } else { String::new() };
    let what = if ledger.entries().is_empty() {
        format!(
            "{}:1:1: the ledger records no credential, but {} publishes {}: an empty ledger beside a \
             published site is not a fresh start",
            ledger_path.display(),
            out.display(),
            crate::ground::error::plural(missing.len(), "credential")
        )
    } else {
        format!(
            "{}: {} publishes {} the ledger does not record: {}{more}",
            ledger_path.display(),
            out.display(),
            crate::ground::error::plural(missing.len(), "credential"),
            shown.join(", ")
        )
    };
    Err(Failure::new(what).fix(fix))
}
