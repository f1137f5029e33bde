//! The colours the default theme derives from the brand tokens, every text/background pair it
//! draws with them, and the WCAG 2.2 AA check of those pairs: a brand that fails is refused with
//! the pair, its ratio and the nearest colour of the same hue that passes.

use std::collections::BTreeSet;

use super::{Brand, Located, Token};
use crate::ground::colour::{contrast, show_ratio, Rgb};
use crate::ground::error::{Problem, Problems};

/// WCAG 2.2 AA: normal text.
const TEXT: f64 = 4.5;
/// WCAG 2.2 AA: large text, and the boundaries of controls (non-text contrast).
const UI: f64 = 3.0;

/// Every colour the theme draws with, derived from a brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Palette {
    pub background: Rgb,
    /// The header, the footer and panels: the background tinted a little towards the text.
    pub surface: Rgb,
    pub border: Rgb,
    pub text: Rgb,
    /// Notes and labels: the text faded towards the background as far as it still reads on the surface.
    pub muted: Rgb,
    pub primary: Rgb,
    /// Text on primary buttons: the background's colour.
    pub on_primary: Rgb,
    pub accent: Rgb,
    /// Whether the page is light (dark text) or dark: the status colours follow.
    pub light: bool,
    pub ok: Rgb,
    pub bad: Rgb,
    pub bad_bg: Rgb,
    pub warn: Rgb,
    pub warn_bg: Rgb,
    pub focus: Rgb,
}

impl Palette {
    /// The palette of `brand`; the status colours are the default theme's light or dark ones.
    pub(crate) fn of(brand: &Brand) -> Palette {
        let (background, text) = (brand.background, brand.text);
        let surface = background.mix(text, 0.04);
        let muted = [0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05]
            .iter()
            .map(|t| text.mix(background, *t))
            .find(|m| contrast(*m, surface) >= TEXT && contrast(*m, background) >= TEXT)
            .unwrap_or(text);
        let light = background.is_light();
        let hex = |s: &str| Rgb::parse(s).unwrap_or(text);
        let [ok, bad, bad_bg, warn, warn_bg, focus] = if light {
            ["#116329", "#b3261e", "#fdecea", "#8a4600", "#fff4e0", "#c2410c"].map(hex)
        } else {
            ["#7ee2a0", "#ffaba3", "#35120f", "#ffc978", "#2e2006", "#ffb36b"].map(hex)
        };
        Palette {
            background,
            surface,
            border: background.mix(text, 0.18),
            text,
            muted,
            primary: brand.primary,
            on_primary: background,
            accent: brand.accent,
            light,
            ok,
            bad,
            bad_bg,
            warn,
            warn_bg,
            focus,
        }
    }
}

/// A foreground drawn on a background, and the token to change when it does not contrast enough.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pair {
    /// What the theme draws with it, for messages.
    pub what: &'static str,
    pub foreground: Rgb,
    pub background: Rgb,
    /// The ratio WCAG 2.2 AA asks for.
    pub minimum: f64,
    /// The token the pair is mostly about (the foreground's, where it is one).
    pub token: Token,
    /// The other token in the pair, if the background is one too.
    pub other: Option<Token>,
}

impl Pair {
    pub(crate) fn ratio(&self) -> f64 {
        contrast(self.foreground, self.background)
    }

    pub(crate) fn passes(&self) -> bool {
        self.ratio() >= self.minimum
    }
}

