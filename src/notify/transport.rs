//! SMTP through `lettre`: STARTTLS or implicit TLS (rustls), AUTH PLAIN or LOGIN, one connection
//! reused for many messages. A message is sent step by step (MAIL, RCPT, DATA, the content) so the
//! outcome says whether it can have been delivered: a refusal before the content is a failure; a
//! connection lost after the content was handed over is "may have been delivered".

use std::net::IpAddr;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use crate::ground::error::{Error, Failure, Result};

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Security {
    /// Plain connection upgraded with STARTTLS, which the server must offer.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on this machine or a test server.
    None,
}

/// Where and how to connect. The password is held here only for the run, never written anywhere.
pub(crate) struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub credentials: Option<(String, String)>,
    pub mechanisms: Vec<Mechanism>,
    pub timeout: Duration,
    pub tls: Option<TlsParameters>,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.debug_struct("Smtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .finish()
    }
}

/// TLS settings for `host`, trusting the public roots and, if given, the certificates in `ca_pem`.
pub(crate) fn tls_parameters(host: &str, ca_pem: Option<&[u8]>) -> Result<TlsParameters> {
    let mut builder = TlsParameters::builder(host.to_string());
    if let Some(pem) = ca_pem {
        let cert = Certificate::from_pem(pem).map_err(|e| {
            Error::Usage(
                Failure::new(format!("email.ca_file is not a PEM certificate: {e}"))
                    .fix("give the certificate authority's certificate, in PEM form (-----BEGIN CERTIFICATE-----)"),
            )
        })?;
        builder = builder.add_root_certificate(cert);
    }
    builder.build_rustls().map_err(|e| Error::Usage(format!("TLS settings for {host}: {e}").into()))
}

/// The outcome of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The server accepted the message; its reply (with the queue id).
    Sent(String),
    /// Not delivered: the server refused (`code`, its reply) or the connection failed before the
    /// content was handed over (`code` 0).
    Failed { code: u16, reply: String },
    /// The content was handed over, but no reply came: it may have been delivered.
    Unconfirmed(String),
}

/// One open, authenticated connection.
pub(crate) struct Connection {
    conn: SmtpConnection,
}

impl Smtp {
    /// Connects, secures and authenticates, or says in plain words why it could not.
    pub(crate) fn connect(&self) -> Result<Connection> {
        let hello = ClientId::default();
        let implicit = (self.security == Security::Tls).then_some(self.tls.as_ref()).flatten();
        let mut conn =
            SmtpConnection::connect((self.host.as_str(), self.port), Some(self.timeout), &hello, implicit, None)
                .map_err(|e| {
                    self.cannot(
                        format!("could not connect to {}:{}: {}", self.host, self.port, chain(&e)),
                        "check email.host, email.port and email.security, and that this machine can reach the server",
                    )
                })?;
        if self.security == Security::StartTls {
            let tls = self.tls.as_ref().ok_or_else(|| self.cannot("no TLS settings".into(), ""))?;
            if !conn.can_starttls() {
                conn.abort();
                return Err(self.cannot(
                    format!("{} does not offer STARTTLS, so the connection cannot be encrypted", self.host),
                    "use security = \"tls\" with the server's implicit-TLS port (465), or ask the provider which port offers STARTTLS",
                ));
            }
            conn.starttls(tls, &hello).map_err(|e| {
                self.cannot(
                    format!("STARTTLS with {} failed: {}", self.host, chain(&e)),
                    "if the server's certificate is from a private authority, give its certificate in email.ca_file",
                )
            })?;
        }
        if let Some((user, password)) = &self.credentials {
            let creds = Credentials::new(user.clone(), password.clone());
            if let Err(e) = conn.auth(&self.mechanisms, &creds) {
                conn.abort();
                let what = match e.status() {
                    Some(_) => format!("{} refused the user name or password: {}", self.host, reply_of(&e).1),
                    None => format!("authentication with {} failed: {}", self.host, chain(&e)),
                };
                return Err(self
                    .cannot(what, "check email.user, email.auth and the HALLMARK_SMTP_PASSWORD environment variable"));
            }
        }
        Ok(Connection { conn })
    }

    fn cannot(&self, what: String, fix: &str) -> Error {
        let mut f = Failure::new(format!("{what}; nothing more was sent"));
        if !fix.is_empty() {
            f = f.fix(fix);
        }
        Error::Usage(f)
    }
}

