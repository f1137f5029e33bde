//! Badge artwork rendered to PNG, for social cards, LinkedIn and baked PNG downloads.
//!
//! Rendering uses hallmark's font set ([`crate::render::fonts`]: bundled Noto Sans for Latin, Greek,
//! Cyrillic, Arabic, Hebrew and Devanagari, and Noto Sans CJK where installed), never the machine's
//! other fonts: the same SVG gives the same PNG bytes everywhere. Every font family, generic or
//! named, falls back to Noto Sans, so text never silently disappears. Images embedded as `data:`
//! URLs (PNG, JPEG, GIF, WebP, SVG) are drawn; references to files or the network are ignored.

use resvg::tiny_skia;
use resvg::usvg;

use crate::ground::error::{Error, Result};

/// The largest PNG this renders, in pixels per side.
pub(crate) const MAX_SIZE: u32 = 4096;

/// Renders `svg` to a `size`×`size` PNG with a transparent background, the drawing scaled to fit and
/// centred (its aspect ratio kept).
pub(crate) fn svg_to_png(svg: &[u8], size: u32) -> Result<Vec<u8>> {
    encode(&render(svg, size)?)
}

fn render(svg: &[u8], size: u32) -> Result<tiny_skia::Pixmap> {
    if size == 0 || size > MAX_SIZE {
        return Err(Error::Usage(
            format!("artwork: a PNG size must be between 1 and {MAX_SIZE} pixels, not {size}").into(),
        ));
    }
    let options = options();
    let tree = usvg::Tree::from_data(svg, &options)
        .map_err(|e| Error::Usage(format!("artwork: the SVG cannot be read: {e}").into()))?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let scale = (size as f32 / w).min(size as f32 / h);
    let transform = tiny_skia::Transform::from_scale(scale, scale)
        .post_translate((size as f32 - w * scale) / 2.0, (size as f32 - h * scale) / 2.0);
    let mut pixmap = tiny_skia::Pixmap::new(size, size).expect("size is between 1 and MAX_SIZE");
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap)
}

fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>> {
    pixmap.encode_png().map_err(|e| Error::Usage(format!("artwork: the PNG cannot be encoded: {e}").into()))
}

/// Renders badge artwork of any supported kind to a `size`×`size` PNG: SVG as [`svg_to_png`] does,
/// and PNG, JPEG, GIF or WebP scaled to fit and centred, so every badge has the same square PNG.
pub(crate) fn image_to_png(image: &[u8], size: u32) -> Result<Vec<u8>> {
    let mime = if image.starts_with(crate::ground::layout::PNG_SIGNATURE) {
        "image/png"
    } else if image.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else if image.starts_with(b"GIF8") {
        "image/gif"
    } else if image.starts_with(b"RIFF") && image.get(8..12) == Some(b"WEBP") {
        "image/webp"
    } else {
        return svg_to_png(image, size);
    };
    use base64::Engine as _;
    let wrapper = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><image width=\"1\" height=\"1\" \
         preserveAspectRatio=\"xMidYMid meet\" href=\"data:{mime};base64,{}\"/></svg>",
        base64::engine::general_purpose::STANDARD.encode(image)
    );
    let pixmap = render(wrapper.as_bytes(), size)?;
    if pixmap.data().chunks(4).all(|p| p[3] == 0) {
        return Err(Error::Usage(format!("artwork: the {mime} image cannot be decoded").into()));
    }
    encode(&pixmap)
}

/// [`image_to_png`], remembered for the life of the process by the artwork's hash, so a long-running
/// `hallmark serve` renders each design once rather than on every rebuild.
pub(crate) fn image_to_png_cached(image: &[u8], size: u32) -> Result<Vec<u8>> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Memo = Mutex<HashMap<([u8; 32], u32), Vec<u8>>>;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let key: ([u8; 32], u32) =
        (sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(image)).into(), size);
    let memo = MEMO.get_or_init(Default::default);
    if let Some(png) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(png.clone());
    }
    let png = image_to_png(image, size)?;
    memo.lock().unwrap_or_else(|e| e.into_inner()).insert(key, png.clone());
    Ok(png)
}

/// [`image_to_png_cached`], also kept between builds at `kept` (a file of the project's
/// `.hallmark/png/`, never committed, named by [`kept_png`]): every build makes a PNG of each
/// badge, and rendering and compressing them took 30 ms of one core in a build that added one row.
/// A file that is not a whole PNG (a build killed while writing it, which the rename below makes
/// unlikely) is drawn again. Without `kept` (a check, a preview in memory), nothing is read or
/// written.
pub(crate) fn image_to_png_kept(image: &[u8], size: u32, kept: Option<&std::path::Path>) -> Result<Vec<u8>> {
    let Some(path) = kept else { return image_to_png_cached(image, size) };
    if let Ok(png) = std::fs::read(path) {
        if is_whole_png(&png) {
            return Ok(png);
        }
    }
    let png = image_to_png_cached(image, size)?;
    keep_png(path, &png);
    Ok(png)
}

