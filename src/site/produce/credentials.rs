//! Per credential: the signed JSON, the landing page and the expiry calendar file.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::Value;

use super::{json_bytes, Shared};
use crate::credential::{self, CredentialInput};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::render::ics::{self, ExpiryEvent};
use crate::render::views::*;
use crate::site::layout;
use crate::site::output::Sink;
use crate::site::plan::{Plan, Planned, Standing};

/// The signed credential for one planned item: archived proofs while the document is unchanged
/// since its key was retired, a fresh proof set by the current key otherwise.
pub fn signed_credential(shared: &Shared<'_>, item: &Planned<'_>) -> Result<Value> {
    let achievement = shared.achievements.get(item.entry.badge.as_str()).ok_or_else(|| {
        Error::Usage(format!("credential {} names the unknown badge {}", item.entry.id, item.entry.badge))
    })?;
    let mut doc = credential::open_badge_credential(CredentialInput {
        entry: &item.entry,
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

fn status_view(standing: &Standing) -> StatusView {
    let (state, date, reason) = match standing {
        Standing::Active => ("active", None, None),
        Standing::Revoked { date, reason } => ("revoked", *date, reason.clone()),
        Standing::Suspended { date, reason } => ("suspended", Some(*date), reason.clone()),
    };
    StatusView { state, date: date.map(Date::human), date_iso: date.map(|d| d.to_string()), reason }
}

/// Produces one credential's JSON, landing page and (if it expires) calendar file.
fn produce_credential(shared: &Shared<'_>, item: &Planned<'_>, sink: &dyn Sink) -> Result<()> {
    static NO_EXTRA: BTreeMap<String, String> = BTreeMap::new();
    let doc = signed_credential(shared, item)?;
    let base = &shared.snapshot.settings.base_url;
    let e = &item.entry;
    let id = e.id.as_str();
    let badge = shared
        .badge_view(&e.badge)
        .ok_or_else(|| Error::Usage(format!("credential {id} names the unknown badge {}", e.badge)))?;
    let link = |other: &Option<String>| {
        other.as_ref().map(|o| LinkView { id: o.clone(), page_url: base.path_of(&layout::credential_page(o)) })
    };
    let page_abs = base.join(&layout::credential_page(id));
    let page = CredentialPage {
        common: shared.common(),
        page: PageView { title: format!("{} — {}", e.name, badge.name), canonical_url: page_abs.clone() },
        noindex: shared.noindex(),
        badge: &badge,
        credential: CredentialView {
            id,
            page_url: base.path_of(&layout::credential_page(id)),
            page_url_abs: page_abs.clone(),
            json_url: base.path_of(&layout::credential_json(id)),
            json_url_abs: base.join(&layout::credential_json(id)),
            recipient_name: &e.name,
            issued_on: e.issued.human(),
            issued_iso: e.issued.to_string(),
            expires_on: e.expires.map(Date::human),
            expires_iso: e.expires.map(|d| d.to_string()),
            evidence: &e.evidence,
            extra: item.row.map(|r| &r.extra).unwrap_or(&NO_EXTRA),
            status: status_view(&item.standing),
            expired: e.expires.is_some_and(|x| x < shared.today),
            replaced_by: link(&e.replaced_by),
            replaces: link(&item.replaces),
            ics_url: e.expires.map(|_| base.path_of(&layout::credential_ics(id))),
        },
    };
    let html = shared.theme.render("credential.html", &page)?;
    sink.put(&layout::credential_json(id), json_bytes(&doc))?;
    sink.put(&format!("{}index.html", layout::credential_page(id)), html.into_bytes())?;
    if let Some(expires) = e.expires {
        let compact = |d: Date| d.to_string().replace('-', "");
        let host = base.did_web().trim_start_matches("did:web:").replace(':', ".");
        let summary = format!("{} expires", badge.name);
        let description = format!(
            "Your credential \"{}\" from {} expires on {}. Renew it before then: {}",
            badge.name,
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
            url: &page_abs,
        });
        sink.put(&layout::credential_ics(id), ics.into_bytes())?;
    }
    Ok(())
}

/// Produces every credential, in parallel.
pub fn produce_credentials(shared: &Shared<'_>, plan: &Plan<'_>, sink: &dyn Sink) -> Result<()> {
    plan.items.par_iter().try_for_each(|item| produce_credential(shared, item, sink))
}
