//! Reading `.ftl` files: the default theme's (built in), a theme directory's, and the site's
//! `content/locales/<lang>/*.ftl`, each later one adding messages or overriding earlier ones.

use std::path::{Path, PathBuf};

use fluent_bundle::FluentResource;

use crate::ground::error::{Error, LineIndex, Problem, Problems, Result};

macro_rules! builtin {
    ($($lang:literal / $file:literal),*) => {
        &[$(($lang, $file, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/locales/", $lang, "/", $file)))),*]
    };
}

/// The default theme's messages, built into the binary: (language, file, text).
pub(crate) const BUILT_IN: &[(&str, &str, &str)] = builtin!(
    "en" / "pages.ftl",
    "en" / "email.ftl",
    "en" / "verifier.ftl",
    "fr" / "pages.ftl",
    "fr" / "email.ftl",
    "fr" / "verifier.ftl",
    "de" / "pages.ftl",
    "de" / "email.ftl",
    "de" / "verifier.ftl",
    "es" / "pages.ftl",
    "es" / "email.ftl",
    "es" / "verifier.ftl",
    "ko" / "pages.ftl",
    "ko" / "email.ftl",
    "ko" / "verifier.ftl",
    "ar" / "pages.ftl",
    "ar" / "email.ftl",
    "ar" / "verifier.ftl"
);

/// One parsed `.ftl` file.
pub(crate) struct Source {
    pub lang: String,
    pub path: PathBuf,
    pub resource: FluentResource,
}

/// Every `.ftl` file of the site, in the order they apply: built in, then `theme_dir/locales/`,
/// then `content_dir/locales/`. A file of the theme directory with the name of a built-in one
/// replaces it; the site's files override message by message.
pub(crate) fn sources(theme_dir: &Path, content_dir: &Path) -> Result<Vec<Source>> {
    let mut texts: Vec<(String, String, PathBuf, String)> = BUILT_IN
        .iter()
        .map(|(l, f, t)| {
            (
                l.to_string(),
                f.to_string(),
                PathBuf::from(format!("(built-in default theme) locales/{l}/{f}")),
                t.to_string(),
            )
        })
        .collect();
    for (lang, file, path, text) in read_dir(&theme_dir.join("locales"))? {
        match texts.iter_mut().find(|(l, f, ..)| *l == lang && *f == file) {
            Some(slot) => *slot = (lang, file, path, text),
            None => texts.push((lang, file, path, text)),
        }
    }
    texts.extend(read_dir(&content_dir.join("locales"))?);
    let mut problems = Problems::new();
    let mut out = Vec::new();
    for (lang, _, path, text) in texts {
        match parse(&path, text) {
            Ok(resource) => out.push(Source { lang, path, resource }),
            Err(p) => problems.extend(p),
        }
    }
    if problems.has_errors() {
        return Err(Error::Content { problems });
    }
    Ok(out)
}

/// `text` as a Fluent resource, or each syntax error at its file:line:column.
pub(crate) fn parse(path: &Path, text: String) -> std::result::Result<FluentResource, Problems> {
    let lines = text.clone();
    match FluentResource::try_new(text) {
        Ok(resource) => Ok(resource),
        Err((_, errors)) => {
            let index = LineIndex::new(&lines);
            let mut problems = Problems::new();
            for e in errors {
                // Where the broken message starts, or the column the parser stopped at when that
                // is on the same line.
                let start = e.slice.as_ref().map_or(e.pos.start, |s| s.start);
                let same_line = !lines.get(start..e.pos.start).unwrap_or("\n").contains('\n');
                let at = index.location(path, if same_line { e.pos.start } else { start });
                problems.push(
                    Problem::error(at, format!("this Fluent message cannot be read: {}", e.kind)).help(
                        "write `key = text`, variables as `{ $name }`; see https://projectfluent.org/fluent/guide/",
                    ),
                );
            }
            Err(problems)
        }
    }
}

/// The `.ftl` files of `dir/<lang>/`, sorted: (lang, file name, path, text).
fn read_dir(dir: &Path) -> Result<Vec<(String, String, PathBuf, String)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut langs: Vec<PathBuf> = list(dir)?.into_iter().filter(|p| p.is_dir()).collect();
    langs.sort();
    for lang_dir in langs {
        let lang = lang_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut files: Vec<PathBuf> =
            list(&lang_dir)?.into_iter().filter(|p| p.extension().is_some_and(|e| e == "ftl")).collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.push((lang.clone(), file, path, text));
        }
    }
    Ok(out)
}

fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))?;
    entries.map(|e| e.map(|e| e.path()).map_err(|e| Error::io("read", dir, e))).collect()
}
