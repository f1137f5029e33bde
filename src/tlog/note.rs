//! Signed notes (C2SP signed-note), checkpoints (tlog-checkpoint) and Ed25519 cosignatures
//! (tlog-cosignature v1), with verifier keys (`vkey`s) as the Go checksum database writes them.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Verifier as _, VerifyingKey};
use sha2::{Digest as _, Sha256};

use super::merkle::Hash;
use crate::crypto::Key;

/// The signature types of a vkey: a log's Ed25519 key, and a cosigner's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyType {
    Ed25519 = 0x01,
    Cosignature = 0x04,
}

/// A public key that checks signature lines of one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NoteVerifier {
    pub name: String,
    pub id: [u8; 4],
    pub key: VerifyingKey,
    pub kind: KeyType,
}

/// Whether `name` may name a key: non-empty, no space, no `+`, printable ASCII.
pub(crate) fn is_key_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| (0x21..0x7f).contains(&b) && b != b'+')
}

fn key_id(name: &str, kind: KeyType, key: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', kind as u8]);
    h.update(key.as_bytes());
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

impl NoteVerifier {
    pub(crate) fn new(name: &str, key: VerifyingKey, kind: KeyType) -> NoteVerifier {
        NoteVerifier { name: name.to_string(), id: key_id(name, kind, &key), key, kind }
    }

    /// `<name>+<key id in hex>+<base64(type ‖ key)>`.
    pub(crate) fn vkey(&self) -> String {
        let mut material = vec![self.kind as u8];
        material.extend_from_slice(self.key.as_bytes());
        format!("{}+{}+{}", self.name, crate::ground::hash::hex(&self.id), B64.encode(material))
    }

    /// Reads a vkey, checking that its key id matches its name and key.
    pub(crate) fn parse(vkey: &str) -> Result<NoteVerifier, String> {
        let mut parts = vkey.splitn(3, '+');
        let (Some(name), Some(id), Some(material), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("\"{vkey}\" is not a verifier key (name+id+key)"));
        };
        let bytes = B64.decode(material).map_err(|_| format!("the key of \"{vkey}\" is not base64"))?;
        let kind = match bytes.first() {
            Some(0x01) => KeyType::Ed25519,
            Some(0x04) => KeyType::Cosignature,
            _ => return Err(format!("\"{vkey}\" is not an Ed25519 key")),
        };
        let raw: [u8; 32] = bytes[1..].try_into().map_err(|_| format!("\"{vkey}\" is not an Ed25519 key"))?;
        let key = VerifyingKey::from_bytes(&raw).map_err(|_| format!("\"{vkey}\" is not an Ed25519 key"))?;
        if !is_key_name(name) {
            return Err(format!("\"{name}\" cannot name a key"));
        }
        let v = NoteVerifier::new(name, key, kind);
        if crate::ground::hash::hex(&v.id) != id {
            return Err(format!("the key id of \"{vkey}\" does not match its name and key"));
        }
        Ok(v)
    }
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SigLine {
    pub name: String,
    pub id: [u8; 4],
    pub sig: Vec<u8>,
}

impl SigLine {
    /// `— <name> <base64(id ‖ signature)>` and its line break.
    pub(crate) fn to_line(&self) -> String {
        let mut bytes = self.id.to_vec();
        bytes.extend_from_slice(&self.sig);
        format!("\u{2014} {} {}\n", self.name, B64.encode(bytes))
    }

    pub(crate) fn parse(line: &str) -> Option<SigLine> {
        let rest = line.strip_prefix("\u{2014} ")?;
        let (name, sig) = rest.split_once(' ')?;
        let bytes = B64.decode(sig).ok()?;
        if !is_key_name(name) || bytes.len() < 5 {
            return None;
        }
        Some(SigLine { name: name.into(), id: bytes[..4].try_into().ok()?, sig: bytes[4..].to_vec() })
    }
}

/// A note split into its text and its signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    /// The signed text, with its final line break.
    pub body: String,
    pub sigs: Vec<SigLine>,
}

impl Note {
    /// Splits a signed note; `None` unless it is one (text, a blank line, signature lines).
    pub(crate) fn parse(text: &str) -> Option<Note> {
        if text.len() > 1_000_000 || text.chars().any(|c| c.is_control() && c != '\n') {
            return None;
        }
        let (body, sigs) = text.rsplit_once("\n\n")?;
        let body = format!("{body}\n");
        if !sigs.ends_with('\n') {
            return None;
        }
        let sigs: Option<Vec<SigLine>> = sigs.lines().map(SigLine::parse).collect();
        let sigs = sigs.filter(|s| !s.is_empty())?;
        Some(Note { body, sigs })
    }

    /// The note's text.
    pub(crate) fn to_text(&self) -> String {
        let mut text = self.body.clone();
        text.push('\n');
        for s in &self.sigs {
            text.push_str(&s.to_line());
        }
        text
    }

    /// Adds `line` unless a line of that name and key id is there already.
    pub(crate) fn add(&mut self, line: SigLine) {
        if !self.sigs.iter().any(|s| s.name == line.name && s.id == line.id) {
            self.sigs.push(line);
        }
    }

