//! Screenshots of a landing page in Chromium at 320, 768 and 1280 px, with the default brand and a
//! custom one, and the layout checks written as assertions: the content column fills the window
//! (less its margins), the header's and footer's edges line up with it within a pixel, nothing
//! reaches past the window's edge, and the actions form an even grid. `tests/browser/layout.mjs`
//! takes and measures them; with `HALLMARK_UPDATE_SCREENSHOTS=1` the images are copied to
//! `docs/screenshots/`, where the README's gallery shows them.

use super::*;

/// The credential shown: the demo's SQL Foundations award, with results, skills and alignments.
const RECIPIENT: &str = "Дмитрий Волков";

/// The custom brand of the second site.
const BRAND: &str = "\n[brand]\nprimary = \"#7a1f5c\"\naccent = \"#0b6e4f\"\ntext = \"#1f1a17\"\nbackground = \"#fffdf8\"\nheading_font = \"Georgia, 'DejaVu Serif', serif\"\ncorners = \"square\"\n";

fn build(site: &Site, base: &str) {
    let out = site.run(&["build", "--base-url", base]);
    assert!(out.status.success(), "the build failed:\n{}", stderr(&out));
}

#[test]
fn landing_page_layout_and_screenshots_in_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    require_browser_tools(repo);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let site = Site::demo();
    build(&site, &base);
    let branded = Site::demo();
    let config = branded.content().join("hallmark.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(BRAND);
    std::fs::write(&config, text).unwrap();
    build(&branded, &format!("{base}branded/"));
    copy_dir(&branded.public(), &site.public().join("branded"));
    let id = id_of(&site, RECIPIENT);
    serve_static(listener, site.public());

    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("screenshots");
    let run = Command::new("node")
        .arg(repo.join("tests/browser/layout.mjs"))
        .arg(&out_dir)
        .arg(format!("landing-default={base}c/{id}/"))
        .arg(format!("landing-branded={base}branded/c/{id}/"))
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&run.stdout);
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!("layout.mjs printed no report ({e}):\n{text}\n{}", String::from_utf8_lossy(&run.stderr))
    });
    assert!(report.get("fatal").is_none(), "{}", report["fatal"]);
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    for name in ["landing-default", "landing-branded"] {
        for width in [320, 768, 1280] {
            layout_holds(&report["pages"][name][width.to_string()], name, width);
        }
    }
    let branded_css = std::fs::read_dir(site.public().join("branded/assets"))
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().starts_with("brand-"));
    assert!(branded_css, "the branded site has its brand style sheet");
    if std::env::var_os("HALLMARK_UPDATE_SCREENSHOTS").is_some() {
        let docs = repo.join("docs/screenshots");
        std::fs::create_dir_all(&docs).unwrap();
        for name in ["landing-default", "landing-branded"] {
            for width in [320, 768, 1280] {
                let file = format!("{name}-{width}.png");
                std::fs::copy(out_dir.join(&file), docs.join(&file)).unwrap();
            }
        }
    }
    eprintln!("landing page screenshots: {}", out_dir.display());
}

/// The layout checks of one page at one width.
fn layout_holds(m: &Value, name: &str, width: u32) {
    let at = format!("{name} at {width} px");
    let n = |v: &Value, k: &str| v[k].as_f64().unwrap_or_else(|| panic!("{at}: no {k} in {v:#}"));
    assert_eq!(m["errors"], serde_json::json!([]), "{at}: {m:#}");
    assert_eq!(m["status"], "verified", "{at}: the credential verifies in the screenshot: {m:#}");
    assert_eq!(n(m, "viewport"), f64::from(width), "{at}");
    assert_eq!(n(m, "scroll_width"), f64::from(width), "{at}: the page scrolls sideways: {m:#}");
    assert_eq!(m["overflowing"], serde_json::json!([]), "{at}: elements past the window's edge");
    let content = &m["content"];
    // The column is the window less its margins (1.25rem a side), up to 80rem: at 1280 px, 1240 px.
    let share = n(content, "width") / f64::from(width);
    assert!(share >= 0.85, "{at}: the content column is {:.0} % of the window: {m:#}", share * 100.0);
    for part in ["header", "footer", "credential"] {
        for edge in ["left", "right"] {
            let gap = (n(&m[part], edge) - n(content, edge)).abs();
            assert!(gap <= 1.0, "{at}: the {part}'s {edge} edge is {gap:.1} px off the content column's: {m:#}");
        }
    }
    let buttons = m["buttons"].as_array().unwrap();
    assert!(buttons.len() >= 6, "{at}: {m:#}");
    if width == 320 {
        // One button a row, each the column's full width: nothing wraps ragged.
        for b in buttons {
            assert!((n(b, "left") - n(content, "left")).abs() <= 1.0, "{at}: {b}");
            assert!((n(b, "right") - n(content, "right")).abs() <= 1.0, "{at}: {b}");
        }
    } else {
        // Equal columns: every button of a row is as wide as the others.
        let widths: Vec<f64> = buttons.iter().map(|b| n(b, "right") - n(b, "left")).collect();
        let (min, max) = widths.iter().fold((f64::MAX, 0f64), |(lo, hi), w| (lo.min(*w), hi.max(*w)));
        assert!(max - min <= 1.0, "{at}: buttons of different widths {widths:?}");
    }
    if width == 1280 {
        // The check sits beside the badge and the name, not below them.
        let (hero, check) = (&m["hero"], &m["verification"]);
        assert!(n(check, "left") > n(hero, "right"), "{at}: the check is not beside the hero: {m:#}");
    } else {
        assert!((n(&m["verification"], "left") - n(content, "left")).abs() <= 1.0, "{at}: {m:#}");
    }
}
