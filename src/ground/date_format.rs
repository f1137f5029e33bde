//! How a roster writes its dates: `YYYY-MM-DD` by default, or the strftime pattern of its
//! `[rosters."x.csv"] date_format` (`%d/%m/%Y`, `%d %B %Y`), read by chrono. A cell with a time of
//! day after its date, as LMS exports write them (`2026-03-09 14:33:10`), is taken as the date
//! written; no time zone is applied, so the day is the one the export shows.

use chrono::format::{Item, StrftimeItems};
use chrono::NaiveDate;

use super::date::Date;

/// A roster's date format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum DateFormat<'a> {
    /// `YYYY-MM-DD`.
    #[default]
    Iso,
    /// A strftime pattern, checked by [`DateFormat::pattern`].
    Pattern(&'a str),
}

/// The date formats examples and suggestions are tried in: the common exports' ones. A value that
/// reads as a date in two of them (`03/04/2026`) is ambiguous, and the help says so.
const COMMON: [&str; 12] = [
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%Y/%m/%d",
    "%d %B %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%b %d, %Y",
    "%d-%b-%Y",
    "%Y.%m.%d",
];

/// The date examples are written for.
const SAMPLE: (i32, u32, u32) = (2026, 3, 9);

impl<'a> DateFormat<'a> {
    /// A strftime pattern that writes a whole date (day, month and year), or why not.
    pub(crate) fn pattern(text: &'a str) -> Result<DateFormat<'a>, String> {
        if StrftimeItems::new(text).any(|i| matches!(i, Item::Error)) {
            return Err(format!("\"{text}\" is not a strftime pattern chrono reads"));
        }
        let format = DateFormat::Pattern(text);
        let sample = format.example();
        let (y, m, d) = SAMPLE;
        if format.parse(&sample) != Date::new(y, m as u8, d as u8) {
            return Err(format!(
                "\"{text}\" does not give a whole date (it writes {SAMPLE_ISO} as \"{sample}\"): it needs the day (%d), the month (%m, %B or %b) and the year (%Y)"
            ));
        }
        Ok(format)
    }

    /// The format as the roster's `date_format` may say, or the default.
    pub(crate) fn of(date_format: Option<&'a str>) -> DateFormat<'a> {
        date_format.and_then(|p| DateFormat::pattern(p).ok()).unwrap_or_default()
    }

    /// The date in `raw`, with any time of day after it left out; `None` when it is not one.
    pub(crate) fn parse(self, raw: &str) -> Option<Date> {
        let raw = raw.trim();
        let (date, rest) = match self {
            DateFormat::Iso => {
                let head = raw.get(..10)?;
                (Date::parse_iso(head)?, &raw[10..])
            }
            DateFormat::Pattern(p) => {
                let (d, rest) = NaiveDate::parse_and_remainder(raw, p).ok()?;
                (to_date(d)?, rest)
            }
        };
        (rest.is_empty() || is_time_of_day(rest)).then_some(date)
    }

    /// The sample date (9 March 2026) as this format writes it.
    pub(crate) fn example(self) -> String {
        let (y, m, d) = SAMPLE;
        self.write(Date::new(y, m as u8, d as u8).expect("a real date"))
    }

    /// `date` as this format writes it (`hallmark issue` writes rows in the roster's own format).
    pub(crate) fn write(self, date: Date) -> String {
        match self {
            DateFormat::Iso => date.to_string(),
            DateFormat::Pattern(p) => {
                // At midnight, so a pattern with a time of day (Moodle's `%d/%m/%y, %H:%M`) writes one.
                let Some(date) = NaiveDate::from_ymd_opt(date.year(), date.month().into(), date.day().into())
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                else {
                    return date.to_string();
                };
                let mut out = String::new();
                // A pattern that cannot be written was refused by `pattern`.
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{}", date.format(p)));
                out
            }
        }
    }
}

const SAMPLE_ISO: &str = "2026-03-09";

fn to_date(d: NaiveDate) -> Option<Date> {
    use chrono::Datelike;
    Date::new(d.year(), d.month() as u8, d.day() as u8).filter(|d| d.year() >= 1900)
}

/// A time of day after a date: `T` or spaces, then `HH:MM`, optional seconds and fraction, an
/// optional AM/PM, and an optional zone (`Z`, `UTC`, `+02:00`, `-0500`).
fn is_time_of_day(rest: &str) -> bool {
    let Some(rest) = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' ')) else { return false };
    let s = rest.trim_start();
    let Some(s) = digits(s, 2).and_then(|s| s.strip_prefix(':')).and_then(|s| digits(s, 2)) else { return false };
    let s = match s.strip_prefix(':') {
        Some(sec) => match digits(sec, 2) {
            Some(after) => after.strip_prefix('.').and_then(|f| digits(f, 9)).unwrap_or(after),
            None => return false,
        },
        None => s,
    };
    let s = s.trim_start();
    let s = ["AM", "PM", "am", "pm"].iter().find_map(|m| s.strip_prefix(m)).unwrap_or(s).trim_start();
    match s {
        "" | "Z" | "UTC" => true,
        zone => {
            let Some(offset) = zone.strip_prefix('+').or_else(|| zone.strip_prefix('-')) else { return false };
            let offset = offset.replace(':', "");
            offset.len() == 4 && offset.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

/// `s` after 1 to `most` digits at its start.
fn digits(s: &str, most: usize) -> Option<&str> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (1..=most).contains(&n).then(|| &s[n..])
}

/// The common formats that read `raw` as a date, for a help text.
pub(crate) fn formats_reading(raw: &str) -> Vec<&'static str> {
    COMMON.into_iter().filter(|p| DateFormat::Pattern(p).parse(raw).is_some()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<Date> {
        Date::parse_iso(s)
    }

    #[test]
    fn iso_dates_and_date_times_are_taken_as_the_date_written() {
        let iso = DateFormat::Iso;
        for cell in [
            "2026-03-09",
            "2026-03-09 14:33:10",
            "2026-03-09T14:33:10Z",
            "2026-03-09T23:30:00-05:00",
            "2026-03-09 14:33",
            "2026-03-09 2:33 PM",
            "2026-03-09T14:33:10.123+0100",
        ] {
            assert_eq!(iso.parse(cell), date("2026-03-09"), "{cell}");
        }
        for cell in ["2026-03-09x", "2026-03-09 later", "2026-3-9", "2026-02-30", "2026-03-09 14", "09/03/2026"] {
            assert_eq!(iso.parse(cell), None, "{cell}");
        }
    }

    #[test]
    fn a_pattern_reads_day_first_dates_month_names_and_date_times() {
        let dmy = DateFormat::pattern("%d/%m/%Y").unwrap();
        assert_eq!(dmy.parse("09/03/2026"), date("2026-03-09"));
        assert_eq!(dmy.parse("9/3/2026"), date("2026-03-09"));
        assert_eq!(dmy.parse("09/03/2026 14:33:10"), date("2026-03-09"));
        assert_eq!(dmy.parse("31/02/2026"), None, "no such day");
        assert_eq!(dmy.parse("2026-03-09"), None);
        let named = DateFormat::pattern("%d %B %Y").unwrap();
        assert_eq!(named.parse("2 March 2026"), date("2026-03-02"));
        assert_eq!(named.parse("2 march 2026"), date("2026-03-02"));
        assert_eq!(DateFormat::pattern("%B %d, %Y").unwrap().parse("March 2, 2026"), date("2026-03-02"));
        assert_eq!(named.example(), "09 March 2026");
    }

    #[test]
    fn a_pattern_must_write_a_whole_date() {
        assert!(DateFormat::pattern("%d/%m").unwrap_err().contains("whole date"));
        assert!(DateFormat::pattern("%H:%M").is_err());
        assert!(DateFormat::pattern("%d/%m/%Y %Q").unwrap_err().contains("not a strftime pattern"));
        assert_eq!(DateFormat::of(Some("%d/%m")), DateFormat::Iso, "a refused pattern was reported already");
    }

    #[test]
    fn suggestions_name_every_common_format_that_reads_the_value() {
        assert_eq!(formats_reading("2 March 2026"), vec!["%d %B %Y"]);
        assert_eq!(formats_reading("25/12/2026"), vec!["%d/%m/%Y"]);
        assert_eq!(formats_reading("03/04/2026 10:00"), vec!["%d/%m/%Y", "%m/%d/%Y"]);
        assert!(formats_reading("soon").is_empty());
    }
}
