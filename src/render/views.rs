//! The template context: borrowed, documented views, so templates never see internals.
//! The README's "Themes" section documents these fields; keep the two in step.

use serde::Serialize;

/// `site`: the site as a whole.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// Absolute, ends with `/`.
    pub base_url: String,
    /// Root-relative, e.g. `/credentials/`.
    pub base_path: &'a str,
    pub generator: &'static str,
    /// Root-relative URL of the page that checks any credential file or baked badge.
    pub verify_url: String,
    /// Whether the site keeps a public issuance log (`[log]`): its landing pages then give a line to
    /// the log's check (`<p class="verification-log">`, which `verify.js` fills in).
    pub public_log: bool,
}

/// `issuer`: the institution.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IssuerView<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub email: Option<&'a str>,
    pub description: Option<&'a str>,
    /// Root-relative.
    pub image_url: Option<String>,
    pub did: String,
}

/// `page`: the page being rendered.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView {
    pub title: String,
    pub canonical_url: String,
}

/// `assets`: the theme's files.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AssetsView {
    pub css: String,
    pub js: String,
}

/// `brand`: what the page's brand adds to the default theme (each absent when the brand leaves it
/// as the theme has it).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct BrandView {
    /// Root-relative URL of the brand's style sheet, linked after `assets.css`.
    pub css_url: Option<String>,
    /// Root-relative URL of the favicon.
    pub favicon_url: Option<String>,
    /// Root-relative URL of the header's logo (else the header shows `issuer.image_url`).
    pub logo_url: Option<String>,
}

/// `program`, as listed on the home page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProgramView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub badges: Vec<BadgeView<'a>>,
}

/// A program as referenced from a badge.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProgramRef<'a> {
    pub slug: &'a str,
    pub name: &'a str,
}

/// An alignment of a badge.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AlignmentView<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub description: Option<&'a str>,
    pub framework: Option<&'a str>,
    pub code: Option<&'a str>,
}

/// `badge`: an achievement.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BadgeView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    /// The criteria as HTML (raw HTML in the Markdown is escaped): render with `| safe`.
    pub criteria_html: &'a str,
    /// Root-relative.
    pub image_url: Option<String>,
    pub page_url: String,
    pub json_url: String,
    pub achievement_type: Option<&'a str>,
    pub skills: &'a [String],
    pub alignments: Vec<AlignmentView<'a>>,
    pub program: Option<ProgramRef<'a>>,
    /// How many credentials of this badge are published (absent on credential pages, so adding
    /// one recipient does not change every other recipient's page).
    pub credential_count: Option<usize>,
    pub image_png_url: Option<String>,
    pub image_svg_url: Option<String>,
    /// The results it records, its achievement fields, its requirements (a stacked badge).
    pub outcomes: super::outcome_views::BadgeOutcomesView,
}

