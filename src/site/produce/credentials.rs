//! Per credential: the signed JSON, the landing page, the expiry calendar file and the certificate.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::Value;

use super::{credential_json_bytes, Shared};
use crate::document::credential::{self, CredentialInput};
use crate::ground::error::{Error, Result};
use crate::ground::layout;
use crate::render::links;

mod keys;
use crate::render::outcome_views::outcomes;
use crate::render::views::*;
use crate::site::cache::{self, BuildCache, Cached, FileList, FilePath, RecordKey, JSON_FILE};
use crate::site::output::Sink;
use crate::site::plan::{Plan, Planned, Standing};

/// The signed credential for one planned item: archived proofs while the document is unchanged
/// since its key was retired, a fresh proof set by the current key otherwise.
pub(crate) fn signed_credential(shared: &Shared<'_>, item: &Planned<'_>) -> Result<Value> {
    signed_or_archived(shared, item).map(|(doc, _)| doc)
}

/// The log's digest of a planned credential: its document without a proof, unsigned.
pub(crate) fn unsigned_digest(shared: &Shared<'_>, item: &Planned<'_>) -> Result<crate::tlog::entry::Digest> {
    Ok(crate::tlog::entry::Digest::of_credential(&unsigned_document(shared, item)?))
}

/// A planned credential's document, before any proof.
fn unsigned_document(shared: &Shared<'_>, item: &Planned<'_>) -> Result<serde_json::Map<String, Value>> {
    let achievement = shared.achievements.get(item.entry.badge()).ok_or_else(|| {
        Error::Usage(format!("credential {} names the unknown badge {}", item.entry.id(), item.entry.badge()).into())
    })?;
    let components = shared.components_of(&item.entry);
    Ok(credential::open_badge_credential(CredentialInput {
        entry: &item.entry,
        achievement,
        issuer: &shared.issuer_profile,
        base: &shared.snapshot.settings.base_url,
        components: &components,
    }))
}

/// [`signed_credential`], and whether this call signed it (false: its archived proofs were reused).
fn signed_or_archived(shared: &Shared<'_>, item: &Planned<'_>) -> Result<(Value, bool)> {
    let mut doc = unsigned_document(shared, item)?;
    if let Some(proofs) = shared.archive.proofs_for(item.entry.id(), &doc, shared.profile) {
        doc.insert("proof".into(), Value::Array(proofs));
        return Ok((Value::Object(doc), false));
    }
    crate::ground::fault::point("sign")
        .map_err(|e| Error::Proof(format!("signing {}: {e}", item.entry.id()).into()))?;
    shared.signer().sign(&mut doc, &item.entry.issued.start_of_day())?;
    Ok((Value::Object(doc), true))
}

/// A file-name-safe form of a name: lowercase letters and digits (any script), runs of anything else as one hyphen.
fn slugify(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            o.push(c)
        } else if !o.ends_with('-') {
            o.push('-')
        }
    }
    o.trim_matches('-').to_string()
}

/// `<badge>-<recipient>`, cut to 64 characters (never inside a character) without a trailing `-`.
fn download_stem(badge: &str, name: &str) -> String {
    let full = format!("{badge}-{}", slugify(name));
    let cut: String = full.chars().take(64).collect();
    cut.trim_end_matches('-').to_string()
}

fn status_view(shared: &Shared<'_>, lang: &str, standing: &Standing) -> StatusView {
    let (state, date, reason) = match standing {
        Standing::Active => ("active", None, None),
        Standing::Revoked { date, reason } => ("revoked", *date, reason.clone()),
        Standing::Suspended { date, reason } => ("suspended", Some(*date), reason.clone()),
    };
    let words = date.map(|d| shared.theme.locales.date(lang, d));
    StatusView { state, date: words, date_iso: date.map(|d| d.to_string()), reason: reason.map(String::from) }
}

