//! Badges: `badges/<slug>.md` with TOML front matter between `+++` lines and Markdown criteria below.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::DeTable;

use crate::ground::error::{Location, Problem, Problems};
use crate::model::schema::{self, Key, Kind};
use crate::model::validate::is_slug;

/// Achievement types the Open Badges 3.0 vocabulary defines.
pub(crate) const ACHIEVEMENT_TYPES: &[&str] = &[
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
];

/// Every key the front matter accepts, for reporting all unknown keys at once.
const KEYS: &[Key] = &[
    Key::required("name", Kind::Text),
    Key::required("description", Kind::Text),
    Key::optional("program", Kind::Text),
    Key::optional("achievement_type", Kind::Text),
    Key::optional("image", Kind::Text),
    Key::optional("valid_for", Kind::Text),
    Key::optional("skills", Kind::TextList),
    Key::optional(
        "alignment",
        Kind::TableList(&[
            Key::required("name", Kind::Text),
            Key::required("url", Kind::Text),
            Key::optional("description", Kind::Text),
            Key::optional("framework", Kind::Text),
            Key::optional("code", Kind::Text),
        ]),
    ),
];

/// The front matter as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    name: String,
    description: String,
    program: Option<String>,
    achievement_type: Option<String>,
    image: Option<String>,
    /// How long credentials stay valid, e.g. `2y`, unless a row gives `expires`.
    valid_for: Option<String>,
    #[serde(default)]
    skills: Vec<String>,
    #[serde(default)]
    alignment: Vec<Alignment>,
}

/// A link from the badge to a skill, standard or framework (an Open Badges `Alignment`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub(crate) struct Alignment {
    pub name: String,
    pub url: String,
    pub description: Option<String>,
    pub framework: Option<String>,
    pub code: Option<String>,
}

/// One badge, loaded and checked.
#[derive(Debug, Clone)]
pub(crate) struct Badge {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub criteria_markdown: String,
    pub program: Option<String>,
    pub achievement_type: Option<String>,
    pub skills: Vec<String>,
    pub alignments: Vec<Alignment>,
    /// How long credentials stay valid after issue, unless a row gives `expires`.
    pub valid_for: Option<crate::ground::date::Period>,
    /// The artwork file, if the badge has one.
    pub image: Option<PathBuf>,
}

impl Badge {
    /// The artwork's extension (`svg` or `png`).
    pub(crate) fn image_ext(&self) -> Option<&str> {
        self.image.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str())
    }
}

/// What a badge is checked against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The content directory: artwork must be inside it.
    pub content_dir: &'a Path,
    /// The programs the configuration declares; `None` when it could not be read (program names
    /// are not checked then).
    pub programs: Option<&'a [&'a str]>,
}

