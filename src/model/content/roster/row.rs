//! One row of a roster, checked field by field into an [`Award`]: every problem of the row is
//! recorded, and a row with an error is left out.

use crate::ground::date::{Date, Period};
use crate::ground::date_format::{formats_reading, DateFormat};
use crate::ground::error::{Location, Problem, Problems};
use crate::ground::link::LinkError;
use crate::model::config::RosterConfig;
use crate::model::validate::{describe_control, is_bidi_override, is_email, normalize_email, suggest};

use super::{Award, Context, Row};

impl<'r> Row<'r> {
    /// The trimmed value of hallmark's column `key`; empty when the header has no such column.
    fn get(&self, key: &str) -> &'r str {
        // From the record itself, not through `self`, so the value outlives this view of the row.
        let record: &'r csv::StringRecord = self.record;
        self.sheet.index.get(key).map(|&i| record[i].trim()).unwrap_or("")
    }

    /// The location of hallmark's column `key`.
    fn loc_of(&self, key: &str) -> Location {
        self.field_at(self.sheet.index.get(key).copied().unwrap_or(0))
    }

    /// Where the field of hallmark's column `key` begins in the body.
    fn field_start(&self, key: &str) -> usize {
        self.sheet.index.get(key).and_then(|&i| self.starts.get(i)).copied().unwrap_or(self.start)
    }

    /// hallmark's column `key` as the roster's header names it: `` `issued` ``, or
    /// `` `Completion date` (the issued column) `` where hallmark.toml maps another header to it.
    fn column_name(&self, key: &str) -> String {
        match self.sheet.index.get(key).map(|&i| self.sheet.headers[i].as_str()) {
            Some(h) if !h.eq_ignore_ascii_case(key) => format!("`{h}` (the {key} column)"),
            Some(h) => format!("`{h}`"),
            None => format!("`{key}`"),
        }
    }

    /// The recipient's language: the column `[rosters.x.columns] language` names, else `language`.
    fn language(&self, cfg: &RosterConfig) -> Option<Box<str>> {
        let header = cfg.columns.language.as_deref();
        let sheet = self.sheet;
        let at = sheet.headers.iter().position(|h| match header {
            Some(name) => h == name,
            None => h.eq_ignore_ascii_case("language"),
        })?;
        Some(self.record[at].trim()).filter(|l| !l.is_empty()).map(Box::from)
    }

    /// The other columns, by header.
    fn extra(&self) -> super::Extra {
        let sheet = self.sheet;
        sheet
            .headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !sheet.used.contains(i) && !h.is_empty())
            .map(|(i, _)| (std::sync::Arc::clone(&sheet.shared_headers[i]), self.record[i].trim().into()))
            .collect()
    }
}

/// Checks one row against `context`: its award, or `None` when it has an error (recorded).
pub(super) fn check_row(
    row: &Row<'_>,
    cfg: &RosterConfig,
    context: &Context<'_>,
    problems: &mut Problems,
) -> Option<Award> {
    let dates = DateFormat::of(cfg.date_format.as_deref());
    let mut check = RowCheck {
        row,
        problems,
        ok: true,
        max_name_length: context.max_name_length,
        dates,
        name_order: cfg.name_order,
    };
    let badge = check.badge(cfg, context);
    let name = check.name();
    let email = check.email();
    let (issued, expires) = check.dates(&badge, context);
    let evidence = check.evidence().into_boxed_slice();
    let claim_context = super::claims::ClaimContext {
        results: context.results.get(&*badge).copied().unwrap_or_default(),
        content_dir: context.content_dir,
    };
    let claims = super::claims::claims(row, row.sheet, &badge, &claim_context, &mut |p| check.error(p));
    if !check.ok {
        return None;
    }
    Some(Award {
        badge,
        name: name.into(),
        email: normalize_email(email).into(),
        issued,
        expires,
        evidence,
        claims: claims.filter(|c| !c.is_empty()).map(|c| std::sync::Arc::new(c.compact())),
        language: row.language(cfg),
        extra: row.extra(),
        source: row.sheet.at(row.start),
    })
}

