//! Rosters: CSV files with one row per award. Column names can be mapped per file so exports drop in unchanged.

mod header;

use std::collections::BTreeMap;
use std::path::Path;

use crate::ground::date::{Date, Period};
use crate::ground::error::{Location, Problem, Problems};
use crate::ground::url::LinkError;
use crate::model::config::RosterConfig;
use crate::model::validate::{describe_control, is_bidi_override, is_email, normalize_email, suggest};

/// One row of a roster: a recipient awarded a badge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Award {
    pub badge: String,
    pub name: String,
    /// Trimmed and lowercased.
    pub email: String,
    pub issued: Option<Date>,
    pub expires: Option<Date>,
    pub evidence: Vec<String>,
    /// Columns hallmark does not use itself, kept for templates, by header.
    pub extra: Extra,
    /// Where the row starts.
    pub source: Location,
}

/// A row's other columns by header, in header order; templates see a map (`credential.extra.cohort`).
/// A list, not a tree: a roster of 100,000 rows with one extra column would otherwise spend 50 MB
/// on tree nodes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Extra(Vec<(String, String)>);

impl Extra {
    /// No other columns.
    pub(crate) const EMPTY: Extra = Extra(Vec::new());

    /// The value of the column headed `header`.
    #[cfg(test)]
    pub(crate) fn get(&self, header: &str) -> Option<&String> {
        self.0.iter().find(|(h, _)| h == header).map(|(_, v)| v)
    }
}

impl FromIterator<(String, String)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Extra {
        Extra(iter.into_iter().collect())
    }
}

impl serde::Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The badge slugs for a help text: all of them, or the first few and how many more.
fn badge_list(badges: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut list = badges.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    if badges.len() > SHOWN {
        list.push_str(&format!(" and {} more", badges.len() - SHOWN));
    }
    list
}

/// What rows are checked against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// Every badge slug in `badges/`.
    pub badges: &'a [&'a str],
    /// The `valid_for` of each badge that has one.
    pub valid_for: &'a BTreeMap<&'a str, Period>,
    /// Today: an issue date after it gets a warning.
    pub today: Date,
}

