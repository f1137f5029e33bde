//! Text hallmark draws itself, checked against its fonts before anything is built: a character no
//! font has would come out of the renderer as a `.notdef` box ("tofu") in every PNG, so the build
//! stops and says which text, where it comes from, which characters, and what to install or change.
//!
//! Checked today: the name of every badge whose artwork hallmark draws (no image of its own), in the
//! site's language and in each translation (`badges/<slug>.<lang>.md`), and the `<text>` of badges'
//! own SVG artwork, which the PNG renderer draws with the same fonts; and, when certificates are
//! published as PDFs, each recipient's name (the printed certificate is drawn by the reader's
//! browser, with the reader's fonts).

use std::path::{Path, PathBuf};

use crate::ground::error::{Location, Problem, Problems};
use crate::model::content::Snapshot;
use crate::render::fonts::{self, coverage};

/// The problems of every drawn badge name with characters no font covers.
pub(crate) fn check_drawn_names(snapshot: &Snapshot, content_dir: &Path) -> Problems {
    let badges_dir = content_dir.join("badges");
    let mut texts: Vec<(PathBuf, &str)> = Vec::new();
    for badge in snapshot.badges.values().filter(|b| b.image.is_none()) {
        texts.push((badges_dir.join(format!("{}.md", badge.slug)), &badge.name));
        for (lang, t) in &badge.translations {
            texts.push((badges_dir.join(format!("{}.{lang}.md", badge.slug)), &t.name));
        }
    }
    // Laying out a name takes a fraction of a millisecond; sites have tens of badges.
    let mut problems = Problems::new();
    for (path, name) in texts {
        let chars = coverage::in_plain_text(name);
        if !chars.is_empty() {
            problems.push(problem(&path, name, &chars));
        }
    }
    for path in snapshot.badges.values().filter_map(|b| b.image.as_ref()) {
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
            check_svg_text(path, &mut problems);
        }
    }
    check_pdf_names(snapshot, &mut problems);
    problems
}

/// Recipients' names a certificate PDF draws (`[certificates] pdf`), each at its roster row: a
/// character no font has would be a box in the PDF. Checked character by character, each once (a
/// roster of 100,000 names holds a few hundred distinct characters).
fn check_pdf_names(snapshot: &Snapshot, problems: &mut Problems) {
    let drawn: std::collections::HashSet<&str> = snapshot
        .badges
        .values()
        .filter(|b| {
            let c = crate::site::produce::certificates::settings_of(snapshot, b);
            c.pdf && c.design != crate::model::certificate::Design::Off
        })
        .map(|b| b.slug.as_str())
        .collect();
    if drawn.is_empty() {
        return;
    }
    let set = fonts::set();
    let mut known: std::collections::HashMap<char, bool> = std::collections::HashMap::new();
    for award in snapshot.awards.iter().filter(|a| drawn.contains(&*a.badge)) {
        // Spaces, joiners, marks and variation selectors are drawn with the letters they go with.
        let drawable =
            |c: &char| !c.is_whitespace() && !matches!(*c as u32, 0x0300..=0x036f | 0x200b..=0x200f | 0xfe00..=0xfe0f);
        let missing: Vec<char> = award
            .name
            .chars()
            .filter(drawable)
            .filter(|c| !*known.entry(*c).or_insert_with(|| set.covers(*c)))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let culprits = coverage::Uncovered { text: award.name.to_string(), chars: missing }.culprits(set);
        problems.push(
            Problem::error(
                award.source.clone(),
                format!(
                    "the name \"{}\" is drawn on its certificate PDF ([certificates] pdf = true), where {} would come out as boxes",
                    award.name,
                    coverage::describe(&culprits)
                ),
            )
            .help(format!("{}; or turn the PDF off for this badge", coverage::fix(&culprits, set))),
        );
    }
}

/// The text of a badge's own SVG artwork, as the PNG renderer lays it out (an SVG that cannot be
/// read is reported where the PNG is made).
fn check_svg_text(path: &Path, problems: &mut Problems) {
    let Ok(svg) = std::fs::read(path) else { return };
    let Ok(found) = coverage::in_svg(&svg) else { return };
    let set = fonts::set();
    let source = String::from_utf8_lossy(&svg);
    for uncovered in found {
        let culprits = uncovered.culprits(set);
        let (line, column) = culprits.first().and_then(|c| position_of(&source, *c)).unwrap_or((1, 1));
        problems.push(
            Problem::error(
                Location::new(path, line, column),
                format!(
                    "the text \"{}\" of this artwork is drawn on the badge's PNG, where {} would come out as boxes",
                    uncovered.text,
                    coverage::describe(&culprits)
                ),
            )
            .help(coverage::fix(&culprits, set)),
        );
    }
}

/// The line and column (in characters) of the first `c` in `text`.
fn position_of(text: &str, c: char) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let at = line.find(c)?;
        Some((i + 1, line[..at].chars().count() + 1))
    })
}

fn problem(path: &Path, name: &str, chars: &[char]) -> Problem {
    let set = fonts::set();
    let found = coverage::Uncovered { text: name.to_string(), chars: chars.to_vec() };
    let culprits = found.culprits(set);
    let (line, column) = std::fs::read_to_string(path).ok().and_then(|t| name_position(&t)).unwrap_or((1, 1));
    Problem::error(
        Location::new(path, line, column),
        format!(
            "the badge name \"{name}\" is drawn on the badge's artwork, where {} would come out as boxes",
            coverage::describe(&culprits)
        ),
    )
    .help(coverage::fix(&culprits, set))
}

/// The line and column of the `name` key in a badge file's front matter.
fn name_position(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().skip(1).take_while(|(_, l)| l.trim() != "+++").find_map(|(i, line)| {
        let key = line.trim_start();
        let rest = key.strip_prefix("name")?.trim_start();
        rest.starts_with('=').then_some((i + 1, line.len() - key.len() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_key_is_found_in_the_front_matter() {
        let text = "+++\nid = \"x\"\n  name = \"ⵣ\"\n+++\nname = \"no\"\n";
        assert_eq!(name_position(text), Some((3, 3)));
        assert_eq!(name_position("+++\n+++\nname = \"x\"\n"), None);
        assert_eq!(name_position("+++\nnamed = 1\nname=\"x\"\n+++\n"), Some((3, 1)));
        assert_eq!(position_of("<svg>\n  <text>aé\u{e000}</text>", '\u{e000}'), Some((2, 11)));
    }
}
