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
    qr_modules(text.as_bytes()).map_or_else(String::new, |(_, dark)| {
        let packed: Vec<u8> = dark
            .chunks(8)
            .map(|eight| eight.iter().fold(0u8, |byte, d| (byte << 1) | u8::from(*d)) << (8 - eight.len()))
            .collect();
        base64::engine::general_purpose::STANDARD.encode(&packed)
    })
}

/// A QR code for `url` as the `d` of an SVG path stroked 1 unit wide, and the code's side in units,
/// quiet zone included ([`svg_path`]); `None` when `url` does not fit. The landing page's script
/// draws the same path from [`qr_bits`] (`themes/default/src/qr.js`).
pub fn qr_svg_path(url: &str) -> Option<(usize, String)> {
    qr_modules(url.as_bytes()).map(|(width, dark)| svg_path(width, &dark))
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

/// The code's width in modules and its dark modules, row by row; `None` if `data` does not fit:
/// the smallest code that holds the data in byte mode at error correction level L (7% damage), or
/// level M (15%: a smudged print-out) when it fits in a code of the same size.
fn qr_modules(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    encode::modules(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URLS: [&str; 5] = [
        "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/",
        "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/credential.json",
        "http://127.0.0.1:8000/c/556acknev4tc4vw2paoe/credential.json",
        "https://x.example/?a=\"<script>\"&b='1'",
        "https://example.org/a/very/long/path/that/needs/a/bigger/version/of/the/code/to/hold/it/all/c/abcdefghijklmnopqrst/",
    ];

    /// Reads a square of modules (`dark(x, y)`, `side` modules) with a quiet zone, six pixels a
    /// module, with rqrr, which shares no code with the encoder.
    fn read(side: usize, dark: impl Fn(usize, usize) -> bool) -> String {
        let (scale, quiet) = (6, QUIET_ZONE);
        let px = (side + 2 * quiet) * scale;
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
            let (col, row) = ((x / scale).wrapping_sub(quiet), (y / scale).wrapping_sub(quiet));
            if row < side && col < side && dark(col, row) {
                0
            } else {
                255
            }
        });
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn the_bits_decode_to_the_url_in_under_300_characters_the_same_every_time() {
        use base64::Engine;
        for url in URLS {
            let bits = qr_bits(url);
            let bytes = base64::engine::general_purpose::STANDARD.decode(&bits).unwrap();
            // The side follows from the length: side² bits, padded to a byte.
            let side = (bytes.len() * 8).isqrt();
            assert_eq!((side * side).div_ceil(8), bytes.len(), "{url}");
            assert_eq!(read(side, |x, y| bytes[(y * side + x) / 8] & (0x80 >> ((y * side + x) % 8)) != 0), url);
            assert!(bits.len() < 300 || url.len() > 100, "{} characters for {url}", bits.len());
            assert_eq!(bits, qr_bits(url), "the same every time");
        }
    }

    #[test]
    fn the_svg_path_decodes_to_the_url() {
        let url = URLS[0];
        let (side, d) = qr_svg_path(url).unwrap();
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{side}\" height=\"{side}\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{d}\" stroke=\"#000\"/></svg>"
        );
        let tree = resvg::usvg::Tree::from_data(svg.as_bytes(), &resvg::usvg::Options::default()).unwrap();
        let scale = 6;
        let px = side as u32 * scale;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(px, px).unwrap();
        resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32), &mut pixmap.as_mut());
        let data = pixmap.data();
        let w = px as usize;
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, w, |x, y| data[(y * w + x) * 4]);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, url);
        assert!(d.len() < 2_000, "{} bytes", d.len());
        assert_eq!(qr_svg_path(url), Some((side, d)), "the same every time");
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
        let start = std::time::Instant::now();
        for i in 0..200 {
            qr_bits(&format!("https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufh{i:03}/"));
        }
        let each = start.elapsed() / 200;
        eprintln!("qr_bits: {each:?} per code");
    }
}