/// Where in `dir` the PNG of `image` at `size` is kept: named by a hash of the artwork, the size,
/// hallmark's version and the system fonts drawn with (their paths, lengths and times).
pub(crate) fn kept_png(dir: &std::path::Path, image: &[u8], size: u32) -> std::path::PathBuf {
    use sha2::Digest;
    let mut key = sha2::Sha256::new();
    key.update(concat!("hallmark ", env!("CARGO_PKG_VERSION"), "\n"));
    for font in &crate::render::fonts::set().system {
        let meta = std::fs::metadata(font).ok();
        let (len, modified) = meta.map_or((0, None), |m| (m.len(), m.modified().ok()));
        key.update(format!("{} {len} {modified:?}\n", font.display()));
    }
    key.update(format!("{size}\n"));
    key.update(image);
    dir.join(format!("{}.png", crate::ground::hash::hex(&key.finalize()[..16])))
}

/// Removes from `dir` every file but `used` (the PNGs this build drew or read): the directory
/// holds one build's PNGs, however many badges come and go.
pub(crate) fn forget_other_pngs(dir: &std::path::Path, used: &[std::path::PathBuf]) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if !used.contains(&entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether `bytes` begin as a PNG does and end with its last chunk (IEND, with its CRC).
fn is_whole_png(bytes: &[u8]) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    const IEND: &[u8] = b"\0\0\0\0IEND\xae\x42\x60\x82";
    bytes.len() > SIGNATURE.len() + IEND.len() && bytes.starts_with(SIGNATURE) && bytes.ends_with(IEND)
}

/// Writes `png` to `path` by a rename, so no reader sees it half written (its directory made
/// first); a cache, so a failure changes nothing but the next build's time.
fn keep_png(path: &std::path::Path, png: &[u8]) {
    if path.parent().is_some_and(|dir| std::fs::create_dir_all(dir).is_err()) {
        return;
    }
    let partial = path.with_extension(format!("png.{}.partial", std::process::id()));
    if std::fs::write(&partial, png).is_ok() && std::fs::rename(&partial, path).is_err() {
        let _ = std::fs::remove_file(&partial);
    }
}

