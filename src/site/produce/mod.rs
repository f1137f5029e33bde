//! Producing the site's files from a plan: pure functions of the snapshot, the plan, the theme,
//! the key and the build date.

mod artwork;
mod brands;
pub(crate) mod certificates;
mod credentials;
mod extras;
mod ob2;
mod pages;
mod pdf;
mod status;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub(crate) use credentials::SITE_ENTRY;
pub(crate) use credentials::{produce_credentials, signed_credential, unsigned_digest, Incremental};
pub(crate) use pages::produce_site;
pub(crate) use pdf::Pdfs;

use super::plan::{Change, Plan};
use crate::crypto::{Key, ProofProfile, RdfcSuite, Signer, SigningCosts};
use crate::document::{credential, did};
use crate::ground::date::Date;
use crate::ground::layout;
use crate::model::archive::ProofArchive;
use crate::model::content::Snapshot;
use crate::render::views::*;
use crate::render::{markdown, Theme};

/// The key a build signs with, and the proofs it makes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SignWith<'a> {
    pub key: &'a Key,
    pub profile: ProofProfile,
    /// How each achievement names its creator.
    pub creator: crate::model::creator::Creator,
}

/// Everything shared by all pages and credentials of one build, computed once.
pub(crate) struct Shared<'a> {
    snapshot: &'a Snapshot,
    theme: &'a Theme,
    key: &'a Key,
    profile: ProofProfile,
    rdfc: &'a RdfcSuite,
    archive: &'a ProofArchive,
    /// The build date: pages say "expired" once a credential's expiry has passed.
    today: Date,
    verification_method: String,
    issuer_profile: Map<String, Value>,
    achievements: BTreeMap<&'a str, Map<String, Value>>,
    /// By slug, and by `slug` + `\0` + language for a translation's own criteria.
    criteria_html: BTreeMap<String, String>,
    credential_counts: BTreeMap<&'a str, usize>,
    site: SiteView<'a>,
    issuer: IssuerView<'a>,
    assets: AssetsView,
    /// The brand of the site's own pages, of each badge's pages, and their style sheets.
    brands: brands::Brands,
    /// Each badge's printable certificate and the files they share.
    certificates: certificates::Certificates,
    /// Whether Open Badges 2.0 copies are published (`[outputs] open_badges_2`).
    ob2: bool,
    /// Whether each credential gets a certificate PDF, and what draws it.
    pub(crate) pdfs: pdf::Pdfs,
    /// The badges' artwork, for baking 2.0 images.
    artworks: ob2::Artworks,
    /// The badge of every credential a stacked credential names as a component, by id.
    component_badges: std::collections::HashMap<String, String>,
    /// Time spent in each cryptosuite, for the summary.
    pub costs: SigningCosts,
    /// The public log the DID document names.
    pub log: Option<did::LogService>,
    /// The languages pages are built in, the default first.
    languages: Vec<String>,
    /// With a public log: the digest of every credential this build produced, by id.
    pub digests: Option<std::sync::Mutex<std::collections::HashMap<String, crate::tlog::entry::Digest>>>,
    /// Where the badges' PNGs are kept between builds (`.hallmark/png/`): a build writing to
    /// disk has one, a check or a preview in memory none.
    pub kept_pngs: Option<std::path::PathBuf>,
    /// Each badge as its credentials' landing pages show it, by slug and then by language (in the
    /// order of `languages`).
    page_badges: std::collections::HashMap<&'a str, Vec<PageBadge<'a>>>,
    /// `site`, `issuer`, `assets` and `brand` as every page's template takes them.
    values: Values,
}

/// The views every page shares, each made into a template value once.
struct Values {
    site: tera::Value,
    issuer: tera::Value,
    assets: tera::Value,
    /// The site's own pages' brand, and each badge's pages', by slug.
    brand: tera::Value,
    brands: std::collections::HashMap<String, tera::Value>,
}

impl Values {
    fn empty() -> Values {
        let none = tera::Value::none;
        Values { site: none(), issuer: none(), assets: none(), brand: none(), brands: Default::default() }
    }
}

/// A badge as its credentials' landing pages show it in one language: its name, and its view
/// (without a credential count) made into a template value once, not for each page (making the
/// view and turning it into the template's values for every page was 2 % of a cold build).
pub(crate) struct PageBadge<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub value: tera::Value,
}

