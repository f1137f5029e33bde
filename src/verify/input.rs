//! What `hallmark verify` reads: a credential JSON file, a baked PNG or SVG, a URL inside a given
//! site, or a whole built site directory. What is plainly not a credential (a landing page, the DID
//! document, an Achievement, the issuer's profile) is said to be so, with where the credential is.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::limits::{bytes as shown, json_depth, too_large, Limits};
use super::Resolver;
use crate::ground::layout::JSON_FILE;
use crate::render::bake::{self, ImageKind};

/// One thing to verify, or why there is nothing to verify in it.
#[derive(Debug)]
pub struct Input {
    /// The file or URL, as the user will recognise it.
    pub source: String,
    /// The file it was read from; `None` for a URL.
    pub path: Option<PathBuf>,
    pub content: Content,
}

/// What a file or URL turned out to hold.
#[derive(Debug)]
pub enum Content {
    /// A credential, or a document that claims to be one: verified (and failed if it is not one).
    Credential(Value),
    /// Something else entirely, identified: nothing to verify.
    NotCredential(NotCredential),
    /// Could not be read, or holds no credential where one should be (an image without one).
    Unreadable(String),
    /// Past one of the [`Limits`]: not checked ("too large: … (limit …)").
    TooLarge(String),
}

/// What a document that is not a credential is, and where to go instead.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NotCredential {
    /// What it is, in plain words: "the HTML landing page of a credential".
    pub what: String,
    /// What to verify instead.
    pub hint: String,
}

/// Reads `target`: a file, a directory (every `credential.json` below it) or a URL (through `resolver`).
pub fn read(target: &str, resolver: &Resolver) -> Vec<Input> {
    read_limited(target, resolver, &Limits::default())
}

/// [`read`], within `limits`.
pub fn read_limited(target: &str, resolver: &Resolver, limits: &Limits) -> Vec<Input> {
    if target.starts_with("https://") || target.starts_with("http://") {
        return vec![read_url(target, resolver, limits, true)];
    }
    let path = Path::new(target);
    if path.is_dir() {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file() && e.file_name() == JSON_FILE)
            .map(|e| e.into_path())
            .collect();
        files.sort();
        if files.is_empty() {
            return vec![Input {
                source: target.to_string(),
                path: Some(path.to_path_buf()),
                content: Content::Unreadable("no credential.json files in this directory".into()),
            }];
        }
        return files.into_iter().map(|f| read_file(&f, limits)).collect();
    }
    vec![read_file(path, limits)]
}

/// The document at `url`; for a landing page (`follow`), the credential it shows.
fn read_url(url: &str, resolver: &Resolver, limits: &Limits, follow: bool) -> Input {
    let content = match resolver.fetch(url) {
        Ok(bytes) if bytes.len() as u64 > limits.file_bytes => {
            Content::TooLarge(too_large(shown(bytes.len() as u64), shown(limits.file_bytes)))
        }
        Ok(bytes) => match shown_credential(&bytes, Place::Url(url)).filter(|_| follow) {
            Some(credential) => return read_url(&credential, resolver, limits, false),
            None => content_of(&bytes, Place::Url(url), limits),
        },
        Err(why) => Content::Unreadable(why),
    };
    Input { source: url.to_string(), path: None, content }
}

/// The credential a landing page shows: the `credential.json` beside the page's file, or the one
/// its `<link rel="alternate" type="application/ld+json">` names, as an absolute URL.
fn shown_credential(bytes: &[u8], place: Place<'_>) -> Option<String> {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if !is_html(text) {
        return None;
    }
    match place {
        Place::File(path) => {
            let beside = path.with_file_name(JSON_FILE);
            (beside != path && beside.is_file()).then(|| beside.display().to_string())
        }
        Place::Url(url) => {
            let html = String::from_utf8_lossy(text);
            let href = attribute(&html, "link", &["rel=\"alternate\"", "application/ld+json"], "href")?;
            names_credential(&href).then(|| absolute(&as_page(url), &href))
        }
    }
}

fn read_file(path: &Path, limits: &Limits) -> Input {
    // The size first: nothing past the limit is read into memory.
    let content = match std::fs::metadata(path).map(|m| m.len()) {
        Ok(len) if len > limits.file_bytes => Content::TooLarge(too_large(shown(len), shown(limits.file_bytes))),
        _ => match std::fs::read(path) {
            // A landing page's file: the credential beside it.
            Ok(bytes) => match shown_credential(&bytes, Place::File(path)) {
                Some(credential) => return read_file(Path::new(&credential), limits),
                None => content_of(&bytes, Place::File(path), limits),
            },
            Err(e) => Content::Unreadable(format!("cannot read it: {e}")),
        },
    };
    Input { source: path.display().to_string(), path: Some(path.to_path_buf()), content }
}

