//! The certificate's SVG, drawn from a [`Request`] on its [`Layout`].

use std::fmt::Write as _;

use super::{on_paper, Layout, Line, Part, Request};
use crate::ground::colour::{contrast, Rgb};
use crate::model::certificate::Design;
use crate::render::measure::escape;

/// The fonts the text asks for: the bundled one first, as it was measured with.
const FONTS: &str = "'DejaVu Sans', 'Noto Sans', Verdana, sans-serif";

/// A number in millimetres, at most two decimals, no trailing zeros.
pub(super) fn n(v: f32) -> String {
    let mut out = String::with_capacity(8);
    push_n(&mut out, v);
    out
}

/// [`n`] onto `out`, with nothing made on the way (a page's certificate writes a dozen).
pub(super) fn push_n(out: &mut String, v: f32) {
    // In hundredths, by integers: `{:.2}` took the float formatter's slow exact path on every
    // page's certificate. An f32 times 100 is exact in an f64 (24 bits and 7), so the rounding is
    // the formatter's: to the nearest, ties to even.
    let hundredths = (f64::from(v) * 100.0).round_ties_even();
    if !hundredths.is_finite() || hundredths.abs() >= 1e15 {
        out.push_str(&n_by_formatter(v));
        return;
    }
    let h = hundredths as i64;
    let (whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
    if h < 0 {
        out.push('-');
    }
    let _ = write!(out, "{whole}");
    match frac {
        0 => {}
        f if f % 10 == 0 => {
            out.push('.');
            out.push(char::from(b'0' + (f / 10) as u8));
        }
        f => {
            out.push('.');
            out.push(char::from(b'0' + (f / 10) as u8));
            out.push(char::from(b'0' + (f % 10) as u8));
        }
    }
}

/// [`n`] by the float formatter: for what does not fit an integer of hundredths.
pub(super) fn n_by_formatter(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Where and how one text is drawn.
struct Place {
    x: f32,
    y: f32,
    /// The element's own direction, when it differs from the sheet's.
    dir: Option<&'static str>,
}

/// The sheet being drawn: its layout, direction and colours.
struct Sheet<'a> {
    r: &'a Request<'a>,
    l: Layout,
    ink: Rgb,
    muted: Rgb,
    strong: Rgb,
}

impl Sheet<'_> {
    /// Where a text of the text column goes, centred: `own_rtl` is its own direction (a name's),
    /// set on the element when it differs from the sheet's, so each name is a bidi paragraph of its
    /// own. (Centred, because renderers disagree on where `start` is in a right-to-left text.)
    fn column(&self, y: f32, own_rtl: Option<bool>) -> Place {
        let differs = own_rtl.is_some_and(|o| o != self.r.rtl);
        let dir = differs.then(|| if own_rtl == Some(true) { "rtl" } else { "ltr" });
        Place { x: (self.l.left + self.l.right) / 2.0, y, dir }
    }

    /// The x of a part at `x` from the left on a left-to-right sheet, mirrored on a right-to-left one.
    fn mirror(&self, x: f32) -> f32 {
        if self.r.rtl {
            self.l.w - x
        } else {
            x
        }
    }
}

/// Writes one `<text>` with `id`, at `place`, `size` millimetres, in `fill`; `body` is markup.
/// (Every text is centred and in the ink colour unless it says otherwise: both are set on the
/// sheet, which keeps each page's copy small.)
fn text(out: &mut String, id: &str, place: &Place, size: f32, extra: &str, fill: Option<Rgb>, body: &str) {
    out.push_str("<text");
    if !id.is_empty() {
        out.extend([" id=\"", id, "\""]);
    }
    out.push_str(" x=\"");
    push_n(out, place.x);
    out.push_str("\" y=\"");
    push_n(out, place.y);
    out.push_str("\" font-size=\"");
    push_n(out, size);
    out.push('"');
    if let Some(fill) = fill {
        let _ = write!(out, " fill=\"{fill}\"");
    }
    if let Some(dir) = place.dir {
        out.extend([" direction=\"", dir, "\""]);
    }
    out.extend([extra, ">", body, "</text>"]);
}

