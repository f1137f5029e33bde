//! Badges: `badges/<slug>.md` with TOML front matter between `+++` lines and Markdown criteria below.

mod artwork;
mod criteria;
mod layers;
mod look;
mod outcomes;
pub(crate) mod translation;

#[cfg(test)]
pub(crate) use look::ICONS;
pub(crate) use look::{Look, Shape};

pub(crate) use outcomes::{AchievementFields, Requirements, ResultDescription};

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::DeTable;

use crate::ground::error::{Location, Problem, Problems};
use crate::model::schema::{self, Key, Kind, Walk};
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
    outcomes::OUTCOME_KEYS[0],
    outcomes::OUTCOME_KEYS[1],
    outcomes::OUTCOME_KEYS[2],
    outcomes::OUTCOME_KEYS[3],
    outcomes::OUTCOME_KEYS[4],
    outcomes::OUTCOME_KEYS[5],
    outcomes::OUTCOME_KEYS[6],
    outcomes::OUTCOME_KEYS[7],
    outcomes::OUTCOME_KEYS[8],
    Key::optional("brand", Kind::Table(crate::model::brand::BRAND_KEYS)),
    Key::optional("artwork", Kind::Table(look::ARTWORK_KEYS)),
    Key::optional("certificate", Kind::Table(crate::model::certificate::CERTIFICATE_KEYS)),
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
    #[serde(default)]
    results: Vec<outcomes::ResultSpec>,
    credits_available: Option<f64>,
    field_of_study: Option<String>,
    human_code: Option<String>,
    specialization: Option<String>,
    version: Option<String>,
    in_language: Option<String>,
    #[serde(default)]
    requires: Vec<String>,
    n_of: Option<u64>,
    brand: Option<crate::model::brand::BrandConfig>,
    artwork: Option<look::ArtworkConfig>,
    certificate: Option<crate::model::certificate::CertificateConfig>,
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
    /// The results its credentials record.
    pub results: Vec<ResultDescription>,
    pub fields: AchievementFields,
    /// For a stacked badge: the badges it is earned with.
    pub requires: Option<Requirements>,
    /// `[brand]`: tokens that override the site's and the program's on this badge's pages.
    pub brand: Option<crate::model::brand::Located>,
    /// Its name, description and criteria in other languages (`badges/<slug>.<lang>.md`), by language.
    pub translations: std::collections::BTreeMap<String, translation::BadgeText>,
    /// How hallmark draws the artwork when the badge has no image (`artwork` front matter).
    pub look: Look,
    /// `[certificate]`: settings that override the site's and the program's for its certificates.
    pub certificate: Option<crate::model::certificate::CertificateConfig>,
}

impl Badge {
    /// The artwork's extension (`svg` or `png`): `svg` for a badge without an image, whose
    /// artwork hallmark draws from its [`Look`] and brand.
    pub(crate) fn image_ext(&self) -> Option<&str> {
        match &self.image {
            Some(p) => p.extension().and_then(|e| e.to_str()),
            None => Some("svg"),
        }
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
    /// The hosts criteria may show images from (`[site] image_hosts`).
    pub image_hosts: &'a [String],
}

/// Parses one badge file (under `context.content_dir`); `display_path` is how errors name it.
pub(crate) fn parse(
    path: &Path,
    display_path: &Path,
    text: &str,
    context: &Context<'_>,
    problems: &mut Problems,
) -> Option<Badge> {
    let slug = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
    let at = |offset: usize| Location::at_offset(display_path, text, offset);
    if !is_slug(&slug) {
        problems.push(
            Problem::error(at(0), format!("badge file name \"{slug}\" is not a slug"))
                .help("rename it to lowercase letters, digits and hyphens, e.g. badges/data-analysis.md"),
        );
        return None;
    }
    let front = read_front_matter(text, &at, problems)?;
    let mut check = Checks { text, at: &at, front: &front, problems, ok: front.walk.errors == 0 };
    check.texts();
    let body_offset = text.len() - front.body.len();
    for problem in criteria::check(front.body, context.image_hosts, &|o| at(body_offset + o)) {
        check.error(problem);
    }
    check.program(context.programs);
    check.achievement_type();
    check.alignments();
    let valid_for = check.valid_for();
    let results = check.results();
    let fields = check.achievement_fields();
    let requires = check.requirements(&slug);
    let image = check.image(path, &slug, context.content_dir);
    let brand = check.brand();
    let (look, found) = look::check(front.matter.artwork.as_ref(), &|k| check.key_at(k));
    for problem in found.into_iter().chain(check.certificate(context.content_dir)) {
        check.error(problem);
    }
    if let Some(svg) = image.as_ref().filter(|p| p.extension().is_some_and(|e| e == "svg")) {
        for problem in artwork::check_svg(svg, svg) {
            check.error(problem);
        }
    }
    if !check.ok {
        return None;
    }
    let fm = front.matter;
    Some(Badge {
        slug,
        name: fm.name.trim().to_string(),
        description: fm.description.trim().to_string(),
        criteria_markdown: front.body.trim().to_string(),
        program: fm.program,
        achievement_type: fm.achievement_type,
        skills: fm.skills,
        alignments: fm.alignment,
        valid_for,
        image,
        results,
        fields,
        requires,
        brand,
        translations: Default::default(),
        look,
        certificate: fm.certificate,
    })
}

/// A badge's front matter, read, with what checking its values needs.
struct Front<'t> {
    matter: FrontMatter,
    /// Which keys hold usable values, and where each key is written.
    walk: Walk,
    /// Where the front matter begins in the text.
    offset: usize,
    /// The criteria: the text after the front matter.
    body: &'t str,
}