/// Parses one roster. `display_path` names the file in errors.
pub(crate) fn parse(
    display_path: &Path,
    text: &str,
    cfg: &RosterConfig,
    context: &Context<'_>,
    problems: &mut Problems,
) -> Vec<Award> {
    let badges = context.badges;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let lines = crate::ground::error::LineIndex::new(text);
    let at = |offset: usize| lines.location(display_path, offset);
    let body = &text[bom..];
    let header_line = body.lines().next().unwrap_or_default();
    let delimiter = header::detect_delimiter(header_line);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(body.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            problems.push(
                Problem::error(at(bom), format!("cannot read the header: {e}")).help("save the roster as UTF-8 CSV"),
            );
            return Vec::new();
        }
    };
    if headers.iter().all(String::is_empty) {
        problems.push(
            Problem::error(at(bom), "the roster is empty").help("add a header row: badge,name,email,issued,expires"),
        );
        return Vec::new();
    }
    let (header_starts, mut cursor) = next_record(body, 0, delimiter);
    header::check_duplicates(&headers, &header_starts, cfg, &|offset| at(bom + offset), problems);
    let Some(index) = header::columns(&headers, cfg, display_path, &at(bom), problems) else {
        return Vec::new();
    };
    let used: Vec<usize> = index.values().copied().collect();

    let mut awards = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let offset = next_record(body, cursor, delimiter).0[0];
                problems.push(Problem::error(at(bom + offset), format!("malformed CSV: {e}")).help("check the quotes on this line: a field with a comma or quote must be in double quotes, with inner quotes doubled"));
                break;
            }
        }
        let (starts, end) = next_record(body, cursor, delimiter);
        cursor = end;
        let start = starts[0];
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // blank lines (and rows of empty cells from spreadsheets) are not awards
        }
        let field_at = |i: usize| at(bom + starts.get(i).copied().unwrap_or(start));
        if record.len() != headers.len() {
            problems.push(
                Problem::error(
                    field_at(record.len().min(headers.len())),
                    format!("the row has {} fields, the header has {}", record.len(), headers.len()),
                )
                .help("add or remove fields so every row matches the header; quote fields that contain the delimiter"),
            );
            continue;
        }
        let get = |key: &str| index.get(key).map(|&i| record[i].trim()).unwrap_or("");
        let loc_of = |key: &str| field_at(index.get(key).copied().unwrap_or(0));
        let mut row_ok = true;

        let badge = match index.get("badge") {
            Some(_) => get("badge").to_string(),
            None => cfg.badge.clone().unwrap_or_default(),
        };
        if badge.is_empty() {
            problems.push(Problem::error(loc_of("badge"), "the badge is empty").help(if badges.is_empty() {
                "add a badge to badges/ (e.g. badges/first-aid.md) and write its slug here".to_string()
            } else {
                format!("write the slug of a badge in badges/: {}", badge_list(badges))
            }));
            row_ok = false;
        } else if !badges.contains(&badge.as_str()) {
            let help = match suggest(&badge, badges.iter().copied()) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!("known badges: {}; or add badges/{badge}.md", badge_list(badges)),
            };
            problems.push(Problem::error(loc_of("badge"), format!("unknown badge \"{badge}\"")).help(help));
            row_ok = false;
        }
        let name = get("name").to_string();
        if name.is_empty() {
            problems.push(
                Problem::error(loc_of("name"), "the recipient's name is empty")
                    .help("write the name as it should appear on the credential"),
            );
            row_ok = false;
        } else if let Some(c) = name.chars().find(|c| c.is_control()) {
            let what = match c {
                '\n' | '\r' => "a line break".to_string(),
                '\t' => "a tab".to_string(),
                c => format!("an invisible control character (U+{:04X})", c as u32),
            };
            problems.push(
                Problem::error(loc_of("name"), format!("the name contains {what}"))
                    .help("remove it: a name is one line of visible text"),
            );
            row_ok = false;
        } else if let Some(c) = name.chars().find(|&c| is_bidi_override(c)) {
            let field = index.get("name").and_then(|&i| starts.get(i)).copied().unwrap_or(start);
            problems.push(bidi_warning(c, at(bom + field + body[field..].find(c).unwrap_or(0))));
        }
        let email_raw = get("email");
        if email_raw.is_empty() {
            problems.push(
                Problem::error(loc_of("email"), "the e-mail address is empty")
                    .help("write the recipient's e-mail address; it is published only as a salted hash"),
            );
            row_ok = false;
        } else if !is_email(email_raw) {
            problems.push(
                Problem::error(loc_of("email"), format!("\"{email_raw}\" is not a valid e-mail address"))
                    .help("write it as name@domain.tld, e.g. ada@example.org"),
            );
            row_ok = false;
        }
        let mut date = |key: &str| -> Option<Date> {
            let raw = get(key);
            if raw.is_empty() {
                return None;
            }
            let parsed = Date::parse_iso(raw);
            if parsed.is_none() {
                problems.push(
                    Problem::error(loc_of(key), format!("\"{raw}\" in `{key}` is not a date")).help(date_help(raw)),
                );
                row_ok = false;
            }
            parsed
        };
        let issued = date("issued");
        let expires = date("expires");
        if let Some(i) = issued {
            let period = if expires.is_none() { context.valid_for.get(badge.as_str()).copied() } else { None };
            row_ok &= check_issue_date(i, period, context.today, loc_of("issued"), problems);
        }
        if let (Some(i), Some(x)) = (issued, expires) {
            if x <= i {
                problems.push(
                    Problem::error(
                        loc_of("expires"),
                        format!("the credential expires ({x}) on or before it is issued ({i})"),
                    )
                    .help("check the two dates; expires must be later than issued"),
                );
                row_ok = false;
            }
        }
        let evidence: Vec<String> = get("evidence")
            .split(|c: char| c.is_whitespace() || c == '|')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        for url in &evidence {
            if let Err(e) = crate::ground::url::check_web_link(url) {
                let help = match &e {
                    LinkError::NotAbsolute => "write full https:// links, separated by spaces or |".to_string(),
                    e => e.help(),
                };
                problems
                    .push(Problem::error(loc_of("evidence"), format!("evidence \"{url}\" {}", e.reason())).help(help));
                row_ok = false;
            }
        }
        if !row_ok {
            continue;
        }
        let extra = headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !used.contains(i) && !h.is_empty())
            .map(|(i, h)| (h.clone(), record[i].trim().to_string()))
            .collect();
        awards.push(Award {
            badge,
            name,
            email: normalize_email(email_raw),
            issued,
            expires,
            evidence,
            extra,
            source: at(bom + start),
        });
    }
    awards
}

