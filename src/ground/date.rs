//! Calendar dates (proleptic Gregorian, UTC): parsing, formatting and arithmetic for issue and expiry dates.

use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// 1 January 1970.
    pub const EPOCH: Date = Date { year: 1970, month: 1, day: 1 };

    /// A date, if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` exactly.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = digits(0..4)? as i32;
        let month = digits(5..7)? as u8;
        let day = digits(8..10)? as u8;
        if year < 1900 {
            return None;
        }
        Date::new(year, month, day)
    }

    /// Today's date in UTC, from the system clock.
    pub fn today_utc() -> Date {
        let secs =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        Date::from_days(secs.div_euclid(86_400))
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// This date moved by `n` days.
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// `2026-03-12T00:00:00Z`: the first second of the day, as used for `validFrom`.
    pub fn start_of_day(self) -> String {
        format!("{self}T00:00:00Z")
    }

    /// `2026-03-12T23:59:59Z`: the last second of the day, as used for `validUntil`.
    pub fn end_of_day(self) -> String {
        format!("{self}T23:59:59Z")
    }

    /// `12 March 2026`: unambiguous in every English-speaking country.
    pub fn human(self) -> String {
        format!("{} {} {}", self.day, MONTHS[usize::from(self.month - 1)], self.year)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_iso_dates_and_rejects_impossible_ones() {
        assert_eq!(Date::parse_iso("2024-02-29").map(|d| d.to_string()), Some("2024-02-29".into()));
        for bad in ["2023-02-29", "2026-13-01", "2026-04-31", "26-04-01", "2026/04/01", "2026-4-1", "12.03.2026", ""] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_counts_round_trip_across_centuries() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days(), 11_017);
        for d in [-1000, 0, 59, 10_956, 20_000, 50_000] {
            assert_eq!(Date::from_days(d).days(), d);
        }
        assert_eq!(Date::new(2026, 12, 31).unwrap().add_days(1).to_string(), "2027-01-01");
    }

    #[test]
    fn human_form_spells_the_month() {
        assert_eq!(Date::new(2026, 3, 12).unwrap().human(), "12 March 2026");
    }
}

/// Seconds since 1970-01-01T00:00:00Z of an XML Schema / RFC 3339 dateTime
/// (`2026-03-12T00:00:00Z`, with optional fraction and `±hh:mm` offset).
pub fn parse_datetime(s: &str) -> Option<i64> {
    let (date, rest) = s.split_once('T')?;
    let day = Date::parse_iso(date)?;
    if rest.len() < 8 || rest.as_bytes()[2] != b':' || rest.as_bytes()[5] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| rest.get(r)?.parse::<i64>().ok();
    let (h, m, sec) = (num(0..2)?, num(3..5)?, num(6..8)?);
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let mut tail = &rest[8..];
    if let Some(frac) = tail.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        tail = &frac[digits..];
    }
    let offset = match tail {
        "Z" | "z" => 0,
        t if t.len() == 6 && (t.starts_with('+') || t.starts_with('-')) && t.as_bytes()[3] == b':' => {
            let oh: i64 = t[1..3].parse().ok()?;
            let om: i64 = t[4..6].parse().ok()?;
            let v = oh * 3600 + om * 60;
            if t.starts_with('-') {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    Some(day.days() * 86_400 + h * 3600 + m * 60 + sec - offset)
}

/// Seconds since the epoch, now.
pub fn now_seconds() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

#[cfg(test)]
mod datetime_tests {
    use super::*;

    #[test]
    fn parses_utc_fractional_and_offset_datetimes() {
        assert_eq!(parse_datetime("1970-01-02T00:00:00Z"), Some(86_400));
        assert_eq!(parse_datetime("1970-01-01T01:00:00.123Z"), Some(3600));
        assert_eq!(parse_datetime("1970-01-01T01:00:00+01:00"), Some(0));
        for bad in ["2026-03-12", "2026-03-12T25:00:00Z", "2026-03-12T00:00:00", "2026-03-12T00:00Z"] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }
}

/// A length of time written like `30d`, `6w`, `18m` or `2y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Months(u32),
}

impl Period {
    /// Parses `<n>d`, `<n>w`, `<n>m` or `<n>y`.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let (n, unit) = s.split_at(s.len().checked_sub(1)?);
        let n: u32 = n.parse().ok().filter(|n| *n > 0)?;
        match unit {
            "d" => Some(Period::Days(n)),
            "w" => Some(Period::Days(n.checked_mul(7)?)),
            "m" => Some(Period::Months(n)),
            "y" => Some(Period::Months(n.checked_mul(12)?)),
            _ => None,
        }
    }

    /// `date` moved forward by this period; the 31st plus one month is the month's last day.
    pub fn after(self, date: Date) -> Date {
        match self {
            Period::Days(n) => date.add_days(i64::from(n)),
            Period::Months(n) => {
                let total = date.year() as i64 * 12 + i64::from(date.month() - 1) + i64::from(n);
                let (year, month) = (total.div_euclid(12) as i32, (total.rem_euclid(12) + 1) as u8);
                let day = date.day().min(days_in_month(year, month));
                Date::new(year, month, day).expect("clamped to the month")
            }
        }
    }
}

#[cfg(test)]
mod period_tests {
    use super::*;

    #[test]
    fn periods_add_calendar_months_and_clamp_month_ends() {
        let d = |s| Date::parse_iso(s).unwrap();
        assert_eq!(Period::parse("2y").unwrap().after(d("2024-02-29")), d("2026-02-28"));
        assert_eq!(Period::parse("1m").unwrap().after(d("2026-01-31")), d("2026-02-28"));
        assert_eq!(Period::parse("30d").unwrap().after(d("2026-12-15")), d("2027-01-14"));
        assert_eq!(Period::parse("2w").unwrap(), Period::Days(14));
        for bad in ["", "y", "0y", "2", "2x", "-1d", "1.5y"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }
}
