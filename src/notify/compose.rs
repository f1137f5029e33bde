//! From chosen messages to e-mails: hold back what is not published yet, and compose the rest
//! when each one's turn comes (a dry run writes them as `.eml` files).

use std::collections::HashMap;
use std::path::Path;

use crate::ground::date::Date;
use crate::ground::error::{Error, Result};
use crate::ground::url::BaseUrl;
use crate::model::content::{Award, Snapshot};
use crate::model::ledger::Entry;
use crate::notify::events::{Due, Event};
use crate::notify::live::{self, Published};
use crate::notify::message::{self, Composed, Letter, Sender};
use crate::notify::templates::MailTemplates;
use crate::notify::{Line, Preview, Report};

/// A message that can go: its recipient and what it is about.
pub(crate) struct Ready {
    pub line: Line,
    pub name: String,
    pub address: String,
    pub due: Due,
    /// The recipient's language, from the roster.
    pub language: Option<String>,
    /// Failed tries before this run.
    pub tries: u32,
}

/// Everything a message is composed from, shared by every message of a run (and every connection).
pub(crate) struct Composer<'a> {
    sender: Sender,
    templates: MailTemplates,
    badge_names: HashMap<&'a str, &'a str>,
    /// The colour of links in each badge's e-mails, by slug: its brand's primary colour.
    badge_links: HashMap<&'a str, String>,
    by_id: HashMap<&'a str, &'a Entry>,
    entries: &'a [Entry],
    today: Date,
}

impl<'a> Composer<'a> {
    pub(crate) fn new(
        sender: Sender,
        templates: MailTemplates,
        snapshot: &'a Snapshot,
        entries: &'a [Entry],
        today: Date,
    ) -> Composer<'a> {
        Composer {
            sender,
            templates,
            badge_names: snapshot.badges.values().map(|b| (b.slug.as_str(), b.name.as_str())).collect(),
            badge_links: snapshot.badges.values().map(|b| (b.slug.as_str(), link_colour(snapshot, b))).collect(),
            by_id: entries.iter().map(|e| (e.id(), e)).collect(),
            entries,
            today,
        }
    }

    /// The e-mail for `r`.
    pub(crate) fn compose(&self, r: &Ready) -> Result<Composed> {
        let e = &self.entries[r.due.entry];
        let previous = match &r.due.event {
            Event::Corrected { previous } | Event::Renewed { previous } => self.by_id.get(previous.as_str()).copied(),
            _ => None,
        };
        let badge_name = self.badge_names.get(e.badge()).copied().unwrap_or(e.badge());
        let link_colour = self.badge_links.get(e.badge()).map_or(DEFAULT_LINK, String::as_str);
        let letter = Letter {
            entry: e,
            previous,
            badge_name,
            link_colour,
            event: &r.due.event,
            to: &r.address,
            today: self.today,
            language: r.language.as_deref(),
        };
        message::compose(&self.sender, &self.templates, &letter)
    }
}

/// The links' colour in the e-mails of a site that sets no primary colour (as they always were).
const DEFAULT_LINK: &str = "#1d4ed8";

/// The colour of links and the button in `badge`'s e-mails: the primary colour its badge, program
/// or site brand sets (the innermost that sets one), else [`DEFAULT_LINK`]. E-mails are white with
/// white button text, so a primary colour too light for that (a dark site's) is darkened to the
/// nearest colour of its hue that reads on white.
fn link_colour(snapshot: &Snapshot, badge: &crate::model::content::Badge) -> String {
    use crate::ground::colour::{contrast, Rgb};
    let cfg = &snapshot.settings.config;
    let program = badge.program.as_ref().and_then(|p| cfg.programs.get(p)).and_then(|p| p.brand.as_ref());
    let Some(primary) = [badge.brand.as_ref().map(|b| &b.brand), program, cfg.brand.as_ref()]
        .into_iter()
        .flatten()
        .find_map(|b| b.primary.as_deref().and_then(Rgb::parse))
    else {
        return DEFAULT_LINK.to_string();
    };
    let reads = |c: &Rgb| contrast(*c, Rgb::WHITE) >= 4.5;
    let usable = if reads(&primary) { Some(primary) } else { primary.same_hue_by_lightness().into_iter().find(reads) };
    usable.unwrap_or(Rgb::BLACK).to_string()
}

/// The chosen messages whose links are live; the others go to `report.held`, and those whose
/// address mail cannot be sent to, to `report.no_address`.
pub(crate) fn hold_back(
    published: &Published,
    base: &BaseUrl,
    entries: &[Entry],
    chosen: Vec<(Due, u32, String, Option<&Award>)>,
    report: &mut Report,
) -> Vec<Ready> {
    let live_entries: Vec<&Entry> = chosen.iter().map(|(d, ..)| &entries[d.entry]).collect();
    let verdicts = live::check(published, base, &live_entries);
    let mut ready = Vec::new();
    for ((due, tries, address, row), verdict) in chosen.into_iter().zip(verdicts) {
        let e = &entries[due.entry];
        let line = Line {
            id: e.id().to_string(),
            event: due.event.key(),
            kind: due.event.kind(),
            row: row.map(|r| r.source.clone()),
            detail: String::new(),
        };
        if let Some(why) = verdict {
            report.held.push(Line { detail: why, ..line });
        } else if address.parse::<lettre::Address>().is_err() {
            // The address itself stays out of the report: a real run may print to a public CI log.
            let detail =
                "the address is not one mail can be sent to (check it in the roster, or give another with {to})";
            report.no_address.push(Line { detail: detail.into(), ..line });
        } else {
            let language = row.and_then(|r| r.language.clone());
            ready.push(Ready {
                line,
                name: e.name().to_string(),
                address,
                due,
                tries,
                language: language.map(String::from),
            });
        }
    }
    ready
}

/// The dry run: every message as an `.eml` file in `out`.
pub(crate) fn write_previews(
    out: &Path,
    composer: &Composer<'_>,
    ready: Vec<Ready>,
    report: &mut Report,
) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|e| Error::io("create", out, e))?;
    for r in ready {
        let composed = composer.compose(&r)?;
        let event: String =
            r.line.event.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        let file = out.join(format!("{}-{event}.eml", r.line.id));
        std::fs::write(&file, composed.message.formatted()).map_err(|e| Error::io("write", &file, e))?;
        report.previews.push(Preview {
            line: r.line,
            name: r.name,
            address: r.address,
            subject: composed.subject,
            file,
        });
    }
    Ok(())
}
