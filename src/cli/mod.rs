//! Command-line definitions. Flags become option structs in `cmd/` before any work starts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod after;
pub use after::*;

/// hallmark: turn badge designs and recipient rosters into a signed, static verification site.
#[derive(Debug, Parser)]
#[command(name = "hallmark", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The site: a directory holding hallmark.toml, or one whose content/ does (default: the current directory).
    #[arg(short = 'C', long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Print only errors and warnings.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Print more: signing times, the signing key and the proofs.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Use this date as today (YYYY-MM-DD) for rows without an issue date. For tests and reproducible rebuilds.
    #[arg(long, global = true, hide = true, value_name = "DATE")]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site that builds at once.
    Init(InitArgs),
    /// Forget every credential of a site that was never published (to replace init's sample).
    ///
    /// Removes hallmark.lock, revocations.toml, the built site and the build caches; badges,
    /// rosters and hallmark.toml stay. Without --yes, lists what it would remove. Refused once
    /// recipients were e-mailed or the key was rotated: published credentials are revoked instead.
    Reset(ResetArgs),
    /// Add recipients to a roster from a script or a webhook: one from flags, or many as JSON Lines.
    ///
    /// Each row is written in the roster's own columns and date format, checked with the build's
    /// own checks first (nothing is written if one is refused), and appended under the site lock.
    /// A recipient already in a roster for the badge (on the same date, when --issued is given) is
    /// reported, not added twice. The next `hallmark build` issues the credentials: their ids and
    /// landing pages exist only then.
    Issue(IssueArgs),
    /// Build the site: validate, sign and write it to the output directory.
    Build(BuildArgs),
    /// Validate the content and sign everything in memory, writing nothing (for pull-request CI).
    Check(CheckArgs),
    /// Preview the site on http://127.0.0.1:8000/: built in memory, rebuilt and reloaded on every save.
    ///
    /// Nothing is written (not the output, not hallmark.lock). Build errors appear in the terminal
    /// and over the open pages, naming file:line:column, until the next good build.
    Serve(ServeArgs),
    /// Create a new Ed25519 signing key file (outside the content directory) and print its public key.
    Keygen(KeygenArgs),
    /// Revoke credentials (for good): by id, or in bulk by badge, roster file and issue date.
    Revoke(StatusArgs),
    /// Suspend credentials (a temporary hold, lifted with `reinstate`).
    Suspend(StatusArgs),
    /// Lift the suspension of credentials.
    Reinstate(ReinstateArgs),
    /// Reports for renewal reminders and records.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Retire the signing key: new credentials get a new key; credentials issued so far keep their proofs.
    RotateKey(RotateKeyArgs),
    /// Verify credentials: JSON files, baked PNG/SVG badges, landing pages (followed to their
    /// credential), URLs, or a whole site.
    ///
    /// Run in a site's folder, the site's built output is used; a URL no site on disk serves is
    /// read from the web (the only time verify goes online). Exit status: 0 every credential
    /// verified; 1 a credential is invalid (failed, revoked, suspended, expired or not yet valid) or
    /// unreadable; 2 a FILE is not a credential (the DID document, an Achievement, the issuer's
    /// profile); 3 a check could not be performed. The first that applies, in the order 1, 2, 3, is
    /// the status.
    Verify(VerifyArgs),
    /// Previews for choosing how the site looks.
    #[command(subcommand)]
    Preview(PreviewCommand),
    /// E-mail recipients what the ledger says they should hear: issued, corrected, revoked,
    /// suspended, reinstated, expiring soon, renewed. Each e-mail is sent once, and recorded in
    /// hallmark.sent before it is attempted.
    ///
    /// The SMTP server is [email] in hallmark.toml; its password comes only from the
    /// HALLMARK_SMTP_PASSWORD environment variable. Exit status: 0 nothing needs a look; 2 only
    /// links not published yet (those e-mails wait: run again once the site is deployed); 1 some
    /// e-mails failed or may have been delivered (each is listed with its roster row).
    Notify(NotifyArgs),
    /// The public issuance log: start a site's, or check any site's.
    #[command(subcommand)]
    Log(LogCommand),
    /// Witness other sites' logs: cosign their checkpoints once they prove they only grew.
    #[command(subcommand)]
    Witness(WitnessCommand),
}

/// `hallmark init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to create.
    pub dir: PathBuf,
    /// The institution's name.
    #[arg(long, default_value = "Example Institute")]
    pub name: String,
    /// Where the site will be served from, e.g. https://your-org.github.io/credentials/.
    #[arg(long, default_value = "https://example.github.io/credentials/")]
    pub base_url: String,
    /// Also write .github/workflows/issue.yml: other systems (an LMS, a form, a script) add
    /// recipients with one HTTPS call, and the usual build and deploy issue them.
    #[arg(long)]
    pub webhook: bool,
    /// How the webhook's rows land: a pull request per request (for review), or committed to main.
    #[arg(long, value_name = "MODE", value_parser = ["pull-request", "main"], default_value = "pull-request", requires = "webhook")]
    pub webhook_mode: String,
}

