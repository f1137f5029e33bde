use resvg::usvg;

use super::*;
use crate::model::certificate::{Design, Orientation, Paper, Signatory};

const URL: &str = "https://example.org/c/abcdefghijklmnopqrst/";

fn labels() -> Labels {
    Labels {
        title: "Certificate of Achievement".into(),
        certifies: "This certifies that".into(),
        earned: "has earned".into(),
        issued: "Issued".into(),
        valid_until: "Valid until".into(),
        credential_id: "Credential ID".into(),
        verify_at: "Verify at".into(),
    }
}

fn settings(design: Design, paper: Paper, orientation: Orientation, signatories: usize) -> Certificate {
    let signatories = (0..signatories)
        .map(|i| Signatory {
            name: format!("Signatory Number {i}"),
            title: Some("Dean of Continuing Education".into()),
            signature: Some(format!("sig{i}.svg")),
        })
        .collect();
    Certificate { design, paper, orientation, signatories, ..Certificate::default() }
}

/// The certificate of `recipient` on `settings`, right to left when `rtl`.
fn draw(settings: &Certificate, recipient: &str, achievement: &str, rtl: bool) -> String {
    let brand = Brand::default();
    let signed = fit_signatories(settings, &mut |f| Some(format!("/assets/cert/{f}")));
    let (recipient, achievement) = (fit_recipient(recipient, settings), fit_achievement(achievement, settings));
    let issuer = fit_issuer("Kestrel Bay Polytechnic", settings);
    svg(&Request {
        settings,
        brand: &brand,
        rtl,
        labels: &labels(),
        recipient: &recipient,
        achievement: &achievement,
        issuer: &issuer,
        issuer_logo: Some("/static/logo.svg"),
        signatories: &signed,
        seal: (settings.design == Design::Classic).then_some("/assets/cert/seal.svg"),
        frame: (settings.design == Design::Classic).then_some("/assets/cert/frame.svg"),
        issued: "5 December 2026",
        expires: Some("5 December 2028"),
        qr: crate::render::qr::qr_svg_path(URL).as_ref(),
        url: "https://example.org/c/abcdefghijklmnopqrst/",
        id: "abcdefghijklmnopqrst",
        part: Part::Whole,
    })
}

fn all_settings() -> Vec<Certificate> {
    let mut all = Vec::new();
    for design in [Design::Classic, Design::Modern, Design::Minimal] {
        for paper in [Paper::A4, Paper::Letter] {
            for orientation in [Orientation::Landscape, Orientation::Portrait] {
                all.push(settings(design, paper, orientation, 3));
            }
        }
    }
    all
}

/// The box usvg lays element `id` out in, in millimetres.
fn bbox(svg: &str, id: &str) -> usvg::Rect {
    let tree = usvg::Tree::from_data(svg.as_bytes(), crate::render::measure::options()).unwrap();
    let node = tree.node_by_id(id).unwrap_or_else(|| panic!("no #{id} in {svg}"));
    let b = node.abs_bounding_box();
    // usvg scales the mm-sized sheet to pixels (96 per inch): back to millimetres.
    let k = 25.4 / 96.0;
    usvg::Rect::from_ltrb(b.left() * k, b.top() * k, b.right() * k, b.bottom() * k).unwrap()
}

#[test]
fn every_design_shows_every_required_part_on_its_paper() {
    for s in all_settings() {
        let svg = draw(&s, "Siobhán O'Brien", "SQL Foundations", false);
        let (w, h) = s.size_mm();
        assert!(svg.starts_with(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"certificate\" class=\"cert-{}\" width=\"{}mm\" height=\"{}mm\" viewBox=\"0 0 {} {}\" style=\"display:block\"",
            s.design.name(),
            draw::n(w),
            draw::n(h),
            draw::n(w),
            draw::n(h)
        )), "{svg}");
        for part in [
            ">Siobhán O&#39;Brien<",
            ">SQL Foundations<",
            ">Kestrel Bay Polytechnic<",
            "Issued <tspan font-weight=\"bold\">5 December 2026</tspan>",
            "Valid until <tspan font-weight=\"bold\">5 December 2028</tspan>",
            ">Signatory Number 0<",
            ">Signatory Number 2<",
            ">Dean of Continuing Education<",
            "href=\"/assets/cert/sig1.svg\"",
            &format!("<path d=\"{}\" stroke=\"#000\"/>", crate::render::qr::qr_svg_path(URL).unwrap().1),
            ">Credential ID abcdefghijklmnopqrst<",
            ">Verify at https://example.org/c/abcdefghijklmnopqrst/<",
            "href=\"/static/logo.svg\"",
        ] {
            let part = part.replace("&#39;", "'");
            assert!(svg.contains(&part), "{:?} lacks {part}: {svg}", s);
        }
        assert_eq!(svg.contains("id=\"cert-seal\""), s.design == Design::Classic);
        assert!(svg.len() < 6_000, "{} bytes", svg.len());
        // Every part lies on the sheet.
        for id in [
            "cert-recipient",
            "cert-achievement",
            "cert-issuer",
            "cert-dates",
            "cert-url",
            "cert-id",
            "cert-qr",
            "cert-signatory-3",
        ] {
            let b = bbox(&svg, id);
            assert!(b.left() >= 0.0 && b.top() >= 0.0 && b.right() <= w && b.bottom() <= h, "{s:?}: #{id} {b:?}");
        }
    }
}

