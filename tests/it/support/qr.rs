//! QR codes read back by rqrr, a decoder that shares no code with hallmark's encoder: as a
//! landing page carries them (`data-qr`: the modules, one bit each, in base64) and as they are
//! drawn (an SVG path stroked 1 unit wide, rasterized by resvg).

/// A square of `side` modules (`dark(x, y)`) with a four-module quiet zone, six pixels a module.
fn read(side: usize, dark: impl Fn(usize, usize) -> bool) -> String {
    let (scale, quiet) = (6, 4);
    let px = (side + 2 * quiet) * scale;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
        let (col, row) = ((x / scale).wrapping_sub(quiet), (y / scale).wrapping_sub(quiet));
        if row < side && col < side && dark(col, row) {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one code in a {side}-module image");
    grids[0].decode().expect("rqrr decodes it").1
}

/// The text of a code given as its modules in `data-qr` (row by row, the side following from the
/// length: side² bits, padded to a byte).
pub fn read_bits(bits: &str) -> String {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD.decode(bits).unwrap();
    let side = (bytes.len() * 8).isqrt();
    assert_eq!((side * side).div_ceil(8), bytes.len(), "{side}² bits, padded to a byte");
    read(side, |x, y| bytes[(y * side + x) / 8] & (0x80 >> ((y * side + x) % 8)) != 0)
}

/// The text of a code drawn as the path `d`, `side` modules wide with its quiet zone.
pub fn read_path(side: usize, d: &str) -> String {
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{side}\" height=\"{side}\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{d}\" stroke=\"#000\"/></svg>"
    );
    let tree = resvg::usvg::Tree::from_data(svg.as_bytes(), &resvg::usvg::Options::default()).unwrap();
    let scale = 6;
    let px = side as u32 * scale;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(px, px).unwrap();
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32), &mut pixmap.as_mut());
    let (data, w) = (pixmap.data(), px as usize);
    // The path's square already has its quiet zone: read it as modules of six pixels.
    let modules = side - 8;
    read(modules, |x, y| data[(((y + 4) * 6 + 3) * w + (x + 4) * 6 + 3) * 4] < 128)
}
