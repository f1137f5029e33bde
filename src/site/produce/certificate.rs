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
/// `<text>`, its images as `data:` URLs.
pub(crate) type CertificateSvg = fn(&Shared<'_>, &Planned<'_>) -> Result<String>;

/// Whether each credential gets a certificate PDF, and what draws it.
#[derive(Clone, Copy)]
pub(crate) enum Certificates {
    /// No certificates (the default: a PDF is about 30 KB more per credential, BENCHMARKS.md).
    Off,
    /// `c/<id>/certificate.pdf` from the SVG this draws.
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "set from [certificates] pdf once the certificate renderer is in")
    )]
    Pdf(CertificateSvg),
}

impl Certificates {
    /// Whether credentials get a PDF.
    pub(crate) fn pdf(&self) -> bool {
        matches!(self, Certificates::Pdf(_))
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
    let Certificates::Pdf(draw) = shared.certificates else { return Ok(None) };
    let svg = draw(shared, item)?;
    let title = format!("Certificate: {badge_name} — {}", item.entry.name);
    let info = PdfInfo { title: &title, language: &shared.snapshot.settings.config.site.language };
    Ok(Some((layout::credential_pdf(&item.entry.id), svg_to_pdf(svg.as_bytes(), info)?)))
}

/// The landing page's download of credential `id`'s certificate, saved as `<stem>.pdf`.
pub(crate) fn download(shared: &Shared<'_>, id: &str, stem: &str) -> Option<DownloadView> {
    shared.certificates.pdf().then(|| DownloadView {
        url: shared.snapshot.settings.base_url.path_of(&layout::credential_pdf(id)),
        download: format!("{stem}.pdf"),
    })
}
