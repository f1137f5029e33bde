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

/// The ledger's file name, beside `hallmark.toml`.
pub const LEDGER_FILE: &str = "hallmark.lock";

const HEADER: &str =
    "# hallmark.lock: the issuance ledger, written by `hallmark build`. Commit it with your content.\n\
# One line per credential ever issued; a credential's id and status index are for ever. Never edit it by hand.\n\
# format 2: id, status index, badge, issued, expires, replaced by, recipient key, salt, e-mail identity hash,\n\
# evidence, name (tab-separated; - for none)\n";

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
    /// The line of each entry in the file it was read from (1-based), for error reports.
    lines: Vec<usize>,
}

/// The ledger line that names the signing key.
const KEY_FIELD: &str = "signing-key";
const KEY_COMMENT: &str =
    "# signing-key: the public key this site is signed with. Only `hallmark rotate-key` changes it.\n";

/// The ledger line that names the proofs the site signs with.
const PROOFS_FIELD: &str = "proofs";
const PROOFS_COMMENT: &str =
    "# proofs: the cryptosuites this site signs with. [signing] proofs in hallmark.toml changes it.\n";

/// Two ledgers are equal when they record the same; where the entries stood in a file does not count.
impl PartialEq for Ledger {
    fn eq(&self, other: &Ledger) -> bool {
        self.entries == other.entries && self.signing_key == other.signing_key && self.proofs == other.proofs
    }
}

impl Eq for Ledger {}

fn opt(s: &str) -> Option<&str> {
    (s != "-").then_some(s)
}

impl Ledger {
    /// Reads the ledger in `content_dir`; an absent file is an empty ledger.
    pub(crate) fn load(content_dir: &Path) -> Result<Ledger> {
        let path = content_dir.join(LEDGER_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ledger::parse(&text).map_err(|(line, msg)| {
                Error::Ledger(Failure::new(format!("{}:{line}:1: {msg}", path.display())).fix(format!("restore the file from git (`git checkout -- {}`); it is written by hallmark and must not be edited", path.display())))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ledger::default()),
            Err(e) => Err(Error::io("read", &path, e)),
        }
    }

    /// Parses ledger text; errors carry a 1-based line number.
    pub(crate) fn parse(text: &str) -> std::result::Result<Ledger, (usize, String)> {
        let mut entries = Vec::with_capacity(text.bytes().filter(|b| *b == b'\n').count());
        let mut lines = Vec::with_capacity(entries.capacity());
        let mut signing_key = None;
        let mut proofs = None;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(key) = line.strip_prefix(KEY_FIELD).and_then(|rest| rest.strip_prefix('\t')) {
                if crate::crypto::keys::parse_public_multibase(key).is_err() {
                    return Err((n, format!("\"{key}\" is not an Ed25519 public key")));
                }
                signing_key = Some(key.to_string());
                continue;
            }
            if let Some(names) = line.strip_prefix(PROOFS_FIELD).and_then(|rest| rest.strip_prefix('\t')) {
                let names: Vec<&str> = names.split(' ').collect();
                let profile = ProofProfile::from_names(&names).map_err(|_| {
                    (n, format!("\"{}\" is not a list of cryptosuites hallmark signs with", names.join(" ")))
                })?;
                proofs = Some(profile);
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 11 {
                return Err((n, format!("expected 11 tab-separated fields, found {}", f.len())));
            }
            let date = |s: &str| Date::parse_iso(s).ok_or_else(|| (n, format!("\"{s}\" is not a date")));
            lines.push(n);
            entries.push(Entry {
                id: f[0].into(),
                index: f[1].parse().map_err(|_| (n, format!("\"{}\" is not a status index", f[1])))?,
                badge: f[2].into(),
                issued: date(f[3])?,
                expires: opt(f[4]).map(date).transpose()?,
                replaced_by: opt(f[5]).map(str::to_string),
                recipient: f[6].into(),
                salt: f[7].into(),
                identity: f[8].into(),
                evidence: opt(f[9]).map(|e| e.split(' ').map(str::to_string).collect()).unwrap_or_default(),
                name: f[10].into(),
            });
        }
        if !entries.is_sorted_by_key(|e| e.index) {
            let mut both: Vec<(Entry, usize)> = entries.into_iter().zip(lines).collect();
            both.sort_by_key(|(e, _)| e.index);
            (entries, lines) = both.into_iter().unzip();
        }
        for pair in entries.windows(2) {
            if pair[0].index == pair[1].index {
                return Err((0, format!("status index {} is recorded twice", pair[0].index)));
            }
        }
        Ok(Ledger { entries, signing_key, proofs, lines })
    }

    /// The file's text.
    #[cfg(test)]
    pub(crate) fn to_text(&self) -> String {
        text_of(self.entries.iter(), self.signing_key.as_deref(), self.proofs)
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
        Ledger { entries, signing_key: None, proofs: None, lines: Vec::new() }
    }

    /// The line of the file where credential `id` is recorded, when the ledger was read from one.
    pub(crate) fn line_of(&self, id: &str) -> Option<usize> {
        let i = self.entries.iter().position(|e| e.id == id)?;
        self.lines.get(i).copied()
    }
}

/// The ledger file's text for `entries`, which must be in index order, signed with `signing_key`
/// and the cryptosuites of `proofs`.
pub(crate) fn text_of<'e>(
    entries: impl ExactSizeIterator<Item = &'e Entry>,
    signing_key: Option<&str>,
    proofs: Option<ProofProfile>,
) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(HEADER.len() + entries.len() * 200);
    out.push_str(HEADER);
    if let Some(key) = signing_key {
        out.push_str(KEY_COMMENT);
        let _ = writeln!(out, "{KEY_FIELD}\t{key}");
    }
    if let Some(proofs) = proofs {
        out.push_str(PROOFS_COMMENT);
        let _ = writeln!(out, "{PROOFS_FIELD}\t{proofs}");
    }
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
mod tests {
    use super::*;

