//! `hallmark.lock`: the committed record of every credential ever issued (id, status index, salt, date).
//!
//! One tab-separated line per credential, in status-index order, so new credentials append at the end
//! and a pull request shows exactly what was issued. Past [`shards::SHARD_ENTRIES`] credentials (or
//! 25 MB) the lines go to `hallmark.lock.d/<NNNN>.lock` files of at most that many each, and
//! `hallmark.lock` keeps the header and an index of them (see [`shards`]): files git hosts accept,
//! however many credentials.

use crate::ground::error::Failure;
use std::path::Path;

use crate::crypto::ProofProfile;
use crate::ground::date::Date;
use crate::ground::error::{Error, Result};
use crate::model::claims::Claims;
use crate::model::creator::Creator;

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
    /// How the site's credentials name their achievement's creator, once a build has recorded it
    /// (ledgers written before the choice existed do not say: their credentials give the whole
    /// issuer profile).
    pub creator: Option<Creator>,
    /// The size and root of the public log this ledger goes with (`log` header, format 3).
    pub log: Option<LogHead>,
    /// The line of each entry in the file it was read from (1-based), for error reports.
    lines: Vec<u32>,
    /// The shards the entries were read from (empty: all in `hallmark.lock`), and for each entry
    /// the number of its shard.
    shards: Vec<ShardRef>,
    shard_of: Vec<u32>,
    /// The entries by id.
    ids: Ids,
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

/// The error for a ledger that cannot be read as it is, at `line` of `path`.
fn damaged(path: &Path, line: usize, msg: &str) -> Error {
    Error::Ledger(Failure::new(format!("{}:{line}:1: {msg}", path.display())).fix(format!(
        "restore the file from git (`git checkout -- {}`, or `git log -p` on it after a bad merge: keep one \
         side's entries and build again); it is written by hallmark and must not be edited",
        path.display()
    )))
}

/// No id and no status index twice: a bad merge would let one recipient's page replace another's,
/// or two people share one revocation bit. Gives the entries by id, or the positions of the first
/// and the second entry that share something, and what they share (the second entry that comes
/// first, an id before an index at the same entry).
fn check_unique(entries: &[Entry]) -> std::result::Result<Ids, (usize, usize, String)> {
    let ids = Ids::of(entries).map_err(|(first, i)| (first, i, format!("credential id {}", entries[i].id())));
    // Entries read in index order (as the ledger writes them) share an index only side by side.
    let index_twice = if entries.is_sorted_by_key(|e| e.index) {
        entries.windows(2).position(|w| w[0].index == w[1].index).map(|at| (at, at + 1))
    } else {
        let mut first = crate::ground::hash::FastMap::with_capacity_and_hasher(entries.len(), Default::default());
        entries.iter().enumerate().find_map(|(i, e)| Some((first.insert(e.index, i)?, i)))
    };
    let index_twice = index_twice.map(|(first, i)| (first, i, format!("status index {}", entries[i].index)));
    match (ids, index_twice) {
        (Err(id), Some(index)) => Err(if index.1 < id.1 { index } else { id }),
        (Err(twice), None) | (Ok(_), Some(twice)) => Err(twice),
        (Ok(ids), None) => Ok(ids),
    }
}

/// Where a ledger problem is: the shard (`None`: `hallmark.lock` itself), the 1-based line, and
/// what is wrong.
pub(crate) type PartError = (Option<String>, usize, String);

