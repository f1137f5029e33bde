//! Hashing helpers shared by the ledger, the proof archive, the build cache and the theme.

use sha2::{Digest, Sha256};

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
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    hex(&h.finalize()[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

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
