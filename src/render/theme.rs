//! Theme resolution: the site's `templates/` shadows the theme's files, which shadow the embedded default.

use crate::ground::error::Failure;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::ground::error::{Error, Result};
use crate::render::locale::{Digits, Locales, Translate};

/// The default theme, built into the binary so a bare `hallmark init` site works anywhere.
const EMBEDDED_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/base.html"))),
    ("index.html", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/index.html"))),
    ("badge.html", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/badge.html"))),
    ("credential.html", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/credential.html"))),
    ("404.html", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/404.html"))),
    ("verify.html", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/verify.html"))),
];

const EMBEDDED_ASSETS: &[(&str, &[u8])] = &[
    ("hallmark.css", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/hallmark.css"))),
    ("verify.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/verify.js"))),
    ("page.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/page.js"))),
    ("verifier.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/verifier.js"))),
    ("rules.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/rules.js"))),
    ("badges.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/badges.js"))),
    ("verify-page.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/verify-page.js"))),
    ("words.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/words.js"))),
    ("log.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/log.js"))),
    ("jsonld.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/jsonld.js"))),
    ("rdfc.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/rdfc.js"))),
    ("qr.js", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/qr.js"))),
    ("contexts.json", include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/contexts.json"))),
];

/// Loaded templates and the theme's static assets.
pub(crate) struct Theme {
    tera: Tera,
    /// The templates' sources, by name, for each language's copy with its messages written in.
    templates: Vec<(String, String)>,
    /// Each language's copy ([`super::plain`]), made when a build renders many pages in it.
    plain: Vec<super::plain::Plain>,
    /// Where each template came from, for errors that name file:line:column.
    origins: Vec<(String, PathBuf)>,
    /// Files published under `assets/`, by name.
    pub assets: Vec<(String, Vec<u8>)>,
    /// A hash of every template, asset and message: pages are rebuilt when it changes.
    pub fingerprint: String,
    /// The theme's and the site's messages in every language, and their dates and numbers.
    pub locales: std::sync::Arc<Locales>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme").field("assets", &self.assets.len()).finish()
    }
}

/// Where a site's own themes live: `themes/` beside its content directory.
pub(crate) fn themes_dir(content_dir: &Path) -> std::path::PathBuf {
    content_dir.join("..").join("themes")
}

