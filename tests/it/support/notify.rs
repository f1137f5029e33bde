//! Helpers for the notify tests: the fixture site with `[email]`, the real SMTP and DNS servers
//! (Python, tests/notify/), and a loopback HTTP server over a built site.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::support::Site;

/// The small fixture, built.
pub fn built_site() -> Site {
    let site = Site::fixture("small");
    site.build();
    site
}

/// `tests/notify/<file>`.
pub fn script(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notify").join(file)
}

/// A Python server started for a test, stopped (standard input closed) when dropped.
struct Python {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Kept open: the servers log to it.
    _stdout: BufReader<std::process::ChildStdout>,
    port: u16,
}

impl Python {
    fn start(script_name: &str, args: &[String]) -> Python {
        let mut child = Command::new("python3")
            .arg(script(script_name))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs (scripts/test installs aiosmtpd and dnslib)");
        let stdin = child.stdin.take();
        let mut first = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut first).unwrap();
        let port = first
            .trim()
            .strip_prefix("PORT ")
            .unwrap_or_else(|| panic!("{script_name} did not start: {first:?}"))
            .parse()
            .unwrap();
        Python { child, stdin, _stdout: stdout, port }
    }
}

impl Drop for Python {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let mut rest = String::new();
        let _ = self._stdout.read_to_string(&mut rest);
        let _ = self.child.wait();
    }
}

/// The SMTP server (`smtp_server.py`), writing what it accepts into a directory of its own.
pub struct Smtp {
    server: Python,
    pub dir: tempfile::TempDir,
}

impl Smtp {
    pub fn start(args: &[&str]) -> Smtp {
        let dir = tempfile::tempdir().unwrap();
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend([
            "--out".into(),
            dir.path().to_string_lossy().into(),
            "--cert-dir".into(),
            dir.path().join("certs").to_string_lossy().into(),
        ]);
        Smtp { server: Python::start("smtp_server.py", &all), dir }
    }

    pub fn port(&self) -> u16 {
        self.server.port
    }

    /// The test CA's certificate (TLS servers only).
    pub fn ca_file(&self) -> String {
        self.dir.path().join("certs/ca.pem").to_string_lossy().into_owned()
    }

    /// How many connections were made to it.
    pub fn connections(&self) -> usize {
        std::fs::read_to_string(self.dir.path().join("connections.txt")).map_or(0, |t| t.trim().parse().unwrap())
    }

    /// Every message accepted so far, in order, as Python's e-mail parser read it.
    pub fn received(&self) -> Vec<serde_json::Value> {
        let mut numbered: Vec<(u64, PathBuf)> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| {
                let p = e.unwrap().path();
                let n = p.file_name()?.to_str()?.strip_suffix(".json")?.parse().ok()?;
                Some((n, p))
            })
            .collect();
        numbered.sort();
        numbered.iter().map(|(_, p)| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()).collect()
    }
}

/// The DNS server (`dns_server.py`) answering TXT queries from a table.
pub struct Dns(Python);

impl Dns {
    pub fn start(records: &[(&str, &str)]) -> Dns {
        let args: Vec<String> = records.iter().map(|(n, t)| format!("{n}={t}")).collect();
        Dns(Python::start("dns_server.py", &args))
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.0.port)
    }
}

/// What the notify tests do with a site.
pub trait NotifySite {
    /// Appends `[email]` for `server`, with `extra` lines.
    fn email(&self, server: &Smtp, extra: &str);
    /// `hallmark notify --site public <args>`.
    fn notify(&self, args: &[&str]) -> Output;
    /// The same, with `HALLMARK_SMTP_PASSWORD` set to `password`.
    fn notify_with_password(&self, args: &[&str], password: Option<&str>) -> Output;
    fn sent_log(&self) -> String;
    /// The landing page a message's first page link points at, read from the built site.
    fn resolve(&self, part: &str) -> String;
    /// The id of the current credential issued to `name`.
    fn id_of(&self, name: &str) -> String;
}

