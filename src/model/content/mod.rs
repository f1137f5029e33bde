//! Loading the content directory into an immutable [`Snapshot`], collecting every problem on the way.

pub(crate) mod badge;
mod brands;
mod duplicates;
pub(crate) mod revocations;
pub(crate) mod roster;
mod stacks;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) use badge::Badge;
pub(crate) use revocations::{Revocations, StatusChange};
pub(crate) use roster::Award;

use crate::ground::date::{Date, Period};
use crate::ground::error::{Error, Location, Problem, Problems, Result, Severity};
use crate::ground::text;
use crate::model::config::{self, Settings};
use crate::model::validate;

/// Everything the build reads from the content directory, checked and immutable.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub settings: Settings,
    pub content_dir: PathBuf,
    /// Badges by slug.
    pub badges: BTreeMap<String, Badge>,
    /// Roster rows, files in path order, rows in file order.
    pub awards: Vec<Award>,
    /// Files under `static/`, relative to the content directory.
    pub static_files: Vec<PathBuf>,
    /// Revoked and suspended credentials.
    pub revocations: Revocations,
    /// Problems that did not stop the build.
    pub warnings: Vec<Problem>,
}

/// Reads the content directory; fails with every problem found if any is an error. Issue dates are
/// compared with `today`, the build's, for the warning on issue dates in the future.
pub(crate) fn load_on(content_dir: &Path, base_url_override: Option<&str>, today: Date) -> Result<Snapshot> {
    load_with(content_dir, base_url_override, today, None)
}

/// A roster's text to read in place of the file on disk (which need not exist yet): `hallmark
/// issue` checks the rows it would append with the build's own checks before writing them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Overlay<'a> {
    /// The roster, under the content directory.
    pub path: &'a Path,
    pub text: &'a str,
}

/// [`load_on`], with one roster read from `overlay` instead of the disk.
pub(crate) fn load_with(
    content_dir: &Path,
    base_url_override: Option<&str>,
    today: Date,
    overlay: Option<Overlay<'_>>,
) -> Result<Snapshot> {
    let reading = config::read(content_dir, base_url_override);
    if !reading.path.is_file() {
        // Not a site (or the wrong --root): the rest would only be noise.
        return Err(Error::Content { problems: reading.problems });
    }
    let mut problems = reading.problems.clone();
    // A configuration with errors still says enough to check the badges and rosters, unless it
    // could not be parsed at all.
    let config = reading.config.as_ref();
    let badges = load_badges(content_dir, config, &mut problems)?;
    let badge_slugs_owned: Vec<String> = badge_slugs_on_disk(content_dir)?;
    let badge_slugs: Vec<&str> = badge_slugs_owned.iter().map(String::as_str).collect();
    if badge_slugs.is_empty() {
        problems.push(
            Problem::general(format!("there are no badges in {}", content_dir.join("badges").display()))
                .help("add a badge as badges/<slug>.md (see the README for the format)"),
        );
    }
    let awards = load_awards(content_dir, &reading, (&badges, &badge_slugs), today, overlay, &mut problems)?;
    stacks::check(content_dir, &badges, &awards, &mut problems);
    check_issuer_image(content_dir, &reading, &mut problems);
    brands::check(content_dir, &reading, &badges, &mut problems);
    check_open_badges_2(&reading, &mut problems);
    let static_files = static_files(content_dir)?;
    let show_reasons = config.is_some_and(|c| c.site.show_status_reasons);
    let revocations = revocations::load(content_dir, show_reasons, &mut problems);

    let settings = match reading.settings {
        Some(settings) if !problems.has_errors() => settings,
        _ => return Err(Error::Content { problems }),
    };
    Ok(Snapshot {
        revocations,
        warnings: problems.warnings(),
        settings,
        content_dir: content_dir.to_path_buf(),
        badges,
        awards,
        static_files,
    })
}

