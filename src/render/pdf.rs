//! SVG → PDF, for printable certificates: one page the size of the SVG (`297mm` × `210mm` is A4
//! landscape, 841.89 × 595.28 pt), its text kept as text (selectable, searchable) in the PNG
//! renderer's fonts, subset and embedded, and the same bytes for the same SVG on every run and
//! machine: no creation date, no random id, a fixed producer.
//!
//! krilla writes the PDF and krilla-svg draws the SVG on its page. krilla-svg is built on usvg
//! 0.47 while the PNG renderer uses 0.49 (Cargo.toml says why), so the SVG is parsed here with
//! 0.47, from the very font bytes, family fallbacks and `data:`-only image policy of
//! [`artwork::options`]: a change of the bundled fonts reaches the PDFs too.

use std::sync::{Arc, OnceLock};

use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};
use usvg_pdf as usvg;

use crate::ground::error::{Error, Result};
use crate::render::artwork;

/// The producer every PDF names: the program, never its version, so an upgrade that changes
/// nothing in the drawing changes no file.
pub const PRODUCER: &str = "hallmark";

/// CSS pixels (usvg's unit) per PDF point.
const PX_PER_PT: f32 = 96.0 / 72.0;

/// What the PDF says about itself, in its document information and XMP metadata.
#[derive(Debug, Clone, Copy)]
pub struct PdfInfo<'a> {
    /// The title viewers show, e.g. "Certificate: Safe Lifting — Ana Lima".
    pub title: &'a str,
    /// The language of the text, a BCP 47 tag ("en", "pt-BR"), for screen readers.
    pub language: &'a str,
}

/// Renders `svg` as a one-page PDF of the SVG's size.
pub fn svg_to_pdf(svg: &[u8], info: PdfInfo<'_>) -> Result<Vec<u8>> {
    let tree = usvg::Tree::from_data(svg, options())
        .map_err(|e| Error::Usage(format!("certificate PDF: the SVG cannot be read: {e}").into()))?;
    let (w, h) = (tree.size().width() / PX_PER_PT, tree.size().height() / PX_PER_PT);
    let size = Size::from_wh(w, h)
        .ok_or_else(|| Error::Usage(format!("certificate PDF: the SVG has no area ({w} × {h} pt)").into()))?;
    let mut document = Document::new_with(settings());
    let mut page = document.start_page_with(PageSettings::new(size));
    let mut surface = page.surface();
    let drawn = surface.draw_svg(&tree, size, SvgSettings { embed_text: true, ..SvgSettings::default() });
    surface.finish();
    page.finish();
    drawn.ok_or_else(|| Error::Usage("certificate PDF: the SVG cannot be drawn".into()))?;
    document.set_metadata(
        Metadata::new()
            .title(info.title.to_string())
            .language(info.language.to_string())
            .producer(PRODUCER.to_string())
            .creator(PRODUCER.to_string()),
    );
    document.finish().map_err(|e| Error::Usage(format!("certificate PDF: it cannot be written: {e:?}").into()))
}

/// Compressed, with XMP metadata beside the document information; no tagging (the page is one
/// drawing, its text in reading order as the SVG lists it).
fn settings() -> SerializeSettings {
    SerializeSettings {
        compress_content_streams: true,
        xmp_metadata: true,
        enable_tagging: false,
        ..SerializeSettings::default()
    }
}

/// usvg 0.47's parsing options with [`artwork::options`]' fonts and policies, made once: the
/// fonts' bytes are shared, not copied, and parsed once per process.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let png = artwork::options();
        usvg::Options {
            resources_dir: None,
            font_family: png.font_family.clone(),
            fontdb: Arc::new(font_database(&png.fontdb)),
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                // As for PNGs: a file path or URL would make the output depend on the machine.
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        }
    })
}

/// The faces of the PNG renderer's font database, in the PDF renderer's version of fontdb, with
/// the same generic families.
fn font_database(png: &resvg::usvg::fontdb::Database) -> usvg::fontdb::Database {
    use resvg::usvg::fontdb::{Family, Source};
    let mut db = usvg::fontdb::Database::new();
    let mut loaded: Vec<*const u8> = Vec::new();
    for face in png.faces() {
        match &face.source {
            Source::Binary(bytes) => {
                // A collection's faces share one source: load it once.
                let at = (**bytes).as_ref().as_ptr();
                if !loaded.contains(&at) {
                    loaded.push(at);
                    db.load_font_source(usvg::fontdb::Source::Binary(Arc::clone(bytes)));
                }
            }
            // A file source, if the bundled fonts ever come from files (the `fs` feature).
            #[allow(unreachable_patterns)]
            _ => {
                png.with_face_data(face.id, |data, _| db.load_font_data(data.to_vec()));
            }
        }
    }
    db.set_serif_family(png.family_name(&Family::Serif));
    db.set_sans_serif_family(png.family_name(&Family::SansSerif));
    db.set_cursive_family(png.family_name(&Family::Cursive));
    db.set_fantasy_family(png.family_name(&Family::Fantasy));
    db.set_monospace_family(png.family_name(&Family::Monospace));
    db
}

#[cfg(test)]
mod tests;
