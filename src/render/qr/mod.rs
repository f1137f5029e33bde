//! QR codes for landing pages, wallets and printed certificates: a landing page carries each of its
//! codes as its modules, one bit each ([`qr_bits`]), which its script draws; a PDF certificate has
//! the drawn path ([`qr_svg_path`]).
//!
//! The code is built with one fixed mask rather than the best of eight: scoring every mask costs
//! about a millisecond per code, and any mask decodes. It is drawn black on white with a
//! four-module quiet zone, so it reads in dark mode and in print.

mod encode;

/// Modules of white border around the code, as the QR specification asks.
const QUIET_ZONE: usize = 4;

/// A QR code for `text` as its modules, row by row without the quiet zone, one bit each (the first
/// the most significant, the last byte padded with zeros), in base64: a landing page's script draws
/// it (`themes/default/src/qr.js`, from `data-qr`). About 190 characters for a landing page's
/// address, against 1.8 KB for its drawn path and 0.6 KB for a PNG. Empty when `text` does not fit.
pub fn qr_bits(text: &str) -> String {
    use base64::Engine;
    encode::packed(text.as_bytes())
        .map_or_else(String::new, |(_, packed)| base64::engine::general_purpose::STANDARD.encode(&packed))
}

/// A QR code for `url` as the `d` of an SVG path stroked 1 unit wide, and the code's side in units,
/// quiet zone included ([`svg_path`]); `None` when `url` does not fit. The landing page's script
/// draws the same path from [`qr_bits`] (`themes/default/src/qr.js`).
pub fn qr_svg_path(url: &str) -> Option<(usize, String)> {
    encode::modules(url.as_bytes()).map(|(width, dark)| svg_path(width, &dark))
}

/// The path of a code `width` modules wide, and its side with the quiet zone: one horizontal
/// stroke per run of dark modules, so it prints sharp at any resolution and in a PDF (a PNG
/// scaled up is smoothed by some PDF readers, which a scanner then cannot read).
fn svg_path(width: usize, dark: &[bool]) -> (usize, String) {
    let mut d = String::with_capacity(width * width / 2);
    for (y, row) in dark.chunks(width).enumerate() {
        // Where the pen is on this row, once a run has been drawn on it.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            match pen {
                None => {
                    d.push('M');
                    push_number(&mut d, start + QUIET_ZONE);
                    d.push(' ');
                    push_number(&mut d, y + QUIET_ZONE);
                    d.push_str(".5h");
                }
                Some(at) => {
                    d.push('m');
                    push_number(&mut d, start - at);
                    d.push_str(" 0h");
                }
            }
            push_number(&mut d, x - start);
            pen = Some(x);
        }
    }
    (width + 2 * QUIET_ZONE, d)
}

/// Appends `n` in decimal (a path's numbers are small: the formatting machinery was a visible share
/// of drawing two codes a page).
fn push_number(d: &mut String, n: usize) {
    if n >= 10 {
        push_number(d, n / 10);
    }
    d.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_code_every_time_and_a_page_address_in_under_300_characters() {
        // What they read as: tests/it/qr.rs, at every version, and tests/it/bytes.rs on the demo.
        let url = "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/credential.json";
        let bits = qr_bits(url);
        assert!(bits.len() < 300, "{} characters", bits.len());
        assert_eq!(bits, qr_bits(url));
        assert_eq!(qr_svg_path(url), qr_svg_path(url));
    }

    #[test]
    fn too_long_is_empty() {
        assert_eq!(qr_bits(&"x".repeat(5000)), "");
        assert_eq!(qr_svg_path(&"x".repeat(5000)), None);
    }

    /// `cargo test --release --lib render::qr::tests::cost -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn cost() {
        // Credential ids as random as real ones: a code's cost depends on its bits.
        let urls: Vec<String> = (0..2_000u64)
            .map(|i| {
                let id = crate::ground::hash::sha256_hex(&i.to_le_bytes(), 20);
                format!("https://kestrelbay-poly.github.io/credentials/c/{id}/")
            })
            .collect();
        let start = std::time::Instant::now();
        urls.iter().for_each(|u| drop(std::hint::black_box(qr_bits(u))));
        let each = start.elapsed() / 2_000;
        eprintln!("qr_bits: {each:?} per code");
    }
}
