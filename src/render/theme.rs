//! Theme resolution: the site's `templates/` shadows the theme's files, which shadow the embedded default.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Error, Result};

/// The default theme, built into the binary so a bare `hallmark init` site works anywhere.
const EMBEDDED_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("index.html", include_str!("../../themes/default/templates/index.html")),
    ("badge.html", include_str!("../../themes/default/templates/badge.html")),
    ("credential.html", include_str!("../../themes/default/templates/credential.html")),
    ("404.html", include_str!("../../themes/default/templates/404.html")),
    ("verify.html", include_str!("../../themes/default/templates/verify.html")),
];

const EMBEDDED_ASSETS: &[(&str, &[u8])] = &[
    ("hallmark.css", include_bytes!("../../themes/default/static/hallmark.css")),
    ("verify.js", include_bytes!("../../themes/default/static/verify.js")),
    ("badges.js", include_bytes!("../../themes/default/static/badges.js")),
];

/// Loaded templates and the theme's static assets.
pub struct Theme {
    tera: Tera,
    /// Where each template came from, for errors that name file:line:column.
    origins: Vec<(String, PathBuf)>,
    /// Files published under `assets/`, by name.
    pub assets: Vec<(String, Vec<u8>)>,
    /// A hash of every template and asset: pages are rebuilt when it changes.
    pub fingerprint: String,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme").field("assets", &self.assets.len()).finish()
    }
}

impl Theme {
    /// Resolves theme `name` for the site in `content_dir` (themes live in `../themes/<name>`).
    pub fn load(content_dir: &Path, name: &str) -> Result<Theme> {
        let mut templates: Vec<(String, String)> =
            EMBEDDED_TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let mut assets: Vec<(String, Vec<u8>)> =
            EMBEDDED_ASSETS.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
        let theme_dir = content_dir.join("..").join("themes").join(name);
        if theme_dir.is_dir() {
            overlay_dir(&theme_dir.join("templates"), &mut templates, |b| String::from_utf8_lossy(&b).into_owned())?;
            overlay_dir(&theme_dir.join("static"), &mut assets, |b| b)?;
        } else if name != "default" {
            return Err(Error::Usage(format!(
                "theme \"{name}\" not found: expected a directory {}\n    help: set site.theme = \"default\", or create the theme there",
                theme_dir.display()
            )));
        }
        overlay_dir(&content_dir.join("templates"), &mut templates, |b| String::from_utf8_lossy(&b).into_owned())?;

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
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
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
            .map(|(n, b)| format!("{n}:{}", crate::site::cache::key(&[&String::from_utf8_lossy(b)])))
            .collect();
        parts.extend(asset_hashes.iter().map(String::as_str));
        let fingerprint = crate::site::cache::key(&parts);
        Ok(Theme { tera, origins, assets, fingerprint })
    }

    /// Renders `template` with the view `ctx`.
    pub fn render<T: Serialize>(&self, template: &str, ctx: &T) -> Result<String> {
        let context = Context::from_serialize(ctx).map_err(|e| Error::Template(format!("{template}: {e}")))?;
        self.tera.render(template, &context).map_err(|e| template_error(&self.origins, Some(template), e))
    }
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

/// A Tera error as a problem at the template's file:line:column when Tera knows where it happened
/// (syntax errors, and most rendering errors), or as a message naming the template otherwise.
fn template_error(origins: &[(String, PathBuf)], rendering: Option<&str>, e: tera::Error) -> Error {
    use crate::error::{Location, Problem, Problems};
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
    Error::Template(msg)
}

/// Files in `dir` (recursively) replace or join `files`, keyed by their path relative to `dir`.
fn overlay_dir<T>(dir: &Path, files: &mut Vec<(String, T)>, convert: impl Fn(Vec<u8>) -> T) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", dir.display())))?;
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
