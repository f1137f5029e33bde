//! QR codes for landing pages, wallets and printed certificates: small PNG `data:` URLs for the
//! screen, SVG paths for print (and for a page's share block when its certificate already holds one).
//!
//! The code is built with one fixed mask rather than the best of eight: scoring every mask costs
//! about a millisecond per code, and any mask decodes. The image is black on white with a
//! four-module quiet zone, so it reads in dark mode and in print.

use qrcode::bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::ec;
use qrcode::{Color, EcLevel};

/// Modules of white border around the code, as the QR specification asks.
const QUIET_ZONE: usize = 4;

/// A QR code for `url` as a `data:` URL of a PNG with one pixel per module (quiet zone included)
/// and one bit per pixel: a few hundred bytes, against about 1.8 KB for the SVG path of the same
/// code ([`qr_svg_path`]). The page scales it up without smoothing (`image-rendering: pixelated`). Empty when `url` does not fit.
pub fn qr_png_data_url(url: &str) -> String {
    modules(url.as_bytes()).map_or_else(String::new, |(width, dark)| png_data_url(width, &dark))
}

/// The PNG `data:` URL of a code `width` modules wide.
fn png_data_url(width: usize, dark: &[bool]) -> String {
    use base64::Engine;
    let size = width + 2 * QUIET_ZONE;
    let stride = size.div_ceil(8);
    // Grey, one bit: 1 is white. Start all white, then clear the dark modules' bits.
    let mut pixels = vec![0xffu8; stride * size];
    for (i, _) in dark.iter().enumerate().filter(|(_, d)| **d) {
        let (x, y) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
        pixels[y * stride + x / 8] &= !(0x80 >> (x % 8));
    }
    let mut png = Vec::with_capacity(256);
    let side = u32::try_from(size).unwrap_or(u32::MAX);
    let mut encoder = png::Encoder::new(&mut png, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    // fdeflate rather than zlib's best: zlib zeroes a ~300 KB compressor for each code, which was
    // an eighth of a cold build's CPU with two codes per page; fdeflate's codes are 60 bytes longer.
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::NoFilter);
    let written = encoder.write_header().and_then(|mut w| w.write_image_data(&pixels));
    if written.is_err() {
        return String::new();
    }
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&png))
}

/// A QR code for `url` as the `d` of an SVG path stroked 1 unit wide, and the code's side in units,
/// quiet zone included ([`svg_path`]); `None` when `url` does not fit. A landing page with a
/// certificate draws its code once, so: the certificate holds the path and the page's share block
/// shows the same path with `<use>`, and no PNG of the code is made.
pub(crate) fn qr_svg_path(url: &str) -> Option<(usize, String)> {
    modules(url.as_bytes()).map(|(width, dark)| svg_path(width, &dark))
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

/// The code's width in modules and its dark modules, row by row; `None` if `data` does not fit.
fn modules(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    // The smallest code that holds the data, at error correction level L (7% damage); level M (15%:
    // a smudged print-out) instead when it fits in a code of the same size.
    // (Each level encoded once: the data at L is kept for when M needs a larger code.)
    let at_l = bits::encode_auto(data, EcLevel::L).ok()?;
    let (level, bits) = match bits::encode_auto(data, EcLevel::M) {
        Ok(at_m) if at_m.version() == at_l.version() => (EcLevel::M, at_m),
        _ => (EcLevel::L, at_l),
    };
    let version = bits.version();
    let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    Some((width, canvas.into_colors().into_iter().map(|c| c == Color::Dark).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a PNG `data:` URL with resvg's PNG decoder, scaled up eight times, and rqrr: neither
    /// shares code with the encoder.
    fn decode(data_url: &str) -> String {
        use base64::Engine;
        let b64 = data_url.strip_prefix("data:image/png;base64,").expect("a PNG data URL");
        let png = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
        let img = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        let (w, scale) = (img.width() as usize, 8);
        let px = img.data();
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w * scale, w * scale, |x, y| {
            px[((y / scale) * w + x / scale) * 4]
        });
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn decodes_to_the_url_in_a_few_hundred_bytes_the_same_every_time() {
        for url in [
            "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/",
            "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/credential.json",
            "http://127.0.0.1:8000/c/556acknev4tc4vw2paoe/credential.json",
            "https://x.example/?a=\"<script>\"&b='1'",
            "https://example.org/a/very/long/path/that/needs/a/bigger/version/of/the/code/to/hold/it/all/c/abcdefghijklmnopqrst/",
        ] {
            let data_url = qr_png_data_url(url);
            assert_eq!(decode(&data_url), url);
            assert!(data_url.len() < 1_000, "{} bytes", data_url.len());
            assert_eq!(data_url, qr_png_data_url(url), "the same bytes every time");
        }
    }

    #[test]
    fn the_svg_path_decodes_to_the_url() {
        let url = "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/";
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
        assert_eq!(qr_png_data_url(&"x".repeat(5000)), "");
    }

    /// `cargo test --release --lib render::qr::tests::cost -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn cost() {
        let start = std::time::Instant::now();
        for i in 0..200 {
            qr_png_data_url(&format!("https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufh{i:03}/"));
        }
        let each = start.elapsed() / 200;
        eprintln!("qr_png_data_url: {each:?} per code");
    }
}
