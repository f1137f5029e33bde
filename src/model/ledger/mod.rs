//! `hallmark.lock`: the committed record of every credential ever issued (id, status index, salt, date).
//!
//! One tab-separated line per credential, in status-index order, so new credentials append at the end
//! and a pull request shows exactly what was issued.

use crate::ground::error::Failure;
use std::path::Path;

use crate::crypto::ProofProfile;
use crate::ground::date::Date;
use crate::ground::error::{Error, Result};
use crate::ground::hash::sha256_hex;
use crate::model::claims::Claims;

/// The ledger's file name, beside `hallmark.toml`.
pub const LEDGER_FILE: &str = "hallmark.lock";

const HEADER: &str =
    "# hallmark.lock: the issuance ledger, written by `hallmark build`. Commit it with your content.\n\
# One line per credential ever issued; a credential's id and status index are for ever. Never edit it by hand.\n\
# format 2: id, status index, badge, issued, expires, replaced by, recipient key, salt, e-mail identity hash,\n\
# evidence, name (tab-separated; - for none)\n";
/// The header of a ledger whose site keeps a public log (format 3: one more column).
const HEADER_3: &str =
    "# hallmark.lock: the issuance ledger, written by `hallmark build`. Commit it with your content.\n\
# One line per credential ever issued; a credential's id and status index are for ever. Never edit it by hand.\n\
# format 3: id, status index, badge, issued, expires, replaced by, recipient key, salt, e-mail identity hash,\n\
# evidence, name, log index, then claims when there are some (tab-separated; - for none)\n";

/// One issued credential: everything needed to publish it again, without the recipient's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The unguessable id in the credential's URL.
    pub id: String,
    /// Its position in the status lists, never reused.
    pub index: u64,
    pub badge: String,
    pub issued: Date,
    pub expires: Option<Date>,
    /// The id of the credential that corrected this one.
    pub replaced_by: Option<String>,
    /// [`recipient_key`] of the recipient's e-mail: how a roster row finds its entry.
    pub recipient: String,
    /// The salt of the hashed e-mail in the credential.
    pub salt: String,
    /// `sha256$…` of the e-mail and salt, as published.
    pub identity: String,
    pub evidence: Vec<String>,
    /// The name as issued.
    pub name: String,
    /// The index in `hallmark.log` of the entry that issued this credential as it is published
    /// now (format 3; `None` before the site kept a log).
    pub log_index: Option<u64>,
    /// Results, evidence items and subject fields, as issued (the last field, only when there are
    /// some).
    pub claims: Option<std::sync::Arc<Claims>>,
}

/// All entries, in index order, and the institution key the site is signed with.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ledger {
    entries: Vec<Entry>,
    /// The public key (`z6Mk…`) of the institution key that signs the site, once a build has
    /// signed with one: a build with any other key stops, unless this one is retired.
    pub signing_key: Option<String>,
    /// The cryptosuites the site signs with, once a build has recorded them (ledgers written
    /// before the choice existed do not say: their credentials carry both suites' proofs).
    pub proofs: Option<ProofProfile>,
    /// The size and root of the public log this ledger goes with (`log` header, format 3).
    pub log: Option<LogHead>,
    /// The line of each entry in the file it was read from (1-based), for error reports.
    lines: Vec<usize>,
}

/// The `log` header: the size of `hallmark.log` the ledger commits to, and its Merkle root.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LogHead {
    pub size: u64,
    pub root: [u8; 32],
}

/// What a build changes of the ledger's log record: the new head, and the log index of each
/// credential it logged (by id).
#[derive(Debug, Clone, Default)]
pub(crate) struct LogUpdate {
    pub head: LogHead,
    pub indexes: std::collections::HashMap<String, u64>,
}

/// The ledger line that names the log's size and root.
const LOG_FIELD: &str = "log";
const LOG_COMMENT: &str =
    "# log: the size and root of hallmark.log this ledger commits to. Only `hallmark build` changes it.\n";

/// The ledger line that names the signing key.
const KEY_FIELD: &str = "signing-key";
const KEY_COMMENT: &str =
    "# signing-key: the public key this site is signed with. Only `hallmark rotate-key` changes it.\n";
/// The comment line that gives the number of entries, so a file cut at a line break is noticed
/// (`# count: 52 credentials; a ledger holding fewer was cut short`). A comment, so tools that
/// count entries by skipping `#` lines need not know it.
const COUNT_PREFIX: &str = "# count: ";
const COUNT_SUFFIX: &str = " credentials; a ledger holding fewer was cut short";

