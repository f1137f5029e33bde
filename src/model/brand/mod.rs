//! Brand tokens: the colours, fonts, corners, logo and favicon pages and e-mails are drawn with.
//! `[brand]` in `hallmark.toml` sets the site's; `[programs.<slug>.brand]` and a badge's `[brand]`
//! front matter override them for that program's or badge's pages. Unset tokens keep the default
//! theme's look.

mod contrast;

use std::collections::BTreeMap;

use serde::Deserialize;

pub(crate) use contrast::{check_contrast, Palette};
#[cfg(test)]
use contrast::{pairs, Pair};

use crate::ground::colour::Rgb;
use crate::ground::error::{Location, Problem, Problems};
use crate::model::schema::{Key, Kind};

/// The keys of a `[brand]` table.
pub(crate) const BRAND_KEYS: &[Key] = &[
    Key::optional("primary", Kind::Text),
    Key::optional("accent", Kind::Text),
    Key::optional("text", Kind::Text),
    Key::optional("background", Kind::Text),
    Key::optional("logo", Kind::Text),
    Key::optional("favicon", Kind::Text),
    Key::optional("heading_font", Kind::Text),
    Key::optional("body_font", Kind::Text),
    Key::optional("corners", Kind::Text),
];

/// A `[brand]` table as written: every token optional, an unset one inherited.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub(crate) struct BrandConfig {
    /// Buttons and the skip link: `#rrggbb`.
    pub primary: Option<String>,
    /// Links: `#rrggbb`.
    pub accent: Option<String>,
    /// Body text: `#rrggbb`.
    pub text: Option<String>,
    /// The page: `#rrggbb`.
    pub background: Option<String>,
    /// The header's logo, a file under `static/` (default: `[issuer] image`).
    pub logo: Option<String>,
    /// The pages' icon, a file under `static/`.
    pub favicon: Option<String>,
    /// A CSS font stack for headings.
    pub heading_font: Option<String>,
    /// A CSS font stack for everything else.
    pub body_font: Option<String>,
    /// `square`, `rounded` or `round`.
    pub corners: Option<String>,
}

/// One of the four colour tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Token {
    Primary,
    Accent,
    Text,
    Background,
}

impl Token {
    pub(crate) const ALL: [Token; 4] = [Token::Primary, Token::Accent, Token::Text, Token::Background];

    /// The key in `[brand]`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Token::Primary => "primary",
            Token::Accent => "accent",
            Token::Text => "text",
            Token::Background => "background",
        }
    }

    fn written(self, b: &BrandConfig) -> Option<&String> {
        match self {
            Token::Primary => b.primary.as_ref(),
            Token::Accent => b.accent.as_ref(),
            Token::Text => b.text.as_ref(),
            Token::Background => b.background.as_ref(),
        }
    }
}

/// How round the corners of buttons, panels and notices are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Corners {
    Square,
    Rounded,
    Round,
}

impl Corners {
    fn parse(text: &str) -> Option<Corners> {
        match text {
            "square" => Some(Corners::Square),
            "rounded" => Some(Corners::Rounded),
            "round" => Some(Corners::Round),
            _ => None,
        }
    }
}

/// The default theme's look: what a site without `[brand]` gets.
pub(crate) const DEFAULT_PRIMARY: Rgb = Rgb(0x0a, 0x58, 0xa6);
pub(crate) const DEFAULT_TEXT: Rgb = Rgb(0x1b, 0x1f, 0x24);
pub(crate) const DEFAULT_FONT: &str = "system-ui, sans-serif";

/// The tokens a page is drawn with, every one set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Brand {
    pub primary: Rgb,
    pub accent: Rgb,
    pub text: Rgb,
    pub background: Rgb,
    pub logo: Option<String>,
    pub favicon: Option<String>,
    pub heading_font: String,
    pub body_font: String,
    pub corners: Corners,
}

impl Default for Brand {
    fn default() -> Brand {
        Brand {
            primary: DEFAULT_PRIMARY,
            accent: DEFAULT_PRIMARY,
            text: DEFAULT_TEXT,
            background: Rgb::WHITE,
            logo: None,
            favicon: None,
            heading_font: DEFAULT_FONT.into(),
            body_font: DEFAULT_FONT.into(),
            corners: Corners::Rounded,
        }
    }
}

impl Brand {
    /// The default brand with `layers` applied in order (site, program, badge): a later layer's
    /// token wins. Tokens that do not parse were reported by [`check_values`] and are skipped.
    pub(crate) fn resolve(layers: &[Option<&BrandConfig>]) -> Brand {
        let mut brand = Brand::default();
        for layer in layers.iter().flatten() {
            for token in Token::ALL {
                if let Some(c) = token.written(layer).and_then(|t| Rgb::parse(t)) {
                    *brand.colour_mut(token) = c;
                }
            }
            let font = |f: &Option<String>| f.as_ref().filter(|f| font_problem(f).is_none()).cloned();
            brand.heading_font = font(&layer.heading_font).unwrap_or(brand.heading_font);
            brand.body_font = font(&layer.body_font).unwrap_or(brand.body_font);
            brand.corners = layer.corners.as_deref().and_then(Corners::parse).unwrap_or(brand.corners);
            brand.logo = layer.logo.clone().or(brand.logo);
            brand.favicon = layer.favicon.clone().or(brand.favicon);
        }
        brand
    }