/// Where a document was read from, for saying where its credential is.
#[derive(Clone, Copy)]
enum Place<'a> {
    File(&'a Path),
    Url(&'a str),
}

fn content_of(bytes: &[u8], place: Place<'_>, limits: &Limits) -> Content {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if is_html(text) {
        return Content::NotCredential(html_page(&String::from_utf8_lossy(text), place));
    }
    if text.starts_with(b"BEGIN:VCALENDAR") {
        return Content::NotCredential(NotCredential {
            what: "a calendar entry for a credential's expiry date".into(),
            hint: beside(place, "credential.json", "the credential is the JSON file beside it"),
        });
    }
    match parse_limited(bytes, limits) {
        Ok(doc) => match not_a_credential(&doc, place) {
            Some(nc) => Content::NotCredential(nc),
            None => Content::Credential(doc),
        },
        Err(Unread::TooLarge(why)) => Content::TooLarge(why),
        Err(Unread::Unreadable(why)) => Content::Unreadable(why),
    }
}

/// Why a document was not read.
enum Unread {
    Unreadable(String),
    TooLarge(String),
}

impl From<String> for Unread {
    fn from(why: String) -> Unread {
        Unread::Unreadable(why)
    }
}

impl From<&str> for Unread {
    fn from(why: &str) -> Unread {
        Unread::Unreadable(why.to_string())
    }
}

/// JSON, or the credential baked into a PNG or SVG, within the default [`Limits`].
pub fn parse_bytes(bytes: &[u8]) -> Result<Value, String> {
    parse_limited(bytes, &Limits::default()).map_err(|e| match e {
        Unread::Unreadable(why) | Unread::TooLarge(why) => why,
    })
}

/// [`parse_bytes`] within `limits`: a credential larger or deeper than they allow is not parsed.
/// (The SVG reader is given no more than `limits.file_bytes`: its own limits are another issue's.)
fn parse_limited(bytes: &[u8], limits: &Limits) -> Result<Value, Unread> {
    let text = match bake::sniff(bytes) {
        Some(ImageKind::Png) => match bake::unbake_png_within(bytes, limits.json_bytes)? {
            Some(bake::Unbaked::Text(text)) => text,
            Some(bake::Unbaked::TooLarge) => {
                return Err(Unread::TooLarge(too_large(
                    "the baked credential inflates past the limit".into(),
                    shown(limits.json_bytes),
                )))
            }
            None => return Err("the PNG image carries no baked credential".into()),
        },
        Some(ImageKind::Svg) if is_html(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)) => {
            return Err("this is an HTML page, not a credential or a baked badge image".into())
        }
        Some(ImageKind::Svg) => {
            bake::unbake_svg(&String::from_utf8_lossy(bytes))?.ok_or("the SVG image carries no baked credential")?
        }
        None => String::from_utf8(bytes.to_vec())
            .map_err(|_| "the file is neither JSON nor a PNG or SVG image".to_string())?,
    };
    if text.len() as u64 > limits.json_bytes {
        return Err(Unread::TooLarge(too_large(
            format!("{} of JSON", shown(text.len() as u64)),
            shown(limits.json_bytes),
        )));
    }
    let depth = json_depth(text.as_bytes(), limits.depth);
    if depth > limits.depth {
        return Err(Unread::TooLarge(too_large(
            format!("JSON nested more than {} deep", limits.depth),
            format!("{} levels", limits.depth),
        )));
    }
    Ok(serde_json::from_str(&text).map_err(|e| format!("not valid JSON: {e}"))?)
}

/// An HTML document: `<!DOCTYPE html>` or `<html`, after any whitespace and comments. (An SVG is
/// XML: `<?xml`, `<svg`, or `<!DOCTYPE svg`.)
fn is_html(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        rest = rest.trim_ascii_start();
        match rest.strip_prefix(b"<!--") {
            Some(comment) => match comment.windows(3).position(|w| w == b"-->") {
                Some(end) => rest = &comment[end + 3..],
                None => return false,
            },
            None => break,
        }
    }
    let head: Vec<u8> = rest.iter().take(15).map(u8::to_ascii_lowercase).collect();
    let after = |prefix: &[u8]| {
        head.strip_prefix(prefix).is_some_and(|r| r.first().is_none_or(|b| b.is_ascii_whitespace() || *b == b'>'))
    };
    after(b"<!doctype html") || after(b"<html")
}

/// The value of `name="…"` in the first tag of `html` that has every one of `attrs` (`rel="canonical"`).
fn attribute(html: &str, tag: &str, attrs: &[&str], name: &str) -> Option<String> {
    let mut rest = html;
    while let Some(start) = rest.find(&format!("<{tag} ")) {
        let after = &rest[start..];
        let end = after.find('>')?;
        let element = &after[..end];
        rest = &after[end..];
        if attrs.iter().all(|a| element.contains(a)) {
            let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
            let value = &element[at..];
            return Some(value[..value.find('"')?].replace("&amp;", "&"));
        }
    }
    None
}

