//! The one font set every renderer draws text with (badge PNGs, generated badge artwork, and any
//! SVG a later renderer measures or draws through [`options`]).
//!
//! - Bundled in the binary (`fonts/`, exact files from Debian's `fonts-noto-core`, OFL): Noto Sans
//!   (Latin, Greek, Cyrillic), Noto Sans Arabic, Noto Sans Hebrew and Noto Sans Devanagari, each
//!   regular and bold: about 2 MB.
//! - Chinese, Japanese and Korean from Noto Sans CJK (about 40 MB for regular and bold, too big to
//!   bundle), read from the well-known places distributions install it ([`CJK_FILES`]), e.g.
//!   Debian's `fonts-noto-cjk`.
//!
//! Nothing else is read: not fontconfig, not the machine's other fonts, so a PNG depends only on
//! the SVG, hallmark's version and (for CJK text) the installed Noto Sans CJK. Every family an SVG
//! names (a theme's brand fonts too) that is not in the set resolves to Noto Sans, and a character
//! Noto Sans lacks falls back through the set to the face of the nearest weight that has it.
//! What no font covers is found by [`coverage`], never drawn as tofu unnoticed. Renderers write
//! text through [`runs::markup`], which gives each script's run its own face (usvg's fallback
//! alone fails on mixed Arabic and Latin, see there).

pub(crate) mod coverage;
pub(crate) mod runs;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use resvg::usvg::{self, fontdb};

/// The family every other family resolves to.
pub(crate) const FAMILY: &str = "Noto Sans";

/// The bundled fonts: file name (in `fonts/`) and bytes, Noto Sans first (the order is the order
/// fallback tries them in).
pub(crate) const BUNDLED: &[(&str, &[u8])] = &[
    ("NotoSans-Regular.ttf", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSans-Regular.ttf"))),
    ("NotoSans-Bold.ttf", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSans-Bold.ttf"))),
    (
        "NotoSansArabic-Regular.ttf",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSansArabic-Regular.ttf")),
    ),
    ("NotoSansArabic-Bold.ttf", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSansArabic-Bold.ttf"))),
    (
        "NotoSansHebrew-Regular.ttf",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSansHebrew-Regular.ttf")),
    ),
    ("NotoSansHebrew-Bold.ttf", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSansHebrew-Bold.ttf"))),
    (
        "NotoSansDevanagari-Regular.ttf",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSansDevanagari-Regular.ttf")),
    ),
    (
        "NotoSansDevanagari-Bold.ttf",
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSansDevanagari-Bold.ttf")),
    ),
];

/// Noto Sans CJK, regular and bold, where distributions install it: the first file found of each
/// weight is loaded (Debian and Ubuntu `fonts-noto-cjk`, Fedora `google-noto-sans-cjk-fonts`,
/// Arch `noto-fonts-cjk`).
pub(crate) const CJK_FILES: &[&[&str]] = &[
    &[
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    ],
    &[
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    ],
];

/// How to get the fonts for Chinese, Japanese and Korean, for messages.
pub(crate) const CJK_FIX: &str = "install Noto Sans CJK (Debian and Ubuntu: `apt-get install fonts-noto-cjk`, \
     which puts NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc in /usr/share/fonts/opentype/noto/)";

/// The loaded font set.
pub(crate) struct FontSet {
    db: Arc<fontdb::Database>,
    /// The files read from the machine (Noto Sans CJK), in load order.
    pub system: Vec<PathBuf>,
}

impl FontSet {
    /// The bundled fonts and whichever of `system` (lists of alternatives, one list per font)
    /// exist.
    fn load(system: &[&[&str]]) -> FontSet {
        let mut db = fontdb::Database::new();
        for (_, bytes) in BUNDLED {
            db.load_font_source(fontdb::Source::Binary(Arc::new(*bytes)));
        }
        let mut loaded = Vec::new();
        for alternatives in system {
            // A file that exists but cannot be read counts as absent: coverage then reports the
            // characters it would have drawn.
            let found = alternatives.iter().map(Path::new).find_map(|p| Some((p, map(p)?)));
            if let Some((path, bytes)) = found {
                db.load_font_source(fontdb::Source::Binary(bytes));
                loaded.push(path.to_path_buf());
            }
        }
        for set in [
            fontdb::Database::set_serif_family,
            fontdb::Database::set_sans_serif_family,
            fontdb::Database::set_cursive_family,
            fontdb::Database::set_fantasy_family,
            fontdb::Database::set_monospace_family,
        ] {
            set(&mut db, FAMILY);
        }
        FontSet { db: Arc::new(db), system: loaded }
    }

    /// The font database.
    pub(crate) fn database(&self) -> &Arc<fontdb::Database> {
        &self.db
    }

    /// Whether a face of the set has a glyph for `c`.
    pub(crate) fn covers(&self, c: char) -> bool {
        self.db.faces().any(|f| has_char(&self.db, f.id, c))
    }

    /// Whether Noto Sans CJK was found.
    pub(crate) fn has_cjk(&self) -> bool {
        !self.system.is_empty()
    }
}

/// The process's font set, loaded on first use: about 25 ms in a release build, nearly all of it
/// reading Noto Sans CJK's 40 MB, once per process, never per image.
pub(crate) fn set() -> &'static FontSet {
    static SET: OnceLock<FontSet> = OnceLock::new();
    SET.get_or_init(|| FontSet::load(CJK_FILES))
}

/// usvg parsing options over the font set: `data:` images only, nothing read from disk or network.
pub(crate) fn options() -> usvg::Options<'static> {
    usvg::Options {
        resources_dir: None,
        font_family: FAMILY.to_string(),
        fontdb: set().database().clone(),
        font_resolver: usvg::FontResolver {
            select_font: usvg::FontResolver::default_font_selector(),
            select_fallback: Box::new(fallback),
        },
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            // A file path or URL would make the output depend on the machine (or leak its files).
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// The font file at `path` mapped into memory rather than read: a build looks at a few pages of
/// Noto Sans CJK's 40 MB (its tables, and the glyphs of the text it draws), and read whole they
/// were the largest fixed part of every build's peak memory (40 of the 284 MB at 100,000
/// credentials). `None` when it cannot be opened or mapped.
fn map(path: &Path) -> Option<Arc<memmap2::Mmap>> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the mapping is read-only, and font files in the system's font directories are not
    // written in place while a build runs (package managers replace a file with a new one, which
    // leaves this mapping on the old). fontdb maps system fonts the same way.
    let mapped = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    Some(Arc::new(mapped))
}

/// The face for `c` when the faces in `used` lack it: of the faces that have it, the one nearest
/// in style and weight to the text's own face (usvg's default takes the first face of any
/// weight, so bold Arabic came out regular), the earliest loaded on a tie.
fn fallback(c: char, used: &[fontdb::ID], db: &mut Arc<fontdb::Database>) -> Option<fontdb::ID> {
    let base = db.face(*used.first()?)?;
    let (style, weight) = (base.style, base.weight.0);
    db.faces()
        .filter(|f| !used.contains(&f.id) && has_char(db, f.id, c))
        .min_by_key(|f| (f.style != style, f.weight.0.abs_diff(weight)))
        .map(|f| f.id)
}

/// Whether face `id` maps `c` to a glyph.
fn has_char(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    use skrifa::MetadataProvider as _;
    db.with_face_data(id, |data, index| {
        skrifa::FontRef::from_index(data, index).ok().and_then(|f| f.charmap().map(c)).is_some_and(|g| g.to_u32() != 0)
    })
    .unwrap_or(false)
}

#[cfg(test)]
pub(crate) mod tests;