/// The header lines (`<name>\t<value>`, before the entries) hallmark reads. A well-formed header
/// line of another name (from a newer hallmark) is accepted and left alone.
#[derive(Debug, Default)]
struct Headers {
    signing_key: Option<String>,
    proofs: Option<ProofProfile>,
    log: Option<LogHead>,
    count: Option<usize>,
}

impl Headers {
    /// Reads `line` if it is a header line (`true`), or says what is wrong with it.
    fn read(&mut self, line: &str) -> std::result::Result<bool, String> {
        let Some((name, value)) = line.split_once('\t') else { return Ok(false) };
        let is_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        if !is_name || value.contains('\t') {
            return Ok(false);
        }
        // Names other than these are a newer hallmark's: accepted and left alone.
        if name == KEY_FIELD {
            if crate::crypto::keys::parse_public_multibase(value).is_err() {
                return Err(format!("\"{value}\" is not an Ed25519 public key"));
            }
            self.signing_key = Some(value.to_string());
        }
        if name == PROOFS_FIELD {
            let names: Vec<&str> = value.split(' ').collect();
            let profile = ProofProfile::from_names(&names)
                .map_err(|_| format!("\"{value}\" is not a list of cryptosuites hallmark signs with"))?;
            self.proofs = Some(profile);
        }
        if name == LOG_FIELD {
            self.log = Some(parse_log_head(value).ok_or_else(|| format!("\"{value}\" is not a log size and root"))?);
        }
        Ok(true)
    }
}

/// `<size> <base64 root>`.
fn parse_log_head(value: &str) -> Option<LogHead> {
    use base64::Engine;
    let (size, root) = value.split_once(' ')?;
    let n: u64 = size.parse().ok().filter(|n: &u64| n.to_string() == size)?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(root).ok()?;
    Some(LogHead { size: n, root: bytes.try_into().ok()? })
}

/// The error for a ledger that cannot be read as it is, at `line` of `path`.
fn damaged(path: &Path, line: usize, msg: &str) -> Error {
    Error::Ledger(Failure::new(format!("{}:{line}:1: {msg}", path.display())).fix(format!(
        "restore the file from git (`git checkout -- {}`, or `git log -p` on it after a bad merge: keep one \
         side's entries and build again); it is written by hallmark and must not be edited",
        path.display()
    )))
}