/// A line number as the ledger holds it (4 bytes: a file of more than 4 billion lines is named at
/// its last).
fn line_number(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The entries of one file, the line of each, and the number of its last line.
type Body = (Vec<Entry>, Vec<u32>, usize);

/// Reads the entries of `shards` (as `shard` gives each one's text) onto `entries`, `lines` and
/// `shard_of`, checking each shard's count.
fn read_shards(
    shards: &[ShardRef],
    shard: &mut dyn FnMut(&ShardRef) -> std::result::Result<String, PartError>,
    (entries, lines, shard_of): (&mut Vec<Entry>, &mut Vec<u32>, &mut Vec<u32>),
) -> std::result::Result<(), PartError> {
    // The entries go into vectors of their exact final size (grown shard by shard they
    // doubled: 1.6 million places for a million entries), each shard's lines parsed side by side
    // straight into them: a shard's text is the only thing held besides.
    // (The counts are the file's word until each shard is parsed: a count too large to reserve
    // is not an error here; the check below names the shard that does not hold its count.)
    let total = shards.iter().try_fold(0usize, |sum, s| sum.checked_add(s.count)).unwrap_or(0);
    let _ = (entries.try_reserve_exact(total), lines.try_reserve_exact(total), shard_of.try_reserve_exact(total));
    for (k, s) in shards.iter().enumerate() {
        let text = shard(s)?;
        let here = |(l, m)| (Some(s.name.clone()), l, m);
        let before = entries.len();
        let last = entry::parse_shard_into(&text, entries, lines).map_err(here)?;
        if entries.len() - before != s.count {
            let msg =
                format!("{LEDGER_FILE} says it holds {} credentials and it holds {}", s.count, entries.len() - before);
            return Err(here((last, msg)));
        }
        shard_of.resize(entries.len(), k as u32);
    }
    Ok(())
}

/// A ledger file is refused when it is empty or its last line is cut short.
fn check_whole(text: &str) -> std::result::Result<(), (usize, String)> {
    if text.trim().is_empty() {
        return Err((1, "the file is empty: a ledger always has its header, even with no credential".into()));
    }
    if !text.ends_with('\n') {
        let last = text.lines().count();
        return Err((last, "the last line is cut short (it has no line break): the file was truncated".into()));
    }
    Ok(())
}

/// The entry lines of one file (with `headers`: `hallmark.lock`, whose header lines come first),
/// their line numbers, and the number of its last line.
fn parse_body(text: &str, mut headers: Option<&mut Headers>) -> std::result::Result<Body, (usize, String)> {
    check_whole(text)?;
    let mut entries = Vec::with_capacity(text.bytes().filter(|b| *b == b'\n').count());
    let mut lines = Vec::with_capacity(entries.capacity());
    let mut last = 0;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        last = n;
        if let (Some(count), Some(headers)) = (line.strip_prefix(COUNT_PREFIX), headers.as_deref_mut()) {
            let number = count.strip_suffix(COUNT_SUFFIX).and_then(|c| c.parse().ok());
            headers.count =
                Some(number.ok_or_else(|| (n, format!("\"{line}\" does not give the number of credentials")))?);
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        // Header lines come first: after an entry, a damaged entry is never taken for one.
        if let Some(headers) = headers.as_deref_mut().filter(|_| entries.is_empty()) {
            if headers.read(line).map_err(|msg| (n, msg))? {
                continue;
            }
        }
        lines.push(line_number(n));
        entries.push(parse_entry(line).map_err(|msg| (n, msg))?);
    }
    Ok((entries, lines, last))
}

/// The ledger line that names the proofs the site signs with.
const PROOFS_FIELD: &str = "proofs";
const PROOFS_COMMENT: &str =
    "# proofs: the cryptosuites this site signs with. [signing] proofs in hallmark.toml changes it.\n";

/// The ledger line that says how an achievement names its creator.
const CREATOR_FIELD: &str = "achievement-creator";
const CREATOR_COMMENT: &str = "# achievement-creator: how each credential's achievement names its creator, the issuer \
(id: by its id alone; profile: with the whole issuer profile again). [outputs] achievement_creator in \
hallmark.toml changes it.\n";

/// What a ledger records of how its site's credentials are made, beside the key: the cryptosuites
/// that sign them, and how an achievement names its creator (`None`: not recorded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Recorded {
    pub proofs: Option<ProofProfile>,
    pub creator: Option<Creator>,
}

/// Two ledgers are equal when they record the same; where the entries stood in a file does not count.
impl PartialEq for Ledger {
    fn eq(&self, other: &Ledger) -> bool {
        self.entries == other.entries
            && self.signing_key == other.signing_key
            && self.proofs == other.proofs
            && self.creator == other.creator
            && self.log == other.log
    }
}

impl Eq for Ledger {}

impl Ledger {
    /// Reads the ledger in `content_dir` (and its shards); an absent file is an empty ledger. An
    /// empty, cut or damaged file is refused with its line: it is never taken as "nothing issued yet".
    pub(crate) fn load(content_dir: &Path) -> Result<Ledger> {
        store::load(content_dir)
    }

    /// Parses the text of a ledger in one file; errors carry a 1-based line number. (A sharded
    /// ledger is read with [`Ledger::parse_parts`].)
    #[cfg(test)]
    pub(crate) fn parse(text: &str) -> std::result::Result<Ledger, (usize, String)> {
        let mut no_shards = |s: &ShardRef| Err((None, 1, format!("names the shard {SHARD_DIR}/{}, not given", s.name)));
        Ledger::parse_parts(text, &mut no_shards).map_err(|(_, line, msg)| (line, msg))
    }

