//! Where a key must never be (a content directory, a built site, a site's themes) and what a build
//! must never publish (a file holding a secret key).

use crate::ground::error::Failure;
use std::path::{Path, PathBuf};

use crate::crypto::Key;
use crate::ground::error::{Error, Result};
use crate::ground::fsio::is_inside;
use crate::model::config::CONFIG_FILE;
use crate::model::content::Snapshot;
use crate::render::Theme;

/// Where a key must never be: a site's content directory (committed to git) or a built site (published).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Exposed {
    /// Inside this content directory (it holds `hallmark.toml`).
    Content(PathBuf),
    /// Inside this built site (it holds hallmark's `.nojekyll` marker), or the given output directory.
    Output(PathBuf),
    /// Inside this site's `themes/` directory (committed, and its `static/` files are published).
    Theme(PathBuf),
}

/// Whether a key at `path` would be committed or published: it is inside `content_dir`, its
/// `themes/` or `output_dir` (built yet or not), or below any directory that is a hallmark content
/// directory, built site or site's `themes/`, whichever site it belongs to.
pub(crate) fn exposed(path: &Path, content_dir: Option<&Path>, output_dir: Option<&Path>) -> Option<Exposed> {
    if let Some(c) = content_dir {
        if is_inside(path, c) {
            return Some(Exposed::Content(c.to_path_buf()));
        }
        let themes = c.join("..").join("themes");
        if is_inside(path, &themes) {
            return Some(Exposed::Theme(themes));
        }
    }
    if let Some(o) = output_dir.filter(|o| is_inside(path, o)) {
        return Some(Exposed::Output(o.to_path_buf()));
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let resolved = absolute.parent().and_then(|p| p.canonicalize().ok()).unwrap_or_else(|| absolute.clone());
    for dir in resolved.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
            return Some(Exposed::Content(dir.to_path_buf()));
        }
        if dir.join(".nojekyll").is_file() {
            return Some(Exposed::Output(dir.to_path_buf()));
        }
        let site_root = dir.parent().filter(|_| dir.file_name().is_some_and(|n| n == "themes"));
        if site_root.is_some_and(|r| r.join("content").join(CONFIG_FILE).is_file()) {
            return Some(Exposed::Theme(dir.to_path_buf()));
        }
    }
    None
}

/// Refuses to publish a secret key: `files` are (where it is, bytes) of what the build would copy
/// into the site (theme and content static files). A file is refused when it holds the secret of
/// `key`, or is itself a key file (any Ed25519 secret in hallmark's format, e.g. a retired key).
pub(super) fn refuse_published_secrets<'a>(
    key: &Key,
    files: impl IntoIterator<Item = (String, &'a [u8])>,
) -> Result<()> {
    let secret = key.secret_multibase();
    for (place, bytes) in files {
        let holds_secret = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        let is_key_file =
            bytes.len() <= 4096 && std::str::from_utf8(bytes).is_ok_and(|t| Key::from_file_text(t).is_ok());
        if holds_secret || is_key_file {
            return Err(Error::Key(Failure::new(format!("{place} holds a secret signing key, and the build would publish it")).fix("move the key outside the site (e.g. ~/.config/hallmark/signing.key) and delete this copy; if it was ever committed or deployed, rotate the key (hallmark rotate-key --compromised)")));
        }
    }
    Ok(())
}

/// The error for a key file where it would be committed or published.
pub(crate) fn exposed_error(path: &Path, exposed: &Exposed) -> Error {
    let (where_, why) = match exposed {
        Exposed::Content(d) => {
            (format!("the content directory {}", d.display()), "committed to git and could be published")
        }
        Exposed::Output(d) => (format!("the output directory {}", d.display()), "published with the site"),
        Exposed::Theme(d) => {
            (format!("the site's themes {}", d.display()), "committed to git and could be published with the theme")
        }
    };
    Error::Key(Failure::new(format!("the key file {} is inside {where_}, where it would be {why}", path.display())).fix("keep keys outside every site, e.g. ~/.config/hallmark/signing.key; if this one was ever committed or deployed, rotate it (hallmark rotate-key --compromised)"))
}

/// Looks for one signing key's secret in the bytes of files about to be published, in every form
/// it could take there: its key-file text (with or without the `z`), the raw seed, the seed in
/// hexadecimal and in base64. One pass over each file, whatever its size or type.
///
/// Every form is at least `2 * BLOCK - 1` bytes long, so any place it appears covers a whole
/// `BLOCK`-byte block of the file that starts at a multiple of `BLOCK`, and that block is one of
/// the form's own. The scan looks up one aligned block in 16 in a small set of every form's blocks
/// (a few hundred), and searches for the forms only around a block that is there. (An
/// Aho-Corasick automaton over the six forms took a seventh of a template change's CPU: pages are
/// full of the bytes its prefilter keys on.)
pub(crate) struct SecretScanner {
    forms: Vec<memchr::memmem::Finder<'static>>,
    blocks: crate::ground::hash::FastSet<u128>,
}

const BLOCK: usize = 16;

