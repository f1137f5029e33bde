//! Each badge's printable certificate: its settings (site, program, badge), its brand, the names
//! every one of its certificates shares fitted once, and its sheet in each language (everything its
//! certificates share, the frame, seal, logo and signature images inlined), published under
//! `assets/cert/` and drawn under each landing page's own parts of the certificate.

use std::collections::BTreeMap;

use crate::ground::hash;
use crate::model::brand::Brand;
use crate::model::certificate::{Certificate, Design};
use crate::model::content::Snapshot;
use crate::render::certificate::{self as cert, Labels, Line, Part, Request, Signed};
use crate::render::locale::Locales;
use crate::site::plan::Planned;

use super::Shared;

/// What every certificate of one badge shares.
#[derive(Debug)]
pub(crate) struct BadgeCertificate {
    pub settings: Certificate,
    brand: Brand,
    issuer: Line,
    logo: Option<String>,
    signatories: Vec<Signed>,
    seal: Option<String>,
    frame: Option<String>,
    /// The achievement's name fitted, by language (the badge's translation when it has one).
    achievement: BTreeMap<String, Line>,
    /// The URL of the badge's sheet (everything its certificates share), by language: what its
    /// landing pages draw their credential's own parts over.
    sheets: BTreeMap<String, String>,
    /// The URL of the badge's shell, by language: the sheet, the QR code's place, the address
    /// and the id of a credential, which a landing page's script fills in around its own texts.
    shells: BTreeMap<String, String>,
}

/// How many characters a credential's id has (`ledger::new_id`): the pages of credentials whose id
/// is as long use the badge's shell; any other (an id from elsewhere) carries its whole own part.
const SHELL_ID_CHARS: usize = 20;

/// The certificates of one build.
#[derive(Debug, Default)]
pub(crate) struct Certificates {
    by_badge: BTreeMap<String, BadgeCertificate>,
    /// The shared files (the sheets), by their path in the site.
    pub files: BTreeMap<String, Vec<u8>>,
    /// What each badge's pages depend on, for the incremental build's keys.
    keys: BTreeMap<String, String>,
    /// The words of the certificates, by language.
    labels: BTreeMap<String, Labels>,
    /// The images certificates show (frame, seal, signatures, logo), as `data:` URLs by a URL in
    /// the site named by a hash of their bytes: what a sheet and a PDF are drawn with (a sheet is
    /// shown as an image and the PDF renderer reads no files, so neither loads them by URL, and
    /// they are not published on their own).
    data_urls: BTreeMap<String, String>,
}

impl Certificates {
    /// Resolves every badge's certificate in `languages`; a badge whose design is `none` has none.
    pub(crate) fn new(snapshot: &Snapshot, languages: &[String], locales: &Locales) -> Certificates {
        let labels = languages.iter().map(|l| (l.clone(), labels(locales, l))).collect();
        let mut all = Certificates { labels, ..Certificates::default() };
        for badge in snapshot.badges.values() {
            let settings = settings_of(snapshot, badge);
            if settings.design == Design::Off {
                continue;
            }
            let brand = super::artwork::badge_brand(snapshot, badge);
            let mut one = all.badge(snapshot, badge, settings, brand, languages);
            (one.sheets, one.shells) = all.sheets(snapshot, &one);
            let key = hash::short_key(&[&format!("{one:?}")]);
            all.keys.insert(badge.slug.clone(), key);
            all.by_badge.insert(badge.slug.clone(), one);
        }
        all
    }