#[test]
fn long_and_non_latin_names_fit_the_text_column() {
    let names = [
        "Maximilian Alexander Friedrich-Wilhelm von Hohenzollern-Sigmaringen und Württemberg-Teck",
        "김민준",
        "Παπαδόπουλος Αικατερίνη",
        "محمد بن عبد الله الهاشمي",
        "Ana",
        &"Wolfeschlegelsteinhausenbergerdorff ".repeat(4),
    ];
    for s in all_settings() {
        let l = Layout::of(&s);
        for recipient in names {
            let svg = draw(&s, recipient, recipient, false);
            for id in ["cert-recipient", "cert-achievement"] {
                let b = bbox(&svg, id);
                assert!(b.left() >= l.left - 0.5 && b.right() <= l.right + 0.5, "{s:?} {recipient}: #{id} {b:?} {l:?}");
            }
        }
    }
    let s = Certificate::default();
    let short = fit_recipient("Ana", &s);
    assert_eq!((short.size, short.squeeze), (RECIPIENT_SIZES.0, None));
    let long = fit_recipient(names[5], &s);
    assert_eq!(long.size, RECIPIENT_SIZES.1);
    assert!(long.squeeze.is_some(), "too long even at the smallest size: squeezed");
    let svg = draw(&s, names[5], "X", false);
    assert!(svg.contains("textLength=\""), "{svg}");
    let mid_name = "Maximilian Alexander von Hohenzollern-Sigmaringen";
    let mid = fit_recipient(mid_name, &s);
    assert!(mid.size < RECIPIENT_SIZES.0 && mid.squeeze.is_none(), "{mid:?}");
    assert!(!draw(&s, mid_name, "X", false).contains("textLength"), "fits by size alone");
    // The estimate from characters' advances never says a name is narrower than usvg lays it out.
    for name in
        ["Maximilian Alexander von Hohenzollern-Sigmaringen", "AVATAR Wolfgang", "Παπαδόπουλος", "Дмитрий Волков"]
    {
        let estimated = fit::estimate(name, Weight::Bold).unwrap();
        let exact = fit::width_at_measure(name, Weight::Bold);
        assert!(estimated >= exact - 0.5 && estimated <= exact * 1.1, "{name}: {estimated} against {exact}");
    }
    assert_eq!(fit::estimate("محمد", Weight::Bold), None, "Arabic is shaped: measured whole");
    // Hangul counts an em a character, whatever the bundled font draws.
    assert!(fit_recipient(&"김".repeat(30), &s).size < RECIPIENT_SIZES.0);
}

#[test]
fn the_same_bytes_every_time() {
    for s in all_settings() {
        assert_eq!(draw(&s, "Дмитрий Волков", "SQL", false), draw(&s, "Дмитрий Волков", "SQL", false));
    }
    let brand = Brand::default();
    assert_eq!(seal_svg(&brand), seal_svg(&brand));
    assert_eq!(frame_svg(&brand, 297.0, 210.0), frame_svg(&brand, 297.0, 210.0));
}