/// `hallmark issue`.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The badge (its slug, as in badges/<slug>.md).
    #[arg(long, required_unless_present = "from_json", conflicts_with = "from_json")]
    pub badge: Option<String>,
    /// The recipient's name, as it should appear on the credential.
    #[arg(long, required_unless_present = "from_json", conflicts_with = "from_json")]
    pub name: Option<String>,
    /// The recipient's e-mail address.
    #[arg(long, required_unless_present = "from_json", conflicts_with = "from_json")]
    pub email: Option<String>,
    /// The issue date, YYYY-MM-DD (default: the day of the build that issues it).
    #[arg(long, value_name = "DATE", conflicts_with = "from_json")]
    pub issued: Option<String>,
    /// The expiry date, YYYY-MM-DD (default: the badge's valid_for, if any).
    #[arg(long, value_name = "DATE", conflicts_with = "from_json")]
    pub expires: Option<String>,
    /// A link to evidence of the achievement.
    #[arg(long, value_name = "URL", conflicts_with = "from_json")]
    pub evidence: Option<String>,
    /// Recipients as JSON Lines, one object per line with the fields above (and any other roster
    /// column by its header); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub from_json: Option<PathBuf>,
    /// The roster to add to, relative to the content directory (default: recipients/issued.csv,
    /// created with a header if missing). A CSV or JSON Lines roster.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Check and report what would be added; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `hallmark reset`.
#[derive(Debug, Args)]
pub struct ResetArgs {
    /// Remove them: this site was never published.
    #[arg(long)]
    pub yes: bool,
    /// The built site to remove, if it is not in site.output_dir.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// Flags shared by `build` and `check`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Serve the site from this URL instead of site.base_url (all links and ids follow it).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Fail instead of changing hallmark.lock (for CI: every issued credential must be committed).
    #[arg(long)]
    pub locked: bool,
    /// Read the signing key from this file (overrides HALLMARK_SIGNING_KEY and [signing] key_file).
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// Print every warning (by default the first 20, and how many more there are).
    #[arg(long)]
    pub all_warnings: bool,
}

/// `hallmark build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Write the site here instead of site.output_dir.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// `hallmark serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Listen on this port (0: any free port). Default: 8000, or the next free port after it.
    #[arg(short, long, value_name = "PORT")]
    pub port: Option<u16>,
    /// Read the signing key from this file (overrides HALLMARK_SIGNING_KEY and [signing] key_file).
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// Wait this long (milliseconds) for the files to be quiet before rebuilding, unless every file
    /// written to has been closed (then 5 ms).
    #[arg(long, value_name = "MS", default_value_t = 40)]
    pub debounce_ms: u64,
}

/// `hallmark check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Print the plan of the change: the credentials a build issues, corrects, revokes, suspends
    /// and reinstates, with names and badges (for a pull request's review).
    #[arg(long)]
    pub plan: bool,
    /// Compare the plan with this git commit, e.g. the branch a pull request goes into (default:
    /// HEAD in a git work tree, else the files on disk).
    #[arg(long, value_name = "REV", requires = "plan")]
    pub base: Option<String>,
    /// How to print the plan.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text, requires = "plan")]
    pub format: PlanFormat,
}

/// `hallmark check --plan` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// Aligned lines for people.
    Text,
    /// Markdown tables, e.g. for a CI job summary.
    Markdown,
    /// JSON for tools.
    Json,
}

/// `hallmark revoke` and `suspend`: which credentials, and why.
#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub select: Selection,
    #[command(flatten)]
    pub why: Reason,
}

/// `hallmark reinstate`: which credentials (a reinstatement records no reason).
#[derive(Debug, Args)]
pub struct ReinstateArgs {
    #[command(flatten)]
    pub select: Selection,
}

/// Which credentials `revoke`, `suspend` and `reinstate` act on, and when.
#[derive(Debug, Args)]
pub struct Selection {
    /// Credential ids (the <id> in c/<id>/).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// Every credential of this badge.
    #[arg(long, value_name = "SLUG")]
    pub badge: Option<String>,
    /// Every credential from this roster file (e.g. recipients/2025-cohort.csv).
    #[arg(long, value_name = "FILE")]
    pub roster: Option<String>,
    /// Only credentials issued before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub issued_before: Option<String>,
    /// Only credentials issued after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub issued_after: Option<String>,
    /// The date of the change (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// List what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Change as well every stacked badge earned with a selected credential (without it, they are
    /// listed and stay as they are).
    #[arg(long)]
    pub with_stacks: bool,
}

