//! One e-mail: the view its templates see, and the RFC 5322 message (multipart/alternative, text
//! and HTML, encoded-word subject and names) with the headers that help it arrive: `Message-ID` on
//! the sender's domain, `Auto-Submitted`, and `List-Unsubscribe` on reminders.

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use serde::Serialize;

use crate::ground::date::Date;
use crate::ground::error::{Error, Failure, Result};
use crate::ground::layout;
use crate::ground::url::BaseUrl;
use crate::model::ledger::Entry;
use crate::notify::events::{Event, EventKind};
use crate::notify::strings::{self, Args};
use crate::notify::templates::MailTemplates;
use crate::render::links;

/// Who sends, and the site the links point into: the same for every message of a run.
#[derive(Debug, Clone)]
pub(crate) struct Sender {
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    /// `List-Unsubscribe` of reminders.
    pub unsubscribe: String,
    pub base: BaseUrl,
    pub site_title: String,
    pub language: String,
    /// The languages the site's pages are built in (`[site] languages`), the default first.
    pub languages: Vec<String>,
    pub issuer_name: String,
    pub issuer_url: String,
}

impl Sender {
    /// The domain of the sender's address: `Message-ID`s are made on it.
    pub(crate) fn domain(&self) -> &str {
        self.from.email.domain()
    }
}

/// What one e-mail is about.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Letter<'a> {
    pub entry: &'a Entry,
    /// The credential a correction or renewal follows.
    pub previous: Option<&'a Entry>,
    pub badge_name: &'a str,
    /// The colour of links: the brand's primary colour.
    pub link_colour: &'a str,
    pub event: &'a Event,
    /// The recipient's address.
    pub to: &'a str,
    pub today: Date,
    /// The recipient's language (the roster's `language` column), else the site's.
    pub language: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct View<'a> {
    t: std::collections::BTreeMap<&'static str, String>,
    event: &'static str,
    site: SiteView<'a>,
    issuer: IssuerView<'a>,
    brand: BrandView<'a>,
    recipient: RecipientView<'a>,
    badge: BadgeView<'a>,
    credential: CredentialView,
    previous: Option<PreviousView>,
    changes: Vec<ChangeView>,
    unsubscribe_url: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct SiteView<'a> {
    title: &'a str,
    language: &'a str,
    base_url: String,
}

#[derive(Debug, Serialize)]
struct IssuerView<'a> {
    name: &'a str,
    url: &'a str,
}

/// `brand`: the colours an e-mail is drawn with.
#[derive(Debug, Serialize)]
struct BrandView<'a> {
    /// Links: the brand's primary colour, `#rrggbb`.
    primary: &'a str,
}

#[derive(Debug, Serialize)]
struct RecipientView<'a> {
    name: &'a str,
}

#[derive(Debug, Serialize)]
struct BadgeView<'a> {
    slug: &'a str,
    name: &'a str,
}

#[derive(Debug, Serialize)]
struct CredentialView {
    id: String,
    page_url: String,
    json_url: String,
    issued_on: String,
    expires_on: Option<String>,
    linkedin_add_url: String,
    linkedin_share_url: String,
    wallet_url: String,
    calendar_url: Option<String>,
}

#[derive(Debug, Serialize)]
struct PreviousView {
    id: String,
    page_url: String,
}

#[derive(Debug, Serialize)]
struct ChangeView {
    field: String,
    before: String,
    after: String,
}

/// A composed e-mail.
pub(crate) struct Composed {
    pub message: Message,
    pub subject: String,
}