#[test]
fn right_to_left_sheets_are_mirrored_with_names_in_their_own_direction() {
    let s = settings(Design::Modern, Paper::A4, Orientation::Landscape, 2);
    let l = Layout::of(&s);
    let ltr = draw(&s, "Siobhán O'Brien", "SQL", false);
    let rtl = draw(&s, "Siobhán O'Brien", "محمد", true);
    assert!(rtl.contains(" direction=\"rtl\">"), "the sheet is right to left: {rtl}");
    // A Latin name on an Arabic sheet keeps its own direction, in a text element of its own.
    let centre = draw::n((l.left + l.right) / 2.0);
    assert!(rtl.contains(&format!("id=\"cert-recipient\" x=\"{centre}\"")), "{rtl}");
    assert!(rtl.contains("font-size=\"14\" direction=\"ltr\" font-weight=\"bold\">Siobhán"), "{rtl}");
    // The Arabic achievement is in the sheet's direction (no override), in the Arabic face.
    let arabic = "fill=\"#0a58a6\" font-weight=\"bold\"><tspan font-family=\"Noto Sans Arabic\">محمد</tspan><";
    assert!(rtl.contains(arabic), "{rtl}");
    assert!(!ltr.contains("direction="), "{ltr}");
    // The QR code moves to the other corner.
    let qr_l = bbox(&ltr, "cert-qr");
    let qr_r = bbox(&rtl, "cert-qr");
    assert!((qr_l.left() - (l.w - qr_r.right())).abs() < 0.1, "{qr_l:?} {qr_r:?}");
    // The signatories' order is mirrored: the first signs on the right.
    let (first_l, first_r) = (bbox(&ltr, "cert-signatory-1"), bbox(&rtl, "cert-signatory-1"));
    assert!(first_l.right() < l.w / 2.0 && first_r.left() > l.w / 2.0, "{first_l:?} {first_r:?}");
}

/// `cargo test --release --lib render::certificate::tests::cost -- --ignored --nocapture`: what a
/// certificate adds to each landing page's rendering (the name fitted, the QR path, the SVG).
#[test]
#[ignore = "a measurement, not a check"]
fn cost() {
    let s = settings(Design::Classic, Paper::A4, Orientation::Landscape, 2);
    let start = std::time::Instant::now();
    fit_recipient("warm-up", &s);
    eprintln!("the characters' advances, read once per process: {:?}", start.elapsed());
    let start = std::time::Instant::now();
    for i in 0..500 {
        let name = format!("Recipient Number {i} Lastname");
        let recipient = fit_recipient(&name, &s);
        std::hint::black_box(&recipient);
    }
    let fit = start.elapsed() / 500;
    let start = std::time::Instant::now();
    for i in 0..500 {
        let url = format!("https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufh{i:03}/");
        std::hint::black_box(crate::render::qr::qr_svg_path(&url));
    }
    let qr = start.elapsed() / 500;
    let start = std::time::Instant::now();
    for _ in 0..500 {
        std::hint::black_box(draw(&s, "Ana Ruiz", "SQL Foundations", false));
    }
    eprintln!(
        "per certificate: name fitted {fit:?}, QR path {qr:?}, whole test drawing (3 fits + SVG) {:?}",
        start.elapsed() / 500
    );
}

#[test]
fn names_in_every_script_the_fonts_cover_are_drawn_on_the_certificate_without_a_notdef_glyph() {
    // Needs Noto Sans CJK installed (scripts/test installs fonts-noto-cjk); fails loudly without it.
    let s = settings(Design::Classic, Paper::A4, Orientation::Landscape, 2);
    let mixed = "Layla حداد-Smith";
    for name in crate::render::fonts::tests::NAMES.into_iter().chain([mixed]) {
        for rtl in [false, true] {
            let svg = draw(&s, name, "SQL Basics", rtl);
            assert!(svg.contains(&crate::render::fonts::runs::markup(name)), "the name is drawn: {name}");
            let uncovered = crate::render::fonts::coverage::in_svg(svg.as_bytes()).unwrap();
            assert!(uncovered.is_empty(), "{name}: .notdef glyphs for {uncovered:?}");
        }
    }
    // And one it does not cover (Tifinagh) is found on the certificate, not drawn as boxes unseen.
    let svg = draw(&s, "ⴰⵣⵓⵍ Amazigh", "SQL Basics", false);
    assert!(!crate::render::fonts::coverage::in_svg(svg.as_bytes()).unwrap().is_empty(), "Tifinagh is reported");
}

