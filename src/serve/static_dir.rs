//! A built site served from disk as a static host would serve it, with the preview's own request
//! handling: its path resolution, traversal refusal, percent-decoding and content types. No live
//! reload and no rebuilds; the browser tests serve the output directory with it.

use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::http::{content_type, read_head, resolve_with, respond, Target};

/// Serves the files under `root` on `listener`, one thread per connection, for as long as the
/// listener accepts: GET and HEAD only, a directory's `index.html` for its URL ending in `/`,
/// `404.html` (when there is one) for anything missing. Files are read at each request, so a
/// change on disk is served at once. Meant for loopback: it trusts what `root` holds.
pub fn serve_dir(listener: TcpListener, root: PathBuf) {
    let root: Arc<Path> = Arc::from(root);
    for stream in listener.incoming().flatten() {
        let root = Arc::clone(&root);
        let _ = std::thread::Builder::new().name("serve-dir-conn".into()).spawn(move || handle(stream, &root));
    }
}

/// Answers one request on one connection.
fn handle(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(head) = read_head(&mut stream) else { return };
    let mut words = head.lines().next().unwrap_or_default().split_whitespace();
    let (method, target) = (words.next().unwrap_or_default(), words.next().unwrap_or_default());
    let head_only = method == "HEAD";
    let text = "text/plain; charset=utf-8";
    if method != "GET" && !head_only {
        let _ = respond(
            &mut stream,
            "405 Method Not Allowed",
            text,
            b"GET or HEAD only\n",
            &[("Allow", "GET, HEAD")],
            false,
        );
        return;
    }
    let file = |rel: &str| under(root, rel).filter(|p| p.is_file());
    let _ = match resolve_with(target, |rel| file(rel).is_some()) {
        Target::Bad => respond(&mut stream, "400 Bad Request", text, b"not a path inside the site\n", &[], head_only),
        Target::Redirect(to) => {
            respond(&mut stream, "301 Moved Permanently", text, b"", &[("Location", &to)], head_only)
        }
        Target::File(rel) => match file(&rel).map(std::fs::read) {
            Some(Ok(body)) => respond(&mut stream, "200 OK", content_type(&rel), &body, &[], head_only),
            Some(Err(_)) => {
                respond(&mut stream, "500 Internal Server Error", text, b"cannot read the file\n", &[], head_only)
            }
            None => not_found(&mut stream, root, head_only),
        },
        // The live-reload paths name nothing here: this server never reloads.
        Target::Internal(_) => not_found(&mut stream, root, head_only),
    };
}

/// The site's own `404.html` when it has one, with status 404.
fn not_found(stream: &mut TcpStream, root: &Path, head_only: bool) -> std::io::Result<()> {
    match std::fs::read(root.join("404.html")) {
        Ok(page) => respond(stream, "404 Not Found", content_type("404.html"), &page, &[], head_only),
        Err(_) => respond(stream, "404 Not Found", "text/plain; charset=utf-8", b"not found\n", &[], head_only),
    }
}

/// `rel`, a site path [`resolve_with`] accepted, as a path under `root`; `None` when one of its
/// segments means more than a name on this platform (a drive prefix such as `C:` on Windows).
fn under(root: &Path, rel: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for segment in rel.split('/') {
        let mut parts = Path::new(segment).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(_)), None) => path.push(segment),
            _ => return None,
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// `(status line, headers, body)` of one raw request.
    fn fetch(addr: &str, method: &str, target: &str) -> (String, String, Vec<u8>) {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "{method} {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
        let head = String::from_utf8(raw[..split].to_vec()).unwrap();
        let (status, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
        (status.to_string(), headers.to_string(), raw[split + 4..].to_vec())
    }

    #[test]
    fn serves_the_directory_and_nothing_outside_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("c/abc")).unwrap();
        std::fs::write(root.join("index.html"), "<p>home</p>").unwrap();
        std::fs::write(root.join("c/abc/index.html"), "<p>abc</p>").unwrap();
        std::fs::write(root.join("c/abc/credential.json"), "{}").unwrap();
        std::fs::write(root.join("a b.txt"), "spaced").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "outside").unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let served = root.clone();
        std::thread::spawn(move || serve_dir(listener, served));

        let (status, headers, body) = fetch(&addr, "GET", "/");
        assert_eq!((status.as_str(), body.as_slice()), ("HTTP/1.1 200 OK", &b"<p>home</p>"[..]));
        assert!(headers.contains("Content-Type: text/html; charset=utf-8"), "{headers}");
        let (status, headers, body) = fetch(&addr, "GET", "/c/abc/credential.json?x=1");
        assert_eq!((status.as_str(), body.as_slice()), ("HTTP/1.1 200 OK", &b"{}"[..]));
        assert!(headers.contains("Content-Type: application/json"), "{headers}");
        assert_eq!(fetch(&addr, "GET", "/a%20b.txt").2, b"spaced");
        let (status, headers, _) = fetch(&addr, "GET", "/c/abc");
        assert_eq!(status, "HTTP/1.1 301 Moved Permanently");
        assert!(headers.contains("Location: /c/abc/"), "{headers}");
        let (status, _, body) = fetch(&addr, "HEAD", "/c/abc/");
        assert_eq!((status.as_str(), body.len()), ("HTTP/1.1 200 OK", 0));
        assert_eq!(fetch(&addr, "POST", "/").0, "HTTP/1.1 405 Method Not Allowed");
        for bad in ["/../secret.txt", "/%2e%2e/secret.txt", "/c/..%2f..%2fsecret.txt", "/%5c..%5csecret.txt"] {
            let (status, _, body) = fetch(&addr, "GET", bad);
            assert_eq!(status, "HTTP/1.1 400 Bad Request", "{bad}");
            assert!(!String::from_utf8_lossy(&body).contains("outside"), "{bad}");
        }

        // A change on disk is served at once; what is missing gets the site's 404 page once it has one.
        assert_eq!(fetch(&addr, "GET", "/missing").0, "HTTP/1.1 404 Not Found");
        std::fs::write(root.join("404.html"), "<p>gone</p>").unwrap();
        let (status, _, body) = fetch(&addr, "GET", "/missing");
        assert_eq!((status.as_str(), body.as_slice()), ("HTTP/1.1 404 Not Found", &b"<p>gone</p>"[..]));
        assert_eq!(fetch(&addr, "GET", "/c/").0, "HTTP/1.1 404 Not Found", "a folder without an index");
    }
}
