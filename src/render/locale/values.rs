//! Dates and numbers in a language's own way, from CLDR through ICU4X's compiled data: no month
//! names or digit tables of our own.

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::fieldsets::YMD;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;

use crate::ground::date::Date;

pub(crate) use crate::model::config::NUMBERING_SYSTEMS;

/// Which digits numbers and dates use: the language's default in CLDR, or one of
/// [`NUMBERING_SYSTEMS`] (its index) in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Digits(pub Option<usize>);

impl Digits {
    /// The digits named `name` (`latn`, `arab`…), if hallmark knows them.
    pub(crate) fn named(name: &str) -> Option<Digits> {
        NUMBERING_SYSTEMS.iter().position(|n| *n == name).map(|i| Digits(Some(i)))
    }
}

/// The formatters of one language.
pub(crate) struct Values {
    dates: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    numbers: Option<DecimalFormatter>,
    /// The dates formatted so far: a site's credentials share a few hundred issue dates, and
    /// formatting one again for each landing page and certificate was 1 % of a template change.
    formatted: std::sync::RwLock<crate::ground::hash::FastMap<Date, String>>,
}

/// How many formatted dates a language keeps before it forgets them all (a few MB at most).
const KEPT_DATES: usize = 50_000;

impl Values {
    /// The formatters of `lang` (a BCP 47 tag), with `digits`.
    pub(crate) fn new(lang: &str, digits: Digits) -> Values {
        let locale = icu_locale(lang, digits);
        Values {
            dates: locale.as_ref().and_then(|l| FixedCalendarDateTimeFormatter::try_new(l.into(), YMD::long()).ok()),
            numbers: locale.as_ref().and_then(|l| DecimalFormatter::try_new(l.into(), Default::default()).ok()),
            formatted: Default::default(),
        }
    }

    /// `d` as a long date: `4 December 2026`, `4 décembre 2026`, `2026년 12월 4일`.
    pub(crate) fn date(&self, d: Date) -> String {
        let read = self.formatted.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(text) = read.get(&d) {
            return text.clone();
        }
        drop(read);
        let (y, m, day) = (d.year(), d.month(), d.day());
        let text = match (&self.dates, IcuDate::try_new_gregorian(y, m, day)) {
            (Some(f), Ok(date)) => f.format(&date).to_string(),
            _ => d.human(),
        };
        let mut kept = self.formatted.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() >= KEPT_DATES {
            kept.clear();
        }
        kept.insert(d, text.clone());
        text
    }

    /// `n` with the language's digits and grouping: `10,000`, `10 000`, `١٠٬٠٠٠`.
    pub(crate) fn number(&self, n: f64) -> String {
        let decimal = if n.fract() == 0.0 && n.abs() < 1e15 {
            Decimal::from(n as i64)
        } else {
            match n.to_string().parse::<Decimal>() {
                Ok(d) => d,
                Err(_) => return n.to_string(),
            }
        };
        match &self.numbers {
            Some(f) => f.format(&decimal).to_string(),
            None => n.to_string(),
        }
    }
}

/// The ICU locale of `lang`: a bare `en` writes dates day first (`4 December 2026`), as hallmark
/// always has, unambiguous in every English-speaking country; `en-US` and the like keep theirs.
fn icu_locale(lang: &str, digits: Digits) -> Option<Locale> {
    let base = if lang.eq_ignore_ascii_case("en") { "en-GB" } else { lang };
    let tag = match digits.0.and_then(|i| NUMBERING_SYSTEMS.get(i)) {
        None => base.to_string(),
        Some(nu) => format!("{base}-u-nu-{nu}"),
    };
    tag.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(lang: &str, digits: Digits) -> String {
        Values::new(lang, digits).date(Date::parse_iso("2026-12-04").unwrap())
    }

    #[test]
    fn a_date_formatted_again_is_taken_from_those_kept_and_reads_the_same() {
        let fr = Values::new("fr", Digits::default());
        let d = Date::parse_iso("2026-12-04").unwrap();
        assert_eq!(fr.date(d), "4 décembre 2026");
        assert_eq!(fr.formatted.read().unwrap().get(&d).map(String::as_str), Some("4 décembre 2026"));
        assert_eq!(fr.date(d), "4 décembre 2026");
        assert_eq!(Values::new("de", Digits::default()).date(d), "4. Dezember 2026", "each language keeps its own");
    }

    #[test]
    fn long_dates_follow_each_language() {
        assert_eq!(date("en", Digits::default()), "4 December 2026");
        assert_eq!(date("fr", Digits::default()), "4 décembre 2026");
        assert_eq!(date("de", Digits::default()), "4. Dezember 2026");
        assert_eq!(date("es", Digits::default()), "4 de diciembre de 2026");
        assert_eq!(date("ko", Digits::default()), "2026년 12월 4일");
    }

    #[test]
    fn arabic_dates_take_the_configured_digits() {
        let native = date("ar", Digits::named("arab").unwrap());
        assert!(native.contains('٤') && native.contains("٢٠٢٦"), "{native}");
        let latin = date("ar", Digits::named("latn").unwrap());
        assert!(latin.contains('4') && latin.contains("2026") && !latin.contains('٤'), "{latin}");
        assert!(latin.contains("ديسمبر"), "{latin}");
    }

    #[test]
    fn english_dates_are_what_hallmark_always_wrote() {
        for d in ["2026-01-01", "2024-02-29", "1999-12-31"] {
            let d = Date::parse_iso(d).unwrap();
            assert_eq!(Values::new("en", Digits::default()).date(d), d.human());
        }
    }

    #[test]
    fn numbers_are_grouped_in_each_language() {
        assert_eq!(Values::new("en", Digits::default()).number(10000.0), "10,000");
        assert_eq!(Values::new("de", Digits::default()).number(10000.0), "10.000");
        assert_eq!(Values::new("ar", Digits::named("latn").unwrap()).number(3.0), "3");
        assert_eq!(Values::new("ar", Digits::named("arab").unwrap()).number(3.0), "٣");
    }
}
