//! `[email]` of `hallmark.toml`: how `hallmark notify` reaches the institution's SMTP server and
//! which e-mails it sends. The password is never here: it comes from `HALLMARK_SMTP_PASSWORD`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::ground::error::{Location, Problem, Problems};
use crate::model::schema::{Key, Kind};

/// `[email]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EmailConfig {
    /// The SMTP server's host name.
    pub host: String,
    /// Default: 587 for `starttls`, 465 for `tls`, 25 for `none`.
    pub port: Option<f64>,
    /// `starttls` (the default), `tls` (implicit TLS) or `none`.
    pub security: Option<String>,
    /// The SMTP user; the password is read from the environment.
    pub user: Option<String>,
    /// `plain` or `login`; default: what the server offers, PLAIN first.
    pub auth: Option<String>,
    /// The sender, `Name <address>` or an address.
    pub from: String,
    pub reply_to: Option<String>,
    /// Messages per second on each connection (default 10; 0: no limit).
    pub rate: Option<f64>,
    /// Connections used at once (default 1).
    pub connections: Option<f64>,
    /// Messages sent over one connection before it is closed and another opened (default 100).
    pub per_connection: Option<f64>,
    /// At most this many messages in one run, for a provider's daily quota (default: no limit).
    pub batch: Option<f64>,
    /// Seconds to wait for the server before giving up on a step (default 30).
    pub timeout: Option<f64>,
    /// Retries of a temporary failure within a run (default 2).
    pub retries: Option<f64>,
    /// Seconds before the first retry within a run, doubled for each next one (default 2).
    pub retry_delay: Option<f64>,
    /// Seconds before a later run retries a temporary failure, doubled for each failure, at most a day (default 900).
    pub retry_after: Option<f64>,
    /// Days before expiry to send a reminder (default [30, 7]; [] for none).
    pub reminders: Option<Vec<f64>>,
    /// Tell recipients when their credential is revoked, suspended or reinstated (default false).
    #[serde(default)]
    pub status_notices: bool,
    /// A PEM file of a certificate authority to trust besides the public ones (a private relay).
    pub ca_file: Option<String>,
    /// The `List-Unsubscribe` target of reminders: a `mailto:` or `https:` address (default: a
    /// `mailto:` to the reply-to or sender address).
    pub unsubscribe: Option<String>,
    /// DKIM selectors for `hallmark notify doctor` to look up (default: common ones).
    #[serde(default)]
    pub dkim_selectors: Vec<String>,
    /// Per badge: `[email.badges.<slug>] status_notices = true`.
    #[serde(default)]
    pub badges: BTreeMap<String, EmailBadgeConfig>,
}

/// `[email.badges.<slug>]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EmailBadgeConfig {
    pub status_notices: Option<bool>,
}

/// The keys `[email]` accepts.
pub(crate) const EMAIL_KEYS: &[Key] = &[
    Key::required("host", Kind::Text),
    Key::optional("port", Kind::Number),
    Key::optional("security", Kind::Text),
    Key::optional("user", Kind::Text),
    Key::optional("auth", Kind::Text),
    Key::required("from", Kind::Text),
    Key::optional("reply_to", Kind::Text),
    Key::optional("rate", Kind::Number),
    Key::optional("connections", Kind::Number),
    Key::optional("per_connection", Kind::Number),
    Key::optional("batch", Kind::Number),
    Key::optional("timeout", Kind::Number),
    Key::optional("retries", Kind::Number),
    Key::optional("retry_delay", Kind::Number),
    Key::optional("retry_after", Kind::Number),
    Key::optional("reminders", Kind::NumberList),
    Key::optional("status_notices", Kind::Bool),
    Key::optional("ca_file", Kind::Text),
    Key::optional("unsubscribe", Kind::Text),
    Key::optional("dkim_selectors", Kind::TextList),
    Key::optional("badges", Kind::Named(&[Key::optional("status_notices", Kind::Bool)])),
];

