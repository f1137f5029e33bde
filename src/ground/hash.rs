//! Hashing helpers shared by the ledger, the proof archive, the build cache and the theme.

use sha2::{Digest, Sha256};

/// The hash maps of the per-credential work (ledger ids, roster rows, cache records, published
/// files): foldhash's seeded hasher instead of SipHash, which was 5–7 % of a one-row build's CPU
/// at 100,000 credentials. Its keys come from the institution's own files, so resistance to
/// crafted collisions matters less than speed; the seed is still random per process.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A set with the hasher of [`FastMap`].
pub(crate) type FastSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// Lowercase hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// The first `len` bytes of SHA-256(`bytes`), in hexadecimal.
pub(crate) fn sha256_hex(bytes: &[u8], len: usize) -> String {
    hex(&Sha256::digest(bytes)[..len])
}

/// A short hash of `parts` (each length-prefixed, so `["ab", "c"]` and `["a", "bc"]` differ): the
/// keys of the incremental build cache.
pub(crate) fn short_key(parts: &[&str]) -> String {
    let mut k = KeyHasher::new();
    for p in parts {
        k.str(p);
    }
    k.finish()
}

/// A key like [`short_key`]'s, built part by part into the hash (nothing formatted first): the
/// incremental build makes two for each of 100,000 credentials every build. The parts are gathered
/// in a buffer and hashed a block at a time: given to SHA-256 one by one (a few bytes each, thirty
/// a key) they cost more in the hasher's own bookkeeping than in hashing.
pub(crate) struct KeyHasher {
    sha: Sha256,
    buf: [u8; KEY_BUFFER],
    len: usize,
}

/// How many bytes a [`KeyHasher`] gathers before hashing them: a credential's key fits.
const KEY_BUFFER: usize = 512;

impl KeyHasher {
    pub(crate) fn new() -> KeyHasher {
        KeyHasher { sha: Sha256::new(), buf: [0; KEY_BUFFER], len: 0 }
    }

    /// `b` into the hash, as it comes.
    fn put(&mut self, b: &[u8]) {
        if self.len + b.len() > KEY_BUFFER {
            self.sha.update(&self.buf[..self.len]);
            self.len = 0;
            if b.len() > KEY_BUFFER {
                self.sha.update(b);
                return;
            }
        }
        self.buf[self.len..self.len + b.len()].copy_from_slice(b);
        self.len += b.len();
    }

    /// A text, length-prefixed.
    pub(crate) fn str(&mut self, s: &str) -> &mut KeyHasher {
        self.bytes(s.as_bytes())
    }

    /// Bytes, length-prefixed (a path or an environment variable need not be UTF-8).
    pub(crate) fn bytes(&mut self, b: &[u8]) -> &mut KeyHasher {
        self.put(&(b.len() as u64).to_le_bytes());
        self.put(b);
        self
    }

    /// A number (also a tag saying which of several shapes follows).
    pub(crate) fn num(&mut self, n: u64) -> &mut KeyHasher {
        self.put(&n.to_le_bytes());
        self
    }

    /// Nothing (tag 0) or a text (tag 1).
    pub(crate) fn opt(&mut self, s: Option<&str>) -> &mut KeyHasher {
        match s {
            None => self.num(0),
            Some(s) => self.num(1).str(s),
        }
    }

    /// A value's `Debug` text, written straight into the hash and ended by a byte UTF-8 never has.
    pub(crate) fn debug(&mut self, v: &dyn std::fmt::Debug) -> &mut KeyHasher {
        struct Into<'h>(&'h mut KeyHasher);
        impl std::fmt::Write for Into<'_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.put(s.as_bytes());
                Ok(())
            }
        }
        let _ = std::fmt::write(&mut Into(self), format_args!("{v:?}"));
        self.put(&[0xff]);
        self
    }

    /// The digest's first 12 bytes.
    fn digest(&mut self) -> [u8; 12] {
        self.sha.update(&self.buf[..self.len]);
        self.len = 0;
        let full = std::mem::take(&mut self.sha).finalize();
        let mut out = [0; 12];
        out.copy_from_slice(&full[..12]);
        out
    }

    /// The key: 24 hexadecimal digits.
    pub(crate) fn finish(&mut self) -> String {
        hex(&self.digest())
    }

    /// [`KeyHasher::finish`]'s digits, held in place rather than in a `String` of their own.
    pub(crate) fn finish_inline(&mut self) -> crate::ground::text::InlineText<24> {
        let mut digits = [0u8; 24];
        let _ = ::hex::encode_to_slice(self.digest(), &mut digits);
        crate::ground::text::InlineText::from(std::str::from_utf8(&digits).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_built_part_by_part_tells_its_parts_apart() {
        let key = |f: &dyn Fn(&mut KeyHasher) -> &mut KeyHasher| f(&mut KeyHasher::new()).finish();
        assert_eq!(key(&|k| k.str("ab").str("c")), short_key(&["ab", "c"]));
        assert_ne!(key(&|k| k.str("ab").str("c")), key(&|k| k.str("a").str("bc")));
        assert_ne!(key(&|k| k.opt(None).str("")), key(&|k| k.opt(Some(""))));
        assert_ne!(key(&|k| k.debug(&1).debug(&23)), key(&|k| k.debug(&12).debug(&3)));
        assert_eq!(key(&|k| k.num(3)).len(), 24);
        // Gathered or not, the bytes hashed are the same: parts past the buffer, and one longer
        // than it, give the key SHA-256 gives them in one piece.
        let long = "x".repeat(KEY_BUFFER + 7);
        let parts: Vec<String> = (0..200).map(|i| format!("part {i}")).chain([long]).collect();
        let mut k = KeyHasher::new();
        let mut whole = Vec::new();
        for p in &parts {
            k.str(p);
            whole.extend((p.len() as u64).to_le_bytes());
            whole.extend(p.as_bytes());
        }
        let mut k2 = KeyHasher::new();
        for p in &parts {
            k2.str(p);
        }
        assert_eq!(k.finish(), hex(&Sha256::digest(&whole)[..12]));
        assert_eq!(k2.finish_inline().as_str(), hex(&Sha256::digest(&whole)[..12]));
    }

    #[test]
    fn hex_is_lowercase_two_digits_a_byte() {
        assert_eq!(hex(&[0, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }

    #[test]
    fn short_keys_keep_the_boundaries_between_parts() {
        assert_ne!(short_key(&["ab", "c"]), short_key(&["a", "bc"]));
        assert_eq!(short_key(&["x"]).len(), 24);
    }
}
