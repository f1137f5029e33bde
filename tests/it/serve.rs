//! `hallmark serve` over real loopback HTTP: content types, no way out of the site, the event stream
//! that reloads pages after a change, build errors pushed with file:line:column and cleared when
//! fixed, and nothing written to disk.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::support::http::{get, request, start_serve as start};
use crate::support::{snapshot, stderr, Site};

/// The Server-Sent Events stream an open page listens to.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET /__hallmark/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut reader = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.to_ascii_lowercase().contains("content-type: text/event-stream"), "{head}");
        Events { reader }
    }

    /// The next `state` event's data, within two minutes (keep-alive comments do not extend it).
    fn next(&mut self) -> serde_json::Value {
        let mut event = String::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            assert!(Instant::now() < deadline, "no state event within two minutes");
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event within the timeout");
            assert!(n > 0, "the event stream closed");
            let line = line.trim_end();
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if event == "state" {
                    return serde_json::from_str(data).unwrap();
                }
            }
        }
    }
}

/// The ledger line of the credential issued to `name`: (id, line).
fn ledger_id(site: &Site, name: &str) -> String {
    let ledger = site.ledger();
    let line = ledger.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} in the ledger"));
    line.split('\t').next().unwrap().to_string()
}

#[test]
fn serve_previews_the_site_reloads_on_change_and_shows_errors() {
    let site = Site::fixture("small");
    site.build();
    let ledger_before = site.ledger();
    let public_before = snapshot(&site.public());
    let ada = ledger_id(&site, "Ada Lovelace");

    let srv = start(&site, &["--port", "0"]).unwrap();
    let addr = srv.addr.clone();
    let mut events = Events::open(&addr);
    let first = events.next();
    assert_eq!(first["problem"], serde_json::Value::Null, "the first build succeeded: {first}");
    let build1 = first["build"].as_u64().unwrap();

    pages_and_files(&addr, &srv.url, &ada, build1);
    nothing_outside_the_site(&addr);

    // Editing one row: the change is built and every open page is told to reload.
    let started = Instant::now();
    site.edit("recipients/main.csv", "Ada Lovelace", "Ada King");
    let second = events.next();
    let reload_after = started.elapsed();
    assert_eq!(second["problem"], serde_json::Value::Null, "{second}");
    assert_eq!(second["build"].as_u64(), Some(build1 + 1));
    let old = get(&addr, &format!("/c/{ada}/")).text();
    assert!(old.contains("Replaced by"), "the corrected credential's old page links to the new one");
    let link = old.split("Replaced by <a href=\"/c/").nth(1).expect("a link to the new credential");
    let new_id = link.split('/').next().unwrap();
    assert_ne!(new_id, ada);
    let new_page = get(&addr, &format!("/c/{new_id}/")).text();
    assert!(new_page.contains("Ada King"), "the new credential's page has the new name");
    assert!(new_page.contains(&format!("data-build=\"{}\"", build1 + 1)));
    eprintln!("reload event {} ms after the edit (debug build)", reload_after.as_millis());

    content_error_and_fix(&site, &srv, &mut events, new_id, build1);

    // A template error names the template's file:line:column; the theme is watched as well.
    let templates = site.content().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("404.html"), "<p>lost</p>\n{% if %}\n").unwrap();
    let fifth = events.next();
    let problem = fifth["problem"].as_str().unwrap_or_else(|| panic!("a template error is reported: {fifth}"));
    assert!(problem.contains("templates/404.html:2:"), "names file:line:column: {problem}");
    std::fs::remove_file(templates.join("404.html")).unwrap();
    let sixth = events.next();
    assert_eq!(sixth["problem"], serde_json::Value::Null, "{sixth}");

    // A preview writes nothing: not the ledger, not the built site.
    drop(srv);
    assert_eq!(site.ledger(), ledger_before, "serve does not change hallmark.lock");
    assert!(snapshot(&site.public()) == public_before, "serve does not touch the output directory");
}