/// Every badge under `badges/` that parses, by slug; program names are checked when `config` is read.
fn load_badges(
    content_dir: &Path,
    config: Option<&config::Config>,
    problems: &mut Problems,
) -> Result<BTreeMap<String, Badge>> {
    let programs: Option<Vec<&str>> = config.map(|c| c.programs.keys().map(String::as_str).collect());
    let mut badges = BTreeMap::new();
    let mut translations = Vec::new();
    refuse_links(&content_dir.join("badges"), "md", problems)?;
    for path in files_with_ext(&content_dir.join("badges"), "md")? {
        let Some(text) = read_text(&path, text::TEXT_HELP, problems)? else { continue };
        if let Some((slug, lang)) = translation_of(&path) {
            if let Some(t) = badge::translation::parse(&path, &text, problems) {
                translations.push((path.clone(), slug, lang, t));
            }
            continue;
        }
        let image_hosts = config.map(|c| c.site.image_hosts.as_slice()).unwrap_or_default();
        let context = badge::Context { content_dir, programs: programs.as_deref(), image_hosts };
        if let Some(b) = badge::parse(&path, &path, &text, &context, problems) {
            badges.insert(b.slug.clone(), b);
        }
    }
    for (path, slug, lang, t) in translations {
        match badges.get_mut(&slug) {
            Some(b) => {
                b.translations.insert(lang, t);
            }
            None => problems.push(
                Problem::error(Location::new(&path, 1, 1), format!("a translation of \"{slug}\", which is no badge"))
                    .help(format!("name it after a badge, badges/<slug>.{lang}.md, beside badges/<slug>.md")),
            ),
        }
    }
    Ok(badges)
}

/// `(slug, lang)` when `path` is a badge's translation (`badges/<slug>.<lang>.md`).
fn translation_of(path: &Path) -> Option<(String, String)> {
    let stem = path.file_stem()?.to_str()?;
    badge::translation::split_stem(stem).map(|(s, l)| (s.to_string(), l.to_string()))
}

/// The roster rows, checked against the badges; none (with a warning) when the configuration is unread.
fn load_awards(
    content_dir: &Path,
    reading: &config::Reading,
    (badges, badge_slugs): (&BTreeMap<String, Badge>, &[&str]),
    today: Date,
    overlay: Option<Overlay<'_>>,
    problems: &mut Problems,
) -> Result<Vec<Award>> {
    let Some(config) = reading.config.as_ref() else {
        problems.push(Problem {
            severity: Severity::Warning,
            location: None,
            message: format!("the rosters were not checked: {} could not be read", reading.path.display()),
            help: Some("fix hallmark.toml first: it says how to read the rosters' columns".into()),
        });
        return Ok(Vec::new());
    };
    let valid_for: BTreeMap<&str, Period> =
        badges.values().filter_map(|b| Some((b.slug.as_str(), b.valid_for?))).collect();
    let max_name_length = config.site.max_name_length;
    let results: BTreeMap<&str, &[badge::ResultDescription]> =
        badges.values().filter(|b| !b.results.is_empty()).map(|b| (b.slug.as_str(), b.results.as_slice())).collect();
    let shared_badges: Vec<std::sync::Arc<str>> = badge_slugs.iter().map(|&b| b.into()).collect();
    let context = roster::Context {
        badges: badge_slugs,
        shared_badges: &shared_badges,
        valid_for: &valid_for,
        today,
        max_name_length,
        results: &results,
        content_dir,
    };
    load_rosters(content_dir, config, reading, &context, overlay, problems)
}

/// The issuer's logo, when the configuration names one: a file inside the content directory.
fn check_issuer_image(content_dir: &Path, reading: &config::Reading, problems: &mut Problems) {
    let Some(image) = reading.config.as_ref().and_then(|c| c.issuer.image.as_ref()) else { return };
    if let Err(why) = validate::inside_content(Path::new(""), image) {
        problems.push(
            Problem::error(reading.locate("issuer.image"), format!("issuer.image \"{image}\" {why}")).help(
                "put the logo inside the content directory and give its path relative to it, e.g. static/logo.svg",
            ),
        );
    } else if !content_dir.join(image).is_file() {
        problems.push(
            Problem::error(reading.locate("issuer.image"), format!("issuer.image \"{image}\" does not exist"))
                .help("the path is relative to the content directory, e.g. static/logo.svg"),
        );
    }
}

/// Open Badges 2.0 requires an issuer's e-mail address (and a BadgeClass image, which every badge
/// has: its own, or the artwork hallmark draws for it).
fn check_open_badges_2(reading: &config::Reading, problems: &mut Problems) {
    let Some(config) = reading.config.as_ref().filter(|c| c.outputs.open_badges_2) else { return };
    if config.issuer.email.is_none() {
        problems.push(
            Problem::error(
                reading.locate("outputs.open_badges_2"),
                "outputs.open_badges_2: an Open Badges 2.0 issuer must have an e-mail address",
            )
            .help("set email under [issuer], or turn open_badges_2 off"),
        );
    }
}

/// Files under `static/`, relative to the content directory, sorted; none if there is no `static/`.
fn static_files(content_dir: &Path) -> Result<Vec<PathBuf>> {
    let static_dir = content_dir.join("static");
    let mut static_files = Vec::new();
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", static_dir.display()).into()))?;
            if entry.file_type().is_file() {
                static_files.push(entry.path().strip_prefix(content_dir).unwrap_or(entry.path()).to_path_buf());
            }
        }
    }
    Ok(static_files)
}

