//! [`Entry`]: one issued credential as the ledger holds it in memory, its text fields in one
//! allocation.
//!
//! A ledger of a million credentials holds a million entries for the whole build. As a struct of
//! eight `String`s and a list, an entry took 256 bytes and six allocations of its own (≈ 450 bytes
//! in all, 440 MB at a million); packed, it takes 128 bytes and one allocation of exactly its text,
//! its identity hash held as the 32 bytes it stands for (≈ 240 bytes in all).

use crate::ground::date::Date;
use crate::model::claims::Claims;
use std::sync::Arc;

/// One issued credential: everything needed to publish it again, without the recipient's address.
/// Its text fields are read through methods (`id()`, `name()`, …); [`EntryParts`] is the same
/// credential with each field a value of its own, to make or change one.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Its position in the status lists, never reused.
    pub index: u64,
    pub issued: Date,
    pub expires: Option<Date>,
    /// The index in `hallmark.log` of the entry that issued this credential as it is published
    /// now (format 3; `None` before the site kept a log).
    pub log_index: Option<u64>,
    /// Results, evidence items and subject fields, as issued (the last field, only when there are
    /// some).
    pub claims: Option<Arc<Claims>>,
    /// The text fields one after the other, in the order of [`Field`]: the replacement empty for
    /// none, the evidence links separated by spaces (as the ledger writes them; none contains
    /// one).
    text: Box<str>,
    /// Where each text field but the last ends in `text`.
    ends: [u32; FIELDS - 1],
    /// The identity hash's digest, when it is `sha256$` and 64 lowercase hexadecimal digits (then
    /// its field in `text` is empty: 71 bytes of text as 32). Any other is held as text.
    digest: [u8; 32],
}

/// How an identity hash held as its digest begins.
const SHA256: &str = "sha256$";

/// The text fields, in their order in [`Entry::text`].
#[derive(Clone, Copy)]
enum Field {
    Id,
    Badge,
    Recipient,
    Salt,
    Identity,
    Name,
    ReplacedBy,
    Evidence,
}

const FIELDS: usize = Field::Evidence as usize + 1;

/// One issued credential with each field a value of its own: how an entry is made, and changed
/// ([`Entry::edit`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryParts {
    /// The unguessable id in the credential's URL.
    pub id: String,
    pub index: u64,
    pub badge: String,
    pub issued: Date,
    pub expires: Option<Date>,
    /// The id of the credential that corrected this one.
    pub replaced_by: Option<String>,
    /// [`recipient_key`](super::recipient_key) of the recipient's e-mail: how a roster row finds
    /// its entry.
    pub recipient: String,
    /// The salt of the hashed e-mail in the credential.
    pub salt: String,
    /// `sha256$…` of the e-mail and salt, as published.
    pub identity: String,
    /// No link holds a space (the ledger separates them with spaces).
    pub evidence: Vec<String>,
    /// The name as issued.
    pub name: String,
    pub log_index: Option<u64>,
    pub claims: Option<Arc<Claims>>,
}

/// The fields of an entry that are not text.
pub(super) struct Numbers {
    pub index: u64,
    pub issued: Date,
    pub expires: Option<Date>,
    pub log_index: Option<u64>,
    pub claims: Option<Arc<Claims>>,
}

impl Entry {
    /// An entry of `numbers` and the text fields in [`Field`]'s order (the evidence links
    /// separated by spaces), in one allocation of exactly their length.
    pub(super) fn pack(numbers: Numbers, fields: [&str; FIELDS]) -> Entry {
        Entry::pack_with(numbers, fields, digest_of(fields[Field::Identity as usize]))
    }

    /// [`Entry::pack`], with the identity hash's digest read already ([`digest_of`] it).
    pub(super) fn pack_with(numbers: Numbers, mut fields: [&str; FIELDS], digest: Option<[u8; 32]>) -> Entry {
        if digest.is_some() {
            fields[Field::Identity as usize] = "";
        }
        let digest = digest.unwrap_or_default();
        let mut text = String::with_capacity(fields.iter().map(|f| f.len()).sum());
        let mut ends = [0u32; FIELDS - 1];
        for (i, field) in fields.iter().enumerate() {
            text.push_str(field);
            if let Some(end) = ends.get_mut(i) {
                // A field past 4 GB is not a ledger's: cut there rather than wrap.
                *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
            }
        }
        let Numbers { index, issued, expires, log_index, claims } = numbers;
        Entry { index, issued, expires, log_index, claims, text: text.into_boxed_str(), ends, digest }
    }

