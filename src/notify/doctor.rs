//! `hallmark notify doctor`: whether the sender's domain publishes what receiving servers check
//! before they trust a message (SPF, DKIM, DMARC), and what to add where it does not. DNS answers
//! come through an injectable source: the real one asks the system's resolvers (or a given
//! server) with hickory-resolver, and says "could not check" when none answers.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::ground::error::{Error, Failure, Result};

/// The options of `hallmark notify doctor`.
#[derive(Debug, Clone)]
pub struct DoctorOptions {
    pub content_dir: PathBuf,
    /// Ask this DNS server instead of the system's.
    pub dns_server: Option<SocketAddr>,
    pub timeout: Duration,
}

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    Ok,
    /// Present, but weaker than it should be.
    Weak,
    Missing,
    /// DNS could not be asked.
    Unknown,
}

/// One check: SPF, DKIM or DMARC.
#[derive(Debug, Clone)]
pub struct Check {
    pub name: &'static str,
    pub finding: Finding,
    /// What was found, in plain words.
    pub detail: String,
    /// What to do about it.
    pub fix: Option<String>,
}

/// The checks of one sender domain.
#[derive(Debug, Clone)]
pub struct DoctorReport {
    pub domain: String,
    pub checks: Vec<Check>,
}

/// A DNS answer for TXT records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Txt {
    Records(Vec<String>),
    /// The name has no TXT record (or does not exist).
    None,
    /// No server answered.
    Unreachable(String),
}

/// Where TXT records come from (a real resolver, or a test's table).
pub(crate) trait TxtSource {
    fn txt(&self, name: &str) -> Txt;
}

/// DKIM selectors tried when `email.dkim_selectors` names none: those of common providers.
const COMMON_SELECTORS: &[&str] =
    &["default", "google", "selector1", "selector2", "k1", "s1", "s2", "mail", "dkim", "smtp", "mandrill", "amazonses"];

/// Checks the domain of `[email] from` of the site in `options.content_dir`.
pub fn doctor(options: &DoctorOptions) -> Result<DoctorReport> {
    let settings =
        crate::model::config::load(&options.content_dir, None).map_err(|problems| Error::Content { problems })?;
    let email = settings.config.email.ok_or_else(|| {
        Error::Usage(
            Failure::new("hallmark.toml has no [email] table: there is no sender domain to check")
                .fix("add [email] with host and from (see the README, \"Telling recipients\")"),
        )
    })?;
    let from: lettre::message::Mailbox =
        email.from.parse().map_err(|e| Error::Usage(format!("email.from \"{}\": {e}", email.from).into()))?;
    let domain = from.email.domain().to_string();
    let source = Resolver::new(options.dns_server, options.timeout)?;
    Ok(check_domain(&domain, &email.dkim_selectors, &source))
}

/// The three checks of `domain`, through `dns`.
pub(crate) fn check_domain(domain: &str, selectors: &[String], dns: &dyn TxtSource) -> DoctorReport {
    let spf_answer = dns.txt(domain);
    if let Txt::Unreachable(why) = &spf_answer {
        let unknown = |name| Check {
            name,
            finding: Finding::Unknown,
            detail: format!("could not check: no DNS server answered ({why})"),
            fix: Some(
                "run `hallmark notify doctor` on a machine with Internet access, or give a DNS server with {dns}"
                    .into(),
            ),
        };
        return DoctorReport { domain: domain.into(), checks: vec![unknown("SPF"), unknown("DKIM"), unknown("DMARC")] };
    }
    let checks = vec![
        spf(domain, &spf_answer),
        dkim(domain, selectors, dns),
        dmarc(domain, &dns.txt(&format!("_dmarc.{domain}"))),
    ];
    DoctorReport { domain: domain.into(), checks }
}

fn records_starting(answer: &Txt, prefix: &str) -> Vec<String> {
    match answer {
        Txt::Records(r) => r.iter().filter(|t| t.to_ascii_lowercase().starts_with(prefix)).cloned().collect(),
        _ => Vec::new(),
    }
}

fn check(name: &'static str, finding: Finding, detail: String, fix: Option<String>) -> Check {
    Check { name, finding, detail, fix }
}

fn spf(domain: &str, answer: &Txt) -> Check {
    let found = records_starting(answer, "v=spf1");
    match found.as_slice() {
        [] => check("SPF", Finding::Missing, format!("{domain} publishes no SPF record, so receiving servers cannot tell which servers may send its mail"),
            Some(format!("add a TXT record at {domain}: v=spf1 include:<your provider's SPF domain> ~all (your mail provider's documentation gives the exact value)"))),
        [one] if one.trim_end().ends_with("+all") => check("SPF", Finding::Weak, format!("{domain}: \"{one}\" lets any server send as {domain}"),
            Some("end the record with ~all or -all instead of +all".into())),
        [one] => check("SPF", Finding::Ok, format!("{domain}: \"{one}\""), None),
        _ => check("SPF", Finding::Weak, format!("{domain} publishes {} SPF records; receivers treat more than one as an error", found.len()),
            Some("merge them into one TXT record that starts with v=spf1".into())),
    }
}

