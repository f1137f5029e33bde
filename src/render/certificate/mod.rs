//! Printable certificates: one SVG per credential, sized in millimetres to its paper and
//! orientation, in one of three designs (classic, modern, minimal), in the page's language and
//! the credential's brand colours. The same SVG is printed from the landing page and is what a PDF
//! is made from, so its text stays `<text>` (selectable, searchable); names are fitted with the
//! bundled fonts ([`fit`]). What every certificate of a badge shares (the classic frame, the
//! seal, signature images) is referenced by URL from `assets/`, not repeated in each page.

mod draw;
pub(crate) mod fit;
pub(crate) mod layout;
mod parts;

pub(crate) use fit::{fit, Line, Weight};
pub(crate) use layout::Layout;
pub(crate) use parts::{frame_svg, seal_svg};

use crate::ground::colour::{contrast, Rgb};
use crate::model::brand::Brand;
use crate::model::certificate::Certificate;

/// The words a certificate prints, in the page's language (the `cert-` messages).
#[derive(Debug, Clone, Default)]
pub(crate) struct Labels {
    pub title: String,
    pub certifies: String,
    pub earned: String,
    pub issued: String,
    pub valid_until: String,
    pub credential_id: String,
    pub verify_at: String,
}

/// One signatory as printed: name and title fitted to its column, and the URL of its signature.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Signed {
    pub name: Line,
    pub title: Option<Line>,
    pub signature: Option<String>,
}

/// Everything one certificate shows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a> {
    pub settings: &'a Certificate,
    pub brand: &'a Brand,
    /// Whether the page's language is written right to left: the layout is mirrored.
    pub rtl: bool,
    pub labels: &'a Labels,
    pub recipient: &'a Line,
    pub achievement: &'a Line,
    pub issuer: &'a Line,
    pub issuer_logo: Option<&'a str>,
    pub signatories: &'a [Signed],
    /// The seal's URL, if the certificate has one.
    pub seal: Option<&'a str>,
    /// The classic design's frame, by URL.
    pub frame: Option<&'a str>,
    /// The dates, as the page's language writes them.
    pub issued: &'a str,
    pub expires: Option<&'a str>,
    /// The QR code of the landing page: its side in modules and its path ([`crate::render::qr::qr_svg_path`]).
    pub qr: Option<&'a (usize, String)>,
    /// The landing page's address, which the QR code holds.
    pub url: &'a str,
    pub id: &'a str,
    /// Which parts to draw: all, or a badge's shared sheet, or one credential's parts over it.
    pub part: Part<'a>,
}

/// What of a certificate one SVG draws. A landing page carries only its credential's own texts
/// (the recipient and the dates, [`Part::Texts`]); its page's script puts them into the badge's
/// shell ([`Part::Shell`], a shared file with the sheet's address, the QR code's place and the
/// credential's address and id with [`ID_MARK`] for the id), which is drawn over the badge's sheet
/// (everything else, a shared file too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part<'a> {
    /// The whole certificate (a PDF, a preview).
    Whole,
    /// Everything but the credential's own parts: the design, the issuer, the title, the words,
    /// the achievement, the signatories and the seal (the images inlined, as it is shown as an image).
    Sheet,
    /// The credential's own parts over the sheet at this URL, drawn first as an `<image>`: a page
    /// whose credential's id is not as long as the shell's mark.
    Own(&'a str),
    /// The sheet at this URL as an `<image>`, the QR code's place, the address and the id (whose
    /// id is [`ID_MARK`]), and `<g id="cert-own"/>` where a page's own texts go.
    Shell(&'a str),
    /// The recipient and the dates alone, in a bare `<svg>` (a landing page's).
    Texts,
}

/// What stands for the credential's id in a shell: one private-use character per character of
/// the id (a page's script puts its id in its place; no address or word holds the character).
pub(crate) const ID_MARK: char = '\u{E000}';

impl Part<'_> {
    /// Whether the badge's shared parts are drawn here, and whether the credential's own are.
    pub(crate) fn draws(self) -> (bool, bool) {
        match self {
            Part::Whole => (true, true),
            Part::Sheet => (true, false),
            Part::Own(_) | Part::Shell(_) | Part::Texts => (false, true),
        }
    }
}

/// The font sizes (millimetres, largest and smallest) each fitted name is tried at.
pub(crate) const RECIPIENT_SIZES: (f32, f32) = (14.0, 6.0);
pub(crate) const ACHIEVEMENT_SIZES: (f32, f32) = (9.0, 4.5);
pub(crate) const ISSUER_SIZES: (f32, f32) = (5.0, 3.0);
pub(crate) const SIGNATORY_SIZES: (f32, f32) = (3.8, 2.4);
pub(crate) const TITLE_SIZES: (f32, f32) = (3.0, 2.0);

/// The recipient's name fitted to `settings`' text column.
pub(crate) fn fit_recipient(name: &str, settings: &Certificate) -> Line {
    let (max, min) = RECIPIENT_SIZES;
    fit(name, max, min, Layout::of(settings).text_width(), Weight::Bold)
}

/// The achievement's name fitted to `settings`' text column.
pub(crate) fn fit_achievement(name: &str, settings: &Certificate) -> Line {
    let (max, min) = ACHIEVEMENT_SIZES;
    fit(name, max, min, Layout::of(settings).text_width(), Weight::Bold)
}

/// The issuer's name fitted to `settings`' text column.
pub(crate) fn fit_issuer(name: &str, settings: &Certificate) -> Line {
    let (max, min) = ISSUER_SIZES;
    fit(name, max, min, Layout::of(settings).text_width() * 0.7, Weight::Regular)
}

/// The signatories of `settings`, each fitted to its column; `signature` gives the URL of a
/// signature image file.
pub(crate) fn fit_signatories(
    settings: &Certificate,
    signature: &mut dyn FnMut(&str) -> Option<String>,
) -> Vec<Signed> {
    let n = settings.signatories.len();
    let width = Layout::of(settings).signatory_width(n) - 4.0;
    let ((nmax, nmin), (tmax, tmin)) = (SIGNATORY_SIZES, TITLE_SIZES);
    settings
        .signatories
        .iter()
        .map(|s| Signed {
            name: fit(&s.name, nmax, nmin, width, Weight::Bold),
            title: s.title.as_deref().map(|t| fit(t, tmax, tmin, width, Weight::Regular)),
            signature: s.signature.as_deref().and_then(&mut *signature),
        })
        .collect()
}

/// The certificate of `request` as an SVG element (no XML declaration), the same bytes every time.
pub(crate) fn svg(request: &Request<'_>) -> String {
    draw::certificate(request)
}

/// A colour that reads on white paper (4.5:1): `c` when it does, else the brand's text colour,
/// else black.
pub(crate) fn on_paper(c: Rgb, brand: &Brand) -> Rgb {
    [c, brand.text].into_iter().find(|c| contrast(*c, Rgb::WHITE) >= 4.5).unwrap_or(Rgb::BLACK)
}

#[cfg(test)]
mod tests;
