//! Artwork for badges without an image of their own, drawn from the badge's brand: a shape in the
//! primary colour with an inner border, an optional bundled icon, and the badge's name fitted
//! inside (see [`text`]). The text is laid out by usvg with hallmark's fonts and written as paths,
//! so every viewer shows exactly what the PNG renderer draws, and the bytes are the same on every
//! machine and every run.

mod icons;
pub(crate) mod shapes;
mod text;

use resvg::usvg;

use crate::ground::colour::{contrast, Rgb};
use crate::ground::error::{Error, Result};
use crate::model::brand::Brand;
use crate::model::content::badge::Look;

/// The id of the group that holds the name, in the generated SVG.
pub(crate) const NAME_ID: &str = "badge-name";

/// What one badge's artwork is drawn from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a> {
    pub name: &'a str,
    /// The name's language (a BCP 47 tag): the regional forms of Han characters follow it.
    pub lang: Option<&'a str>,
    pub look: &'a Look,
    pub brand: &'a Brand,
}

/// The artwork of `request`, as SVG bytes.
pub(crate) fn generate(request: &Request<'_>) -> Result<Vec<u8>> {
    let options = crate::render::measure::options();
    let source = source(request, options);
    let tree = usvg::Tree::from_data(source.as_bytes(), options)
        .map_err(|e| Error::Usage(format!("artwork: the generated SVG cannot be read: {e}").into()))?;
    // The build checks names first (site/glyphs.rs); this keeps any other caller from tofu too.
    if let Some(found) = crate::render::fonts::coverage::in_tree(&tree).first() {
        let set = crate::render::fonts::set();
        let culprits = found.culprits(set);
        return Err(Error::Usage(
            crate::ground::error::Failure::new(format!(
                "artwork: {} in the badge name \"{}\" would come out as boxes",
                crate::render::fonts::coverage::describe(&culprits),
                request.name
            ))
            .fix(crate::render::fonts::coverage::fix(&culprits, set)),
        ));
    }
    let write = usvg::WriteOptions { coordinates_precision: 2, transforms_precision: 4, ..Default::default() };
    let svg = tree.to_string(&write);
    // usvg drops <title>: put the name back, for screen readers and for the file's own sake.
    let title = format!("<title>{}</title>", text::escape(request.name));
    let at = svg.find('>').map_or(0, |i| i + 1);
    Ok([&svg[..at], &title, &svg[at..]].concat().into_bytes())
}

/// The drawing, with the name as text for usvg to lay out.
fn source(request: &Request<'_>, options: &usvg::Options<'_>) -> String {
    let g = shapes::geometry(request.look.shape);
    let brand = request.brand;
    let fill = brand.primary;
    let ink = ink_on(fill, brand);
    let ring = if contrast(brand.accent, fill) >= 3.0 { brand.accent } else { ink };
    let (cx, cy) = g.centre;
    let mut svg =
        String::from("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"600\" viewBox=\"0 0 600 600\">");
    svg.push_str(&format!("<path d=\"{}\" fill=\"{fill}\"/>", g.outline));
    svg.push_str(&format!(
        "<path d=\"{}\" fill=\"none\" stroke=\"{ring}\" stroke-width=\"8\" \
         transform=\"translate({cx} {cy}) scale(0.92) translate(-{cx} -{cy})\"/>",
        g.outline
    ));
    let name_ink = match g.band {
        Some(band) => {
            let band_fill = fill.mix(Rgb::BLACK, 0.3);
            svg.push_str(&format!("<path d=\"{band}\" fill=\"{band_fill}\" stroke=\"{ring}\" stroke-width=\"6\"/>"));
            ink_on(band_fill, brand)
        }
        None => ink,
    };
    if let Some(body) = request.look.icon.as_deref().and_then(icons::body) {
        let scale = g.icon_size / 24.0;
        let (x, y) = (g.icon_centre.0 - g.icon_size / 2.0, g.icon_centre.1 - g.icon_size / 2.0);
        svg.push_str(&format!(
            "<g transform=\"translate({x} {y}) scale({scale})\" fill=\"none\" stroke=\"{ink}\" stroke-width=\"2\" \
             stroke-linecap=\"round\" stroke-linejoin=\"round\">{body}</g>"
        ));
    }
    let setting = text::Setting { options, lang: request.lang };
    let fitted = text::fit(request.name, &g.name_box, g.max_lines, &setting);
    svg.push_str(&text::markup(&fitted, request.lang, &g.name_box, &name_ink.to_string()));
    svg.push_str("</svg>");
    svg
}

/// The colour text and icons take on `fill`: the brand's background or text colour when either
/// reads on it (WCAG AA, 4.5:1), else white or black.
fn ink_on(fill: Rgb, brand: &Brand) -> Rgb {
    [brand.background, brand.text, Rgb::WHITE, Rgb::BLACK]
        .into_iter()
        .find(|c| contrast(*c, fill) >= 4.5)
        .unwrap_or(if fill.is_light() { Rgb::BLACK } else { Rgb::WHITE })
}

#[cfg(test)]
mod tests;
