//! Just enough HTTP/1.1 for a local preview: GET and HEAD of files held in memory, one response
//! per connection, and a Server-Sent Events stream that tells open pages when the site changed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use crate::site::output::Files;

use super::{Live, State, EVENTS_PATH, LIVE_SCRIPT_PATH};

/// The live-reload client, served at [`LIVE_SCRIPT_PATH`] and injected into every HTML page.
const LIVE_JS: &str = include_str!("live.js");

/// The longest request head accepted.
const MAX_HEAD: usize = 16 * 1024;

/// How often an idle event stream sends a comment, so closed tabs are noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What a request asks for, once its target is decoded and checked.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A site-relative file path (`index.html` for a directory).
    File(String),
    /// A directory asked for without its trailing slash: redirect here.
    Redirect(String),
    /// The live-reload script or event stream.
    Internal(&'static str),
    /// Not a path inside the site (`..`, a backslash, a NUL, bad percent-encoding, an absolute URL).
    Bad,
}

/// Decodes and checks a request target against the site's files. Nothing outside `files` can be
/// named: the site lives only in memory, and any `..` or `.` segment is refused outright.
pub(crate) fn resolve(files: &Files, target: &str) -> Target {
    resolve_with(target, |path| files.contains_key(path))
}

/// [`resolve`] against any set of files: `is_file` says whether a site-relative path names a file.
pub(super) fn resolve_with(target: &str, is_file: impl Fn(&str) -> bool) -> Target {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS_PATH {
        return Target::Internal(EVENTS_PATH);
    }
    if path == LIVE_SCRIPT_PATH {
        return Target::Internal(LIVE_SCRIPT_PATH);
    }
    let Some(rest) = path.strip_prefix('/') else { return Target::Bad };
    let Some(decoded) = percent_decode(rest) else { return Target::Bad };
    if decoded.contains(['\0', '\\'])
        || decoded.starts_with('/')
        || decoded.split('/').any(|seg| seg == ".." || seg == ".")
        || decoded.contains("//")
    {
        return Target::Bad;
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        return Target::File(format!("{decoded}index.html"));
    }
    if !is_file(&decoded) && is_file(&format!("{decoded}/index.html")) {
        return Target::Redirect(format!("{path}/"));
    }
    Target::File(decoded)
}

/// `%XX` escapes decoded; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a site file, by its extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    // The log's checkpoints are signed notes: text, as tlog-tiles asks (tiles stay binary).
    if path.starts_with("log/") && (path.ends_with("/checkpoint") || path.rsplit('/').nth(1) == Some("checkpoints")) {
        return "text/plain; charset=utf-8";
    }
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The page with the live-reload script before its last `</body>` (or at its end), tagged with the
/// build it came from so the script knows whether it is stale.
fn inject(html: &[u8], build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT_PATH}\" data-build=\"{build}\"></script>");
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Serves one connection: reads one request and answers it (an event stream stays open).
pub(super) fn handle(mut stream: TcpStream, state: Arc<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let head = match read_head(&mut stream) {
        Some(h) => h,
        None => return,
    };
    let mut words = head.lines().next().unwrap_or_default().split_whitespace();
    let (method, target) = (words.next().unwrap_or_default(), words.next().unwrap_or_default());
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        let _ = respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"GET or HEAD only\n",
            &[("Allow", "GET, HEAD")],
            false,
        );
        return;
    }
    let live = state.current();
    match resolve(&live.files, target) {
        Target::Bad => {
            let _ = respond(
                &mut stream,
                "400 Bad Request",
                "text/plain; charset=utf-8",
                b"not a path inside the site\n",
                &[],
                head_only,
            );
        }
        Target::Redirect(to) => {
            let _ = respond(
                &mut stream,
                "301 Moved Permanently",
                "text/plain; charset=utf-8",
                b"",
                &[("Location", &to)],
                head_only,
            );
        }
        Target::Internal(EVENTS_PATH) if !head_only => events(stream, &state),
        Target::Internal(_) => {
            let _ = respond(&mut stream, "200 OK", content_type("live.js"), LIVE_JS.as_bytes(), &[], head_only);
        }
        Target::File(path) => {
            let (status, path, bytes) = match live.files.get(path.as_str()) {
                Some(b) => ("200 OK", path, Some(b)),
                None => ("404 Not Found", "404.html".to_string(), live.files.get("404.html")),
            };
            let body: Vec<u8> = match bytes {
                Some(b) => b.to_vec(),
                None => unbuilt_page(&live).into_bytes(),
            };
            let ctype = if bytes.is_some() { content_type(&path) } else { content_type("page.html") };
            let body = if ctype.starts_with("text/html") { inject(&body, live.build) } else { body };
            let _ = respond(&mut stream, status, ctype, &body, &[], head_only);
        }
    }
}

