//! Producing the site's files from a plan: pure functions of the snapshot, the plan, the theme and the key.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::layout;
use super::output::Sink;
use super::plan::{Plan, Planned};
use crate::archive::ProofArchive;
use crate::content::Snapshot;
use crate::credential::{self, did, CredentialInput};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::proof::{Key, RdfcSuite, Signer};
use crate::render::views::*;
use crate::render::{markdown, Theme};
use crate::status::Bitstring;

/// Everything shared by all pages and credentials of one build, computed once.
pub struct Shared<'a> {
    snapshot: &'a Snapshot,
    theme: &'a Theme,
    key: &'a Key,
    rdfc: &'a RdfcSuite,
    archive: &'a ProofArchive,
    verification_method: String,
    issuer_profile: Map<String, Value>,
    achievements: BTreeMap<&'a str, Map<String, Value>>,
    criteria_html: BTreeMap<&'a str, String>,
    credential_counts: BTreeMap<&'a str, usize>,
    site: SiteView<'a>,
    issuer: IssuerView<'a>,
    assets: AssetsView,
}

impl<'a> Shared<'a> {
    /// Prepares what every output needs.
    pub fn new(
        snapshot: &'a Snapshot,
        plan: &Plan<'_>,
        theme: &'a Theme,
        key: &'a Key,
        rdfc: &'a RdfcSuite,
        archive: &'a ProofArchive,
    ) -> Shared<'a> {
        let cfg = &snapshot.settings.config;
        let base = &snapshot.settings.base_url;
        let issuer_profile = credential::issuer_profile(&cfg.issuer, base);
        let achievements = snapshot
            .badges
            .values()
            .map(|b| (b.slug.as_str(), credential::achievement(b, &issuer_profile, base)))
            .collect();
        let criteria_html =
            snapshot.badges.values().map(|b| (b.slug.as_str(), markdown::to_html(&b.criteria_markdown))).collect();
        let mut credential_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for item in &plan.items {
            if let Some((slug, _)) = snapshot.badges.get_key_value(&item.award.badge) {
                *credential_counts.entry(slug.as_str()).or_default() += 1;
            }
        }
        Shared {
            snapshot,
            theme,
            key,
            rdfc,
            archive,
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
            },
            issuer: IssuerView {
                name: &cfg.issuer.name,
                url: &cfg.issuer.url,
                email: cfg.issuer.email.as_deref(),
                description: cfg.issuer.description.as_deref(),
                image_url: cfg.issuer.image.as_ref().map(|i| base.path_of(i)),
                did: base.did_web(),
            },
            assets: AssetsView { css: base.path_of(layout::STYLESHEET) },
        }
    }

    fn signer(&self) -> Signer<'_> {
        Signer { key: self.key, rdfc: self.rdfc, verification_method: &self.verification_method }
    }

    fn common(&self) -> Common<'_> {
        Common { site: &self.site, issuer: &self.issuer, assets: &self.assets }
    }

    fn badge_view(&self, slug: &str) -> Option<BadgeView<'_>> {
        let (slug, badge) = self.snapshot.badges.get_key_value(slug)?;
        let base = &self.snapshot.settings.base_url;
        let programs = &self.snapshot.settings.config.programs;
        Some(BadgeView {
            slug,
            name: &badge.name,
            description: &badge.description,
            criteria_html: self.criteria_html.get(slug.as_str()).map(String::as_str).unwrap_or_default(),
            image_url: badge.image_ext().map(|e| base.path_of(&layout::badge_image(slug, e))),
            page_url: base.path_of(&layout::badge_page(slug)),
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
            credential_count: self.credential_counts.get(slug.as_str()).copied().unwrap_or(0),
        })
    }

    fn noindex(&self) -> bool {
        !self.snapshot.settings.config.site.allow_indexing
    }
}

/// Serialises a JSON document the way every hallmark file is written: pretty, with a final newline.
pub fn json_bytes(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("JSON values always serialise");
    bytes.push(b'\n');
    bytes
}

