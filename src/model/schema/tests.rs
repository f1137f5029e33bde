use super::*;
use std::path::Path;

const INNER: &[Key] = &[Key::required("name", Kind::Text), Key::optional("url", Kind::Text)];
const ROOT: &[Key] = &[
    Key::required("title", Kind::Text),
    Key::optional("draft", Kind::Bool),
    Key::optional("tags", Kind::TextList),
    Key::required("owner", Kind::Table(INNER)),
    Key::optional("groups", Kind::Named(INNER)),
    Key::optional("link", Kind::TableList(INNER)),
];

fn check(text: &str) -> (Vec<Problem>, Walk, String) {
    let mut table = DeTable::parse(text).unwrap();
    let mut problems = Problems::new();
    let at = |offset: usize| Location::at_offset(Path::new("t.toml"), text, offset);
    let walk = walk(table.get_mut(), ROOT, "t.toml", &at, &mut problems);
    let keys = table.get_ref().iter().map(|(k, _)| k.get_ref().to_string()).collect::<Vec<_>>().join(",");
    (problems.sorted(), walk, keys)
}

fn places(problems: &[Problem]) -> Vec<(usize, usize, &str)> {
    problems
        .iter()
        .map(|p| {
            let l = p.location.as_ref().unwrap();
            (l.line, l.column, p.message.as_str())
        })
        .collect()
}

#[test]
fn reports_every_unknown_key_with_a_suggestion_and_removes_it() {
    let (p, walk, keys) =
        check("titel = \"T\"\ncolour = 1\n[owner]\nname = \"N\"\nurll = \"u\"\n[groups.a]\nnam = \"x\"\n");
    assert_eq!(
        places(&p),
        [
            (1, 1, "unknown key `titel`"),
            (2, 1, "unknown key `colour`"),
            (5, 1, "unknown key `urll` in [owner]"),
            (7, 1, "unknown key `nam` in [groups.a]"),
        ]
    );
    assert_eq!(p[0].help.as_deref(), Some("did you mean `title`?"));
    assert_eq!(
        p[1].help.as_deref(),
        Some("remove or rename the key; t.toml accepts title, draft, tags, [owner], [groups.<name>] and [[link]]")
    );
    assert_eq!(p[3].help.as_deref(), Some("did you mean `name`?"));
    assert_eq!(walk.errors, 4);
    assert!(!walk.usable("title") && !walk.usable("groups.a.name") && walk.usable("owner.name"));
    assert_eq!(keys, "groups,owner,title", "unknown keys removed, the missing title replaced");
}

#[test]
fn reports_wrong_types_missing_keys_and_control_characters() {
    let (p, walk, _) = check(
        "draft = \"yes\"\ntags = [\"a\", 2]\ntitle = \"a\\u0001b\"\n[[link]]\nurl = \"x\"\n[[link]]\nname = \"n\"\nurl = \"\\u009f\"\n",
    );
    assert_eq!(
        places(&p),
        [
            (1, 1, "t.toml has no [owner] table"),
            (1, 9, "draft must be true or false, not a string"),
            (2, 14, "tags must be a list of strings, not hold an integer"),
            (3, 9, "title contains a control character (U+0001)"),
            (4, 1, "the key `name` is missing in [[link]]"),
            (8, 7, "link.url contains a control character (U+009F)"),
        ]
    );
    assert!(p[1].help.as_deref().unwrap().contains("without quotes"));
    assert!(!walk.usable("owner") && !walk.usable("link.0.name") && walk.usable("link.1.name"));
    assert_eq!(walk.spans.get("link.1.url"), Some(&(88..91)));
}
