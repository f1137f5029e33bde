//! QR codes as small inline SVG, for landing pages and printed certificates.
//!
//! The code is built with one fixed mask rather than the best of eight: scoring every mask costs
//! about a millisecond per code, and any mask decodes. The drawing is one `<path>` of horizontal
//! runs on a white square with a four-module quiet zone, so it reads in dark mode and in print.

use qrcode::bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::ec;
use qrcode::{Color, EcLevel};

/// Modules of white border around the code, as the QR specification asks.
const QUIET_ZONE: usize = 4;

/// An inline SVG of a QR code for `url`, labelled for assistive technology. Empty when `url` is too
/// long to encode (more than about 2,300 bytes).
pub(crate) fn qr_svg(url: &str) -> String {
    let Some((width, dark)) = modules(url.as_bytes()) else {
        return String::new();
    };
    let size = width + 2 * QUIET_ZONE;
    // Each row is one subpath of horizontal strokes one module thick: `M x y.5hN` for the first run,
    // then `mGAP 0hN` relative to the end of the previous one. About half the bytes of filled squares.
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !dark[y * width + x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && dark[y * width + x] {
                x += 1;
            }
            match pen {
                None => path.push_str(&format!("M{} {}.5h{}", start + QUIET_ZONE, y + QUIET_ZONE, x - start)),
                Some(end) => path.push_str(&format!("m{} 0h{}", start - end, x - start)),
            }
            pen = Some(x);
        }
    }
    format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" \
         role=\"img\" aria-label=\"QR code: {label}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" d=\"{path}\"/></svg>",
        px = size * 4,
        label = escape(url),
    )
}

/// A QR code for `url` as a `data:` URL of a PNG with one pixel per module (quiet zone included)
/// and one bit per pixel: a few hundred bytes, against about 2 KB for [`qr_svg`]. The page scales
/// it up without smoothing (`image-rendering: pixelated`). Empty when `url` does not fit.
pub(crate) fn qr_png_data_url(url: &str) -> String {
    use base64::Engine;
    let Some((width, dark)) = modules(url.as_bytes()) else {
        return String::new();
    };
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
    encoder.set_compression(png::Compression::High);
    encoder.set_filter(png::Filter::NoFilter);
    let written = encoder.write_header().and_then(|mut w| w.write_image_data(&pixels));
    if written.is_err() {
        return String::new();
    }
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&png))
}

/// The code's width in modules and its dark modules, row by row; `None` if `data` does not fit.
fn modules(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    // The smallest code that holds the data, at error correction level L (7% damage); level M (15%:
    // a smudged print-out) instead when it fits in a code of the same size.
    let smallest = bits::encode_auto(data, EcLevel::L).ok()?.version();
    let (level, bits) = [EcLevel::M, EcLevel::L].into_iter().find_map(|level| {
        bits::encode_auto(data, level).ok().filter(|b| b.version() == smallest).map(|b| (level, b))
    })?;
    let version = bits.version();
    let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    Some((width, canvas.into_colors().into_iter().map(|c| c == Color::Dark).collect()))
}

/// Escapes text for an XML/HTML attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the SVG with resvg and reads it with rqrr: neither shares code with the encoder.
    fn decode(svg: &str) -> String {
        let width = 400;
        let png = crate::render::artwork::svg_to_png(svg.as_bytes(), width as u32).unwrap();
        let img = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        let px = img.data();
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, width, |x, y| px[(y * width + x) * 4]);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn decodes_to_the_url() {
        for url in [
            "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/",
            "http://127.0.0.1:8000/c/556acknev4tc4vw2paoe/",
            "https://example.org/a/very/long/path/that/needs/a/bigger/version/of/the/code/to/hold/it/all/c/abcdefghijklmnopqrst/",
        ] {
            assert_eq!(decode(&qr_svg(url)), url);
        }
    }

    #[test]
    fn is_accessible_crisp_self_contained_and_small() {
        let svg = qr_svg("https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/");
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg
            .contains("aria-label=\"QR code: https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/\""));
        assert!(svg.contains("shape-rendering=\"crispEdges\""));
        assert!(!svg.contains("href") && !svg.contains("url("));
        assert!(svg.len() < 2_500, "{} bytes", svg.len());
        assert_eq!(svg, qr_svg("https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/"));
    }

    #[test]
    fn label_is_escaped() {
        let svg = qr_svg("https://x.example/?a=\"<script>\"&b='1'");
        assert!(
            svg.contains("aria-label=\"QR code: https://x.example/?a=&quot;&lt;script&gt;&quot;&amp;b=&#39;1&#39;\"")
        );
        assert!(!svg.contains("<script"));
        assert_eq!(decode(&svg), "https://x.example/?a=\"<script>\"&b='1'");
    }

    #[test]
    fn too_long_is_empty() {
        assert_eq!(qr_svg(&"x".repeat(5000)), "");
        assert_eq!(qr_png_data_url(&"x".repeat(5000)), "");
    }

    /// Reads a PNG `data:` URL with resvg's PNG decoder, scaled up eight times, and rqrr.
    fn decode_png(data_url: &str) -> String {
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
    fn the_png_code_decodes_to_the_url_in_a_tenth_of_the_bytes() {
        for url in [
            "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/credential.json",
            "http://127.0.0.1:8000/c/556acknev4tc4vw2paoe/credential.json",
        ] {
            let data_url = qr_png_data_url(url);
            assert_eq!(decode_png(&data_url), url);
            assert!(data_url.len() < qr_svg(url).len() / 4, "{} bytes", data_url.len());
            assert_eq!(data_url, qr_png_data_url(url), "the same bytes every time");
        }
    }

    /// `cargo test --release --lib render::qr::tests::cost -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn cost() {
        let start = std::time::Instant::now();
        for i in 0..200 {
            qr_svg(&format!("https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufh{i:03}/"));
        }
        let each = start.elapsed() / 200;
        eprintln!("qr_svg: {each:?} per code");
        let start = std::time::Instant::now();
        for i in 0..200 {
            qr_png_data_url(&format!(
                "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufh{i:03}/credential.json"
            ));
        }
        eprintln!("qr_png_data_url: {:?} per code", start.elapsed() / 200);
    }
}
