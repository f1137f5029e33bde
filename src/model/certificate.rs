//! Printable certificates: `[certificates]` in `hallmark.toml` chooses the design, paper,
//! orientation, seal and signatories of every credential's certificate; `[programs.<slug>.certificates]`
//! and a badge's `[certificate]` front matter override them key by key (a later layer wins, a
//! signatory list as a whole), like brand tokens.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::ground::error::{Location, Problem, Problems};
use crate::model::schema::{Key, Kind};

/// The most signatories a certificate has room for.
pub(crate) const MAX_SIGNATORIES: usize = 3;

/// The keys of one signatory.
const SIGNATORY_KEYS: &[Key] =
    &[Key::required("name", Kind::Text), Key::optional("title", Kind::Text), Key::optional("signature", Kind::Text)];

/// The keys of a `[certificates]` table.
pub(crate) const CERTIFICATE_KEYS: &[Key] = &[
    Key::optional("design", Kind::Text),
    Key::optional("paper", Kind::Text),
    Key::optional("orientation", Kind::Text),
    Key::optional("seal", Kind::Text),
    Key::optional("signatories", Kind::TableList(SIGNATORY_KEYS)),
    Key::optional("pdf", Kind::Bool),
];

/// A `[certificates]` table as written: every key optional, an unset one inherited.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub(crate) struct CertificateConfig {
    /// `classic`, `modern`, `minimal`, or `none` (no printable certificate on the page).
    pub design: Option<String>,
    /// `a4` or `letter`.
    pub paper: Option<String>,
    /// `landscape` or `portrait`.
    pub orientation: Option<String>,
    /// An image in the content directory drawn as the seal.
    pub seal: Option<String>,
    /// Who signs: at most [`MAX_SIGNATORIES`].
    pub signatories: Option<Vec<Signatory>>,
    /// Also publish a PDF of each certificate (made by the PDF step; carried here).
    pub pdf: Option<bool>,
}

/// One person who signs the certificates.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub(crate) struct Signatory {
    pub name: String,
    pub title: Option<String>,
    /// An image of the signature in the content directory (SVG, PNG or JPEG).
    pub signature: Option<String>,
}

/// The look of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Design {
    /// A double border with corner ornaments and a seal.
    Classic,
    /// A band of the brand's colour along the start edge, text aligned to it.
    Modern,
    /// Type and a hairline rule, nothing else.
    Minimal,
    /// No printable certificate: the page prints as it always did.
    Off,
}

impl Design {
    const NAMES: [&'static str; 4] = ["classic", "modern", "minimal", "none"];

    fn parse(text: &str) -> Option<Design> {
        match text {
            "classic" => Some(Design::Classic),
            "modern" => Some(Design::Modern),
            "minimal" => Some(Design::Minimal),
            "none" => Some(Design::Off),
            _ => None,
        }
    }

    /// How the design is written in the configuration.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Design::Classic => "classic",
            Design::Modern => "modern",
            Design::Minimal => "minimal",
            Design::Off => "none",
        }
    }
}

/// The sheet a certificate is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Paper {
    A4,
    Letter,
}

impl Paper {
    fn parse(text: &str) -> Option<Paper> {
        match text {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }

    /// `a4` or `letter`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    /// Width and height in millimetres, portrait.
    pub(crate) fn portrait_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }
}

/// Which way up the sheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Orientation {
    Landscape,
    Portrait,
}

impl Orientation {
    fn parse(text: &str) -> Option<Orientation> {
        match text {
            "landscape" => Some(Orientation::Landscape),
            "portrait" => Some(Orientation::Portrait),
            _ => None,
        }
    }

    /// `landscape` or `portrait`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Orientation::Landscape => "landscape",
            Orientation::Portrait => "portrait",
        }
    }
}

/// A credential's certificate settings, every layer applied.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Certificate {
    pub design: Design,
    pub paper: Paper,
    pub orientation: Orientation,
    /// The seal image, a path in the content directory; the classic design draws one when unset.
    pub seal: Option<String>,
    pub signatories: Vec<Signatory>,
    pub pdf: bool,
}