    fn entry(index: u64) -> Entry {
        Entry {
            id: format!("id{index}"),
            index,
            badge: "sql".into(),
            issued: Date::new(2026, 3, 1).unwrap(),
            expires: (index == 2).then(|| Date::new(2028, 3, 1).unwrap()),
            replaced_by: (index == 0).then(|| "id2".to_string()),
            recipient: recipient_key("a@example.org"),
            salt: "s".into(),
            identity: "sha256$00".into(),
            evidence: if index == 2 {
                vec!["https://a.example/1".into(), "https://a.example/2".into()]
            } else {
                vec![]
            },
            name: "Siobhán O'Brien-Ngata 李".into(),
        }
    }

    #[test]
    fn text_round_trips_in_index_order() {
        let l = Ledger::from_entries(vec![entry(2), entry(0)]);
        let text = l.to_text();
        assert!(text.find("id0\t0").unwrap() < text.find("id2\t2").unwrap());
        assert_eq!(Ledger::parse(&text).unwrap(), l);
        assert_eq!(l.next_index(), 3);
    }

    #[test]
    fn the_proofs_line_round_trips_and_an_unknown_suite_is_refused() {
        let mut l = Ledger::from_entries(vec![entry(0)]);
        l.proofs = Some(ProofProfile::RDFC_AND_JCS);
        let text = l.to_text();
        assert!(text.contains("\nproofs\teddsa-rdfc-2022 eddsa-jcs-2022\n"), "{text}");
        assert_eq!(Ledger::parse(&text).unwrap(), l);
        assert_ne!(Ledger::parse(&text.replace(" eddsa-jcs-2022", "")).unwrap(), l);
        assert_eq!(Ledger::parse(&l.to_text().replace("eddsa-jcs-2022", "x")).unwrap_err().0, 6);
        assert_eq!(Ledger::parse(&Ledger::from_entries(vec![entry(0)]).to_text()).unwrap().proofs, None);
    }

    #[test]
    fn rejects_damaged_lines_with_their_number() {
        let err = Ledger::parse("# c\nabc\t1\tsql\n").unwrap_err();
        assert_eq!(err.0, 2);
    }

    #[test]
    fn ids_are_unique_and_url_safe() {
        let a = new_id().unwrap();
        let b = new_id().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 20);
        assert!(a.bytes().all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c)));
    }

    #[test]
    fn recipient_key_does_not_reveal_the_address() {
        let k = recipient_key("ada@example.org");
        assert_eq!(k.len(), 32);
        assert!(!k.contains("ada"));
    }
}