/// The checks of one row, and whether it has passed them so far.
struct RowCheck<'c, 'r> {
    row: &'c Row<'r>,
    problems: &'c mut Problems,
    /// False once an error is recorded: the row is then left out.
    ok: bool,
    /// The longest name allowed, in characters.
    max_name_length: u64,
    /// How the name column writes names.
    name_order: Option<crate::model::config::NameOrder>,
    /// How the roster writes its dates.
    dates: DateFormat<'c>,
}

impl<'r> RowCheck<'_, 'r> {
    /// Records an error, which leaves the row out.
    fn error(&mut self, problem: Problem) {
        self.problems.push(problem);
        self.ok = false;
    }

    /// The badge slug: the row's, or the roster's fixed badge when there is no badge column.
    fn badge(&mut self, cfg: &RosterConfig, context: &Context<'_>) -> std::sync::Arc<str> {
        let (row, badges) = (self.row, context.badges);
        let badge = match row.sheet.index.get("badge") {
            Some(_) => row.get("badge").to_string(),
            None => cfg.badge.clone().unwrap_or_default(),
        };
        if badge.is_empty() {
            self.error(Problem::error(row.loc_of("badge"), "the badge is empty").help(if badges.is_empty() {
                "add a badge to badges/ (e.g. badges/first-aid.md) and write its slug here".to_string()
            } else {
                format!("write the slug of a badge in badges/: {}", badge_list(badges))
            }));
        } else if let Some(at) = badges.iter().position(|b| *b == badge) {
            if let Some(shared) = context.shared_badges.get(at) {
                return std::sync::Arc::clone(shared);
            }
        } else {
            let help = match suggest(&badge, badges.iter().copied()) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!("known badges: {}; or add badges/{badge}.md", badge_list(badges)),
            };
            self.error(Problem::error(row.loc_of("badge"), format!("unknown badge \"{badge}\"")).help(help));
        }
        badge.into()
    }

    /// The recipient's name: one line of visible text, no longer than the site allows. A control,
    /// bidirectional formatting or non-character is refused at its column.
    fn name(&mut self) -> String {
        let row = self.row;
        // A name in one column, or split in two ("given family") by the export.
        let key = if row.sheet.index.contains_key("name") { "name" } else { "given_name" };
        let name = match key {
            "name" => match (self.name_order, row.get("name").split_once(',')) {
                (Some(crate::model::config::NameOrder::FamilyFirst), Some((family, given))) => {
                    format!("{} {}", given.trim(), family.trim()).trim().to_string()
                }
                _ => row.get("name").to_string(),
            },
            _ => [row.get("given_name"), row.get("family_name")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        };
        let field = row.field_start(key);
        let at_char = |i: usize| row.sheet.at(field + raw_offset(&row.sheet.body[field..], i));
        if name.is_empty() {
            self.error(
                Problem::error(row.loc_of(key), "the recipient's name is empty")
                    .help("write the name as it should appear on the credential"),
            );
        } else if let Some((i, c)) = name.char_indices().find(|&(_, c)| hidden_in_a_name(c)) {
            let what = match c {
                '\n' | '\r' => "a line break".to_string(),
                '\t' => "a tab".to_string(),
                c if is_bidi_override(c) => format!(
                    "a bidirectional control character ({}), which can make it display differently from its letters",
                    describe_control(c)
                ),
                '\u{2028}' | '\u{2029}' => format!("a line or paragraph separator ({})", describe_control(c)),
                c if c.is_control() => format!("an invisible control character ({})", describe_control(c)),
                c => format!("a non-character ({}), which no text should hold", describe_control(c)),
            };
            self.error(Problem::error(at_char(i), format!("the name contains {what}")).help(
                "remove it: a name is one line of visible text (the right-to-left marks U+200E and U+200F are fine)",
            ));
        } else if name.chars().count() as u64 > self.max_name_length {
            let i = name.char_indices().nth(self.max_name_length as usize).map_or(0, |(i, _)| i);
            self.error(
                Problem::error(
                    at_char(i),
                    format!("the name is {} characters long, more than {}", name.chars().count(), self.max_name_length),
                )
                .help("shorten it, or raise [site] max_name_length in hallmark.toml if names this long are real"),
            );
        }
        name
    }

    /// The e-mail address as written (trimmed).
    fn email(&mut self) -> &'r str {
        let row = self.row;
        let email_raw = row.get("email");
        if email_raw.is_empty() {
            self.error(
                Problem::error(row.loc_of("email"), "the e-mail address is empty")
                    .help("write the recipient's e-mail address; it is published only as a salted hash"),
            );
        } else if !is_email(email_raw) {
            self.error(
                Problem::error(row.loc_of("email"), format!("\"{email_raw}\" is not a valid e-mail address"))
                    .help("write it as name@domain.tld, e.g. ada@example.org"),
            );
        }
        email_raw
    }

    /// The date in column `key`, if the row gives one, read as the roster writes dates.
    fn date(&mut self, key: &str) -> Option<Date> {
        let row = self.row;
        let raw = row.get(key);
        if raw.is_empty() {
            return None;
        }
        let parsed = self.dates.parse(raw);
        if parsed.is_none() {
            let column = row.column_name(key);
            let what = match self.dates {
                DateFormat::Iso => format!("\"{raw}\" in {column} is not a date"),
                DateFormat::Pattern(p) => format!("\"{raw}\" in {column} is not a date written as date_format \"{p}\""),
            };
            let roster = super::header::display_rel(row.sheet.display_path);
            self.error(Problem::error(row.loc_of(key), what).help(date_help(raw, self.dates, &roster)));
        }
        parsed
    }

    /// The issue and expiry dates, checked against today, the badge's `valid_for` and each other.
    fn dates(&mut self, badge: &str, context: &Context<'_>) -> (Option<Date>, Option<Date>) {
        let row = self.row;
        let issued = self.date("issued");
        let expires = self.date("expires");
        if let Some(i) = issued {
            let period = if expires.is_none() { context.valid_for.get(badge).copied() } else { None };
            self.ok &= check_issue_date(i, period, context.today, row, self.problems);
        }
        if let (Some(i), Some(x)) = (issued, expires) {
            if x <= i {
                // Unmapped columns keep their plain names: "expires must be later than issued".
                let plain = |key: &str| Some(row.column_name(key)).filter(|c| c.contains('(')).unwrap_or(key.into());
                let (issued_column, expires_column) = (plain("issued"), plain("expires"));
                self.error(
                    Problem::error(
                        row.loc_of("expires"),
                        format!("the credential expires ({x}) on or before it is issued ({i})"),
                    )
                    .help(format!("check the two dates; {expires_column} must be later than {issued_column}")),
                );
            }
        }
        (issued, expires)
    }

    /// The evidence links, separated by spaces or `|`; each must be a web link.
    fn evidence(&mut self) -> Vec<String> {
        let row = self.row;
        let evidence: Vec<String> = row
            .get("evidence")
            .split(|c: char| c.is_whitespace() || c == '|')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        for url in &evidence {
            if let Err(e) = crate::ground::link::check_web_link(url) {
                let help = match &e {
                    LinkError::NotAbsolute => "write full https:// links, separated by spaces or |".to_string(),
                    e => e.help(),
                };
                self.error(
                    Problem::error(row.loc_of("evidence"), format!("evidence \"{url}\" {}", e.reason())).help(help),
                );
            }
        }
        evidence
    }
}

