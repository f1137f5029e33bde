//! C2SP tlog-proof: an entry's inclusion proof and the checkpoint it leads to, in one text file
//! (`c/<id>/log.tlog-proof`). Its `extra` line carries the entry itself.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

use super::merkle::{leaf_hash, verify_inclusion, Hash};
use super::note::{b64, parse_body, unb64_hash, Head, Note, NoteVerifier};

const HEADER: &str = "c2sp.org/tlog-proof@v1";

/// A parsed proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TlogProof {
    pub extra: Option<Vec<u8>>,
    pub index: u64,
    pub hashes: Vec<Hash>,
    pub checkpoint: Note,
}

impl TlogProof {
    pub(crate) fn to_text(&self) -> String {
        let mut text = format!("{HEADER}\n");
        if let Some(extra) = &self.extra {
            text.push_str(&format!("extra {}\n", B64.encode(extra)));
        }
        text.push_str(&format!("index {}\n", self.index));
        for h in &self.hashes {
            text.push_str(&b64(h));
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&self.checkpoint.to_text());
        text
    }

    pub(crate) fn parse(text: &str) -> Result<TlogProof, String> {
        let (head, checkpoint) = text.split_once("\n\n").ok_or("no checkpoint after the proof")?;
        let mut lines = head.lines();
        if lines.next() != Some(HEADER) {
            return Err(format!("does not start with {HEADER}"));
        }
        let mut line = lines.next().ok_or("no index line")?;
        let mut extra = None;
        if let Some(e) = line.strip_prefix("extra ") {
            extra = Some(B64.decode(e).map_err(|_| "the extra line is not base64")?);
            line = lines.next().ok_or("no index line")?;
        }
        let index_text = line.strip_prefix("index ").ok_or("no index line")?;
        let index: u64 = index_text.parse().map_err(|_| format!("\"{index_text}\" is not an index"))?;
        let hashes: Option<Vec<Hash>> = lines.map(unb64_hash).collect();
        let hashes = hashes.ok_or("a proof line is not a base64 hash")?;
        if hashes.len() > 63 {
            return Err("the proof is longer than any tree needs".into());
        }
        let checkpoint = Note::parse(checkpoint).ok_or("the checkpoint is not a signed note")?;
        Ok(TlogProof { extra, index, hashes, checkpoint })
    }

    /// Checks the checkpoint's signature by `log` and that `entry` is at the proof's index under
    /// it; returns the checkpoint's head.
    pub(crate) fn verify(&self, entry: &[u8], log: &NoteVerifier) -> Result<Head, String> {
        self.checkpoint.verified_by(log).ok_or("the checkpoint is not signed by the log's key")?;
        let head = parse_body(&self.checkpoint.body, &log.name)?;
        if !verify_inclusion(self.index, head.size, &leaf_hash(entry), &self.hashes, &head.root) {
            return Err(format!("entry {} is not in the log at that checkpoint", self.index));
        }
        Ok(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Key;
    use crate::tlog::merkle::Tree;
    use crate::tlog::note::{checkpoint_body, sign, KeyType};

    #[test]
    fn a_proof_round_trips_and_verifies_only_its_own_entry() {
        let entries: Vec<String> = (0..11).map(|i| format!("e{i}")).collect();
        let tree = Tree::from_leaves(entries.iter().map(|e| leaf_hash(e.as_bytes())).collect());
        let key = Key::from_seed([5; 32]);
        let origin = "example.org/log";
        let body = checkpoint_body(origin, Head { size: 11, root: tree.root(11) });
        let note = Note { sigs: vec![sign(&body, origin, &key)], body };
        let proof =
            TlogProof { extra: Some(b"e4".to_vec()), index: 4, hashes: tree.inclusion_proof(4, 11), checkpoint: note };
        let text = proof.to_text();
        assert!(text.starts_with("c2sp.org/tlog-proof@v1\nextra ZTQ=\nindex 4\n"), "{text}");
        let back = TlogProof::parse(&text).unwrap();
        assert_eq!(back, proof);
        let log = NoteVerifier::new(origin, key.verifying_key(), KeyType::Ed25519);
        assert_eq!(back.verify(b"e4", &log).unwrap().size, 11);
        assert!(back.verify(b"e5", &log).is_err());
        let tampered = text.replacen("index 4", "index 5", 1);
        assert!(TlogProof::parse(&tampered).unwrap().verify(b"e4", &log).is_err());
    }
}