/// One entry line.
fn parse_entry(line: &str) -> std::result::Result<Entry, String> {
    let f: Vec<&str> = line.split('\t').collect();
    if !(11..=13).contains(&f.len()) {
        return Err(format!(
            "expected 11 tab-separated fields (then the log index when the site keeps a log, then the claims \
             when there are some), found {}",
            f.len()
        ));
    }
    // After the 11th field: the log index (a number or -), then the claims (a JSON object).
    let (log_field, claims_field) = match &f[11..] {
        [] => (None, None),
        [one] if one.starts_with('{') => (None, Some(*one)),
        [one] => (Some(*one), None),
        [index, claims] => (Some(*index), Some(*claims)),
        _ => unreachable!("at most 13 fields"),
    };
    let date = |s: &str| Date::parse_iso(s).ok_or_else(|| format!("\"{s}\" is not a date"));
    let id = |s: &str| {
        let ok = (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if ok {
            Ok(s.to_string())
        } else {
            Err(format!("\"{s}\" is not a credential id"))
        }
    };
    let word = |s: &str, what: &str| {
        let ok = !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_$".contains(&b));
        if ok {
            Ok(s.to_string())
        } else {
            Err(format!("\"{s}\" is not a {what}"))
        }
    };
    if f[10].chars().any(|c| c.is_control()) || f[10].trim().is_empty() {
        return Err("the name is empty or holds control characters".into());
    }
    let evidence: Vec<String> = opt(f[9]).map(|e| e.split(' ').map(str::to_string).collect()).unwrap_or_default();
    if evidence.iter().any(|u| u.is_empty() || u.chars().any(|c| c.is_control())) {
        return Err("an evidence link is empty or holds control characters".into());
    }
    Ok(Entry {
        id: id(f[0])?,
        index: f[1].parse().map_err(|_| format!("\"{}\" is not a status index", f[1]))?,
        badge: word(f[2], "badge slug").and_then(|b| {
            if crate::model::validate::is_slug(&b) {
                Ok(b)
            } else {
                Err(format!("\"{b}\" is not a badge slug"))
            }
        })?,
        issued: date(f[3])?,
        expires: opt(f[4]).map(date).transpose()?,
        replaced_by: opt(f[5]).map(id).transpose()?,
        recipient: word(f[6], "recipient key")?,
        salt: word(f[7], "salt")?,
        identity: word(f[8], "hashed e-mail")?,
        evidence,
        name: f[10].into(),
        log_index: log_field.and_then(opt).map(log_index).transpose()?,
        claims: claims_field.map(|c| Claims::from_ledger(c).map(std::sync::Arc::new)).transpose()?,
    })
}

fn log_index(n: &str) -> std::result::Result<u64, String> {
    n.parse::<u64>().ok().filter(|v| v.to_string() == n).ok_or(format!("\"{n}\" is not a log index"))
}

/// No id and no status index twice: a bad merge would let one recipient's page replace another's,
/// or two people share one revocation bit.
fn check_unique(entries: &[Entry], lines: &[usize]) -> std::result::Result<(), (usize, String)> {
    let mut ids = std::collections::HashMap::with_capacity(entries.len());
    let mut indexes = std::collections::HashMap::with_capacity(entries.len());
    for (e, n) in entries.iter().zip(lines) {
        if let Some(first) = ids.insert(e.id.as_str(), *n) {
            return Err((*n, format!("credential id {} is recorded twice (lines {first} and {n})", e.id)));
        }
        if let Some(first) = indexes.insert(e.index, *n) {
            return Err((*n, format!("status index {} is recorded twice (lines {first} and {n})", e.index)));
        }
    }
    Ok(())
}

/// The ledger line that names the proofs the site signs with.
const PROOFS_FIELD: &str = "proofs";
const PROOFS_COMMENT: &str =
    "# proofs: the cryptosuites this site signs with. [signing] proofs in hallmark.toml changes it.\n";

/// Two ledgers are equal when they record the same; where the entries stood in a file does not count.
impl PartialEq for Ledger {
    fn eq(&self, other: &Ledger) -> bool {
        self.entries == other.entries
            && self.signing_key == other.signing_key
            && self.proofs == other.proofs
            && self.log == other.log
    }
}

impl Eq for Ledger {}

fn opt(s: &str) -> Option<&str> {
    (s != "-").then_some(s)
}

impl Ledger {
    /// Reads the ledger in `content_dir`; an absent file is an empty ledger. An empty, cut or
    /// damaged file is refused with its line: it is never taken as "nothing issued yet".
    pub(crate) fn load(content_dir: &Path) -> Result<Ledger> {
        let path = content_dir.join(LEDGER_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| {
                    let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
                    damaged(&path, line, "is not UTF-8 text")
                })?;
                Ledger::parse(&text).map_err(|(line, msg)| damaged(&path, line, &msg))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ledger::default()),
            Err(e) => Err(Error::io("read", &path, e)),
        }
    }

    /// Parses ledger text; errors carry a 1-based line number.
    pub(crate) fn parse(text: &str) -> std::result::Result<Ledger, (usize, String)> {
        if text.trim().is_empty() {
            return Err((1, "the file is empty: a ledger always has its header, even with no credential".into()));
        }
        if !text.ends_with('\n') {
            let last = text.lines().count();
            return Err((last, "the last line is cut short (it has no line break): the file was truncated".into()));
        }
        let mut entries = Vec::with_capacity(text.bytes().filter(|b| *b == b'\n').count());
        let mut lines = Vec::with_capacity(entries.capacity());
        let mut headers = Headers::default();
        let mut last = 0;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            last = n;
            if let Some(count) = line.strip_prefix(COUNT_PREFIX) {
                let number = count.strip_suffix(COUNT_SUFFIX).and_then(|c| c.parse().ok());
                headers.count =
                    Some(number.ok_or_else(|| (n, format!("\"{line}\" does not give the number of credentials")))?);
                continue;
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            // Header lines come first: after an entry, a damaged entry is never taken for one.
            if entries.is_empty() && headers.read(line).map_err(|msg| (n, msg))? {
                continue;
            }
            lines.push(n);
            entries.push(parse_entry(line).map_err(|msg| (n, msg))?);
        }
        if let Some(count) = headers.count.filter(|c| *c != entries.len()) {
            return Err((
                last,
                format!(
                    "the header says {count} credentials and the file holds {}: it was cut short or edited",
                    entries.len()
                ),
            ));
        }
        check_unique(&entries, &lines)?;
        if !entries.is_sorted_by_key(|e| e.index) {
            let mut both: Vec<(Entry, usize)> = entries.into_iter().zip(lines).collect();
            both.sort_by_key(|(e, _)| e.index);
            (entries, lines) = both.into_iter().unzip();
        }
        Ok(Ledger { entries, signing_key: headers.signing_key, proofs: headers.proofs, log: headers.log, lines })
    }

    /// The file's text.
    #[cfg(test)]
    pub(crate) fn to_text(&self) -> String {
        text_of(self.entries.iter(), self.signing_key.as_deref(), self.proofs, self.log)
    }

    /// The entries, in index order.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The next unused status index.
    pub(crate) fn next_index(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.index + 1)
    }

    /// A ledger with these entries (sorted by index).
    #[cfg(test)]
    pub(crate) fn from_entries(mut entries: Vec<Entry>) -> Ledger {
        entries.sort_by_key(|e| e.index);
        Ledger { entries, signing_key: None, proofs: None, log: None, lines: Vec::new() }
    }

    /// The line of the file where credential `id` is recorded, when the ledger was read from one.
    pub(crate) fn line_of(&self, id: &str) -> Option<usize> {
        let i = self.entries.iter().position(|e| e.id == id)?;
        self.lines.get(i).copied()
    }
}