/// Parsing options: hallmark's font set (see [`crate::render::fonts`]), `data:` images only,
/// nothing read from disk or network.
pub(crate) fn options() -> usvg::Options<'static> {
    crate::render::fonts::options()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_badges() -> Vec<(String, Vec<u8>)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/badges");
        let mut out: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        out.sort();
        assert!(out.len() >= 6, "the demo has its badges");
        out
    }

    /// The SVG without its `<text>` elements.
    fn without_text(svg: &str) -> String {
        let mut out = String::new();
        let mut rest = svg;
        while let Some(i) = rest.find("<text") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find("</text>").expect("closed") + i + "</text>".len();
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    fn pixels(png: &[u8]) -> tiny_skia::Pixmap {
        tiny_skia::Pixmap::decode_png(png).unwrap()
    }

    #[test]
    fn a_badge_png_is_kept_between_builds_and_drawn_again_when_its_file_is_not_whole() {
        let (_, svg) = demo_badges().remove(0);
        let drawn = image_to_png(&svg, 512).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let kept_dir = dir.path().join("png");
        let path = kept_png(&kept_dir, &svg, 512);
        assert_eq!(image_to_png_kept(&svg, 512, Some(&path)).unwrap(), drawn);
        let files: Vec<_> = std::fs::read_dir(&kept_dir).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files, std::slice::from_ref(&path), "one file, no partial one left");
        assert_eq!(std::fs::read(&path).unwrap(), drawn);
        // Read back, not drawn: a whole PNG put in its place is what comes out.
        let other = image_to_png(&demo_badges().remove(1).1, 512).unwrap();
        std::fs::write(&path, &other).unwrap();
        assert_eq!(image_to_png_kept(&svg, 512, Some(&path)).unwrap(), other);
        // Another size is another file.
        let small = kept_png(&kept_dir, &svg, 64);
        assert_ne!(small, path);
        assert_eq!(image_to_png_kept(&svg, 64, Some(&small)).unwrap(), image_to_png(&svg, 64).unwrap());
        assert_eq!(std::fs::read_dir(&kept_dir).unwrap().count(), 2);
        // Cut short (a build killed while writing), it is drawn again and written whole.
        std::fs::write(&path, &drawn[..drawn.len() - 5]).unwrap();
        assert_eq!(image_to_png_kept(&svg, 512, Some(&path)).unwrap(), drawn);
        assert_eq!(std::fs::read(&path).unwrap(), drawn);
        // What a build did not use goes.
        forget_other_pngs(&kept_dir, std::slice::from_ref(&path));
        let files: Vec<_> = std::fs::read_dir(&kept_dir).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files, [path]);
        // Without a path nothing is written.
        let none = dir.path().join("none");
        assert_eq!(image_to_png_kept(&svg, 512, None).unwrap(), drawn);
        assert!(!none.exists());
    }

    #[test]
    fn demo_badges_render_with_their_text_and_deterministically() {
        for (name, svg) in demo_badges() {
            let text = String::from_utf8(svg.clone()).unwrap();
            // They name DejaVu Sans, which hallmark no longer bundles: drawn in Noto Sans, as any
            // family outside the font set is.
            assert!(text.contains("font-family=\"DejaVu Sans, sans-serif"), "{name}");
            let png = svg_to_png(&svg, 512).unwrap();
            assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}");
            let img = pixels(&png);
            assert_eq!((img.width(), img.height()), (512, 512), "{name}");
            assert_eq!(png, svg_to_png(&svg, 512).unwrap(), "{name}: same bytes every time");

            let bare = pixels(&svg_to_png(without_text(&text).as_bytes(), 512).unwrap());
            let differing = img.data().chunks(4).zip(bare.data().chunks(4)).filter(|(a, b)| a != b).count();
            // Each badge has a line or two of capitals: thousands of pixels of glyphs.
            assert!(differing > 2_000, "{name}: only {differing} pixels of text were drawn");
        }
    }

    #[test]
    fn every_family_falls_back_to_noto_sans() {
        let svg = |family: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 50\"><text x=\"5\" y=\"35\" font-size=\"30\" \
                 font-family=\"{family}\">Hallmark</text></svg>"
            )
        };
        let noto = svg_to_png(svg("Noto Sans").as_bytes(), 200).unwrap();
        for family in ["DejaVu Sans", "Comic Sans MS", "serif", "monospace", "No Such Font, cursive"] {
            let png = svg_to_png(svg(family).as_bytes(), 200).unwrap();
            assert_eq!(png, noto, "{family} renders with Noto Sans");
        }
        let empty = svg_to_png(b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 50\"/>", 200).unwrap();
        assert_ne!(noto, empty);
    }

    #[test]
    fn embedded_raster_images_are_drawn_and_files_are_not_read() {
        use base64::Engine as _;
        // A 2×2 opaque red PNG, encoded here so the test needs no fixture.
        let mut red = tiny_skia::Pixmap::new(2, 2).unwrap();
        red.fill(tiny_skia::Color::from_rgba8(255, 0, 0, 255));
        let data = base64::engine::general_purpose::STANDARD.encode(red.encode_png().unwrap());
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">\
             <image width=\"10\" height=\"10\" xlink:href=\"data:image/png;base64,{data}\"/></svg>"
        );
        let img = pixels(&svg_to_png(svg.as_bytes(), 16).unwrap());
        assert_eq!(&img.data()[..4], &[255, 0, 0, 255], "the embedded PNG is drawn");

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("red.png");
        std::fs::write(&file, red.encode_png().unwrap()).unwrap();
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><image width=\"10\" height=\"10\" href=\"{}\"/></svg>",
            file.display()
        );
        let img = pixels(&svg_to_png(svg.as_bytes(), 16).unwrap());
        assert!(img.data().iter().all(|b| *b == 0), "a file path is not read");
    }

    #[test]
    fn raster_artwork_becomes_the_same_square_png() {
        let mut wide = tiny_skia::Pixmap::new(4, 2).unwrap();
        wide.fill(tiny_skia::Color::from_rgba8(0, 128, 0, 255));
        let png = image_to_png(&wide.encode_png().unwrap(), 64).unwrap();
        let img = pixels(&png);
        assert_eq!((img.width(), img.height()), (64, 64));
        let at = |x: usize, y: usize| &img.data()[(y * 64 + x) * 4..(y * 64 + x) * 4 + 4];
        assert_eq!(at(32, 4), &[0, 0, 0, 0], "transparent above the wide image");
        assert_eq!(at(32, 32), &[0, 128, 0, 255], "the image, centred");
        let svg =
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>";
        assert_eq!(image_to_png(svg, 32).unwrap(), svg_to_png(svg, 32).unwrap());
        assert!(image_to_png(b"\x89PNG\r\n\x1a\nbroken", 32).is_err(), "a broken PNG is an error, not a blank");
    }

    #[test]
    fn non_square_artwork_is_centred_and_bad_input_is_an_error() {
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\"><rect width=\"200\" height=\"100\" fill=\"#00f\"/></svg>";
        let img = pixels(&svg_to_png(svg, 100).unwrap());
        let at = |x: usize, y: usize| &img.data()[(y * 100 + x) * 4..(y * 100 + x) * 4 + 4];
        assert_eq!(at(50, 10), &[0, 0, 0, 0], "transparent above");
        assert_eq!(at(50, 50), &[0, 0, 255, 255], "drawn in the middle");
        assert!(svg_to_png(b"not an svg", 100).is_err());
        assert!(svg_to_png(svg, 0).is_err());
        assert!(svg_to_png(svg, MAX_SIZE + 1).is_err());
    }
}