/// Every roster under `recipients/`, read with its column mapping, and the duplicates across them.
fn load_rosters(
    content_dir: &Path,
    config: &config::Config,
    reading: &config::Reading,
    context: &roster::Context<'_>,
    overlay: Option<Overlay<'_>>,
    problems: &mut Problems,
) -> Result<Vec<Award>> {
    let mut roster_files = Vec::new();
    for ext in roster::EXTENSIONS {
        roster_files.extend(files_with_ext(&content_dir.join("recipients"), ext)?);
        refuse_links(&content_dir.join("recipients"), ext, problems)?;
    }
    if let Some(o) = overlay.filter(|o| !roster_files.iter().any(|p| p == o.path)) {
        roster_files.push(o.path.to_path_buf());
    }
    roster_files.sort();
    for key in config.rosters.keys() {
        if !content_dir.join(key).is_file() {
            problems.push(
                Problem::error(
                    reading.locate(&format!("rosters.{key}")),
                    format!("[rosters.\"{key}\"] names a file that does not exist"),
                )
                .help(
                    "the key is a path relative to the content directory, e.g. [rosters.\"recipients/lms-export.csv\"]",
                ),
            );
        }
    }
    let default_cfg = config::RosterConfig::default();
    let mut awards = Vec::new();
    for path in &roster_files {
        let rel = rel_key(content_dir, path);
        let cfg = config.rosters.get(&rel).unwrap_or(&default_cfg);
        let on_disk;
        let text = match overlay.filter(|o| o.path == path) {
            Some(o) => o.text,
            None => match roster::format_of(path) {
                roster::Format::Xlsx => {
                    awards.extend(roster::xlsx::parse(path, cfg, context, problems));
                    continue;
                }
                _ => {
                    let Some(text) = read_text(path, text::ROSTER_HELP, problems)? else { continue };
                    on_disk = text;
                    &on_disk
                }
            },
        };
        let more = roster::parse(path, text, cfg, context, problems);
        // The first roster's list taken as it is, not copied into a new one (two lists of a
        // million awards at once, for a moment).
        if awards.is_empty() {
            awards = more;
        } else {
            awards.extend(more);
        }
    }
    duplicates::check_duplicates(&awards, problems);
    Ok(awards)
}

fn badge_slugs_on_disk(content_dir: &Path) -> Result<Vec<String>> {
    Ok(files_with_ext(&content_dir.join("badges"), "md")?
        .iter()
        .filter(|p| translation_of(p).is_none())
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .collect())
}

/// `recipients/x.csv`: the key a roster has in `[rosters]`.
fn rel_key(content_dir: &Path, path: &Path) -> String {
    path.strip_prefix(content_dir).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Files under `dir` (recursively) with extension `ext`, sorted; none if `dir` is missing.
fn files_with_ext(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", dir.display()).into()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !name.starts_with('.') && entry.path().extension().is_some_and(|e| e == ext) {
            out.push(entry.path().to_path_buf());
        }
    }
    Ok(out)
}

/// Records an error for every symbolic link named `*.<ext>` under `dir`: a roster or badge that
/// is a link is not read (it could lead anywhere on the machine), and is never skipped silently.
fn refuse_links(dir: &Path, ext: &str, problems: &mut Problems) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", dir.display()).into()))?;
        if entry.path_is_symlink() && entry.path().extension().is_some_and(|e| e == ext) {
            problems.push(
                Problem::error(
                    crate::ground::error::Location::new(entry.path(), 1, 1),
                    format!("{} is a symbolic link, and hallmark reads no linked file", entry.path().display()),
                )
                .help("copy the file into the content directory instead of linking to it"),
            );
        }
    }
    Ok(())
}

/// The text of `path`; `None` when it is in an encoding hallmark does not read (recorded in `problems`,
/// so the other files are still checked).
fn read_text(path: &Path, help: &str, problems: &mut Problems) -> Result<Option<String>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    match text::decode(path, bytes, help) {
        Ok(text) => Ok(Some(text)),
        Err(problem) => {
            problems.push(problem);
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_directory_without_hallmark_toml_gets_one_problem_not_a_list() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("recipients")).unwrap();
        std::fs::write(content.join("recipients/main.csv"), "badge,name,email\nsql,Ada,ada@example.org\n").unwrap();
        let Err(Error::Content { problems }) = load_on(&content, None, Date::today_utc()) else {
            panic!("the load should fail with content problems");
        };
        let problems = problems.sorted();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].help.as_deref().unwrap().contains("run `hallmark init <dir>`"), "{}", problems[0]);
    }
}