/// Each badge's criteria as HTML, by slug, and its translations' by `slug\0lang`.
fn criteria_html(snapshot: &Snapshot) -> BTreeMap<String, String> {
    let hosts = &snapshot.settings.config.site.image_hosts;
    snapshot
        .badges
        .values()
        .flat_map(|b| {
            let own = (b.slug.clone(), markdown::to_html(&b.criteria_markdown, hosts));
            let translated = b
                .translations
                .iter()
                .filter(|(_, t)| !t.criteria_markdown.is_empty())
                .map(|(l, t)| (format!("{}\0{l}", b.slug), markdown::to_html(&t.criteria_markdown, hosts)));
            std::iter::once(own).chain(translated)
        })
        .collect()
}

/// The badge of every credential that a stacked badge of the plan names as a component, by id.
fn component_badges(plan: &Plan<'_>) -> std::collections::HashMap<String, String> {
    let components: std::collections::HashSet<&str> = plan
        .items
        .iter()
        .filter_map(|i| i.entry.claims.as_deref())
        .flat_map(|c| c.components.iter().map(String::as_str))
        .collect();
    plan.items
        .iter()
        .filter(|i| components.contains(i.entry.id()))
        .map(|i| (i.entry.id().to_string(), i.entry.badge().to_string()))
        .collect()
}

impl<'a> Shared<'a> {
    /// The name of the badge of component credential `id`.
    pub(crate) fn component_name(&self, id: &str) -> String {
        let badge = self.component_badges.get(id).and_then(|slug| self.snapshot.badges.get(slug));
        badge.map_or_else(|| "A credential it was earned with".to_string(), |b| b.name.clone())
    }

    /// The URLs and names of the components a stacked credential lists.
    pub(crate) fn components_of(&self, entry: &crate::model::ledger::Entry) -> Vec<(String, String)> {
        let Some(claims) = entry.claims.as_deref() else { return Vec::new() };
        let base = &self.snapshot.settings.base_url;
        claims.components.iter().map(|id| (base.join(&layout::credential_json(id)), self.component_name(id))).collect()
    }