    /// Badge `badge`'s certificate with `settings` and `brand`, the images it shows kept here.
    fn badge(
        &mut self,
        snapshot: &Snapshot,
        badge: &crate::model::content::Badge,
        settings: Certificate,
        brand: Brand,
        languages: &[String],
    ) -> BadgeCertificate {
        let cfg = &snapshot.settings.config;
        let base = &snapshot.settings.base_url;
        let mut keep = |name: &str, ext: &str, bytes: Vec<u8>| {
            let path = format!("assets/cert/{name}{}.{ext}", hash::sha256_hex(&bytes, 16));
            let url = base.path_of(&path);
            self.data_urls.insert(url.clone(), data_url(ext, &bytes));
            url
        };
        let mut file = |rel: &str| {
            let ext = std::path::Path::new(rel).extension()?.to_str()?.to_ascii_lowercase();
            // Checked to exist when the configuration was read.
            let bytes = std::fs::read(snapshot.content_dir.join(rel)).ok()?;
            Some(keep("", &ext, bytes))
        };
        let signatories = cert::fit_signatories(&settings, &mut file);
        let seal = match &settings.seal {
            Some(rel) => file(rel),
            None if settings.design == Design::Classic => {
                Some(keep("seal-", "svg", cert::seal_svg(&brand).into_bytes()))
            }
            None => None,
        };
        let (w, h) = settings.size_mm();
        let frame = (settings.design == Design::Classic)
            .then(|| keep("frame-", "svg", cert::frame_svg(&brand, w, h).into_bytes()));
        let achievement = languages
            .iter()
            .map(|lang| {
                let name = badge.translations.get(lang).map_or(&badge.name, |t| &t.name);
                (lang.clone(), cert::fit_achievement(name, &settings))
            })
            .collect();
        let logo = brand.logo.as_ref().or(cfg.issuer.image.as_ref()).map(|l| {
            let url = base.path_of(l);
            let ext = std::path::Path::new(l).extension().and_then(|e| e.to_str()).unwrap_or_default();
            if let Ok(bytes) = std::fs::read(snapshot.content_dir.join(l)) {
                self.data_urls.insert(url.clone(), data_url(&ext.to_ascii_lowercase(), &bytes));
            }
            url
        });
        BadgeCertificate {
            issuer: cert::fit_issuer(&cfg.issuer.name, &settings),
            settings,
            brand,
            logo,
            signatories,
            seal,
            frame,
            achievement,
            sheets: BTreeMap::new(),
            shells: BTreeMap::new(),
        }
    }

    /// Badge `one`'s sheet and shell in each language, published here: its shared parts, with
    /// the images they show inlined (a sheet is shown as an image, which loads nothing), and what
    /// its landing pages put their own texts into ([`Part::Shell`]).
    fn sheets(
        &mut self,
        snapshot: &Snapshot,
        one: &BadgeCertificate,
    ) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
        let (mut sheets, mut shells) = (BTreeMap::new(), BTreeMap::new());
        let blank = cert::fit_recipient("", &one.settings);
        let base = &snapshot.settings.base_url;
        let mark: String = std::iter::repeat_n(cert::ID_MARK, SHELL_ID_CHARS).collect();
        let url = base.join(&crate::ground::layout::credential_page(&mark));
        for (lang, labels) in &self.labels {
            let part = One {
                lang,
                labels,
                recipient: &blank,
                issued: "",
                expires: None,
                qr: None,
                url: &url,
                id: &mark,
                sheet: false,
            };
            let svg = self.inlined(&one.draw(&part, Part::Sheet));
            let path = format!("assets/cert/sheet-{}.svg", hash::sha256_hex(svg.as_bytes(), 16));
            let sheet = base.path_of(&path);
            self.files.insert(path, svg.into_bytes());
            let (name, size) = (one.settings.page_name(), one.settings.page_size());
            let shell = format!(
                "<style>@page {name}{{size:{size};margin:0}}.certificate{{page:{name}}}</style>{}",
                one.draw(&part, Part::Shell(&sheet))
            );
            // Named by its bytes' SHA-256, its first 64 bits: a site has a shell a badge and language,
            // and every landing page names its own (32 hexadecimal digits were 16 bytes a page more).
            let path = format!("assets/cert/shell-{}.html", hash::sha256_hex(shell.as_bytes(), 8));
            shells.insert(lang.clone(), base.path_of(&path));
            self.files.insert(path, shell.into_bytes());
            sheets.insert(lang.clone(), sheet);
        }
        (sheets, shells)
    }

    /// The certificate of badge `slug`'s credentials, if they have one.
    pub(crate) fn of_badge(&self, slug: &str) -> Option<&BadgeCertificate> {
        self.by_badge.get(slug)
    }

    /// The words of a certificate in `lang`.
    pub(crate) fn labels(&self, lang: &str) -> Option<&Labels> {
        self.labels.get(lang)
    }

    /// Whether any badge's certificate is also published as a PDF (`[certificates] pdf`).
    pub(crate) fn any_pdf(&self) -> bool {
        self.by_badge.values().any(|c| c.settings.pdf)
    }

    /// `svg` with the images it shows by URL inlined as `data:` URLs.
    pub(crate) fn inlined(&self, svg: &str) -> String {
        let mut out = svg.to_string();
        for (url, data) in &self.data_urls {
            out = out.replace(&format!("href=\"{url}\""), &format!("href=\"{data}\""));
        }
        out
    }

    /// What badge `slug`'s pages depend on of its certificate (its shared files' names included).
    pub(crate) fn key_of_badge(&self, slug: &str) -> &str {
        self.keys.get(slug).map_or("", String::as_str)
    }
}