impl Theme {
    /// Resolves theme `name` for the site in `content_dir` (themes live in `../themes/<name>`).
    pub(crate) fn load(content_dir: &Path, name: &str, digits: Digits) -> Result<Theme> {
        let mut templates: Vec<(String, String)> =
            EMBEDDED_TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let mut assets: Vec<(String, Vec<u8>)> =
            EMBEDDED_ASSETS.iter().map(|(n, b)| (n.to_string(), published(n, b))).collect();
        let theme_dir = themes_dir(content_dir).join(name);
        if theme_dir.is_dir() {
            overlay_dir(&theme_dir.join("templates"), &mut templates, |b| String::from_utf8_lossy(&b).into_owned())?;
            overlay_dir(&theme_dir.join("static"), &mut assets, |b| b)?;
        } else if name != "default" {
            return Err(Error::Usage(
                Failure::new(format!("theme \"{name}\" not found: expected a directory {}", theme_dir.display()))
                    .fix("set site.theme = \"default\", or create the theme there"),
            ));
        }
        overlay_dir(&content_dir.join("templates"), &mut templates, |b| String::from_utf8_lossy(&b).into_owned())?;
        // The default theme's own templates (built in, or a copy of one) render without the line
        // breaks that mean nothing; a theme's own render as they are written.
        for (name, text) in &mut templates {
            if EMBEDDED_TEMPLATES.iter().any(|(n, t)| n == name && t == text) {
                *text = super::compact::template(text);
            }
        }
        // A copy of the default theme's own file (the repository's themes/default, or one a site
        // copied to start its theme from) is published as the built-in one is.
        for (name, bytes) in &mut assets {
            if let Some((_, source)) = EMBEDDED_ASSETS.iter().find(|(n, s)| n == name && *s == bytes.as_slice()) {
                *bytes = published(name, source);
            }
        }

        let origins: Vec<(String, PathBuf)> = templates
            .iter()
            .map(|(n, _)| {
                let site = content_dir.join("templates").join(n);
                let themed = theme_dir.join("templates").join(n);
                let path = if site.is_file() {
                    site
                } else if themed.is_file() {
                    normalize_dots(&themed)
                } else {
                    PathBuf::from(format!("(built-in default theme) templates/{n}"))
                };
                (n.clone(), path)
            })
            .collect();
        retired_fields(&templates, &origins)?;
        let locales = std::sync::Arc::new(Locales::load(&theme_dir, content_dir, digits)?);
        let mut tera = Tera::new();
        tera.autoescape_on(super::plain::AUTOESCAPED.to_vec());
        tera.register_function("t", Translate::new(locales.clone()));
        if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            return Err(template_error(&origins, None, e));
        }
        let mut parts: Vec<&str> = Vec::new();
        for (n, t) in &templates {
            parts.push(n);
            parts.push(t);
        }
        let asset_hashes: Vec<String> = assets
            .iter()
            .map(|(n, b)| format!("{n}:{}", crate::ground::hash::short_key(&[&String::from_utf8_lossy(b)])))
            .collect();
        parts.extend(asset_hashes.iter().map(String::as_str));
        parts.push(&locales.fingerprint);
        let fingerprint = crate::ground::hash::short_key(&parts);
        let plain = super::plain::Plain::for_languages(&locales);
        Ok(Theme { tera, templates, plain, origins, assets, fingerprint, locales })
    }

    /// Renders `template` with the view `ctx`.
    pub(crate) fn render<T: Serialize>(&self, template: &str, ctx: &T) -> Result<String> {
        self.tera
            .render(template, &context_of(template, ctx)?)
            .map_err(|e| template_error(&self.origins, Some(template), e))
    }

    /// [`Theme::render`] for a page in language `lang` (the view's `lang`): once many pages of
    /// that language were rendered, from its copy of the templates with its messages written in,
    /// which gives the same bytes. An error is reported as the theme's own templates give it.
    pub(crate) fn render_in<T: Serialize>(&self, lang: &str, template: &str, ctx: &T) -> Result<String> {
        let Some(tera) = super::plain::Plain::tera(&self.plain, lang, &self.templates, &self.locales) else {
            return self.render(template, ctx);
        };
        tera.render(template, &context_of(template, ctx)?).or_else(|_| self.render(template, ctx))
    }
}

/// The view `ctx` as template `template`'s context.
fn context_of<T: Serialize>(template: &str, ctx: &T) -> Result<Context> {
    Context::from_serialize(ctx).map_err(|e| Error::Template(format!("{template}: {e}").into()))
}

/// The default theme's file `name` as the site publishes it: its JavaScript without the lines
/// that are only a comment and without indentation, its CSS without comments and meaningless white
/// space. Every landing page downloads these files; their comments and layout are for people
/// reading the source. A theme's own files are published exactly as they are.
fn published(name: &str, bytes: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(bytes) {
        Ok(text) if name.ends_with(".js") => strip_for_publishing(text, true).into_bytes(),
        Ok(text) if name.ends_with(".css") => super::compact::css(text).into_bytes(),
        _ => bytes.to_vec(),
    }
}

/// `text` without its whole-line comments (a line that is nothing but `// …` when `js`, and a
/// `/* … */` comment that starts at the beginning of a line and ends at the end of one) and
/// without the whitespace that begins each line. Nothing else changes, so code is never touched.
/// This is safe for files in which no line begins inside a string or a template literal;
/// `shipped_files_have_no_line_inside_a_string` checks that of the default theme.
fn strip_for_publishing(text: &str, js: bool) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    comment_lines(&lines, js).iter().zip(&lines).filter(|(drop, _)| !**drop).map(|(_, l)| l.trim_start()).collect()
}

/// Which of `lines` are whole-line comments (see `strip_for_publishing`).
fn comment_lines(lines: &[&str], line_comments: bool) -> Vec<bool> {
    let mut drop = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if line_comments && t.starts_with("//") {
            drop[i] = true;
        } else if let Some(body) = t.strip_prefix("/*") {
            // The comment ends at the first `*/`: its lines go only when nothing follows it there.
            let mut j = i;
            let mut rest = body;
            loop {
                if let Some(at) = rest.find("*/") {
                    if rest[at + 2..].trim().is_empty() {
                        drop[i..=j].iter_mut().for_each(|d| *d = true);
                    }
                    break;
                }
                j += 1;
                match lines.get(j) {
                    Some(l) => rest = l,
                    None => break,
                }
            }
            i = j;
        }
        i += 1;
    }
    drop
}

