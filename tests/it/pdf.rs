//! Certificate PDFs read back by poppler's tools (Debian `poppler-utils`, installed by scripts/test):
//! `pdfinfo` for the page, `pdftotext` for selectable text, `pdffonts` for embedded subsets, and
//! `pdftoppm` rasterizing the page for an independent QR decoder (rqrr). A missing tool fails.
//!
//! The benchmark: `cargo test --release --test it pdf::bench -- --ignored --nocapture`.

use std::path::Path;
use std::process::Command;

use hallmark::pdf::{svg_to_pdf, PdfInfo};

const NAME: &str = "Maria Aparecida dos Santos Oliveira-Fernandes";
const ACHIEVEMENT: &str = "Safe Lifting Operations";
const URL: &str = "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/";
const INFO: PdfInfo<'static> = PdfInfo { title: "Certificate: Safe Lifting Operations — Maria", language: "en" };

/// Runs a poppler tool; one that is not installed fails the test with what to do.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} cannot be run ({e}): install poppler-utils (scripts/test does, with apt-get)")
    });
    assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A `w`×`h` RGBA PNG as a `data:` URL: a disc in `rgb` (a seal), or strokes (a signature).
fn png_data_url(w: u32, h: u32, rgb: [u8; 3], disc: bool) -> String {
    use base64::Engine as _;
    let mut pixels = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f32 - w as f32 / 2.0, y as f32 - h as f32 / 2.0);
            let on = if disc {
                dx * dx + dy * dy < (w as f32 / 2.0).powi(2)
            } else {
                ((dx / 6.0).sin() * h as f32 / 4.0 - dy).abs() < 2.0
            };
            pixels.extend_from_slice(&[rgb[0], rgb[1], rgb[2], if on { 255 } else { 0 }]);
        }
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, w, h);
    encoder.set_color(png::ColorType::Rgba);
    encoder.write_header().unwrap().write_image_data(&pixels).unwrap();
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&png))
}

/// A certificate as the certificate renderer draws one: A4 landscape in mm, a double border, the
/// institution's logo, lines of text (title, long recipient name, achievement, dates), a seal and
/// a signature as PNG images and, with `qr`, the landing page's QR code.
pub(crate) fn certificate_svg(qr: bool) -> String {
    let qr = if qr {
        let (side, d) = hallmark::qr_svg_path(URL).unwrap();
        format!(
            "<g transform=\"translate(242 150) scale({})\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{d}\" stroke=\"#000\"/></g>",
            35.0 / side as f32
        )
    } else {
        String::new()
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"297mm\" height=\"210mm\" viewBox=\"0 0 297 210\">\
         <rect width=\"297\" height=\"210\" fill=\"#fffdf7\"/>\
         <rect x=\"8\" y=\"8\" width=\"281\" height=\"194\" fill=\"none\" stroke=\"#1d3557\" stroke-width=\"1.5\"/>\
         <rect x=\"11\" y=\"11\" width=\"275\" height=\"188\" fill=\"none\" stroke=\"#c9a227\" stroke-width=\"0.5\"/>\
         <image x=\"133.5\" y=\"18\" width=\"30\" height=\"30\" href=\"{logo}\"/>\
         <g font-family=\"DejaVu Sans, sans-serif\" fill=\"#1d3557\" text-anchor=\"middle\">\
         <text x=\"148.5\" y=\"64\" font-size=\"11\" font-weight=\"bold\" letter-spacing=\"1\">CERTIFICATE OF ACHIEVEMENT</text>\
         <text x=\"148.5\" y=\"78\" font-size=\"5\">Kestrel Bay Polytechnic certifies that</text>\
         <text x=\"148.5\" y=\"96\" font-size=\"8\" font-weight=\"bold\">{NAME}</text>\
         <text x=\"148.5\" y=\"110\" font-size=\"5\">has successfully completed</text>\
         <text x=\"148.5\" y=\"124\" font-size=\"9\">{ACHIEVEMENT}</text>\
         <text x=\"148.5\" y=\"136\" font-size=\"4\">Issued 5 December 2026 · Valid until 5 December 2029</text>\
         </g>\
         <image x=\"30\" y=\"150\" width=\"35\" height=\"35\" href=\"{seal}\"/>\
         <image x=\"110\" y=\"158\" width=\"77\" height=\"20\" href=\"{signature}\"/>\
         <line x1=\"110\" y1=\"180\" x2=\"187\" y2=\"180\" stroke=\"#1d3557\" stroke-width=\"0.3\"/>\
         <text x=\"148.5\" y=\"186\" font-size=\"3.5\" text-anchor=\"middle\" font-family=\"DejaVu Sans\">Dr. Jo Ekwueme, Registrar</text>\
         {qr}</svg>",
        logo = png_data_url(96, 96, [29, 53, 87], true),
        seal = png_data_url(128, 128, [201, 162, 39], true),
        signature = png_data_url(308, 80, [20, 20, 80], false),
    )
}

