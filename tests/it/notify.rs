//! `hallmark notify` against a real SMTP server (aiosmtpd, tests/notify/smtp_server.py, installed by
//! scripts/test): plain, STARTTLS and implicit TLS with a test certificate made at test time, AUTH
//! with right and wrong passwords, a temporary refusal, a permanent one, and a connection dropped
//! in the middle of DATA. What the server received is parsed back by Python's e-mail package.

use crate::support::notify::*;
use crate::support::{stderr, stdout, Site};

#[test]
fn plain_smtp_sends_each_e_mail_once_with_both_parts_and_names_intact() {
    let site = built_site();
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\n");
    let out = site.notify(&[]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("Sent 5 e-mails (issued 5)"), "{}", stdout(&out));
    let got = server.received();
    assert_eq!(got.len(), 5);
    assert_eq!(server.connections(), 1, "one connection, reused for every message");
    let zoe = got.iter().find(|m| m["to"].as_str().unwrap().contains("zoe@")).unwrap();
    assert_eq!(zoe["to"], "Zoë Ångström <zoe@example.org>");
    assert_eq!(zoe["subject"], "Your credential: First Aid");
    assert_eq!(zoe["from"], "Fixture Academy <badges@academy.example>");
    assert_eq!(zoe["parts"], serde_json::json!(["multipart/alternative", "text/plain", "text/html"]));
    assert_eq!(zoe["defects"], serde_json::json!([]));
    assert_eq!(zoe["auto_submitted"], "auto-generated");
    assert!(zoe["message_id"].as_str().unwrap().ends_with("@academy.example>"), "{}", zoe["message_id"]);
    assert!(zoe["list_unsubscribe"].is_null(), "only reminders carry List-Unsubscribe");
    let text = zoe["text"].as_str().unwrap();
    let html = zoe["html"].as_str().unwrap();
    assert!(text.starts_with("Hello Zoë Ångström,"), "{text}");
    assert!(html.contains("Hello Zoë Ångström,"), "{html}");
    for (part, amp) in [(text, "&"), (html, "&amp;")] {
        let page = site.resolve(part);
        assert!(page.contains("Zoë Ångström"), "the link resolves to the recipient's built landing page");
        let linkedin = linkedin_link(&site.public(), &page).replace('&', amp);
        assert!(part.contains(&linkedin), "the e-mail's LinkedIn link is the credential's: {linkedin}\n{part}");
        assert!(part.contains("/credential.json"), "the wallet link");
        assert!(!part.contains("<img") && !part.contains("src="), "no remote images, no tracking pixel");
    }
    let log = site.sent_log();
    assert_eq!(log.lines().filter(|l| l.contains("\tissued\tsent\t")).count(), 5, "{log}");
    assert!(log.contains("\tQ00000"), "the queue id is recorded: {log}");
    for private in ["@", "Zoë", "Ada", "Lovelace"] {
        assert!(!log.lines().filter(|l| !l.starts_with('#')).any(|l| l.contains(private)), "{private} in {log}");
    }
    let again = site.notify(&[]);
    assert!(stdout(&again).contains("Nothing to send"), "{}", stdout(&again));
    assert_eq!(server.received().len(), 5, "nothing is sent twice");
    assert_eq!(server.connections(), 1, "and with nothing due, no connection is made");
}

#[test]
fn a_connection_carries_per_connection_messages_at_the_rate_then_another_is_opened() {
    let site = built_site();
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\nper_connection = 2\nrate = 20\n");
    let start = std::time::Instant::now();
    assert!(site.notify(&[]).status.success());
    // The rate is a limit, not a speed: five messages at 20 a second take at least 4 × 50 ms.
    assert!(start.elapsed() >= std::time::Duration::from_millis(200), "{:?}", start.elapsed());
    assert_eq!(server.received().len(), 5);
    assert_eq!(server.connections(), 3);
}

#[test]
fn starttls_and_implicit_tls_with_a_test_certificate_and_auth() {
    for (tls, security) in [("starttls", "starttls"), ("implicit", "tls")] {
        let site = built_site();
        let server = Smtp::start(&["--tls", tls, "--auth", "badges:right horse battery"]);
        let ca = server.ca_file();
        site.email(&server, &format!("security = \"{security}\"\nuser = \"badges\"\nca_file = \"{ca}\"\n"));
        let wrong = site.notify_with_password(&[], Some("wrong"));
        assert_eq!(wrong.status.code(), Some(1), "{}", stderr(&wrong));
        assert!(stderr(&wrong).contains("refused the user name or password: 535"), "{}", stderr(&wrong));
        assert!(stderr(&wrong).contains("HALLMARK_SMTP_PASSWORD"), "{}", stderr(&wrong));
        assert!(!stderr(&wrong).contains("wrong"), "the password is never printed");
        assert!(!site.sent_log().contains("\tattempted\t"), "nothing was attempted: {}", site.sent_log());
        let missing = site.notify_with_password(&[], None);
        assert!(stderr(&missing).contains("HALLMARK_SMTP_PASSWORD is not set"), "{}", stderr(&missing));
        let right = site.notify_with_password(&[], Some("right horse battery"));
        assert!(right.status.success(), "{tls}: {}", stderr(&right));
        assert_eq!(server.received().len(), 5, "{tls}");
    }
}

