//! Duplicate rows across the rosters: the same recipient twice for one badge is an error; the same
//! name under two addresses, a warning.
//!
//! The rows are grouped by a hash of what makes two rows the same, in a sorted list of (hash, row)
//! pairs, and each group is then walked in row order with the rows' own values compared, so a hash
//! shared by chance changes nothing. Two hash maps keyed by the rows' fields took 222 MB at a
//! million rows, at the moment the roster, the ledger and the build cache are all being read; the
//! lists take 16 MB each.

use std::hash::BuildHasher;

use rayon::prelude::*;

use crate::ground::error::{Problem, Problems};
use crate::model::content::Award;
use crate::model::validate::{fold_name, fold_name_into};

/// What makes two rows the same recipient of the same badge.
fn email_key(a: &Award) -> (&str, &str, Option<crate::ground::date::Date>) {
    (&*a.badge, &*a.email, a.issued)
}

/// Checks `awards` (in the order of their files and rows) and adds what it finds to `problems`,
/// in row order.
pub(super) fn check_duplicates(awards: &[Award], problems: &mut Problems) {
    let hasher = foldhash::fast::FixedState::default();
    let mut found: Vec<(usize, Problem)> = Vec::new();
    let mut listed_twice = vec![false; awards.len()];
    // The hashes on every core: this is the last of reading the content, and the ledger, read
    // beside it, is done by then.
    let by_email = awards.par_iter().enumerate().map(|(i, a)| (hasher.hash_one(email_key(a)), i as u32)).collect();
    for group in groups(by_email) {
        for (k, &i) in group.iter().enumerate() {
            let first = group[..k].iter().map(|&j| &awards[j]).find(|f| email_key(f) == email_key(&awards[i]));
            if let Some(first) = first {
                listed_twice[i] = true;
                found.push((i, twice(&awards[i], first)));
            }
        }
    }
    // Names are compared folded; a row listed twice, or a name of no letters or digits ("---",
    // emoji), looks like nothing in particular.
    let folded_hash = |folded: &mut String, (i, a): (usize, &Award)| {
        folded.clear();
        fold_name_into(&a.name, folded);
        (!listed_twice[i] && !folded.is_empty()).then(|| (hasher.hash_one((&*a.badge, folded.as_str())), i as u32))
    };
    let by_name = awards.par_iter().enumerate().map_init(String::new, folded_hash).flatten_iter().collect();
    for group in groups(by_name) {
        let folded: Vec<String> = group.iter().map(|&i| fold_name(&awards[i].name)).collect();
        // Each name's row of reference, as rows are read in order: the first row of a name, or
        // the latest with the reference's own address.
        let mut reference: Vec<(usize, usize)> = Vec::new(); // (position in the group, row)
        for (k, &i) in group.iter().enumerate() {
            let a = &awards[i];
            let held =
                reference.iter_mut().find(|(p, _)| awards[group[*p]].badge == a.badge && folded[*p] == folded[k]);
            match held {
                Some((_, first)) if awards[*first].email != a.email => found.push((i, looks_like(a, &awards[*first]))),
                Some((p, first)) => (*p, *first) = (k, i),
                None => reference.push((k, i)),
            }
        }
    }
    found.sort_by_key(|(i, _)| *i);
    for (_, p) in found {
        problems.push(p);
    }
}

/// The rows of each hash shared by more than one row, each group in row order, from the (hash,
/// row) of every row not left out.
fn groups(mut by_hash: Vec<(u64, u32)>) -> Vec<Vec<usize>> {
    by_hash.par_sort_unstable();
    by_hash
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|g| g.len() > 1)
        .map(|g| g.iter().map(|(_, i)| *i as usize).collect())
        .collect()
}

fn twice(a: &Award, first: &Award) -> Problem {
    Problem::error(a.source.clone(), format!("{} <{}> is listed twice for badge \"{}\"", a.name, a.email, a.badge))
        .help(format!(
            "the first row is at {}; delete one of the two rows (a renewal needs its own issued date)",
            first.source
        ))
}

fn looks_like(a: &Award, first: &Award) -> Problem {
    Problem::warning(
        a.source.clone(),
        format!("\"{}\" looks like \"{}\" at {} (same badge, another e-mail)", a.name, first.name, first.source),
    )
    .help("if this is the same person, keep one row; if not, nothing to do")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::error::Location;

    fn row(line: usize, badge: &str, name: &str, email: &str, issued: Option<&str>) -> Award {
        Award {
            badge: badge.into(),
            name: name.into(),
            email: email.into(),
            issued: issued.map(|d| crate::ground::date::Date::parse_iso(d).unwrap()),
            expires: None,
            evidence: Box::default(),
            extra: crate::model::content::roster::Extra::EMPTY,
            language: None,
            claims: None,
            source: Location::new("r.csv", line, 1),
        }
    }

    /// What each problem says, at which line, in the order the rows come.
    fn found(awards: &[Award]) -> Vec<(usize, String)> {
        let mut problems = Problems::new();
        check_duplicates(awards, &mut problems);
        problems.iter().map(|p| (p.location.as_ref().unwrap().line, p.message.clone())).collect()
    }

    #[test]
    fn rows_listed_twice_and_names_that_look_alike_are_found_in_row_order() {
        let awards = [
            row(2, "sql", "Ann Lee", "ann@x.org", None),
            row(3, "sql", "Bo", "bo@x.org", None),
            row(4, "sql", "ann lee", "a.lee@y.org", None), // looks like row 2
            row(5, "sql", "Bo", "bo@x.org", None),         // row 3 twice
            row(6, "sql", "Bo", "bo@x.org", Some("2026-01-01")), // a renewal: not twice
            row(7, "aid", "Ann Lee", "other@x.org", None), // another badge
            row(8, "sql", "Ánn  Lée!", "ann@x.org", Some("2025-01-01")), // row 2's address: the reference now
            row(9, "sql", "ANN LEE", "third@z.org", None), // looks like row 8, the latest reference
            row(10, "sql", "---", "d1@x.org", None),
            row(11, "sql", "---", "d2@x.org", None), // no letters: nothing
            row(12, "sql", "Bo", "bo@x.org", None),  // row 3 twice again
        ];
        let found = found(&awards);
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [4, 5, 9, 12]);
        assert!(found[0].1.contains("\"ann lee\" looks like \"Ann Lee\" at r.csv:2:1"), "{}", found[0].1);
        assert!(found[1].1.contains("Bo <bo@x.org> is listed twice for badge \"sql\""), "{}", found[1].1);
        assert!(found[2].1.contains("looks like \"Ánn  Lée!\" at r.csv:8:1"), "{}", found[2].1);
        assert!(found[3].1.contains("listed twice"), "{}", found[3].1);
    }
}