/// A name with a bidirectional override can display differently from its letters. Not an error: a
/// right-to-left name may need one, and only the editor can tell.
fn bidi_warning(c: char, at: Location) -> Problem {
    Problem::warning(
        at,
        format!(
            "the name contains a bidirectional control character ({}): the name may display differently from its letters",
            describe_control(c)
        ),
    )
    .help("delete it unless the name needs it to display right to left (the marks U+200E and U+200F are fine)")
}

/// Warns on an issue date after `today`; an error (false) when the badge's `period` after it would
/// expire after the year 9999, beyond the four-digit years of xsd:dateTime and so of `validUntil`.
fn check_issue_date(issued: Date, period: Option<Period>, today: Date, at: Location, problems: &mut Problems) -> bool {
    if issued > today {
        problems.push(
            Problem::warning(
                at.clone(),
                format!("issued in the future: the credential will not be valid until {}", issued.human()),
            )
            .help("check the date; verifiers will say \"not yet valid\" until that day"),
        );
    }
    match period.map(|p| p.after(issued)) {
        Some(until) if until.year() > 9999 => {
            problems.push(
                Problem::error(
                    at,
                    format!(
                        "issued {issued}, the credential would expire after the year 9999 (in {}), with the badge's valid_for",
                        until.year()
                    ),
                )
                .help("check the issued date, or give the row an `expires` date"),
            );
            false
        }
        _ => true,
    }
}

fn date_help(raw: &str) -> String {
    if raw.contains('/') || raw.contains('.') {
        format!("write dates as YYYY-MM-DD; \"{raw}\" could mean different days in different countries")
    } else {
        "write dates as YYYY-MM-DD, e.g. 2026-03-12, and check the day exists".into()
    }
}

