//! W3C Bitstring Status List: the GZIP-compressed, base64url-encoded bitstring of revoked credentials.

use std::io::Read;

use base64::Engine;
use flate2::read::GzDecoder;

use crate::ground::layout::STATUS_LIST_BITS;

/// A list of [`STATUS_LIST_BITS`] bits, all clear to begin with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitstring {
    bytes: Vec<u8>,
}

impl Default for Bitstring {
    fn default() -> Self {
        Bitstring { bytes: vec![0; (STATUS_LIST_BITS / 8) as usize] }
    }
}

impl Bitstring {
    /// Sets bit `i`; bit 0 is the most significant bit of the first byte.
    pub fn set(&mut self, i: u64) {
        self.bytes[(i / 8) as usize] |= 0x80 >> (i % 8);
    }

    /// Whether bit `i` is set.
    pub fn get(&self, i: u64) -> bool {
        self.bytes.get((i / 8) as usize).is_some_and(|b| b & (0x80 >> (i % 8)) != 0)
    }

    /// The number of bits.
    pub fn len(&self) -> u64 {
        self.bytes.len() as u64 * 8
    }

    /// Whether the list has no bits.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// `u` + base64url, no padding, of the GZIP of the bits: the `encodedList`.
    pub fn encode(&self) -> String {
        format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(gzip(&self.bytes)))
    }

    /// Decodes an `encodedList`.
    pub fn decode(encoded: &str) -> Result<Bitstring, String> {
        let body = encoded.strip_prefix('u').ok_or("encodedList must start with 'u' (multibase base64url)")?;
        let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(body.trim_end_matches('='))
            .map_err(|e| format!("encodedList is not base64url: {e}"))?;
        let mut bytes = Vec::new();
        GzDecoder::new(compressed.as_slice())
            .take(64 * 1024 * 1024)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("encodedList is not GZIP data: {e}"))?;
        Ok(Bitstring { bytes })
    }
}

/// The GZIP (RFC 1952) of `data` at the best compression, byte for byte as hallmark has always
/// written status lists: a fixed header (no name, mtime 0, "best" flag, unknown OS), miniz_oxide's
/// deflate at level 9, the CRC-32 and the length. Through flate2 the bytes would depend on the
/// backend another dependency picks for the whole build (calamine's zip turns on zlib-rs); the bits
/// would be the same, but a site's published lists would change for no reason.
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 9));
    let mut crc = flate2::Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_zero_is_the_most_significant_bit_of_the_first_byte() {
        let mut b = Bitstring::default();
        b.set(0);
        b.set(9);
        assert_eq!(b.bytes[0], 0x80);
        assert_eq!(b.bytes[1], 0x40);
        assert!(b.get(9) && !b.get(8));
    }

    #[test]
    fn encodes_at_least_131072_bits_and_decodes_back() {
        let mut b = Bitstring::default();
        b.set(131_071);
        let text = b.encode();
        assert!(text.starts_with('u') && !text.contains('='));
        let back = Bitstring::decode(&text).unwrap();
        assert_eq!(back.len(), 131_072);
        assert!(back.get(131_071));
        assert_eq!(b.encode(), text, "encoding is deterministic");
    }
}