    fn field(&self, field: Field) -> &str {
        let i = field as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends.get(i).map_or(self.text.len(), |&e| e as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The unguessable id in the credential's URL.
    pub(crate) fn id(&self) -> &str {
        self.field(Field::Id)
    }

    pub(crate) fn badge(&self) -> &str {
        self.field(Field::Badge)
    }

    /// [`recipient_key`](super::recipient_key) of the recipient's e-mail: how a roster row finds
    /// its entry.
    pub(crate) fn recipient(&self) -> &str {
        self.field(Field::Recipient)
    }

    /// The salt of the hashed e-mail in the credential.
    pub(crate) fn salt(&self) -> &str {
        self.field(Field::Salt)
    }

    /// `sha256$…` of the e-mail and salt, as published.
    pub(crate) fn identity(&self) -> Identity<'_> {
        match self.field(Field::Identity) {
            "" => {
                let mut text = [0u8; SHA256.len() + 64];
                text[..SHA256.len()].copy_from_slice(SHA256.as_bytes());
                let _ = hex::encode_to_slice(self.digest, &mut text[SHA256.len()..]);
                Identity::Digest(text)
            }
            text => Identity::Text(text),
        }
    }

    /// The name as issued.
    pub(crate) fn name(&self) -> &str {
        self.field(Field::Name)
    }

    /// The id of the credential that corrected this one.
    pub(crate) fn replaced_by(&self) -> Option<&str> {
        Some(self.field(Field::ReplacedBy)).filter(|r| !r.is_empty())
    }

    /// The evidence links, in order.
    pub(crate) fn evidence(&self) -> impl Iterator<Item = &str> + Clone {
        let all = self.field(Field::Evidence);
        all.split(' ').filter(move |_| !all.is_empty())
    }

    /// Whether it has evidence links.
    pub(crate) fn has_evidence(&self) -> bool {
        !self.field(Field::Evidence).is_empty()
    }

    /// The evidence links, separated by spaces; empty for none.
    pub(super) fn evidence_text(&self) -> &str {
        self.field(Field::Evidence)
    }

    /// The same credential with each field a value of its own.
    pub(crate) fn parts(&self) -> EntryParts {
        EntryParts {
            id: self.id().to_string(),
            index: self.index,
            badge: self.badge().to_string(),
            issued: self.issued,
            expires: self.expires,
            replaced_by: self.replaced_by().map(str::to_string),
            recipient: self.recipient().to_string(),
            salt: self.salt().to_string(),
            identity: self.identity().to_string(),
            evidence: self.evidence().map(str::to_string).collect(),
            name: self.name().to_string(),
            log_index: self.log_index,
            claims: self.claims.clone(),
        }
    }

    /// Changes its fields as `change` does to their parts (then packs them again).
    pub(crate) fn edit(&mut self, change: impl FnOnce(&mut EntryParts)) {
        let mut parts = self.parts();
        change(&mut parts);
        *self = parts.into();
    }
}

/// An entry's identity hash as text: made from its digest (without allocating), or as held.
pub(crate) enum Identity<'e> {
    Digest([u8; SHA256.len() + 64]),
    Text(&'e str),
}

impl std::ops::Deref for Identity<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Identity::Digest(text) => std::str::from_utf8(text).unwrap_or_default(),
            Identity::Text(text) => text,
        }
    }
}

impl From<EntryParts> for Entry {
    fn from(p: EntryParts) -> Entry {
        let evidence = p.evidence.join(" ");
        let numbers =
            Numbers { index: p.index, issued: p.issued, expires: p.expires, log_index: p.log_index, claims: p.claims };
        let replaced_by = p.replaced_by.as_deref().unwrap_or_default();
        Entry::pack(numbers, [&p.id, &p.badge, &p.recipient, &p.salt, &p.identity, &p.name, replaced_by, &evidence])
    }
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.parts().fmt(f)
    }
}

/// The digest of an identity hash of the usual form (`sha256$` and 64 lowercase hexadecimal
/// digits), held as its 32 bytes; `None` for any other (held as text).
pub(super) fn digest_of(identity: &str) -> Option<[u8; 32]> {
    let mut digest = [0u8; 32];
    identity.strip_prefix(SHA256).is_some_and(|hex| lower_hex_into(hex, &mut digest)).then_some(digest)
}

/// `hex` read into `out` when it is exactly `out`'s bytes in lowercase hexadecimal (what the
/// ledger writes, so that the text written back is the same), in one pass; `false`, with `out`
/// as it was, otherwise.
fn lower_hex_into(hex: &str, out: &mut [u8; 32]) -> bool {
    if hex.len() != 64 {
        return false;
    }
    let mut bytes = [0u8; 32];
    // Every pair read and checked at once (a table, not a match per digit: the digests of
    // 100,000 entries are 6.4 million digits).
    let mut bad = 0u8;
    for (pair, byte) in hex.as_bytes().chunks_exact(2).zip(bytes.iter_mut()) {
        let (hi, lo) = (LOWER_HEX[usize::from(pair[0])], LOWER_HEX[usize::from(pair[1])]);
        bad |= (hi | lo) & NOT_HEX;
        *byte = hi << 4 | (lo & 0x0f);
    }
    if bad != 0 {
        return false;
    }
    *out = bytes;
    true
}

/// What [`LOWER_HEX`] gives a byte that is not a lowercase hexadecimal digit.
const NOT_HEX: u8 = 0x80;

