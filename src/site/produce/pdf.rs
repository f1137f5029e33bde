//! A credential's printable certificate as PDF (`c/<id>/certificate.pdf`, `[certificates] pdf`):
//! the certificate drawn as SVG, rendered by [`crate::render::pdf`]. It is one of the credential's
//! page files, so the incremental build keeps it with them while the credential's page key is
//! unchanged, and renders it again with them otherwise.

use super::Shared;
use crate::ground::error::Result;
use crate::ground::layout;
use crate::render::pdf::{svg_to_pdf, PdfInfo};
use crate::render::views::DownloadView;
use crate::site::plan::Planned;

/// Draws a credential's certificate as an SVG document, sized in mm (A4 or Letter), its text as
/// `<text>`, its images as `data:` URLs; `None` for a credential without a certificate PDF.
pub(crate) type CertificateSvg = fn(&Shared<'_>, &Planned<'_>) -> Result<Option<String>>;

/// Whether each credential gets a certificate PDF, and what draws it.
#[derive(Clone, Copy)]
pub(crate) enum Pdfs {
    /// No certificates (the default: a PDF is about 30 KB more per credential, BENCHMARKS.md).
    Off,
    /// `c/<id>/certificate.pdf` from the SVG this draws.
    Pdf(CertificateSvg),
}

impl Pdfs {
    /// Whether credentials get a PDF.
    pub(crate) fn pdf(&self) -> bool {
        matches!(self, Pdfs::Pdf(_))
    }

    /// What the pages' cache key adds: nothing when off (keys as before PDFs existed), so turning
    /// PDFs on or off renders every page again, and a build without them drops the old ones.
    pub(crate) fn key(&self) -> &'static str {
        if self.pdf() {
            " certificate.pdf"
        } else {
            ""
        }
    }
}

/// The certificate PDF of `item`, when certificates are on.
pub(crate) fn pdf_file(shared: &Shared<'_>, item: &Planned<'_>, badge_name: &str) -> Result<Option<(String, Vec<u8>)>> {
    let Pdfs::Pdf(draw) = shared.pdfs else { return Ok(None) };
    let Some(svg) = draw(shared, item)? else { return Ok(None) };
    let lang = super::extras::recipient_language(shared, item);
    let heading = shared.theme.locales.text(lang, "cert-title", &[]);
    let title = format!("{heading}: {badge_name} — {}", item.entry.name());
    let info = PdfInfo { title: &title, language: lang };
    Ok(Some((layout::credential_pdf(item.entry.id()), svg_to_pdf(svg.as_bytes(), info)?)))
}

/// The landing page's download of `item`'s certificate PDF, saved as `<stem>.pdf`: when it has
/// one (PDFs on for its badge, the credential in force).
pub(crate) fn download(shared: &Shared<'_>, item: &Planned<'_>, stem: &str) -> Option<DownloadView> {
    let e = &item.entry;
    let has = shared.pdfs.pdf()
        && shared.certificates.of_badge(e.badge()).is_some_and(|c| c.settings.pdf)
        && item.in_force(shared.today);
    has.then(|| DownloadView {
        url: shared.snapshot.settings.base_url.path_of(&layout::credential_pdf(e.id())),
        download: format!("{stem}.pdf"),
    })
}

/// The certificate of `item` as its PDF draws it: the landing page's certificate, in the
/// recipient's language, its images inlined; `None` when its badge's certificates have no PDF
/// (`[certificates] pdf`) or the credential is not in force (revoked, suspended, replaced or
/// expired credentials have no certificate, printed or PDF).
pub(crate) fn certificate_svg(shared: &Shared<'_>, item: &Planned<'_>) -> Result<Option<String>> {
    let e = &item.entry;
    let Some(cert) = shared.certificates.of_badge(e.badge()).filter(|c| c.settings.pdf) else { return Ok(None) };
    if !item.in_force(shared.today) {
        return Ok(None);
    }
    let lang = super::extras::recipient_language(shared, item);
    let page = shared.snapshot.settings.base_url.join(&layout::credential_page(e.id()));
    let recipient = crate::render::certificate::fit_recipient(e.name(), &cert.settings);
    let qr = crate::render::qr::qr_svg_path(&page);
    let printable = (cert, recipient, qr);
    let svg = super::certificates::of_page(shared, item, lang, Some(&printable), (&page, false));
    Ok(svg.svg.map(|s| shared.certificates.inlined(&s)))
}