/// Shown for every page while there is no site yet (the first build failed): the overlay says why.
fn unbuilt_page(live: &Live) -> String {
    let what = if live.problem.is_some() { "could not be built yet" } else { "has no such page" };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>hallmark serve</title></head>\
         <body><main><h1>The site {what}</h1><p>Fix the problem shown, save, and this page reloads.</p></main></body></html>"
    )
}

/// Reads up to the blank line that ends a request head.
pub(super) fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" || line == "\n" {
            return Some(head);
        }
        head.push_str(&line);
    }
}

/// Writes one response (`Connection: close`); the body is left out for HEAD.
pub(super) fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, &str)],
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The event stream: the state now, then again whenever a build finishes; a comment when idle.
fn events(mut stream: TcpStream, state: &State) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen: Option<u64> = None;
    loop {
        let live = state.wait_for_change(seen, KEEP_ALIVE);
        let message = if seen == Some(live.generation) {
            ": keep-alive\n\n".to_string()
        } else {
            seen = Some(live.generation);
            let data = serde_json::json!({"build": live.build, "problem": live.problem.as_deref()});
            format!("event: state\ndata: {data}\n\n")
        };
        if stream.write_all(message.as_bytes()).and_then(|()| stream.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> Files {
        paths.iter().map(|p| (Arc::from(*p), Arc::from(&b"x"[..]))).collect()
    }

    #[test]
    fn targets_resolve_to_site_files_only() {
        let f = files(&["index.html", "c/abc/index.html", "c/abc/credential.json", "a b.txt"]);
        assert_eq!(resolve(&f, "/"), Target::File("index.html".into()));
        assert_eq!(resolve(&f, "/c/abc/"), Target::File("c/abc/index.html".into()));
        assert_eq!(resolve(&f, "/c/abc"), Target::Redirect("/c/abc/".into()));
        assert_eq!(resolve(&f, "/c/abc/credential.json?x=1#y"), Target::File("c/abc/credential.json".into()));
        assert_eq!(resolve(&f, "/a%20b.txt"), Target::File("a b.txt".into()));
        assert_eq!(resolve(&f, "/missing"), Target::File("missing".into()));
        for bad in [
            "/../etc/passwd",
            "/c/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/c/%2E%2E/%2e%2e/x",
            "/..%2fetc",
            "/.%2F..%2Fx",
            "/c\\..\\x",
            "/%5c..%5cx",
            "/x%00.html",
            "/%zz",
            "/%c3",
            "http://127.0.0.1/index.html",
            "index.html",
            "//etc/passwd",
            "/./index.html",
        ] {
            assert_eq!(resolve(&f, bad), Target::Bad, "{bad}");
        }
        assert_eq!(resolve(&f, EVENTS_PATH), Target::Internal(EVENTS_PATH));
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("c/x/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("c/x/credential.json"), "application/json");
        assert_eq!(content_type("badges/b/image.SVG"), "image/svg+xml");
        assert_eq!(content_type("c/x/expiry.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("assets/verify.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("status/revocation/1"), "application/octet-stream");
        assert_eq!(content_type("log/checkpoint"), "text/plain; charset=utf-8");
        assert_eq!(content_type("log/checkpoints/58"), "text/plain; charset=utf-8");
        assert_eq!(content_type("log/witness/abc/checkpoint"), "text/plain; charset=utf-8");
        assert_eq!(content_type("log/tile/0/000"), "application/octet-stream");
        assert_eq!(content_type("log/tile/entries/000.p/5"), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject(b"<p>&lt;/body&gt;</p></BODY></html>", 7)).unwrap();
        assert_eq!(
            out,
            format!("<p>&lt;/body&gt;</p><script src=\"{LIVE_SCRIPT_PATH}\" data-build=\"7\"></script></BODY></html>")
        );
        let bare = String::from_utf8(inject(b"<p>x", 1)).unwrap();
        assert!(bare.ends_with("data-build=\"1\"></script>"));
    }
}
