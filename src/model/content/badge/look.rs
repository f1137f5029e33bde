//! The artwork hallmark draws for a badge that has no image of its own: a shape in the badge's
//! brand colours, an optional icon from the bundled set, and the badge's name. Chosen in the front
//! matter with `artwork = { shape = "hexagon", icon = "zap" }`; both keys are optional.

use serde::Deserialize;

use crate::ground::error::{Location, Problem};
use crate::model::schema::{Key, Kind};

/// The keys of the `artwork` table.
pub(crate) const ARTWORK_KEYS: &[Key] = &[Key::optional("shape", Kind::Text), Key::optional("icon", Kind::Text)];

/// The icons bundled with hallmark (Lucide, ISC licence), by their Lucide names.
pub(crate) const ICONS: &[&str] = &[
    "award",
    "book-open",
    "briefcase",
    "circle-check",
    "code",
    "flask-conical",
    "globe",
    "graduation-cap",
    "heart",
    "leaf",
    "lightbulb",
    "medal",
    "palette",
    "rocket",
    "shield-check",
    "star",
    "trophy",
    "users",
    "wrench",
    "zap",
];

/// The `artwork` table as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArtworkConfig {
    pub shape: Option<String>,
    pub icon: Option<String>,
}

/// The outline of generated artwork.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) enum Shape {
    #[default]
    Circle,
    Shield,
    Hexagon,
    Ribbon,
    Square,
}

impl Shape {
    /// Every shape, in the order the documentation lists them.
    pub(crate) const ALL: [Shape; 5] = [Shape::Circle, Shape::Shield, Shape::Hexagon, Shape::Ribbon, Shape::Square];

    /// The name written in the front matter.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Shield => "shield",
            Shape::Hexagon => "hexagon",
            Shape::Ribbon => "ribbon",
            Shape::Square => "square",
        }
    }

    fn parse(text: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == text)
    }
}

/// How a badge's generated artwork looks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Look {
    pub shape: Shape,
    /// One of [`ICONS`].
    pub icon: Option<String>,
}

/// The look `config` asks for, with a problem (at `key_at(key)`) for a shape or icon hallmark does
/// not have.
pub(super) fn check(config: Option<&ArtworkConfig>, key_at: &dyn Fn(&str) -> Location) -> (Look, Vec<Problem>) {
    let mut look = Look::default();
    let mut problems = Vec::new();
    let Some(config) = config else { return (look, problems) };
    if let Some(shape) = &config.shape {
        match Shape::parse(shape) {
            Some(s) => look.shape = s,
            None => {
                let names: Vec<_> = Shape::ALL.iter().map(|s| format!("\"{}\"", s.name())).collect();
                problems.push(
                    Problem::error(
                        key_at("artwork.shape"),
                        format!("artwork shape \"{shape}\" is not a shape hallmark draws"),
                    )
                    .help(format!("write one of {}", names.join(", "))),
                );
            }
        }
    }
    if let Some(icon) = &config.icon {
        if ICONS.contains(&icon.as_str()) {
            look.icon = Some(icon.clone());
        } else {
            problems.push(
                Problem::error(
                    key_at("artwork.icon"),
                    format!("artwork icon \"{icon}\" is not one of the bundled icons"),
                )
                .help(format!("write one of {}, or leave icon out", ICONS.join(", "))),
            );
        }
    }
    (look, problems)
}
