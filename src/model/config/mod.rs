//! `hallmark.toml`: the typed site configuration. Unknown keys are rejected, every error names its
//! place, and all of them are reported together.

mod presets;
mod rosters;
mod signing;
mod site;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[cfg(test)]
pub(crate) use rosters::ColumnMap;
pub(crate) use rosters::{NameOrder, OnlyWhen, RosterConfig};
pub(crate) use signing::{update_signing, SigningConfig};
pub(crate) use site::{is_language_tag, SiteConfig, NUMBERING_SYSTEMS};

use crate::ground::error::{Location, Problem, Problems};
use crate::ground::text;
use crate::ground::url::BaseUrl;
use crate::model::brand::{BrandConfig, BRAND_KEYS};
use crate::model::certificate::{CertificateConfig, CERTIFICATE_KEYS};
use crate::model::schema::{self, Key, Kind};

pub(crate) use log::{update_log, LogConfig, WitnessConfig};

/// The name of the configuration file at the top of the content directory.
pub const CONFIG_FILE: &str = "hallmark.toml";

/// The whole configuration, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    pub site: SiteConfig,
    pub issuer: IssuerConfig,
    #[serde(default)]
    pub signing: SigningConfig,
    #[serde(default)]
    pub outputs: OutputsConfig,
    #[serde(default)]
    pub programs: BTreeMap<String, ProgramConfig>,
    #[serde(default)]
    pub rosters: BTreeMap<String, RosterConfig>,
    /// `[email]`: how `hallmark notify` sends (absent: it sends nothing).
    pub email: Option<crate::model::email::EmailConfig>,
    /// `[reports]`: what `hallmark report` may group by, and the share redirect pages.
    #[serde(default)]
    pub reports: ReportsConfig,
    /// `[log]`: the site keeps a public issuance log (absent: it keeps none).
    pub log: Option<LogConfig>,
    /// `[witness]`: the logs of other sites this site witnesses (`hallmark witness update`).
    pub witness: Option<WitnessConfig>,
    /// `[brand]`: the site's colours, fonts, corners, logo and favicon (absent: the theme's own).
    pub brand: Option<BrandConfig>,
    /// `[certificates]`: the printable certificates' design, paper, seal and signatories.
    pub certificates: Option<CertificateConfig>,
}

impl Config {
    /// What it asks of the credentials' making: `[signing] proofs` and `[outputs]
    /// achievement_creator` (each `None` when unset: as the ledger records).
    pub(crate) fn asked(&self) -> (Option<crate::crypto::ProofProfile>, Option<crate::model::creator::Creator>) {
        (self.signing.proof_profile(), self.outputs.achievement_creator)
    }
}

/// `[reports]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportsConfig {
    /// Roster columns reports may group by (`--by Department`).
    #[serde(default)]
    pub columns: Vec<String>,
    /// Write `c/<id>/share/linkedin/` and `c/<id>/share/wallet/` redirect pages, so the access logs
    /// count share clicks (two more small files per credential).
    #[serde(default)]
    pub share_pages: bool,
}

/// `[issuer]`: the institution's Open Badges `Profile`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IssuerConfig {
    pub name: String,
    pub url: String,
    pub email: Option<String>,
    pub description: Option<String>,
    /// A logo under the content directory, e.g. `static/logo.svg`.
    pub image: Option<String>,
}

/// `[outputs]`: what the site publishes besides the Open Badges 3.0 credentials and their pages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutputsConfig {
    /// An Open Badges 2.0 hosted copy of each credential (`c/<id>/assertion.json`) and a badge
    /// image with it baked in, for backpacks that read only 2.0. Off by default: two more files
    /// per credential.
    #[serde(default)]
    pub open_badges_2: bool,
    /// How each credential's achievement names its creator: `"id"` or `"profile"` (see
    /// [`crate::model::creator`]); unset, as the ledger records (new sites: `"id"`).
    pub achievement_creator: Option<crate::model::creator::Creator>,
}

/// `[programs.<slug>]`: a group of badges.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProgramConfig {
    pub name: String,
    pub description: Option<String>,
    /// `[programs.<slug>.brand]`: tokens that override the site's on this program's badges' pages.
    pub brand: Option<BrandConfig>,
    /// `[programs.<slug>.certificates]`: certificate settings that override the site's for this
    /// program's badges.
    pub certificates: Option<CertificateConfig>,
}

/// The configuration after validation, with derived values.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub config: Config,
    pub base_url: BaseUrl,
    /// The file it was read from.
    pub path: PathBuf,
}