/// Writes a fitted name, each script's run in its own font (so a PDF renderer shapes a name that
/// mixes Arabic and Latin, say, without falling back glyph by glyph).
fn name(out: &mut String, id: &str, place: &Place, line: &Line, fill: Option<Rgb>) {
    let mut extra = std::borrow::Cow::Borrowed(line.weight.attr());
    if let Some(w) = line.squeeze {
        let _ = write!(extra.to_mut(), " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"", n(w));
    }
    text(out, id, place, line.size, &extra, fill, &crate::render::fonts::runs::markup(&line.text));
}

/// The whole certificate.
pub(super) fn certificate(r: &Request<'_>) -> String {
    let l = Layout::of(r.settings);
    if r.part == Part::Texts {
        return texts(r, l);
    }
    let ink = on_paper(r.brand.text, r.brand);
    let sheet = Sheet { r, muted: ink.mix(Rgb::WHITE, 0.3), strong: on_paper(r.brand.primary, r.brand), ink, l };
    let (w, h) = (n(sheet.l.w), n(sheet.l.h));
    let ink = sheet.ink;
    let dir = if r.rtl { " direction=\"rtl\"" } else { "" };
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"certificate\" class=\"cert-{}\" width=\"{w}mm\" height=\"{h}mm\" \
         viewBox=\"0 0 {w} {h}\" style=\"display:block\" font-family=\"{FONTS}\" text-anchor=\"middle\" fill=\"{ink}\"{dir}>",
        r.settings.design.name()
    );
    let (shared, own) = r.part.draws();
    if let Part::Own(url) | Part::Shell(url) = r.part {
        let _ = write!(out, "<image href=\"{}\" width=\"{w}\" height=\"{h}\"/>", escape(url));
    }
    if shared {
        decoration(&mut out, &sheet);
        heading(&mut out, &sheet);
    }
    body(&mut out, &sheet, shared, own);
    if shared {
        signatories(&mut out, &sheet);
        seal(&mut out, &sheet);
    }
    if own {
        corners(&mut out, &sheet);
    }
    out.push_str("</svg>");
    out
}

/// The design's own marks: the classic frame, the modern band, the minimal rule.
fn decoration(out: &mut String, s: &Sheet<'_>) {
    let l = &s.l;
    match s.r.settings.design {
        Design::Classic => {
            if let Some(frame) = s.r.frame {
                let _ = write!(out, "<image href=\"{}\" width=\"{}\" height=\"{}\"/>", escape(frame), n(l.w), n(l.h));
            }
        }
        Design::Modern => {
            let _ = write!(out, "<rect width=\"{}\" height=\"{}\" fill=\"{}\"/>", n(l.w), n(l.band), s.r.brand.primary);
            let accent = on_paper(s.r.brand.accent, s.r.brand);
            // A rule of the accent colour down the start edge, beside the names (mirrored right to left).
            let x = if s.r.rtl { l.w - l.margin - 2.5 } else { l.margin };
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"2.5\" height=\"{}\" fill=\"{accent}\"/>",
                n(x),
                n(l.title - 9.0),
                n(l.dates - l.title + 11.0)
            );
        }
        Design::Minimal | Design::Off => {
            let y = l.sign_line - 22.0;
            let _ = write!(
                out,
                "<path d=\"M{} {}H{}\" stroke=\"{}\" stroke-width=\"0.25\"/>",
                n(l.w / 2.0 - 30.0),
                n(y),
                n(l.w / 2.0 + 30.0),
                s.muted
            );
        }
    }
}