    /// Parses the text of `hallmark.lock`, and of each shard it names as `shard` gives it.
    pub(crate) fn parse_parts(
        text: &str,
        shard: &mut dyn FnMut(&ShardRef) -> std::result::Result<String, PartError>,
    ) -> std::result::Result<Ledger, PartError> {
        let mut headers = Headers::default();
        let (mut entries, mut lines, last) = parse_body(text, Some(&mut headers)).map_err(|(l, m)| (None, l, m))?;
        let mut shard_of = Vec::new();
        if !headers.shards.is_empty() {
            if let Some(line) = lines.first() {
                return Err((
                    None,
                    *line as usize,
                    format!("a ledger whose entries are in {SHARD_DIR}/ holds none itself"),
                ));
            }
            read_shards(&headers.shards, shard, (&mut entries, &mut lines, &mut shard_of))?;
        }
        if let Some(count) = headers.count.filter(|c| *c != entries.len()) {
            let msg = format!(
                "the header says {count} credentials and the file holds {}: it was cut short or edited",
                entries.len()
            );
            return Err((None, last, msg));
        }
        let mut ledger = Ledger {
            entries,
            signing_key: headers.signing_key,
            proofs: headers.proofs,
            creator: headers.creator,
            log: headers.log,
            lines,
            shards: headers.shards,
            shard_of,
            ids: Ids::default(),
        };
        match check_unique(&ledger.entries) {
            Ok(ids) => ledger.ids = ids,
            Err((first, second, what)) => return Err(ledger.twice(first, second, &what)),
        }
        if !ledger.entries.is_sorted_by_key(|e| e.index) {
            ledger.sort_by_index();
        }
        Ok(ledger)
    }

    /// The error for the entries at `first` and `second`, which share `what`.
    fn twice(&self, first: usize, second: usize, what: &str) -> PartError {
        let ((file, line), (file_1, line_1)) = (self.place(second), self.place(first));
        let at = if self.shards.is_empty() {
            format!("lines {line_1} and {line}")
        } else {
            format!("{} line {line_1}, {} line {line}", file_1.unwrap_or_default(), file.clone().unwrap_or_default())
        };
        (file, line, format!("{what} is recorded twice ({at})"))
    }

    /// The entries (and where each was read) put in index order, as hand-merged shards may not be.
    fn sort_by_index(&mut self) {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|i| self.entries[*i].index);
        let mut entries: Vec<Option<Entry>> = std::mem::take(&mut self.entries).into_iter().map(Some).collect();
        self.entries = order.iter().map(|i| entries[*i].take().expect("each once")).collect();
        self.lines = order.iter().map(|i| self.lines[*i]).collect();
        if !self.shard_of.is_empty() {
            self.shard_of = order.iter().map(|i| self.shard_of[*i]).collect();
        }
        // Checked unique before: made again for the new positions.
        self.ids = Ids::of(&self.entries).unwrap_or_default();
    }

    /// Whether the ledger records credential `id`.
    pub(crate) fn records(&self, id: &str) -> bool {
        self.ids.position(&self.entries, id).is_some()
    }

    /// The shard (`None`: `hallmark.lock`) and line of the entry at `position`.
    fn place(&self, position: usize) -> (Option<String>, usize) {
        let shard = self.shard_of.get(position).map(|k| self.shards[*k as usize].name.clone());
        (shard, self.lines.get(position).map_or(1, |&n| n as usize))
    }

    /// The file's text.
    #[cfg(test)]
    pub(crate) fn to_text(&self) -> String {
        text_of(self.entries.iter(), self.signing_key.as_deref(), self.recorded(), self.log)
    }

    /// What it records of how the site's credentials are made.
    pub(crate) fn recorded(&self) -> Recorded {
        Recorded { proofs: self.proofs, creator: self.creator }
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
        let ids = Ids::of(&entries).unwrap_or_default();
        Ledger { entries, ids, ..Ledger::default() }
    }

    /// The file (relative to the content directory: `hallmark.lock`, or its shard in
    /// `hallmark.lock.d/`) and line where credential `id` is recorded, when the ledger was read
    /// from files.
    pub(crate) fn location_of(&self, id: &str) -> Option<(String, usize)> {
        let i = self.ids.position(&self.entries, id)?;
        self.lines.get(i)?;
        let (shard, line) = self.place(i);
        Some((shard.map_or(LEDGER_FILE.to_string(), |s| format!("{SHARD_DIR}/{s}")), line))
    }

    /// Whether the ledger was read from shards.
    pub(crate) fn is_sharded(&self) -> bool {
        !self.shards.is_empty()
    }

    /// How many credentials each shard it was read from holds (none: it was one file).
    pub(crate) fn shard_counts(&self) -> Vec<usize> {
        self.shards.iter().map(|s| s.count).collect()
    }

    /// The shards the entries were read from (none: one file).
    pub(crate) fn shard_refs(&self) -> &[ShardRef] {
        &self.shards
    }

    /// The ledger as it was read, with what is known of its shards' text (see [`readback`]).
    pub(crate) fn read_back<'a>(&'a self, round_trips: &'a RoundTrips) -> ReadBack<'a> {
        ReadBack { entries: &self.entries, shard_of: &self.shard_of, round_trips }
    }
}

