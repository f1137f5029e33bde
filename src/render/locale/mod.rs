//! Languages: the theme's and the site's Fluent messages (`locales/<lang>/*.ftl`), looked up with
//! English as the fallback, and each language's dates and numbers (ICU4X). Templates call
//! `t(key="…", name=…)`; the page's language is the context's `lang`.

pub(crate) mod load;
mod tera_fn;
pub(crate) mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::ground::date::Date;
use crate::ground::error::{Error, Location, Problem, Problems, Result};
pub(crate) use tera_fn::Translate;
pub(crate) use values::Digits;

/// The language every other falls back to, and whose messages are the complete set.
pub(crate) const FALLBACK: &str = "en";

/// Languages written right to left.
const RTL: &[&str] = &["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];

/// One language's messages and formatters.
struct Locale {
    bundle: FluentBundle<FluentResource>,
    keys: BTreeSet<String>,
    values: values::Values,
}

/// Every language of the theme and the site.
pub(crate) struct Locales {
    by_lang: BTreeMap<String, Locale>,
    /// The first file that defines each message of each language, for warnings (by file name).
    origins: BTreeMap<String, std::path::PathBuf>,
    /// A hash of every message file: pages are rebuilt when it changes.
    pub fingerprint: String,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales").field("languages", &self.by_lang.keys().collect::<Vec<_>>()).finish()
    }
}

impl Locales {
    /// The built-in messages, a theme directory's and the site's `content_dir/locales/`.
    pub(crate) fn load(theme_dir: &Path, content_dir: &Path, digits: Digits) -> Result<Locales> {
        Self::from_sources(load::sources(theme_dir, content_dir)?, digits)
    }

    /// The default theme's messages only.
    #[cfg(test)]
    pub(crate) fn built_in(digits: Digits) -> Locales {
        let none = Path::new("/nonexistent-hallmark-theme");
        Self::load(none, none, digits).expect("the built-in locales parse")
    }

    fn from_sources(sources: Vec<load::Source>, digits: Digits) -> Result<Locales> {
        let mut by_lang: BTreeMap<String, Locale> = BTreeMap::new();
        let mut origins = BTreeMap::new();
        let mut problems = Problems::new();
        let texts: Vec<&str> = sources.iter().flat_map(|s| [s.lang.as_str(), s.resource.source()]).collect();
        let fingerprint = crate::ground::hash::short_key(&texts);
        for s in sources {
            let Ok(id) = s.lang.parse::<LanguageIdentifier>() else {
                problems.push(
                    Problem::error(Location::new(&s.path, 1, 1), format!("\"{}\" is not a language tag", s.lang))
                        .help("name the folder with a BCP 47 tag: locales/fr/, locales/pt-BR/"),
                );
                continue;
            };
            let locale = by_lang.entry(s.lang.clone()).or_insert_with(|| new_locale(id, &s.lang, digits));
            for key in message_ids(&s.resource) {
                origins.entry(format!("{}\u{0}{key}", s.lang)).or_insert_with(|| s.path.clone());
                locale.keys.insert(key);
            }
            locale.bundle.add_resource_overriding(s.resource);
        }
        if problems.has_errors() {
            return Err(Error::Content { problems });
        }
        Ok(Locales { by_lang, origins, fingerprint })
    }

    /// Whether messages exist for `lang`.
    pub(crate) fn has(&self, lang: &str) -> bool {
        self.by_lang.contains_key(lang)
    }

