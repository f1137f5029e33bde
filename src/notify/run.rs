//! A run of `hallmark notify` and of `notify resend`, from the files to the report.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use crate::ground::error::{Error, Failure, Problems, Result};
use crate::ground::lock::{self as site_lock, SiteLock};
use crate::model::config::Settings;
use crate::model::content::Revocations;
use crate::model::email::EmailConfig;
use crate::model::ledger::{Entry, Ledger};
use crate::notify::compose::{self, Composer, Ready};
use crate::notify::events::{self, Due, Event, Policy};
use crate::notify::message::Sender;
use crate::notify::plan::{self, Rows};
use crate::notify::send::{self, Job, Pace};
use crate::notify::sentlog::{self, Record, SentLog, State, Writer};
use crate::notify::transport::{self, Outcome, Security, Smtp};
use crate::notify::{Line, Mode, NotifyOptions, Report, PASSWORD_ENV};

/// What a run reads before it knows whether anything is due: no roster.
struct Site {
    settings: Settings,
    email: EmailConfig,
    ledger: Ledger,
    revocations: Revocations,
}

fn open_site(dir: &Path) -> Result<Site> {
    let settings = crate::model::config::load(dir, None).map_err(|problems| Error::Content { problems })?;
    let email = settings.config.email.clone().ok_or_else(|| {
        Error::Usage(
            Failure::new(format!(
                "{} has no [email] table, so hallmark does not know how to send",
                settings.path.display()
            ))
            .fix("add [email] with host and from (see the README, \"Telling recipients\")"),
        )
    })?;
    let ledger = Ledger::load(dir)?;
    let mut problems = Problems::new();
    let revocations =
        crate::model::content::revocations::load(dir, settings.config.site.show_status_reasons, &mut problems);
    if problems.has_errors() {
        return Err(Error::Content { problems });
    }
    Ok(Site { settings, email, ledger, revocations })
}

fn policy(email: &EmailConfig) -> Policy {
    let mut reminders: Vec<u32> =
        email.reminders.clone().unwrap_or_else(|| vec![30.0, 7.0]).iter().map(|d| *d as u32).collect();
    reminders.sort_unstable();
    Policy {
        reminders,
        status_notices: email.badges.iter().filter_map(|(b, c)| Some((b.clone(), c.status_notices?))).collect(),
        status_notices_default: email.status_notices,
    }
}

/// Sends (or previews, or records) every e-mail the ledger says is due.
pub fn run(opts: &NotifyOptions) -> Result<Report> {
    let dir = &opts.content_dir;
    let _lock = lock(dir)?;
    let site = open_site(dir)?;
    let log = SentLog::load(dir)?;
    let entries = site.ledger.entries();
    let mut dues = events::events(entries, &site.revocations, &log, &policy(&site.email), opts.today);
    dues.retain(|d| opts.events.is_empty() || opts.events.contains(&d.event.kind()));
    let retry_after = site.email.retry_after.unwrap_or(900.0) as i64;
    let sorted = plan::sort(dues, entries, &log, opts.now, retry_after, opts.retry_unconfirmed);
    let mut report = Report::default();
    let line = |d: &Due, r: &Record| line_of(entries, d, None, &r.detail);
    report.unconfirmed = sorted.unconfirmed.iter().map(|(d, r)| line(d, r)).collect();
    report.permanent = sorted.permanent.iter().map(|(d, r)| line(d, r)).collect();
    report.waiting = sorted
        .waiting
        .iter()
        .map(|(d, r, at)| {
            line_of(entries, d, None, &format!("{} (next try after {})", r.detail, sentlog::rfc3339(*at)))
        })
        .collect();
    if opts.mode == Mode::Baseline {
        return baseline(dir, &site, sorted.send, opts.now, report);
    }
    if sorted.send.is_empty() && report.unconfirmed.is_empty() && report.permanent.is_empty() {
        return Ok(report);
    }
    deliver(opts, &site, sorted.send, &HashMap::new(), report)
}

/// `notify resend ID [--to ADDRESS]`: the credential's e-mail again, to its roster address or to
/// `to` (used for this message only, stored nowhere).
pub fn resend(opts: &NotifyOptions, id: &str, to: Option<&str>) -> Result<Report> {
    let dir = &opts.content_dir;
    let _lock = lock(dir)?;
    let site = open_site(dir)?;
    let entries = site.ledger.entries();
    let Some(i) = entries.iter().position(|e| e.id() == id) else {
        return Err(Error::Usage(
            Failure::new(format!("no issued credential has the id \"{id}\""))
                .fix("copy it from the credential's URL (c/<id>/) or from hallmark.lock"),
        ));
    };
    if site.revocations.revocation(id).is_some() || site.revocations.suspension(id).is_some() {
        return Err(Error::Usage(
            Failure::new(format!("credential {id} is revoked or suspended, so its e-mail is not sent again")).fix(
                "its recipient was told of the change if status notices are on; lift a suspension first to resend",
            ),
        ));
    }
    if let Some(newer) = &entries[i].replaced_by() {
        return Err(Error::Usage(
            Failure::new(format!("credential {id} was replaced by a correction, {newer}"))
                .fix(format!("resend the credential in force: hallmark notify resend {newer}")),
        ));
    }
    let due = Due { entry: i, event: Event::Resent { at: sentlog::rfc3339(opts.now) } };
    let overrides: HashMap<usize, String> = to.map(|t| (i, t.to_string())).into_iter().collect();
    deliver(opts, &site, vec![(due, 0)], &overrides, Report::default())
}