/// Badge `badge`'s certificate settings: the site's `[certificates]`, its program's and its own
/// `[certificate]`, in that order.
pub(crate) fn settings_of(snapshot: &Snapshot, badge: &crate::model::content::Badge) -> Certificate {
    let cfg = &snapshot.settings.config;
    let program = badge.program.as_ref().and_then(|p| cfg.programs.get(p)).and_then(|p| p.certificates.as_ref());
    Certificate::resolve(&[cfg.certificates.as_ref(), program, badge.certificate.as_ref()])
}

/// `bytes` of an image file with extension `ext` as a `data:` URL.
fn data_url(ext: &str, bytes: &[u8]) -> String {
    use base64::Engine;
    let mime = match ext {
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        _ => "image/png",
    };
    format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The words of a certificate in `lang`, from the `cert-` messages.
fn labels(locales: &Locales, lang: &str) -> Labels {
    let t = |key: &str| locales.text(lang, key, &[]);
    Labels {
        title: t("cert-title"),
        certifies: t("cert-certifies"),
        earned: t("cert-earned"),
        issued: t("cert-issued"),
        valid_until: t("cert-valid-until"),
        credential_id: t("cert-credential-id"),
        verify_at: t("cert-verify-at"),
    }
}

/// One credential's certificate in one language.
pub(crate) struct One<'a> {
    pub lang: &'a str,
    pub labels: &'a Labels,
    pub recipient: &'a Line,
    pub issued: &'a str,
    pub expires: Option<&'a str>,
    pub qr: Option<&'a (usize, String)>,
    pub url: &'a str,
    pub id: &'a str,
    /// Whether to draw only the credential's own parts over the badge's sheet (a landing page),
    /// rather than the whole certificate (a PDF, a preview).
    pub sheet: bool,
}

impl BadgeCertificate {
    /// The certificate's SVG: over its sheet when `one` asks for that and the sheet exists.
    pub(crate) fn svg(&self, one: &One<'_>) -> String {
        match self.sheets.get(one.lang).filter(|_| one.sheet) {
            Some(url) => self.draw(one, Part::Own(url)),
            None => self.draw(one, Part::Whole),
        }
    }

    /// A landing page's own texts and the URL of the shell its script puts them into, when the
    /// badge has a shell in `one`'s language that fits its id; else its whole own part
    /// ([`Self::svg`]) and none. A landing page's address is the site's for its id (the shell's
    /// address is drawn so, with the id marked).
    pub(crate) fn page_svg(&self, one: &One<'_>) -> (String, Option<&str>) {
        let fits = one.sheet && one.id.chars().count() == SHELL_ID_CHARS;
        match self.shells.get(one.lang).filter(|_| fits) {
            Some(shell) => (self.draw(one, Part::Texts), Some(shell)),
            None => (self.svg(one), None),
        }
    }

    fn draw(&self, one: &One<'_>, part: Part<'_>) -> String {
        let fallback;
        let achievement = match self.achievement.get(one.lang).or_else(|| self.achievement.values().next()) {
            Some(a) => a,
            None => {
                fallback = cert::fit_achievement("", &self.settings);
                &fallback
            }
        };
        cert::svg(&Request {
            settings: &self.settings,
            brand: &self.brand,
            rtl: crate::render::locale::is_rtl(one.lang),
            labels: one.labels,
            recipient: one.recipient,
            achievement,
            issuer: &self.issuer,
            issuer_logo: self.logo.as_deref(),
            signatories: &self.signatories,
            seal: self.seal.as_deref(),
            frame: self.frame.as_deref(),
            issued: one.issued,
            expires: one.expires,
            qr: one.qr,
            url: one.url,
            id: one.id,
            part,
        })
    }
}