/// Parses one badge file (under `context.content_dir`); `display_path` is how errors name it.
pub(crate) fn parse(
    path: &Path,
    display_path: &Path,
    text: &str,
    context: &Context<'_>,
    problems: &mut Problems,
) -> Option<Badge> {
    let programs = context.programs;
    let slug = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
    let at = |offset: usize| Location::at_offset(display_path, text, offset);
    if !is_slug(&slug) {
        problems.push(
            Problem::error(at(0), format!("badge file name \"{slug}\" is not a slug"))
                .help("rename it to lowercase letters, digits and hyphens, e.g. badges/data-analysis.md"),
        );
        return None;
    }
    let Some((front, front_offset, body)) = split_front_matter(text) else {
        problems.push(
            Problem::error(at(0), "the badge has no front matter").help(
                "start the file with a line +++, the badge's TOML keys (name, description, ...), and another +++",
            ),
        );
        return None;
    };
    let mut table = match DeTable::parse(front) {
        Ok(table) => table,
        Err(e) => {
            let offset = front_offset + e.span().map_or(0, |s| s.start);
            problems.push(
                Problem::error(at(offset), format!("front matter: {}", e.message().trim()))
                    .help("fix the front matter (TOML) at this place"),
            );
            return None;
        }
    };
    let walk = schema::walk(table.get_mut(), KEYS, "the front matter", &|o| at(front_offset + o), problems);
    let fm = match FrontMatter::deserialize(toml::de::Deserializer::from(table)) {
        Ok(fm) => fm,
        Err(e) => {
            // The walk leaves only keys FrontMatter knows, so this is a gap between the two.
            if walk.errors == 0 {
                let offset = front_offset + e.span().map_or(0, |s| s.start);
                problems.push(
                    Problem::error(at(offset), format!("front matter: {}", e.message().trim()))
                        .help("fix the front matter (TOML) at this place"),
                );
            }
            return None;
        }
    };
    let key_at = |path: &str| at(front_offset + walk.spans.get(path).map_or(0, |s| s.start));
    let mut ok = walk.errors == 0;
    let body_offset = text.len() - body.len();
    if let Some((i, c)) = body.char_indices().find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
        problems.push(
            Problem::error(
                at(body_offset + i),
                format!("the criteria contain a control character ({})", crate::model::validate::describe_control(c)),
            )
            .help("remove it: control characters are invisible, and verifiers may reject the credential"),
        );
        ok = false;
    }
    if walk.usable("name") && fm.name.trim().is_empty() {
        problems.push(Problem::error(key_at("name"), "the badge name is empty").help("write the badge's name"));
        ok = false;
    }
    if walk.usable("description") && fm.description.trim().is_empty() {
        problems.push(
            Problem::error(key_at("description"), "the badge description is empty")
                .help("describe the badge in a sentence"),
        );
        ok = false;
    }
    if body.trim().is_empty() {
        problems.push(
            Problem::error(at(text.len()), "the badge has no criteria")
                .help("below the front matter, write in Markdown what an earner did to earn it"),
        );
        ok = false;
    }
    if let (Some(p), Some(programs)) = (&fm.program, programs) {
        if !programs.contains(&p.as_str()) {
            let mut problem = Problem::error(key_at("program"), format!("unknown program \"{p}\""));
            problem = match crate::model::validate::suggest(p, programs.iter().copied()) {
                Some(s) => problem
                    .help(format!("did you mean \"{s}\"? Programs are declared in hallmark.toml as [programs.<slug>]")),
                None => problem.help("declare it in hallmark.toml as [programs.<slug>], or fix the spelling"),
            };
            problems.push(problem);
            ok = false;
        }
    }
    if let Some(t) = &fm.achievement_type {
        if !ACHIEVEMENT_TYPES.contains(&t.as_str()) && !t.starts_with("ext:") {
            problems.push(
                Problem::error(key_at("achievement_type"), format!("\"{t}\" is not an Open Badges achievement type"))
                    .help("use one of Badge, Certificate, Certification, Course, Competency, MicroCredential, ... or ext:YourType"),
            );
            ok = false;
        }
    }
    for (i, a) in fm.alignment.iter().enumerate() {
        let path = format!("alignment.{i}.url");
        if !walk.usable(&path) {
            continue;
        }
        if let Err(e) = crate::ground::url::check_web_link(&a.url) {
            problems.push(
                Problem::error(key_at(&path), format!("alignment url \"{}\" {}", a.url, e.reason())).help(e.help()),
            );
            ok = false;
        }
    }
    let valid_for = match &fm.valid_for {
        None => None,
        Some(v) => match crate::ground::date::Period::parse(v) {
            Some(p) if longer_than_a_century(p) => {
                problems.push(
                    Problem::error(key_at("valid_for"), format!("valid_for \"{v}\" is longer than 100 years"))
                        .help("write at most 100y (1200m, 5217w or 36525d), or leave valid_for out for credentials that do not expire"),
                );
                ok = false;
                None
            }
            Some(p) => Some(p),
            None => {
                problems.push(
                    Problem::error(key_at("valid_for"), format!("valid_for \"{v}\" is not a period"))
                        .help("write a number and a unit: 90d, 6w, 18m or 2y"),
                );
                ok = false;
                None
            }
        },
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let dir_in_content = dir.strip_prefix(context.content_dir).unwrap_or(Path::new("badges"));
    let image = match &fm.image {
        Some(name) => {
            let inside = crate::model::validate::inside_content(dir_in_content, name);
            let candidate = context.content_dir.join(inside.as_deref().unwrap_or(Path::new(name)));
            let ext = candidate.extension().and_then(|e| e.to_str()).unwrap_or_default();
            if let Err(why) = inside {
                problems.push(
                    Problem::error(key_at("image"), format!("badge image \"{name}\" {why}"))
                        .help("put the artwork inside the content directory (next to the badge's .md file is usual) and give its path relative to the .md file"),
                );
                ok = false;
                None
            } else if !matches!(ext, "svg" | "png") {
                problems.push(
                    Problem::error(key_at("image"), format!("badge image \"{name}\" is not .svg or .png"))
                        .help("use an SVG or PNG file"),
                );
                ok = false;
                None
            } else if !candidate.is_file() {
                problems.push(
                    Problem::error(key_at("image"), format!("badge image \"{name}\" does not exist"))
                        .help("put the file next to the badge's .md file, or fix the name"),
                );
                ok = false;
                None
            } else {
                Some(candidate)
            }
        }
        None => ["svg", "png"].iter().map(|e| dir.join(format!("{slug}.{e}"))).find(|p| p.is_file()),
    };
    if !ok {
        return None;
    }
    Some(Badge {
        slug,
        name: fm.name.trim().to_string(),
        description: fm.description.trim().to_string(),
        criteria_markdown: body.trim().to_string(),
        program: fm.program,
        achievement_type: fm.achievement_type,
        skills: fm.skills,
        alignments: fm.alignment,
        valid_for,
        image,
    })
}

