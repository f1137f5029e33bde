//! The templates of one language with its plain messages written in: `{{ t(key="…") }}` (a message
//! without variables) is the same text on every page of that language, so a build that renders
//! many pages in it renders them from a copy of the templates that holds the text itself. A
//! landing page calls `t` about forty times; the calls, each a function call in Tera with its
//! arguments' map and a lookup of the message, were 4 to 5 % of a template change.
//!
//! A copy is made for a language once a build has rendered [`WARM`] pages in it the ordinary way
//! (a build adding one row renders one page and never pays for the copy). It is made only of what
//! gives the very same bytes: a message whose text has no `{` or `}` (which Tera would read as
//! its own), no line break (so an error's line is the source's) and no white space at either end
//! (which a neighbouring `{%-` or `-%}` would trim as text), in a template that has no
//! `raw` block, of a theme none of whose templates binds `lang` (`set`, `for`, `macro`…): the
//! function reads the page's language from there. Everything else stays a call.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use tera::Tera;

use super::locale::{Locales, Translate};

/// The templates Tera escapes HTML in (the theme's own Tera and each copy alike).
pub(crate) const AUTOESCAPED: &[&str] = &[".html", ".xml", ".svg"];

/// How many pages of a language are rendered from the theme's own templates before the copy with
/// its messages written in is made.
pub(crate) const WARM: usize = 64;

/// A language's copy of the templates, made when first wanted.
pub(crate) struct Plain {
    lang: String,
    rendered: AtomicUsize,
    tera: OnceLock<Option<Tera>>,
}

impl Plain {
    /// One for each language of `locales`.
    pub(crate) fn for_languages(locales: &Locales) -> Vec<Plain> {
        let fresh = |lang: &str| Plain { lang: lang.to_string(), rendered: AtomicUsize::new(0), tera: OnceLock::new() };
        locales.languages().map(fresh).collect()
    }

    /// The copy of `templates` for `lang` among `all`, once [`WARM`] pages of it were rendered
    /// without; `None` before, or if the copy could not be made.
    pub(crate) fn tera<'p>(
        all: &'p [Plain],
        lang: &str,
        templates: &[(String, String)],
        locales: &Arc<Locales>,
    ) -> Option<&'p Tera> {
        let plain = all.iter().find(|p| p.lang == lang)?;
        // Once made, the copy is taken as it is: no count shared by every page's thread.
        if let Some(made) = plain.tera.get() {
            return made.as_ref();
        }
        if plain.rendered.fetch_add(1, Ordering::Relaxed) < WARM {
            return None;
        }
        plain.tera.get_or_init(|| written_in(lang, templates, locales)).as_ref()
    }
}

/// `templates` with the plain messages of `lang` written in, as a Tera of their own.
pub(crate) fn written_in(lang: &str, templates: &[(String, String)], locales: &Arc<Locales>) -> Option<Tera> {
    // A template that binds `lang` could pass it on to another it includes, or to a macro.
    if templates.iter().any(|(_, source)| binds_lang(source)) {
        return None;
    }
    let mut tera = Tera::new();
    tera.autoescape_on(AUTOESCAPED.to_vec());
    tera.register_function("t", Translate::new(Arc::clone(locales)));
    let sources: Vec<(&str, String)> =
        templates.iter().map(|(name, source)| (name.as_str(), with_messages(source, lang, locales))).collect();
    tera.add_raw_templates(sources.iter().map(|(n, s)| (*n, s.as_str()))).ok()?;
    Some(tera)
}