impl Default for Certificate {
    fn default() -> Certificate {
        Certificate {
            design: Design::Classic,
            paper: Paper::A4,
            orientation: Orientation::Landscape,
            seal: None,
            signatories: Vec::new(),
            pdf: false,
        }
    }
}

impl Certificate {
    /// The defaults with `layers` applied in order (site, program, badge): a later layer's key
    /// wins. Values that do not parse were reported by [`check_values`] and are skipped.
    pub(crate) fn resolve(layers: &[Option<&CertificateConfig>]) -> Certificate {
        let mut c = Certificate::default();
        for layer in layers.iter().flatten() {
            c.design = layer.design.as_deref().and_then(Design::parse).unwrap_or(c.design);
            c.paper = layer.paper.as_deref().and_then(Paper::parse).unwrap_or(c.paper);
            c.orientation = layer.orientation.as_deref().and_then(Orientation::parse).unwrap_or(c.orientation);
            c.seal = layer.seal.clone().or(c.seal);
            if let Some(s) = layer.signatories.as_ref().filter(|s| s.len() <= MAX_SIGNATORIES) {
                c.signatories = s.clone();
            }
            c.pdf = layer.pdf.unwrap_or(c.pdf);
        }
        c
    }

    /// Width and height of the sheet in millimetres.
    pub(crate) fn size_mm(&self) -> (f32, f32) {
        let (w, h) = self.paper.portrait_mm();
        match self.orientation {
            Orientation::Portrait => (w, h),
            Orientation::Landscape => (h, w),
        }
    }

    /// The CSS page size of the sheet: `A4 landscape`, `letter portrait`.
    pub(crate) fn page_size(&self) -> String {
        let paper = match self.paper {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        };
        format!("{paper} {}", self.orientation.name())
    }

    /// The name of the CSS page the certificate prints on: `cert-a4-landscape`.
    pub(crate) fn page_name(&self) -> String {
        format!("cert-{}-{}", self.paper.name(), self.orientation.name())
    }
}

/// The values of one layer: a known design, paper and orientation, at most three signatories,
/// each named. `shown` is how messages name the table (`certificates`, `programs.x.certificates`,
/// `certificate`); `locate` takes a key below it (`design`, `signatories.0.name`) or `""`.
pub(crate) fn check_values(
    cfg: &CertificateConfig,
    shown: &str,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) {
    if let Some(d) = cfg.design.as_ref().filter(|d| Design::parse(d).is_none()) {
        let all = Design::NAMES.map(|n| format!("\"{n}\"")).join(", ");
        let help = match crate::model::validate::suggest(d, Design::NAMES) {
            Some(s) => format!("did you mean design = \"{s}\"? The designs are {all}"),
            None => format!("write one of the designs: {all}"),
        };
        problems.push(Problem::error(locate("design"), format!("{shown}.design \"{d}\" is not a design")).help(help));
    }
    if let Some(p) = cfg.paper.as_ref().filter(|p| Paper::parse(p).is_none()) {
        problems.push(
            Problem::error(locate("paper"), format!("{shown}.paper \"{p}\" is not a paper size"))
                .help("write paper = \"a4\" or paper = \"letter\" (US Letter)"),
        );
    }
    if let Some(o) = cfg.orientation.as_ref().filter(|o| Orientation::parse(o).is_none()) {
        problems.push(
            Problem::error(locate("orientation"), format!("{shown}.orientation \"{o}\" is not an orientation"))
                .help("write orientation = \"landscape\" or orientation = \"portrait\""),
        );
    }
    let Some(signatories) = &cfg.signatories else { return };
    if signatories.len() > MAX_SIGNATORIES {
        problems.push(
            Problem::error(
                locate("signatories"),
                format!(
                    "{shown}.signatories lists {} signatories; a certificate has room for at most {MAX_SIGNATORIES}",
                    signatories.len()
                ),
            )
            .help("keep the one to three people whose signature the certificate needs, and remove the others"),
        );
    }
    for (i, _) in signatories.iter().enumerate().filter(|(_, s)| s.name.trim().is_empty()) {
        problems.push(
            Problem::error(
                locate(&format!("signatories.{i}.name")),
                format!("{shown}.signatories: signatory {} has no name", i + 1),
            )
            .help("write the signatory's name as it should be printed, e.g. name = \"Dr Ana Ruiz\""),
        );
    }
}

