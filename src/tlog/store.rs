//! The log's committed state beside `hallmark.lock`: `hallmark.log` (one entry line each, append
//! only) and `hallmark.checkpoints` (the log's origin and verifier key, then every checkpoint it
//! signed, with the cosignatures witnesses gave). Reading and writing them is all this file does,
//! so that a later layout (a log in shards) changes only here.

use std::path::Path;

use super::note::{parse_body, Head, Note, NoteVerifier};

/// The entry lines' file.
pub(crate) const LOG_FILE: &str = "hallmark.log";
/// The checkpoints' file.
pub(crate) const CHECKPOINTS_FILE: &str = "hallmark.checkpoints";
const CHECKPOINTS_VERSION: &str = "hallmark-checkpoints 1";
const CHECKPOINTS_COMMENT: &str =
    "# hallmark.checkpoints: the log's signed checkpoints and their cosignatures, written by \
`hallmark build` and `hallmark log`. Commit it with hallmark.lock and hallmark.log; never edit it.\n";

/// The checkpoints a log signed, in order of size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checkpoints {
    pub origin: String,
    pub vkey: String,
    pub list: Vec<(Head, Note)>,
}

impl Checkpoints {
    pub(crate) fn new(origin: &str, vkey: &str) -> Checkpoints {
        Checkpoints { origin: origin.into(), vkey: vkey.into(), list: Vec::new() }
    }

    /// The latest checkpoint.
    pub(crate) fn latest(&self) -> Option<&(Head, Note)> {
        self.list.last()
    }

    /// The first checkpoint that includes entry `index`.
    pub(crate) fn first_including(&self, index: u64) -> Option<&(Head, Note)> {
        let at = self.list.partition_point(|(h, _)| h.size <= index);
        self.list.get(at)
    }

    /// The sizes, ascending.
    pub(crate) fn sizes(&self) -> Vec<u64> {
        self.list.iter().map(|(h, _)| h.size).collect()
    }

    pub(crate) fn to_text(&self) -> String {
        let mut text =
            format!("{CHECKPOINTS_VERSION}\n{CHECKPOINTS_COMMENT}origin {}\nvkey {}\n", self.origin, self.vkey);
        for (head, note) in &self.list {
            text.push_str(&format!("\ncheckpoint {}\n", head.size));
            text.push_str(&note.to_text());
        }
        text
    }

    /// Reads the file's text, checking every checkpoint's signature by the log's key.
    pub(crate) fn parse(text: &str) -> Result<Checkpoints, (usize, String)> {
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l)).peekable();
        if lines.next().map(|(_, l)| l) != Some(CHECKPOINTS_VERSION) {
            return Err((1, format!("does not start with {CHECKPOINTS_VERSION}")));
        }
        let mut field = |name: &str| -> Result<String, (usize, String)> {
            while lines.peek().is_some_and(|(_, l)| l.starts_with('#')) {
                lines.next();
            }
            let (n, l) = lines.next().ok_or((0, format!("has no {name} line")))?;
            l.strip_prefix(name)
                .and_then(|v| v.strip_prefix(' '))
                .map(str::to_string)
                .ok_or((n, format!("expected the {name} line")))
        };
        let origin = field("origin")?;
        let vkey = field("vkey")?;
        let verifier = NoteVerifier::parse(&vkey).map_err(|m| (3, m))?;
        if verifier.name != origin {
            return Err((3, "the verifier key is not named after the log's origin".into()));
        }
        let mut out = Checkpoints { origin, vkey, list: Vec::new() };
        let rest: Vec<(usize, &str)> = lines.collect();
        let starts: Vec<usize> = (0..rest.len()).filter(|&i| rest[i].1.starts_with("checkpoint ")).collect();
        for (k, &s) in starts.iter().enumerate() {
            let (line, header) = rest[s];
            let end = starts.get(k + 1).map_or(rest.len(), |&e| e);
            // A blank line separates checkpoints: it is not part of the note.
            let mut body: Vec<&str> = rest[s + 1..end].iter().map(|(_, l)| *l).collect();
            if k + 1 < starts.len() && body.last() == Some(&"") {
                body.pop();
            }
            let text = body.join("\n") + "\n";
            let note = Note::parse(&text).ok_or((line, "is not a signed checkpoint".to_string()))?;
            note.verified_by(&verifier)
                .ok_or((line, "the checkpoint's signature does not verify with the log's key".to_string()))?;
            let head = parse_body(&note.body, &out.origin).map_err(|m| (line, m))?;
            if header != format!("checkpoint {}", head.size) {
                return Err((line, "the size in the header is not the checkpoint's".into()));
            }
            if out.list.last().is_some_and(|(h, _)| h.size >= head.size) {
                return Err((line, "checkpoints must grow: this one is not larger than the one before".into()));
            }
            out.list.push((head, note));
        }
        Ok(out)
    }
}