/// The issuer's logo and name, and the title.
fn heading(out: &mut String, s: &Sheet<'_>) {
    let (r, l) = (s.r, &s.l);
    let modern = r.settings.design == Design::Modern;
    let on_band = if contrast(Rgb::WHITE, r.brand.primary) >= 4.5 { Rgb::WHITE } else { Rgb::BLACK };
    let issuer_ink = if modern { on_band } else { s.ink };
    if let Some(logo) = r.issuer_logo {
        let (lw, lh) = (40.0, 12.0);
        let (x, align) = if !modern {
            (l.w / 2.0 - lw / 2.0, "xMidYMid")
        } else if r.rtl {
            (l.right - lw, "xMaxYMid")
        } else {
            (l.left, "xMinYMid")
        };
        let y = if modern { l.margin - 4.0 } else { l.issuer - 20.0 };
        let _ = write!(
            out,
            "<image href=\"{}\" x=\"{}\" y=\"{}\" width=\"{lw}\" height=\"{lh}\" preserveAspectRatio=\"{align} meet\"/>",
            escape(logo),
            n(x),
            n(y)
        );
    }
    let issuer_y = if modern && r.issuer_logo.is_some() { l.issuer + 4.0 } else { l.issuer };
    name(
        out,
        "cert-issuer",
        &s.column(issuer_y, Some(r.issuer.rtl)),
        r.issuer,
        (issuer_ink != s.ink).then_some(issuer_ink),
    );
    let title_size = if modern { 10.0 } else { 9.0 };
    text(
        out,
        "cert-title",
        &s.column(l.title, None),
        title_size,
        " font-weight=\"bold\"",
        Some(s.strong),
        &escape(&r.labels.title),
    );
}

/// A landing page's own texts ([`Part::Texts`]): the recipient and the dates in a bare `<svg>`,
/// which the page's script moves into the badge's shell.
fn texts(r: &Request<'_>, l: Layout) -> String {
    let ink = on_paper(r.brand.text, r.brand);
    let sheet = Sheet { r, muted: ink, strong: ink, ink, l };
    let mut out = String::from("<svg>");
    recipient(&mut out, &sheet);
    dates(&mut out, &sheet);
    out.push_str("</svg>");
    out
}

/// The recipient and the dates (the credential's own), the words and the achievement (shared).
fn body(out: &mut String, s: &Sheet<'_>, shared: bool, own: bool) {
    let (r, l) = (s.r, &s.l);
    // A shell marks where a page's own texts go; the others draw them.
    let texts = own && !matches!(r.part, Part::Shell(_));
    if shared {
        text(out, "", &s.column(l.certifies, None), 4.5, "", Some(s.muted), &escape(&r.labels.certifies));
    }
    if texts {
        recipient(out, s);
    }
    if shared {
        text(out, "", &s.column(l.earned, None), 4.5, "", Some(s.muted), &escape(&r.labels.earned));
        name(out, "cert-achievement", &s.column(l.achievement, Some(r.achievement.rtl)), r.achievement, Some(s.strong));
    }
    if texts {
        dates(out, s);
    } else if own {
        out.push_str("<g id=\"cert-own\"/>");
    }
}

/// The recipient's name.
fn recipient(out: &mut String, s: &Sheet<'_>) {
    let (r, l) = (s.r, &s.l);
    name(out, "cert-recipient", &s.column(l.recipient, Some(r.recipient.rtl)), r.recipient, None);
}

/// The dates.
fn dates(out: &mut String, s: &Sheet<'_>) {
    let (r, l) = (s.r, &s.l);
    let mut dates = format!("{} <tspan font-weight=\"bold\">{}</tspan>", escape(&r.labels.issued), escape(r.issued));
    if let Some(until) = r.expires {
        let _ =
            write!(dates, " · {} <tspan font-weight=\"bold\">{}</tspan>", escape(&r.labels.valid_until), escape(until));
    }
    text(out, "cert-dates", &s.column(l.dates, None), 4.0, "", None, &dates);
}