/// The landing page in each of the site's languages and, if the credential expires, its calendar file.
fn page_files(shared: &Shared<'_>, item: &Planned<'_>) -> Result<Vec<(String, Vec<u8>)>> {
    let base = &shared.snapshot.settings.base_url;
    let e = &item.entry;
    let id = e.id();
    let mut files = Vec::with_capacity(shared.languages.len() + 1);
    let page_abs = base.join(&layout::credential_page(id));
    let json_abs = base.join(&layout::credential_json(id));
    // The certificate of a credential in force, its recipient's name fitted once for every language.
    // Its QR code is the page's, which the page's script draws (`qr.js`).
    let certificate = shared.certificates.of_badge(e.badge()).filter(|_| item.in_force(shared.today));
    let codes = Addresses {
        page_abs: &page_abs,
        json_abs: &json_abs,
        page_qr: crate::render::qr::qr_bits(&page_abs),
        wallet_qr: crate::render::qr::qr_bits(&json_abs),
        certificate: certificate.map(|c| (c, crate::render::certificate::fit_recipient(e.name(), &c.settings), None)),
    };
    for lang in &shared.languages {
        let html = landing_page(shared, item, lang, &codes)?;
        files.push((format!("{}index.html", shared.localized(lang, &layout::credential_page(id))), html.into_bytes()));
    }
    let badge_name = shared.snapshot.badges.get(e.badge()).map_or(e.badge(), |b| b.name.as_str());
    let share = links::Shared {
        badge: badge_name,
        issuer: shared.issuer.name,
        issued: e.issued,
        expires: e.expires,
        page: &page_abs,
        json: &json_abs,
        id,
    };
    if shared.snapshot.settings.config.reports.share_pages {
        files.extend(super::extras::share_pages_of(
            shared,
            id,
            super::extras::recipient_language(shared, item),
            &share,
        ));
    }
    if shared.ob2 {
        files.extend(super::ob2::credential_files(shared, item)?);
    }
    if let Some(expires) = e.expires {
        let lang = super::extras::recipient_language(shared, item);
        files.push((layout::credential_ics(id), super::extras::expiry_ics(shared, e, lang, expires)));
    }
    files.extend(super::pdf::pdf_file(shared, item, badge_name)?);
    Ok(files)
}

/// What a credential's landing page is the same in every language: its own address and its
/// credential's, their QR codes and its certificate, made once per credential.
struct Addresses<'a> {
    page_abs: &'a str,
    json_abs: &'a str,
    /// The QR codes' modules, for the page's script to draw ([`crate::render::qr::qr_bits`]).
    page_qr: String,
    wallet_qr: String,
    /// The badge's certificate and the recipient's name fitted to it, for a credential in force.
    certificate: Option<super::certificates::Printable<'a>>,
}

/// The landing page of `item` in language `lang`.
fn landing_page(shared: &Shared<'_>, item: &Planned<'_>, lang: &str, codes: &Addresses<'_>) -> Result<String> {
    static NO_EXTRA: crate::model::content::roster::Extra = crate::model::content::roster::Extra::EMPTY;
    let base = &shared.snapshot.settings.base_url;
    let locales = &shared.theme.locales;
    let e = &item.entry;
    let id = e.id();
    let badge = shared
        .page_badge(lang, e.badge())
        .ok_or_else(|| Error::Usage(format!("credential {id} names the unknown badge {}", e.badge()).into()))?;
    let link = |other: Option<&str>| {
        other.map(|o| LinkView {
            id: o.to_string(),
            page_url: base.path_of(&shared.localized(lang, &layout::credential_page(o))),
        })
    };
    let (rel, page_abs, json_abs) = (layout::credential_page(id), codes.page_abs, codes.json_abs);
    let share = links::Shared {
        badge: badge.name,
        issuer: shared.issuer.name,
        issued: e.issued,
        expires: e.expires,
        page: page_abs,
        json: json_abs,
        id,
    };
    let share_pages = shared.snapshot.settings.config.reports.share_pages;
    let certificate =
        super::certificates::of_page(shared, item, lang, codes.certificate.as_ref(), (codes.page_abs, true));
    let (stem, json_url) = (download_stem(badge.slug, e.name()), base.path_of(&layout::credential_json(id)));
    let page = CredentialPage {
        common: shared.common_for(lang, &rel, e.badge()),
        page: PageView {
            title: format!("{} — {}", e.name(), badge.name),
            canonical_url: base.join(&shared.localized(lang, &rel)),
        },
        noindex: shared.noindex(),
        badge: &badge.value,
        credential: CredentialView {
            outcomes: outcomes_view(shared, item),
            id,
            certificate: certificate.svg,
            certificate_page: certificate.page,
            certificate_size: certificate.size,
            certificate_shell: certificate.shell,
            page_url: base.path_of(&rel),
            page_url_abs: page_abs.to_string(),
            json_href: shared.json_href(lang, &json_url),
            json_url,
            json_url_abs: json_abs.to_string(),
            recipient_name: e.name(),
            issued_on: locales.date(lang, e.issued),
            issued_iso: e.issued.to_string(),
            expires_on: e.expires.map(|d| locales.date(lang, d)),
            expires_iso: e.expires.map(|d| d.to_string()),
            evidence: e.evidence().collect(),
            extra: item.row.map(|r| &r.extra).unwrap_or(&NO_EXTRA),
            status: status_view(shared, lang, item.standing()),
            expired: item.is_expired(shared.today),
            replaced_by: link(item.current()),
            replaces: link(item.replaces()),
            ics_url: e.expires.map(|_| base.path_of(&layout::credential_ics(id))),
            page_qr_bits: &codes.page_qr,
            wallet_qr_bits: &codes.wallet_qr,
            ob2: shared.ob2.then(|| super::ob2::view(shared, item, &stem)),
            certificate_pdf: super::pdf::download(shared, item, &stem),
            linkedin_add_url: if share_pages {
                base.path_of(&layout::share_page(id, "linkedin"))
            } else {
                links::linkedin_add_url(&share)
            },
            linkedin_share_url: links::linkedin_share_url(&share),
            linkedin_by_script: !share_pages,
            badge_png_download: format!("{stem}.png"),
            badge_svg_download: format!("{stem}.svg"),
            json_download: format!("{stem}.json"),
        },
    };
    Ok(shared.linked_from_page(lang, &rel, shared.theme.render_in(lang, "credential.html", &page)?))
}