    /// Prepares what every output needs.
    pub(crate) fn new(
        snapshot: &'a Snapshot,
        plan: &Plan<'_>,
        theme: &'a Theme,
        sign_with: SignWith<'a>,
        rdfc: &'a RdfcSuite,
        archive: &'a ProofArchive,
        today: Date,
    ) -> Shared<'a> {
        let cfg = &snapshot.settings.config;
        let base = &snapshot.settings.base_url;
        let SignWith { key, profile, creator } = sign_with;
        let issuer_profile = credential::issuer_profile(&cfg.issuer, base);
        let achievements = snapshot
            .badges
            .values()
            .map(|b| (b.slug.as_str(), credential::achievement(b, &issuer_profile, base, creator)))
            .collect();
        let criteria_html = criteria_html(snapshot);
        let mut credential_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for item in plan.items.iter().filter(|i| i.change != Change::Superseded) {
            if let Some((slug, _)) = snapshot.badges.get_key_value(item.entry.badge()) {
                *credential_counts.entry(slug.as_str()).or_default() += 1;
            }
        }
        let certificates = certificates::Certificates::new(snapshot, &cfg.site.page_languages(), &theme.locales);
        // `[certificates] pdf = true` (anywhere): a PDF per credential whose badge's certificate says so.
        let pdfs = if certificates.any_pdf() { pdf::Pdfs::Pdf(pdf::certificate_svg) } else { pdf::Pdfs::Off };
        Shared {
            component_badges: component_badges(plan),
            snapshot,
            theme,
            key,
            profile,
            rdfc,
            archive,
            today,
            verification_method: did::verification_method_id(base, &key.public_multibase()),
            issuer_profile,
            achievements,
            criteria_html,
            credential_counts,
            site: SiteView {
                title: &cfg.site.title,
                description: cfg.site.description.as_deref(),
                language: &cfg.site.language,
                base_url: base.to_string(),
                base_path: base.path(),
                generator: concat!("hallmark ", env!("CARGO_PKG_VERSION")),
                verify_url: base.path_of(layout::VERIFY_PAGE),
                public_log: cfg.log.is_some(),
            },
            issuer: IssuerView {
                name: &cfg.issuer.name,
                url: &cfg.issuer.url,
                email: cfg.issuer.email.as_deref(),
                description: cfg.issuer.description.as_deref(),
                image_url: cfg.issuer.image.as_ref().map(|i| base.path_of(i)),
                did: base.did_web(),
            },
            assets: AssetsView { css: base.path_of(layout::STYLESHEET), js: base.path_of(layout::SCRIPT) },
            brands: brands::Brands::new(snapshot),
            certificates,
            ob2: cfg.outputs.open_badges_2,
            pdfs,
            artworks: ob2::Artworks::default(),
            costs: SigningCosts::default(),
            digests: None,
            log: None,
            languages: cfg.site.page_languages(),
            kept_pngs: None,
            page_badges: std::collections::HashMap::new(),
            // Made by `with_values`, from the views above.
            values: Values::empty(),
        }
        .with_values()
    }

    /// The views every page shares, and each badge's view on its credentials' landing pages, made
    /// into template values.
    fn with_values(mut self) -> Self {
        self.page_badges = self.page_badges();
        self.values = Values {
            site: tera::Value::from_serializable(&self.site),
            issuer: tera::Value::from_serializable(&self.issuer),
            assets: tera::Value::from_serializable(&self.assets),
            brand: tera::Value::from_serializable(&self.brands.site),
            brands: (self.snapshot.badges.keys())
                .map(|slug| (slug.clone(), tera::Value::from_serializable(self.brands.of_badge(slug))))
                .collect(),
        };
        self
    }

    /// Every badge of the site as its credentials' landing pages show it, in every language.
    fn page_badges(&self) -> std::collections::HashMap<&'a str, Vec<PageBadge<'a>>> {
        let snapshot: &'a Snapshot = self.snapshot;
        let in_language = |badge: &'a crate::model::content::Badge, lang: &str| {
            let mut view = self.badge_view(lang, &badge.slug)?;
            view.credential_count = None;
            let name = badge.translations.get(lang).map_or(badge.name.as_str(), |t| t.name.as_str());
            Some(PageBadge { slug: &badge.slug, name, value: tera::Value::from_serializable(&view) })
        };
        let of = |badge: &'a crate::model::content::Badge| {
            let langs: Option<Vec<PageBadge<'a>>> = self.languages.iter().map(|l| in_language(badge, l)).collect();
            Some((badge.slug.as_str(), langs?))
        };
        snapshot.badges.values().filter_map(of).collect()
    }

    /// Badge `slug` as its credentials' landing pages show it in language `lang`.
    fn page_badge(&self, lang: &str, slug: &str) -> Option<&PageBadge<'a>> {
        let at = self.languages.iter().position(|l| l == lang)?;
        self.page_badges.get(slug)?.get(at)
    }

    fn signer(&self) -> Signer<'_> {
        Signer {
            key: self.key,
            rdfc: self.rdfc,
            verification_method: &self.verification_method,
            profile: self.profile,
            costs: Some(&self.costs),
        }
    }

    /// What every page of the site's own (home, verify, 404) gets.
    fn common<'p>(&'p self, lang: &'p str, rel: &str) -> Common<'p> {
        let base = &self.snapshot.settings.base_url;
        let languages = &self.languages;
        let locales = &self.theme.locales;
        let alternates = if languages.len() < 2 {
            Vec::new()
        } else {
            languages
                .iter()
                .map(|l| Alternate {
                    lang: l.clone(),
                    name: locales.text(l, "language-name", &[]),
                    url: base.path_of(&self.localized(l, rel)),
                    url_abs: base.join(&self.localized(l, rel)),
                })
                .collect()
        };
        Common {
            site: &self.values.site,
            issuer: &self.values.issuer,
            assets: &self.values.assets,
            brand: &self.values.brand,
            lang,
            dir: crate::render::locale::direction(lang),
            lang_home: base.path_of(&self.localized(lang, "")),
            lang_verify: base.path_of(&self.localized(lang, layout::VERIFY_PAGE)),
            alternates,
        }
    }

    /// What every page of badge `slug` (its page, its credentials' pages) gets: its brand.
    fn common_for<'p>(&'p self, lang: &'p str, rel: &str, slug: &str) -> Common<'p> {
        Common { brand: self.values.brands.get(slug).unwrap_or(&self.values.brand), ..self.common(lang, rel) }
    }

    /// How a credential's page in language `lang` links its JSON, at root-relative `json_url`: by
    /// its name from the page in the default language, which is beside it; by that path from the
    /// others, under `<lang>/`.
    fn json_href(&self, lang: &str, json_url: &str) -> String {
        if lang == self.languages[0] {
            crate::ground::layout::JSON_FILE.to_string()
        } else {
            json_url.to_string()
        }
    }

    /// Page `html` at `rel` (in the default language; under `<lang>/` in language `lang`) with its
    /// links to the site written from the page when that is shorter
    /// ([`crate::render::compact::from_page`]).
    fn linked_from_page(&self, lang: &str, rel: &str, html: String) -> String {
        // A page in another language is one folder deeper, under `<lang>/` (see `localized`).
        let depth = rel.matches('/').count() + usize::from(lang != self.languages[0]);
        let up = "../".repeat(depth);
        crate::render::compact::from_page(html, self.snapshot.settings.base_url.path(), &up)
    }

    /// The site-relative path `rel` in language `lang`: as it is in the default language, under
    /// `<lang>/` in the others.
    fn localized(&self, lang: &str, rel: &str) -> String {
        if lang == self.languages[0] {
            rel.to_string()
        } else {
            format!("{lang}/{rel}")
        }
    }

    fn badge_view(&self, lang: &str, slug: &str) -> Option<BadgeView<'_>> {
        let text = self.snapshot.badges.get(slug).and_then(|b| b.translations.get(lang));
        let (slug, badge) = self.snapshot.badges.get_key_value(slug)?;
        let base = &self.snapshot.settings.base_url;
        let programs = &self.snapshot.settings.config.programs;
        let requires = badge
            .requires
            .iter()
            .flat_map(|r| r.badges.iter())
            .filter_map(|s| self.snapshot.badges.get(s))
            .map(|b| (b.name.clone(), base.path_of(&layout::badge_page(&b.slug))))
            .collect();
        Some(BadgeView {
            outcomes: crate::render::outcome_views::badge_outcomes(badge, requires),
            slug,
            name: text.map_or(&badge.name, |t| &t.name),
            description: text.and_then(|t| t.description.as_ref()).unwrap_or(&badge.description),
            criteria_html: self
                .criteria_html
                .get(&format!("{slug}\0{lang}"))
                .or_else(|| self.criteria_html.get(slug.as_str()))
                .map(String::as_str)
                .unwrap_or_default(),
            image_url: badge.image_ext().map(|e| base.path_of(&layout::badge_image(slug, e))),
            page_url: base.path_of(&self.localized(lang, &layout::badge_page(slug))),
            json_url: base.path_of(&layout::achievement_json(slug)),
            achievement_type: badge.achievement_type.as_deref(),
            skills: &badge.skills,
            alignments: badge
                .alignments
                .iter()
                .map(|a| AlignmentView {
                    name: &a.name,
                    url: &a.url,
                    description: a.description.as_deref(),
                    framework: a.framework.as_deref(),
                    code: a.code.as_deref(),
                })
                .collect(),
            program: badge
                .program
                .as_ref()
                .and_then(|p| programs.get_key_value(p).map(|(slug, prog)| ProgramRef { slug, name: &prog.name })),
            credential_count: Some(self.credential_counts.get(slug.as_str()).copied().unwrap_or(0)),
            image_png_url: badge.image_ext().map(|_| base.path_of(&layout::badge_png(slug))),
            image_svg_url: badge
                .image_ext()
                .filter(|e| *e == "svg")
                .map(|_| base.path_of(&layout::badge_image(slug, "svg"))),
        })
    }

    fn noindex(&self) -> bool {
        !self.snapshot.settings.config.site.allow_indexing
    }
}

