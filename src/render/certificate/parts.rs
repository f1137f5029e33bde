//! The parts every certificate of a brand shares, published once as files under `assets/`: the
//! classic design's frame (a double rule with corner ornaments) and the seal drawn when a site
//! gives none (a rosette in the brand's colours, without words, so it serves every language).

use std::fmt::Write as _;

use super::draw::n;
use super::on_paper;
use crate::ground::colour::{contrast, Rgb};
use crate::model::brand::Brand;

/// The classic frame for a `w`×`h` millimetre sheet.
pub(crate) fn frame_svg(brand: &Brand, w: f32, h: f32) -> String {
    let outer = on_paper(brand.primary, brand);
    let inner = on_paper(brand.accent, brand);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}mm\" height=\"{}mm\" viewBox=\"0 0 {} {}\" fill=\"none\">",
        n(w),
        n(h),
        n(w),
        n(h)
    );
    let rect = |inset: f32, stroke: Rgb, width: f32| {
        format!(
            "<rect x=\"{i}\" y=\"{i}\" width=\"{}\" height=\"{}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>",
            n(w - 2.0 * inset),
            n(h - 2.0 * inset),
            i = n(inset)
        )
    };
    svg.push_str(&rect(6.0, outer, 1.6));
    svg.push_str(&rect(9.0, inner, 0.4));
    // A diamond and two short rules in each corner, between the two frames' lines.
    for (x, y, sx, sy) in
        [(9.0, 9.0, 1.0, 1.0), (w - 9.0, 9.0, -1.0, 1.0), (9.0, h - 9.0, 1.0, -1.0), (w - 9.0, h - 9.0, -1.0, -1.0)]
    {
        let _ = write!(
            svg,
            "<path d=\"M{x0} {y0}l{a} {b}l{a} {c}l{d} {c}z\" fill=\"{outer}\"/><path d=\"M{x1} {y}h{e}M{x} {y1}v{f}\" stroke=\"{outer}\" stroke-width=\"0.4\"/>",
            x0 = n(x),
            y0 = n(y + 5.0 * sy),
            a = n(5.0 * sx),
            b = n(-5.0 * sy),
            c = n(5.0 * sy),
            d = n(-5.0 * sx),
            x1 = n(x + 12.0 * sx),
            e = n(14.0 * sx),
            y1 = n(y + 12.0 * sy),
            f = n(14.0 * sy),
            x = n(x),
            y = n(y),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The seal drawn for the classic design when the configuration names none: a 24-point rosette in
/// the brand's primary colour, a ring and a star in the colour that reads on it.
pub(crate) fn seal_svg(brand: &Brand) -> String {
    let fill = brand.primary;
    let ink = if contrast(Rgb::WHITE, fill) >= 3.0 { Rgb::WHITE } else { Rgb::BLACK };
    let ring = if contrast(brand.accent, fill) >= 3.0 { brand.accent } else { ink };
    let points = |count: usize, outer: f32, inner: f32, turn: f32| {
        let mut d = String::new();
        for i in 0..count * 2 {
            let r = if i % 2 == 0 { outer } else { inner };
            let a = (i as f32 / (count * 2) as f32 + turn) * std::f32::consts::TAU;
            let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, n(50.0 + r * a.sin()), n(50.0 - r * a.cos()));
        }
        d + "Z"
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\" viewBox=\"0 0 100 100\">\
         <path d=\"{}\" fill=\"{fill}\"/><circle cx=\"50\" cy=\"50\" r=\"37\" fill=\"none\" stroke=\"{ring}\" stroke-width=\"2\"/>\
         <circle cx=\"50\" cy=\"50\" r=\"32\" fill=\"none\" stroke=\"{ink}\" stroke-width=\"0.8\" stroke-dasharray=\"2 2\"/>\
         <path d=\"{}\" fill=\"{ink}\"/></svg>",
        points(24, 49.0, 43.0, 0.0),
        points(5, 20.0, 8.0, 0.0)
    )
}
