//! The default theme's stylesheet, and its page templates, without the white space and comments
//! that mean nothing to a browser. Every landing page downloads them, and the page's weight and a
//! credential's bytes have budgets.

/// Elements that start or end a block (or are not drawn): a line break before one of their tags
/// is white space the browser does not draw, whatever precedes it (trailing white space on a line,
/// or none at all in `<head>`). `noscript`, `label`, `input`, `img` and the like are inline and
/// keep theirs.
const BLOCKS: &str = "html head meta link title script style body header footer main article section aside nav \
     div p h1 h2 h3 h4 h5 h6 dl dt dd ul ol li table thead tbody tr td th form fieldset figure figcaption details \
     summary hr br";

/// A page template of the default theme without the line breaks before a block's tag: about 100
/// bytes a landing page that every credential of a site would otherwise publish. Only the default
/// theme's own templates are tightened (hallmark knows that none of their `pre` or `white-space`
/// text holds a line break before such a tag); a theme's own are rendered as they are written. The
/// source keeps its lines for people editing a copy of it.
pub(crate) fn template(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find('\n') {
        out.push_str(&rest[..at]);
        let after = rest[at..].trim_start_matches('\n');
        if !starts_block_tag(after) {
            out.push_str(&rest[at..rest.len() - after.len()]);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `html`, a page `up` below the site's root (`../../` for `c/<id>/`), with each `href`, `src` and
/// `data-shell` that begins with the site's path `base_path` written from the page instead: on a
/// site under a path (a GitHub Pages project's `/<repository>/`), 7 bytes less for each of a
/// landing page's dozen links to the site's assets, badge and pages. Only those attributes, whose
/// values are addresses; a value the page shows (an `<input value>`, a `content`) keeps its path.
/// A site at its host's root, whose paths are shorter than `up`, keeps them.
pub(crate) fn from_page(html: String, base_path: &str, up: &str) -> String {
    if base_path.len() <= up.len() {
        return html;
    }
    let needle = format!("=\"{base_path}");
    // Where each such link's path begins, found in the page as rendered; then the page shortened in
    // place, each path replaced by `up` and the rest moved up behind it (no second page).
    let starts: Vec<usize> = memchr::memmem::find_iter(html.as_bytes(), needle.as_bytes())
        .filter(|&at| [" href", " src", " data-shell"].iter().any(|name| html[..at].ends_with(name)))
        .map(|at| at + 2)
        .collect();
    let Some(&first) = starts.first() else { return html };
    let mut bytes = html.into_bytes();
    let mut write = first;
    for (i, &start) in starts.iter().enumerate() {
        let next = starts.get(i + 1).copied().unwrap_or(bytes.len());
        bytes[write..write + up.len()].copy_from_slice(up.as_bytes());
        write += up.len();
        bytes.copy_within(start + base_path.len()..next, write);
        write += next - start - base_path.len();
    }
    bytes.truncate(write);
    // ASCII replaced ASCII: the page is as much UTF-8 as it was.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether `text` begins with the start or end tag of one of [`BLOCKS`].
fn starts_block_tag(text: &str) -> bool {
    let Some(tag) = text.strip_prefix('<') else { return false };
    let tag = tag.strip_prefix('/').unwrap_or(tag);
    let name_end = tag.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tag.len());
    let ends = tag[name_end..].chars().next().is_some_and(|c| c == '>' || c == '/' || c.is_ascii_whitespace());
    ends && BLOCKS.split_ascii_whitespace().any(|block| block == &tag[..name_end])
}

/// `css` with comments removed, white space collapsed, and no space next to `{`, `}`, `;`, `,` or
/// after `:` and `(` or before `)`; a `;` before `}` goes too. Strings, escapes and every space
/// that can matter (descendant combinators, `calc(1px + 2px)`, `and (`, before `:`) are kept.
pub(crate) fn css(css: &str) -> String {
    // After these, a space means nothing; before the second set, neither.
    const NO_SPACE_AFTER: &[char] = &['{', '}', ';', ',', ':', '('];
    const NO_SPACE_BEFORE: &[char] = &['{', '}', ';', ',', ')'];
    let mut out = String::with_capacity(css.len());
    let mut space = false;
    let mut chars = css.chars().peekable();
    let emit = |out: &mut String, c: char, space: &mut bool| {
        let last = out.chars().last();
        if *space && last.is_some_and(|l| !NO_SPACE_AFTER.contains(&l)) && !NO_SPACE_BEFORE.contains(&c) {
            out.push(' ');
        }
        *space = false;
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(c);
    };
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                emit(&mut out, c, &mut space);
                while let Some(s) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        if let Some(escaped) = chars.next() {
                            out.push(escaped);
                        }
                    } else if s == c {
                        break;
                    }
                }
            }
            '\\' => {
                emit(&mut out, c, &mut space);
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for s in chars.by_ref() {
                    if previous == '*' && s == '/' {
                        break;
                    }
                    previous = s;
                }
                // A comment separates what is on either side of it, as a space would.
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => emit(&mut out, c, &mut space),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{css, from_page, template};

    #[test]
    fn page_links_from_the_page_only_where_shorter() {
        let html = "<a href=\"/b/x/\">a</a><img src=\"/b/i.svg\" alt=\"/b/\"><link hreflang=\"/b/\"><input value=\"/b/c/\"><div data-shell=\"/b/s\">";
        assert_eq!(
            from_page(html.to_string(), "/b/", "../"),
            html.to_string(),
            "a path no longer than the way up stays"
        );
        assert_eq!(
            from_page(html.replace("/b/", "/credentials/"), "/credentials/", "../../"),
            "<a href=\"../../x/\">a</a><img src=\"../../i.svg\" alt=\"/credentials/\"><link hreflang=\"/credentials/\"><input value=\"/credentials/c/\"><div data-shell=\"../../s\">"
        );
        assert_eq!(
            from_page("<a href=\"https://h/credentials/\">".into(), "/credentials/", "../../"),
            "<a href=\"https://h/credentials/\">"
        );
    }

    #[test]
    fn template_loses_line_breaks_before_blocks_only() {
        assert_eq!(
            template("<head>\n<meta charset=\"utf-8\">\n\n<title>T</title>\n</head>\n<body>\n{% if a %}\n<p>x</p>\n{% endif %}\n"),
            "<head><meta charset=\"utf-8\"><title>T</title></head><body>\n{% if a %}<p>x</p>\n{% endif %}\n"
        );
        // Inline elements keep the space a line break draws; so do names that only begin like a block's.
        assert_eq!(
            template("<span>a</span>\n<span>b</span>\nby\n<img src=x>"),
            "<span>a</span>\n<span>b</span>\nby\n<img src=x>"
        );
        assert_eq!(
            template("a\n<pre>b</pre>\n<param>\n<noscript>\n<label>"),
            "a\n<pre>b</pre>\n<param>\n<noscript>\n<label>"
        );
        assert_eq!(template("a\n</div>\n<br>\n<hr/>\n<"), "a</div><br><hr/>\n<");
    }

    #[test]
    fn drops_what_means_nothing() {
        assert_eq!(
            css(".a, .b {\n  color: red;\n  margin: 0 auto;\n}\n/* note */\n@media (max-width: 40rem) {\n  .c { display: none; }\n}\n"),
            ".a,.b{color:red;margin:0 auto}@media (max-width:40rem){.c{display:none}}"
        );
    }

    #[test]
    fn keeps_every_space_that_matters() {
        // Descendant and other combinators, a space before a pseudo-class, arithmetic in calc().
        assert_eq!(css(".share h2 { }"), ".share h2{}");
        assert_eq!(css(".a :focus-visible, .b > .c ~ .d + .e {}"), ".a :focus-visible,.b > .c ~ .d + .e{}");
        assert_eq!(css("p { width: calc(100% - 2 * var(--x)); }"), "p{width:calc(100% - 2 * var(--x))}");
        assert_eq!(css(":is(.a, .b) .c { }"), ":is(.a,.b) .c{}");
        assert_eq!(css("@media print and (min-width: 1px) { }"), "@media print and (min-width:1px){}");
        assert_eq!(css("a { color: red !important; }"), "a{color:red !important}");
    }

    #[test]
    fn leaves_strings_and_escapes_alone() {
        assert_eq!(
            css("h1::before { content: \"This certifies that; {a, b}\"; }"),
            "h1::before{content:\"This certifies that; {a, b}\"}"
        );
        assert_eq!(css("q::after { content: '\\' ; '; }"), "q::after{content:'\\' ; '}");
        assert_eq!(css(".a\\ b { }"), ".a\\ b{}");
        assert_eq!(css("a/* x */b { }"), "a b{}");
    }
}
