use super::*;

fn write(dir: &Path, text: &str) {
    std::fs::write(dir.join(CONFIG_FILE), text).unwrap();
}

const MINIMAL: &str = "[site]\ntitle = \"T\"\nbase_url = \"https://x.github.io/c\"\n[issuer]\nname = \"I\"\nurl = \"https://i.example/\"\n";

#[test]
fn minimal_config_gets_defaults() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), MINIMAL);
    let s = load(dir.path(), None).unwrap();
    assert_eq!(s.base_url.to_string(), "https://x.github.io/c/");
    assert_eq!(s.config.site.language, "en");
    assert_eq!(s.config.site.output_dir, PathBuf::from("../public"));
    assert!(!s.config.site.allow_indexing);
}

#[test]
fn errors_on_unknown_key_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &format!("{MINIMAL}colour = \"red\"\n"));
    let problems = load(dir.path(), None).unwrap_err().sorted();
    let p = &problems[0];
    let loc = p.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (7, 1), "{p}");
    assert_eq!(p.message, "unknown key `colour` in [issuer]", "{p}");
}

/// `[outputs] achievement_creator`: "id" or "profile", anything else refused at its place with the
/// two values; unset, `None` (the ledger decides).
#[test]
fn achievement_creator_takes_id_or_profile_and_names_them_when_it_is_neither() {
    use crate::model::creator::Creator;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), MINIMAL);
    assert_eq!(load(dir.path(), None).unwrap().config.outputs.achievement_creator, None);
    for (value, form) in [("id", Creator::Id), ("profile", Creator::Profile)] {
        write(dir.path(), &format!("{MINIMAL}[outputs]\nachievement_creator = \"{value}\"\n"));
        assert_eq!(load(dir.path(), None).unwrap().config.asked().1, Some(form));
    }
    write(dir.path(), &format!("{MINIMAL}[outputs]\nachievement_creator = \"full\"\n"));
    let problems = load(dir.path(), None).unwrap_err().sorted();
    let p = &problems[0];
    let loc = p.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (8, 23), "{p}");
    assert!(p.message.contains("unknown variant `full`, expected `id` or `profile`"), "{p}");
    assert!(p.help.as_deref().unwrap_or_default().contains("one of the values named"), "{p}");
}

#[test]
fn base_url_override_wins() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), MINIMAL);
    let s = load(dir.path(), Some("http://127.0.0.1:8000")).unwrap();
    assert_eq!(s.base_url.did_web(), "did:web:127.0.0.1%3A8000");
}

#[test]
fn errors_on_bad_base_url_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &MINIMAL.replace("https://x.github.io/c", "x.github.io"));
    let problems = load(dir.path(), None).unwrap_err().sorted();
    let loc = problems[0].location.as_ref().unwrap();
    assert_eq!(loc.line, 3);
    assert!(problems[0].message.contains("site.base_url"));
}

#[test]
fn issuer_url_may_have_a_query_but_must_be_a_web_address() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &MINIMAL.replace("https://i.example/", "https://i.example/about?lang=en#team"));
    assert!(load(dir.path(), None).is_ok());
    write(dir.path(), &MINIMAL.replace("https://i.example/", "mailto:info@i.example"));
    let problems = load(dir.path(), None).unwrap_err().sorted();
    assert_eq!(
        problems[0].message,
        "issuer.url \"mailto:info@i.example\" is not a web link: it starts with mailto:, not https://"
    );
    assert_eq!(problems[0].location.as_ref().unwrap().line, 6);
}

#[test]
fn a_roster_date_format_that_gives_no_whole_date_is_refused_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let rosters = "[rosters.\"recipients/lms.csv\"]\ndate_format = \"%d/%m\"\n[rosters.\"recipients/hr.csv\"]\ndate_format = \"%d %B %Y\"\n";
    write(dir.path(), &format!("{MINIMAL}{rosters}"));
    let problems = load(dir.path(), None).unwrap_err().sorted();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let loc = problems[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (8, 1), "{}", problems[0]);
    assert!(problems[0].message.contains("rosters.\"recipients/lms.csv\".date_format"), "{}", problems[0]);
    assert!(problems[0].message.contains("whole date"), "{}", problems[0]);
}