/// Every key `hallmark.toml` accepts, for reporting all unknown keys at once (the structs above
/// reject unknown keys too, but serde stops at the first).
const KEYS: &[Key] = &[
    Key::required(
        "site",
        Kind::Table(&[
            Key::required("title", Kind::Text),
            Key::required("base_url", Kind::Text),
            Key::optional("language", Kind::Text),
            Key::optional("description", Kind::Text),
            Key::optional("theme", Kind::Text),
            Key::optional("output_dir", Kind::Text),
            Key::optional("allow_indexing", Kind::Bool),
            Key::optional("show_status_reasons", Kind::Bool),
            Key::optional("image_hosts", Kind::TextList),
            Key::optional("max_name_length", Kind::Count),
            Key::optional("languages", Kind::TextList),
            Key::optional("digits", Kind::Text),
        ]),
    ),
    Key::required(
        "issuer",
        Kind::Table(&[
            Key::required("name", Kind::Text),
            Key::required("url", Kind::Text),
            Key::optional("email", Kind::Text),
            Key::optional("description", Kind::Text),
            Key::optional("image", Kind::Text),
        ]),
    ),
    Key::optional(
        "signing",
        Kind::Table(&[
            Key::optional("key_file", Kind::Text),
            Key::optional("retired_keys", Kind::TextList),
            Key::optional("proofs", Kind::TextList),
        ]),
    ),
    Key::optional(
        "outputs",
        Kind::Table(&[Key::optional("open_badges_2", Kind::Bool), Key::optional("achievement_creator", Kind::Text)]),
    ),
    Key::optional(
        "programs",
        Kind::Named(&[
            Key::required("name", Kind::Text),
            Key::optional("description", Kind::Text),
            Key::optional("brand", Kind::Table(BRAND_KEYS)),
            Key::optional("certificates", Kind::Table(CERTIFICATE_KEYS)),
        ]),
    ),
    Key::optional(
        "rosters",
        Kind::Named(&[
            Key::optional("badge", Kind::Text),
            Key::optional("date_format", Kind::Text),
            Key::optional("preset", Kind::Text),
            Key::optional("sheet", Kind::Text),
            Key::optional("only_when", Kind::Table(ROW_RULE)),
            Key::optional("skip_when", Kind::Table(ROW_RULE)),
            Key::optional("name_order", Kind::Text),
            Key::optional(
                "columns",
                Kind::Table(&[
                    Key::optional("badge", Kind::Text),
                    Key::optional("name", Kind::Text),
                    Key::optional("given_name", Kind::Text),
                    Key::optional("family_name", Kind::Text),
                    Key::optional("email", Kind::Text),
                    Key::optional("issued", Kind::Text),
                    Key::optional("expires", Kind::Text),
                    Key::optional("evidence", Kind::Text),
                    Key::optional("credits_earned", Kind::Text),
                    Key::optional("term", Kind::Text),
                    Key::optional("activity_start_date", Kind::Text),
                    Key::optional("activity_end_date", Kind::Text),
                    Key::optional("license_number", Kind::Text),
                    Key::optional("role", Kind::Text),
                    Key::optional("language", Kind::Text),
                ]),
            ),
            Key::optional("results", Kind::TextMap),
            Key::optional(
                "evidence",
                Kind::Table(&[
                    Key::optional("url", Kind::Text),
                    Key::optional("name", Kind::Text),
                    Key::optional("description", Kind::Text),
                    Key::optional("narrative", Kind::Text),
                    Key::optional("genre", Kind::Text),
                    Key::optional("file", Kind::Text),
                ]),
            ),
        ]),
    ),
    Key::optional("email", Kind::Table(crate::model::email::EMAIL_KEYS)),
    Key::optional(
        "reports",
        Kind::Table(&[Key::optional("columns", Kind::TextList), Key::optional("share_pages", Kind::Bool)]),
    ),
    Key::optional(
        "log",
        Kind::Table(&[
            Key::optional("key_file", Kind::Text),
            Key::optional(
                "witnesses",
                Kind::Named(&[
                    Key::required("vkey", Kind::Text),
                    Key::optional("site", Kind::Text),
                    Key::optional("url", Kind::Text),
                ]),
            ),
        ]),
    ),
    Key::optional("brand", Kind::Table(BRAND_KEYS)),
    Key::optional("certificates", Kind::Table(CERTIFICATE_KEYS)),
    Key::optional(
        "witness",
        Kind::Table(&[
            Key::optional("key_file", Kind::Text),
            Key::optional("logs", Kind::Named(&[Key::required("vkey", Kind::Text), Key::required("log", Kind::Text)])),
        ]),
    ),
];

/// The keys of a roster's `only_when` and `skip_when`.
const ROW_RULE: &[Key] = &[
    Key::required("column", Kind::Text),
    Key::optional("equals", Kind::Text),
    Key::optional("one_of", Kind::TextList),
    Key::optional("not_empty", Kind::Bool),
];

