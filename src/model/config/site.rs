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