/// The ledger file's text for `entries`, which must be in index order, signed with `signing_key`,
/// made as `recorded` says; with `log`, in format 3 (a log header and a log-index column).
pub(crate) fn text_of<E: Line>(
    entries: impl ExactSizeIterator<Item = E>,
    signing_key: Option<&str>,
    recorded: Recorded,
    log: Option<LogHead>,
) -> String {
    // An entry is about 210 bytes: with room for 200 each, the text of 100,000 doubled to 40 MB.
    let mut out = String::with_capacity(HEADER.len() + entries.len() * 224);
    push_header(&mut out, signing_key, recorded, log, entries.len());
    for e in entries {
        push_entry(&mut out, &e, log.is_some());
    }
    out
}

/// The header of the ledger file: what it is, the key, proofs, creator and log head, and the count.
fn push_header(out: &mut String, signing_key: Option<&str>, recorded: Recorded, log: Option<LogHead>, n: usize) {
    use base64::Engine;
    use std::fmt::Write as _;
    out.push_str(if log.is_some() { HEADER_3 } else { HEADER });
    if let Some(key) = signing_key {
        out.push_str(KEY_COMMENT);
        let _ = writeln!(out, "{KEY_FIELD}\t{key}");
    }
    if let Some(proofs) = recorded.proofs {
        out.push_str(PROOFS_COMMENT);
        let _ = writeln!(out, "{PROOFS_FIELD}\t{proofs}");
    }
    if let Some(creator) = recorded.creator {
        out.push_str(CREATOR_COMMENT);
        let _ = writeln!(out, "{CREATOR_FIELD}\t{creator}");
    }
    if let Some(head) = log {
        out.push_str(LOG_COMMENT);
        let root = base64::engine::general_purpose::STANDARD.encode(head.root);
        let _ = writeln!(out, "{LOG_FIELD}\t{} {root}", head.size);
    }
    let _ = writeln!(out, "{COUNT_PREFIX}{n}{COUNT_SUFFIX}");
}

/// The ledger's key for a recipient: a hash of the normalised e-mail, so the ledger holds no address.
pub(crate) fn recipient_key(email: &str) -> String {
    crate::ground::hash::hex(&recipient_key_bytes(email))
}

/// The 16 bytes [`recipient_key`] writes in hexadecimal: the first half of the SHA-256 of the
/// address after `hallmark-recipient:` (the plan holds a row's key as these bytes).
pub(crate) fn recipient_key_bytes(email: &str) -> [u8; 16] {
    use sha2::Digest as _;
    let digest = sha2::Sha256::new().chain_update("hallmark-recipient:").chain_update(email).finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes
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

mod entry;
mod headers;
mod ids;
pub(crate) mod kept;
mod record;
use entry::{parse_entry, push_entry};
pub(crate) use entry::{Line, Logged};
use headers::Headers;
use ids::Ids;
pub(crate) use record::{Entry, EntryParts};
pub(crate) mod readback;
pub(crate) mod shards;
pub(crate) mod store;
pub(crate) use readback::{ReadBack, RoundTrips};
pub use shards::SHARD_DIR;
pub(crate) use shards::{files_of, Layout, LedgerFiles, ShardRef, Spill};

#[cfg(test)]
mod readback_tests;
#[cfg(test)]
mod shard_tests;
#[cfg(test)]
mod tests;
