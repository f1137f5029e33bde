//! Markdown to HTML for badge criteria. Raw HTML in the source is shown as text, never passed through.

use pulldown_cmark::{html, Event, Options, Parser};

/// Renders CommonMark (with tables and strikethrough) to HTML, escaping any raw HTML.
pub(crate) fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_lists_and_emphasis() {
        assert_eq!(to_html("- *one*\n- two\n"), "<ul>\n<li><em>one</em></li>\n<li>two</li>\n</ul>\n");
    }

    #[test]
    fn raw_html_is_escaped_not_executed() {
        let html = to_html("Hello <script>alert(1)</script>\n\n<div onclick=x>hi</div>\n");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}