/// The ledger file's text for `entries`, which must be in index order, signed with `signing_key`
/// and the cryptosuites of `proofs`; with `log`, in format 3 (a log header and a log-index column).
pub(crate) fn text_of<'e>(
    entries: impl ExactSizeIterator<Item = &'e Entry>,
    signing_key: Option<&str>,
    proofs: Option<ProofProfile>,
    log: Option<LogHead>,
) -> String {
    use base64::Engine;
    use std::fmt::Write as _;
    let mut out = String::with_capacity(HEADER.len() + entries.len() * 200);
    out.push_str(if log.is_some() { HEADER_3 } else { HEADER });
    if let Some(key) = signing_key {
        out.push_str(KEY_COMMENT);
        let _ = writeln!(out, "{KEY_FIELD}\t{key}");
    }
    if let Some(proofs) = proofs {
        out.push_str(PROOFS_COMMENT);
        let _ = writeln!(out, "{PROOFS_FIELD}\t{proofs}");
    }
    if let Some(head) = log {
        out.push_str(LOG_COMMENT);
        let root = base64::engine::general_purpose::STANDARD.encode(head.root);
        let _ = writeln!(out, "{LOG_FIELD}\t{} {root}", head.size);
    }
    let _ = writeln!(out, "{COUNT_PREFIX}{}{COUNT_SUFFIX}", entries.len());
    for e in entries {
        out.push_str(&e.id);
        let _ = write!(out, "\t{}\t", e.index);
        out.push_str(&e.badge);
        let _ = write!(out, "\t{}\t", e.issued);
        match e.expires {
            Some(d) => {
                let _ = write!(out, "{d}");
            }
            None => out.push('-'),
        }
        out.push('\t');
        out.push_str(e.replaced_by.as_deref().unwrap_or("-"));
        for field in [&e.recipient, &e.salt, &e.identity] {
            out.push('\t');
            out.push_str(field);
        }
        out.push('\t');
        if e.evidence.is_empty() {
            out.push('-');
        } else {
            for (i, url) in e.evidence.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(url);
            }
        }
        out.push('\t');
        out.push_str(&e.name);
        if log.is_some() {
            match e.log_index {
                Some(n) => {
                    let _ = write!(out, "\t{n}");
                }
                None => out.push_str("\t-"),
            }
        }
        if let Some(claims) = &e.claims {
            out.push('\t');
            out.push_str(&claims.to_ledger());
        }
        out.push('\n');
    }
    out
}

/// The ledger's key for a recipient: a hash of the normalised e-mail, so the ledger holds no address.
pub(crate) fn recipient_key(email: &str) -> String {
    sha256_hex(format!("hallmark-recipient:{email}").as_bytes(), 16)
}

/// `n` random bytes from the operating system.
fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| Error::Ledger(format!("no randomness available: {e}").into()))?;
    Ok(b)
}

/// A new unguessable credential id: 100 random bits as 20 lowercase base32 characters.
pub(crate) fn new_id() -> Result<String> {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let bytes = random_bytes::<20>()?;
    Ok(bytes.iter().map(|b| ALPHABET[usize::from(b & 31)] as char).collect())
}

/// A new salt for the hashed e-mail: 96 random bits, base64url.
pub(crate) fn new_salt() -> Result<String> {
    use base64::Engine;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<12>()?))
}

#[cfg(test)]
mod tests;