/// What a credential says was achieved, for its page: from its ledger record and badge, as signed.
fn outcomes_view(shared: &Shared<'_>, item: &Planned<'_>) -> crate::render::outcome_views::OutcomesView {
    let e = &item.entry;
    let base = &shared.snapshot.settings.base_url;
    let components = e
        .claims
        .iter()
        .flat_map(|c| c.components.iter())
        .map(|id| (shared.component_name(id), base.path_of(&layout::credential_page(id))))
        .collect();
    let badge = shared.snapshot.badges.get(e.badge());
    badge.map_or_else(Default::default, |b| outcomes(b, e.claims.as_deref(), components))
}

/// The cache record of the site-wide files (home, badges, status lists, assets).
pub(crate) const SITE_ENTRY: &str = "~site";

/// What an incremental build knows from the last one, and what this one records for the next.
pub(crate) struct Incremental {
    /// The previous build's records, each taken out as its credential is produced.
    cache: BuildCache,
    doc_global: String,
    page_global: String,
    badge_keys: crate::ground::hash::FastMap<String, String>,
    fresh: Mutex<cache::Records>,
    /// The files of replaced records that their replacements no longer have.
    replaced_stale: Mutex<Vec<String>>,
    signed: AtomicUsize,
    rendered: AtomicUsize,
}

impl Incremental {
    /// Hashes what every credential shares, once; `credentials` is how many the plan holds, so the
    /// records for the next build are not grown by doubling (at a million credentials, the old and
    /// the doubled list were 96 MB together while it grew).
    pub(crate) fn new(cache: BuildCache, shared: &Shared<'_>, credentials: usize) -> Incremental {
        let issuer = serde_json::to_string(&shared.issuer_profile).unwrap_or_default();
        let base = shared.snapshot.settings.base_url.to_string();
        let profile = shared.profile.to_string();
        let doc_global = cache::key(&[&base, &shared.key.public_multibase(), &profile, &issuer]);
        let config = format!("{:?}{}", shared.snapshot.settings.config, shared.pdfs.key());
        let page_global = cache::key(&[&doc_global, &config, &shared.theme.fingerprint, env!("CARGO_PKG_VERSION")]);
        let badge_keys = shared
            .achievements
            .iter()
            .map(|(slug, a)| (slug.to_string(), cache::key(&[&serde_json::to_string(a).unwrap_or_default()])))
            .collect();
        Incremental {
            cache,
            doc_global,
            page_global,
            badge_keys,
            fresh: Mutex::new(Vec::with_capacity(credentials + 1)),
            replaced_stale: Mutex::new(Vec::new()),
            signed: AtomicUsize::new(0),
            rendered: AtomicUsize::new(0),
        }
    }

    /// How many credentials this build signed, and how many landing pages it rendered.
    pub(crate) fn work_done(&self) -> (usize, usize) {
        (self.signed.load(Ordering::Relaxed), self.rendered.load(Ordering::Relaxed))
    }