    /// Whether a valid signature of `v` is on the note (for a cosigner: its timestamp).
    pub(crate) fn verified_by(&self, v: &NoteVerifier) -> Option<u64> {
        self.sigs.iter().filter(|s| s.name == v.name && s.id == v.id).find_map(|s| verify_line(&self.body, s, v))
    }
}

fn verify_line(body: &str, s: &SigLine, v: &NoteVerifier) -> Option<u64> {
    match v.kind {
        KeyType::Ed25519 => {
            let sig = Signature::from_slice(&s.sig).ok()?;
            v.key.verify(body.as_bytes(), &sig).ok().map(|()| 0)
        }
        KeyType::Cosignature => {
            if s.sig.len() != 72 {
                return None;
            }
            let time = u64::from_be_bytes(s.sig[..8].try_into().ok()?);
            let sig = Signature::from_slice(&s.sig[8..]).ok()?;
            v.key.verify(cosigned_message(body, time).as_bytes(), &sig).ok().map(|()| time)
        }
    }
}

fn cosigned_message(body: &str, time: u64) -> String {
    format!("cosignature/v1\ntime {time}\n{body}")
}

/// The log's signature line on `body`, by `key` named `name`.
pub(crate) fn sign(body: &str, name: &str, key: &Key) -> SigLine {
    let v = NoteVerifier::new(name, key.verifying_key(), KeyType::Ed25519);
    SigLine { name: name.into(), id: v.id, sig: key.sign(body.as_bytes()).to_vec() }
}

/// A cosignature (tlog-cosignature v1, Ed25519) on checkpoint `body` at POSIX time `time`.
pub(crate) fn cosign(body: &str, name: &str, key: &Key, time: u64) -> SigLine {
    let v = NoteVerifier::new(name, key.verifying_key(), KeyType::Cosignature);
    let mut sig = time.to_be_bytes().to_vec();
    sig.extend_from_slice(&key.sign(cosigned_message(body, time).as_bytes()));
    SigLine { name: name.into(), id: v.id, sig }
}

/// A checkpoint's body: origin, size and root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Head {
    pub size: u64,
    pub root: Hash,
}

/// The text of a checkpoint body.
pub(crate) fn checkpoint_body(origin: &str, head: Head) -> String {
    format!("{origin}\n{}\n{}\n", head.size, B64.encode(head.root))
}

/// Reads a checkpoint body of `origin` (extension lines are allowed and ignored).
pub(crate) fn parse_body(body: &str, origin: &str) -> Result<Head, String> {
    let mut lines = body.lines();
    let found = lines.next().unwrap_or_default();
    if found != origin {
        return Err(format!("the checkpoint is of the log \"{found}\", not \"{origin}\""));
    }
    let size_text = lines.next().unwrap_or_default();
    let size: u64 = size_text.parse().map_err(|_| format!("\"{size_text}\" is not a tree size"))?;
    if size.to_string() != size_text {
        return Err(format!("\"{size_text}\" is not a tree size"));
    }
    let root_text = lines.next().unwrap_or_default();
    let root: Hash = B64
        .decode(root_text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| format!("\"{root_text}\" is not a root hash"))?;
    Ok(Head { size, root })
}

pub(crate) fn b64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

pub(crate) fn unb64_hash(s: &str) -> Option<Hash> {
    B64.decode(s).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_checkpoint_verifies_with_its_vkey_and_not_after_a_change() {
        let key = Key::from_seed([9; 32]);
        let origin = "example.org/credentials/log";
        let head = Head { size: 5, root: [7; 32] };
        let body = checkpoint_body(origin, head);
        let mut note = Note { body: body.clone(), sigs: vec![sign(&body, origin, &key)] };
        let v = NoteVerifier::new(origin, key.verifying_key(), KeyType::Ed25519);
        let back = NoteVerifier::parse(&v.vkey()).unwrap();
        assert_eq!(back, v);
        // Keys whose base64 holds a '+' read back too.
        for seed in 0..64u8 {
            let v = NoteVerifier::new(origin, Key::from_seed([seed; 32]).verifying_key(), KeyType::Ed25519);
            assert_eq!(NoteVerifier::parse(&v.vkey()).unwrap(), v);
        }
        let text = note.to_text();
        let parsed = Note::parse(&text).unwrap();
        assert_eq!(parsed, note);
        assert!(parsed.verified_by(&v).is_some());
        assert_eq!(parse_body(&parsed.body, origin).unwrap(), head);
        let forged = Note::parse(&text.replace("\n5\n", "\n6\n")).unwrap();
        assert!(forged.verified_by(&v).is_none());
        // A cosigner's line verifies with its own key type, and carries its time.
        let witness = Key::from_seed([3; 32]);
        note.add(cosign(&body, "w.example/witness", &witness, 1_700_000_000));
        let wv = NoteVerifier::new("w.example/witness", witness.verifying_key(), KeyType::Cosignature);
        assert_eq!(Note::parse(&note.to_text()).unwrap().verified_by(&wv), Some(1_700_000_000));
        let wrong_type = NoteVerifier::new("w.example/witness", witness.verifying_key(), KeyType::Ed25519);
        assert!(note.verified_by(&wrong_type).is_none());
        assert!(NoteVerifier::parse(&v.vkey().replacen(&crate::ground::hash::hex(&v.id), "00000000", 1)).is_err());
    }
}
