//! Printable certificates printed in Chromium: each design (classic, modern, minimal) on A4 and US
//! Letter, landscape and portrait, printed to PDF by `tests/browser/print.mjs` with the page's own
//! print style sheet. Each PDF must be exactly one page of the right size and orientation (read by
//! poppler's `pdfinfo`), and its QR code, rasterized by `pdftoppm` at 150 dpi, must decode with
//! `rqrr` to exactly the landing page's address. Missing tools fail the test, never skip it.

use super::*;

/// The badge whose front matter asks for each design (the badge layer over the site's).
const DESIGNS: [(&str, &str); 3] =
    [("classic", "sql-foundations"), ("modern", "data-visualisation"), ("minimal", "heat-pump-commissioning")];
/// Paper and orientation, and the page size pdfinfo reports for them, in points.
const SHEETS: [(&str, &str, (f64, f64)); 4] = [
    ("a4", "landscape", (841.89, 595.28)),
    ("a4", "portrait", (595.28, 841.89)),
    ("letter", "landscape", (792.0, 612.0)),
    ("letter", "portrait", (612.0, 792.0)),
];

/// poppler's tools, or a failure that says how to get them.
fn require_poppler() {
    for tool in ["pdfinfo", "pdftoppm"] {
        let ok = Command::new(tool).arg("-v").output().is_ok();
        assert!(
            ok,
            "{tool} is missing: run scripts/test, which installs poppler-utils (apt-get install poppler-utils)"
        );
    }
}