impl SecretScanner {
    /// A scanner for `key`'s secret.
    pub(crate) fn new(key: &Key) -> SecretScanner {
        use base64::Engine as _;
        let seed = key.seed_bytes();
        let multibase = key.secret_multibase();
        let hex = crate::ground::hash::hex(&seed);
        let b64 = base64::engine::general_purpose::STANDARD.encode(seed);
        let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(seed);
        let forms: Vec<Vec<u8>> = vec![
            multibase.as_bytes()[1..].to_vec(),
            seed.to_vec(),
            hex.as_bytes().to_vec(),
            hex.to_uppercase().into_bytes(),
            // The last character of 32 bytes in base64 depends on padding alone: leave it out.
            b64.as_bytes()[..42].to_vec(),
            b64url.as_bytes()[..42].to_vec(),
        ];
        let mut blocks = crate::ground::hash::FastSet::default();
        for form in &forms {
            assert!(form.len() >= 2 * BLOCK - 1, "a form shorter than two blocks could fit between aligned ones");
            blocks.extend(form.windows(BLOCK).map(block));
        }
        let forms = forms.into_iter().map(|f| memchr::memmem::Finder::new(&f).into_owned()).collect();
        SecretScanner { forms, blocks }
    }

    /// Whether `bytes` hold one of the forms.
    fn holds(&self, bytes: &[u8]) -> bool {
        bytes.chunks_exact(BLOCK).enumerate().any(|(i, b)| {
            self.blocks.contains(&block(b)) && {
                let at = i * BLOCK;
                self.forms.iter().any(|f| {
                    let around =
                        &bytes[at.saturating_sub(f.needle().len())..(at + BLOCK + f.needle().len()).min(bytes.len())];
                    f.find(around).is_some()
                })
            }
        })
    }

    /// An error naming `place` (a file of the site) when `bytes` hold the secret.
    pub(crate) fn check(&self, place: &str, bytes: &[u8]) -> Result<()> {
        if !self.holds(bytes) {
            return Ok(());
        }
        Err(Error::Key(Failure::new(format!("{place} would publish the secret signing key")).fix(
            "find where it came from (a static or theme file, a roster cell, badge artwork or criteria) and remove it; \
             if it was ever committed or deployed, rotate the key (hallmark rotate-key --compromised)",
        )))
    }
}

fn block(b: &[u8]) -> u128 {
    u128::from_le_bytes(b.try_into().expect("a block"))
}

/// Stops a build that would publish a secret key among the theme's or the content's static files.
pub(super) fn refuse_published_site_secrets(snapshot: &Snapshot, theme: &Theme, key: &Key) -> Result<()> {
    let theme_files = theme
        .assets
        .iter()
        .map(|(name, bytes)| (format!("the theme file {name} (published as assets/{name})"), bytes.as_slice()));
    refuse_published_secrets(key, theme_files)?;
    // Every file, whatever its size: the build scans what it publishes too (SecretScanner), but
    // this says which source file holds it before anything is signed.
    for rel in &snapshot.static_files {
        let path = snapshot.content_dir.join(rel);
        let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
        refuse_published_secrets(key, [(path.display().to_string(), bytes.as_slice())])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_found_in_every_form_at_every_offset_and_nothing_else_is() {
        use base64::Engine as _;
        let key = Key::from_seed([42; 32]);
        let scanner = SecretScanner::new(&key);
        let seed = key.seed_bytes();
        let hex = crate::ground::hash::hex(&seed);
        // Each form, and the part of it that must be there (the rest may change).
        let forms: Vec<(Vec<u8>, std::ops::Range<usize>)> = vec![
            (key.secret_multibase().into_bytes(), 1..key.secret_multibase().len()),
            (key.secret_multibase().as_bytes()[1..].to_vec(), 0..key.secret_multibase().len() - 1),
            (seed.to_vec(), 0..32),
            (hex.clone().into_bytes(), 0..64),
            (hex.to_uppercase().into_bytes(), 0..64),
            (base64::engine::general_purpose::STANDARD.encode(seed).into_bytes(), 0..42),
            (base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(seed).into_bytes(), 0..42),
        ];
        let filler = b"<p class=\"x\">Lorem ipsum dolor sit amet, 0123456789abcdef ABCDEF</p>\n".repeat(40);
        for (form, needed) in &forms {
            for offset in 0..40 {
                for tail in [0, 1, 17, 300] {
                    let text = [&filler[..offset], form, &filler[..tail]].concat();
                    assert!(scanner.holds(&text), "missed at {offset} (+{tail}): {:?}", String::from_utf8_lossy(form));
                }
            }
            // One byte changed anywhere in the form: not the secret.
            for at in needed.clone() {
                let mut changed = form.clone();
                changed[at] ^= 0x01;
                let text = [&filler[..7], &changed[..], &filler[..]].concat();
                assert!(!scanner.holds(&text), "found a changed form");
            }
        }
        assert!(!scanner.holds(&filler));
        assert!(!scanner.holds(b""));
        let other = SecretScanner::new(&Key::from_seed([7; 32]));
        assert!(!other.holds(&[&filler[..], hex.as_bytes()].concat()));
    }
}
