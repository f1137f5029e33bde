//! A large ledger in shards: `hallmark.lock` keeps the header and an index, the entries go to
//! `hallmark.lock.d/<NNNN>.lock`, at most [`SHARD_ENTRIES`] each, in status-index order.
//!
//! ```text
//! # hallmark.lock: the issuance ledger, … (the header, as in one file)
//! # count: 250000 credentials; a ledger holding fewer was cut short
//! # shards: …
//! shard<TAB>0000.lock 100000 <SHA-256 of the file's bytes, hex>
//! shard<TAB>0001.lock 100000 …
//! shard<TAB>0002.lock 50000 …
//! ```
//!
//! A new credential appends to the last shard (or starts a new one when it is full); a correction
//! changes the shard of the credential it replaces and the last one. Every other shard keeps its
//! entries and its bytes, so a build that issues one credential rewrites one shard and the small
//! index, and no file comes near the 50 MB git hosts warn at: 100,000 entries of ≈ 210 bytes are
//! ≈ 21 MB, and a shard is closed at [`SHARD_BYTES`] when long entries (claims) make it larger
//! first. A ledger of at most [`SHARD_ENTRIES`] credentials and [`SHARD_BYTES`] is one file, as it
//! always was.
//!
//! The index names each shard's digest, so `hallmark.lock` alone decides which bytes the ledger
//! is: [`super::store`] writes changed shards beside their files first, and renaming
//! `hallmark.lock` into place commits them all at once.

use super::readback::ReadBack;
use super::{push_entry, push_header, Line, LogHead, Recorded, LEDGER_FILE};
use crate::ground::error::Result;
use crate::ground::hash::sha256_hex;

/// The directory of the shards, beside `hallmark.lock`.
pub const SHARD_DIR: &str = "hallmark.lock.d";

/// How many credentials a shard holds, and the most a ledger in one file holds.
pub(crate) const SHARD_ENTRIES: usize = 100_000;

/// Lowers [`SHARD_ENTRIES`] for tests that build sites of a few hundred credentials.
pub(crate) const SHARD_ENTRIES_ENV: &str = "HALLMARK_LEDGER_SHARD_ENTRIES";

/// The header line that names a shard.
pub(crate) const SHARD_FIELD: &str = "shard";

const SHARDS_COMMENT: &str =
    "# shards: the entries are in hallmark.lock.d/, in this order: file, credentials, SHA-256 \
of its bytes. Commit that directory with this file.\n";

/// How many credentials a shard holds: [`SHARD_ENTRIES`], unless the environment lowers it.
pub(crate) fn shard_entries() -> usize {
    std::env::var(SHARD_ENTRIES_ENV).ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(SHARD_ENTRIES)
}

/// One shard, as the index names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShardRef {
    /// Its file name in `hallmark.lock.d/` (`0003.lock`).
    pub name: String,
    /// How many credentials it holds.
    pub count: usize,
    /// SHA-256 of its bytes, in hexadecimal.
    pub digest: String,
}

impl ShardRef {
    /// `<name> <count> <digest>`.
    pub(crate) fn parse(value: &str) -> Option<ShardRef> {
        let mut parts = value.split(' ');
        let (name, count, digest) = (parts.next()?, parts.next()?, parts.next()?);
        let count = count.parse::<usize>().ok().filter(|n| n.to_string() == count)?;
        let hex = digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        (parts.next().is_none() && is_shard_name(name) && hex).then(|| ShardRef {
            name: name.to_string(),
            count,
            digest: digest.to_string(),
        })
    }
}

/// `0000.lock`, `0001.lock`, …: four digits or more.
pub(crate) fn is_shard_name(name: &str) -> bool {
    name.strip_suffix(".lock").is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The file name of shard `k`.
pub(super) fn shard_name(k: usize) -> String {
    format!("{k:04}.lock")
}

/// The digest the index gives a shard's bytes.
pub(crate) fn digest(bytes: &[u8]) -> String {
    sha256_hex(bytes, 32)
}

/// The files of a ledger: `hallmark.lock`, and its shards when it has more than a shard's worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LedgerFiles {
    pub main: String,
    pub shards: Vec<ShardFile>,
}

/// One shard's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShardFile {
    pub name: String,
    /// Its bytes; empty when `on_disk`.
    pub text: String,
    /// Whether its bytes are those of the shard of its name on disk (by the digest there, the one
    /// the ledger was read with), so they were not held: at 1,000,000 credentials, the unchanged
    /// shards' text was 210 MB of a one-row build's peak.
    pub on_disk: bool,
    pub digest: String,
    /// How many credentials it holds.
    pub count: usize,
    /// Whether its bytes were written already, as `<name>.next`, as soon as they were made (see
    /// [`Spill`]); its text is then empty.
    pub staged: bool,
}

