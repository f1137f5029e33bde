//! What the Chromium run of the landing pages and the verify page must show, area by area.

use super::*;

/// The verifier's states on the landing pages.
pub(super) fn verifier_states(report: &Value, reason: &str, corrected: &str) {
    let case = |name: &str| &report["cases"][name];
    assert_eq!(status(report, "valid"), "verified", "{:#}", case("valid"));
    assert_eq!(status(report, "tampered"), "failed", "{:#}", case("tampered"));
    assert_eq!(status(report, "expired"), "expired", "{:#}", case("expired"));
    assert_eq!(status(report, "missing_status"), "unknown", "{:#}", case("missing_status"));
    assert_eq!(status(report, "missing_did"), "unknown", "{:#}", case("missing_did"));
    assert_eq!(status(report, "no_ed25519"), "unknown", "without Ed25519: {:#}", case("no_ed25519"));
    assert_eq!(status(report, "clock_after_expiry"), "expired", "{:#}", case("clock_after_expiry"));
    assert!(
        case("revoked")["id"].is_string(),
        "no landing page shows a revocation: is content/revocations.toml honoured yet? {:#}",
        case("revoked")
    );
    assert_eq!(status(report, "revoked"), "revoked", "{:#}", case("revoked"));
    let notice = case("revoked")["notice"].as_str().unwrap_or_default();
    assert!(notice.contains(reason) && notice.contains("1 June 2026"), "revocation notice: {notice:?}");
    assert_eq!(status(report, "suspended"), "suspended", "{:#}", case("suspended"));
    assert_eq!(status(report, "replaced"), "revoked", "a replaced credential is revoked: {:#}", case("replaced"));
    assert_eq!(
        case("replaced")["notice_links"],
        serde_json::json!([format!("/c/{corrected}/")]),
        "the old page links to the new one"
    );
    for c in ["valid", "tampered", "expired", "revoked", "suspended", "replaced", "hostile"] {
        assert_eq!(case(c)["carriers"], 1, "{c}: one element carries data-verification-status");
        assert_eq!(case(c)["errors"], serde_json::json!([]), "{c}: page errors");
    }
    let valid = case("valid");
    let rdfc =
        valid["details"].as_array().unwrap().iter().any(|d| d.as_str().unwrap_or("").contains("eddsa-rdfc-2022"));
    assert!(rdfc, "the details say eddsa-rdfc-2022 is not checked in the browser: {valid:#}");
}

/// Verification time (reported) and page weight (within the budget).
pub(super) fn timing_and_weight(report: &Value) {
    let case = |name: &str| &report["cases"][name];
    let valid = case("valid");
    let sorted = |key: &str| {
        let mut t: Vec<f64> = valid[key].as_array().unwrap().iter().filter_map(Value::as_f64).collect();
        t.sort_by(f64::total_cmp);
        t
    };
    let (checks, total) = (sorted("timings"), sorted("total_timings"));
    let median = checks[checks.len() / 2];
    // Reported, never asserted: this machine is shared and noisy (the budget, 100 ms, is checked
    // against these medians in BENCHMARKS.md). That every run produced a time is asserted.
    eprintln!("verifying one credential, ms (median of {}): checks {median} {checks:?}; with reading the credential after the page loads {total:?}", checks.len());
    assert!(checks.iter().all(|t| *t > 0.0) && !total.is_empty(), "{valid:#}");
    let (weight, used, weights) = (&valid["weight"], &valid["weight_used"], case("weights"));
    eprintln!(
        "landing page weight in the browser: {weight}, with badges.js after a click {used}; from the files (without badges.js): heaviest {}, heaviest demo page {}, 200-character name {}",
        weights["heaviest"], weights["heaviest_demo"], weights["long_name"]
    );
    let scripts = |w: &Value| {
        w["assets"].as_array().unwrap().iter().filter_map(|a| a[0].as_str()).map(String::from).collect::<Vec<_>>()
    };
    assert!(scripts(used).contains(&"/assets/badges.js".to_string()), "badges.js is counted once it is loaded: {used}");
    assert!(weight["total"].as_u64().unwrap() <= WEIGHT_BUDGET, "landing page weighs {weight}");
    let certificate = weight["certificate"].as_u64().unwrap();
    assert!(certificate > 0 && certificate <= CERTIFICATE_BUDGET, "the printable certificate weighs {weight}");
    let heaviest_certificate = weights["heaviest_certificate"].as_u64().unwrap();
    assert!(
        heaviest_certificate <= CERTIFICATE_BUDGET,
        "the heaviest certificate weighs {heaviest_certificate}: {weights}"
    );
    assert!(!scripts(weight).contains(&"/assets/badges.js".to_string()), "badges.js waits for a click: {weight}");
    assert!(weights["heaviest"][1].as_u64().unwrap() <= WEIGHT_BUDGET, "{weights}");
    assert_eq!(weights["long_name"][0], case("long_name")["id"], "the 200-character name's page is weighed: {weights}");
    assert!(weights["long_name"][1].as_u64().unwrap() <= WEIGHT_BUDGET, "{weights}");
}

