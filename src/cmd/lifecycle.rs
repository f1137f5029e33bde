//! `hallmark revoke`, `suspend`, `reinstate` and `report expiring`.

use hallmark::ops::lifecycle::{self, Action, Note, Query, Record};
use hallmark::site::BuildOptions;
use hallmark::Failure;
use hallmark::{Date, Period};
use hallmark::{Error, Result};

use crate::cli::{Cli, ExpiringArgs, Reason, Selection};
use crate::messages;

fn options(cli: &Cli) -> Result<BuildOptions> {
    let mut opts = super::build_options(cli, super::Purpose::Lifecycle)?;
    // Says so while another hallmark holds the site.
    opts.progress = messages::progress(cli.quiet);
    Ok(opts)
}

fn date(flag: &str, value: &Option<String>) -> Result<Option<Date>> {
    value
        .as_deref()
        .map(|s| {
            Date::parse_iso(s).ok_or_else(|| Error::Usage(format!("{flag} {s}: write the date as YYYY-MM-DD").into()))
        })
        .transpose()
}

/// Revokes, suspends or reinstates the credentials the flags select.
pub fn change_status(cli: &Cli, args: &Selection, why: Option<&Reason>, action: Action) -> Result<()> {
    let opts = options(cli)?;
    let query = query(args)?;
    let site = lifecycle::site(&opts)?;
    query.check(&site)?;
    if let Some(problems) = &site.content_problems {
        messages::status_from_ledger(problems);
    }
    let (mut selected, unchanged): (Vec<_>, Vec<_>) = site
        .records
        .iter()
        .filter(|r| query.matches(r))
        .partition(|r| lifecycle::unchanged_because(action, r).is_none());
    let mut stacks = stacks_on(&site.records, &selected, action);
    if args.with_stacks {
        selected.append(&mut stacks);
    }
    let unchanged: Vec<_> =
        unchanged.into_iter().filter_map(|r| Some((r, lifecycle::unchanged_because(action, r)?))).collect();
    let pending = site.pending.iter().filter(|p| query.matches_pending(p)).count();
    if why.is_some_and(|w| w.reason.is_none()) && !args.dry_run {
        return Err(Error::Usage(
            "give a --reason: it is recorded in revocations.toml (and shown publicly only if you say so)".into(),
        ));
    }
    let note = note(args, why, opts.today)?;
    check_not_too_early(action, &selected, &note, opts.today)?;
    let report =
        messages::StatusReport { action, selected: &selected, unchanged: &unchanged, stacks: &stacks, pending };
    if args.dry_run {
        messages::status_dry_run(&report);
        return Ok(());
    }
    let ids: Vec<String> = selected.iter().map(|r| r.id.clone()).collect();
    let changed = lifecycle::apply(&opts.content_dir, action, &ids, &note)?;
    messages::status_changed(&report, changed, &opts.content_dir);
    Ok(())
}

/// The stacked credentials earned with one of `selected` that `action` would change (and that
/// are not selected themselves).
fn stacks_on<'a>(records: &'a [Record], selected: &[&'a Record], action: Action) -> Vec<&'a Record> {
    let ids: Vec<&str> = selected.iter().map(|r| r.id.as_str()).collect();
    records
        .iter()
        .filter(|r| !ids.contains(&r.id.as_str()) && r.stacked_on(&ids))
        .filter(|r| lifecycle::unchanged_because(action, r).is_none())
        .collect()
}

/// The credentials the flags select; an error when they select none by name or filter.
fn query(args: &Selection) -> Result<Query> {
    let query = Query {
        ids: args.ids.clone(),
        badge: args.badge.clone(),
        roster: args.roster.clone(),
        issued_before: date("--issued-before", &args.issued_before)?,
        issued_after: date("--issued-after", &args.issued_after)?,
    };
    if query.is_empty() {
        return Err(Error::Usage("name the credentials: give their ids, or select them with --badge, --roster, --issued-before or --issued-after".into()));
    }
    Ok(query)
}

/// The note the change records: its date (`today` unless --date), reason and publicity.
fn note(args: &Selection, why: Option<&Reason>, today: Date) -> Result<Note> {
    let note = Note {
        date: date("--date", &args.date)?.unwrap_or(today),
        reason: why.and_then(|w| w.reason.clone()),
        public: match why {
            Some(w) if w.public => Some(true),
            Some(w) if w.private => Some(false),
            _ => None,
        },
    };
    // The same rules as the build's, so a dry run tells the truth and nothing is written that the
    // next build would refuse.
    if note.date > today {
        return Err(Error::Usage(
            Failure::new(format!("--date {}: the date is in the future", note.date))
                .fix("a change takes effect at the next build; give the date it was decided, today at the latest"),
        ));
    }
    Ok(note)
}

/// An error when the note's date is before the day a selected credential was issued (or suspended, to reinstate).
fn check_not_too_early(action: Action, selected: &[&Record], note: &Note, today: Date) -> Result<()> {
    let too_early: Vec<String> = selected
        .iter()
        .filter_map(|r| {
            let issued = Date::parse_iso(&r.issued)?;
            let since = match action {
                // A credential dated in the future can be withdrawn before its day comes.
                Action::Revoke | Action::Suspend => Some(issued).filter(|i| *i <= today),
                Action::Reinstate => r.suspended_on.as_deref().and_then(Date::parse_iso),
            }?;
            (note.date < since).then(|| format!("{} ({})", r.id, since))
        })
        .collect();
    if too_early.is_empty() {
        return Ok(());
    }
    let (what, help) = match action {
        Action::Reinstate => ("was suspended", "a suspension is lifted on or after the day it began"),
        _ => ("was issued", "a credential is revoked or suspended on or after the day it was issued; select fewer credentials, or give a later --date"),
    };
    let which = if too_early.len() == 1 { "this credential" } else { "these credentials" };
    Err(Error::Usage(
        Failure::new(format!("--date {} is before the day {which} {what}: {}", note.date, too_early.join(", ")))
            .fix(help.to_string()),
    ))
}

/// Lists credentials that expire within the window.
pub fn expiring(cli: &Cli, args: &ExpiringArgs) -> Result<()> {
    let within = Period::parse(&args.within).ok_or_else(|| {
        Error::Usage(format!("--within {}: write a period such as 30d, 6w, 3m or 1y", args.within).into())
    })?;
    let rows = lifecycle::expiring(&options(cli)?, within)?;
    messages::expiring_report(&rows, args.format);
    Ok(())
}