/// Every text/background pair the default theme draws with `brand`'s colours.
pub(crate) fn pairs(brand: &Brand) -> Vec<Pair> {
    let p = Palette::of(brand);
    let pair = |what, foreground, background, minimum, token, other| Pair {
        what,
        foreground,
        background,
        minimum,
        token,
        other,
    };
    use Token::*;
    vec![
        pair("body text on the background", p.text, p.background, TEXT, Text, Some(Background)),
        pair("text on the header, footer and panels", p.text, p.surface, TEXT, Text, Some(Background)),
        pair(
            "button text (the background colour) on primary buttons, and primary outlined buttons on the background",
            p.primary,
            p.background,
            TEXT,
            Primary,
            Some(Background),
        ),
        pair("accent links on the background", p.accent, p.background, TEXT, Accent, Some(Background)),
        pair("accent links on the header, footer and panels", p.accent, p.surface, TEXT, Accent, Some(Background)),
        pair("the \"Verified\" label (the background colour on green)", p.background, p.ok, TEXT, Background, None),
        pair(
            "the \"Failed\" and \"Revoked\" labels (the background colour on red)",
            p.background,
            p.bad,
            TEXT,
            Background,
            None,
        ),
        pair(
            "the \"Suspended\" and \"Expired\" labels (the background colour on amber)",
            p.background,
            p.warn,
            TEXT,
            Background,
            None,
        ),
        pair("the keyboard focus outline on the background", p.focus, p.background, UI, Background, None),
    ]
}

/// Checks the brand `layers` resolve to (site, then program, then badge; the last is the one being
/// checked) and reports each failing pair at the token's place in the innermost layer that wrote
/// it. `seen` keeps a problem that an outer layer already reported from being reported again.
pub(crate) fn check_contrast(layers: &[&Located], problems: &mut Problems, seen: &mut BTreeSet<String>) {
    let brand = Brand::resolve(&layers.iter().map(|l| Some(&l.brand)).collect::<Vec<_>>());
    let Some(innermost) = layers.last() else { return };
    for pair in pairs(&brand).into_iter().filter(|p| !p.passes()) {
        // Blame a token the layer being checked wrote, so a badge that changes the background
        // is told about its background, not about the site's text.
        let written_here = |t: Token| t.written(&innermost.brand).is_some();
        let token = match pair.other {
            Some(o) if !written_here(pair.token) && written_here(o) => o,
            _ => pair.token,
        };
        let layer = layers.iter().rev().find(|l| token.written(&l.brand).is_some()).unwrap_or(innermost);
        let key = token.key();
        let colour = brand.colour(token);
        let shown = if token.written(&layer.brand).is_some() {
            format!("{}.{key} {colour}", layer.shown)
        } else {
            format!("{}.{key} (the default, {colour})", layer.shown)
        };
        let message = format!(
            "{shown}: {}: contrast ratio {}:1 ({} on {}), below the {}:1 WCAG 2.2 AA asks for",
            pair.what,
            show_ratio(pair.ratio(), pair.minimum),
            pair.foreground,
            pair.background,
            pair.minimum
        );
        let place = match layer.at.get(key) {
            Some(at) if token.written(&layer.brand).is_some() => at.clone(),
            _ => layer.table.clone(),
        };
        if !seen.insert(format!("{place:?}{message}")) {
            continue;
        }
        let help = match suggest(&brand, token, &pair) {
            Some((c, ratio)) => format!(
                "use {key} = \"{c}\": the nearest colour of the same hue that passes ({}:1)",
                show_ratio(ratio, pair.minimum)
            ),
            None => format!("choose a {key} colour further from {}", pair.background),
        };
        problems.push(Problem::error(place, message).help(help));
    }
}

/// The colour of `token`'s hue nearest in lightness to its own with which `failing` passes and no
/// pair that passed fails (else one with which `failing` alone passes), and `failing`'s ratio with it.
fn suggest(brand: &Brand, token: Token, failing: &Pair) -> Option<(Rgb, f64)> {
    let before: Vec<bool> = pairs(brand).iter().map(Pair::passes).collect();
    let this = pairs(brand).iter().position(|p| p == failing)?;
    let candidates = brand.colour(token).same_hue_by_lightness();
    let ratio_with = |c: Rgb| {
        let after = pairs(&brand.with(token, c));
        let all = after.iter().zip(&before).all(|(p, was)| p.passes() || (!was && p.token != token));
        (after[this].passes(), all, after[this].ratio())
    };
    let best = candidates.iter().find(|c| matches!(ratio_with(**c), (true, true, _)));
    let chosen = best.or_else(|| candidates.iter().find(|c| ratio_with(**c).0))?;
    // The suggestion is checked, not assumed: it reaches the minimum.
    let (passes, _, ratio) = ratio_with(*chosen);
    passes.then_some((*chosen, ratio))
}
