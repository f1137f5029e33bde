use std::collections::BTreeSet;
use std::path::Path;

use super::*;

/// The languages the default theme ships.
const SHIPPED: &[&str] = &["en", "fr", "de", "es", "ko", "ar"];

/// Keys that templates build from a state (`"notice-" ~ state`) or that code asks for by name.
const COMPUTED: &[&str] = &[
    "language-name",
    "notice-revoked",
    "notice-revoked-dated",
    "notice-revoked-title",
    "notice-suspended",
    "notice-suspended-dated",
    "notice-suspended-title",
];

fn keys(locales: &Locales, lang: &str) -> BTreeSet<String> {
    locales.keys(lang).into_iter().map(String::from).collect()
}

#[test]
fn every_shipped_locale_has_exactly_the_english_messages() {
    let locales = Locales::built_in(Digits::default());
    let english = keys(&locales, "en");
    for lang in SHIPPED {
        let have = keys(&locales, lang);
        let missing: Vec<_> = english.difference(&have).collect();
        let extra: Vec<_> = have.difference(&english).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, not in English {extra:?}");
    }
}

#[test]
fn every_english_message_is_used_by_a_template_or_the_code() {
    let mut used: BTreeSet<String> = COMPUTED.iter().map(|k| k.to_string()).collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for sub in ["themes/default/templates", "src/site/produce", "src/notify", "src/render/outcome_views.rs"] {
        for entry in walkdir::WalkDir::new(dir.join(sub)).into_iter().filter_map(|e| e.ok()) {
            if entry.file_type().is_file() {
                texts.push(std::fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
    }
    for text in &texts {
        for (at, _) in text.match_indices("key=\"") {
            let rest = &text[at + 5..];
            used.insert(rest[..rest.find('"').unwrap_or(0)].to_string());
        }
        for quoted in text.split('"').skip(1).step_by(2) {
            used.insert(quoted.to_string());
        }
    }
    // The e-mails' keys are made from the event and the name of the text: notify::strings's tests
    // check those.
    let locales = Locales::built_in(Digits::default());
    // The verifier's sentences are used where the browser's scripts write them in English.
    let scripts: String = ["page.js", "verifier.js", "verify-page.js", "verify.js"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join("themes/default/src").join(f)).unwrap())
        .collect();
    for key in locales.keys("en").into_iter().filter(|k| k.starts_with("js-")) {
        // Sentences the scripts put together (`${state} by the issuer.`) are found by their
        // first or last three words.
        let english = locales.text("en", key, &[]);
        let words: Vec<&str> = english.split_whitespace().collect();
        let head = english.split('{').next().unwrap_or_default();
        let tail = words[words.len().saturating_sub(3)..].join(" ");
        if (!head.is_empty() && scripts.contains(head)) || (!tail.contains('{') && scripts.contains(&tail)) {
            used.insert(key.to_string());
        }
    }
    let unused: Vec<_> =
        keys(&locales, "en").into_iter().filter(|k| !k.starts_with("email-") && !used.contains(k)).collect();
    assert!(unused.is_empty(), "messages nothing uses: {unused:?}");
}

#[test]
fn a_message_missing_in_a_language_falls_back_to_english_and_is_warned_about() {
    let site = tempfile::tempdir().unwrap();
    let fr = site.path().join("locales/fr");
    std::fs::create_dir_all(&fr).unwrap();
    std::fs::write(fr.join("extra.ftl"), "verify-button = Contrôler\n").unwrap();
    let nl = site.path().join("locales/nl");
    std::fs::create_dir_all(&nl).unwrap();
    std::fs::write(nl.join("pages.ftl"), "verify-button = Controleren\n").unwrap();
    let locales = Locales::load(Path::new("/nonexistent"), site.path(), Digits::default()).unwrap();
    assert_eq!(locales.text("fr", "verify-button", &[]), "Contrôler", "the site overrides the theme");
    assert_eq!(locales.text("fr", "verify-title", &[]), "Vérifier une attestation");
    assert_eq!(locales.text("nl", "verify-button", &[]), "Controleren", "a site adds a language");
    assert_eq!(locales.text("nl", "verify-title", &[]), "Verify a credential", "English where nl has none");
    let warnings = locales.check(&["en".into(), "fr".into(), "nl".into()]);
    let text: Vec<String> = warnings.iter().map(|p| p.message.clone()).collect();
    assert!(
        text.iter().any(|m| m.contains("`verify-title`") && m.starts_with("\"nl\" has no translation of")),
        "{text:?}"
    );
    assert_eq!(text.len(), 1, "one warning a language, naming every message: {text:?}");
    assert!(!text.iter().any(|m| m.contains("\"fr\"")), "fr is complete: {text:?}");
    assert!(warnings.iter().all(|p| !p.is_error()));
}

#[test]
fn a_malformed_message_file_is_an_error_at_its_line_and_column() {
    let site = tempfile::tempdir().unwrap();
    let fr = site.path().join("locales/fr");
    std::fs::create_dir_all(&fr).unwrap();
    std::fs::write(fr.join("pages.ftl"), "ok = fine\nbroken = { $name ]\nlater = x\n").unwrap();
    let Err(Error::Content { problems }) = Locales::load(Path::new("/nonexistent"), site.path(), Digits::default())
    else {
        panic!("a malformed .ftl loads");
    };
    let p = problems.iter().next().unwrap();
    let at = p.location.as_ref().unwrap();
    assert!(at.path.ends_with("locales/fr/pages.ftl"));
    assert_eq!((at.line, at.column), (2, 18), "at the `]` where the message breaks: {p:?}");
    assert!(p.help.is_some());
}

#[test]
fn plurals_and_numbers_follow_the_language() {
    let locales = Locales::built_in(Digits::default());
    let count = |lang: &str, n: i64| {
        locales.text(lang, "badge-issued-count", &[("count", FluentValue::from(n)), ("issuer", "X".into())])
    };
    assert_eq!(count("en", 1), "1 credential issued by X");
    assert_eq!(count("en", 12000), "12,000 credentials issued by X");
    assert_eq!(count("fr", 1), "1 attestation délivrée par X");
    assert_eq!(count("fr", 2), "2 attestations délivrées par X");
    assert_eq!(count("ar", 2), "شهادتان صادرتان عن X");
    assert_eq!(count("ar", 3), "3 شهادات صادرة عن X");
    let arab = Locales::built_in(Digits::named("arab").unwrap());
    let n = arab.text("ar", "badge-issued-count", &[("count", FluentValue::from(11)), ("issuer", "X".into())]);
    assert_eq!(n, "١١ شهادة صادرة عن X");
}

#[test]
fn arabic_hebrew_persian_and_urdu_are_right_to_left() {
    for rtl in ["ar", "he", "fa", "ur", "ar-EG"] {
        assert_eq!(direction(rtl), "rtl", "{rtl}");
    }
    for ltr in ["en", "fr", "ko", "de-CH"] {
        assert_eq!(direction(ltr), "ltr", "{ltr}");
    }
}