/// The demo in English and Arabic with the site's certificates on `paper` in `orientation`, and
/// each test badge's design in its front matter.
fn site_for(paper: &str, orientation: &str) -> Site {
    let site = Site::demo();
    let config = site.content().join("hallmark.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replace(
        "paper = \"a4\"\norientation = \"landscape\"",
        &format!("paper = \"{paper}\"\norientation = \"{orientation}\""),
    );
    assert!(text.contains(&format!("paper = \"{paper}\"")), "the demo sets [certificates] paper");
    // Pages in Arabic too: a right-to-left certificate prints on one sheet as well.
    let text = text.replacen("language = \"en\"\n", "language = \"en\"\nlanguages = [\"en\", \"ar\"]\n", 1);
    assert!(text.contains("languages = [\"en\", \"ar\"]"), "the demo's [site] language");
    std::fs::write(&config, text).unwrap();
    for (design, badge) in DESIGNS {
        let path = site.content().join(format!("badges/{badge}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        let end = text[3..].find("\n+++").unwrap() + 3;
        let text = format!("{}\n\n[certificate]\ndesign = \"{design}\"{}", &text[..end], &text[end..]);
        std::fs::write(&path, text).unwrap();
    }
    site
}

/// A credential of `badge` whose page has a certificate (one in force), and its page's address.
fn printable(site: &Site, base: &str, badge: &str) -> (String, String) {
    for (path, cred) in site.credentials() {
        let achievement = cred["credentialSubject"]["achievement"]["id"].as_str().unwrap_or_default();
        if !achievement.contains(&format!("/badges/{badge}/")) {
            continue;
        }
        let dir = path.trim_end_matches("credential.json");
        let html = std::fs::read_to_string(site.public().join(dir).join("index.html")).unwrap();
        if html.contains("<div class=\"certificate\"") {
            return (dir.to_string(), format!("{base}{dir}"));
        }
    }
    panic!("no credential of {badge} has a certificate")
}

/// The QR codes in the PNG at `path`, decoded.
pub(super) fn qr_codes(path: &Path) -> Vec<String> {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[(y * w + x) * channels]);
    img.detect_grids().into_iter().filter_map(|g| g.decode().ok().map(|(_, text)| text)).collect()
}

#[test]
fn every_certificate_design_prints_on_one_sheet_with_a_qr_code_that_reads() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    require_browser_tools(repo);
    require_poppler();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let served = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for (paper, orientation, size) in SHEETS {
        let sheet = format!("{paper}-{orientation}");
        let site = site_for(paper, orientation);
        let sheet_base = format!("{base}{sheet}/");
        let out = site.run(&["build", "--base-url", &sheet_base]);
        assert!(out.status.success(), "the build failed:\n{}", stderr(&out));
        for (design, badge) in DESIGNS {
            let (dir, url) = printable(&site, &sheet_base, badge);
            let html = std::fs::read_to_string(site.public().join(&dir).join("index.html")).unwrap();
            // The page's own texts, put by its script into its badge's shell, which names the paper.
            // Linked from the page's place (../../) where the site's path is longer.
            let shell = html.split("<div class=\"certificate\" data-shell=\"").nth(1).expect(&dir);
            let shell = shell[..shell.find('"').unwrap()].trim_start_matches(&format!("/{sheet}/"));
            let shell = shell.trim_start_matches("../../");
            let shell = std::fs::read_to_string(site.public().join(shell)).unwrap();
            assert!(shell.starts_with(&format!("<style>@page cert-{sheet}{{size:")), "{dir}: {shell}");
            assert!(shell.contains(&format!(".certificate{{page:cert-{sheet}}}")), "{dir}: {shell}");
            assert!(shell.contains(&format!("class=\"cert-{design}\"")), "{dir}: {design}");
            // The Arabic page too (mirrored): its QR code holds the same landing page address.
            if (design, sheet.as_str()) == ("classic", "a4-landscape") {
                let ar = url.replacen(&sheet_base, &format!("{sheet_base}ar/"), 1);
                pages.push((format!("{design}-{sheet}-ar"), ar, url.clone(), size));
            }
            pages.push((format!("{design}-{sheet}"), url.clone(), url, size));
        }
        copy_dir(&site.public(), &served.path().join(&sheet));
    }
    serve_static(listener, served.path().to_path_buf());
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("certificates");
    let run = Command::new("node")
        .arg(repo.join("tests/browser/print.mjs"))
        .arg(&out_dir)
        .args(pages.iter().map(|(name, url, _, _)| format!("{name}={url}")))
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&run.stdout);
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!("print.mjs printed no report ({e}):\n{text}\n{}", String::from_utf8_lossy(&run.stderr))
    });
    assert!(report.get("fatal").is_none(), "{}", report["fatal"]);
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    for (name, _, url, (w, h)) in &pages {
        let page = &report["pages"][name];
        assert_eq!(page["outside"], serde_json::json!([]), "{name}: text past the sheet's edge: {page:#}");
        assert_eq!(page["visible"], serde_json::json!([]), "{name}: only the certificate prints: {page:#}");
        let sheet = &page["certificate"];
        assert!(
            sheet["left"].as_f64().unwrap().abs() < 1.0 && sheet["top"].as_f64().unwrap().abs() < 1.0,
            "{name}: the certificate starts at the sheet's corner: {page:#}"
        );
        // At 96 CSS pixels per inch, the sheet's size in points (72 per inch).
        let (sw, sh) = (sheet["width"].as_f64().unwrap() * 0.75, sheet["height"].as_f64().unwrap() * 0.75);
        assert!(
            (sw - w).abs() < 1.5 && (sh - h).abs() < 1.5,
            "{name}: the certificate is {sw} x {sh} pt on a {w} x {h} sheet"
        );
        let pdf = out_dir.join(format!("{name}.pdf"));
        let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo runs");
        let info = String::from_utf8_lossy(&info.stdout).to_string();
        let field = |key: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(key))
                .map(str::trim)
                .unwrap_or_else(|| panic!("{name}: no {key} in {info}"))
        };
        assert_eq!(field("Pages:"), "1", "{name}: exactly one page");
        let size: Vec<f64> = field("Page size:").split_whitespace().filter_map(|t| t.parse().ok()).collect();
        assert!((size[0] - w).abs() < 1.5 && (size[1] - h).abs() < 1.5, "{name}: page size {size:?}, not {w} x {h}");
        let prefix = out_dir.join(name);
        let ppm = Command::new("pdftoppm").args(["-r", "150", "-png", "-singlefile"]).arg(&pdf).arg(&prefix).output();
        assert!(ppm.is_ok_and(|o| o.status.success()), "{name}: pdftoppm failed");
        let codes = qr_codes(&prefix.with_extension("png"));
        assert_eq!(codes, vec![url.clone()], "{name}: the printed QR code reads the landing page's address");
    }
    if std::env::var_os("HALLMARK_UPDATE_SCREENSHOTS").is_some() {
        let docs = repo.join("docs/certificates");
        std::fs::create_dir_all(&docs).unwrap();
        for name in ["classic-a4-landscape", "modern-letter-landscape", "minimal-a4-portrait"] {
            let pdf = out_dir.join(format!("{name}.pdf"));
            let ok = Command::new("pdftoppm")
                .args(["-r", "60", "-png", "-singlefile"])
                .arg(&pdf)
                .arg(docs.join(name))
                .status();
            assert!(ok.is_ok_and(|s| s.success()), "{name}: pdftoppm failed");
        }
    }
    eprintln!("certificates printed: {} PDFs in {}", pages.len(), out_dir.display());
}