    /// The records for the next build.
    ///
    /// With `site_files` (the site-wide files this build produced), also the files the previous
    /// build produced that this one may no longer have: every file of a credential that was not kept
    /// as it was. `None` when there was no previous build to compare with.
    pub(crate) fn finish(self, site_files: Vec<(String, u64)>) -> (cache::Records, Option<Vec<String>>) {
        let Incremental { cache, fresh, replaced_stale, .. } = self;
        let mut fresh = fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        fresh.push(Arc::new(Cached {
            id: SITE_ENTRY.into(),
            doc_key: "-".into(),
            page_key: "-".into(),
            files: site_files.into_iter().map(|(rel, len)| (FilePath::of(&rel, SITE_ENTRY), len)).collect(),
            stamp: cache::Stamp::default(),
        }));
        let fresh = cache::sorted_by_id(fresh);
        let stale = (!cache.is_empty()).then(|| {
            // The records no credential of this build took out (a replaced record gave its stale
            // files then). Both lists are sorted by id: walked side by side (a map of the new
            // records took 52 MB at a million credentials).
            let mut stale = replaced_stale.into_inner().unwrap_or_else(|e| e.into_inner());
            let mut at = 0;
            for old in cache.entries() {
                let id = &*old.id;
                while at < fresh.len() && &*fresh[at].id < id {
                    at += 1;
                }
                let new = fresh.get(at).filter(|c| &*c.id == id).map(|c| &**c);
                stale.extend(stale_files(&old, new.map(|n| &n.files)));
            }
            stale
        });
        // Freeing 100,000 records takes a while: not on the way to the summary.
        let _ = std::thread::Builder::new().name("drop-cache".into()).spawn(move || drop(cache));
        (fresh, stale)
    }

    /// The previous build's record of `id`.
    pub(crate) fn previous(&self, id: &str) -> Option<Arc<Cached>> {
        self.cache.get(id)
    }

    /// Takes the previous build's record of `id` out of the cache.
    fn take(&self, id: &str) -> Option<Arc<Cached>> {
        self.cache.take(id)
    }

    fn record(&self, cached: Arc<Cached>) {
        self.fresh.lock().unwrap_or_else(|e| e.into_inner()).push(cached);
    }

    /// Notes the files of `old` that its credential's new `files` lack, for removal.
    fn retire(&self, old: &Cached, files: &FileList) {
        let stale: Vec<String> = stale_files(old, Some(files)).collect();
        if !stale.is_empty() {
            self.replaced_stale.lock().unwrap_or_else(|e| e.into_inner()).extend(stale);
        }
    }

    /// Records credential `id`'s new `keys` and `files`: in `old`'s place when no one else holds
    /// it (no new allocation, and nothing held twice), or as a new record.
    fn replace(&self, old: Option<Arc<Cached>>, id: &str, keys: (RecordKey, RecordKey), files: FileList) {
        let ((doc_key, page_key), stamp) = (keys, cache::Stamp::default());
        if let Some(mut old) = old {
            // The same files (a template change) leave none behind.
            if !old.files.same_names(&files) {
                self.retire(&old, &files);
            }
            if let Some(r) = Arc::get_mut(&mut old) {
                r.files.set_lengths(files);
                (r.doc_key, r.page_key, r.stamp) = (doc_key, page_key, stamp);
                self.record(old);
                return;
            }
        }
        self.record(Arc::new(Cached { id: id.into(), doc_key, page_key, files, stamp }));
    }
}

/// The files of `old` that `new`, its credential's files in this build (if it has any), does not
/// have.
fn stale_files<'a>(old: &'a Cached, new: Option<&'a FileList>) -> impl Iterator<Item = String> + 'a {
    let same = new.is_some_and(|n| *n == old.files);
    old.files
        .iter()
        .filter(move |(f, _)| !same && !new.is_some_and(|n| n.iter().any(|(g, _)| g == *f)))
        .map(|(f, _)| f.full(&old.id).into_owned())
}