/// Pages, with the live-reload script; every kind of file with its content type.
fn pages_and_files(addr: &str, url: &str, ada: &str, build1: u64) {
    // Pages, with the live-reload script; every kind of file with its content type.
    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(home
        .text()
        .contains(&format!("<script src=\"/__hallmark/live.js\" data-build=\"{build1}\"></script></body>")));
    let page = get(addr, &format!("/c/{ada}/"));
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Ada Lovelace"));
    assert_eq!(get(addr, &format!("/c/{ada}")).header("location"), Some(format!("/c/{ada}/").as_str()));
    let json = get(addr, &format!("/c/{ada}/credential.json"));
    assert_eq!(json.header("content-type"), Some("application/json"));
    let credential: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    // The base URL is the local address, so the in-browser verifier checks against this server.
    assert_eq!(credential["id"].as_str(), Some(format!("{}c/{ada}/credential.json", url).as_str()));
    let port = addr.rsplit(':').next().unwrap();
    assert_eq!(credential["issuer"]["id"].as_str(), Some(format!("did:web:127.0.0.1%3A{port}").as_str()));
    assert_eq!(get(addr, "/.well-known/did.json").status, 200);
    for (path, ctype) in [
        ("/assets/hallmark.css", "text/css; charset=utf-8"),
        ("/assets/verify.js", "text/javascript; charset=utf-8"),
        ("/badges/sql/image.svg", "image/svg+xml"),
        ("/badges/sql/badge-512.png", "image/png"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__hallmark/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = get(addr, path);
        assert_eq!((r.status, r.header("content-type")), (200, Some(ctype)), "{path}");
        assert_eq!(r.header("content-length").map(|l| l.parse::<usize>().unwrap()), Some(r.body.len()), "{path}");
    }
    let css = get(addr, "/assets/hallmark.css");
    assert!(!css.text().contains("live.js"), "only HTML pages get the script");
    let head = request(addr, "HEAD", "/");
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(request(addr, "POST", "/").status, 405);
}

/// Nothing outside the site: not the content, not the machine's files, however the path is spelt.
fn nothing_outside_the_site(addr: &str) {
    // Nothing outside the site: not the content, not the machine's files, however the path is spelt.
    let missing = get(addr, "/hallmark.toml");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), Some("text/html; charset=utf-8"));
    for target in [
        "/../content/hallmark.toml",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/c/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/%00",
    ] {
        let r = get(addr, target);
        assert_eq!(r.status, 400, "{target}");
        assert!(!r.text().contains("root:"), "{target}");
    }
}

/// A content error: pushed with file:line:column, shown in the terminal, the last good site still
/// served; then fixed, and a good build again.
fn content_error_and_fix(
    site: &Site,
    srv: &crate::support::http::Serving,
    events: &mut Events,
    new_id: &str,
    build1: u64,
) {
    let addr = &srv.addr;
    // A content error: pushed with file:line:column; the last good site is still served.
    let roster = site.content().join("recipients/main.csv");
    let good = std::fs::read_to_string(&roster).unwrap();
    let line = good.lines().count() + 1;
    std::fs::write(&roster, format!("{good}sql,Bad Date,bad@example.org,2026-13-45,,,Spring\n")).unwrap();
    let third = events.next();
    let problem = third["problem"].as_str().unwrap_or_else(|| panic!("an error is reported: {third}"));
    assert!(problem.contains(&format!("main.csv:{line}:")), "names file:line:column: {problem}");
    assert!(problem.contains("2026-13-45"), "{problem}");
    assert_eq!(third["build"].as_u64(), Some(build1 + 1), "no new good build");
    let still = get(addr, &format!("/c/{new_id}/"));
    assert_eq!(still.status, 200);
    assert!(still.text().contains("Ada King"));
    // The terminal line may follow the event by a moment on a busy machine: wait for it (bounded).
    let wanted = |l: &String| l.starts_with("E: ") && l.contains(&format!("main.csv:{line}:"));
    let mut printed: Vec<String> = Vec::new();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !printed.iter().any(wanted) && std::time::Instant::now() < until {
        if let Ok(l) = srv.output.recv_timeout(std::time::Duration::from_millis(200)) {
            printed.push(l);
        }
    }
    assert!(printed.iter().any(wanted), "the terminal shows it too: {printed:#?}");

    // Fixed: a good build again, and the error is gone.
    std::fs::write(&roster, &good).unwrap();
    let fourth = events.next();
    assert_eq!(fourth["problem"], serde_json::Value::Null, "{fourth}");
    assert_eq!(fourth["build"].as_u64(), Some(build1 + 2));
}

#[test]
fn serve_takes_the_next_port_when_the_default_is_taken_and_says_when_a_chosen_one_is() {
    let site = Site::fixture("small");
    // Hold 8000 if nobody does; either way the server must not end up there.
    let _held = std::net::TcpListener::bind(("127.0.0.1", 8000));
    let srv = start(&site, &[]).unwrap();
    let port: u16 = srv.addr.rsplit(':').next().unwrap().parse().unwrap();
    assert!((8001..8020).contains(&port), "took port {port}");
    assert_eq!(get(&srv.addr, "/").status, 200);
    drop(srv);

    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let p = taken.local_addr().unwrap().port().to_string();
    let out = site.run(&["serve", "--port", &p]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains(&format!("cannot listen on 127.0.0.1:{p}")), "{}", stderr(&out));
    assert!(stderr(&out).contains("--port 0"), "says how to fix it: {}", stderr(&out));
}
