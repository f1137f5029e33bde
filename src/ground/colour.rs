//! Colours as the brand writes them (`#rrggbb`), and the WCAG 2.2 contrast maths: relative
//! luminance, contrast ratio, and the nearest colour of the same hue that reaches a ratio.

use std::fmt;

/// An sRGB colour, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub(crate) const WHITE: Rgb = Rgb(255, 255, 255);
    pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);

    /// `#rrggbb` (either case); `None` for anything else.
    pub(crate) fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#').filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))?;
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// The WCAG relative luminance, 0 (black) to 1 (white).
    pub(crate) fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// `self` moved towards `other` by `t` (0: self, 1: other), channel by channel.
    pub(crate) fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round().clamp(0.0, 255.0) as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// Whether dark text reads better on this colour than light text.
    pub(crate) fn is_light(self) -> bool {
        contrast(self, Rgb::BLACK) >= contrast(self, Rgb::WHITE)
    }

    /// Hue (degrees), saturation and lightness (0 to 1).
    fn to_hsl(self) -> (f64, f64, f64) {
        let [r, g, b] = [self.0, self.1, self.2].map(|c| f64::from(c) / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        let l = (max + min) / 2.0;
        let d = max - min;
        if d == 0.0 {
            return (0.0, 0.0, l);
        }
        let s = d / (1.0 - (2.0 * l - 1.0).abs());
        let h = if max == r {
            60.0 * (((g - b) / d).rem_euclid(6.0))
        } else if max == g {
            60.0 * ((b - r) / d + 2.0)
        } else {
            60.0 * ((r - g) / d + 4.0)
        };
        (h, s, l)
    }

    fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
        let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
        let x = c * (1.0 - ((h / 60.0).rem_euclid(2.0) - 1.0).abs());
        let m = l - c / 2.0;
        let (r, g, b) = match (h / 60.0).floor() as i64 {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        let to8 = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
        Rgb(to8(r), to8(g), to8(b))
    }

    /// The colours of this one's hue and saturation, nearest in lightness first: every lightness
    /// from 0 to 1 in steps of 1/1000, by distance from this colour's, duplicates left out.
    pub(crate) fn same_hue_by_lightness(self) -> Vec<Rgb> {
        let (h, s, l) = self.to_hsl();
        let start = (l * 1000.0).round() as i64;
        let mut out: Vec<Rgb> = Vec::new();
        for step in 1..=1000 {
            for at in [start - step, start + step] {
                if (0..=1000).contains(&at) {
                    let c = Rgb::from_hsl(h, s, at as f64 / 1000.0);
                    if c != self && out.last() != Some(&c) && !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
        }
        out
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The WCAG contrast ratio of two colours, 1 to 21, whichever is lighter.
pub(crate) fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A ratio as people read it: two decimals, rounded, except that a ratio below `minimum` never
/// shows as reaching it (4.4951 against 4.5 shows 4.49, not 4.50).
pub(crate) fn show_ratio(ratio: f64, minimum: f64) -> String {
    let rounded = (ratio * 100.0).round() / 100.0;
    if ratio < minimum && rounded >= minimum {
        format!("{:.2}", (ratio * 100.0).floor() / 100.0)
    } else {
        format!("{rounded:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(a: &str, b: &str) -> String {
        format!("{:.2}", contrast(Rgb::parse(a).unwrap(), Rgb::parse(b).unwrap()))
    }

    #[test]
    fn contrast_matches_published_wcag_values() {
        assert_eq!(ratio("#000000", "#ffffff"), "21.00");
        assert_eq!(ratio("#777777", "#ffffff"), "4.48");
        assert_eq!(ratio("#767676", "#ffffff"), "4.54");
        assert_eq!(ratio("#ffffff", "#0000ff"), "8.59");
        assert_eq!(ratio("#ff0000", "#ffffff"), "4.00");
        assert_eq!(ratio("#ffffff", "#ffffff"), "1.00");
        assert_eq!(ratio("#0a58a6", "#ffffff"), ratio("#ffffff", "#0a58a6"), "the ratio is symmetric");
    }

    #[test]
    fn luminance_of_the_extremes_and_a_grey() {
        assert_eq!(Rgb::BLACK.luminance(), 0.0);
        assert!((Rgb::WHITE.luminance() - 1.0).abs() < 1e-12);
        assert!((Rgb(0x80, 0x80, 0x80).luminance() - 0.2158605).abs() < 1e-6);
    }

    #[test]
    fn parses_only_six_hex_digits() {
        assert_eq!(Rgb::parse("#0A58a6"), Some(Rgb(10, 88, 166)));
        assert_eq!(Rgb(10, 88, 166).to_string(), "#0a58a6");
        for bad in ["0a58a6", "#fff", "#0a58a6ff", "#0a58ag", "blue", "", "#ｆｆｆｆｆｆ"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_ratio_just_under_the_minimum_never_shows_as_passing() {
        assert_eq!(show_ratio(4.4781, 4.5), "4.48");
        assert_eq!(show_ratio(4.4951, 4.5), "4.49");
        assert_eq!(show_ratio(4.5, 4.5), "4.50");
        assert_eq!(show_ratio(2.996, 3.0), "2.99");
    }

    #[test]
    fn hsl_round_trips_and_keeps_the_hue() {
        for c in [Rgb(10, 88, 166), Rgb(200, 30, 30), Rgb(0x77, 0x77, 0x77), Rgb::WHITE, Rgb::BLACK] {
            let (h, s, l) = c.to_hsl();
            assert_eq!(Rgb::from_hsl(h, s, l), c);
        }
        let candidates = Rgb(200, 30, 30).same_hue_by_lightness();
        assert_eq!(candidates.first().map(|c| c.to_hsl().0.round()), Some(0.0));
        assert!(candidates.contains(&Rgb::BLACK) && candidates.contains(&Rgb::WHITE));
    }
}