/// Validity periods are bounded so expiry dates stay within the four-digit years of xsd:dateTime.
fn longer_than_a_century(p: crate::ground::date::Period) -> bool {
    match p {
        crate::ground::date::Period::Days(n) => n > 36_525,
        crate::ground::date::Period::Months(n) => n > 1_200,
    }
}

/// `(front matter, its byte offset, body)` when the text starts with a `+++` block.
fn split_front_matter(text: &str) -> Option<(&str, usize, &str)> {
    let text_start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &text[text_start..];
    let first_len = rest.find('\n')?;
    if rest[..first_len].trim() != "+++" {
        return None;
    }
    let front_start = text_start + first_len + 1;
    let mut pos = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim() == "+++" {
            return Some((&text[front_start..pos], front_start, &text[pos + line.len()..]));
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(name: &str, text: &str) -> (Option<Badge>, Vec<Problem>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("badges")).unwrap();
        std::fs::write(dir.path().join("outside.svg"), "<svg/>").unwrap();
        std::fs::write(dir.path().join("badges/sql.svg"), "<svg/>").unwrap();
        let path = dir.path().join("badges").join(name);
        std::fs::write(&path, text).unwrap();
        let mut problems = Problems::new();
        let context = Context { content_dir: dir.path(), programs: Some(&["data"]) };
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
        let (_, p) = parse_text("sql.md", "+++\nname = \"SQL\"\ndescription = \"Q\"\n[[alignment]]\nname = \"A\"\nurl = \"esco.example/skill\"\n+++\nx\n");
        assert_eq!(p[0].message, "alignment url \"esco.example/skill\" is not an absolute URL");
        assert_eq!(p[0].location.as_ref().unwrap().line, 6);
    }

    #[test]
    fn criteria_may_have_tabs_and_line_breaks_but_no_other_control_character() {
        let (b, p) =
            parse_text("sql.md", "+++\r\nname = \"SQL\"\r\ndescription = \"Q\"\r\n+++\r\n- one\r\n\t- two\r\n");
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
        for (bad, why) in
            [("../../outside.svg", "is outside the content directory"), ("/etc/x.svg", "is an absolute path")]
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
}