/// The badge slugs for a help text: all of them, or the first few and how many more.
pub(super) fn badge_list(badges: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut list = badges.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    if badges.len() > SHOWN {
        list.push_str(&format!(" and {} more", badges.len() - SHOWN));
    }
    list
}

/// Where byte `i` of a field's value is in its text `raw` (which may be quoted, with `""` for `"`).
fn raw_offset(raw: &str, i: usize) -> usize {
    let quoted = raw.starts_with('"');
    let (mut at, mut value) = (usize::from(quoted), 0);
    let bytes = raw.as_bytes();
    while value < i && at < bytes.len() {
        at += if quoted && bytes[at] == b'"' { 2 } else { 1 };
        value += 1;
    }
    at
}

/// Characters a name must not hold: controls, bidirectional formatting (overrides and isolates),
/// line and paragraph separators, and Unicode's non-characters.
fn hidden_in_a_name(c: char) -> bool {
    let u = u32::from(c);
    c.is_control()
        || is_bidi_override(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
        || (0xFDD0..=0xFDEF).contains(&u)
        || u & 0xFFFE == 0xFFFE
}

/// Warns on an issue date after `today`; an error (false) when the badge's `period` after it would
/// expire after the year 9999, beyond the four-digit years of xsd:dateTime and so of `validUntil`.
fn check_issue_date(issued: Date, period: Option<Period>, today: Date, row: &Row<'_>, problems: &mut Problems) -> bool {
    // Where the issue date is, and the name of the expiry column, are only made for a problem:
    // made for every row, they were a tenth of checking a roster's rows.
    if issued > today {
        problems.push(
            Problem::warning(
                row.loc_of("issued"),
                format!("issued in the future: the credential will not be valid until {}", issued.human()),
            )
            .help("check the date; verifiers will say \"not yet valid\" until that day"),
        );
    }
    match period.map(|p| p.after(issued)) {
        Some(until) if until.year() > 9999 => {
            problems.push(
                Problem::error(
                    row.loc_of("issued"),
                    format!(
                        "issued {issued}, the credential would expire after the year 9999 (in {}), with the badge's valid_for",
                        until.year()
                    ),
                )
                .help(format!(
                    "check the issued date, or give the row an expiry date in {}",
                    row.column_name("expires")
                )),
            );
            false
        }
        _ => true,
    }
}

/// Advice for a date that does not parse: the `date_format` that would read it (or the choice,
/// when day-first and month-first both would), in the roster's own `[rosters."…"]` table.
fn date_help(raw: &str, format: DateFormat<'_>, roster: &str) -> String {
    let set = |pattern: &str| {
        format!("in hallmark.toml:\n          [rosters.\"{roster}\"]\n          date_format = \"{pattern}\"")
    };
    let readings = formats_reading(raw);
    match (format, readings.as_slice()) {
        (DateFormat::Pattern(p), _) if DateFormat::Iso.parse(raw).is_none() && readings.is_empty() => format!(
            "write it as date_format \"{p}\" says (9 March 2026 is \"{}\"), and check the day exists",
            format.example()
        ),
        (DateFormat::Pattern(p), _) => format!(
            "every date of this roster must be written as date_format \"{p}\" says (9 March 2026 is \"{}\"); \
             write this one so, or change date_format in [rosters.\"{roster}\"]",
            format.example()
        ),
        (DateFormat::Iso, []) => format!(
            "write dates as YYYY-MM-DD, e.g. 2026-03-12, and check the day exists; or, if the roster writes \
             them otherwise, say how {}",
            set("%d/%m/%Y")
        ),
        (DateFormat::Iso, [one]) => {
            format!("it reads as date_format \"{one}\": if the roster writes every date so, say so {}", set(one))
        }
        (DateFormat::Iso, [first, ..]) => format!(
            "\"{raw}\" reads as a date in {} ways ({}), which fall on different days: say which this roster writes {}",
            readings.len(),
            readings.iter().map(|r| format!("\"{r}\"")).collect::<Vec<_>>().join(", "),
            set(first)
        ),
    }
}
