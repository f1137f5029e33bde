//! Field rules shared by the config, badges and rosters: e-mail, slugs, names, paths, suggestions.

use std::path::{Component, Path, PathBuf};

/// Whether `s` looks like a deliverable e-mail address (`local@domain.tld`, no spaces).
pub(crate) fn is_email(s: &str) -> bool {
    // In one pass over each part, not by searches for "..", '.' and punctuation: every row of a
    // roster is checked (the test holds this to the rules as first written).
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    is_local_part(local) && is_domain(domain)
}

/// A non-empty local part of at most 64 bytes: letters, digits and `!#$%&'*+-/=?^_`{|}~`, with
/// dots between them (not first, last or doubled).
fn is_local_part(local: &str) -> bool {
    if local.is_empty() || local.len() > 64 {
        return false;
    }
    let mut previous = '.';
    for c in local.chars() {
        let allowed = match c {
            '.' => previous != '.',
            '!' | '#' | '$' | '%' | '&' | '\'' | '*' | '+' | '-' | '/' | '=' | '?' | '^' | '_' | '`' | '{' | '|'
            | '}' | '~' => true,
            c => c.is_alphanumeric(),
        };
        if !allowed {
            return false;
        }
        previous = c;
    }
    previous != '.'
}

/// Two or more labels between dots, each of letters, digits and hyphens (not first or last), the
/// last of two characters or more.
fn is_domain(domain: &str) -> bool {
    let (mut labels, mut length, mut previous) = (1, 0usize, '.');
    for c in domain.chars() {
        if c == '.' {
            if length == 0 || previous == '-' {
                return false;
            }
            (labels, length) = (labels + 1, 0);
        } else if (c == '-' && length == 0) || !(c.is_alphanumeric() || c == '-') {
            return false;
        } else {
            length += 1;
        }
        previous = c;
    }
    labels >= 2 && length >= 2 && previous != '-'
}

/// The form e-mail addresses are compared and hashed in: trimmed and lowercased.
pub(crate) fn normalize_email(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Whether `s` is a slug: lowercase ASCII letters, digits and single hyphens.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A name folded for near-duplicate detection: case, accents, punctuation and spacing ignored.
pub(crate) fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_name_into(s, &mut out);
    out
}

/// [`fold_name`] appended to `out` (a build folds every row's name: one buffer serves them all).
pub(crate) fn fold_name_into(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_ascii() {
            // What the general path below does to an ASCII character, without its tables.
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        for c in c.to_lowercase() {
            let base = strip_accent(c);
            if base.is_alphanumeric() {
                out.push(base);
            }
        }
    }
}

/// The accented lowercase letters [`strip_accent`] takes to their base letter, and those letters.
const ACCENTED: &str = "àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőŕřśšşťùúûüūůűųýÿźżžß";
const UNACCENTED: &str = "aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooorrssstuuuuuuuuyyzzzs";

fn strip_accent(c: char) -> char {
    // Every letter of ACCENTED is in U+00DF..=U+017E (a test holds it): a Greek, Cyrillic or CJK
    // name's letters are not looked for in it one by one (a third of a roster's checks at 100,000
    // rows of such names).
    if !('\u{DF}'..='\u{17E}').contains(&c) {
        return c;
    }
    ACCENTED.chars().position(|f| f == c).and_then(|i| UNACCENTED.chars().nth(i)).unwrap_or(c)
}