/// Every key the DID document lists: the current one first, then the retired ones.
pub fn did_keys(snapshot: &Snapshot, key: &Key) -> Vec<String> {
    let current = key.public_multibase();
    let mut keys = vec![current.clone()];
    for k in &snapshot.settings.config.signing.retired_keys {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys
}

/// The signed credential for one planned item: archived proofs while the document is unchanged
/// since its key was retired, a fresh proof by the current key otherwise.
pub fn signed_credential(shared: &Shared<'_>, item: &Planned<'_>) -> Result<Value> {
    let achievement = shared
        .achievements
        .get(item.award.badge.as_str())
        .ok_or_else(|| Error::Usage(format!("badge {} vanished during the build", item.award.badge)))?;
    let mut doc = credential::open_badge_credential(CredentialInput {
        award: item.award,
        entry: &item.entry,
        issued: item.entry.issued,
        achievement,
        issuer: &shared.issuer_profile,
        base: &shared.snapshot.settings.base_url,
    });
    if let Some(proofs) = shared.archive.proofs_for(&item.entry.id, &doc) {
        doc.insert("proof".into(), Value::Array(proofs));
        return Ok(Value::Object(doc));
    }
    shared.signer().sign(&mut doc, &item.entry.issued.start_of_day())?;
    Ok(Value::Object(doc))
}

/// Produces one credential's JSON and landing page.
fn produce_credential(shared: &Shared<'_>, item: &Planned<'_>, sink: &dyn Sink) -> Result<()> {
    let doc = signed_credential(shared, item)?;
    let base = &shared.snapshot.settings.base_url;
    let id = item.entry.id.as_str();
    let badge = shared
        .badge_view(&item.award.badge)
        .ok_or_else(|| Error::Usage(format!("badge {} vanished during the build", item.award.badge)))?;
    let page = CredentialPage {
        common: shared.common(),
        page: PageView {
            title: format!("{} — {}", item.award.name, badge.name),
            canonical_url: base.join(&layout::credential_page(id)),
        },
        noindex: shared.noindex(),
        badge: &badge,
        credential: CredentialView {
            id,
            page_url: base.path_of(&layout::credential_page(id)),
            page_url_abs: base.join(&layout::credential_page(id)),
            json_url: base.path_of(&layout::credential_json(id)),
            json_url_abs: base.join(&layout::credential_json(id)),
            recipient_name: &item.award.name,
            issued_on: item.entry.issued.human(),
            issued_iso: item.entry.issued.to_string(),
            expires_on: item.award.expires.map(Date::human),
            expires_iso: item.award.expires.map(|d| d.to_string()),
            evidence: &item.award.evidence,
            extra: &item.award.extra,
        },
    };
    let html = shared.theme.render("credential.html", &page)?;
    sink.put(&layout::credential_json(id), json_bytes(&doc))?;
    sink.put(&format!("{}index.html", layout::credential_page(id)), html.into_bytes())
}

/// Produces every credential, in parallel.
pub fn produce_credentials(shared: &Shared<'_>, plan: &Plan<'_>, sink: &dyn Sink) -> Result<()> {
    plan.items.par_iter().try_for_each(|item| produce_credential(shared, item, sink))
}

/// Produces the site-wide files: home, badges, issuer, DID document, status lists, assets.
pub fn produce_site(shared: &Shared<'_>, plan: &Plan<'_>, sink: &dyn Sink) -> Result<()> {
    let snapshot = shared.snapshot;
    let base = &snapshot.settings.base_url;
    let cfg = &snapshot.settings.config;

    // Home page: programs in config order (sorted by slug), then badges without a program.
    let programs = cfg
        .programs
        .iter()
        .map(|(slug, p)| ProgramView {
            slug,
            name: &p.name,
            description: p.description.as_deref(),
            badges: snapshot
                .badges
                .values()
                .filter(|b| b.program.as_deref() == Some(slug))
                .filter_map(|b| shared.badge_view(&b.slug))
                .collect(),
        })
        .collect();
    let other_badges =
        snapshot.badges.values().filter(|b| b.program.is_none()).filter_map(|b| shared.badge_view(&b.slug)).collect();
    let index = IndexPage {
        common: shared.common(),
        page: PageView { title: cfg.site.title.clone(), canonical_url: base.to_string() },
        noindex: false,
        programs,
        other_badges,
    };
    sink.put("index.html", shared.theme.render("index.html", &index)?.into_bytes())?;
    let not_found = BadgePageless {
        common: shared.common(),
        page: PageView { title: "Page not found".into(), canonical_url: base.to_string() },
        noindex: true,
    };
    sink.put("404.html", shared.theme.render("404.html", &not_found)?.into_bytes())?;

    for badge in snapshot.badges.values() {
        let view = shared.badge_view(&badge.slug).expect("badge is in the snapshot");
        let page = BadgePage {
            common: shared.common(),
            page: PageView { title: badge.name.clone(), canonical_url: base.join(&layout::badge_page(&badge.slug)) },
            noindex: false,
            badge: &view,
        };
        sink.put(
            &format!("{}index.html", layout::badge_page(&badge.slug)),
            shared.theme.render("badge.html", &page)?.into_bytes(),
        )?;
        let achievement = &shared.achievements[badge.slug.as_str()];
        sink.put(&layout::achievement_json(&badge.slug), json_bytes(&credential::achievement_document(achievement)))?;
        if let (Some(src), Some(ext)) = (&badge.image, badge.image_ext()) {
            let bytes = std::fs::read(src).map_err(|e| Error::io("read", src, e))?;
            sink.put(&layout::badge_image(&badge.slug, ext), bytes)?;
        }
    }

    sink.put(layout::ISSUER_JSON, json_bytes(&credential::issuer_document(&cfg.issuer, base)))?;
    let keys = did_keys(snapshot, shared.key);
    sink.put(base.did_document_rel(), json_bytes(&did::did_document(base, &keys)))?;

    for (list, doc) in status_lists(shared, plan)? {
        sink.put(&layout::status_list(list), json_bytes(&doc))?;
    }

    for (name, bytes) in &shared.theme.assets {
        sink.put(&format!("assets/{name}"), bytes.clone())?;
    }
    for rel in &snapshot.static_files {
        let src = snapshot.content_dir.join(rel);
        let bytes = std::fs::read(&src).map_err(|e| Error::io("read", &src, e))?;
        sink.put(&rel.to_string_lossy().replace('\\', "/"), bytes)?;
    }
    sink.put(".nojekyll", Vec::new())?;
    sink.put("robots.txt", b"User-agent: *\nAllow: /\n".to_vec())?;
    Ok(())
}

/// The home and 404 pages need no badge.
#[derive(serde::Serialize)]
struct BadgePageless<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: PageView,
    noindex: bool,
}

/// One signed status list credential per list that holds an index (always at least list 1).
fn status_lists(shared: &Shared<'_>, plan: &Plan<'_>) -> Result<Vec<(u64, Value)>> {
    let base = &shared.snapshot.settings.base_url;
    let mut lists: BTreeMap<u64, (Bitstring, Option<Date>)> = BTreeMap::new();
    lists.insert(1, (Bitstring::default(), None));
    for item in &plan.items {
        let (list, _bit) = layout::status_position(item.entry.index);
        let slot = lists.entry(list).or_insert_with(|| (Bitstring::default(), None));
        slot.1 = slot.1.max(Some(item.entry.issued));
    }
    lists
        .into_iter()
        .map(|(list, (bits, latest))| {
            // The list is as new as the latest change it records, so the same ledger gives the same bytes.
            let valid_from = latest.unwrap_or_else(|| Date::new(2020, 1, 1).expect("valid date"));
            let mut doc = credential::status_list_credential(base, list, &bits.encode(), valid_from);
            shared.signer().sign(&mut doc, &valid_from.start_of_day())?;
            Ok((list, Value::Object(doc)))
        })
        .collect()
}