/// Whether a landing page's link `href` names a credential's JSON file: `credential.json` beside the
/// page (as the default theme links it from a page in the site's first language), or at a path.
fn names_credential(href: &str) -> bool {
    let bare = href.split(['?', '#']).next().unwrap_or_default();
    bare.strip_suffix(JSON_FILE).is_some_and(|dir| dir.is_empty() || dir.ends_with('/'))
}

/// A landing page's URL as its links are read on it: `…/c/<id>` (a site's folder, asked for without
/// its slash, which hosts answer by redirecting to `…/c/<id>/`) as `…/c/<id>/`, since the page links
/// its JSON relative to that.
fn as_page(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else { return url.to_string() };
    let last = parsed.path().rsplit('/').next().unwrap_or_default();
    if !last.is_empty() && !last.contains('.') {
        let path = format!("{}/", parsed.path());
        parsed.set_path(&path);
    }
    parsed.into()
}

/// `href` as an absolute URL, read on the page at `page` (an absolute URL), as RFC 3986 resolves it.
fn absolute(page: &str, href: &str) -> String {
    url::Url::parse(page).and_then(|base| base.join(href)).map(String::from).unwrap_or_else(|_| href.to_string())
}

/// A landing page, or another page of the site.
fn html_page(html: &str, place: Place<'_>) -> NotCredential {
    // The default theme's landing page names its credential: `<link rel="alternate" type="application/ld+json">`.
    let json =
        attribute(html, "link", &["rel=\"alternate\"", "application/ld+json"], "href").filter(|h| names_credential(h));
    let sibling = match place {
        Place::File(path) => Some(path.with_file_name(JSON_FILE)).filter(|p| p.is_file()),
        Place::Url(_) => None,
    };
    if sibling.is_none() && json.is_none() {
        return NotCredential { what: "an HTML page".into(), hint: format!("verify {}", a_credential(place)) };
    }
    let what = "the HTML landing page of a credential".to_string();
    let hint = match (sibling, place, json) {
        (Some(file), _, _) => {
            format!("the credential is the JSON file beside it: {}", command(&file.display().to_string()))
        }
        (None, Place::Url(url), Some(href)) => {
            format!("the credential is {}: verify that URL instead", absolute(&as_page(url), &href))
        }
        (None, _, Some(href)) => match attribute(html, "link", &["rel=\"canonical\""], "href") {
            Some(canonical) => format!("download the credential, {}, and verify that", absolute(&canonical, &href)),
            None => format!("download the credential, {href} on the issuer's site, and verify that"),
        },
        (None, _, None) => unreachable!("handled above"),
    };
    NotCredential { what, hint }
}

/// `hallmark verify <arg>`, with the argument quoted when the shell needs it.
fn command(arg: &str) -> String {
    if arg.chars().all(|c| c.is_ascii_alphanumeric() || "/._-:+=@%,".contains(c)) {
        format!("hallmark verify {arg}")
    } else {
        format!("hallmark verify '{}'", arg.replace('\'', "'\\''"))
    }
}

/// The file `name` beside `place`, as a command, if it is there.
fn beside(place: Place<'_>, name: &str, lead: &str) -> String {
    match place {
        Place::File(path) if path.with_file_name(name).is_file() => {
            format!("{lead}: {}", command(&path.with_file_name(name).display().to_string()))
        }
        _ => format!("verify {}", a_credential(place)),
    }
}

/// What to verify instead of a file of a site: every credential of the site it is in, when there is one.
fn a_credential(place: Place<'_>) -> String {
    match place {
        Place::File(path) => match Resolver::site_containing(path) {
            Some(site) => format!(
                "a credential (c/<id>/credential.json) or every credential of the site: {}",
                command(&site.display().to_string())
            ),
            None => {
                "a credential instead: its credential.json (the JSON link on its landing page) or a baked badge image"
                    .into()
            }
        },
        Place::Url(_) => {
            "a credential instead: the URL of a credential.json (the JSON link on its landing page)".into()
        }
    }
}