fn write_pdf(dir: &Path, qr: bool) -> std::path::PathBuf {
    let pdf = svg_to_pdf(certificate_svg(qr).as_bytes(), INFO).unwrap();
    let path = dir.join("certificate.pdf");
    std::fs::write(&path, pdf).unwrap();
    path
}

#[test]
fn one_a4_landscape_page_with_the_title_and_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(dir.path(), true);
    let info = poppler("pdfinfo", &[path.to_str().unwrap()]);
    let field = |name: &str| {
        info.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim_start_matches(':').trim().to_string())
    };
    assert_eq!(field("Pages").as_deref(), Some("1"), "{info}");
    let size = field("Page size").unwrap();
    let numbers: Vec<f64> = size.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    assert_eq!(numbers.len(), 2, "{size}");
    let a4 = (numbers[0] - 841.89).abs() < 0.01 && (numbers[1] - 595.28).abs() < 0.01;
    assert!(a4 && size.ends_with("pts (A4)"), "A4 landscape: {size}");
    assert_eq!(field("Title").as_deref(), Some(INFO.title), "{info}");
    assert_eq!(field("Producer").as_deref(), Some("hallmark"), "{info}");
    assert_eq!(field("CreationDate"), None, "no date: {info}");
    let again = svg_to_pdf(certificate_svg(true).as_bytes(), INFO).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), again, "byte-identical");
}

#[test]
fn the_text_is_selectable_in_embedded_font_subsets() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(dir.path(), true);
    let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [NAME, ACHIEVEMENT, "CERTIFICATE OF ACHIEVEMENT", "Dr. Jo Ekwueme, Registrar"] {
        assert!(words.contains(line), "{line:?} is not in the extracted text:\n{text}");
    }
    let fonts = poppler("pdffonts", &[path.to_str().unwrap()]);
    // name type encoding emb sub uni object ID, after two header lines.
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "regular and bold: {fonts}");
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "a subset's name: {row}");
        assert!(name[7..].starts_with("NotoSans"), "the PNG renderer's font set (Noto): {row}");
        let flags: Vec<&str> = row.split_whitespace().rev().skip(2).take(3).collect();
        assert_eq!(flags, ["yes", "yes", "yes"], "uni, sub and emb: {row}");
    }
}

#[test]
fn the_printed_qr_code_reads_as_the_landing_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(dir.path(), true);
    let (size, codes) = qr_codes(&path);
    assert_eq!(size, (1754, 1241), "A4 at 150 dpi");
    assert_eq!(codes, [URL], "one QR code on the page, the landing page's address");
}

/// Page 1 of the PDF at `path` rasterized at 150 dpi: its size in pixels and the QR codes on it.
fn qr_codes(path: &Path) -> ((usize, usize), Vec<String>) {
    let stem = path.with_extension("");
    poppler("pdftoppm", &["-r", "150", "-png", "-singlefile", path.to_str().unwrap(), stem.to_str().unwrap()]);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(stem.with_extension("png")).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (frame.width as usize, frame.height as usize);
    let channels = frame.line_size / w;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * frame.line_size + x * channels]);
    ((w, h), image.detect_grids().into_iter().filter_map(|g| g.decode().ok().map(|(_, text)| text)).collect())
}