/// `a/b/../c` → `a/c`, for paths shown to people.
fn normalize_dots(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir if out.file_name().is_some_and(|n| n != "..") => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Fields of the view a theme's own template may still name that hallmark no longer gives, and
/// what took their place: a template's condition on a field that is gone is simply false, so the
/// page would lose what it showed without a word.
const RETIRED: &[(&str, &str)] = &[
    ("credential.page_qr_side", PAGE_QR),
    ("credential.page_qr", PAGE_QR),
    (
        "credential.wallet_qr",
        "the wallet's QR code is drawn by the theme's qr.js from credential.wallet_qr_bits: \
         <svg class=\"qr\" data-qr=\"{{ credential.wallet_qr_bits }}\" aria-hidden=\"true\"></svg>",
    ),
];
const PAGE_QR: &str = "the page's QR code is drawn by the theme's qr.js from credential.page_qr_bits: \
     <svg id=\"page-qr\" class=\"qr\" data-qr=\"{{ credential.page_qr_bits }}\" role=\"img\" aria-label=\"…\"></svg>";

/// Every place a template of the site's or its theme's own names a [`RETIRED`] field, as an error
/// at its file:line:column with what replaced it (README, "Themes").
fn retired_fields(templates: &[(String, String)], origins: &[(String, PathBuf)]) -> Result<()> {
    use crate::ground::error::{Location, Problem, Problems};
    let mut problems = Problems::new();
    for ((name, text), (_, path)) in templates.iter().zip(origins) {
        if EMBEDDED_TEMPLATES.iter().any(|(n, t)| n == name && *t == text.as_str()) {
            continue;
        }
        for (field, instead) in RETIRED {
            for (at, _) in text.match_indices(field) {
                let next = text[at + field.len()..].chars().next();
                if next.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let message = format!("{field} is no longer given to templates");
                problems.push(Problem::error(Location::at_offset(path, text, at), message).help(*instead));
            }
        }
    }
    if problems.has_errors() {
        return Err(Error::Content { problems });
    }
    Ok(())
}

/// A Tera error as a problem at the template's file:line:column when Tera knows where it happened
/// (syntax errors, and most rendering errors), or as a message naming the template otherwise.
pub(crate) fn template_error(origins: &[(String, PathBuf)], rendering: Option<&str>, e: tera::Error) -> Error {
    use crate::ground::error::{Location, Problem, Problems};
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) => {
            Some((r, "fix the template syntax at this place (see the Tera documentation)"))
        }
        tera::ErrorKind::RenderingError(r) => {
            Some((r, "check the variable or filter used here; the view each template receives is listed in the README"))
        }
        _ => None,
    };
    if let Some((r, help)) = report {
        let name = if r.filename().is_empty() { rendering.unwrap_or_default() } else { r.filename() };
        if let Some((_, path)) = origins.iter().find(|(n, _)| n == name) {
            let span = r.span();
            let mut problems = Problems::new();
            problems.push(
                Problem::error(
                    Location::new(path, span.start_line.max(1), span.start_col + 1),
                    r.message().to_string(),
                )
                .help(help),
            );
            return Error::Content { problems };
        }
    }
    let mut msg = match rendering {
        Some(t) => format!("{t}: {e}"),
        None => e.to_string(),
    };
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(&format!("\n    caused by: {s}"));
        source = s.source();
    }
    // Tera's reports point at a template by its name (` --> credential.html:2:10`): name the file.
    for (name, path) in origins {
        msg = msg.replace(&format!("--> {name}:"), &format!("--> {}:", path.display()));
    }
    let mut failure = Failure::new(msg);
    if let tera::ErrorKind::MissingParent { current, parent } = e.kind() {
        let file = origins.iter().find(|(n, _)| n == current).map(|(_, p)| p.display().to_string());
        failure = failure.fix(format!(
            "{} extends \"{parent}\", which no template provides; the templates are: {}",
            file.unwrap_or_else(|| current.clone()),
            origins.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    Error::Template(failure)
}

/// Files in `dir` (recursively) replace or join `files`, keyed by their path relative to `dir`.
fn overlay_dir<T>(dir: &Path, files: &mut Vec<(String, T)>, convert: impl Fn(Vec<u8>) -> T) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", dir.display()).into()))?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let rel: PathBuf = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_path_buf();
        let key = rel.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io("read", entry.path(), e))?;
        let value = convert(bytes);
        match files.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => files.push((key, value)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
