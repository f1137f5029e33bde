//! Loopback HTTP for the tests: a raw client, `hallmark serve` started on a site, and a built site
//! served from disk as a static host would serve it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::signing::test_secret;
use super::sites::Site;

/// A response as it came over the wire.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The value of the header `name` (in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends a raw request target (not normalised by any client library) and reads the whole response.
pub fn request(addr: &str, method: &str, target: &str) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    Response { status, headers, body: raw[split + 4..].to_vec() }
}

/// `GET target`.
pub fn get(addr: &str, target: &str) -> Response {
    request(addr, "GET", target)
}

/// Serves `dir` on `listener` from another thread until the tests end, with the library's static
/// server: the preview's path resolution and content types, files read from disk at each request.
pub fn serve_static(listener: TcpListener, dir: PathBuf) {
    std::thread::spawn(move || hallmark::serve::serve_dir(listener, dir));
}

/// A running `hallmark serve`, killed when dropped.
pub struct Serving {
    pub child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    /// `127.0.0.1:PORT`
    pub addr: String,
    /// What it printed since it started (stderr lines begin with `E: `).
    pub output: mpsc::Receiver<String>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `hallmark serve` on `site` (as if today were 2026-11-22) and waits until it listens.
pub fn start_serve(site: &Site, args: &[&str]) -> Result<Serving, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hallmark"))
        .arg("--root")
        .arg(site.root())
        .args(["--today", "2026-11-22", "serve", "--debounce-ms", "20"])
        .args(args)
        .env("HALLMARK_SIGNING_KEY", test_secret())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    for (stream, prefix) in [
        (Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, ""),
        (Box::new(child.stderr.take().unwrap()), "E: "),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(format!("{prefix}{line}"));
            }
        });
    }
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("serve did not start; it printed:\n{}", seen.join("\n")));
        };
        if let Some(rest) = line.strip_prefix("Serving at ") {
            let url = rest.split_whitespace().next().unwrap().to_string();
            let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
            return Ok(Serving { child, url, addr, output: rx });
        }
        seen.push(line);
    }
}