/// Reads the front matter and checks its keys; `None` (with the problems recorded) if unreadable.
fn read_front_matter<'t>(text: &'t str, at: &dyn Fn(usize) -> Location, problems: &mut Problems) -> Option<Front<'t>> {
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
    Some(Front { matter: fm, walk, offset: front_offset, body })
}

/// The checks of a badge's values, and whether it has passed them so far.
struct Checks<'c> {
    text: &'c str,
    at: &'c dyn Fn(usize) -> Location,
    front: &'c Front<'c>,
    problems: &'c mut Problems,
    /// False once an error is recorded: the badge is then left out.
    ok: bool,
}

impl Checks<'_> {
    /// Records an error, which leaves the badge out.
    fn error(&mut self, problem: Problem) {
        self.problems.push(problem);
        self.ok = false;
    }

    /// Where the front-matter key at dotted `path` is written.
    fn key_at(&self, path: &str) -> Location {
        (self.at)(self.front.offset + self.front.walk.spans.get(path).map_or(0, |s| s.start))
    }

    /// The name, description and criteria: none empty, and no control character in the criteria.
    fn texts(&mut self) {
        let (fm, body, walk) = (&self.front.matter, self.front.body, &self.front.walk);
        let body_offset = self.text.len() - body.len();
        if let Some((i, c)) = body.char_indices().find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
            self.error(
                Problem::error(
                    (self.at)(body_offset + i),
                    format!(
                        "the criteria contain a control character ({})",
                        crate::model::validate::describe_control(c)
                    ),
                )
                .help("remove it: control characters are invisible, and verifiers may reject the credential"),
            );
        }
        if walk.usable("name") && fm.name.trim().is_empty() {
            self.error(Problem::error(self.key_at("name"), "the badge name is empty").help("write the badge's name"));
        }
        if walk.usable("description") && fm.description.trim().is_empty() {
            self.error(
                Problem::error(self.key_at("description"), "the badge description is empty")
                    .help("describe the badge in a sentence"),
            );
        }
        if body.trim().is_empty() {
            self.error(
                Problem::error((self.at)(self.text.len()), "the badge has no criteria")
                    .help("below the front matter, write in Markdown what an earner did to earn it"),
            );
        }
    }

    /// The program, when the badge names one and the configuration's `programs` could be read.
    fn program(&mut self, programs: Option<&[&str]>) {
        if let (Some(p), Some(programs)) = (&self.front.matter.program, programs) {
            if !programs.contains(&p.as_str()) {
                let mut problem = Problem::error(self.key_at("program"), format!("unknown program \"{p}\""));
                problem = match crate::model::validate::suggest(p, programs.iter().copied()) {
                    Some(s) => problem.help(format!(
                        "did you mean \"{s}\"? Programs are declared in hallmark.toml as [programs.<slug>]"
                    )),
                    None => problem.help("declare it in hallmark.toml as [programs.<slug>], or fix the spelling"),
                };
                self.error(problem);
            }
        }
    }

    /// The achievement type: one the Open Badges vocabulary defines, or an `ext:` extension.
    fn achievement_type(&mut self) {
        if let Some(t) = &self.front.matter.achievement_type {
            if !ACHIEVEMENT_TYPES.contains(&t.as_str()) && !t.starts_with("ext:") {
                self.error(
                    Problem::error(self.key_at("achievement_type"), format!("\"{t}\" is not an Open Badges achievement type"))
                        .help("use one of Badge, Certificate, Certification, Course, Competency, MicroCredential, ... or ext:YourType"),
                );
            }
        }
    }

    /// The alignments' URLs: web links.
    fn alignments(&mut self) {
        for (i, a) in self.front.matter.alignment.iter().enumerate() {
            let path = format!("alignment.{i}.url");
            if !self.front.walk.usable(&path) {
                continue;
            }
            if let Err(e) = crate::ground::link::check_web_link(&a.url) {
                self.error(
                    Problem::error(self.key_at(&path), format!("alignment url \"{}\" {}", a.url, e.reason()))
                        .help(e.help()),
                );
            }
        }
    }

    /// The validity period, if the badge gives one: a period of at most a century.
    fn valid_for(&mut self) -> Option<crate::ground::date::Period> {
        let v = self.front.matter.valid_for.as_ref()?;
        match crate::ground::date::Period::parse(v) {
            Some(p) if longer_than_a_century(p) => {
                self.error(
                    Problem::error(self.key_at("valid_for"), format!("valid_for \"{v}\" is longer than 100 years"))
                        .help("write at most 100y (1200m, 5217w or 36525d), or leave valid_for out for credentials that do not expire"),
                );
                None
            }
            Some(p) => Some(p),
            None => {
                self.error(
                    Problem::error(self.key_at("valid_for"), format!("valid_for \"{v}\" is not a period"))
                        .help("write a number and a unit: 90d, 6w, 18m or 2y"),
                );
                None
            }
        }
    }

    /// The artwork: the SVG or PNG the front matter names, else `<slug>.svg` or `.png` beside the badge file.
    fn image(&mut self, path: &Path, slug: &str, content_dir: &Path) -> Option<PathBuf> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let dir_in_content = dir.strip_prefix(content_dir).unwrap_or(Path::new("badges"));
        let Some(name) = &self.front.matter.image else {
            return ["svg", "png"].iter().map(|e| dir.join(format!("{slug}.{e}"))).find(|p| p.is_file());
        };
        let inside = crate::model::validate::inside_content(dir_in_content, name);
        let candidate = content_dir.join(inside.as_deref().unwrap_or(Path::new(name)));
        let ext = candidate.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if let Err(why) = inside {
            self.error(
                Problem::error(self.key_at("image"), format!("badge image \"{name}\" {why}"))
                    .help("put the artwork inside the content directory (next to the badge's .md file is usual) and give its path relative to the .md file"),
            );
            None
        } else if !matches!(ext, "svg" | "png") {
            self.error(
                Problem::error(self.key_at("image"), format!("badge image \"{name}\" is not .svg or .png"))
                    .help("use an SVG or PNG file"),
            );
            None
        } else if !candidate.is_file() {
            self.error(
                Problem::error(self.key_at("image"), format!("badge image \"{name}\" does not exist"))
                    .help("put the file next to the badge's .md file, or fix the name"),
            );
            None
        } else {
            Some(candidate)
        }
    }
}

/// Validity periods are bounded so expiry dates stay within the four-digit years of xsd:dateTime.
fn longer_than_a_century(p: crate::ground::date::Period) -> bool {
    match p {
        crate::ground::date::Period::Days(n) => n > 36_525,
        crate::ground::date::Period::Months(n) => n > 1_200,
    }
}

/// `(front matter, its byte offset, body)` when the text starts with a `+++` block.
pub(super) fn split_front_matter(text: &str) -> Option<(&str, usize, &str)> {
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
mod tests;
