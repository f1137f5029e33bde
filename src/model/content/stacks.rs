//! Checks of stacked badges across the content: what `requires` names exists, no badge requires
//! itself through others, and no roster row awards a stacked badge (its requirements do).

use std::collections::BTreeMap;
use std::path::Path;

use crate::ground::error::{Location, Problem, Problems};

use super::{Award, Badge};

/// Records the problems of the stacked badges among `badges` and of rows that award one.
pub(super) fn check(content_dir: &Path, badges: &BTreeMap<String, Badge>, awards: &[Award], problems: &mut Problems) {
    for badge in badges.values() {
        let Some(requires) = &badge.requires else { continue };
        let file = content_dir.join("badges").join(format!("{}.md", badge.slug));
        let at = Location::new(&file, 1, 1);
        for slug in &requires.badges {
            if !badges.contains_key(slug) {
                problems.push(
                    Problem::error(
                        at.clone(),
                        format!("badge \"{}\" requires \"{slug}\", which is not a badge", badge.slug),
                    )
                    .help(format!("the badges are: {}", badges.keys().cloned().collect::<Vec<_>>().join(", "))),
                );
            }
        }
        if requires_itself(badges, &badge.slug) {
            problems.push(
                Problem::error(at, format!("badge \"{}\" requires itself through the badges it requires", badge.slug))
                    .help("a stacked badge cannot be among its own requirements; remove it from the chain"),
            );
        }
    }
    for award in awards.iter().filter(|a| badges.get(&*a.badge).is_some_and(|b| b.requires.is_some())) {
        problems.push(
            Problem::error(
                award.source.clone(),
                format!("badge \"{}\" is awarded by its requirements, not by a row", award.badge),
            )
            .help("remove the row: hallmark issues a stacked badge to everyone who holds the badges it requires"),
        );
    }
}

/// Whether `start` is reachable from its own requirements.
fn requires_itself(badges: &BTreeMap<String, Badge>, start: &str) -> bool {
    let mut stack: Vec<&str> = badges
        .get(start)
        .and_then(|b| b.requires.as_ref())
        .map(|r| r.badges.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(slug) = stack.pop() {
        if slug == start {
            return true;
        }
        if seen.contains(&slug) {
            continue;
        }
        seen.push(slug);
        if let Some(r) = badges.get(slug).and_then(|b| b.requires.as_ref()) {
            stack.extend(r.badges.iter().map(String::as_str));
        }
    }
    false
}