/// `credential`: one issued credential.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CredentialView<'a> {
    pub id: &'a str,
    /// The printable certificate, an SVG element, the CSS page it prints on (`cert-a4-landscape`)
    /// and that page's size (`A4 landscape`); none for a credential that is not in force. With
    /// `certificate_shell`, the SVG holds only the credential's own texts (the recipient and the
    /// dates), which the page's script puts into the shell at that URL (`themes/default/src/verify.js`)
    /// with the credential's id; the shell names its CSS page itself.
    pub certificate: Option<String>,
    pub certificate_page: Option<String>,
    pub certificate_size: Option<String>,
    pub certificate_shell: Option<String>,
    pub page_url: String,
    pub page_url_abs: String,
    pub json_url: String,
    /// The credential's JSON as the page links it: relative to the page (`credential.json`) on the
    /// page in the site's first language, which is in the JSON's directory; `json_url` on the others.
    pub json_href: String,
    pub json_url_abs: String,
    pub recipient_name: &'a str,
    pub issued_on: String,
    pub issued_iso: String,
    pub expires_on: Option<String>,
    pub expires_iso: Option<String>,
    pub evidence: Vec<&'a str>,
    /// Roster columns hallmark does not use itself, by header (empty for credentials kept from the ledger).
    pub extra: &'a crate::model::content::roster::Extra,
    /// Revoked or suspended, as known when the site was built.
    pub status: StatusView,
    /// Whether `expires` had passed when the site was built (the page's script re-checks live).
    pub expired: bool,
    /// The credential in force that replaced this one by a correction (the end of the chain).
    pub replaced_by: Option<LinkView>,
    /// The credential this one corrected.
    pub replaces: Option<LinkView>,
    /// Root-relative URL of the expiry date's `.ics` calendar file, when the credential expires.
    pub ics_url: Option<String>,
    /// The landing page's URL as a QR code, for phones and the printed certificate: its modules,
    /// one bit each, in base64 ([`crate::render::qr::qr_bits`]), which the page's script draws
    /// into `<svg id="page-qr" data-qr="…">` (and the certificate's `data-qr-of="page-qr"`).
    pub page_qr_bits: &'a str,
    /// The credential's JSON URL as a QR code for wallets to scan, as `page_qr_bits`.
    pub wallet_qr_bits: &'a str,
    /// Its Open Badges 2.0 copies, when the site publishes them.
    pub ob2: Option<Ob2View>,
    /// Its certificate as a PDF file, when the site publishes them (`[certificates] pdf`).
    pub certificate_pdf: Option<DownloadView>,
    pub linkedin_add_url: String,
    /// Whether the page's script fills in the LinkedIn links from the credential's JSON (the
    /// default theme's, when there are no share pages to count them).
    pub linkedin_by_script: bool,
    pub linkedin_share_url: String,
    /// File names for the downloads: badge slug and recipient, at most 64 characters before the
    /// extension (a file system allows 255 bytes, and a name in another script takes several a character).
    pub badge_png_download: String,
    pub badge_svg_download: String,
    pub json_download: String,
    /// Results, evidence, subject fields and components, as signed.
    pub outcomes: super::outcome_views::OutcomesView,
}

/// `credential.ob2`: a credential's Open Badges 2.0 copies (root-relative URLs).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Ob2View {
    /// The hosted assertion.
    pub assertion_url: String,
    /// The badge image with the assertion baked in (SVG or PNG, as the artwork), when there is artwork.
    pub badge_url: Option<String>,
    /// A file name for its download.
    pub badge_download: Option<String>,
}

/// A file to download: its root-relative URL and the file name to save it as.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DownloadView {
    pub url: String,
    pub download: String,
}

/// `credential.status`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StatusView {
    /// `active`, `revoked` or `suspended`.
    pub state: &'static str,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    /// Shown only when the site or the entry makes it public.
    pub reason: Option<String>,
}

/// A link to another credential.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkView {
    pub id: String,
    /// Root-relative.
    pub page_url: String,
}

/// What every page gets. The site ([`SiteView`]), the issuer ([`IssuerView`]), the assets
/// ([`AssetsView`]) and the brand ([`BrandView`]) are the same on many pages: each is made into a
/// template value once, and a page takes it as it is.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Common<'a> {
    pub site: &'a tera::Value,
    pub issuer: &'a tera::Value,
    pub assets: &'a tera::Value,
    pub brand: &'a tera::Value,
    /// The page's language (a BCP 47 tag); `t(key=…)` shows messages in it.
    pub lang: &'a str,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Root-relative URL of the home page in the page's language.
    pub lang_home: String,
    /// Root-relative URL of the verify page in the page's language.
    pub lang_verify: String,
    /// The page in each of the site's languages (empty when the site has one).
    pub alternates: Vec<Alternate>,
}

/// The same page in one of the site's languages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Alternate {
    pub lang: String,
    /// The language's name in itself (`Français`).
    pub name: String,
    /// Root-relative.
    pub url: String,
    pub url_abs: String,
}

/// The home page.
#[derive(Debug, Serialize)]
pub(crate) struct IndexPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub page: PageView,
    pub noindex: bool,
    pub programs: Vec<ProgramView<'a>>,
    pub other_badges: Vec<BadgeView<'a>>,
}

/// A badge page.
#[derive(Debug, Serialize)]
pub(crate) struct BadgePage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub page: PageView,
    pub noindex: bool,
    pub badge: &'a BadgeView<'a>,
}

/// A credential's landing page.
#[derive(Debug, Serialize)]
pub(crate) struct CredentialPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub page: PageView,
    pub noindex: bool,
    /// The badge's view ([`BadgeView`], without its credential count), made into a template
    /// value once for all its credentials' pages.
    pub badge: &'a tera::Value,
    pub credential: CredentialView<'a>,
}