/// An error with its causes, in one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(c) = source {
        s.push_str(": ");
        s.push_str(&c.to_string());
        source = c.source();
    }
    s
}

impl Connection {
    /// Sends `message` from `envelope`'s sender to its recipients.
    pub(crate) fn send(&mut self, envelope: &Envelope, message: &[u8]) -> Outcome {
        let info = self.conn.server_info().clone();
        let mut params = Vec::new();
        if !envelope
            .from()
            .into_iter()
            .chain(envelope.to())
            .all(|a: &lettre::Address| AsRef::<str>::as_ref(a).is_ascii())
        {
            if !info.supports_feature(Extension::SmtpUtfEight) {
                return Outcome::Failed {
                    code: 553,
                    reply: "the address has non-ASCII characters and the server does not accept them (no SMTPUTF8)"
                        .into(),
                };
            }
            params.push(MailParameter::SmtpUtfEight);
        }
        if !message.is_ascii() && info.supports_feature(Extension::EightBitMime) {
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let mut steps: Vec<Box<dyn std::fmt::Display>> = vec![Box::new(Mail::new(envelope.from().cloned(), params))];
        for to in envelope.to() {
            steps.push(Box::new(Rcpt::new(to.clone(), vec![])));
        }
        steps.push(Box::new(Data));
        for step in steps {
            if let Err(e) = self.conn.command(step) {
                return self.refused_before_content(&e);
            }
        }
        let handed_over = match dot_stuffed(message) {
            // In one write: lettre writes the closing dot on its own, which then waits for the
            // server's delayed ACK (40 ms a message on Linux).
            Some(content) => self.conn.command(content),
            None => self.conn.message(message),
        };
        match handed_over {
            Ok(reply) => Outcome::Sent(reply_text(reply.code().to_string(), reply.message())),
            Err(e) => match e.status() {
                Some(_) => refusal(&e),
                None => {
                    self.conn.abort();
                    Outcome::Unconfirmed(format!("no reply after the message was handed over ({})", chain(&e)))
                }
            },
        }
    }

    /// A command before the content failed: a refusal (the connection goes on after RSET) or a
    /// broken connection. Either way, nothing was delivered.
    fn refused_before_content(&mut self, e: &lettre::transport::smtp::Error) -> Outcome {
        match e.status() {
            Some(_) => {
                if self.conn.command(Rset).is_err() {
                    self.conn.abort();
                }
                refusal(e)
            }
            None => {
                self.conn.abort();
                Outcome::Failed {
                    code: 0,
                    reply: format!("connection lost before the message was handed over: {}", chain(e)),
                }
            }
        }
    }

    /// Whether the connection can carry another message.
    pub(crate) fn is_broken(&self) -> bool {
        self.conn.has_broken()
    }

    /// Says goodbye.
    pub(crate) fn quit(mut self) {
        if !self.conn.has_broken() {
            let _ = self.conn.quit();
        }
    }
}

/// The DATA content (RFC 5321 4.5.2): a line that starts with "." gets another, and ".\r\n"
/// ends it. `None` for content that is not UTF-8 (lettre's messages are 7-bit), left to lettre.
fn dot_stuffed(message: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(message).ok()?;
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive("\r\n") {
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
    }
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    Some(out)
}

/// A negative reply as the server wrote it: `451 4.7.1 Try again later`.
fn refusal(e: &lettre::transport::smtp::Error) -> Outcome {
    let (code, reply) = reply_of(e);
    Outcome::Failed { code, reply }
}

fn reply_of(e: &lettre::transport::smtp::Error) -> (u16, String) {
    let code = e.status().map_or(0, |c| c.to_string().parse().unwrap_or(0));
    let text = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
    (code, crate::notify::sentlog::clean(&format!("{code} {text}")))
}

/// `250 2.0.0 Ok: queued as 4F2X`, from a reply's code and lines.
fn reply_text<'a>(code: String, lines: impl Iterator<Item = &'a str>) -> String {
    let text: Vec<&str> = lines.collect();
    crate::notify::sentlog::clean(&format!("{code} {}", text.join(" ")))
}

/// Whether `host` is this machine: the only place a password may go unencrypted.
pub(crate) fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_is_dot_stuffed_and_ends_with_a_lone_dot() {
        assert_eq!(super::dot_stuffed(b"a\r\n.b\r\n..c").unwrap(), "a\r\n..b\r\n...c\r\n.\r\n");
        assert_eq!(super::dot_stuffed(b"x\r\n").unwrap(), "x\r\n.\r\n");
    }
}