/// The site's own files ([`produce_site`]) and every credential ([`produce_credentials`]) side by
/// side: the site's pages, lists and status lists took one core alone while the other waited (15
/// ms of a one-row build at 100,000). The site's files and their lengths; of two errors, the
/// site's.
pub(crate) fn produce_everything(
    shared: &Shared<'_>,
    plan: &crate::site::plan::Plan<'_>,
    sink: &dyn crate::site::output::Sink,
    inc: Option<&Incremental>,
    progress: &crate::site::ProgressFn,
) -> crate::ground::error::Result<Vec<(String, u64)>> {
    let (site, credentials) =
        rayon::join(|| produce_site(shared, plan, sink), || produce_credentials(shared, plan, sink, inc, progress));
    let site = site?;
    credentials?;
    Ok(site)
}

/// Serialises a JSON document the way the site's shared files are written: pretty, with a final newline.
pub(crate) fn json_bytes(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("JSON values always serialise");
    bytes.push(b'\n');
    bytes
}

/// Serialises a per-credential document (its `credential.json`, its OB 2.0 assertion): compact, with
/// a final newline. A site holds one per credential, so the pretty form's indentation (about a
/// fifth of the bytes) would be a fifth more of the host's quota; the proofs are over the canonical
/// form, which does not depend on whitespace.
pub(crate) fn credential_json_bytes(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).expect("JSON values always serialise");
    bytes.push(b'\n');
    bytes
}

/// Every key the DID document lists: the current one first, then the retired ones.
pub(crate) fn did_keys(snapshot: &Snapshot, key: &Key) -> Vec<String> {
    let current = key.public_multibase();
    let mut keys = vec![current];
    for k in &snapshot.settings.config.signing.retired_keys {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys
}
