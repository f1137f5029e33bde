//! The e-mail templates: Tera, a text and an HTML part per event. A file in the content's
//! `email/` shadows the theme's `email/`, which shadows the built-in default; a file in a
//! `<badge-slug>/` folder of either applies to that badge only.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::ground::error::{Error, Result};
use crate::notify::events::EventKind;
use crate::render::locale::{Digits, Locales};

macro_rules! builtin {
    ($($name:literal),*) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/email/", $name)))),*]
    };
}

/// The default theme's e-mail templates, built into the binary.
const BUILT_IN: &[(&str, &str)] = builtin!(
    "base.html",
    "base.txt",
    "links.html",
    "links.txt",
    "issued.html",
    "issued.txt",
    "renewed.html",
    "renewed.txt",
    "corrected.html",
    "corrected.txt",
    "revoked.html",
    "revoked.txt",
    "suspended.html",
    "suspended.txt",
    "reinstated.html",
    "reinstated.txt",
    "expiring.html",
    "expiring.txt"
);

/// The loaded templates.
pub(crate) struct MailTemplates {
    tera: Tera,
    /// The theme's and the site's messages (`locales/<lang>/email.ftl`).
    locales: Locales,
    origins: Vec<(String, PathBuf)>,
    names: HashSet<String>,
}

impl MailTemplates {
    /// The templates for the site in `content_dir` with theme `theme`.
    pub(crate) fn load(content_dir: &Path, theme: &str, digits: Digits) -> Result<MailTemplates> {
        let mut files: Vec<(String, String, PathBuf)> = BUILT_IN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string(), PathBuf::from(format!("(built-in default theme) email/{n}"))))
            .collect();
        let theme_dir = content_dir.join("..").join("themes").join(theme).join("email");
        for dir in [theme_dir, content_dir.join("email")] {
            overlay(&dir, &mut files)?;
        }
        let origins: Vec<(String, PathBuf)> = files.iter().map(|(n, _, p)| (n.clone(), p.clone())).collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        if let Err(e) = tera.add_raw_templates(files.iter().map(|(n, t, _)| (n.as_str(), t.as_str()))) {
            return Err(crate::render::theme::template_error(&origins, None, e));
        }
        let names = files.into_iter().map(|(n, _, _)| n).collect();
        let theme_dir = content_dir.join("..").join("themes").join(theme);
        let locales = Locales::load(&theme_dir, content_dir, digits)?;
        Ok(MailTemplates { tera, locales, origins, names })
    }

    /// The messages e-mails are written with.
    pub(crate) fn locales(&self) -> &Locales {
        &self.locales
    }

    /// The text and HTML parts of `kind`'s e-mail for a credential of `badge`.
    pub(crate) fn render<T: Serialize>(&self, badge: &str, kind: EventKind, view: &T) -> Result<(String, String)> {
        let context =
            Context::from_serialize(view).map_err(|e| Error::Template(format!("{}: {e}", kind.name()).into()))?;
        let part = |ext: &str| {
            let own = format!("{badge}/{}.{ext}", kind.name());
            let name = if self.names.contains(&own) { own } else { format!("{}.{ext}", kind.name()) };
            self.tera
                .render(&name, &context)
                .map_err(|e| crate::render::theme::template_error(&self.origins, Some(&name), e))
        };
        Ok((tidy_text(&part("txt")?), part("html")?))
    }
}

/// Text with no run of more than one empty line and no trailing spaces (templates' conditionals
/// leave both), ending in one line break.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut empty = 0;
    for line in text.trim_start_matches('\n').lines() {
        // "-- " is the signature separator: its trailing space is meant.
        let line = if line == "-- " { line } else { line.trim_end() };
        empty = if line.is_empty() { empty + 1 } else { 0 };
        if empty <= 1 {
            out.push_str(line);
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Files under `dir` (one level of badge folders) replace or join `files`.
fn overlay(dir: &Path, files: &mut Vec<(String, String, PathBuf)>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).max_depth(2).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", dir.display()).into()))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with('.') || !(name.ends_with(".txt") || name.ends_with(".html"))
        {
            continue;
        }
        let key = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(entry.path()).map_err(|e| Error::io("read", entry.path(), e))?;
        let path = entry.path().to_path_buf();
        match files.iter_mut().find(|(k, _, _)| *k == key) {
            Some(slot) => *slot = (key, text, path),
            None => files.push((key, text, path)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_loses_runs_of_empty_lines_but_keeps_the_signature_separator() {
        assert_eq!(tidy_text("\nHello,\n\n\n\nBye  \n-- \nI\n\n\n"), "Hello,\n\nBye\n-- \nI\n");
    }

    #[test]
    fn a_badge_folder_overrides_one_badge_and_the_content_overrides_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("email/sql")).unwrap();
        std::fs::write(content.join("email/sql/issued.txt"), "SQL: {{ t.intro }}").unwrap();
        std::fs::write(content.join("email/revoked.txt"), "Gone.").unwrap();
        let templates = MailTemplates::load(&content, "default", Digits::default()).unwrap();
        let args = crate::notify::strings::Args { name: "Ada", badge: "SQL", issuer: "I", ..Default::default() };
        let credential = serde_json::json!({"page_url": "https://x/c/1/", "linkedin_add_url": "l", "wallet_url": "w"});
        let view = |kind| {
            let t = crate::notify::strings::strings(templates.locales(), "en", kind, &args);
            serde_json::json!({"t": t, "issuer": {"name": "I"}, "brand": {"primary": "#7a1f5c"}, "credential": credential, "site": {"language": "en"}, "previous": null, "unsubscribe_url": null})
        };
        let intro = &crate::notify::strings::strings(templates.locales(), "en", EventKind::Issued, &args)["intro"];
        assert_eq!(
            templates.render("sql", EventKind::Issued, &view(EventKind::Issued)).unwrap().0,
            format!("SQL: {intro}\n")
        );
        assert_eq!(templates.render("sql", EventKind::Revoked, &view(EventKind::Revoked)).unwrap().0, "Gone.\n");
        let view = view(EventKind::Issued);
        let (text, html) = templates.render("other", EventKind::Issued, &view).unwrap();
        assert!(text.starts_with("Hello Ada,\n\nI has issued you"), "{text}");
        assert!(html.contains("<a href=\"https://x/c/1/\""), "{html}");
        assert!(html.contains("style=\"color:#7a1f5c\""), "links take the brand's primary colour: {html}");
        assert!(!html.contains("#1d4ed8"), "{html}");
    }

    #[test]
    fn a_template_error_names_the_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("email")).unwrap();
        std::fs::write(content.join("email/issued.html"), "<p>\n{{ t.intro </p>").unwrap();
        let e = MailTemplates::load(&content, "default", Digits::default()).err().unwrap();
        let Error::Content { problems } = e else { panic!("{e}") };
        let loc = problems.sorted()[0].location.clone().unwrap();
        assert!(loc.path.ends_with("email/issued.html") && loc.line == 2, "{loc:?}");
    }
}
