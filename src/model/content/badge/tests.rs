use super::*;

fn parse_text(name: &str, text: &str) -> (Option<Badge>, Vec<Problem>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("badges")).unwrap();
    std::fs::write(dir.path().join("outside.svg"), "<svg/>").unwrap();
    std::fs::write(dir.path().join("badges/sql.svg"), "<svg/>").unwrap();
    let path = dir.path().join("badges").join(name);
    std::fs::write(&path, text).unwrap();
    let mut problems = Problems::new();
    let context = Context { content_dir: dir.path(), programs: Some(&["data"]), image_hosts: &[] };
    let badge = parse(&path, Path::new(name), text, &context, &mut problems);
    (badge, problems.sorted())
}

#[test]
fn parses_front_matter_and_criteria() {
    let (b, p) = parse_text(
        "sql.md",
        "+++\nname = \"SQL\"\ndescription = \"Queries.\"\nprogram = \"data\"\nskills = [\"joins\"]\n+++\nWrote *ten* queries.\n",
    );
    assert!(p.is_empty(), "{p:?}");
    let b = b.unwrap();
    assert_eq!((b.slug.as_str(), b.name.as_str()), ("sql", "SQL"));
    assert_eq!(b.criteria_markdown, "Wrote *ten* queries.");
    assert_eq!(b.skills, vec!["joins"]);
}

#[test]
fn errors_on_unknown_front_matter_key_at_its_line() {
    let (b, p) = parse_text("sql.md", "+++\nname = \"SQL\"\ndescription = \"Q\"\ncolor = \"red\"\n+++\nx\n");
    assert!(b.is_none());
    let loc = p[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (4, 1), "{}", p[0]);
    assert_eq!(p[0].message, "unknown key `color`");
}

#[test]
fn errors_on_missing_front_matter_and_unknown_program() {
    let (_, p) = parse_text("sql.md", "name = \"SQL\"\n");
    assert!(p[0].message.contains("no front matter"));
    let (_, p) = parse_text("sql.md", "+++\nname = \"SQL\"\ndescription = \"Q\"\nprogram = \"dta\"\n+++\nx\n");
    assert!(p[0].message.contains("unknown program \"dta\""));
    assert!(p[0].help.as_deref().unwrap().contains("did you mean \"data\""));
    assert_eq!(p[0].location.as_ref().unwrap().line, 4);
}

#[test]
fn alignment_urls_may_have_a_query_or_fragment() {
    let (b, p) = parse_text(
        "sql.md",
        "+++\nname = \"SQL\"\ndescription = \"Q\"\n[[alignment]]\nname = \"A\"\nurl = \"https://esco.example/skill?uri=x#y\"\n+++\nx\n",
    );
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(b.unwrap().alignments[0].url, "https://esco.example/skill?uri=x#y");
    let (_, p) = parse_text(
        "sql.md",
        "+++\nname = \"SQL\"\ndescription = \"Q\"\n[[alignment]]\nname = \"A\"\nurl = \"esco.example/skill\"\n+++\nx\n",
    );
    assert_eq!(p[0].message, "alignment url \"esco.example/skill\" is not an absolute URL");
    assert_eq!(p[0].location.as_ref().unwrap().line, 6);
}

#[test]
fn criteria_may_have_tabs_and_line_breaks_but_no_other_control_character() {
    let (b, p) = parse_text("sql.md", "+++\r\nname = \"SQL\"\r\ndescription = \"Q\"\r\n+++\r\n- one\r\n\t- two\r\n");
    assert!(p.is_empty(), "{p:?}");
    assert!(b.is_some());
    let (b, p) = parse_text("sql.md", "+++\nname = \"SQL\"\ndescription = \"Q\"\n+++\nfine\nnot \u{1b}[31mfine\n");
    assert!(b.is_none());
    assert_eq!(p[0].message, "the criteria contain a control character (U+001B)");
    assert_eq!(p[0].location.as_ref().map(|l| (l.line, l.column)), Some((6, 5)));
}

#[test]
fn errors_on_an_image_outside_the_content_directory() {
    let front = "+++\nname = \"SQL\"\ndescription = \"Q\"\nimage = \"IMAGE\"\n+++\nx\n";
    let (b, p) = parse_text("sql.md", &front.replace("IMAGE", "./sql.svg"));
    assert!(p.is_empty(), "{p:?}");
    assert!(b.unwrap().image.unwrap().ends_with("badges/sql.svg"));
    let (b, p) = parse_text("sql.md", &front.replace("IMAGE", "../outside.svg"));
    assert!(p.is_empty(), "inside the content directory: {p:?}");
    assert!(b.is_some());
    for (bad, why) in [("../../outside.svg", "is outside the content directory"), ("/etc/x.svg", "is an absolute path")]
    {
        let (b, p) = parse_text("sql.md", &front.replace("IMAGE", bad));
        assert!(b.is_none());
        assert_eq!(p[0].message, format!("badge image \"{bad}\" {why}"));
        assert_eq!(p[0].location.as_ref().map(|l| l.line), Some(4));
    }
}

#[test]
fn errors_on_a_validity_period_longer_than_a_century() {
    let front = "+++\nname = \"SQL\"\ndescription = \"Q\"\nvalid_for = \"PERIOD\"\n+++\nx\n";
    for ok in ["100y", "1200m", "5217w", "36525d"] {
        let (b, p) = parse_text("sql.md", &front.replace("PERIOD", ok));
        assert!(p.is_empty() && b.is_some(), "{ok}: {p:?}");
    }
    for long in ["101y", "10000y", "1201m", "5218w", "36526d"] {
        let (b, p) = parse_text("sql.md", &front.replace("PERIOD", long));
        assert!(b.is_none(), "{long}");
        assert_eq!(p[0].message, format!("valid_for \"{long}\" is longer than 100 years"));
        assert_eq!(p[0].location.as_ref().map(|l| (l.line, l.column)), Some((4, 1)));
    }
}

#[test]
fn artwork_front_matter_chooses_the_shape_and_icon_and_refuses_unknown_ones_at_their_key() {
    let (b, p) = parse_text(
        "first-aid.md",
        "+++\nname = \"First Aid\"\ndescription = \"Q\"\nartwork = { shape = \"hexagon\", icon = \"zap\" }\n+++\nx\n",
    );
    assert!(p.is_empty(), "{p:?}");
    let b = b.unwrap();
    assert_eq!(b.look, Look { shape: Shape::Hexagon, icon: Some("zap".into()) });
    assert_eq!(b.image_ext(), Some("svg"), "a badge without an image gets drawn SVG artwork");
    let (b, p) = parse_text(
        "first-aid.md",
        "+++\nname = \"First Aid\"\ndescription = \"Q\"\n[artwork]\nshape = \"star\"\nicon = \"bolt\"\n+++\nx\n",
    );
    assert!(b.is_none());
    assert_eq!(p[0].message, "artwork shape \"star\" is not a shape hallmark draws");
    assert_eq!(p[0].location.as_ref().unwrap().line, 5);
    assert!(p[0].help.as_deref().unwrap().contains("\"circle\", \"shield\", \"hexagon\", \"ribbon\", \"square\""));
    assert_eq!(p[1].message, "artwork icon \"bolt\" is not one of the bundled icons");
    assert_eq!(p[1].location.as_ref().unwrap().line, 6);
    assert!(p[1].help.as_deref().unwrap().contains("zap"));
}