/// Marks every message due as told, sending nothing.
fn baseline(dir: &Path, site: &Site, due: Vec<(Due, u32)>, now: i64, mut report: Report) -> Result<Report> {
    let mut log = SentLog::load(dir)?;
    for (d, _) in &due {
        let e = &site.ledger.entries()[d.entry];
        log.put(Record {
            id: e.id().to_string(),
            event: d.event.key(),
            state: State::Skipped,
            time: now,
            tries: 0,
            detail: String::new(),
        });
    }
    if !due.is_empty() {
        sentlog::compact(dir, &log)?;
    }
    report.skipped = due.len();
    Ok(report)
}

fn line_of(entries: &[Entry], d: &Due, row: Option<&crate::model::content::Award>, detail: &str) -> Line {
    Line {
        id: entries[d.entry].id().to_string(),
        event: d.event.key(),
        kind: d.event.kind(),
        row: row.map(|r| r.source.clone()),
        detail: detail.to_string(),
    }
}

/// A message with its recipient's address and roster row.
type Chosen<'a> = (Due, u32, String, Option<&'a crate::model::content::Award>);

/// Reads the rosters, checks the links, composes and sends (or writes) `send`.
fn deliver(
    opts: &NotifyOptions,
    site: &Site,
    send: Vec<(Due, u32)>,
    to: &HashMap<usize, String>,
    mut report: Report,
) -> Result<Report> {
    let snapshot = crate::model::content::load_on(&opts.content_dir, None, opts.today)?;
    let rows = Rows::new(&snapshot.awards);
    name_rows(&mut report, site.ledger.entries(), &rows);
    let mut chosen = choose(opts, site, send, to, &rows, &mut report);
    let limit = site.email.batch.map_or(usize::MAX, |b| b as usize);
    if chosen.len() > limit {
        report.deferred = chosen.len() - limit;
        chosen.truncate(limit);
    }
    let entries = site.ledger.entries();
    let ready = compose::hold_back(&opts.published, &site.settings.base_url, entries, chosen, &mut report);
    let templates = crate::notify::templates::MailTemplates::load(
        &opts.content_dir,
        &site.settings.config.site.theme,
        site.settings.config.site.digits.as_deref().and_then(crate::render::locale::Digits::named).unwrap_or_default(),
    )?;
    let composer = Composer::new(sender(&site.settings, &site.email)?, templates, &snapshot, entries, opts.today);
    match &opts.mode {
        Mode::DryRun(out) => compose::write_previews(out, &composer, ready, &mut report)?,
        _ => send_ready(opts, &site.email, &composer, ready, &mut report)?,
    }
    Ok(report)
}

/// Gives the messages the sent log reported (refused, unconfirmed, waiting) their roster rows.
fn name_rows(report: &mut Report, entries: &[Entry], rows: &Rows<'_>) {
    let by_id: HashMap<&str, &Entry> = entries.iter().map(|e| (e.id(), e)).collect();
    for line in report.permanent.iter_mut().chain(&mut report.unconfirmed).chain(&mut report.waiting) {
        if line.row.is_none() {
            line.row = by_id.get(line.id.as_str()).and_then(|e| rows.of(e)).map(|a| a.source.clone());
        }
    }
}

/// The messages `--only` selects whose recipient has an address (from `to`, or the roster).
fn choose<'a>(
    opts: &NotifyOptions,
    site: &Site,
    send: Vec<(Due, u32)>,
    to: &HashMap<usize, String>,
    rows: &Rows<'a>,
    report: &mut Report,
) -> Vec<Chosen<'a>> {
    let entries = site.ledger.entries();
    let mut chosen = Vec::new();
    for (d, tries) in send {
        let e = &entries[d.entry];
        let row = rows.of(e);
        let row_name = row.map(|r| plan::row_name(&opts.content_dir, &r.source));
        if !plan::selected(&opts.only, e.id(), row_name.as_deref()) {
            continue;
        }
        match to.get(&d.entry).cloned().or_else(|| row.map(|r| r.email.to_string())) {
            Some(address) => chosen.push((d, tries, address, row)),
            None => report.no_address.push(line_of(
                entries,
                &d,
                None,
                "no roster row holds this recipient's address any more",
            )),
        }
    }
    chosen
}