#[test]
fn a_site_with_pdf_on_publishes_each_certificate_in_force_as_a_pdf_of_its_own() {
    let site = crate::support::Site::fixture("small");
    site.edit("hallmark.toml", "[programs.data]", "[certificates]\npdf = true\n\n[programs.data]");
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let credentials = site.credentials();
    let pdf_of = |path: &str| site.public().join(path.replace("credential.json", "certificate.pdf"));
    assert!(credentials.iter().all(|(p, _)| pdf_of(p).is_file()), "one PDF per credential in force");
    let (path, li) = credentials
        .iter()
        .find(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"] == "李雷")
        .expect("the fixture's Chinese name");
    let pdf = pdf_of(path);
    let page_url = li["id"].as_str().unwrap().replace("credential.json", "");
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("Pages:           1") && info.contains("(A4)"), "{info}");
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(
        text.contains("李雷") && text.contains("SQL Basics") && text.contains("Certificate of Achievement"),
        "{text}"
    );
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains("NotoSansCJK"), "the Chinese name is drawn in Noto Sans CJK, embedded: {fonts}");
    assert_eq!(qr_codes(&pdf).1, [page_url], "the certificate's QR code is the landing page's address");
    let page = std::fs::read_to_string(site.public().join(path.replace("credential.json", "index.html"))).unwrap();
    assert!(page.contains("/certificate.pdf\" download=\""), "the landing page offers the PDF");
    // A revoked credential keeps no certificate, printed or PDF.
    let id = path.trim_start_matches("c/").trim_end_matches("/credential.json");
    assert!(site.run(&["revoke", id, "--reason", "test"]).status.success());
    assert!(site.run(&["build"]).status.success());
    assert!(!pdf.exists(), "the revoked credential's PDF is gone");
    assert!(credentials.iter().filter(|(p, _)| p != path).all(|(p, _)| pdf_of(p).is_file()), "the others stay");
}

#[test]
fn a_name_no_font_covers_stops_a_build_with_pdfs_at_its_roster_row_and_not_one_without() {
    let site = crate::support::Site::fixture("small");
    site.edit("recipients/main.csv", "sql,李雷,", "sql,ⵜⴰⵍⴰ Amazigh,");
    assert!(site.run(&["build"]).status.success(), "the printed certificate is the reader's browser's to draw");
    site.edit("hallmark.toml", "[programs.data]", "[certificates]\npdf = true\n\n[programs.data]");
    let out = site.run(&["check"]);
    let err = crate::support::stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("recipients/main.csv:4:1") && err.contains("\"ⵜⴰⵍⴰ Amazigh\" is drawn on its certificate PDF"),
        "{err}"
    );
    assert!(err.contains("turn the PDF off for this badge"), "{err}");
}

#[test]
fn a_badge_that_asks_for_pdfs_gets_them_and_links_them_and_the_others_neither() {
    let site = crate::support::Site::fixture("small");
    site.edit("badges/first-aid.md", "at work.\"\n", "at work.\"\n[certificate]\npdf = true\n");
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let mut seen = [0, 0];
    for (path, c) in site.credentials() {
        let first_aid = c["credentialSubject"]["achievement"]["name"] == "First Aid";
        let pdf = site.public().join(path.replace("credential.json", "certificate.pdf"));
        let page = std::fs::read_to_string(site.public().join(path.replace("credential.json", "index.html"))).unwrap();
        assert_eq!(pdf.is_file(), first_aid, "{path}: a PDF only for First Aid");
        assert_eq!(
            page.contains("/certificate.pdf\" download=\""),
            first_aid,
            "{path}: a link only to a PDF that exists"
        );
        seen[usize::from(first_aid)] += 1;
    }
    assert!(seen[0] > 0 && seen[1] > 0, "both badges were seen: {seen:?}");
}

/// Milliseconds per certificate, median of 200 renders, with and without the QR code.
#[test]
#[ignore = "a benchmark: run in release with --ignored --nocapture"]
fn bench_pdf_per_certificate() {
    for qr in [true, false] {
        let svg = certificate_svg(qr);
        svg_to_pdf(svg.as_bytes(), INFO).unwrap();
        let mut ms: Vec<f64> = (0..200)
            .map(|_| {
                let start = std::time::Instant::now();
                let pdf = svg_to_pdf(svg.as_bytes(), INFO).unwrap();
                std::hint::black_box(pdf);
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        ms.sort_by(f64::total_cmp);
        let size = svg_to_pdf(svg.as_bytes(), INFO).unwrap().len();
        println!(
            "PDF per certificate ({} QR code): median {:.2} ms, p10 {:.2}, p90 {:.2}, {size} bytes",
            if qr { "with" } else { "without" },
            ms[100],
            ms[20],
            ms[180]
        );
    }
}
