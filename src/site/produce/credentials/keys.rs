//! The incremental build's keys: for each credential, a hash of everything its signed JSON
//! depends on and one of everything its page depends on (the JSON's parts included), built part
//! by part into one hash each.

use super::Incremental;
use crate::ground::hash::KeyHasher;
use crate::site::cache::RecordKey;
use crate::site::plan::{Planned, Standing};
use crate::site::produce::Shared;

impl Incremental {
    /// The hash of what a credential's signed JSON is made of: a credential whose key is as the
    /// cache recorded is not signed again.
    pub(super) fn doc_key(&self, shared: &Shared<'_>, item: &Planned<'_>) -> RecordKey {
        let mut k = KeyHasher::new();
        k.str(&self.doc_global);
        self.doc_parts(shared, item, &mut k);
        k.finish_inline()
    }

    /// The hash of what a credential's page is made of, its signed JSON's parts included: a
    /// credential whose key is as the cache recorded is neither rendered nor signed. Only when it
    /// differs is the JSON's own key made (one hash, not two, for each unchanged credential).
    pub(super) fn page_key(&self, shared: &Shared<'_>, item: &Planned<'_>) -> RecordKey {
        let mut k = KeyHasher::new();
        // The page's global key covers the JSON's.
        k.str(&self.page_global);
        self.doc_parts(shared, item, &mut k);
        self.page_parts(shared, item, &mut k);
        k.finish_inline()
    }

    /// What the signed document contains: a later `replaced_by` changes the page, not the JSON.
    fn doc_parts(&self, shared: &Shared<'_>, item: &Planned<'_>, k: &mut KeyHasher) {
        let badge = self.badge_keys.get(item.entry.badge()).map(String::as_str).unwrap_or_default();
        let e = &item.entry;
        k.str(badge).str(e.id()).num(e.index).str(e.badge()).num(e.issued.days() as u64);
        k.num(e.expires.map_or(0, |d| 1 + d.days() as u64)).str(e.salt()).str(&e.identity());
        k.num(e.evidence().count() as u64);
        for url in e.evidence() {
            k.str(url);
        }
        k.str(e.name()).opt(e.claims.as_ref().map(|c| c.to_ledger()).as_deref());
        // A stacked credential names its components' badges.
        let components = shared.components_of(e);
        k.num(components.len() as u64);
        for (url, name) in components {
            k.str(&url).str(&name);
        }
        match shared.archive.entry(e.id()) {
            Some(archived) => k.num(1).debug(archived),
            None => k.num(0),
        };
    }

    /// What the page shows beyond the signed document.
    fn page_parts(&self, shared: &Shared<'_>, item: &Planned<'_>, k: &mut KeyHasher) {
        // Each column's header and value (as `Debug` text, escaped character by character, they
        // were 2.5 % of a one-row build at 100,000).
        match item.row.map(|r| &r.extra) {
            Some(extra) => {
                k.num(1).num(extra.columns().len() as u64);
                for (header, value) in extra.columns() {
                    k.str(header).str(value);
                }
            }
            None => {
                k.num(0);
            }
        }
        match item.standing() {
            Standing::Active => k.num(0),
            Standing::Revoked { date, reason } => {
                k.num(1).num(date.map_or(0, |d| 1 + d.days() as u64)).opt(reason.as_deref())
            }
            Standing::Suspended { date, reason } => k.num(2).num(date.days() as u64).opt(reason.as_deref()),
        };
        k.num(u64::from(item.is_expired(shared.today))).opt(item.replaces()).opt(item.current());
        // The 2.0 badge image and the certificate show the artwork as committed: a new artwork is a new page.
        let shown = shared.ob2 || shared.pdfs.pdf();
        k.opt(shown.then(|| shared.artworks.key(shared, item.entry.badge())).as_deref());
        // A badge's own [brand] is in its front matter, not in the configuration the global key covers.
        let badge = shared.snapshot.badges.get(item.entry.badge());
        let brand = badge.is_some_and(|b| b.brand.is_some()).then(|| shared.brands.key_of_badge(item.entry.badge()));
        k.opt(brand.as_deref());
        // Nor is its certificate's own front matter, nor the bytes of the files certificates share.
        k.str(shared.certificates.key_of_badge(item.entry.badge()));
        // Nor are its translations (badges/<slug>.<lang>.md), which only pages show.
        match badge.filter(|b| !b.translations.is_empty()) {
            Some(b) => k.num(1).debug(&b.translations),
            None => k.num(0),
        };
    }
}
