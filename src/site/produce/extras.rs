//! A credential's files beside its page and JSON: the share redirect pages and the expiry calendar.

use super::Shared;
use crate::ground::date::Date;
use crate::ground::layout;
use crate::render::ics::{self, ExpiryEvent};
use crate::render::links;

/// The share redirect pages of credential `id` (`[reports] share_pages`): LinkedIn's form and the
/// wallet link, each behind a page whose fetch the host's access log counts.
pub(super) fn share_pages_of(shared: &Shared<'_>, id: &str, share: &links::Shared<'_>) -> Vec<(String, Vec<u8>)> {
    let language = &shared.snapshot.settings.config.site.language;
    [("linkedin", links::linkedin_add_url(share), "LinkedIn"), ("wallet", links::wallet_url(share), "your wallet")]
        .into_iter()
        .map(|(to, url, name)| {
            (format!("{}index.html", layout::share_page(id, to)), links::redirect_page(&url, name, language))
        })
        .collect()
}

/// The calendar file of a credential's expiry date.
pub(super) fn expiry_ics(
    shared: &Shared<'_>,
    e: &crate::model::ledger::Entry,
    badge_name: &str,
    expires: Date,
    page_abs: &str,
) -> Vec<u8> {
    let base = &shared.snapshot.settings.base_url;
    let id = e.id.as_str();
    let compact = |d: Date| d.to_string().replace('-', "");
    let host = base.did_web().trim_start_matches("did:web:").replace(':', ".");
    let summary = format!("{} expires", badge_name);
    let description = format!(
        "Your credential \"{}\" from {} expires on {}. Renew it before then: {}",
        badge_name,
        shared.issuer.name,
        expires.human(),
        page_abs
    );
    let ics = ics::expiry_calendar(ExpiryEvent {
        uid: &format!("{id}@{host}"),
        stamp: &compact(e.issued),
        date: &compact(expires),
        next_day: &compact(expires.add_days(1)),
        summary: &summary,
        description: &description,
        url: page_abs,
    });
    ics.into_bytes()
}
