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

/// Reads `hallmark.log`; an absent file is empty.
pub(crate) fn read_text(content_dir: &Path) -> std::io::Result<String> {
    match std::fs::read(content_dir.join(LOG_FILE)) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| std::io::Error::other("is not ASCII text")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Key;
    use crate::tlog::note::{checkpoint_body, sign, KeyType};

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