/// axe-core on every page, keyboard and small screens.
pub(super) fn accessibility(report: &Value) {
    let case = |name: &str| &report["cases"][name];
    let valid = case("valid");
    no_violations(report, "valid", "axe");
    no_violations(report, "valid", "axe_dark");
    no_violations(report, "revoked", "axe");
    no_violations(report, "hostile", "axe");
    no_violations(report, "verify_page", "axe_empty");
    no_violations(report, "verify_page", "axe_result");
    no_violations(report, "verify_page", "axe_foreign");
    no_violations(report, "verify_page", "axe_foreign_dark");
    for page in ["home", "badge"] {
        for key in ["axe", "axe_dark"] {
            let v = &case("pages")[page][key];
            assert_eq!(v.as_array().map(Vec::len), Some(0), "axe-core violations on the {page} page ({key}): {v:#}");
        }
    }
    let stops = valid["tab_stops"].as_array().unwrap();
    assert_eq!(stops.len() as u64, valid["controls"].as_u64().unwrap(), "Tab reaches every control: {stops:#?}");
    assert!(stops.iter().all(|s| s["outline"] == true), "every focused control shows an outline: {stops:#?}");
    assert_eq!(valid["overflow_390"], 0, "no horizontal scrolling at 390 px");
    assert_eq!(valid["print_pages"], 1, "the certificate prints on one page");
}