/// What reading `hallmark.toml` gave, problems and all.
#[derive(Debug)]
pub(crate) struct Reading {
    /// The file.
    pub path: PathBuf,
    /// Its text (empty when it could not be read).
    text: String,
    /// Where each key was written, by dotted path (`issuer.image`, `rosters.recipients/x.csv`).
    spans: HashMap<String, Range<usize>>,
    /// The configuration whenever the file parsed, even with errors: enough to check badges and
    /// rosters. Values that had a problem hold placeholders.
    pub config: Option<Config>,
    /// The settings, when the file has no error.
    pub settings: Option<Settings>,
    /// Every problem found in the file.
    pub problems: Problems,
}

impl Reading {
    /// Where the key at the dotted `path` was written; the top of the file if it was not.
    pub(crate) fn locate(&self, path: &str) -> Location {
        let offset = self.spans.get(path).map_or(0, |s| s.start);
        Location::at_offset(&self.path, &self.text, offset)
    }
}

/// Reads and validates `hallmark.toml` in `content_dir`; `base_url_override` wins over the file.
/// Fails with every problem in the file.
pub(crate) fn load(content_dir: &Path, base_url_override: Option<&str>) -> Result<Settings, Problems> {
    let reading = read(content_dir, base_url_override);
    match reading.settings {
        Some(settings) if !reading.problems.has_errors() => Ok(settings),
        _ => Err(reading.problems),
    }
}

/// Reads `hallmark.toml` in `content_dir` and records every problem in it, keeping whatever of the
/// configuration can still be used.
pub(crate) fn read(content_dir: &Path, base_url_override: Option<&str>) -> Reading {
    let path = content_dir.join(CONFIG_FILE);
    let mut reading = Reading {
        path: path.clone(),
        text: String::new(),
        spans: HashMap::new(),
        config: None,
        settings: None,
        problems: Problems::new(),
    };
    match std::fs::read(&path) {
        Ok(bytes) => match text::decode(&path, bytes, text::TEXT_HELP) {
            Ok(t) => reading.text = t,
            Err(problem) => {
                reading.problems.push(problem);
                return reading;
            }
        },
        Err(e) => {
            reading.problems.push(
                Problem::general(format!("cannot read {}: {e}", path.display()))
                    .help("run `hallmark init <dir>` to create a site, or pass {root} to point at one"),
            );
            return reading;
        }
    }
    let text = reading.text.clone();
    let at = |offset: usize| Location::at_offset(&path, &text, offset);
    let mut root = match toml::de::DeTable::parse(&text) {
        Ok(root) => root,
        Err(e) => {
            reading.problems.push(toml_problem(at(e.span().map_or(0, |s| s.start)), &e));
            return reading;
        }
    };
    let walk = schema::walk(root.get_mut(), KEYS, CONFIG_FILE, &at, &mut reading.problems);
    let mut config = match Config::deserialize(toml::de::Deserializer::from(root)) {
        Ok(config) => config,
        Err(e) => {
            // The walk leaves only keys the structs know, so this is a gap between the two; say so
            // rather than fail silently.
            if walk.errors == 0 {
                reading.problems.push(toml_problem(at(e.span().map_or(0, |s| s.start)), &e));
            }
            return reading;
        }
    };
    reading.spans = walk.spans.clone();
    let mut problems = std::mem::take(&mut reading.problems);
    presets::apply_all(&mut config.rosters, &|p| reading.locate(p), &mut problems);
    let base_url = validate(&config, &walk, base_url_override, &|p| reading.locate(p), &mut problems);
    check_certificates(&config, content_dir, &|p| reading.locate(p), &mut problems);
    reading.problems = problems;
    if let (Some(base_url), false) = (base_url, reading.problems.has_errors()) {
        reading.settings = Some(Settings { config: config.clone(), base_url, path: path.clone() });
    }
    reading.config = Some(config);
    reading
}