/// `source` with each `{{ t(key="…") }}` whose message in `lang` can be written in replaced by it.
pub(crate) fn with_messages(source: &str, lang: &str, locales: &Locales) -> String {
    const OPEN: &str = "{{ t(key=\"";
    const CLOSE: &str = "\") }}";
    if binds_lang(source) || source.contains("raw %}") || source.contains("raw -%}") {
        return source.to_string();
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let key_len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(after.len());
        let text = after[key_len..]
            .starts_with(CLOSE)
            .then(|| locales.message(lang, &after[..key_len], None))
            .flatten()
            .filter(|t| !t.contains(['{', '}', '\n', '\r']))
            // Tera's `{%-` and `-%}` trim the white space of the text beside them, not of a call's
            // output: a message that begins or ends with white space stays a call.
            .filter(|t| !t.starts_with(char::is_whitespace) && !t.ends_with(char::is_whitespace));
        match text {
            Some(text) => {
                out.push_str(&rest[..at]);
                out.push_str(&text);
                rest = &after[key_len + CLOSE.len()..];
            }
            None => {
                out.push_str(&rest[..at + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a tag of `source` other than a condition names `lang` (a `set`, a loop, a macro's
/// argument…): the page's language could then differ from the one `t` reads there.
fn binds_lang(source: &str) -> bool {
    source.split("{%").skip(1).any(|tag| {
        let tag = tag.split("%}").next().unwrap_or_default().trim_matches(|c: char| c == '-' || c.is_whitespace());
        let first = tag.split_whitespace().next().unwrap_or_default();
        let names_lang = tag.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|word| word == "lang");
        names_lang && !matches!(first, "if" | "elif")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::locale::Digits;

    fn locales() -> Arc<Locales> {
        Arc::new(Locales::built_in(Digits::default()))
    }

    fn render(tera: &Tera, page: &str, lang: &str) -> String {
        let mut context = tera::Context::new();
        context.insert("lang", lang);
        context.insert("name", "Zoë <b>");
        tera.render(page, &context).unwrap()
    }

    #[test]
    fn plain_messages_are_written_in_and_pages_come_out_the_same() {
        let templates = vec![
            ("base.html".to_string(), r#"<h1>{{ t(key="share-title") }}</h1>{% block main %}{% endblock %}"#.to_string()),
            (
                "page.html".to_string(),
                r#"{% extends "base.html" %}{% block main %}{{ t(key="verification-title") }}|{{ t(key="credential-summary", name=name, badge="B", issuer="I", date="D") }}{% endblock %}"#
                    .to_string(),
            ),
        ];
        let locales = locales();
        let mut generic = Tera::new();
        generic.autoescape_on(vec![".html"]);
        generic.register_function("t", Translate::new(Arc::clone(&locales)));
        generic.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str()))).unwrap();
        for lang in ["en", "fr", "ar", "ko"] {
            let written = written_in(lang, &templates, &locales).expect("made");
            assert_eq!(render(&written, "page.html", lang), render(&generic, "page.html", lang), "{lang}");
            let source = with_messages(&templates[0].1, lang, &locales);
            assert!(!source.contains("t(key="), "{lang}: {source}");
            assert!(source.contains(&locales.message(lang, "share-title", None).unwrap()));
            let page = with_messages(&templates[1].1, lang, &locales);
            assert!(page.contains(r#"t(key="credential-summary""#), "a message with variables stays a call");
            let unknown = r#"<p>{{ t(key="no-such-message-here") }}</p>"#;
            assert_eq!(with_messages(unknown, lang, &locales), unknown, "an unknown message stays a call");
        }
    }

    #[test]
    fn a_template_that_binds_lang_or_has_a_raw_block_is_left_as_it_is() {
        let locales = locales();
        for source in [
            r#"{% for lang in ["fr", "ko"] %}{{ t(key="share-title") }}{% endfor %}"#,
            r#"{%- set lang = "fr" -%}{{ t(key="share-title") }}"#,
            r#"{% macro m(lang) %}{{ t(key="share-title") }}{% endmacro %}"#,
            r#"{% raw %}{{ t(key="share-title") }}{% endraw %}"#,
        ] {
            assert_eq!(with_messages(source, "en", &locales), source);
        }
        let condition = r#"{% if lang != "en" %}{{ t(key="share-title") }}{% endif %}"#;
        assert_ne!(with_messages(condition, "en", &locales), condition, "a condition on lang binds nothing");
        // One template that binds it, and the theme is not copied at all: it could include another.
        let theme = [
            ("a.html".to_string(), r#"{% set lang = "fr" %}{% include "b.html" %}"#.to_string()),
            ("b.html".to_string(), r#"{{ t(key="share-title") }}"#.to_string()),
        ];
        assert!(written_in("en", &theme, &locales).is_none());
        assert!(written_in("en", &theme[1..], &locales).is_some());
    }

    /// A message with white space at an end stays a call: written in, a neighbouring `{%-` would
    /// trim it, which it does not do to a call's output.
    #[test]
    fn a_message_with_white_space_at_an_end_stays_a_call() {
        let site = tempfile::tempdir().unwrap();
        let en = site.path().join("locales/en");
        std::fs::create_dir_all(&en).unwrap();
        std::fs::write(en.join("extra.ftl"), "spaced = Issued by{\" \"}\nplain = Issued\n").unwrap();
        let locales =
            Arc::new(Locales::load(std::path::Path::new("/nonexistent"), site.path(), Digits::default()).unwrap());
        assert_eq!(locales.message("en", "spaced", None).as_deref(), Some("Issued by "));
        let source =
            r#"[{{ t(key="spaced") }}{%- if true %}x{% endif %}][{{ t(key="plain") }}{%- if true %}x{% endif %}]"#;
        let templates = vec![("p.html".to_string(), source.to_string())];
        let written = with_messages(source, "en", &locales);
        assert!(written.contains(r#"{{ t(key="spaced") }}"#) && !written.contains(r#"t(key="plain")"#), "{written}");
        let copy = written_in("en", &templates, &locales).unwrap();
        assert_eq!(render(&copy, "p.html", "en"), "[Issued by x][Issuedx]");
    }

    #[test]
    fn the_copy_is_made_only_after_warm_pages() {
        let locales = locales();
        let templates = vec![("p.html".to_string(), r#"{{ t(key="share-title") }}"#.to_string())];
        let all = Plain::for_languages(&locales);
        for _ in 0..WARM {
            assert!(Plain::tera(&all, "fr", &templates, &locales).is_none());
        }
        let tera = Plain::tera(&all, "fr", &templates, &locales).expect("made once warm");
        assert_eq!(render(tera, "p.html", "fr"), locales.message("fr", "share-title", None).unwrap());
        assert!(Plain::tera(&all, "xx", &templates, &locales).is_none(), "no messages, no copy");
    }
}
