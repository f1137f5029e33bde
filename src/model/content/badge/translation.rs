//! Badge translations: `badges/<slug>.<lang>.md` gives the badge's name, description and criteria
//! in another language, for its pages in that language. The signed achievement keeps the badge's
//! own words: verifiers and wallets read one language.

use std::path::Path;

use serde::Deserialize;

use crate::ground::error::{Location, Problem, Problems};

/// A badge's words in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadgeText {
    pub name: String,
    pub description: Option<String>,
    /// Markdown; empty when the translation gives no criteria (the badge's own are shown).
    pub criteria_markdown: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    name: String,
    description: Option<String>,
}

/// `("solar-pv-installer", "fr")` for the file stem `solar-pv-installer.fr`.
pub(crate) fn split_stem(stem: &str) -> Option<(&str, &str)> {
    let (slug, lang) = stem.rsplit_once('.')?;
    crate::model::config::is_language_tag(lang).then_some((slug, lang))
}

/// The translation in `text` (read from `path`), or `None` with its problems recorded.
pub(crate) fn parse(path: &Path, text: &str, problems: &mut Problems) -> Option<BadgeText> {
    let help =
        "a translation is +++, name = \"…\" and optionally description = \"…\", +++, then the criteria in Markdown";
    let Some((front, offset, body)) = super::split_front_matter(text) else {
        problems.push(Problem::error(Location::new(path, 1, 1), "the translation has no front matter").help(help));
        return None;
    };
    match toml::from_str::<Front>(front) {
        Ok(f) => {
            Some(BadgeText { name: f.name, description: f.description, criteria_markdown: body.trim().to_string() })
        }
        Err(e) => {
            let at = e.span().map_or(offset, |s| offset + s.start);
            let message = format!("this translation cannot be read: {}", e.message());
            problems.push(Problem::error(Location::at_offset(path, text, at), message).help(help));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_file_is_named_after_its_badge_and_language() {
        assert_eq!(split_stem("solar-pv-installer.fr"), Some(("solar-pv-installer", "fr")));
        assert_eq!(split_stem("sql.pt-BR"), Some(("sql", "pt-BR")));
        assert_eq!(split_stem("solar-pv-installer"), None);
        assert_eq!(split_stem("v1.2"), None);
    }

    #[test]
    fn a_translation_gives_a_name_and_may_give_a_description_and_criteria() {
        let mut problems = Problems::new();
        let t = parse(
            Path::new("b/sql.fr.md"),
            "+++\nname = \"SQL : les bases\"\n+++\n\nÉcrire des requêtes.\n",
            &mut problems,
        );
        assert_eq!(t.unwrap().criteria_markdown, "Écrire des requêtes.");
        let bad = parse(Path::new("b/sql.fr.md"), "+++\nname = \"x\"\nprogram = \"y\"\n+++\n", &mut problems);
        assert!(bad.is_none());
        let p = problems.iter().next().unwrap();
        assert_eq!(p.location.as_ref().unwrap().line, 3, "{p:?}");
    }
}