fn dkim(domain: &str, selectors: &[String], dns: &dyn TxtSource) -> Check {
    let tried: Vec<String> = if selectors.is_empty() {
        COMMON_SELECTORS.iter().map(|s| s.to_string()).collect()
    } else {
        selectors.to_vec()
    };
    for s in &tried {
        let name = format!("{s}._domainkey.{domain}");
        let answer = dns.txt(&name);
        let keys = records_starting(&answer, "v=dkim1");
        let key = match &answer {
            Txt::Records(r) if keys.is_empty() => r.iter().find(|t| t.contains("p=")).cloned(),
            _ => keys.first().cloned(),
        };
        if let Some(k) = key {
            let revoked = k.replace(' ', "").contains("p=;") || k.trim_end().ends_with("p=");
            return if revoked {
                check(
                    "DKIM",
                    Finding::Weak,
                    format!("the DKIM key at {name} is empty (revoked)"),
                    Some(
                        "publish the key your provider signs with, or name its selector in email.dkim_selectors".into(),
                    ),
                )
            } else {
                check("DKIM", Finding::Ok, format!("a DKIM key is published at {name}"), None)
            };
        }
    }
    check("DKIM", Finding::Missing, format!("no DKIM key found for {domain} at the selectors tried ({})", tried.join(", ")),
        Some(format!("ask your mail provider to sign mail from {domain} with DKIM and publish its key (a TXT record at <selector>._domainkey.{domain}); then name the selector in email.dkim_selectors")))
}

fn dmarc(domain: &str, answer: &Txt) -> Check {
    let found = records_starting(answer, "v=dmarc1");
    let Some(record) = found.first() else {
        return check("DMARC", Finding::Missing, format!("{domain} publishes no DMARC policy, and some large mailbox providers now refuse or file as spam bulk mail without one"),
            Some(format!("add a TXT record at _dmarc.{domain}: v=DMARC1; p=none; rua=mailto:<an address that collects reports>, and tighten p= once the reports look right")));
    };
    let policy = record.split(';').map(str::trim).find_map(|t| t.strip_prefix("p=")).unwrap_or("").to_ascii_lowercase();
    match policy.as_str() {
        "quarantine" | "reject" => check("DMARC", Finding::Ok, format!("_dmarc.{domain}: \"{record}\""), None),
        _ => check(
            "DMARC",
            Finding::Weak,
            format!("_dmarc.{domain}: \"{record}\" asks receivers only to report (p={policy})"),
            Some("once SPF and DKIM pass for all your mail, set p=quarantine or p=reject".into()),
        ),
    }
}

/// The real resolver: hickory-resolver on a one-thread runtime.
struct Resolver {
    runtime: tokio::runtime::Runtime,
    resolver: hickory_resolver::TokioResolver,
}

impl Resolver {
    fn new(server: Option<SocketAddr>, timeout: Duration) -> Result<Resolver> {
        use hickory_resolver::config::{NameServerConfigGroup, ResolverConfig};
        use hickory_resolver::name_server::TokioConnectionProvider;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Usage(format!("could not start the DNS client: {e}").into()))?;
        let mut builder = match server {
            Some(addr) => {
                let group = NameServerConfigGroup::from_ips_clear(&[addr.ip()], addr.port(), true);
                hickory_resolver::Resolver::builder_with_config(
                    ResolverConfig::from_parts(None, vec![], group),
                    TokioConnectionProvider::default(),
                )
            }
            // No system configuration (no /etc/resolv.conf): every lookup says it could not check.
            None => hickory_resolver::Resolver::builder_tokio().unwrap_or_else(|_| {
                hickory_resolver::Resolver::builder_with_config(
                    ResolverConfig::from_parts(None, vec![], NameServerConfigGroup::new()),
                    TokioConnectionProvider::default(),
                )
            }),
        };
        builder.options_mut().timeout = timeout;
        builder.options_mut().attempts = 1;
        Ok(Resolver { runtime, resolver: builder.build() })
    }
}

impl TxtSource for Resolver {
    fn txt(&self, name: &str) -> Txt {
        match self.runtime.block_on(self.resolver.txt_lookup(format!("{name}."))) {
            Ok(answer) => Txt::Records(
                answer
                    .iter()
                    .map(|t| t.txt_data().iter().map(|part| String::from_utf8_lossy(part)).collect::<String>())
                    .collect(),
            ),
            Err(e) if e.is_no_records_found() || e.is_nx_domain() => Txt::None,
            Err(e) => Txt::Unreachable(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests;
