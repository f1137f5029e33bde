//! `[site]`, and the checks of its values that keep a committed configuration from reaching outside the
//! site: the theme is a name under `themes/`, the output directory stays beside the content,
//! image hosts are host names, and names have a sane maximum length.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::ground::error::{Location, Problem, Problems};
use crate::model::schema::Walk;

/// `[site]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteConfig {
    pub title: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    pub description: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where the site is written, relative to the content directory.
    #[serde(default = "default_output")]
    pub output_dir: PathBuf,
    /// Let search engines index credential pages (off by default: recipients did not ask to be found).
    #[serde(default)]
    pub allow_indexing: bool,
    /// Show revocation and suspension reasons on landing pages unless an entry says otherwise
    /// (off by default: some reasons are private).
    #[serde(default)]
    pub show_status_reasons: bool,
    /// Hosts that badge criteria may show images from (`images.example.org`); by default only
    /// the site's own images.
    #[serde(default)]
    pub image_hosts: Vec<String>,
    /// The longest recipient name a roster may give, in characters.
    #[serde(default = "default_max_name_length")]
    pub max_name_length: u64,
    /// Every language pages are built in (`["en", "fr"]`): `language` at today's URLs, each other
    /// under `/<lang>/`. Empty: `language` only.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The digits of dates and numbers (`"latn"`, `"arab"`…): by default each language's own in CLDR.
    pub digits: Option<String>,
}

impl SiteConfig {
    /// The languages pages are built in, the default (`language`) first.
    pub(crate) fn page_languages(&self) -> Vec<String> {
        let mut out = vec![self.language.clone()];
        out.extend(self.languages.iter().filter(|l| **l != self.language).cloned());
        out
    }
}

/// The digits `[site] digits` may name (CLDR numbering systems): Latin, Arabic-Indic, Eastern
/// Arabic-Indic (Persian, Urdu), Devanagari, Bengali, Thai, Myanmar.
pub(crate) const NUMBERING_SYSTEMS: &[&str] = &["latn", "arab", "arabext", "deva", "beng", "thai", "mymr"];

/// A BCP 47 language tag of letters and digits (`fr`, `pt-BR`, `zh-Hant`): safe as a URL segment.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_max_name_length() -> u64 {
    DEFAULT_MAX_NAME_LENGTH
}
fn default_output() -> PathBuf {
    PathBuf::from("../public")
}

/// The longest recipient name accepted unless `[site] max_name_length` says otherwise: longer
/// than any name on a passport, far shorter than what swells a page (10,000 characters gave 58 KB).
pub(crate) const DEFAULT_MAX_NAME_LENGTH: u64 = 200;
/// The most `max_name_length` may be raised to.
const MOST_NAME_LENGTH: u64 = 2000;

/// Records a problem for every `[site]` value that would lead outside the site.
pub(crate) fn check(site: &SiteConfig, walk: &Walk, locate: &dyn Fn(&str) -> Location, problems: &mut Problems) {
    if walk.usable("site.theme") && !is_theme_name(&site.theme) {
        problems.push(
            Problem::error(locate("site.theme"), format!("site.theme \"{}\" is not a theme name", site.theme))
                .help("name a theme in the themes/ directory beside the content, e.g. theme = \"default\"; paths are not allowed"),
        );
    }
    if walk.usable("site.output_dir") && !stays_beside_content(&site.output_dir) {
        problems.push(
            Problem::error(
                locate("site.output_dir"),
                format!("site.output_dir \"{}\" leads outside the site", site.output_dir.display()),
            )
            .help("give a directory beside the content, relative to hallmark.toml (e.g. ../public); to build elsewhere, pass {output}"),
        );
    }
    for host in &site.image_hosts {
        if !is_host(host) {
            problems.push(
                Problem::error(locate("site.image_hosts"), format!("site.image_hosts: \"{host}\" is not a host name"))
                    .help("list host names only, e.g. image_hosts = [\"images.example.org\"]"),
            );
        }
    }
    if walk.usable("site.max_name_length") && !(1..=MOST_NAME_LENGTH).contains(&site.max_name_length) {
        problems.push(
            Problem::error(
                locate("site.max_name_length"),
                format!("site.max_name_length must be 1 to {MOST_NAME_LENGTH}"),
            )
            .help(format!("the default is {DEFAULT_MAX_NAME_LENGTH} characters")),
        );
    }
    check_languages(site, locate, problems);
}

/// Records a problem for each language that is not a tag, a `languages` list without `language`,
/// and digits hallmark does not know.
fn check_languages(site: &SiteConfig, locate: &dyn Fn(&str) -> Location, problems: &mut Problems) {
    for (key, tag) in
        std::iter::once(("site.language", &site.language)).chain(site.languages.iter().map(|l| ("site.languages", l)))
    {
        if !is_language_tag(tag) {
            problems.push(
                Problem::error(locate(key), format!("{key}: \"{tag}\" is not a language tag"))
                    .help("write a BCP 47 tag: \"en\", \"fr\", \"pt-BR\", \"zh-Hant\""),
            );
        }
    }
    if !site.languages.is_empty() && !site.languages.contains(&site.language) {
        problems.push(
            Problem::error(
                locate("site.languages"),
                format!("site.languages does not list site.language \"{}\"", site.language),
            )
            .help("list the default language too, e.g. languages = [\"en\", \"fr\"] with language = \"en\""),
        );
    }
    if let Some(d) = site.digits.as_deref().filter(|d| !NUMBERING_SYSTEMS.contains(d)) {
        problems.push(
            Problem::error(
                locate("site.digits"),
                format!("site.digits: \"{d}\" is not a set of digits hallmark knows"),
            )
            .help(format!("use one of {}, or leave it out for each language's own", NUMBERING_SYSTEMS.join(", "))),
        );
    }
}

/// A theme is a directory name: lowercase letters, digits, `-` and `_`.
fn is_theme_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Relative, and within the directory that holds the content (one `..` at most, at the start).
fn stays_beside_content(dir: &Path) -> bool {
    let mut depth: i32 = 1; // the content directory is one below the site's root
    for c in dir.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::ParentDir => depth -= 1,
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    depth >= 1
}

/// A DNS host name (`images.example.org`), lowercase.
pub(crate) fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_are_names_and_the_output_stays_beside_the_content() {
        for ok in ["default", "my-theme_2"] {
            assert!(is_theme_name(ok), "{ok}");
        }
        for bad in ["/etc", "../x", "a/b", "..", "", "Default", "c:\\x"] {
            assert!(!is_theme_name(bad), "{bad}");
        }
        for ok in ["../public", "../site/out", "../x/../public"] {
            assert!(stays_beside_content(Path::new(ok)), "{ok}");
        }
        for bad in ["/var/www", "../../public", "../..", "..", "../../../etc", "../x/../../y"] {
            assert!(!stays_beside_content(Path::new(bad)), "{bad}");
        }
        assert!(is_host("images.example.org") && !is_host("https://x.org") && !is_host("x.org/a") && !is_host(""));
    }
}
