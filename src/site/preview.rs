//! `hallmark preview themes`: one page showing a sample credential's certificate in each design
//! and each brand the site's badges wear, for choosing `[certificates] design` (and a program's or
//! a badge's). Self-contained (images inlined), written anywhere, read offline.

use std::path::{Path, PathBuf};

use crate::ground::date::Date;
use crate::ground::error::{Error, Result};
use crate::render::fonts::runs::escape;
use crate::render::theme::Theme;
use crate::site::produce::certificates::{samples, Sample};

/// Writes the preview page of the site in `content_dir` to `out` (by default
/// `.hallmark/preview/themes.html` beside the content, never published) and returns its path.
pub fn preview_themes(content_dir: &Path, today: Date, out: Option<&Path>) -> Result<PathBuf> {
    let html = page_of(content_dir, today)?;
    let path =
        out.map_or_else(|| crate::ground::layout::work_dir(content_dir).join("preview/themes.html"), Path::to_path_buf);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    std::fs::write(&path, html).map_err(|e| Error::io("write", &path, e))?;
    Ok(path)
}

/// The preview page of the site in `dir`.
fn page_of(dir: &Path, today: Date) -> Result<String> {
    let snapshot = crate::model::content::load_on(dir, None, today)?;
    let site = &snapshot.settings.config.site;
    let digits = site.digits.as_deref().and_then(crate::render::locale::Digits::named).unwrap_or_default();
    let theme = Theme::load(dir, &site.theme, digits)?;
    let all = samples(&snapshot, &theme.locales, today);
    if all.is_empty() {
        return Err(Error::Usage("the site has no badge to show a certificate of: add one under badges/".into()));
    }
    Ok(page(&site.title, &all))
}

/// The page: each brand a section, each design a figure with the `design = …` line that picks it.
fn page(title: &str, samples: &[Sample]) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Certificate designs: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Certificate designs of {}</h1>\n<p>A sample credential in each design, in each brand the site's badges wear. Choose one with <code>[certificates] design</code> in hallmark.toml, <code>[programs.&lt;id&gt;.certificates]</code> for a program, or <code>[certificate]</code> in a badge's front matter.</p>\n",
        escape(title),
        escape(title)
    );
    let mut brand = None;
    for s in samples {
        if brand != Some(&s.brand) {
            if brand.is_some() {
                out.push_str("</div>\n</section>\n");
            }
            out.push_str(&format!(
                "<section>\n<h2>In the brand of {}</h2>\n<div class=\"designs\">\n",
                escape(&s.brand)
            ));
            brand = Some(&s.brand);
        }
        out.push_str(&format!(
            "<figure>\n{}\n<figcaption><strong>{}</strong> <code>design = \"{}\"</code></figcaption>\n</figure>\n",
            s.svg, s.design, s.design
        ));
    }
    out.push_str("</div>\n</section>\n</body>\n</html>\n");
    out
}

const STYLE: &str =
    "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:90rem;padding:0 1rem;color:#1a1a1a}\
.designs{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1.5rem}\
figure{margin:0}figure svg{width:100%;height:auto;box-shadow:0 1px 4px #0004;background:#fff}\
figcaption{margin-top:.5rem}code{background:#f2f2f2;padding:0 .25rem}";
