//! Laying text out for terminals and spreadsheets.

/// How many terminal columns `s` takes: East Asian wide and full-width characters take two,
/// combining marks none, so tables stay aligned with names in any script.
pub fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x0300..=0x036F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2066..=0x2069 | 0xFE00..=0xFE0F => 0,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// `s` padded with spaces to `width` columns (never cut: a long value pushes the row along).
pub fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(columns(s))));
    out
}

/// A cell for a CSV that people open in a spreadsheet: a value that starts like a formula is
/// prefixed with `'`, so a roster name such as `=HYPERLINK(…)` stays text in a mail merge.
pub fn spreadsheet_safe(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns_and_marks_none() {
        assert_eq!(columns("Ada"), 3);
        assert_eq!(columns("田中 さくら"), 11);
        assert_eq!(columns("José"), 4);
        assert_eq!(columns("Jose\u{301}"), 4, "a combining accent takes no column");
        assert_eq!(pad("李明", 6), "李明  ");
        assert_eq!(pad("a long value", 3), "a long value");
    }

    #[test]
    fn formula_like_cells_stay_text() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-1+1"), "'-1+1");
        assert_eq!(spreadsheet_safe("Ada Lovelace"), "Ada Lovelace");
    }
}