/// The checks of values; keys the walk found unusable were reported already and are skipped.
fn validate(
    config: &Config,
    walk: &schema::Walk,
    base_url_override: Option<&str>,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) -> Option<BaseUrl> {
    let base_url = match base_url_override {
        Some(text) => match BaseUrl::parse(text) {
            Ok(u) => Some(u),
            Err(msg) => {
                problems.push(Problem::general(format!("{{base-url}}: {msg}")).help(BASE_URL_HELP));
                None
            }
        },
        None if !walk.usable("site.base_url") => None,
        None => match BaseUrl::parse(&config.site.base_url) {
            Ok(u) => Some(u),
            Err(msg) => {
                problems
                    .push(Problem::error(locate("site.base_url"), format!("site.base_url: {msg}")).help(BASE_URL_HELP));
                None
            }
        },
    };
    if walk.usable("site.title") && config.site.title.trim().is_empty() {
        problems.push(Problem::error(locate("site.title"), "site.title is empty").help("give the site a title"));
    }
    if walk.usable("issuer.name") && config.issuer.name.trim().is_empty() {
        problems
            .push(Problem::error(locate("issuer.name"), "issuer.name is empty").help("write the institution's name"));
    }
    if walk.usable("issuer.url") {
        if let Err(e) = crate::ground::link::check_web_link(&config.issuer.url) {
            let help = match &e {
                crate::ground::link::LinkError::NotAbsolute | crate::ground::link::LinkError::NotWeb(_) => {
                    "write the institution's web site, e.g. https://www.example.edu/".to_string()
                }
                e => e.help(),
            };
            problems.push(
                Problem::error(locate("issuer.url"), format!("issuer.url \"{}\" {}", config.issuer.url, e.reason()))
                    .help(help),
            );
        }
    }
    if let Some(email) = &config.issuer.email {
        if !crate::model::validate::is_email(email) {
            problems.push(Problem::error(
                locate("issuer.email"),
                format!("issuer.email \"{email}\" is not an e-mail address"),
            ));
        }
    }
    for k in &config.signing.retired_keys {
        if crate::crypto::keys::parse_public_multibase(k).is_err() {
            problems.push(
                Problem::error(
                    locate("signing.retired_keys"),
                    format!("signing.retired_keys: \"{k}\" is not an Ed25519 public key"),
                )
                .help("list public keys as hallmark prints them, starting with z6Mk"),
            );
        }
    }
    check_sections(config, walk, locate, problems);
    for slug in config.programs.keys() {
        if !crate::model::validate::is_slug(slug) {
            problems.push(
                Problem::error(locate(&format!("programs.{slug}")), format!("program key \"{slug}\" is not a slug"))
                    .help("use lowercase letters, digits and hyphens, e.g. [programs.data-science]"),
            );
        }
    }
    if let Some(email) = config.email.as_ref().filter(|_| walk.usable("email.host") && walk.usable("email.from")) {
        crate::model::email::validate(email, locate, problems);
    }
    base_url
}

/// The checks of `[site]`, `[signing] proofs` and `[rosters]` that have rooms of their own.
fn check_sections(config: &Config, walk: &schema::Walk, locate: &dyn Fn(&str) -> Location, problems: &mut Problems) {
    site::check(&config.site, walk, locate, problems);
    check_brands(config, locate, problems);
    signing::check_proofs(config, walk, locate, problems);
    rosters::check(&config.rosters, walk, locate, problems);
}

/// The values of `[brand]` and of each `[programs.<slug>.brand]` (their contrast is checked with
/// the badges', once those are read).
fn check_brands(config: &Config, locate: &dyn Fn(&str) -> Location, problems: &mut Problems) {
    if let Some(brand) = &config.brand {
        crate::model::brand::check_values(brand, "brand", &|k| locate(&format!("brand.{k}")), problems);
    }
    for (slug, brand) in config.programs.iter().filter_map(|(s, p)| Some((s, p.brand.as_ref()?))) {
        let shown = format!("programs.{slug}.brand");
        crate::model::brand::check_values(brand, &shown, &|k| locate(&format!("{shown}.{k}")), problems);
    }
}

/// The values and image files of `[certificates]` and of each `[programs.<slug>.certificates]`.
fn check_certificates(config: &Config, content_dir: &Path, locate: &dyn Fn(&str) -> Location, problems: &mut Problems) {
    use crate::model::certificate::{check_files, check_values};
    let layers = config.certificates.iter().map(|c| ("certificates".to_string(), c));
    let programs = config
        .programs
        .iter()
        .filter_map(|(slug, p)| Some((format!("programs.{slug}.certificates"), p.certificates.as_ref()?)));
    for (shown, cfg) in layers.chain(programs) {
        let at = |k: &str| if k.is_empty() { locate(&shown) } else { locate(&format!("{shown}.{k}")) };
        check_values(cfg, &shown, &at, problems);
        check_files(cfg, &shown, content_dir, &at, problems);
    }
}

const BASE_URL_HELP: &str =
    "write the address the site will be served from, e.g. https://your-org.github.io/credentials/";

fn toml_problem(loc: Location, e: &toml::de::Error) -> Problem {
    let msg = e.message().trim().to_string();
    let help = if msg.contains("unknown field") || msg.contains("missing field") {
        "the README lists every key hallmark.toml accepts"
    } else if msg.contains("unknown variant") {
        "write one of the values named (the README's table of keys says what each does)"
    } else {
        "fix the TOML syntax at this place"
    };
    Problem::error(loc, format!("hallmark.toml: {msg}")).help(help)
}

mod log;
#[cfg(test)]
mod tests;
