//! iCalendar (RFC 5545) files: a credential's expiry date, for the recipient's calendar.

/// What goes in the calendar entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExpiryEvent<'a> {
    /// A globally unique id, e.g. `<credential id>@<host>`.
    pub uid: &'a str,
    /// When the entry was made (the issue date), `YYYYMMDD`.
    pub stamp: &'a str,
    /// The expiry date, `YYYYMMDD`, and the day after.
    pub date: &'a str,
    pub next_day: &'a str,
    pub summary: &'a str,
    pub description: &'a str,
    pub url: &'a str,
}

/// The `.ics` text, with CRLF line ends, escaped text and folded long lines.
pub(crate) fn expiry_calendar(e: ExpiryEvent<'_>) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//hallmark//credential expiry//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", escape(e.uid)),
        format!("DTSTAMP:{}T000000Z", e.stamp),
        format!("DTSTART;VALUE=DATE:{}", e.date),
        format!("DTEND;VALUE=DATE:{}", e.next_day),
        format!("SUMMARY:{}", escape(e.summary)),
        format!("DESCRIPTION:{}", escape(e.description)),
        format!("URL:{}", e.url),
        "TRANSP:TRANSPARENT".into(),
        "BEGIN:VALARM".into(),
        "ACTION:DISPLAY".into(),
        "TRIGGER:-P30D".into(),
        format!("DESCRIPTION:{}", escape(e.summary)),
        "END:VALARM".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            ';' => s.push_str("\\;"),
            ',' => s.push_str("\\,"),
            '\n' => s.push_str("\\n"),
            '\r' => {}
            c => s.push(c),
        }
    }
    s
}

/// Lines longer than 75 octets continue on the next line after a space, never inside a character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_folds_long_lines_and_ends_with_crlf() {
        let description = format!("Renew, please; {}", "é".repeat(60));
        let text = expiry_calendar(ExpiryEvent {
            uid: "abc@x.example",
            stamp: "20260301",
            date: "20280301",
            next_day: "20280302",
            summary: "SQL Basics expires",
            description: &description,
            url: "https://x.example/c/abc/",
        });
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20280301\r\n"));
        assert!(text.contains("DESCRIPTION:Renew\\, please\\; é"));
        assert!(text.lines().all(|l| l.trim_end_matches('\r').len() <= 75), "{text}");
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
    }
}