/// Where a shard whose bytes changed is written as soon as they are made (durably, as
/// `<name>.next`: [`super::store::stage_shard`]), its text let go at once. A cold build of a million
/// credentials made ten new shards of 21 MB and held them all until the commit: 224 MB of its
/// peak. A `.next` written before the commit is what any write leaves until `hallmark.lock` names
/// it: thrown away by the next build if this one stops before its commit.
pub(crate) type Spill<'s> = &'s (dyn Fn(&str, &str) -> Result<()> + Sync);

impl LedgerFiles {
    /// Lets go of the shards' texts once they are written (their names, counts and digests stay).
    pub(crate) fn forget_shard_texts(&mut self) {
        for s in &mut self.shards {
            s.text = String::new();
        }
    }

    /// Whether the entries are in shards.
    pub(crate) fn is_sharded(&self) -> bool {
        !self.shards.is_empty()
    }
}

/// The first line of a shard.
fn shard_header(name: &str) -> String {
    format!(
        "# {SHARD_DIR}/{name}: entries of the issuance ledger {LEDGER_FILE}, which names this file's digest. \
         Written by `hallmark build`; never edit it by hand.\n"
    )
}

/// How a ledger is cut into shards.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout<'a> {
    /// The most credentials a shard holds, and a ledger in one file.
    pub per_shard: usize,
    /// The most bytes a shard (or a ledger in one file) holds, but for one entry longer than that.
    pub max_bytes: usize,
    /// How many credentials each shard of the ledger on disk holds (none: it is one file).
    pub previous: &'a [usize],
    /// The shards on disk, by name, count and digest (none: no text is left out, see
    /// [`ShardFile::on_disk`]).
    pub on_disk: &'a [ShardRef],
    /// The ledger as it was read, for knowing closed shards unchanged without making their text
    /// (none: each is made and compared).
    pub read: Option<ReadBack<'a>>,
}

impl Layout<'_> {
    /// [`SHARD_ENTRIES`] (or what the environment says) and [`SHARD_BYTES`], after `previous`, the
    /// shards `on_disk`.
    pub(crate) fn after<'a>(previous: &'a [usize], on_disk: &'a [ShardRef]) -> Layout<'a> {
        Layout { per_shard: shard_entries(), max_bytes: SHARD_BYTES, previous, on_disk, read: None }
    }
}

/// The most bytes a shard holds: half of what GitHub warns at. 100,000 entries of ≈ 210 bytes
/// are ≈ 21 MB; a site whose entries carry long claims gets shards of fewer entries.
pub(crate) const SHARD_BYTES: usize = 25_000_000;

/// The files of the ledger of `entries` (in index order; see [`super::text_of`]), cut as `layout`
/// says: one file, byte for byte as [`super::text_of`] writes it, while it is within a shard's
/// count and size and was one file. Else the shards on disk but the last keep their entries
/// (written side by side), so a change rewrites only the shard of the entry it changes, and the
/// last shard takes new entries until it is full.
pub(crate) fn files_of<E: Line + Sync>(
    entries: &[E],
    signing_key: Option<&str>,
    recorded: Recorded,
    log: Option<LogHead>,
    (layout, spill): (&Layout<'_>, Option<Spill<'_>>),
) -> Result<LedgerFiles> {
    use rayon::prelude::*;
    let n = entries.len();
    if n <= layout.per_shard && layout.previous.is_empty() {
        let main = super::text_of(entries.iter(), signing_key, recorded, log);
        if main.len() <= layout.max_bytes {
            return Ok(LedgerFiles { main, shards: Vec::new() });
        }
    }
    let closed = layout.previous.split_last().map_or(&[][..], |(_, closed)| closed);
    let closed = if closed.iter().sum::<usize>() <= n { closed } else { &[][..] };
    let mut bounds = Vec::with_capacity(closed.len());
    let mut at = 0;
    for count in closed {
        bounds.push(at..at + count);
        at += count;
    }
    let with_log = log.is_some();
    let mut shards: Vec<ShardFile> = bounds
        .into_par_iter()
        .enumerate()
        .map(|(k, r)| {
            let known = layout
                .read
                .as_ref()
                .and_then(|read| known_unchanged(read, k, &entries[r.clone()], with_log, layout.on_disk));
            known.map_or_else(|| shard_file(k, &entries[r], with_log, layout.on_disk).and_spill(spill), Ok)
        })
        .collect::<Result<_>>()?;
    while at < n {
        let shard = open_shard(shards.len(), &entries[at..], with_log, layout);
        at += shard.count;
        shards.push(shard.and_spill(spill)?);
    }
    let mut main = String::with_capacity(2048 + shards.len() * 90);
    push_header(&mut main, signing_key, recorded, log, n);
    main.push_str(SHARDS_COMMENT);
    for s in &shards {
        main.push_str(&format!("{SHARD_FIELD}\t{} {} {}\n", s.name, s.count, s.digest));
    }
    Ok(LedgerFiles { main, shards })
}