/// The value of each lowercase hexadecimal digit, [`NOT_HEX`] for every other byte.
const LOWER_HEX: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut b = 0;
    while b < 10 {
        table[b'0' as usize + b] = b as u8;
        b += 1;
    }
    let mut b = 0;
    while b < 6 {
        table[b'a' as usize + b] = 10 + b as u8;
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> EntryParts {
        EntryParts {
            id: "z4ke6pixqpxu2wq6cvg7".into(),
            index: 7,
            badge: "solar-pv-installer".into(),
            issued: Date::new(2025, 3, 21).unwrap(),
            expires: None,
            replaced_by: None,
            recipient: "7f1e8e90a1c064b5a95380b46a3c64d0".into(),
            salt: "yWK3cTiMF_UDsNeg".into(),
            identity: format!("sha256${}", "b".repeat(64)),
            evidence: vec![],
            name: "Amélie Fontaine".into(),
            log_index: Some(3),
            claims: None,
        }
    }

    /// Packed, every field reads back as it went in, empty ones too; the text takes one
    /// allocation of exactly its length, an identity hash of the usual form held as its 32 bytes
    /// (any other as text); the entry takes 128 bytes.
    #[test]
    fn a_packed_entry_reads_back_its_fields_from_one_exact_allocation() {
        let plain = parts();
        let mut linked = parts();
        linked.replaced_by = Some("a".repeat(64));
        linked.evidence = vec!["https://a.example/1".into(), "https://b.example/2?x=é".into()];
        let mut upper = parts();
        upper.identity = format!("sha256${}", "B".repeat(64));
        let mut short = parts();
        short.identity = "sha256$0".into();
        // Lowercase hexadecimal to the last digit but one, or one digit too many.
        let mut late = parts();
        late.identity = format!("sha256${}g", "b".repeat(63));
        let mut long = parts();
        long.identity = format!("sha256${}", "b".repeat(65));
        for p in [plain, linked, upper, short, late, long] {
            let e = Entry::from(p.clone());
            assert_eq!(e.parts(), p);
            assert_eq!((e.id(), e.badge(), e.recipient(), e.salt()), (&*p.id, &*p.badge, &*p.recipient, &*p.salt));
            assert_eq!((&*e.identity(), e.name(), e.replaced_by()), (&*p.identity, &*p.name, p.replaced_by.as_deref()));
            assert_eq!(e.evidence().collect::<Vec<_>>(), p.evidence);
            assert_eq!(e.has_evidence(), !p.evidence.is_empty());
            let as_digest = p.identity == format!("sha256${}", "b".repeat(64));
            assert_eq!(e.digest == [0xbb; 32], as_digest, "{}", p.identity);
            let identity = if as_digest { 0 } else { p.identity.len() };
            let fields = [&p.id, &p.badge, &p.recipient, &p.salt, &p.name];
            let evidence_len = p.evidence.iter().map(|u| u.len() + 1).sum::<usize>().saturating_sub(1);
            let len = fields.iter().map(|f| f.len()).sum::<usize>() + p.replaced_by.map_or(0, |r| r.len());
            assert_eq!(e.text.len(), len + identity + evidence_len);
        }
        assert!(std::mem::size_of::<Entry>() <= 128, "{} bytes", std::mem::size_of::<Entry>());
    }

    /// An edit changes the field it names, and an entry edited back equals the original.
    #[test]
    fn an_edited_entry_changes_only_what_the_edit_names() {
        let mut e = Entry::from(parts());
        e.edit(|p| p.replaced_by = Some("later".into()));
        assert_eq!((e.replaced_by(), e.name(), e.salt()), (Some("later"), "Amélie Fontaine", "yWK3cTiMF_UDsNeg"));
        e.edit(|p| p.replaced_by = None);
        assert_eq!(e, Entry::from(parts()));
    }

    /// An identity hash is held as its digest exactly when it is `sha256$` and 64 lowercase
    /// hexadecimal digits: any other byte at any place, upper case, or another length keeps it text.
    #[test]
    fn only_lowercase_hex_identity_hashes_are_held_as_digests() {
        let digest: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(0x0f));
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(digest_of(&format!("sha256${hex}")), Some(digest));
        assert_eq!(digest_of(&format!("sha256${}", "0".repeat(64))), Some([0; 32]));
        assert_eq!(digest_of(&format!("sha256${}", "f".repeat(64))), Some([0xff; 32]));
        assert_eq!(digest_of(&format!("sha256${}", hex.to_uppercase())), None);
        assert_eq!(digest_of(&format!("sha256${}", &hex[..62])), None);
        assert_eq!(digest_of(&format!("sha256${hex}00")), None);
        assert_eq!(digest_of(&format!("sha512${hex}")), None);
        for at in 0..64 {
            for bad in [b'g', b'G', b'A', b'F', b'/', b':', b'`', b'@', b' ', 0u8, 0x80] {
                let mut bytes = hex.clone().into_bytes();
                bytes[at] = bad;
                let text = format!("sha256${}", String::from_utf8_lossy(&bytes));
                assert_eq!(digest_of(&text), None, "byte {bad:#x} at {at}");
            }
        }
    }
}