/// Produces one credential: nothing when its inputs are unchanged, only the page when only the
/// page's inputs changed, everything otherwise.
fn produce_credential(
    shared: &Shared<'_>,
    item: &Planned<'_>,
    sink: &dyn Sink,
    inc: Option<&Incremental>,
) -> Result<()> {
    let id = item.entry.id();
    let page_key = inc.map(|inc| inc.page_key(shared, item));
    // Taken out of the previous build's cache: kept, changed in place, or replaced, here.
    let cached = inc.and_then(|inc| inc.take(id));
    if let (Some(inc), Some(page_key), Some(c)) = (inc, &page_key, &cached) {
        if c.page_key == *page_key {
            // Unchanged inputs: keep the files if they are still there. A directory whose
            // modification time is as recorded vouches for all of them at once.
            let stamp = c.stamp.get();
            let kept = stamp.is_some() && sink.credential_stamp(id) == stamp && sink.keep_stamped(id, &c.files)?;
            if kept || sink.keep_all(id, &c.files)? {
                if !kept {
                    // Checked file by file: a stamp it had no longer vouches.
                    c.stamp.set(None);
                }
                inc.record(Arc::clone(c));
                return Ok(());
            }
        }
    }
    // Not kept whole: what follows writes at least the page (no path is made before this point).
    let keys = inc.zip(page_key).map(|(inc, page_key)| (inc.doc_key(shared, item), page_key));
    let json_rel = layout::credential_json(id);
    if let (Some(inc), Some((doc_key, page_key)), Some(c)) = (inc, &keys, &cached) {
        let json_len = c.files.iter().find(|(f, _)| f.own_name() == Some(JSON_FILE)).map(|(_, l)| l);
        if let Some(len) = json_len.filter(|_| c.doc_key == *doc_key) {
            if sink.keep_own(&json_rel, len)? {
                inc.rendered.fetch_add(1, Ordering::Relaxed);
                let files = put_pages(sink, (id, Some(c)), len, page_files(shared, item)?)?;
                inc.replace(cached, id, (*doc_key, *page_key), files);
                return Ok(());
            }
        }
    }
    let (doc, signed) = signed_or_archived(shared, item)?;
    if let (Some(digests), Value::Object(map)) = (&shared.digests, &doc) {
        let d = crate::tlog::entry::Digest::of_credential(map);
        digests.lock().unwrap_or_else(|e| e.into_inner()).insert(id.to_string(), d);
    }
    let json = credential_json_bytes(&doc);
    let json_len = json.len() as u64;
    let old = cached.as_deref();
    sink.put_own_after(&json_rel, json, old.and_then(|c| c.files.length_of(&FilePath::Own(JSON_FILE))))?;
    let files = put_pages(sink, (id, old), json_len, page_files(shared, item)?)?;
    if let (Some(inc), Some((doc_key, page_key))) = (inc, keys) {
        inc.signed.fetch_add(usize::from(signed), Ordering::Relaxed);
        inc.rendered.fetch_add(1, Ordering::Relaxed);
        inc.replace(cached, id, (doc_key, page_key), files);
    }
    Ok(())
}

/// Puts credential `id`'s `pages` (its JSON, `json_len` bytes, is put already): the list of its
/// files for its cache record, exactly as long as it is (grown from the JSON's entry, a list of two
/// had room for four: 64 bytes more in every record, 64 MB at a million credentials).
///
/// `old` is the previous build's record: each page is put with the length it gives (see
/// [`Sink::put_own_after`]).
fn put_pages(
    sink: &dyn Sink,
    (id, old): (&str, Option<&Cached>),
    json_len: u64,
    pages: Vec<(String, Vec<u8>)>,
) -> Result<FileList> {
    let mut files = Vec::with_capacity(1 + pages.len());
    files.push((FilePath::Own(JSON_FILE), json_len));
    for (rel, bytes) in pages {
        let file = FilePath::of(&rel, id);
        let len = bytes.len() as u64;
        match file {
            FilePath::Own(_) | FilePath::OwnNamed(_) => {
                sink.put_own_after(&rel, bytes, old.and_then(|c| c.files.length_of(&file)))?
            }
            FilePath::Site(_) => sink.put(&rel, bytes)?,
        }
        files.push((file, len));
    }
    Ok(FileList::new(files))
}

/// Produces every credential, in parallel; with `inc`, only what changed since the last build.
pub(crate) fn produce_credentials(
    shared: &Shared<'_>,
    plan: &Plan<'_>,
    sink: &dyn Sink,
    inc: Option<&Incremental>,
    progress: &crate::site::ProgressFn,
) -> Result<()> {
    let total = plan.items.len();
    let done = AtomicUsize::new(0);
    progress.report(crate::site::Progress::Credentials { done: 0, total });
    plan.items.par_iter().try_for_each(|item| {
        produce_credential(shared, item, sink, inc)?;
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(128) || n == total {
            progress.report(crate::site::Progress::Credentials { done: n, total });
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests;
