//! Badge artwork is published as it is (`badges/<slug>/image.svg`) and opened by anyone who
//! downloads it, so an SVG may hold no script: no `<script>`, no event handler attribute (`onload`
//! …), no `javascript:` or other outside address, nothing that embeds another document. Such
//! artwork is refused with the element named at its line and column, rather than quietly changed:
//! the designer's bytes are published exactly, or not at all.

use std::path::Path;

use crate::ground::error::{Location, Problem};

/// The largest SVG artwork read: a badge drawing is tens of kilobytes; an SVG of megabytes is
/// almost always an embedded photo, and parsing has to stop somewhere.
pub(crate) const MAX_ARTWORK_BYTES: u64 = 5 * 1024 * 1024;

/// Elements that run script or embed another document.
const ELEMENTS: &[&str] = &["script", "foreignObject", "iframe", "embed", "object", "handler", "listener"];

/// A problem for everything in the SVG at `path` (`display` names it) that could run script or
/// fetch from elsewhere when the artwork is opened.
pub(super) fn check_svg(path: &Path, display: &Path) -> Vec<Problem> {
    let help = "remove it and export the artwork again as a plain drawing (no scripts, links or embedded pages)";
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_ARTWORK_BYTES => {
            return vec![Problem::error(
                Location::new(display, 1, 1),
                format!("the artwork is {} bytes, more than the {MAX_ARTWORK_BYTES} an SVG badge may have", m.len()),
            )
            .help("simplify the drawing, or use a PNG")];
        }
        Err(e) => return vec![Problem::error(Location::new(display, 1, 1), format!("cannot read the artwork: {e}"))],
        Ok(_) => {}
    }
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        _ => {
            return vec![Problem::error(Location::new(display, 1, 1), "the SVG artwork is not UTF-8 text")
                .help("save it as UTF-8")]
        }
    };
    let doc = match roxmltree::Document::parse(&text) {
        Ok(doc) => doc,
        Err(e) => {
            let pos = e.pos();
            return vec![Problem::error(
                Location::new(display, pos.row as usize, pos.col as usize),
                format!("the SVG artwork is not well-formed XML: {e}"),
            )
            .help("open it in a drawing program and save it again as SVG")];
        }
    };
    let at = |offset: usize| Location::at_offset(display, &text, offset);
    let mut problems = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name)) {
            problems
                .push(Problem::error(at(node.range().start), format!("the artwork has a <{name}> element")).help(help));
            continue;
        }
        for attr in node.attributes() {
            let attr_name = attr.name();
            let why = if attr_name.len() > 2 && attr_name[..2].eq_ignore_ascii_case("on") {
                Some(format!("an event handler ({attr_name}=\"…\") on <{name}>"))
            } else if attr_name == "href"
                || (animates_href(node) && matches!(attr_name, "to" | "values" | "from" | "by"))
            {
                outside_address(attr.value()).map(|v| format!("<{name}> pointing at \"{v}\""))
            } else if attr_name == "style" {
                style_escape(attr.value()).map(|what| format!("{what} in the style of <{name}>"))
            } else {
                None
            };
            if let Some(why) = why {
                problems.push(Problem::error(at(attr.range().start), format!("the artwork has {why}")).help(help));
            }
        }
        if name == "style" {
            if let Some(what) = node.text().and_then(style_escape) {
                problems.push(
                    Problem::error(at(node.range().start), format!("the artwork's <style> has {what}")).help(help),
                );
            }
        }
    }
    problems
}

/// An animation that sets a link's address (`<set attributeName="href" to="…">`).
fn animates_href(node: roxmltree::Node<'_, '_>) -> bool {
    matches!(node.tag_name().name(), "set" | "animate")
        && node.attribute("attributeName").is_some_and(|a| a == "href" || a.ends_with(":href"))
}

/// An address that leads out of the drawing: anything but `#id` and embedded raster images.
fn outside_address(value: &str) -> Option<&str> {
    let v: String = value.trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let embedded_raster =
        ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"].iter().any(|p| v.starts_with(p));
    (!(v.is_empty() || v.starts_with('#') || embedded_raster)).then_some(value)
}

/// Style text that reaches out: `@import`, `url(…)` to anything but `#id` or a raster image, or
/// old script hooks (`expression(`, `javascript:`).
fn style_escape(css: &str) -> Option<&'static str> {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("an @import");
    }
    if lower.contains("javascript:") || lower.contains("expression(") || lower.contains("behavior:") {
        return Some("a script");
    }
    let outside_url = lower.split("url(").skip(1).any(|rest| {
        let target = rest.trim_start().trim_start_matches(['"', '\'']);
        outside_address(target.split([')', '"', '\'']).next().unwrap_or_default()).is_some()
    });
    outside_url.then_some("a url() to another file or site")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_artwork_is_refused_at_the_element_and_plain_artwork_passes() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile/artwork");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let problems = check_svg(&path, Path::new("badges/x.svg"));
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // Each hostile file says on its first line what must be found: <!-- refused: N -->.
            let wanted: usize =
                text.split("<!-- refused: ").nth(1).and_then(|r| r.split(' ').next()?.parse().ok()).unwrap_or(0);
            assert_eq!(problems.len(), wanted, "{name}: {problems:#?}");
            for p in &problems {
                assert!(p.location.as_ref().is_some_and(|l| l.line > 1), "{name}: {p}");
            }
            checked += 1;
        }
        assert!(checked >= 5);
        let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/content/badges");
        for entry in std::fs::read_dir(demo).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "svg") {
                assert!(check_svg(&path, &path).is_empty(), "{}", path.display());
            }
        }
    }
}