impl NotifySite for Site {
    fn email(&self, server: &Smtp, extra: &str) {
        let path = self.content().join("hallmark.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&format!(
            "\n[email]\nhost = \"127.0.0.1\"\nport = {}\nfrom = \"Fixture Academy <badges@academy.example>\"\n{extra}",
            server.port()
        ));
        std::fs::write(path, text).unwrap();
    }

    fn notify(&self, args: &[&str]) -> Output {
        self.notify_with_password(args, None)
    }

    fn notify_with_password(&self, args: &[&str], password: Option<&str>) -> Output {
        let public = self.public();
        let mut all = vec!["notify", "--site", public.to_str().unwrap()];
        all.extend(args);
        let env: Vec<(&str, &str)> = password.map(|p| ("HALLMARK_SMTP_PASSWORD", p)).into_iter().collect();
        self.run_with_env(&all, &env)
    }

    fn sent_log(&self) -> String {
        std::fs::read_to_string(self.content().join("hallmark.sent")).unwrap_or_default()
    }

    fn resolve(&self, part: &str) -> String {
        let base = "https://fixture.github.io/academy/";
        let start = part.find(&format!("{base}c/")).expect("a landing page link");
        let rest = &part[start + base.len()..];
        let end = rest.find('/').unwrap() + 1;
        let id_end = rest[end..].find('/').unwrap();
        let rel = &rest[..end + id_end + 1];
        std::fs::read_to_string(self.public().join(rel).join("index.html")).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn id_of(&self, name: &str) -> String {
        let ledger = self.ledger();
        let line = ledger
            .lines()
            .rfind(|l| l.ends_with(&format!("\t{name}")) && l.split('\t').nth(5) == Some("-"))
            .unwrap_or_else(|| panic!("{name} not in {ledger}"));
        line.split('\t').next().unwrap().to_string()
    }
}

/// LinkedIn's "add a certification" form for the credential whose landing page is `page`, filled in
/// from its signed JSON (`public`'s file) by LinkedIn's parameters: the rule the e-mail
/// (src/render/links.rs) and the page's script (themes/default/src/verify.js) follow, written again
/// here apart from both.
pub fn linkedin_link(public: &std::path::Path, page: &str) -> String {
    // The JSON as the page names it, read from the page's own place (its canonical link's).
    let value = |at: &str| {
        let start = page.find(at).expect("the page names its JSON and its address") + at.len();
        &page[start..start + page[start..].find('"').unwrap()]
    };
    let own = value("<link rel=\"canonical\" href=\"").split("/academy/").nth(1).expect("a page of the site");
    let json = value("<link rel=\"alternate\" type=\"application/ld+json\" href=\"");
    let rel = json.strip_prefix("/academy/").map_or_else(|| format!("{own}{json}"), str::to_string);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(public.join(rel)).unwrap()).unwrap();
    linkedin_link_of(&json)
}

/// LinkedIn's "add a certification" form for `credential` (its signed JSON).
pub fn linkedin_link_of(credential: &serde_json::Value) -> String {
    let enc = percent;
    let month = |key: &str| {
        let d = credential[key].as_str()?;
        Some((d[..4].parse::<u32>().unwrap(), d[5..7].parse::<u32>().unwrap()))
    };
    let page = credential["id"].as_str().unwrap().trim_end_matches("credential.json");
    let id = page.trim_end_matches('/').rsplit('/').next().unwrap();
    let (name, issuer) = (&credential["credentialSubject"]["achievement"]["name"], &credential["issuer"]["name"]);
    let (y, m) = month("awardedDate").unwrap();
    let mut url = format!(
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name={}&organizationName={}&issueYear={y}&issueMonth={m}",
        enc(name.as_str().unwrap()),
        enc(issuer.as_str().unwrap())
    );
    if let Some((y, m)) = month("validUntil") {
        url.push_str(&format!("&expirationYear={y}&expirationMonth={m}"));
    }
    url.push_str(&format!("&certUrl={}&certId={}", enc(page), enc(id)));
    url
}

/// A loopback HTTP server over a built site directory, serving it at `/academy/`: 200 for a file
/// (a directory's `index.html`), 404 otherwise. Counts HEAD requests.
pub struct WebServer {
    port: u16,
    heads: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl WebServer {
    pub fn start(dir: &Path) -> WebServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (heads, stop) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicBool::new(false)));
        let (h, s, root) = (heads.clone(), stop.clone(), dir.to_path_buf());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let mut buf = [0u8; 4096];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let mut words = request.split_whitespace();
                let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
                if method == "HEAD" {
                    h.fetch_add(1, Ordering::SeqCst);
                }
                let rel = path.strip_prefix("/academy/").unwrap_or("");
                let file = if rel.is_empty() || rel.ends_with('/') {
                    root.join(rel).join("index.html")
                } else {
                    root.join(rel)
                };
                let status = if !rel.is_empty() && file.is_file() { "200 OK" } else { "404 Not Found" };
                let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            }
        });
        WebServer { port, heads, stop, thread: Some(thread) }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/academy/", self.port)
    }

    pub fn heads(&self) -> usize {
        self.heads.load(Ordering::SeqCst)
    }
}

impl Drop for WebServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// `s` with every byte but RFC 3986's unreserved ones percent-encoded, as LinkedIn's links have it.
pub fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