#[test]
fn a_server_that_refuses_for_now_gets_the_message_on_a_retry() {
    let site = built_site();
    let server = Smtp::start(&["--tempfail-once"]);
    site.email(&server, "security = \"none\"\nretry_delay = 0\n");
    let out = site.notify(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.received().len(), 5);
    assert_eq!(count(&site.sent_log(), "sent", 1, ""), 5, "one failed try each: {}", site.sent_log());

    // With no retry within the run, the next run retries.
    let site = built_site();
    let server = Smtp::start(&["--tempfail-once"]);
    site.email(&server, "security = \"none\"\nretries = 0\nretry_after = 0\n");
    let first = site.notify(&[]);
    assert_eq!(first.status.code(), Some(1));
    assert!(stderr(&first).contains("Refused for now"), "{}", stderr(&first));
    assert!(stderr(&first).contains("451 4.7.1 Greylisted"), "{}", stderr(&first));
    assert_eq!(count(&site.sent_log(), "failed", 1, "451 4.7.1"), 5, "{}", site.sent_log());
    let second = site.notify(&[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(server.received().len(), 5);
}

#[test]
fn a_permanent_refusal_is_reported_by_roster_row_and_never_retried() {
    let site = built_site();
    let server = Smtp::start(&["--reject", "zoe@"]);
    site.email(&server, "security = \"none\"\nretry_after = 0\n");
    let out = site.notify(&[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Refused for good"), "{err}");
    assert!(err.contains("recipients/lms.csv:3:1: credential"), "the row is named: {err}");
    assert!(err.contains("550 5.1.1 <address>: Recipient address rejected"), "{err}");
    // Neither her address nor her name (a random credential id may well hold the letters "zoe").
    let log = site.sent_log();
    assert!(!log.contains("zoe@") && !log.contains("Zoë") && !log.contains("Ångström"), "{log}");
    assert_eq!(server.received().len(), 4);
    let again = site.notify(&[]);
    assert!(stderr(&again).contains("Refused for good"), "still reported: {}", stderr(&again));
    assert!(stderr(&again).contains("recipients/lms.csv:3:1: credential"), "by its row: {}", stderr(&again));
    assert_eq!(count(&site.sent_log(), "failed", 1, "550 5.1.1"), 1, "tried once: {}", site.sent_log());
    assert_eq!(server.received().len(), 4);
}

#[test]
fn a_connection_dropped_in_the_middle_of_data_leaves_the_message_unconfirmed() {
    let site = built_site();
    let server = Smtp::start(&["--drop-data-once"]);
    site.email(&server, "security = \"none\"\n");
    let out = site.notify(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("May have been delivered"), "{}", stderr(&out));
    assert_eq!(server.received().len(), 4, "the others went out over a new connection");
    assert_eq!(site.sent_log().lines().filter(|l| l.contains("\tattempted\t")).count(), 1, "{}", site.sent_log());
    let again = site.notify(&[]);
    assert!(stderr(&again).contains("May have been delivered"), "{}", stderr(&again));
    assert_eq!(server.received().len(), 4, "not sent again without --retry-unconfirmed");
    let retried = site.notify(&["--retry-unconfirmed"]);
    assert!(retried.status.success(), "{}", stderr(&retried));
    assert_eq!(server.received().len(), 5);
    assert!(!site.sent_log().contains("\tattempted\t"), "{}", site.sent_log());
}

#[test]
fn corrections_revocations_and_reminders_are_told_once_each() {
    let site = built_site();
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\nstatus_notices = true\n");
    assert!(site.notify(&[]).status.success());
    site.edit("recipients/main.csv", "Ada Lovelace", "Ada King Lovelace");
    site.build();
    let ada = site.id_of("Ada King Lovelace");
    let li = site.id_of("李雷");
    let revoke = site.run(&["revoke", &li, "--reason", "Issued in error.", "--public"]);
    assert!(revoke.status.success(), "{}", stderr(&revoke));
    site.build();
    let out = site.notify(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = server.received();
    let corrected =
        got.iter().find(|m| m["subject"] == "Corrected: your credential SQL Basics").expect("a correction notice");
    let text = corrected["text"].as_str().unwrap();
    assert!(text.contains("- Name: Ada Lovelace → Ada King Lovelace"), "{text}");
    assert!(text.contains(&format!("/c/{ada}/")), "the new link: {text}");
    let revoked = got
        .iter()
        .find(|m| m["subject"] == "Your credential SQL Basics has been revoked")
        .expect("a revocation notice");
    assert!(revoked["text"].as_str().unwrap().contains("The reason given: Issued in error."));
    // Siobhán's credential expires on 2028-03-01: a week before, the 7-day reminder.
    let late = site.run_at("2028-02-25", &["notify", "--site", site.public().to_str().unwrap()], &[]);
    assert!(late.status.success(), "{}", stderr(&late));
    let got = server.received();
    let reminder =
        got.iter().find(|m| m["subject"] == "Your credential SQL Basics expires on 1 March 2028").expect("a reminder");
    assert!(reminder["list_unsubscribe"]
        .as_str()
        .unwrap()
        .starts_with("<mailto:badges@academy.example?subject=unsubscribe>"));
    let count = got.len();
    let again = site.run_at("2028-02-26", &["notify", "--site", site.public().to_str().unwrap()], &[]);
    assert!(stdout(&again).contains("Nothing to send"), "{}", stdout(&again));
    assert_eq!(server.received().len(), count);
}

#[test]
fn only_published_credentials_are_mailed_at_the_base_url_or_in_the_site_directory() {
    let site = built_site();
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\n");
    let ada = site.id_of("Ada Lovelace");
    std::fs::remove_dir_all(site.public().join("c").join(&ada)).unwrap();
    let out = site.notify(&[]);
    assert_eq!(out.status.code(), Some(2), "only held back: the workflow waits and runs again");
    assert!(stderr(&out).contains("Held back: not published yet"), "{}", stderr(&out));
    assert!(stderr(&out).contains(&ada), "{}", stderr(&out));
    assert_eq!(server.received().len(), 4);
    // The same over HTTP: a loopback server for public/, with base_url pointing at it.
    let web = WebServer::start(&site.public());
    site.edit("hallmark.toml", "https://fixture.github.io/academy/", &web.base_url());
    site.build();
    std::fs::remove_file(site.public().join("c").join(&ada).join("credential.json")).unwrap();
    let out = site.run(&["notify"]);
    assert!(stderr(&out).contains(&format!("{ada}/credential.json answers 404")), "{}", stderr(&out));
    assert!(web.heads() >= 2, "the links were checked with HEAD requests");
}

#[test]
fn a_dry_run_writes_every_message_and_records_nothing() {
    let site = built_site();
    let out_dir = site.root().join("eml");
    let out = site.run(&[
        "notify",
        "--dry-run",
        "--out",
        out_dir.to_str().unwrap(),
        "--site",
        site.public().to_str().unwrap(),
    ]);
    assert!(stderr(&out).contains("has no [email] table"), "a dry run needs a sender too: {}", stderr(&out));
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\n");
    let out = site.run(&[
        "notify",
        "--dry-run",
        "--out",
        out_dir.to_str().unwrap(),
        "--site",
        site.public().to_str().unwrap(),
        "--only",
        "recipients/main.csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Dry run: 3 e-mails written"), "{text}");
    assert!(text.contains("by event: issued 3"), "{text}");
    assert!(text.contains("李雷 <li.lei@example.net>"), "{text}");
    let files: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
    assert_eq!(files.len(), 3);
    assert!(!site.content().join("hallmark.sent").exists(), "a dry run records nothing");
    assert_eq!(server.received().len(), 0);
    let eml = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    assert!(eml.contains("Content-Type: multipart/alternative"), "{eml}");
}

#[test]
fn resend_goes_to_a_new_address_that_is_stored_nowhere() {
    let site = built_site();
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\n");
    assert!(site.notify(&[]).status.success());
    let ada = site.id_of("Ada Lovelace");
    let ledger = site.ledger();
    let out =
        site.run(&["notify", "resend", &ada, "--to", "ada.new@example.com", "--site", site.public().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = server.received();
    assert_eq!(got.len(), 6);
    assert_eq!(got[5]["to"], "Ada Lovelace <ada.new@example.com>");
    assert_eq!(site.ledger(), ledger);
    let log = site.sent_log();
    assert!(log.lines().any(|l| l.starts_with(&format!("{ada}\tresent@"))), "{log}");
    assert!(!log.contains("ada.new"), "{log}");
    let bad =
        site.run(&["notify", "resend", &ada, "--to", "ada at example", "--site", site.public().to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("the address is not one mail can be sent to"), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("give another with --to"), "{}", stderr(&bad));
    assert!(!stderr(&bad).contains("ada at example"), "no address in a real run's report: {}", stderr(&bad));
    let unknown = site.run(&["notify", "resend", "nosuchid"]);
    assert!(stderr(&unknown).contains("no issued credential has the id \"nosuchid\""), "{}", stderr(&unknown));
}

#[test]
fn doctor_reads_spf_dkim_and_dmarc_from_a_local_dns_server_and_says_what_is_missing() {
    let site = built_site();
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\ndkim_selectors = [\"s1\"]\n");
    let dns = Dns::start(&[
        ("academy.example", "v=spf1 include:_spf.mail.example ~all"),
        ("s1._domainkey.academy.example", "v=DKIM1; k=rsa; p=MIIBIjANBgkqh"),
    ]);
    let out = site.run(&["notify", "doctor", "--dns", &dns.address()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Sender domain: academy.example"), "{text}");
    assert!(text.contains("✓ SPF: academy.example: \"v=spf1 include:_spf.mail.example ~all\""), "{text}");
    assert!(text.contains("✓ DKIM: a DKIM key is published at s1._domainkey.academy.example"), "{text}");
    assert!(text.contains("✗ DMARC: academy.example publishes no DMARC policy"), "{text}");
    assert!(text.contains("help: add a TXT record at _dmarc.academy.example"), "{text}");
    // No DNS server at all: "could not check", never "missing".
    let closed = std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let out = site.run(&["notify", "doctor", "--dns", &closed.to_string()]);
    let text = stdout(&out);
    assert!(text.contains("? SPF: could not check"), "{text}");
    assert!(!text.contains('✗'), "{text}");
}

/// How many lines of the sent log have `state` after `tries` failed tries and a detail starting with `detail`.
fn count(log: &str, state: &str, tries: u32, detail: &str) -> usize {
    log.lines()
        .filter(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            f.len() == 6 && f[2] == state && f[4] == tries.to_string() && f[5].starts_with(detail)
        })
        .count()
}

#[test]
fn a_subject_with_non_ascii_characters_goes_out_as_encoded_words() {
    let site = crate::support::Site::fixture("small");
    site.edit("badges/first-aid.md", "name = \"First Aid\"", "name = \"Premiers secours – Erste Hilfe ✚\"");
    site.build();
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\n");
    let out = site.notify(&["--only", "recipients/lms.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = server.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["subject"], "Your credential: Premiers secours – Erste Hilfe ✚");
    let raw = std::fs::read_to_string(server.dir.path().join("1.eml")).unwrap();
    let subject = raw.lines().find(|l| l.starts_with("Subject:")).unwrap();
    assert!(subject.is_ascii() && subject.contains("=?utf-8?"), "an RFC 2047 encoded word: {subject}");
    assert!(raw.is_ascii(), "the whole message is 7-bit: its parts are quoted-printable or base64");
}

#[test]
fn each_recipient_is_written_to_in_the_language_of_their_roster_row() {
    let site = Site::fixture("small");
    let roster = site.content().join("recipients/main.csv");
    let text = std::fs::read_to_string(&roster).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[0].push_str(",language");
    lines[1].push_str(",fr");
    lines[2].push(',');
    lines[3].push_str(",ko");
    std::fs::write(&roster, lines.join("\n") + "\n").unwrap();
    site.edit("hallmark.toml", "language = \"en\"\n", "language = \"en\"\nlanguages = [\"en\", \"fr\"]\n");
    site.build();
    let server = Smtp::start(&[]);
    site.email(&server, "security = \"none\"\n");
    let out = site.notify(&[]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let got = server.received();
    let to = |who: &str| got.iter().find(|m| m["to"].as_str().unwrap().contains(who)).unwrap().clone();
    let ada = to("ada@");
    assert_eq!(ada["subject"], "Votre attestation\u{a0}: SQL Basics", "a non-breaking space before the colon");
    let text = ada["text"].as_str().unwrap();
    assert!(text.starts_with("Bonjour Ada Lovelace,"), "{text}");
    assert!(text.contains("le 1 mars 2026."), "the date in French: {text}");
    assert!(ada["html"].as_str().unwrap().contains("<html lang=\"fr\">"));
    assert!(text.contains("https://fixture.github.io/academy/fr/c/"), "the link goes to the French page: {text}");
    let li_text = to("li.lei@")["text"].as_str().unwrap().to_string();
    assert!(!li_text.contains("/ko/c/"), "the site has no Korean pages: the default one");
    assert_eq!(to("siobhan@")["subject"], "Your credential: SQL Basics", "no language: the site's");
    let li = to("li.lei@");
    assert_eq!(li["subject"], "자격증명 발급: SQL Basics");
    assert!(li["text"].as_str().unwrap().contains("2026년 3월 2일"), "{}", li["text"]);
}