/// `U+0001`: how a message names an invisible character.
pub(crate) fn describe_control(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069): they
/// can make text display differently from its characters. The marks U+200E and U+200F are not among them.
pub(crate) fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `rel` (a path written in the content, relative to `base`, itself relative to the content
/// directory) as a path relative to the content directory, or why it is not inside it. Lexical, like
/// the paths editors write: `badges/../static/a.svg` is fine, `../../a.svg` and `/etc/a.svg` are not.
pub(crate) fn inside_content(base: &Path, rel: &str) -> Result<PathBuf, &'static str> {
    let mut out = PathBuf::new();
    for part in base.components().chain(Path::new(rel).components()) {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return Err("is outside the content directory");
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err("is an absolute path"),
        }
    }
    Ok(out)
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates.into_iter().map(|c| (edit_distance(word, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Folding as it was first written: every character lowered, then looked for among the
    /// accented letters.
    fn fold_name_plainly(s: &str) -> String {
        let strip =
            |c: char| ACCENTED.chars().position(|f| f == c).and_then(|i| UNACCENTED.chars().nth(i)).unwrap_or(c);
        s.chars().flat_map(char::to_lowercase).map(strip).filter(|c| c.is_alphanumeric()).collect()
    }

    #[test]
    fn folding_takes_shortcuts_that_change_nothing() {
        assert!(ACCENTED.chars().all(|c| ('\u{DF}'..='\u{17E}').contains(&c)), "the range strip_accent looks in");
        assert_eq!(ACCENTED.chars().count(), UNACCENTED.chars().count());
        // Every character below U+0600 and a few beyond, alone and in a name, upper and lower case.
        let chars = ('\0'..'\u{600}').chain("ẞİǅﬀ李雷ひらがなＡ１𝔸".chars());
        for c in chars {
            let name = format!("Ab {c}{c} İz-{c}");
            assert_eq!(fold_name(&name), fold_name_plainly(&name), "{c:?} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn accepts_ordinary_and_international_addresses() {
        for ok in ["a@example.org", "o'brien@example.com", "first.last+tag@sub.example.net", "José@exämple.org"] {
            assert!(is_email(ok), "{ok}");
        }
    }

    /// The check as first written (a list of the domain's labels, the punctuation looked up in a
    /// string): the one in use must answer as it does.
    fn is_email_plainly(s: &str) -> bool {
        let Some((local, domain)) = s.rsplit_once('@') else {
            return false;
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        local_ok && domain_ok
    }

    #[test]
    fn the_email_check_answers_as_first_written() {
        // Every string of up to four characters from this alphabet after a fixed start, and each
        // printable ASCII and some other characters in every place of a valid address.
        let alphabet: Vec<char> = "a.@-é_ +!\"\\1".chars().collect();
        let mut tried = 0;
        for n in 0..=4u32 {
            for mut k in 0..alphabet.len().pow(n) {
                let mut tail = String::new();
                for _ in 0..n {
                    tail.push(alphabet[k % alphabet.len()]);
                    k /= alphabet.len();
                }
                for s in [tail.clone(), format!("a@b.{tail}"), format!("{tail}@ex.org"), format!("x{tail}y.zz")] {
                    assert_eq!(is_email(&s), is_email_plainly(&s), "{s:?}");
                    tried += 1;
                }
            }
        }
        let valid = "first.last+tag@sub.example.net";
        for c in (' '..='~').chain("éß李\u{0}\u{85}٣".chars()) {
            for at in 0..=valid.len() {
                let s = format!("{}{c}{}", &valid[..at], &valid[at..]);
                assert_eq!(is_email(&s), is_email_plainly(&s), "{s:?}");
                tried += 1;
            }
        }
        assert!(tried > 40_000, "{tried}");
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "",
            "a",
            "a@",
            "@example.org",
            "a@@example.org",
            "a@example",
            "a b@example.org",
            "a@example..org",
            ".a@example.org",
            "a@example.c",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn folds_names_for_near_duplicate_detection() {
        assert_eq!(fold_name("Zoë O'Brien"), fold_name("zoe obrien"));
        assert_eq!(fold_name("Мария ПАПАДОПОУЛОУ-Ελένη 李 3"), "марияпападопоулоуελένη李3");
        assert_eq!(fold_name("ŻÓŁW Ångström"), "zołwangstrom", "capitals lowered, then stripped");
        // Each accented letter to its own base (the table once had one "s" too many, which took
        // "ť" to "s", "ù" to "t", "ý" to "u", "ź" to "y" and "ß" to "z").
        assert_eq!(fold_name("Šťůýźß"), "stuyzs");
        assert_ne!(fold_name("Zoë O'Brien"), fold_name("Zoë O'Brian"));
    }

    #[test]
    fn suggests_the_badge_slug_a_typo_meant() {
        let slugs = ["data-analysis", "first-aid", "web-accessibility"];
        assert_eq!(suggest("data-analysys", slugs), Some("data-analysis"));
        assert_eq!(suggest("gardening", slugs), None);
    }

    #[test]
    fn paths_must_stay_inside_the_content_directory() {
        let badges = Path::new("badges");
        assert_eq!(inside_content(badges, "sql.svg"), Ok(PathBuf::from("badges/sql.svg")));
        assert_eq!(inside_content(badges, "./art/../sql.svg"), Ok(PathBuf::from("badges/sql.svg")));
        assert_eq!(inside_content(badges, "../static/logo.svg"), Ok(PathBuf::from("static/logo.svg")));
        assert_eq!(inside_content(badges, "../../outside.svg"), Err("is outside the content directory"));
        assert_eq!(inside_content(badges, "a/../../../x.svg"), Err("is outside the content directory"));
        assert_eq!(inside_content(Path::new(""), "../logo.svg"), Err("is outside the content directory"));
        assert_eq!(inside_content(Path::new(""), "/etc/logo.svg"), Err("is an absolute path"));
    }
}