/// How many entries a file of the log holds: `hallmark.log` the first ones, then each shard
/// `hallmark.log.d/<NNNN>.log` as many more (about 23 MB at 88 bytes an entry, under GitHub's
/// 50 MB warning). The log only grows, so an append touches the last file alone (two when it
/// fills it), and a log of fewer entries is `hallmark.log` alone, as it always was. A
/// `hallmark.log` written longer by an earlier hallmark stays as it is; the shards follow it.
pub(crate) const SHARD_ENTRIES: usize = 1 << 18;
/// The directory of the log's shards, beside `hallmark.log`.
pub(crate) const SHARDS_DIR: &str = "hallmark.log.d";

/// The `k`-th file of the log (0: `hallmark.log`).
fn file_of(content_dir: &Path, k: usize) -> std::path::PathBuf {
    match k {
        0 => content_dir.join(LOG_FILE),
        k => content_dir.join(SHARDS_DIR).join(format!("{k:04}.log")),
    }
}

/// The log's files that exist, in order, with their bytes.
fn files(content_dir: &Path) -> std::io::Result<Vec<(std::path::PathBuf, Vec<u8>)>> {
    let mut out = Vec::new();
    for k in 0.. {
        let path = file_of(content_dir, k);
        match std::fs::read(&path) {
            Ok(bytes) => out.push((path, bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && k > 0 => break,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => out.push((path, Vec::new())),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Reads the log: `hallmark.log` then its shards, as one text; an absent log is empty.
pub(crate) fn read_text(content_dir: &Path) -> std::io::Result<String> {
    let bytes = files(content_dir)?.into_iter().flat_map(|(_, b)| b).collect();
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("is not ASCII text"))
}

/// Where line `n` (1-based, of the whole log) is: its file and its line there.
pub(crate) fn locate(content_dir: &Path, n: usize) -> (std::path::PathBuf, usize) {
    let mut before = 0;
    let files = files(content_dir).unwrap_or_default();
    for (i, (path, bytes)) in files.iter().enumerate() {
        let lines = memchr::memchr_iter(b'\n', bytes).count();
        if n <= before + lines || i + 1 == files.len() {
            return (path.clone(), n - before);
        }
        before += lines;
    }
    (content_dir.join(LOG_FILE), n)
}

/// Writes the log durably: its first `keep` bytes stay (anything after them in any file goes),
/// then `append` (whole lines), into the last file until it holds [`SHARD_ENTRIES`] entries and
/// into new shards after it. Only the files that change are written. A crash part-way leaves lines
/// beyond what the ledger commits to, which the next reader drops.
pub(crate) fn append(content_dir: &Path, keep: u64, append: &str) -> crate::ground::error::Result<()> {
    use crate::ground::error::Error;
    use crate::ground::fsio::{append_durably, made_dir};
    let read_error = |e| Error::io("read", &content_dir.join(LOG_FILE), e);
    // The files' lengths; the file the kept bytes end in, and how many of its bytes stay.
    let mut lens = Vec::new();
    for k in 0.. {
        match std::fs::metadata(file_of(content_dir, k)) {
            Ok(m) => lens.push(m.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => return Err(read_error(e)),
        }
    }
    if keep > lens.iter().sum::<u64>() {
        let msg = format!("is shorter than the {keep} bytes it should keep");
        return Err(Error::io("append to", &content_dir.join(LOG_FILE), std::io::Error::other(msg)));
    }
    let (mut k, mut at, mut rest) = (0, 0u64, keep);
    for (i, &len) in lens.iter().enumerate() {
        (k, at) = (i, rest.min(len));
        if rest <= len {
            break;
        }
        rest -= len;
    }
    // Files after it hold only what a build that never committed wrote.
    for later in (k + 1..lens.len()).rev() {
        let path = file_of(content_dir, later);
        std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
    }
    let held = match at {
        0 => 0,
        at => {
            let bytes = std::fs::read(file_of(content_dir, k)).map_err(read_error)?;
            memchr::memchr_iter(b'\n', &bytes[..(at as usize).min(bytes.len())]).count()
        }
    };
    let mut lines = append.split_inclusive('\n').peekable();
    let mut room = SHARD_ENTRIES.saturating_sub(held);
    loop {
        let chunk: String = lines.by_ref().take(room).collect();
        if k > 0 {
            made_dir(&content_dir.join(SHARDS_DIR))?;
        }
        append_durably(&file_of(content_dir, k), at, chunk.as_bytes(), "log")?;
        if lines.peek().is_none() {
            return Ok(());
        }
        (k, at, room) = (k + 1, 0, SHARD_ENTRIES);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Key;
    use crate::tlog::note::{checkpoint_body, sign, KeyType};

    /// An entry line of a log of a million credentials (88 bytes, as hallmark writes them).
    fn line(i: usize) -> String {
        format!("v1 issued 2026-11-22 2026-11-20 c:{i:0>43} s:{}:{}\n", i / 131_072, i % 131_072)
    }

    #[test]
    fn a_million_entries_are_in_shards_under_50_mb_and_an_append_touches_the_last_alone() {
        let dir = tempfile::tempdir().unwrap();
        let all: String = (0..1_000_000).map(line).collect();
        append(dir.path(), 0, &all).unwrap();
        let sizes: Vec<(String, usize)> = files(dir.path())
            .unwrap()
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(dir.path()).unwrap().display().to_string(), b.len()))
            .collect();
        let names: Vec<&str> = sizes.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["hallmark.log", "hallmark.log.d/0001.log", "hallmark.log.d/0002.log", "hallmark.log.d/0003.log"]
        );
        assert!(sizes.iter().all(|(_, len)| *len < 50_000_000), "{sizes:?}");
        assert_eq!(read_text(dir.path()).unwrap(), all);
        assert_eq!(locate(dir.path(), SHARD_ENTRIES + 1), (dir.path().join(SHARDS_DIR).join("0001.log"), 1));
        // One entry more: only the last shard changes.
        let before = files(dir.path()).unwrap();
        append(dir.path(), all.len() as u64, &line(1_000_000)).unwrap();
        let after = files(dir.path()).unwrap();
        let changed: Vec<usize> = (0..after.len()).filter(|&i| before.get(i) != after.get(i)).collect();
        assert_eq!(changed, [3]);
        // Lines beyond the committed bytes go (here: the one just added).
        append(dir.path(), all.len() as u64, "").unwrap();
        assert_eq!(read_text(dir.path()).unwrap(), all);
    }

    #[test]
    fn a_shard_fills_then_the_next_starts_and_an_uncommitted_one_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let first: String = (0..SHARD_ENTRIES - 1).map(line).collect();
        append(dir.path(), 0, &first).unwrap();
        assert!(!dir.path().join(SHARDS_DIR).exists(), "fewer entries than a shard: hallmark.log alone");
        // Two more: the first fills hallmark.log, the second starts a shard.
        let two = line(SHARD_ENTRIES - 1) + &line(SHARD_ENTRIES);
        append(dir.path(), first.len() as u64, &two).unwrap();
        let main = std::fs::read_to_string(dir.path().join(LOG_FILE)).unwrap();
        assert_eq!(main.lines().count(), SHARD_ENTRIES);
        assert_eq!(std::fs::read_to_string(file_of(dir.path(), 1)).unwrap(), line(SHARD_ENTRIES));
        // The shard's entry never committed (the ledger commits to the first ones): it goes, and so
        // does its file.
        append(dir.path(), main.len() as u64, "").unwrap();
        assert!(!file_of(dir.path(), 1).exists());
        assert_eq!(read_text(dir.path()).unwrap(), main);
        // A hallmark.log longer than a shard (an earlier hallmark wrote it) stays as it is.
        let long: String = (0..SHARD_ENTRIES + 10).map(line).collect();
        std::fs::write(dir.path().join(LOG_FILE), &long).unwrap();
        append(dir.path(), long.len() as u64, &line(7)).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join(LOG_FILE)).unwrap(), long);
        assert_eq!(std::fs::read_to_string(file_of(dir.path(), 1)).unwrap(), line(7));
        assert!(append(dir.path(), long.len() as u64 + 1000, "").is_err(), "keeps more than there is");
    }

    #[test]
    fn checkpoints_round_trip_and_a_forged_one_is_refused() {
        let key = Key::from_seed([4; 32]);
        let origin = "example.org/c/log";
        let vkey = NoteVerifier::new(origin, key.verifying_key(), KeyType::Ed25519).vkey();
        let mut c = Checkpoints::new(origin, &vkey);
        for size in [3, 9] {
            let head = Head { size, root: [size as u8; 32] };
            let body = checkpoint_body(origin, head);
            c.list.push((head, Note { sigs: vec![sign(&body, origin, &key)], body }));
        }
        let text = c.to_text();
        assert_eq!(Checkpoints::parse(&text).unwrap(), c);
        assert_eq!(c.first_including(2).unwrap().0.size, 3);
        assert_eq!(c.first_including(3).unwrap().0.size, 9);
        assert!(c.first_including(9).is_none());
        let forged = text.replacen("\n9\n", "\n10\n", 1);
        assert!(Checkpoints::parse(&forged).is_err());
    }
}
