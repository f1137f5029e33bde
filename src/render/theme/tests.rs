//! The theme's tests.

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

/// The default theme's templates are copied for every built-in language, with each plain
/// message of theirs written in (the landing page's 33 and the base's 7 among them).
#[test]
fn the_default_theme_is_written_in_every_built_in_language() {
    let locales = std::sync::Arc::new(Locales::built_in(Digits::default()));
    let templates: Vec<(String, String)> =
        EMBEDDED_TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let langs: Vec<&str> = locales.languages().collect();
    assert!(langs.len() >= 6, "{langs:?}");
    for lang in langs {
        assert!(crate::render::plain::written_in(lang, &templates, &locales).is_some(), "{lang}");
        for (name, source) in &templates {
            let written = crate::render::plain::with_messages(source, lang, &locales);
            let plain_left = written.match_indices("{{ t(key=\"").filter(|(at, _)| {
                let after = &written[at + 10..];
                after.find('"').is_some_and(|end| after[end..].starts_with("\") }}"))
            });
            // A message with a line break or a brace stays a call: the same page, a little slower.
            assert_eq!(plain_left.count(), 0, "{lang} {name}: a plain message left as a call");
        }
    }
}
