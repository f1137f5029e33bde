//! The default theme's stylesheet without the white space and comments that mean nothing to a
//! browser. Every landing page downloads it, and the page's weight has a budget.

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
    use super::css;

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