    /// The languages it has messages in.
    pub(crate) fn languages(&self) -> impl Iterator<Item = &str> + '_ {
        self.by_lang.keys().map(String::as_str)
    }

    /// Message `key` in `lang` (else in English) with `args`, or `None` if no language has it.
    pub(crate) fn message(&self, lang: &str, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        [lang, FALLBACK].iter().filter_map(|l| self.by_lang.get(*l)).find_map(|locale| {
            let pattern = locale.bundle.get_message(key)?.value()?;
            let mut errors = Vec::new();
            Some(locale.bundle.format_pattern(pattern, args, &mut errors).into_owned())
        })
    }

    /// Message `key` with string arguments, or the key itself if no language has it.
    pub(crate) fn text(&self, lang: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, v.clone());
        }
        self.message(lang, key, Some(&a)).unwrap_or_else(|| key.to_string())
    }

    /// The keys of `lang` (English's are the complete set).
    pub(crate) fn keys(&self, lang: &str) -> Vec<&str> {
        self.by_lang.get(lang).map(|l| l.keys.iter().map(String::as_str).collect()).unwrap_or_default()
    }

    /// The in-browser verifier's sentences (the `js-` messages) for a page in `lang`: each English
    /// sentence, as the verifier writes it with `{variables}`, and its translation, as JSON for
    /// `assets/messages-<lang>.json` (read by the theme's words.js).
    pub(crate) fn browser_messages(&self, lang: &str) -> Vec<u8> {
        const VARIABLES: &[&str] = &["date", "from", "until"];
        let args: Vec<(&str, FluentValue<'_>)> =
            VARIABLES.iter().map(|v| (*v, FluentValue::from(format!("{{{v}}}")))).collect();
        let map: serde_json::Map<String, serde_json::Value> = self
            .keys(FALLBACK)
            .into_iter()
            .filter(|k| k.starts_with("js-"))
            .map(|k| (self.text(FALLBACK, k, &args), self.text(lang, k, &args).into()))
            .collect();
        serde_json::to_vec(&map).unwrap_or_default()
    }

    /// `d` as a long date in `lang`.
    pub(crate) fn date(&self, lang: &str, d: Date) -> String {
        self.values_of(lang).map_or_else(|| d.human(), |v| v.date(d))
    }

    fn values_of(&self, lang: &str) -> Option<&values::Values> {
        self.by_lang.get(lang).or_else(|| self.by_lang.get(FALLBACK)).map(|l| &l.values)
    }

    /// A warning for each English message that `lang` lacks (shown in English instead), and an
    /// error if `lang` has no messages at all.
    pub(crate) fn check(&self, langs: &[String]) -> Problems {
        let mut problems = Problems::new();
        let english = self.keys(FALLBACK);
        for lang in langs.iter().filter(|l| l.as_str() != FALLBACK) {
            if !self.has(lang) {
                problems.push(
                    Problem::general_warning(format!(
                        "no messages for the language \"{lang}\": its pages are in English"
                    ))
                    .help(format!("add content/locales/{lang}/pages.ftl, translated from the theme's locales/en/")),
                );
                continue;
            }
            let have = self.keys(lang);
            let missing: Vec<String> =
                english.iter().filter(|k| have.binary_search(k).is_err()).map(|k| format!("`{k}`")).collect();
            if missing.is_empty() {
                continue;
            }
            let files: BTreeSet<String> = english
                .iter()
                .filter(|k| have.binary_search(k).is_err())
                .filter_map(|k| self.origins.get(&format!("{FALLBACK}\u{0}{k}")))
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            let files: Vec<String> = files.into_iter().collect();
            problems.push(
                Problem::general_warning(format!(
                    "\"{lang}\" has no translation of {}, shown in English: {}",
                    crate::ground::error::plural(missing.len(), "message"),
                    missing.join(", ")
                ))
                .help(format!(
                    "translate them in content/locales/{lang}/ (from the theme's locales/en/{})",
                    files.join(", ")
                )),
            );
        }
        problems
    }
}

/// Whether `lang` is written right to left.
pub(crate) fn is_rtl(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase();
    RTL.contains(&primary.as_str())
}

/// `ltr` or `rtl`, for the `dir` attribute.
pub(crate) fn direction(lang: &str) -> &'static str {
    if is_rtl(lang) {
        "rtl"
    } else {
        "ltr"
    }
}

fn new_locale(id: LanguageIdentifier, lang: &str, digits: Digits) -> Locale {
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Pages isolate names themselves (`dir="auto"`, `<bdi>`); Fluent's own marks would show in
    // attributes, e-mail subjects and plain text.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match digits.0 {
        Some(0) => tera_fn::format_number::<0, _>,
        Some(1) => tera_fn::format_number::<1, _>,
        Some(2) => tera_fn::format_number::<2, _>,
        Some(3) => tera_fn::format_number::<3, _>,
        Some(4) => tera_fn::format_number::<4, _>,
        Some(5) => tera_fn::format_number::<5, _>,
        Some(6) => tera_fn::format_number::<6, _>,
        _ => tera_fn::format_number::<{ usize::MAX }, _>,
    }));
    Locale { bundle, keys: BTreeSet::new(), values: values::Values::new(lang, digits) }
}

fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
