//! Markdown to HTML for badge criteria. Raw HTML in the source is shown as text, never passed
//! through; a link or image the content checks refuse (a `javascript:` link, an image from a host
//! not in `image_hosts`) is shown as its text, never as a link or image, should one reach here.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

use crate::ground::link::{link_target, Target};

/// Whether `url` may be published as a link, or (`image`) as an image from one of `image_hosts`.
fn allowed(url: &str, image: bool, image_hosts: &[String]) -> bool {
    match link_target(url) {
        Target::Site => true,
        Target::Web { .. } | Target::Mail if !image => true,
        Target::Web { host } => image_hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)),
        _ => false,
    }
}

/// Renders CommonMark (with tables and strikethrough) to HTML, escaping any raw HTML.
pub(crate) fn to_html(markdown: &str, image_hosts: &[String]) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Links and images left out, innermost last: their End events are dropped too.
    let mut dropped: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. }) | Event::Start(Tag::Image { ref dest_url, .. }) => {
            let image = matches!(event, Event::Start(Tag::Image { .. }));
            let keep = allowed(dest_url, image, image_hosts);
            dropped.push(!keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => (!dropped.pop().unwrap_or(false)).then_some(event),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_links_and_images_are_shown_as_text() {
        let corpus =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile/criteria.md")).unwrap();
        let html = to_html(&corpus, &["images.example.org".to_string()]);
        let lower = html.to_ascii_lowercase();
        for bad in
            ["javascript", "data:", "vbscript", "file:", "https://tracker", "//", "/\\", "http:tracker", "mailto:a@b"]
        {
            assert!(!lower.contains(&format!("<a href=\"{bad}")), "{bad}: {html}");
            assert!(!lower.contains(&format!("<img src=\"{bad}")), "{bad}: {html}");
        }
        assert_eq!(html.matches("<a href=").count(), 7, "only the safe links: {html}");
        assert_eq!(html.matches("<img ").count(), 2, "only the safe images: {html}");
        assert!(html.contains("<img src=\"https://images.example.org/chart.png\""), "{html}");
        assert!(html.contains("<a href=\"mailto:a@example.org\">"), "{html}");
        assert!(html.contains("click"), "the text of a refused link stays: {html}");
    }

    #[test]
    fn renders_lists_and_emphasis() {
        assert_eq!(to_html("- *one*\n- two\n", &[]), "<ul>\n<li><em>one</em></li>\n<li>two</li>\n</ul>\n");
    }

    #[test]
    fn raw_html_is_escaped_not_executed() {
        let html = to_html("Hello <script>alert(1)</script>\n\n<div onclick=x>hi</div>\n", &[]);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}