/// Closed shard `k` holding `entries`, when `read` shows it is the shard of its name `on_disk`
/// (see [`super::readback`]); `None` when that is not known without making its text.
fn known_unchanged<E: Line>(
    read: &ReadBack<'_>,
    k: usize,
    entries: &[E],
    with_log: bool,
    on_disk: &[ShardRef],
) -> Option<ShardFile> {
    let name = shard_name(k);
    let disk = on_disk.get(k).filter(|d| d.name == name && d.count == entries.len())?;
    if !read.round_trips.holds(&disk.digest, with_log) {
        return None;
    }
    let start: usize = on_disk[..k].iter().map(|s| s.count).sum();
    let (end, count) = (start + entries.len(), entries.len());
    let (as_read, shards) = (read.entries.get(start..end)?, read.shard_of.get(start..end)?);
    let same = shards.iter().all(|s| *s as usize == k)
        && entries.iter().zip(as_read).all(|(e, r)| std::ptr::eq(e.entry(), r) && e.log_index() == r.log_index);
    same.then(|| ShardFile {
        digest: disk.digest.clone(),
        name,
        text: String::new(),
        count,
        on_disk: true,
        staged: false,
    })
}

/// Shard `k`, after the closed ones: the first of `entries` it can take (by count and by bytes).
/// Its text is not kept when it is that of the shard of its name on disk.
fn open_shard<E: Line>(k: usize, entries: &[E], with_log: bool, layout: &Layout<'_>) -> ShardFile {
    let name = shard_name(k);
    let mut text = shard_header(&name);
    // Room for the entries it can take (an entry is about 210 bytes): grown by doubling, each
    // new shard's text had room for half as much again.
    text.reserve(layout.per_shard.min(entries.len()).saturating_mul(224).min(layout.max_bytes));
    let mut count = 0;
    while count < entries.len() && count < layout.per_shard {
        let before = text.len();
        push_entry(&mut text, &entries[count], with_log);
        if text.len() > layout.max_bytes && count > 0 {
            text.truncate(before);
            break;
        }
        count += 1;
    }
    text.shrink_to_fit();
    let digest = digest(text.as_bytes());
    let same = layout.on_disk.iter().any(|r| r.name == name && r.digest == digest && r.count == count);
    if same {
        text = String::new();
    }
    ShardFile { digest, name, text, count, on_disk: same, staged: false }
}

impl ShardFile {
    /// Written now through `spill`, when there is one and its bytes are not on disk already.
    fn and_spill(mut self, spill: Option<Spill<'_>>) -> Result<ShardFile> {
        if let Some(spill) = spill.filter(|_| !self.on_disk) {
            spill(&self.name, &self.text)?;
            self.text = String::new();
            self.staged = true;
        }
        Ok(self)
    }
}

/// Shard `k`, holding `entries`; its text not held when it is that of the shard of its name
/// `on_disk`.
fn shard_file<E: Line>(k: usize, entries: &[E], with_log: bool, on_disk: &[ShardRef]) -> ShardFile {
    use sha2::{Digest, Sha256};
    let name = shard_name(k);
    // Hashed as it is made, 64 KB at a time: a closed shard is nearly always the one on disk, and
    // its text (21 MB for 100,000 entries, one per thread at once) is then never held. Only a
    // shard that changed is made again, whole, to be written.
    const PIECE: usize = 64 * 1024;
    let mut hasher = Sha256::new();
    let mut piece = shard_header(&name);
    piece.reserve(PIECE + 1024);
    for e in entries {
        push_entry(&mut piece, e, with_log);
        if piece.len() >= PIECE {
            hasher.update(piece.as_bytes());
            piece.clear();
        }
    }
    hasher.update(piece.as_bytes());
    let digest = crate::ground::hash::hex(&hasher.finalize());
    let same = on_disk.iter().any(|r| r.name == name && r.digest == digest && r.count == entries.len());
    let text = if same { String::new() } else { shard_text(&name, entries, with_log) };
    ShardFile { digest, name, text, count: entries.len(), on_disk: same, staged: false }
}

/// The whole text of shard `name`, holding `entries`, exactly as long as it is.
fn shard_text<E: Line>(name: &str, entries: &[E], with_log: bool) -> String {
    let mut text = shard_header(name);
    text.reserve_exact(entries.len() * 220);
    for e in entries {
        push_entry(&mut text, e, with_log);
    }
    text.shrink_to_fit();
    text
}

/// The shards `hallmark.lock`'s text names (none for a ledger in one file), read from its header
/// lines alone.
pub(crate) fn index_of(main: &str) -> Vec<ShardRef> {
    // The header ends where the entries (of 11 fields or more) begin.
    let header = main.lines().take_while(|l| l.bytes().filter(|b| *b == b'\t').count() < 2);
    let named = |l: &str| l.strip_prefix(SHARD_FIELD)?.strip_prefix('\t').and_then(ShardRef::parse);
    header.filter_map(named).collect()
}