/// The e-mail for `letter`, rendered with `templates`.
pub(crate) fn compose(sender: &Sender, templates: &MailTemplates, letter: &Letter<'_>) -> Result<Composed> {
    let e = letter.entry;
    let kind = letter.event.kind();
    let locales = templates.locales();
    let lang = letter.language.filter(|l| locales.has(l)).unwrap_or(&sender.language);
    // The recipient's page in their language, when the site builds it.
    let page = match letter.language.filter(|l| *l != sender.language && sender.languages.iter().any(|s| s == l)) {
        Some(l) => sender.base.join(&format!("{l}/{}", layout::credential_page(e.id()))),
        None => sender.base.join(&layout::credential_page(e.id())),
    };
    let json = sender.base.join(&layout::credential_json(e.id()));
    let shared = links::Shared {
        badge: letter.badge_name,
        issuer: &sender.issuer_name,
        issued: e.issued,
        expires: e.expires,
        page: &page,
        json: &json,
        id: e.id(),
    };
    let human = |d: Date| locales.date(lang, d);
    let (status_date, reason) = match letter.event {
        Event::Revoked { date, reason } | Event::Suspended { date, reason } => (Some(human(*date)), reason.as_deref()),
        Event::Reinstated { date } => (Some(human(*date)), None),
        _ => (None, None),
    };
    let args = Args {
        name: e.name(),
        badge: letter.badge_name,
        issuer: &sender.issuer_name,
        issued: human(e.issued),
        expires: e.expires.map(human),
        status_date,
        reason,
        days_left: e.expires.map(|x| x.days() - letter.today.days()),
    };
    let t = strings::strings(locales, lang, kind, &args);
    let subject = t["subject"].clone();
    let reminder = kind == EventKind::Expiring;
    let view = View {
        t,
        event: kind.name(),
        site: SiteView { title: &sender.site_title, language: lang, base_url: sender.base.to_string() },
        issuer: IssuerView { name: &sender.issuer_name, url: &sender.issuer_url },
        brand: BrandView { primary: letter.link_colour },
        recipient: RecipientView { name: e.name() },
        badge: BadgeView { slug: e.badge(), name: letter.badge_name },
        credential: CredentialView {
            id: e.id().to_string(),
            linkedin_add_url: links::linkedin_add_url(&shared),
            linkedin_share_url: links::linkedin_share_url(&shared),
            wallet_url: links::wallet_url(&shared),
            calendar_url: e.expires.map(|_| sender.base.join(&layout::credential_ics(e.id()))),
            page_url: page.clone(),
            json_url: json.clone(),
            issued_on: human(e.issued),
            expires_on: e.expires.map(human),
        },
        previous: letter.previous.map(|p| PreviousView {
            id: p.id().to_string(),
            page_url: sender.base.join(&layout::credential_page(p.id())),
        }),
        changes: match (kind, letter.previous) {
            (EventKind::Corrected, Some(p)) => changes(p, e, &|key| locales.text(lang, key, &[]), &human),
            _ => Vec::new(),
        },
        unsubscribe_url: reminder.then_some(sender.unsubscribe.as_str()),
    };
    let (text, html) = templates.render(e.badge(), kind, &view)?;
    let message = envelope(sender, letter, &subject)?
        .multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|err| Error::Usage(format!("the e-mail for {} could not be built: {err}", e.id()).into()))?;
    Ok(Composed { message, subject })
}

/// The headers of `letter`'s e-mail.
fn envelope(sender: &Sender, letter: &Letter<'_>, subject: &str) -> Result<lettre::message::MessageBuilder> {
    let to: Mailbox =
        letter.to.parse().map(|m: Mailbox| Mailbox::new(Some(letter.entry.name().to_string()), m.email)).map_err(
            |e| {
                Error::Usage(
                    Failure::new(format!("\"{}\" is not an address mail can be sent to: {e}", letter.to))
                        .fix("correct the address in the roster, or give another with {to}"),
                )
            },
        )?;
    let key: String =
        letter.event.key().chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '.' }).collect();
    let id = format!("<hallmark.{}.{key}.{}@{}>", letter.entry.id(), nonce(), sender.domain());
    let mut builder = Message::builder()
        .from(sender.from.clone())
        .to(to)
        .subject(subject)
        .date_now()
        .message_id(Some(id))
        // RFC 3834: sent by a program, not a person; auto-responders should not answer it.
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-generated".into()));
    if let Some(r) = &sender.reply_to {
        builder = builder.reply_to(r.clone());
    }
    if letter.event.kind() == EventKind::Expiring {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{}>", sender.unsubscribe),
        ));
    }
    Ok(builder)
}

/// What a correction changed, in the recipient's terms.
fn changes(
    before: &Entry,
    after: &Entry,
    word: &dyn Fn(&str) -> String,
    human: &dyn Fn(Date) -> String,
) -> Vec<ChangeView> {
    let mut out = Vec::new();
    let none = || word(strings::NONE);
    if before.name() != after.name() {
        out.push(ChangeView {
            field: word(strings::FIELD_NAME),
            before: before.name().to_string(),
            after: after.name().to_string(),
        });
    }
    if !before.evidence().eq(after.evidence()) {
        let list = |e: &Entry| if e.has_evidence() { e.evidence().collect::<Vec<_>>().join(" ") } else { none() };
        out.push(ChangeView { field: word(strings::FIELD_EVIDENCE), before: list(before), after: list(after) });
    }
    if before.expires != after.expires {
        let date = |d: Option<Date>| d.map_or_else(none, human);
        out.push(ChangeView {
            field: word(strings::FIELD_EXPIRES),
            before: date(before.expires),
            after: date(after.expires),
        });
    }
    out
}

/// 64 random bits, hex: `Message-ID`s are unique even for the same credential and event.
fn nonce() -> String {
    let mut b = [0u8; 8];
    // Without randomness the time makes it unique enough for one machine.
    if getrandom::fill(&mut b).is_err() {
        b = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
            .to_be_bytes();
    }
    crate::ground::hash::hex(&b)
}