fn sender(settings: &Settings, email: &EmailConfig) -> Result<Sender> {
    let parse = |s: &str| {
        s.parse::<lettre::message::Mailbox>().map_err(|e| Error::Usage(format!("email.from \"{s}\": {e}").into()))
    };
    let from = parse(&email.from)?;
    let reply_to = email.reply_to.as_deref().map(parse).transpose()?;
    let unsubscribe = email.unsubscribe.clone().unwrap_or_else(|| {
        let to = reply_to.as_ref().unwrap_or(&from);
        format!("mailto:{}?subject=unsubscribe", to.email)
    });
    let c = &settings.config;
    Ok(Sender {
        from,
        reply_to,
        unsubscribe,
        base: settings.base_url.clone(),
        site_title: c.site.title.clone(),
        language: c.site.language.clone(),
        languages: c.site.page_languages(),
        issuer_name: c.issuer.name.clone(),
        issuer_url: c.issuer.url.clone(),
    })
}

/// Sends `ready`, recording each attempt, then compacts the log.
fn send_ready(
    opts: &NotifyOptions,
    email: &EmailConfig,
    composer: &Composer<'_>,
    ready: Vec<Ready>,
    report: &mut Report,
) -> Result<()> {
    if ready.is_empty() {
        return Ok(());
    }
    // A template that cannot render stops the run before anything is sent.
    composer.compose(&ready[0])?;
    let smtp = smtp(email, opts.password.clone())?;
    let pace = Pace {
        rate: email.rate.unwrap_or(10.0),
        connections: email.connections.map_or(1, |c| c as usize),
        per_connection: email.per_connection.map_or(100, |c| c as usize),
        retries: email.retries.map_or(2, |r| r as u32),
        retry_delay: Duration::from_secs_f64(email.retry_delay.unwrap_or(2.0)),
    };
    let writer = Mutex::new(Writer::open(&opts.content_dir)?);
    let jobs: Vec<Job> = ready
        .iter()
        .enumerate()
        .map(|(index, r)| Job { index, id: r.line.id.clone(), event: r.line.event.clone(), tries: r.tries })
        .collect();
    let make = |i: usize| {
        let m = composer.compose(&ready[i])?.message;
        Ok((m.envelope().clone(), m.formatted()))
    };
    let now = crate::ground::date::now_seconds;
    let sent = send::send_all(&smtp, jobs, &make, &writer, pace, &now);
    let lines: Vec<Line> = ready.into_iter().map(|r| r.line).collect();
    for done in sent.results {
        let line = lines[done.index].clone();
        match done.outcome {
            Outcome::Sent(reply) => report.sent.push(Line { detail: send::queue_id(&reply), ..line }),
            Outcome::Failed { code, reply } if code >= 500 => report.permanent.push(Line { detail: reply, ..line }),
            Outcome::Failed { reply, .. } => report.failed.push(Line { detail: reply, ..line }),
            Outcome::Unconfirmed(why) => report.unconfirmed.push(Line { detail: why, ..line }),
        }
    }
    report.stopped = sent.stopped;
    drop(writer);
    sentlog::compact(&opts.content_dir, &SentLog::load(&opts.content_dir)?)
}

fn smtp(email: &EmailConfig, password: Option<String>) -> Result<Smtp> {
    let security = match email.security.as_deref() {
        Some("tls") => Security::Tls,
        Some("none") => Security::None,
        _ => Security::StartTls,
    };
    let port = email.port.map_or(
        match security {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        },
        |p| p as u16,
    );
    let credentials = match (&email.user, password) {
        (Some(user), Some(p)) if !p.is_empty() => Some((user.clone(), p)),
        (Some(user), _) => return Err(Error::Usage(Failure::new(format!("email.user is \"{user}\", but {PASSWORD_ENV} is not set")).fix(format!("set the SMTP password in the {PASSWORD_ENV} environment variable (in CI: a secret); it is never read from a file")))),
        (None, _) => None,
    };
    if security == Security::None && credentials.is_some() && !transport::is_loopback(&email.host) {
        return Err(Error::Usage(
            Failure::new(format!(
                "email.security is \"none\": the password would cross the network to {} unencrypted",
                email.host
            ))
            .fix("use security = \"starttls\" or \"tls\""),
        ));
    }
    let ca = match &email.ca_file {
        Some(f) => Some(std::fs::read(f).map_err(|e| Error::io("read", Path::new(f), e))?),
        None => None,
    };
    let tls = match security {
        Security::None => None,
        _ => Some(transport::tls_parameters(&email.host, ca.as_deref())?),
    };
    use lettre::transport::smtp::authentication::Mechanism;
    let mechanisms = match email.auth.as_deref() {
        Some("login") => vec![Mechanism::Login],
        Some("plain") => vec![Mechanism::Plain],
        _ => vec![Mechanism::Plain, Mechanism::Login],
    };
    Ok(Smtp {
        host: email.host.clone(),
        port,
        security,
        credentials,
        mechanisms,
        timeout: Duration::from_secs_f64(email.timeout.unwrap_or(30.0)),
        tls,
    })
}

/// The site lock, held for the whole run: two runs never send the same message, and notify never
/// reads the ledger while a build or a lifecycle command changes it (it waits for them).
fn lock(content_dir: &Path) -> Result<SiteLock> {
    SiteLock::acquire(content_dir, "notify", site_lock::Mode::Exclusive, &|_| {})
}
