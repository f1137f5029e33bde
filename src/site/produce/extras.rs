//! A credential's files beside its page and JSON: the share redirect pages and the expiry calendar.

use super::Shared;
use crate::ground::date::Date;
use crate::ground::layout;
use crate::render::ics::{self, ExpiryEvent};
use crate::render::links;
use crate::site::plan::Planned;

/// The language of a credential's files that exist once (share pages, calendar file): the
/// recipient's (the roster's `language` column), when the site is built in it, else the default.
pub(super) fn recipient_language<'a>(shared: &'a Shared<'_>, item: &'a Planned<'_>) -> &'a str {
    let wanted = item.row.and_then(|r| r.language.as_deref());
    wanted.filter(|l| shared.languages.iter().any(|s| s == l)).unwrap_or(shared.languages[0].as_str())
}

/// The share redirect pages of credential `id` (`[reports] share_pages`): LinkedIn's form and the
/// wallet link, each behind a page whose fetch the host's access log counts.
pub(super) fn share_pages_of(
    shared: &Shared<'_>,
    id: &str,
    lang: &str,
    share: &links::Shared<'_>,
) -> Vec<(String, Vec<u8>)> {
    let locales = &shared.theme.locales;
    let wallet = locales.text(lang, "share-wallet", &[]);
    [("linkedin", links::linkedin_add_url(share), "LinkedIn"), ("wallet", links::wallet_url(share), wallet.as_str())]
        .into_iter()
        .map(|(to, url, name)| {
            let title = locales.text(lang, "share-redirect-title", &[("name", name.into())]);
            let link = locales.text(lang, "share-redirect-continue", &[("name", name.into())]);
            let words = links::Redirect { language: lang, title: &title, link: &link };
            (format!("{}index.html", layout::share_page(id, to)), links::redirect_page(&url, &words))
        })
        .collect()
}

/// The calendar file of a credential's expiry date, in language `lang`.
pub(super) fn expiry_ics(shared: &Shared<'_>, e: &crate::model::ledger::Entry, lang: &str, expires: Date) -> Vec<u8> {
    let base = &shared.snapshot.settings.base_url;
    let locales = &shared.theme.locales;
    let id = e.id();
    let compact = |d: Date| d.to_string().replace('-', "");
    let host = base.did_web().trim_start_matches("did:web:").replace(':', ".");
    let badge = shared.badge_view(lang, e.badge()).map_or(e.badge(), |b| b.name);
    let page = base.join(&shared.localized(lang, &layout::credential_page(id)));
    let summary = locales.text(lang, "ics-summary", &[("badge", badge.into())]);
    let description = locales.text(
        lang,
        "ics-description",
        &[
            ("badge", badge.into()),
            ("issuer", shared.issuer.name.into()),
            ("date", locales.date(lang, expires).into()),
            ("url", page.as_str().into()),
        ],
    );
    let ics = ics::expiry_calendar(ExpiryEvent {
        uid: &format!("{id}@{host}"),
        stamp: &compact(e.issued),
        date: &compact(expires),
        next_day: &compact(expires.add_days(1)),
        summary: &summary,
        description: &description,
        url: &page,
    });
    ics.into_bytes()
}