/// The image kinds a seal or signature may be.
const IMAGE_EXTENSIONS: &[&str] = &["svg", "png", "jpg", "jpeg"];

/// The seal and signature images of one layer: SVG, PNG or JPEG files in the content directory.
pub(crate) fn check_files(
    cfg: &CertificateConfig,
    shown: &str,
    content_dir: &Path,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) {
    let mut files: BTreeMap<String, &str> = BTreeMap::new();
    if let Some(seal) = &cfg.seal {
        files.insert("seal".into(), seal);
    }
    for (i, s) in cfg.signatories.iter().flatten().enumerate() {
        if let Some(sig) = &s.signature {
            files.insert(format!("signatories.{i}.signature"), sig);
        }
    }
    for (key, file) in files {
        let path = Path::new(file);
        let inside = !file.is_empty() && path.is_relative() && !file.contains("..");
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let why = if !inside {
            Some("is not a path inside the content directory")
        } else if !ext.as_deref().is_some_and(|e| IMAGE_EXTENSIONS.contains(&e)) {
            Some("is not an SVG, PNG or JPEG image")
        } else if !content_dir.join(path).is_file() {
            Some("does not exist")
        } else {
            None
        };
        if let Some(why) = why {
            let example =
                if key == "seal" { "seal = \"images/seal.svg\"" } else { "signature = \"images/signature.svg\"" };
            problems.push(
                Problem::error(locate(&key), format!("{shown}.{key} \"{file}\" {why}"))
                    .help(format!("put the image (SVG, PNG or JPEG) in the content directory and write its path from there, e.g. {example}")),
            );
        }
    }
}

/// The problems of a badge's `[certificate]` front matter; `key_at` takes a dotted key
/// (`certificate.design`) and says where it is written.
pub(crate) fn check_layer(
    cfg: &CertificateConfig,
    content_dir: &Path,
    key_at: &dyn Fn(&str) -> Location,
) -> Vec<Problem> {
    let mut found = Problems::new();
    let at = |k: &str| if k.is_empty() { key_at("certificate") } else { key_at(&format!("certificate.{k}")) };
    check_values(cfg, "certificate", &at, &mut found);
    check_files(cfg, "certificate", content_dir, &at, &mut found);
    found.sorted()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(design: &str, paper: Option<&str>) -> CertificateConfig {
        CertificateConfig { design: Some(design.into()), paper: paper.map(Into::into), ..Default::default() }
    }

    #[test]
    fn a_later_layer_wins_key_by_key() {
        let site = CertificateConfig {
            paper: Some("letter".into()),
            signatories: Some(vec![Signatory { name: "A".into(), ..Default::default() }]),
            ..Default::default()
        };
        let badge = layer("modern", None);
        let c = Certificate::resolve(&[Some(&site), None, Some(&badge)]);
        assert_eq!((c.design, c.paper, c.orientation), (Design::Modern, Paper::Letter, Orientation::Landscape));
        assert_eq!(c.signatories.len(), 1);
        assert_eq!(c.size_mm(), (279.4, 215.9));
        assert_eq!(c.page_name(), "cert-letter-landscape");
        assert_eq!(Certificate::resolve(&[]), Certificate::default());
    }

    #[test]
    fn refuses_unknown_values_with_a_suggestion() {
        let mut problems = Problems::new();
        let here = |_: &str| Location::new("hallmark.toml", 1, 1);
        let mut bad = layer("clasic", Some("a3"));
        bad.signatories = Some(vec![Signatory { name: "x".into(), ..Default::default() }; 4]);
        check_values(&bad, "certificates", &here, &mut problems);
        let all: Vec<_> = problems.sorted();
        assert_eq!(all.len(), 3, "{all:?}");
        assert!(all[0].message.contains("\"clasic\" is not a design"), "{:?}", all[0]);
        assert!(all[0].help.as_deref().unwrap().starts_with("did you mean design = \"classic\"?"));
        assert!(all.iter().any(|p| p.message.contains("lists 4 signatories")));
    }
}