#[test]
fn a_landing_pages_certificate_leaves_its_qr_code_to_the_page_in_the_same_square() {
    let settings = settings(Design::Modern, Paper::A4, Orientation::Landscape, 1);
    let whole = draw(&settings, "Ada Lovelace", "SQL Foundations", false);
    let (recipient, achievement) = (fit_recipient("Ada Lovelace", &settings), fit_achievement("SQL", &settings));
    let issuer = fit_issuer("Kestrel Bay Polytechnic", &settings);
    let url = "https://example.org/c/abcdefghijklmnopqrst/";
    let own = svg(&Request {
        settings: &settings,
        brand: &Brand::default(),
        rtl: false,
        labels: &labels(),
        recipient: &recipient,
        achievement: &achievement,
        issuer: &issuer,
        issuer_logo: None,
        signatories: &[],
        seal: None,
        frame: None,
        issued: "5 December 2026",
        expires: None,
        qr: None,
        url,
        id: "abcdefghijklmnopqrst",
        part: Part::Own("/assets/cert/sheet.svg"),
    });
    // No path: the page's code, for the page's script to draw (themes/default/src/qr.js).
    assert!(!own.contains("<path"), "{own}");
    assert!(own.contains("<svg id=\"cert-qr\" data-qr-of=\"page-qr\" "), "{own}");
    // The square the whole certificate's code takes.
    let at = own.find("<svg id=\"cert-qr\"").unwrap();
    let end = at + own[at..].find("/>").unwrap();
    let filled = format!("{}><rect width=\"9\" height=\"9\"/></svg>{}", &own[..end], &own[end + 2..]);
    let (drawn, placeholder) = (bbox(&whole, "cert-qr"), bbox(&filled, "cert-qr"));
    assert!(
        (drawn.left() - placeholder.left()).abs() < 0.01 && (drawn.top() - placeholder.top()).abs() < 0.01,
        "{drawn:?} {placeholder:?}"
    );
}

#[test]
fn numbers_in_hundredths_are_the_float_formatters_own() {
    use super::draw::{n, n_by_formatter};
    // Ties (eighths), the sizes and places a certificate has, and spread bit patterns.
    let eighths = (-4_000..4_000).map(|k| k as f32 / 8.0);
    let fine = (-30_000..30_000).map(|k| k as f32 / 97.0);
    let spread = (0..200_000u32).map(|i| f32::from_bits(i.wrapping_mul(2_654_435_761) >> 2 | 0x3000_0000));
    let signed = (0..50_000u32).map(|i| -f32::from_bits(i.wrapping_mul(2_246_822_519) % 0x4a00_0000));
    for v in eighths.chain(fine).chain(spread).chain(signed).chain([0.0, -0.0, 0.004, -0.004, 0.005, 1e9, -1e9]) {
        assert_eq!(n(v), n_by_formatter(v), "{v:e}");
    }
    assert_eq!(
        (n(148.5), n(2.6), n(-0.0), n(12.0), n(0.125)),
        ("148.5".into(), "2.6".into(), "0".into(), "12".into(), "0.12".into())
    );
}

/// A landing page's certificate as its script makes it (`themes/default/src/verify.js`): the badge's
/// shell with the id in place of its mark and the page's own texts in place of `<g id="cert-own"/>`,
/// is the credential's own part drawn at once, in every design, paper, direction, with and without
/// an expiry, and for names long enough to be squeezed or to run right to left.
#[test]
fn a_shell_filled_with_a_pages_own_texts_is_its_own_part() {
    let id = "abcdefghijklmnopqrst";
    let mark: String = std::iter::repeat_n(ID_MARK, id.len()).collect();
    let names =
        ["Ada Lovelace", "محمد بن موسى الخوارزمي", &"Hubert Blaine Wolfeschlegelsteinhausenbergerdorff ".repeat(4)];
    for settings in all_settings() {
        for rtl in [false, true] {
            for (name, expires) in names.iter().zip([None, Some("5 December 2028"), None]) {
                let recipient = fit_recipient(name, &settings);
                let (achievement, issuer) = (fit_achievement("SQL", &settings), fit_issuer("Kestrel", &settings));
                let labels = labels();
                let request = |part, url: &str, id: &str| {
                    svg(&Request {
                        settings: &settings,
                        brand: &Brand::default(),
                        rtl,
                        labels: &labels,
                        recipient: &recipient,
                        achievement: &achievement,
                        issuer: &issuer,
                        issuer_logo: None,
                        signatories: &[],
                        seal: None,
                        frame: None,
                        issued: "5 December 2026",
                        expires,
                        qr: None,
                        url,
                        id,
                        part,
                    })
                };
                let sheet = "/assets/cert/sheet.svg";
                let own = request(Part::Own(sheet), &format!("https://example.org/c/{id}/"), id);
                let shell = request(Part::Shell(sheet), &format!("https://example.org/c/{mark}/"), &mark);
                let texts = request(Part::Texts, "", "");
                assert!(shell.contains(&mark) && !shell.contains("cert-recipient") && !texts.contains("cert-url"));
                let inner = texts.strip_prefix("<svg>").and_then(|t| t.strip_suffix("</svg>")).unwrap();
                let filled = shell.replace(&mark, id).replacen("<g id=\"cert-own\"/>", inner, 1);
                assert_eq!(filled, own, "{settings:?} rtl {rtl} {name}");
            }
        }
    }
}