/// Checks the values of `[email]`, each at its place.
pub(crate) fn validate(email: &EmailConfig, locate: &dyn Fn(&str) -> Location, problems: &mut Problems) {
    let mut bad = |key: &str, message: String, help: &str| {
        problems.push(Problem::error(locate(&format!("email.{key}")), message).help(help.to_string()));
    };
    if email.host.trim().is_empty() {
        bad("host", "email.host is empty".into(), "write the SMTP server's host name, e.g. smtp.example.org");
    }
    if let Some(s) = &email.security {
        if !matches!(s.as_str(), "starttls" | "tls" | "none") {
            bad("security", format!("email.security \"{s}\" is not starttls, tls or none"), SECURITY_HELP);
        }
    }
    if let Some(a) = &email.auth {
        if !matches!(a.as_str(), "plain" | "login") {
            bad(
                "auth",
                format!("email.auth \"{a}\" is not plain or login"),
                "write auth = \"plain\" or \"login\", or leave it out",
            );
        }
    }
    for (key, value) in [("from", Some(&email.from)), ("reply_to", email.reply_to.as_ref())] {
        if let Some(v) = value {
            if v.parse::<lettre::message::Mailbox>().is_err() {
                bad(key, format!("email.{key} \"{v}\" is not an e-mail address"), MAILBOX_HELP);
            }
        }
    }
    let whole = |v: f64, max: f64| v.fract() == 0.0 && (0.0..=max).contains(&v);
    let counts = [
        ("port", email.port, 65_535.0),
        ("connections", email.connections, 64.0),
        ("per_connection", email.per_connection, 1e9),
        ("batch", email.batch, 1e9),
        ("retries", email.retries, 20.0),
    ];
    for (key, value, max) in counts {
        if let Some(v) = value.filter(|v| !whole(*v, max) || (*v == 0.0 && key != "retries")) {
            bad(
                key,
                format!("email.{key} = {v} is not a whole number from 1 to {max}"),
                "write a whole number without quotes",
            );
        }
    }
    let seconds = [
        ("rate", email.rate),
        ("timeout", email.timeout),
        ("retry_delay", email.retry_delay),
        ("retry_after", email.retry_after),
    ];
    for (key, value) in seconds {
        if let Some(v) = value.filter(|v| !v.is_finite() || *v < 0.0 || *v > 86_400.0) {
            bad(key, format!("email.{key} = {v} is out of range"), "write a number from 0 to 86400");
        }
    }
    for d in email.reminders.iter().flatten() {
        if !whole(*d, 3650.0) || *d == 0.0 {
            bad(
                "reminders",
                format!("email.reminders: {d} is not a number of days from 1 to 3650"),
                "write days before expiry, e.g. reminders = [30, 7]",
            );
        }
    }
    if let Some(u) = &email.unsubscribe {
        if !(u.starts_with("mailto:") || u.starts_with("https://") || u.starts_with("http://")) {
            bad(
                "unsubscribe",
                format!("email.unsubscribe \"{u}\" is not a mailto: or https: address"),
                "write e.g. unsubscribe = \"mailto:badges@example.org?subject=unsubscribe\"",
            );
        }
    }
}

const SECURITY_HELP: &str = "write security = \"starttls\" (port 587), \"tls\" (port 465) or \"none\" (only for a relay on this machine or a test server)";
const MAILBOX_HELP: &str = "write an address, or a name and an address: \"Example Institute <badges@example.org>\"";

#[cfg(test)]
mod tests {
    use crate::model::config::{load, CONFIG_FILE};

    const SITE: &str = "[site]\ntitle = \"T\"\nbase_url = \"https://x.github.io/c\"\n[issuer]\nname = \"I\"\nurl = \"https://i.example/\"\n";

    fn load_with(email: &str) -> Result<crate::model::config::Settings, crate::ground::error::Problems> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), format!("{SITE}[email]\n{email}")).unwrap();
        load(dir.path(), None)
    }

    #[test]
    fn a_minimal_email_table_reads_with_defaults_left_to_the_sender() {
        let s = load_with("host = \"smtp.example.org\"\nfrom = \"Example <badges@example.org>\"\n").unwrap();
        let email = s.config.email.unwrap();
        assert_eq!(email.host, "smtp.example.org");
        assert_eq!(email.port, None);
        assert!(!email.status_notices);
    }

    #[test]
    fn every_bad_email_value_is_reported_at_its_line() {
        let problems = load_with(
            "host = \"smtp.example.org\"\nfrom = \"not an address\"\nsecurity = \"ssl\"\nport = 99999\nreminders = [30, \"7\"]\npassword = \"x\"\n",
        )
        .unwrap_err()
        .sorted();
        let lines: Vec<(usize, &str)> =
            problems.iter().map(|p| (p.location.as_ref().unwrap().line, p.message.as_str())).collect();
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == 9 && m.contains("not an e-mail address")), "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == 10 && m.contains("\"ssl\"")), "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == 11 && m.contains("99999")), "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == 12 && m.contains("list of numbers")), "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == 13 && m.contains("unknown key `password`")), "{lines:?}");
    }
}