/// Each signatory's signature, line, name and title, in columns (mirrored right to left).
fn signatories(out: &mut String, s: &Sheet<'_>) {
    let (r, l) = (s.r, &s.l);
    let count = r.signatories.len();
    if count == 0 {
        return;
    }
    let col = l.signatory_width(count);
    for (i, who) in r.signatories.iter().enumerate() {
        let cx = s.mirror(l.signatory_centre(i, count));
        let _ = write!(out, "<g id=\"cert-signatory-{}\">", i + 1);
        if let Some(sig) = &who.signature {
            let _ = write!(
                out,
                "<image href=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"13\" preserveAspectRatio=\"xMidYMax meet\"/>",
                escape(sig),
                n(cx - col / 2.0 + 2.0),
                n(l.sign_line - 14.0),
                n(col - 4.0)
            );
        }
        let _ = write!(
            out,
            "<path d=\"M{} {}H{}\" stroke=\"{}\" stroke-width=\"0.3\"/>",
            n(cx - col / 2.0 + 2.0),
            n(l.sign_line),
            n(cx + col / 2.0 - 2.0),
            s.ink
        );
        let at = |y: f32, rtl: bool| Place { x: cx, y, dir: (rtl != r.rtl).then_some(if rtl { "rtl" } else { "ltr" }) };
        name(out, "", &at(l.sign_line + 5.0, who.name.rtl), &who.name, None);
        if let Some(title) = &who.title {
            name(out, "", &at(l.sign_line + 9.5, title.rtl), title, Some(s.muted));
        }
        out.push_str("</g>");
    }
}

/// The seal, in the bottom corner the QR code does not take.
fn seal(out: &mut String, s: &Sheet<'_>) {
    let (r, l) = (s.r, &s.l);
    if let Some(seal) = r.seal {
        let x = s.mirror(l.margin + l.seal / 2.0) - l.seal / 2.0;
        let _ = write!(
            out,
            "<image id=\"cert-seal\" href=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            escape(seal),
            n(x),
            n(l.corner_top - (l.seal - l.qr) / 2.0),
            n(l.seal),
            n(l.seal)
        );
    }
}

/// The QR code in the bottom corner, and the address and credential id below.
fn corners(out: &mut String, s: &Sheet<'_>) {
    let (r, l) = (s.r, &s.l);
    let qx = s.mirror(l.w - l.margin - l.qr / 2.0) - l.qr / 2.0;
    match (r.qr, r.part) {
        (Some((side, d)), _) => {
            let scale = l.qr / *side as f32;
            let _ = write!(
                out,
                "<g id=\"cert-qr\" transform=\"translate({} {}) scale({})\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
                 <path d=\"{d}\" stroke=\"#000\"/></g>",
                n(qx),
                n(l.corner_top),
                scale
            );
        }
        // A landing page's certificate: the page's script draws the page's code here
        // (`themes/default/src/qr.js`), the one the page shows as `#page-qr`.
        (None, Part::Own(_) | Part::Shell(_)) => {
            let _ = write!(
                out,
                "<svg id=\"cert-qr\" data-qr-of=\"page-qr\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                n(qx),
                n(l.corner_top),
                n(l.qr),
                n(l.qr)
            );
        }
        (None, _) => {}
    }
    let centre = Place { x: l.w / 2.0, y: l.h - l.margin + 1.0, dir: None };
    // A left-to-right mark keeps the address's final "/" at its end in a right-to-left line.
    let verify = format!("{} {}{}", r.labels.verify_at, r.url, if r.rtl { "\u{200e}" } else { "" });
    let id = format!("{} {}", r.labels.credential_id, r.id);
    let room = l.w - 2.0 * l.margin;
    // Unmeasured: no more than 0.62 em a character, so any font keeps the line inside the sheet.
    let size = |t: &str| (room / (t.chars().count() as f32 * 0.62)).min(2.6);
    text(out, "cert-url", &centre, size(&verify), "", Some(s.muted), &escape(&verify));
    let below = Place { y: centre.y + 3.6, ..centre };
    text(out, "cert-id", &below, size(&id), "", Some(s.muted), &escape(&id));
}
