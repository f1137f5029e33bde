//! The demo built in six languages, in Chromium: every page says its language and direction, the
//! Arabic landing page mirrors (its main column starts at the right), nothing overflows at 320 px,
//! and axe-core finds nothing, in each language. `tests/browser/languages.mjs` measures.

use super::*;

const LANGUAGES: [&str; 6] = ["en", "fr", "de", "es", "ko", "ar"];

#[test]
fn every_language_of_the_demo_passes_axe_and_arabic_mirrors_in_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    require_browser_tools(repo);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let site = Site::demo();
    let config = site.content().join("hallmark.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replacen("[site]\n", "[site]\nlanguages = [\"en\", \"fr\", \"de\", \"es\", \"ko\", \"ar\"]\n", 1);
    std::fs::write(&config, text).unwrap();
    let out = site.run(&["build", "--base-url", &base]);
    assert!(out.status.success(), "the build failed:\n{}", stderr(&out));
    let id = id_of(&site, "Дмитрий Волков");
    serve_static(listener, site.public());
    let mut args = Vec::new();
    for lang in LANGUAGES {
        let prefix = if lang == "en" { String::new() } else { format!("{lang}/") };
        args.push(format!("{lang}-landing={base}{prefix}c/{id}/"));
        args.push(format!("{lang}-home={base}{prefix}"));
        args.push(format!("{lang}-verify={base}{prefix}verify/"));
    }
    let run =
        Command::new("node").arg(repo.join("tests/browser/languages.mjs")).args(&args).output().expect("node runs");
    let text = String::from_utf8_lossy(&run.stdout);
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!("languages.mjs printed no report ({e}):\n{text}\n{}", String::from_utf8_lossy(&run.stderr))
    });
    assert!(report.get("fatal").is_none(), "{}", report["fatal"]);
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    for lang in LANGUAGES {
        let dir = if lang == "ar" { "rtl" } else { "ltr" };
        for page in ["landing", "home", "verify"] {
            let name = format!("{lang}-{page}");
            for width in ["320", "1280"] {
                let m = &report["pages"][&name][width];
                assert_eq!(
                    (m["lang"].as_str(), m["dir"].as_str()),
                    (Some(lang), Some(dir)),
                    "{name} at {width}: {m:#}"
                );
                assert_eq!(m["scroll_width"], m["viewport"], "{name} at {width} overflows: {m:#}");
                assert_eq!(m["overflowing"], serde_json::json!([]), "{name} at {width}: {m:#}");
                assert_eq!(m["errors"], serde_json::json!([]), "{name} at {width}: {m:#}");
            }
            let v = &report["pages"][&name]["1280"]["axe"];
            assert_eq!(v.as_array().map(Vec::len), Some(0), "axe-core violations in {name}: {v:#}");
        }
        assert_eq!(report["pages"][format!("{lang}-landing")]["1280"]["status"], "verified", "{lang}");
    }
    results_in_the_page_language(&report);
    arabic_mirrors(&report);
}

/// The verifier's result, in the page's language (assets/messages-<lang>.json, words.js).
fn results_in_the_page_language(report: &Value) {
    let said = |lang: &str| report["pages"][format!("{lang}-landing")]["1280"].clone();
    for (lang, state, key_line) in [
        (
            "en",
            "Verified This credential is genuine",
            "Issuer's key (passed): published by the issuer in its DID document.",
        ),
        ("fr", "Vérifiée Cette attestation est authentique", "Clé de l’émetteur (réussi): publiée par l’émetteur"),
        ("ar", "تم التحقق هذه الشهادة أصلية", "مفتاح الجهة المُصدِرة (نجح): نشرته الجهة المُصدِرة"),
        ("ko", "검증됨 이 자격증명은 진본이며", "발급 기관의 키 (통과): 발급 기관이 DID 문서에 게시했습니다."),
    ] {
        let m = said(lang);
        assert!(m["state"].as_str().unwrap_or_default().starts_with(state), "{lang}: {m:#}");
        assert!(
            m["checks"].as_array().unwrap().iter().any(|c| c
                .as_str()
                .unwrap()
                .trim_start_matches('✓')
                .starts_with(key_line)),
            "{lang}: {m:#}"
        );
    }
    let dates = said("de")["checks"][3].as_str().unwrap_or_default().to_string();
    assert_eq!(
        dates, "✓Gültigkeitszeitraum (bestanden): gültig ab 30. Januar 2026, ohne Ablaufdatum.",
        "German words and date"
    );
}

/// The Arabic landing page's main column is on the right, the English one's on the left.
fn arabic_mirrors(report: &Value) {
    let at = |lang: &str, part: &str, side: &str| {
        report["pages"][format!("{lang}-landing")]["1280"][part][side].as_f64().unwrap()
    };
    assert!(
        at("ar", "c_main", "left") > at("ar", "c_side", "right"),
        "Arabic: the main column is right of the side one"
    );
    assert!((at("ar", "c_main", "right") - at("ar", "main", "right")).abs() < 40.0, "and starts at the right");
    assert!(at("ar", "heading", "right") > at("en", "heading", "right"), "the Arabic heading keeps to the right");
    assert!(at("en", "c_main", "right") < at("en", "c_side", "left"), "English: the main column is on the left");
}
