//! `hallmark verify --lang`: the states and the steps of a report in another language, from the
//! theme's `locales/<lang>/verifier.ftl` (the in-browser verifier's words). The technical details
//! stay as they are.

use crate::render::locale::{Digits, Locales};
use crate::verify::State;

/// The words of one language.
pub struct Words {
    locales: Locales,
    lang: String,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words").field("lang", &self.lang).finish()
    }
}

impl Words {
    /// The default theme's words in `lang`, or the languages it has when it has none for `lang`.
    pub fn new(lang: &str) -> Result<Words, Vec<String>> {
        let none = std::path::Path::new("/nonexistent-hallmark-theme");
        let locales = Locales::load(none, none, Digits::default()).map_err(|_| Vec::new())?;
        let langs = crate::render::locale::load::BUILT_IN.iter().map(|(l, ..)| l.to_string());
        let mut known: Vec<String> = langs.collect();
        known.dedup();
        if locales.has(lang) {
            Ok(Words { locales, lang: lang.to_string() })
        } else {
            Err(known)
        }
    }

    /// How `state` is said (`VERIFIED` in English, `Vérifiée` in French).
    pub fn state(&self, state: State) -> String {
        let key = match state {
            State::Verified => "js-verified",
            State::Revoked => "js-revoked",
            State::Suspended => "js-suspended",
            State::Expired => "js-expired",
            State::NotYetValid => "js-not-yet-valid",
            State::Failed => "js-not-valid",
            State::Unknown => "js-unknown",
        };
        if self.lang == crate::render::locale::FALLBACK {
            return state.label().to_string();
        }
        self.locales.text(&self.lang, key, &[])
    }

    /// The name of `step` (`proof`, `issuer key`, `status`, `validity period`…).
    pub fn step(&self, step: &str) -> String {
        let key = match step {
            "credential" => "js-step-credential",
            "proof" => "js-step-proof",
            "issuer key" => "js-step-key",
            "status" => "js-step-status",
            "validity period" => "js-step-dates",
            _ => return step.to_string(),
        };
        if self.lang == crate::render::locale::FALLBACK {
            return step.to_string();
        }
        self.locales.text(&self.lang, key, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_steps_are_said_in_the_language_asked_for() {
        let fr = Words::new("fr").unwrap();
        assert_eq!(fr.state(State::Verified), "Vérifiée");
        assert_eq!(fr.step("issuer key"), "Clé de l’émetteur");
        assert_eq!(fr.step("schema"), "schema");
        let en = Words::new("en").unwrap();
        assert_eq!(en.state(State::Unknown), "COULD NOT CHECK");
        assert_eq!(en.step("validity period"), "validity period");
        assert_eq!(Words::new("ar").unwrap().state(State::Revoked), "ملغاة");
        let known = Words::new("xx").unwrap_err();
        assert!(known.contains(&"ko".to_string()) && known.len() == 6, "{known:?}");
    }
}
