//! Reading content files as text: UTF-8 (with or without a byte-order mark), or UTF-16 with a
//! byte-order mark (Excel's "Unicode Text"). Any other encoding is reported at its first invalid
//! byte, never guessed: a wrong guess would sign misspelt names.

use std::path::Path;

use crate::ground::error::{Location, Problem};

/// The help for a roster in another encoding.
pub(crate) const ROSTER_HELP: &str = "save the file as CSV UTF-8 (in Excel: File → Save As → CSV UTF-8)";

/// The help for a badge or configuration file in another encoding.
pub(crate) const TEXT_HELP: &str = "save the file as UTF-8 (in most editors: Save As, or File → Encoding → UTF-8)";

/// The text of a file's `bytes`, or a problem at its first byte that is not text; `help` says how to fix it.
pub(crate) fn decode(path: &Path, bytes: Vec<u8>, help: &str) -> Result<String, Problem> {
    let text = match bytes.as_slice() {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => {
            return Err(Problem::error(Location::new(path, 1, 1), "the file is UTF-32, which hallmark does not read")
                .help(help.to_string()));
        }
        [0xFF, 0xFE, rest @ ..] => utf16(path, rest, u16::from_le_bytes, help)?,
        [0xFE, 0xFF, rest @ ..] => utf16(path, rest, u16::from_be_bytes, help)?,
        _ => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                let byte = bytes[valid];
                let mut message = format!("the file is not UTF-8: byte 0x{byte:02X} here is not a UTF-8 character");
                if let Some(c) = windows_1252(byte) {
                    message.push_str(&format!(
                        " (it would be \"{c}\" in Windows-1252, the encoding of Excel's \"CSV (Comma delimited)\")"
                    ));
                }
                return Err(Problem::error(Location::at_offset(path, prefix, valid), message).help(help.to_string()));
            }
        },
    };
    if let Some(nul) = text.find('\0') {
        return Err(Problem::error(
            Location::at_offset(path, &text, nul),
            "the file contains a NUL character: it is probably UTF-16 without a byte-order mark",
        )
        .help(help.to_string()));
    }
    Ok(text)
}

fn utf16(path: &Path, bytes: &[u8], unit: fn([u8; 2]) -> u16, help: &str) -> Result<String, Problem> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(e) => {
                return Err(Problem::error(
                    Location::at_offset(path, &text, text.len()),
                    format!(
                        "the file is UTF-16 with a broken character here (0x{:04X} without its pair)",
                        e.unpaired_surrogate()
                    ),
                )
                .help(help.to_string()));
            }
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(Problem::error(
            Location::at_offset(path, &text, text.len()),
            "the file is UTF-16 but ends in the middle of a character",
        )
        .help(help.to_string()));
    }
    Ok(text)
}

/// What a byte that is not UTF-8 would be in Windows-1252, for the message only.
fn windows_1252(byte: u8) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”',
        '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => Some(HIGH[usize::from(byte - 0x80)]).filter(|&c| c != '\0'),
        0xA1..=0xFF => Some(char::from(byte)),
        _ => None,
    }
}

/// A short text held in place, up to `N` bytes: a `String` costs 24 bytes and an allocation of
/// its own, which a list of a million (build-cache keys, recipient keys) pays a million times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InlineText<const N: usize> {
    len: u8,
    bytes: [u8; N],
}

impl<const N: usize> InlineText<N> {
    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl<const N: usize> From<&str> for InlineText<N> {
    /// `text`, or its first `N` bytes (at a character's boundary) when it is longer.
    fn from(text: &str) -> InlineText<N> {
        let mut end = text.len().min(N).min(usize::from(u8::MAX));
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; N];
        bytes[..end].copy_from_slice(&text.as_bytes()[..end]);
        InlineText { len: end as u8, bytes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for u in text.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn reads_utf8_with_or_without_a_bom_and_utf16_with_one() {
        let p = Path::new("r.csv");
        assert_eq!(decode(p, "a,b\nZoë,李雷\n".into(), ROSTER_HELP).unwrap(), "a,b\nZoë,李雷\n");
        assert_eq!(decode(p, "\u{feff}a".into(), ROSTER_HELP).unwrap(), "\u{feff}a");
        for le in [true, false] {
            assert_eq!(decode(p, utf16("a,b\r\nZoë,𝄞\r\n", le), ROSTER_HELP).unwrap(), "a,b\r\nZoë,𝄞\r\n");
        }
    }

    #[test]
    fn reports_the_first_byte_that_is_not_utf8_with_its_line_and_column() {
        let p = decode(Path::new("r.csv"), b"name\nZo\xEB,x\nJos\xE9\n".to_vec(), ROSTER_HELP).unwrap_err();
        let loc = p.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 3));
        assert_eq!(
            p.message,
            "the file is not UTF-8: byte 0xEB here is not a UTF-8 character (it would be \"ë\" in Windows-1252, the encoding of Excel's \"CSV (Comma delimited)\")"
        );
        assert_eq!(p.help.as_deref(), Some(ROSTER_HELP));
        let p = decode(Path::new("r.csv"), "naïve\n\u{2019}".bytes().chain([0x92]).collect(), ROSTER_HELP).unwrap_err();
        assert_eq!(p.location.as_ref().map(|l| (l.line, l.column)), Some((2, 2)));
        assert!(p.message.contains("\"’\" in Windows-1252"), "{}", p.message);
    }

    #[test]
    fn reports_utf16_without_a_bom_and_broken_utf16() {
        let no_bom: Vec<u8> = "ab".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let p = decode(Path::new("r.csv"), no_bom, ROSTER_HELP).unwrap_err();
        assert!(p.message.contains("UTF-16 without a byte-order mark"), "{}", p.message);
        let mut broken = utf16("a\nb", true);
        broken.extend([0x00, 0xD8, b'c', 0]);
        let p = decode(Path::new("r.csv"), broken, ROSTER_HELP).unwrap_err();
        assert_eq!(p.location.as_ref().map(|l| (l.line, l.column)), Some((2, 2)));
        assert!(p.message.contains("0xD800 without its pair"), "{}", p.message);
    }
}