/// What `doc` is, when it is plainly not a credential: a document with a proof, an issuer, a
/// subject or a credential type is always verified, so a tampered credential is never waved off as
/// something else.
fn not_a_credential(doc: &Value, place: Place<'_>) -> Option<NotCredential> {
    let Some(obj) = doc.as_object() else {
        return Some(NotCredential {
            what: "JSON, but not a JSON object".into(),
            hint: format!("verify {}", a_credential(place)),
        });
    };
    let types = super::types_of(doc);
    let claims = ["proof", "issuer", "credentialSubject", "validFrom", "validUntil", "credentialStatus"];
    if claims.iter().any(|k| obj.contains_key(*k))
        || types.iter().any(|t| *t == "VerifiableCredential" || t.ends_with("Credential"))
    {
        return None;
    }
    let name = doc.get("name").and_then(Value::as_str).map(|n| format!(" \"{n}\"")).unwrap_or_default();
    let id = doc.get("id").and_then(Value::as_str).unwrap_or_default();
    let what = if types.contains(&"Achievement") {
        format!("an Achievement{name}: the description of a badge, which is not signed")
    } else if types.iter().any(|t| *t == "Profile" || *t == "Issuer") {
        format!("the issuer's Profile{name}, which is not signed")
    } else if id.starts_with("did:") || obj.contains_key("verificationMethod") || obj.contains_key("assertionMethod") {
        let of = if id.is_empty() { String::new() } else { format!(" of {id}") };
        format!("a DID document{of}: the issuer's public keys, which credentials are checked against")
    } else {
        "a JSON document with no proof, issuer or credentialSubject".into()
    };
    Some(NotCredential { what, hint: format!("verify {}", a_credential(place)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_told_from_svg() {
        for html in
            ["<!DOCTYPE html>\n<html>", "\n<!doctype HTML><svg>", "<!-- saved -->\n<html lang=\"en\">", "<HTML>"]
        {
            assert!(is_html(html.as_bytes()), "{html}");
        }
        for other in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "<?xml version=\"1.0\"?><svg/>",
            "<!DOCTYPE svg>",
            "<htmlx>",
            "{}",
            "<!-- <html>",
        ] {
            assert!(!is_html(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn links_on_a_page_are_made_absolute() {
        let page = "https://x.github.io/creds/c/abc/";
        assert_eq!(absolute(page, "/creds/c/abc/credential.json"), "https://x.github.io/creds/c/abc/credential.json");
        assert_eq!(absolute(page, "credential.json"), "https://x.github.io/creds/c/abc/credential.json");
        assert_eq!(absolute(page, "//y.org/a.json"), "https://y.org/a.json");
        assert_eq!(absolute(page, "http://y.org/a.json"), "http://y.org/a.json");
        let html = "<link rel=\"canonical\" href=\"https://a/b/\"><link rel=\"alternate\" type=\"application/ld+json\" href=\"/b/credential.json?a=1&amp;b=2\">";
        assert_eq!(attribute(html, "link", &["rel=\"alternate\""], "href").unwrap(), "/b/credential.json?a=1&b=2");
        assert_eq!(attribute(html, "link", &["rel=\"canonical\""], "href").unwrap(), "https://a/b/");
        assert_eq!(attribute(html, "meta", &[], "href"), None);
    }

    #[test]
    fn a_landing_page_asked_for_without_its_slash_reads_its_links_as_from_its_folder() {
        let json = "https://x.github.io/creds/c/abc/credential.json";
        for (url, page) in [
            ("https://x.github.io/creds/c/abc", "https://x.github.io/creds/c/abc/"),
            ("https://x.github.io/creds/c/abc/", "https://x.github.io/creds/c/abc/"),
            ("https://x.github.io/creds/c/abc/index.html", "https://x.github.io/creds/c/abc/index.html"),
            ("https://x.github.io/creds/c/abc?utm=1#top", "https://x.github.io/creds/c/abc/?utm=1#top"),
        ] {
            assert_eq!(as_page(url), page, "{url}");
            assert_eq!(absolute(&as_page(url), "credential.json"), json, "{url}");
        }
        assert_eq!(as_page("https://x.github.io"), "https://x.github.io/");
        for credential in ["credential.json", "/creds/c/abc/credential.json", "credential.json?x=1#p"] {
            assert!(names_credential(credential), "{credential}");
        }
        for other in ["credential.jsonx", "xcredential.json", "/c/abc/other.json", ""] {
            assert!(!names_credential(other), "{other}");
        }
    }

    #[test]
    fn a_document_that_claims_to_be_a_credential_is_always_verified() {
        let place = Place::Url("https://x.org/a.json");
        for doc in [
            serde_json::json!({"type": ["Achievement"], "proof": {}}),
            serde_json::json!({"id": "did:web:x.org", "issuer": "did:web:x.org"}),
            serde_json::json!({"type": "OpenBadgeCredential"}),
            serde_json::json!({"credentialSubject": {}}),
        ] {
            assert_eq!(not_a_credential(&doc, place), None, "{doc}");
        }
        let did = serde_json::json!({"id": "did:web:x.org", "verificationMethod": []});
        assert!(not_a_credential(&did, place).unwrap().what.starts_with("a DID document of did:web:x.org"));
        let profile = serde_json::json!({"id": "did:web:x.org", "type": "Profile", "name": "X"});
        assert!(not_a_credential(&profile, place).unwrap().what.starts_with("the issuer's Profile \"X\""));
    }
}