/// What `revoke` and `suspend` record about why.
#[derive(Debug, Args)]
pub struct Reason {
    /// Why (shown on the landing page if the site or --public says so).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Show the reason on the public landing page.
    #[arg(long, conflicts_with = "private")]
    pub public: bool,
    /// Keep the reason off the public landing page.
    #[arg(long)]
    pub private: bool,
}

/// `hallmark preview …`.
#[derive(Debug, Subcommand)]
pub enum PreviewCommand {
    /// One page with a sample credential's certificate in each design (classic, modern, minimal)
    /// and each brand the site's badges wear, to choose `[certificates] design` by. Writes
    /// .hallmark/preview/themes.html beside the content (never published) and prints its path.
    Themes(PreviewThemesArgs),
}

/// `hallmark preview themes`.
#[derive(Debug, Args)]
pub struct PreviewThemesArgs {
    /// Write the page here instead.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `hallmark report …`.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Credentials that expire soon, for renewal reminders.
    Expiring(ExpiringArgs),
    /// Issuances (new, corrected, renewed) by when they were issued, from the ledger.
    Issued(ReportArgs),
    /// Where credentials stand on a day: active, expired, suspended, revoked, superseded.
    Status(ReportArgs),
    /// What `hallmark notify` sent, failed to send, or may have sent, from the sent log.
    Delivery(ReportArgs),
    /// Views, credential fetches, downloads and share clicks, from access logs (no tracker).
    Engagement(ReportArgs),
}

/// `hallmark report issued|status|delivery|engagement`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Group rows by: credential, program, badge, month, quarter, year, event, reason, or a roster
    /// column named in [reports] columns (several, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "GROUPS")]
    pub by: Vec<String>,
    /// Only what happened on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only what happened on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The report as of this day: later issuances and status changes are left out.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Read the content as this git commit recorded it (a report of the past, reproduced exactly).
    #[arg(long, value_name = "COMMIT")]
    pub at: Option<String>,
    /// An access log to read (engagement; repeat for several; .gz files too).
    #[arg(long = "log", value_name = "FILE")]
    pub logs: Vec<PathBuf>,
    /// The logs' format: combined (Common/Combined Log Format), cloudfront or cloudflare. Default: told from each file.
    #[arg(long, value_name = "FORMAT")]
    pub log_format: Option<String>,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// `hallmark report` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// An aligned table for people.
    Text,
    /// CSV for spreadsheets (formula-looking cells escaped).
    Csv,
    /// JSON for tools (schemas/hallmark-report.schema.json).
    Json,
    /// One self-contained HTML page with charts (no external requests).
    Html,
}

/// `hallmark report expiring`.
#[derive(Debug, Args)]
pub struct ExpiringArgs {
    /// The window, e.g. 30d, 6w, 3m or 1y.
    #[arg(long, default_value = "30d", value_name = "PERIOD")]
    pub within: String,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    /// Aligned columns for people.
    Table,
    /// CSV for spreadsheets and mail merges.
    Csv,
    /// JSON for tools.
    Json,
}

/// `hallmark rotate-key`.
#[derive(Debug, Args)]
pub struct RotateKeyArgs {
    /// Where to write the new key (outside the content directory).
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// The current key leaked: remove it from the DID document and re-sign every credential with the new key.
    #[arg(long)]
    pub compromised: bool,
    /// Read the current key from this file (overrides HALLMARK_SIGNING_KEY and [signing] key_file).
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain words for people.
    Text,
    /// One JSON report for tools.
    Json,
}

/// `hallmark verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Credential JSON files, baked PNG/SVG images, landing pages, site directories, or URLs.
    #[arg(required = true, value_name = "FILE|DIR|URL")]
    pub targets: Vec<String>,
    /// A built site to read the issuer's DID document and status lists from; URLs are mapped into it
    /// (a file inside a built site is checked against its own site too).
    #[arg(long, value_name = "DIR")]
    pub site: Option<std::path::PathBuf>,
    /// The URL the --site directory is served from (default: read from its did.json).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Raises (or lowers) a limit on what is read: file-size=32M, json-size=2M, proofs=16,
    /// depth=64 by default; past a limit an input is "could not check: too large". Repeatable.
    #[arg(long = "limit", value_name = "NAME=VALUE")]
    pub limits: Vec<String>,
    /// The language of the report's states and steps (en, fr, de, es, ko, ar); technical details
    /// stay as they are.
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
}

/// `hallmark keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Where to write the key (default: ~/.config/hallmark/signing.key). Never inside the content directory.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_and_flag_has_help_text() {
        let cli = Cli::command();
        cli.clone().debug_assert();
        let mut missing = Vec::new();
        let commands = std::iter::once(&cli).chain(cli.get_subcommands());
        for cmd in commands {
            if cmd.get_about().is_none() {
                missing.push(format!("command {}", cmd.get_name()));
            }
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !builtin && arg.get_help().is_none() {
                    missing.push(format!("{} --{}", cmd.get_name(), arg.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "no help text: {missing:?}");
    }
}
