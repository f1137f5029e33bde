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
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
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
        Ok(Theme { tera, origins, assets, fingerprint, locales })
    }

    /// Renders `template` with the view `ctx`.
    pub(crate) fn render<T: Serialize>(&self, template: &str, ctx: &T) -> Result<String> {
        let context = Context::from_serialize(ctx).map_err(|e| Error::Template(format!("{template}: {e}").into()))?;
        self.tera.render(template, &context).map_err(|e| template_error(&self.origins, Some(template), e))
    }
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
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_copy_of_the_default_theme_is_published_like_the_built_in_one() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let statics = dir.path().join("themes/default/static");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::create_dir_all(&statics).unwrap();
        let built_in = Theme::load(&content, "default", Digits::default()).unwrap().assets;
        let (_, verify_src) = EMBEDDED_ASSETS.iter().find(|(n, _)| *n == "verify.js").unwrap();
        std::fs::write(statics.join("verify.js"), verify_src).unwrap();
        let own = b"/* mine */\nconsole.log(1);\n".to_vec();
        std::fs::write(statics.join("hallmark.css"), &own).unwrap();
        let copied = Theme::load(&content, "default", Digits::default()).unwrap().assets;
        let get = |a: &[(String, Vec<u8>)], n: &str| a.iter().find(|(k, _)| k == n).unwrap().1.clone();
        assert_eq!(get(&copied, "verify.js"), get(&built_in, "verify.js"));
        assert!(get(&copied, "verify.js").len() < verify_src.len(), "comments stripped");
        assert_eq!(get(&copied, "hallmark.css"), own, "a file of the site's own is published as it is");
    }

    #[test]
    fn a_template_naming_a_field_no_longer_given_stops_at_its_place_with_what_replaced_it() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("templates")).unwrap();
        let page = "{% extends \"base.html\" %}\n{% block content %}\n{% if credential.page_qr_bits %}ok{% endif %}\n\
                    <img src=\"{{ credential.wallet_qr }}\">{% endblock content %}\n";
        std::fs::write(content.join("templates/credential.html"), page).unwrap();
        let Err(Error::Content { problems }) = Theme::load(&content, "default", Digits::default()) else {
            panic!("the theme loaded");
        };
        let text = format!("{problems:?}");
        assert_eq!(problems.error_count(), 1, "{text}");
        assert!(text.contains("credential.wallet_qr is no longer given") && text.contains("wallet_qr_bits"), "{text}");
        assert!(text.contains("line: 4") && text.contains("column: 14"), "{text}");
        // The current fields load.
        std::fs::write(content.join("templates/credential.html"), page.replace("wallet_qr }}", "wallet_qr_bits }}"))
            .unwrap();
        assert!(Theme::load(&content, "default", Digits::default()).is_ok());
    }

    #[test]
    fn strips_whole_line_comments_and_indentation_and_nothing_else() {
        let js = "/* a header\n   over two lines */\nconst a = 1; // kept: code comes first\n  // gone\nif (a) {\n  const url = 'http://x'; /* kept */\n}\n/* kept */ run();\n/* kept, code after\n   the end */ go();\nlet b = a / 2 /* kept */;\n";
        assert_eq!(
            strip_for_publishing(js, true),
            "const a = 1; // kept: code comes first\nif (a) {\nconst url = 'http://x'; /* kept */\n}\n/* kept */ run();\n/* kept, code after\nthe end */ go();\nlet b = a / 2 /* kept */;\n"
        );
        let css =
            "/* gone */\na { b: url(//x); }\n  /* gone\n  */\n// not a CSS comment\n@media print {\n  a { c: d; }\n}\n";
        assert_eq!(
            strip_for_publishing(css, false),
            "a { b: url(//x); }\n// not a CSS comment\n@media print {\na { c: d; }\n}\n"
        );
        assert_eq!(strip_for_publishing("/* never closed\nx();\n", true), "/* never closed\nx();\n");
    }

    /// Where each line of `text` begins: in code (0), inside a string or a template literal (1), or
    /// inside a block comment (2). Regular expressions are read as code: the theme's contain no quote, backtick
    /// or comment opener.
    fn line_starts(text: &str, js: bool) -> Vec<u8> {
        #[derive(Clone, Copy, PartialEq)]
        enum S {
            Code,
            Line,
            Block,
            Str(char),
            Template,
        }
        // Code inside `${…}` of a template literal returns to it at its closing brace.
        let (mut s, mut stack, mut depth): (S, Vec<u32>, u32) = (S::Code, Vec::new(), 0);
        let (mut starts, mut at_start) = (Vec::new(), true);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if at_start {
                starts.push(match s {
                    S::Code if stack.is_empty() => 0,
                    S::Block => 2,
                    _ => 1,
                });
                at_start = false;
            }
            match s {
                S::Code => match c {
                    '/' if chars.peek() == Some(&'*') => {
                        chars.next();
                        s = S::Block;
                    }
                    '/' if js && chars.peek() == Some(&'/') => s = S::Line,
                    '\'' | '"' => s = S::Str(c),
                    '`' if js => s = S::Template,
                    '{' => depth += 1,
                    '}' if depth == 0 && !stack.is_empty() => {
                        depth = stack.pop().unwrap_or(0);
                        s = S::Template;
                    }
                    '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
                S::Line if c == '\n' => s = S::Code,
                S::Block if c == '*' && chars.peek() == Some(&'/') => {
                    chars.next();
                    s = S::Code;
                }
                S::Str(_) | S::Template if c == '\\' => {
                    at_start = chars.next() == Some('\n');
                }
                S::Str(q) if c == q => s = S::Code,
                S::Template if c == '`' => s = S::Code,
                S::Template if c == '$' && chars.peek() == Some(&'{') => {
                    chars.next();
                    stack.push(depth);
                    depth = 0;
                    s = S::Code;
                }
                _ => {}
            }
            if c == '\n' {
                at_start = true;
            }
        }
        assert!(s == S::Code && stack.is_empty(), "the file ends inside a string or comment");
        starts
    }

    #[test]
    fn line_starts_sees_lines_inside_strings_and_templates() {
        assert_eq!(line_starts("a = `x\n// y ${f({})}\n`;\nb = 'c\\\n';\n/* d\n*/\n", true), [0, 1, 1, 0, 1, 0, 2]);
    }

    #[test]
    fn shipped_files_have_no_line_inside_a_string() {
        // Scripts and style sheets lose their comments when published; data (contexts.json) is
        // published as it is.
        for (name, bytes) in EMBEDDED_ASSETS.iter().filter(|(n, _)| n.ends_with(".js") || n.ends_with(".css")) {
            let js = name.ends_with(".js");
            let text = std::str::from_utf8(bytes).unwrap();
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let starts = line_starts(text, js);
            let drop = comment_lines(&lines, js);
            for (i, gone) in drop.iter().enumerate() {
                // Indentation goes from every line: none may begin inside a string or template literal.
                assert!(starts[i] != 1, "{name}:{}: the line begins inside a string: {:?}", i + 1, lines[i]);
                if *gone {
                    // A dropped line begins in code, or continues the comment dropped on the line before.
                    assert!(starts[i] == 0 || (i > 0 && drop[i - 1]), "{name}:{}: {:?}", i + 1, lines[i]);
                } else if i > 0 && drop[i - 1] {
                    assert_eq!(starts[i], 0, "{name}:{}: a kept line after a dropped comment begins inside one", i + 1);
                }
            }
            let published = String::from_utf8(published(name, bytes)).unwrap();
            // Data (contexts.json) has no comments; scripts and stylesheets do.
            assert!(name.ends_with(".json") || published.len() < text.len(), "{name} has comments to leave out");
            assert!(!published.lines().any(|l| l.trim_start().starts_with("/*")), "{name}");
        }
    }

    #[test]
    fn every_file_of_the_default_themes_static_folder_is_built_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
        let mut files: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        let mut embedded: Vec<String> = EMBEDDED_ASSETS.iter().map(|(n, _)| n.to_string()).collect();
        files.sort();
        embedded.sort();
        assert_eq!(files, embedded, "themes/default/static/ and EMBEDDED_ASSETS differ");
    }
}