/// A badge's certificate, the recipient's name fitted to it, and the QR code's path.
pub(super) type Printable<'a> = (&'a BadgeCertificate, crate::render::certificate::Line, Option<(usize, String)>);

/// A certificate as a page or a PDF has it.
#[derive(Debug, Default)]
pub(super) struct OfPage {
    /// The SVG: whole (a PDF), a page's own parts over the badge's sheet, or a page's own texts.
    pub svg: Option<String>,
    /// The CSS page it prints on (`cert-a4-landscape`) and that page's size.
    pub page: Option<String>,
    pub size: Option<String>,
    /// The shell that a page's script puts its own texts into, when `svg` is only those.
    pub shell: Option<String>,
}

/// The certificate of `item` in `lang`; with `sheet`, a landing page's (its own texts for the
/// badge's shell, or its own parts over the badge's sheet), else whole (a PDF).
pub(super) fn of_page(
    shared: &Shared<'_>,
    item: &Planned<'_>,
    lang: &str,
    printable: Option<&Printable<'_>>,
    (url, sheet): (&str, bool),
) -> OfPage {
    let (Some((cert, recipient, qr)), Some(labels)) = (printable, shared.certificates.labels(lang)) else {
        return OfPage::default();
    };
    let locales = &shared.theme.locales;
    let e = &item.entry;
    debug_assert!(
        !sheet || url == shared.snapshot.settings.base_url.join(&crate::ground::layout::credential_page(e.id())),
        "a landing page's certificate names the page's own address"
    );
    let (svg, shell) = cert.page_svg(&One {
        lang,
        labels,
        recipient,
        issued: &locales.date(lang, e.issued),
        expires: e.expires.map(|d| locales.date(lang, d)).as_deref(),
        qr: qr.as_ref(),
        url,
        id: e.id(),
        sheet,
    });
    OfPage {
        svg: Some(svg),
        page: Some(cert.settings.page_name()),
        size: Some(cert.settings.page_size()),
        shell: shell.map(str::to_string),
    }
}

/// One sample certificate, for choosing a design and brand (`hallmark preview themes`).
pub(crate) struct Sample {
    /// Whose brand it wears: the site's, a program's or a badge's.
    pub brand: String,
    pub design: &'static str,
    /// The SVG, its images inlined.
    pub svg: String,
}

/// A sample credential's certificate in each design, in each brand the site's badges wear (the
/// first badge wearing it is the achievement), in the site's language, paper and signatories.
pub(crate) fn samples(snapshot: &Snapshot, locales: &Locales, today: crate::ground::date::Date) -> Vec<Sample> {
    let cfg = &snapshot.settings.config;
    let lang = cfg.site.language.clone();
    let mut all = Certificates::default();
    let labels = labels(locales, &lang);
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for badge in snapshot.badges.values() {
        let brand = super::artwork::badge_brand(snapshot, badge);
        if !seen.insert(format!("{brand:?}")) {
            continue;
        }
        let program = badge.program.as_ref().and_then(|p| cfg.programs.get(p));
        let whose = match (&badge.brand, program.filter(|p| p.brand.is_some())) {
            (Some(_), _) => format!("badge “{}”", badge.name),
            (None, Some(p)) => format!("program “{}”", p.name),
            (None, None) => "the site".to_string(),
        };
        for (design, name) in [(Design::Classic, "classic"), (Design::Modern, "modern"), (Design::Minimal, "minimal")] {
            let settings = Certificate { design, ..settings_of(snapshot, badge) };
            let recipient = cert::fit_recipient("Alex Example", &settings);
            let one = all.badge(snapshot, badge, settings, brand.clone(), std::slice::from_ref(&lang));
            let url = snapshot.settings.base_url.join("c/sample/");
            let qr = crate::render::qr::qr_svg_path(&url);
            let svg = one.svg(&One {
                lang: &lang,
                labels: &labels,
                recipient: &recipient,
                issued: &locales.date(&lang, today),
                expires: None,
                qr: qr.as_ref(),
                url: &url,
                id: "sample",
                sheet: false,
            });
            out.push(Sample { brand: whose.clone(), design: name, svg: all.inlined(&svg) });
        }
    }
    out
}
