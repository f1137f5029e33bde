//! The commands for after the build: the public log, witnessing other logs, and e-mail.

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// `hallmark log …`.
#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Start this site's public log: its origin and key are fixed for good; the next build logs every credential.
    Init(LogInitArgs),
    /// Check a site's public log (a built site's directory or its URL).
    ///
    /// Exit status: 0 every check passed; 1 a check failed (a bad signature, a rewritten or
    /// inconsistent log, a broken rule, a status bit the events do not explain).
    Verify(LogVerifyArgs),
}

/// `hallmark log init`.
#[derive(Debug, Args)]
pub struct LogInitArgs {
    /// Create the log key at this path (outside the content directory) and name it in hallmark.toml
    /// (default: HALLMARK_LOG_KEY, [log] key_file, or a development log key for local builds).
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
}

/// `hallmark log verify`.
#[derive(Debug, Args)]
pub struct LogVerifyArgs {
    /// The site: a built site's directory, or its URL.
    #[arg(value_name = "URL|DIR")]
    pub site: String,
    /// A monitor's state file: the checkpoint seen last, checked for consistency, then replaced.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// A checkpoint saved earlier (a file): the log must still be consistent with it.
    #[arg(long, value_name = "FILE")]
    pub since: Option<PathBuf>,
    /// Recompute everything: every entry, hash and tile, and replay the log's rules.
    #[arg(long)]
    pub full: bool,
    /// Hold the status lists to the events (implies --full).
    #[arg(long)]
    pub credentials: bool,
}

/// `hallmark witness …`.
#[derive(Debug, Subcommand)]
pub enum WitnessCommand {
    /// Cosign the logs in [witness.logs]: each must prove it extends the checkpoint cosigned last.
    ///
    /// Exit status: 0 all cosigned; 1 a log was refused (rewritten, or its signature is wrong).
    Update,
    /// Print this site's witness key (vkey), for the logs it witnesses to name in [log.witnesses].
    Key,
}

/// `hallmark notify`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct NotifyArgs {
    #[command(subcommand)]
    pub action: Option<NotifyCommand>,
    #[command(flatten)]
    pub run: NotifyRunArgs,
}

/// `hallmark notify resend` and `doctor`.
#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Send a credential's e-mail again, for a recipient who lost it or changed address.
    Resend(ResendArgs),
    /// Check the sender domain's SPF, DKIM and DMARC records, and say what is missing.
    Doctor(DoctorArgs),
}

/// Flags of a `hallmark notify` run.
#[derive(Debug, Args)]
pub struct NotifyRunArgs {
    /// Write every e-mail as an .eml file into --out and print the plan; send and record nothing.
    #[arg(long, requires = "out")]
    pub dry_run: bool,
    /// Where --dry-run writes the .eml files.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only this credential id, roster row (recipients/x.csv:12) or roster file; may be repeated.
    #[arg(long, value_name = "ROW-OR-ID")]
    pub only: Vec<String>,
    /// Only this kind of e-mail (issued, renewed, corrected, revoked, suspended, reinstated, expiring); may be repeated.
    #[arg(long, value_name = "EVENT")]
    pub event: Vec<String>,
    /// Send again the e-mails an interrupted run may have delivered (listed as "may have been delivered").
    #[arg(long)]
    pub retry_unconfirmed: bool,
    /// Check links in this built site directory instead of at the base URL (HTTP HEAD).
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
    /// Record every e-mail due now as sent, sending nothing (for recipients told before using notify).
    #[arg(long, conflicts_with_all = ["dry_run", "retry_unconfirmed"])]
    pub baseline: bool,
}

/// `hallmark notify resend`.
#[derive(Debug, Args)]
pub struct ResendArgs {
    /// The credential id (the <id> in c/<id>/).
    pub id: String,
    /// Send to this address instead of the roster's; it is used for this e-mail only and stored nowhere.
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,
    /// Write the e-mail as an .eml file into --out; send and record nothing.
    #[arg(long, requires = "out")]
    pub dry_run: bool,
    /// Where --dry-run writes the .eml file.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Check links in this built site directory instead of at the base URL.
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
}

/// `hallmark notify doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Ask this DNS server (IP:PORT) instead of the system's resolvers.
    #[arg(long, value_name = "IP:PORT")]
    pub dns: Option<std::net::SocketAddr>,
}