/// Sharing links, and baked downloads exactly as src/bake.rs makes them, accepted by `hallmark verify`.
pub(super) fn sharing_and_baked_downloads(report: &Value, site: &Site, base: &str, out_dir: &Path) {
    let case = |name: &str| &report["cases"][name];
    let valid = case("valid");
    let page_url = format!("{base}c/{}/", valid["id"].as_str().unwrap());
    assert_eq!(valid["copied"].as_str(), Some(page_url.as_str()));
    // The link beside the code says the same: to a screen reader the code is decorative.
    assert_eq!(valid["qr_hidden"].as_str(), Some("true"));
    // The QR codes the page's script drew (qr.js), as Chromium shows them, read by rqrr.
    let json_url = format!("{page_url}credential.json");
    for (block, expected) in [("share", &page_url), ("wallet", &json_url)] {
        let codes = super::print::qr_codes(&out_dir.join(format!("qr-{block}.png")));
        assert_eq!(codes, [expected.as_str()], "the {block} block's QR code");
    }
    let og = &valid["og"];
    // The canonical link is the page's address; og:url, which would repeat it, is left out.
    assert_eq!(valid["canonical"].as_str(), Some(page_url.as_str()));
    assert!(og["og:url"].is_null(), "{og:#}");
    let og_image = og["og:image"].as_str().unwrap_or_default();
    assert!(og_image.starts_with(base) && og_image.ends_with("/badge-512.png"), "og:image {og_image}");
    assert!(
        og["og:title"].is_string() && og["og:description"].is_string() && og["twitter:card"] == "summary",
        "{og:#}"
    );
    let html =
        std::fs::read_to_string(site.public().join(format!("c/{}/index.html", valid["id"].as_str().unwrap()))).unwrap();
    let png_path = og_image.strip_prefix(&base[..base.len() - 1]).unwrap();
    assert!(
        html.contains(&format!("href=\"{png_path}\" download data-bake=\"png\"")),
        "without JavaScript the PNG link is the plain image, under its own name"
    );

    // Baked downloads: exactly what src/bake.rs makes, and `hallmark verify` accepts them.
    let cred_text =
        std::fs::read_to_string(site.public().join(format!("c/{}/credential.json", valid["id"].as_str().unwrap())))
            .unwrap();
    for kind in ["png", "svg"] {
        let baked = &valid[format!("baked_{kind}")];
        assert_eq!(baked["baked"], "yes", "{baked}");
        // Named by the page's script after the JSON's download (the page names it once).
        let json_name = html.split(".json\" download=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default();
        assert_eq!(
            baked["suggested"].as_str(),
            Some(json_name.replace(".json", &format!(".{kind}")).as_str()),
            "{baked}"
        );
        let file = PathBuf::from(baked["path"].as_str().unwrap());
        let bytes = std::fs::read(&file).unwrap();
        // The PNG is the 512-pixel rendering of the artwork; the SVG is the artwork itself.
        let plain_path = match kind {
            "png" => png_path.to_string(),
            _ => png_path.replace("/badge-512.png", "/image.svg"),
        };
        let plain = std::fs::read(site.public().join(plain_path.trim_start_matches('/'))).unwrap();
        let expected = match kind {
            "png" => hallmark::bake::bake_png(&plain, &cred_text).unwrap(),
            _ => hallmark::bake::bake_svg(std::str::from_utf8(&plain).unwrap(), &cred_text).unwrap().into_bytes(),
        };
        assert!(bytes == expected, "the browser's baked {kind} differs from src/bake.rs's");
        let verify = site.run(&["verify", "--site", site.public().to_str().unwrap(), file.to_str().unwrap()]);
        assert!(verify.status.success(), "hallmark verify {}:\n{}{}", file.display(), stdout(&verify), stderr(&verify));
    }

    let awkward = valid["baked_awkward"].as_array().expect("baked_awkward");
    assert_eq!(awkward.len(), 2, "{awkward:?}");
    for (i, case) in awkward.iter().enumerate() {
        let (input, output) = (case["input"].as_str().unwrap(), case["output"].as_str().unwrap());
        assert_eq!(output, hallmark::bake::bake_svg(input, &cred_text).unwrap(), "awkward SVG {i}");
        let file = out_dir.join(format!("baked-awkward-{i}.svg"));
        std::fs::write(&file, output).unwrap();
        let verify = site.run(&["verify", "--site", site.public().to_str().unwrap(), file.to_str().unwrap()]);
        assert!(verify.status.success(), "hallmark verify {}:\n{}{}", file.display(), stdout(&verify), stderr(&verify));
    }
}

/// The verify page: a baked PNG dropped on it, a baked SVG chosen, JSON pasted.
pub(super) fn verify_page_cases(vp: &Value) {
    for (k, want) in [
        ("dropped_png", "verified"),
        ("chosen_svg", "verified"),
        ("chosen_svg_other_writer", "verified"),
        ("pasted_did_away", "unknown"),
        ("pasted_did_back", "verified"),
        ("pasted", "verified"),
        ("pasted_altered", "failed"),
        ("pasted_garbage", "failed"),
        ("pasted_hostile", "verified"),
    ] {
        assert_eq!(vp[k]["status"], want, "verify page, {k}: {:#}", vp[k]);
    }
    assert_eq!(vp["errors"], serde_json::json!([]));
}

/// Hostile names are text everywhere: the page, the verified JSON shown in it, the QR label, the URLs.
pub(super) fn hostile_names(report: &Value) {
    let case = |name: &str| &report["cases"][name];
    let vp = case("verify_page");
    let h = case("hostile");
    for k in ["h1", "issued_to"] {
        assert_eq!(h[k].as_str(), Some(HOSTILE), "{k}");
    }
    assert_eq!(vp["pasted_hostile"]["issued_to"].as_str(), Some(HOSTILE));
    for k in ["title", "og_title", "og_description"] {
        assert!(h[k].as_str().unwrap().contains(HOSTILE), "{k}: {}", h[k]);
    }
    assert_eq!(h["injected"], 0, "no element was injected");
    assert_eq!(h["scripts"], serde_json::json!(["/assets/verify.js"]), "only the theme's script");
    assert_eq!(h["qr_hidden"].as_str(), Some("true"));
    for k in ["linkedin_add", "linkedin_share"] {
        let u = h[k].as_str().unwrap();
        assert!(u.starts_with("https://www.linkedin.com/") && !u.contains(['<', '>', '"', ' ']), "{k}: {u}");
    }
    // The page's script fills in LinkedIn's form from the credential as signed, by the rule the
    // e-mails follow (written again in the test's support, apart from both).
    assert_eq!(h["linkedin_add"].as_str(), Some(crate::support::notify::linkedin_link_of(&h["credential"]).as_str()));
    let page = h["credential"]["id"].as_str().unwrap().trim_end_matches("credential.json");
    let share = h["linkedin_share"].as_str().unwrap();
    assert_eq!(
        share.strip_prefix("https://www.linkedin.com/sharing/share-offsite/?url="),
        Some(crate::support::notify::percent(page).as_str())
    );
    assert_eq!(h["linkedin_hidden"], 0, "both LinkedIn links shown once filled in");
    let download = h["download_png"].as_str().unwrap_or_default();
    assert!(!download.contains(['<', '>', '"', '/', '\\']), "download file name {download:?}");
}

/// The published stylesheet, the rdfc cases in Chromium, and the verifier's building blocks
/// against published vectors.
pub(super) fn stylesheet_and_vectors(report: &Value) {
    let case = |name: &str| &report["cases"][name];
    // The published stylesheet means to the browser exactly what the theme's source says.
    let css = case("css_as_published");
    assert_eq!(css["same"], true, "the compacted stylesheet differs from its source: {css:#}");
    assert!(css["rules"].as_u64().unwrap() > 50, "{css:#}");
    assert!(css["bytes"][1].as_u64() < css["bytes"][0].as_u64(), "{css:#}");

    rdfc_in_chromium(&report["cases"]["rdfc"]);

    // The verifier's building blocks against published vectors.
    let v = case("vectors");
    assert_eq!(v["doc"], true, "JCS of the W3C unsigned document");
    assert_eq!(v["config"], true, "JCS of the W3C proof configuration");
    assert_eq!(
        v["rfc8785_numbers"].as_str(),
        Some("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}"),
        "RFC 8785 §3.2.3"
    );
    assert_eq!(
        v["rfc8785_order"],
        serde_json::json!(["d", "31", "80", "f6", "20ac", "1f600", "fb33"]),
        "RFC 8785 §3.2.3 sorting"
    );
    assert_eq!(v["w3c_signed_verifies"], true);
    assert_eq!(v["w3c_tampered"], "the signature does not match the document");
}