/// The next record at or after `cursor`: where each of its fields begins (byte offsets in
/// `text`) and where the record ends. Line breaks between records are skipped, as the CSV reader
/// skips blank lines; a line break inside double quotes belongs to the field. Positions come from
/// this scan rather than the CSV reader's, so they stay right for CRLF files and blank lines.
fn next_record(text: &str, cursor: usize, delimiter: u8) -> (Vec<usize>, usize) {
    let bytes = text.as_bytes();
    let mut i = cursor;
    while i < bytes.len() && (bytes[i] == b'\n' || bytes[i] == b'\r') {
        i += 1;
    }
    let mut starts = vec![i];
    let mut quoted = false;
    let mut at_field_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_field_start {
            quoted = true;
        } else if b == delimiter {
            starts.push(i + 1);
            at_field_start = true;
            i += 1;
            continue;
        } else if b == b'\n' || b == b'\r' {
            break;
        }
        at_field_start = false;
        i += 1;
    }
    (starts, i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::ColumnMap;

    const BADGES: &[&str] = &["sql", "first-aid"];

    fn run(text: &str, cfg: &RosterConfig) -> (Vec<Award>, Vec<Problem>) {
        let valid_for = BTreeMap::from([("first-aid", Period::parse("3y").unwrap())]);
        let context = Context { badges: BADGES, valid_for: &valid_for, today: Date::parse_iso("2026-11-22").unwrap() };
        let mut problems = Problems::new();
        let awards = parse(Path::new("recipients/r.csv"), text, cfg, &context, &mut problems);
        (awards, problems.sorted())
    }

    fn loc(p: &Problem) -> (usize, usize) {
        let l = p.location.as_ref().unwrap();
        (l.line, l.column)
    }

    #[test]
    fn reads_rows_with_extra_columns_kept() {
        let (a, p) = run(
            "badge,name,email,issued,cohort\nsql,\"O'Brien, Siobhán\",Siobhan@Example.org,2026-03-01,Spring\n",
            &RosterConfig::default(),
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(a[0].name, "O'Brien, Siobhán");
        assert_eq!(a[0].email, "siobhan@example.org");
        assert_eq!(a[0].issued.unwrap().to_string(), "2026-03-01");
        assert_eq!(a[0].extra.get("cohort").map(String::as_str), Some("Spring"));
        assert_eq!(a[0].source.line, 2);
    }

    #[test]
    fn an_empty_badge_lists_the_badges_there_are() {
        let (_, p) = run("badge,name,email\n,Ann,ann@example.org\n", &RosterConfig::default());
        assert_eq!(p[0].message, "the badge is empty");
        assert_eq!(p[0].help.as_deref(), Some("write the slug of a badge in badges/: sql, first-aid"));
        let many: Vec<String> = (0..10).map(|i| format!("b{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(badge_list(&many), "b0, b1, b2, b3, b4, b5, b6, b7 and 2 more");
    }

    #[test]
    fn errors_name_the_line_and_column_of_the_bad_field() {
        let (a, p) = run(
            "badge,name,email,issued\nsql,Ann,ann@example.org,2026-01-01\n\"sql\",\"Bo, B\",bo@@example.org,2026-02-30\nsqll,,c@example.org,\n",
            &RosterConfig::default(),
        );
        assert_eq!(a.len(), 1);
        let got: Vec<((usize, usize), &str)> = p.iter().map(|p| (loc(p), p.message.as_str())).collect();
        assert_eq!(got[0], ((3, 15), "\"bo@@example.org\" is not a valid e-mail address"));
        assert_eq!(got[1].0, (3, 31));
        assert!(got[1].1.contains("\"2026-02-30\" in `issued` is not a date"));
        assert_eq!(got[2], ((4, 1), "unknown badge \"sqll\""));
        assert_eq!(p[2].help.as_deref(), Some("did you mean \"sql\"?"));
        assert_eq!(got[3], ((4, 6), "the recipient's name is empty"));
    }

    #[test]
    fn positions_stay_right_with_crlf_blank_lines_and_quoted_line_breaks() {
        let body = "badge,name,email,issued\r\nsql,Ann,ann@example.org,2026-01-01\r\n\r\n\"sql\",\"Bo\r\nB\",b@example.org,2026-01-01\r\n\r\n\r\nsqll,Cy,cy@example.org,2026-13-02\r\n";
        let (a, p) = run(body, &RosterConfig::default());
        let got: Vec<(usize, usize)> = p.iter().map(loc).collect();
        assert_eq!(got, [(4, 7), (8, 1), (8, 24)], "{p:?}");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].source.line, 2);
        assert_eq!(p[0].message, "the name contains a line break");
        let lf = body.replace("\r\n", "\n");
        let (_, p) = run(&format!("\u{feff}{lf}"), &RosterConfig::default());
        let got: Vec<(usize, usize)> = p.iter().map(loc).collect();
        assert_eq!(got, [(4, 7), (8, 1), (8, 24)], "{p:?}");
    }

    #[test]
    fn errors_on_missing_required_column_with_mapping_advice() {
        let (_, p) = run("badge,Full Name,email\nsql,Ann,ann@example.org\n", &RosterConfig::default());
        assert_eq!(p.len(), 1);
        assert_eq!(loc(&p[0]), (1, 1));
        assert_eq!(p[0].message, "the header has no `name` column");
        assert!(p[0].help.as_deref().unwrap().contains("name = \"Your Header\""));
    }

    #[test]
    fn mapped_columns_and_fixed_badge_read_an_lms_export() {
        let cfg = RosterConfig {
            badge: Some("first-aid".into()),
            columns: ColumnMap {
                name: Some("Learner".into()),
                email: Some("E-mail".into()),
                issued: Some("Completed".into()),
                ..ColumnMap::default()
            },
        };
        let (a, p) = run("\u{feff}Learner;E-mail;Completed;Score\n李雷;li@example.org;2026-05-04;97\n", &cfg);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!((a[0].badge.as_str(), a[0].name.as_str()), ("first-aid", "李雷"));
        assert_eq!(a[0].extra.get("Score").map(String::as_str), Some("97"));
    }

    #[test]
    fn errors_when_expiry_is_not_after_issue_and_on_ragged_rows() {
        let (_, p) = run(
            "badge,name,email,issued,expires\nsql,A,a@example.org,2026-05-04,2026-05-04\nsql,B\n",
            &RosterConfig::default(),
        );
        assert!(p[0].message.contains("expires (2026-05-04) on or before"), "{}", p[0]);
        assert_eq!(loc(&p[0]), (2, 32));
        assert_eq!(p[1].message, "the row has 2 fields, the header has 5");
        assert_eq!(p[1].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn evidence_links_may_have_a_query_or_fragment_but_must_be_web_links() {
        let (a, p) = run(
            "badge,name,email,evidence\nsql,A,a@example.org,https://example.org/e?x=1|https://www.youtube.com/watch?v=abc#t=5\nsql,B,b@example.org,javascript:alert(1)\n",
            &RosterConfig::default(),
        );
        assert_eq!(a[0].evidence, ["https://example.org/e?x=1", "https://www.youtube.com/watch?v=abc#t=5"]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(loc(&p[0]), (3, 21));
        assert_eq!(
            p[0].message,
            "evidence \"javascript:alert(1)\" is not a web link: it starts with javascript:, not https://"
        );
    }

    #[test]
    fn reads_tab_separated_rosters() {
        let (a, p) = run(
            "badge\tname\temail\tissued\nsql\tO'Brien, Siobhán\tS@example.org\t2026-02-30\n",
            &RosterConfig::default(),
        );
        assert!(a.is_empty());
        assert_eq!(p[0].message, "\"2026-02-30\" in `issued` is not a date");
        assert_eq!(loc(&p[0]), (2, 36));
    }

    #[test]
    fn errors_on_a_header_twice_with_both_columns() {
        let (_, p) = run("badge,name,email,name\nsql,A,a@example.org,B\n", &RosterConfig::default());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(loc(&p[0]), (1, 18));
        assert_eq!(p[0].message, "the header `name` appears twice, in columns 2 and 4 (B and D)");
        let (_, p) = run("badge,Name,email,name\nsql,A,a@example.org,B\n", &RosterConfig::default());
        assert_eq!(p[0].message, "the header has two `name` columns, `Name` and `name`, in columns 2 and 4 (B and D)");
        let (_, p) = run("badge,name,email,x,y,x\nsql,A,a@example.org,1,2,3\n", &RosterConfig::default());
        assert_eq!(p[0].message, "the header `x` appears twice, in columns 4 and 6 (D and F)");
        let (a, p) = run("badge,name,email,,\nsql,A,a@example.org,,\n", &RosterConfig::default());
        assert!(p.is_empty() && a.len() == 1, "empty headers (trailing delimiters) are not duplicates: {p:?}");
    }

    #[test]
    fn warns_on_bidirectional_overrides_in_names_at_the_character() {
        let (a, p) = run(
            "badge,name,email\nsql,\"Ada \u{2067}Lovelace\u{2069}\",a@example.org\nsql,\u{5e9}\u{5e8}\u{200F}\u{5d4},s@example.org\n",
            &RosterConfig::default(),
        );
        assert_eq!(a.len(), 2, "a warning does not drop the row");
        assert_eq!(p.len(), 1, "marks are fine: {p:?}");
        assert!(!p[0].is_error());
        assert_eq!(loc(&p[0]), (2, 10));
        assert!(p[0].message.starts_with("the name contains a bidirectional control character (U+2067)"), "{}", p[0]);
    }

    #[test]
    fn warns_on_an_issue_date_in_the_future() {
        let (a, p) = run(
            "badge,name,email,issued\nsql,A,a@example.org,2026-11-22\nsql,B,b@example.org,9999-12-31\n",
            &RosterConfig::default(),
        );
        assert_eq!(a.len(), 2);
        assert_eq!(p.len(), 1, "today is not the future: {p:?}");
        assert!(!p[0].is_error());
        assert_eq!(loc(&p[0]), (3, 21));
        assert_eq!(p[0].message, "issued in the future: the credential will not be valid until 31 December 9999");
    }

    #[test]
    fn errors_when_valid_for_would_push_the_expiry_past_the_year_9999() {
        let (a, p) = run(
            "badge,name,email,issued,expires\nfirst-aid,A,a@example.org,9996-12-31,\nfirst-aid,B,b@example.org,9998-01-01,\nfirst-aid,C,c@example.org,9998-01-01,9999-01-01\nsql,D,d@example.org,9999-06-01,\n",
            &RosterConfig::default(),
        );
        assert_eq!(a.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["A", "C", "D"]);
        let errors: Vec<&Problem> = p.iter().filter(|p| p.is_error()).collect();
        assert_eq!(errors.len(), 1, "{p:?}");
        assert_eq!(loc(errors[0]), (3, 27));
        assert_eq!(
            errors[0].message,
            "issued 9998-01-01, the credential would expire after the year 9999 (in 10001), with the badge's valid_for"
        );
    }
}