    /// The colour of `token`.
    pub(crate) fn colour(&self, token: Token) -> Rgb {
        match token {
            Token::Primary => self.primary,
            Token::Accent => self.accent,
            Token::Text => self.text,
            Token::Background => self.background,
        }
    }

    fn colour_mut(&mut self, token: Token) -> &mut Rgb {
        match token {
            Token::Primary => &mut self.primary,
            Token::Accent => &mut self.accent,
            Token::Text => &mut self.text,
            Token::Background => &mut self.background,
        }
    }

    /// This brand with `token` set to `colour`.
    pub(crate) fn with(&self, token: Token, colour: Rgb) -> Brand {
        let mut b = self.clone();
        *b.colour_mut(token) = colour;
        b
    }

    /// Whether the pages need styles beyond the default theme's (logo and favicon are markup).
    pub(crate) fn restyles(&self) -> bool {
        let d = Brand::default();
        (&self.primary, &self.accent, &self.text, &self.background, &self.heading_font, &self.body_font, self.corners)
            != (&d.primary, &d.accent, &d.text, &d.background, &d.heading_font, &d.body_font, d.corners)
    }
}

/// One brand layer as found, with where each of its keys was written (by key name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    pub brand: BrandConfig,
    /// How messages name the table: `brand`, `programs.x.brand`.
    pub shown: String,
    /// Where the table is.
    pub table: Location,
    /// Where each key written in it is.
    pub at: BTreeMap<&'static str, Location>,
}

impl Located {
    /// `brand`, named `shown`, with the places of the table and of its keys; `locate` takes a key
    /// name (`primary`), or `""` for the table.
    pub(crate) fn new(brand: &BrandConfig, shown: &str, locate: &dyn Fn(&str) -> Location) -> Located {
        let at = BRAND_KEYS.iter().map(|k| (k.name, locate(k.name))).collect();
        Located { brand: brand.clone(), shown: shown.to_string(), table: locate(""), at }
    }
}

/// The values of one brand layer: colours as `#rrggbb`, a known corner style, font stacks that
/// cannot break out of a style sheet. `shown` is how messages name the table (`brand`,
/// `programs.x.brand`).
pub(crate) fn check_values(
    brand: &BrandConfig,
    shown: &str,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) {
    for token in Token::ALL {
        if let Some(text) = token.written(brand).filter(|t| Rgb::parse(t).is_none()) {
            let key = token.key();
            problems.push(
                Problem::error(locate(key), format!("{shown}.{key} \"{text}\" is not a colour written as #rrggbb"))
                    .help(format!("write # and six hexadecimal digits, e.g. {key} = \"#0a58a6\"")),
            );
        }
    }
    if let Some(c) = brand.corners.as_ref().filter(|c| Corners::parse(c).is_none()) {
        problems.push(
            Problem::error(locate("corners"), format!("{shown}.corners \"{c}\" is not a corner style"))
                .help("write corners = \"square\", \"rounded\" or \"round\""),
        );
    }
    for (key, font) in [("heading_font", &brand.heading_font), ("body_font", &brand.body_font)] {
        if let Some(why) = font.as_deref().and_then(font_problem) {
            problems.push(
                Problem::error(locate(key), format!("{shown}.{key} {why}"))
                    .help(format!("write a CSS font stack, e.g. {key} = \"Georgia, 'Times New Roman', serif\"")),
            );
        }
    }
}

/// Why a font stack cannot go into a style sheet as it is, if it cannot.
fn font_problem(font: &str) -> Option<String> {
    if font.trim().is_empty() {
        return Some("is empty".into());
    }
    let bad = font.chars().find(|c| !(c.is_alphanumeric() || " ,'\"-_.".contains(*c)))?;
    Some(format!("contains \"{bad}\", which a font stack has no use for"))
}

/// The logo and favicon of one layer: files under `static/`, which the site publishes as they are.
pub(crate) fn check_files(
    brand: &BrandConfig,
    shown: &str,
    content_dir: &std::path::Path,
    locate: &dyn Fn(&str) -> Location,
    problems: &mut Problems,
) {
    for (key, file) in [("logo", &brand.logo), ("favicon", &brand.favicon)] {
        let Some(file) = file else { continue };
        let under_static = std::path::Path::new(file).starts_with("static") && !file.contains("..");
        if !under_static || !content_dir.join(file).is_file() {
            let why = if under_static { "does not exist" } else { "is not a file under static/" };
            problems.push(
                Problem::error(locate(key), format!("{shown}.{key} \"{file}\" {why}"))
                    .help(format!("put the file in the content directory's static/ folder and write its path, e.g. {key} = \"static/{key}.svg\"")),
            );
        }
    }
}

#[cfg(test)]
mod tests;
