//! The landing pages and the in-browser verifier, in a real browser: the demo is built with the test
//! key, served over HTTP on loopback, and driven in Debian's Chromium by `tests/browser/run.mjs`
//! (Playwright, axe-core). `scripts/test` installs Chromium and the Node packages when they are
//! missing; without them this test fails and says so, it never skips.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::http::{serve_static, start_serve};
use crate::support::signing::short_encoded_list;
use crate::support::{copy_dir, resign, stderr, stdout, Proofs, Site};
use serde_json::Value;

mod landing;
mod languages;
mod print;
mod screenshots;
use landing::*;

const CHROMIUM: &str = "/usr/bin/chromium";
/// HTML + CSS + JavaScript of one landing page as it loads, uncompressed, the badge artwork and the
/// shared vocabulary (`contexts.json`, fetched once per site and cached) excluded: verify.js and
/// the modules it imports. badges.js, which only the first click on Copy, Print or Download loads,
/// is reported apart.
const WEIGHT_BUDGET: u64 = 50_000;
/// The printable certificate's inline SVG, weighed apart from the page (it shows only in print,
/// like the badge image it is a picture): recipient, achievement, dates, issuer, signatories, the
/// QR code as the vector path the page's script draws (about 1.9 KB of it) and the credential id.
const CERTIFICATE_BUDGET: u64 = 5_000;

/// What the browser run needs, or a failure that says how to get it.
fn require_browser_tools(repo: &Path) {
    let setup = "run scripts/test, which installs Chromium (apt-get install chromium) and runs npm ci in tests/browser";
    assert!(Path::new(CHROMIUM).is_file(), "{CHROMIUM} is missing: {setup}");
    for package in ["playwright-core", "axe-core"] {
        let dir = repo.join("tests/browser/node_modules").join(package);
        assert!(dir.is_dir(), "{} is missing: {setup}", dir.display());
    }
    let node = Command::new("node").arg("--version").output();
    assert!(node.is_ok_and(|o| o.status.success()), "node is missing: install Node.js 20 or later, then {setup}");
}

fn name_of(cred: &Value) -> &str {
    cred["credentialSubject"]["identifier"]
        .as_array()
        .and_then(|ids| ids.iter().find(|i| i["identityType"] == "name"))
        .and_then(|i| i["identityHash"].as_str())
        .unwrap_or_default()
}

fn id_of(site: &Site, name: &str) -> String {
    let (path, _) = site
        .credentials()
        .into_iter()
        .find(|(_, c)| name_of(c) == name)
        .unwrap_or_else(|| panic!("the demo has a credential for {name}"));
    path.trim_start_matches("c/").trim_end_matches("/credential.json").to_string()
}

fn status(report: &Value, case: &str) -> String {
    report["cases"][case]["status"].as_str().unwrap_or_else(|| panic!("no result for {case}: {report:#}")).to_string()
}

fn no_violations(report: &Value, case: &str, key: &str) {
    let v = &report["cases"][case][key];
    assert_eq!(v.as_array().map(Vec::len), Some(0), "axe-core violations in {case}.{key}: {v:#}");
}

/// eddsa-rdfc-2022 checked in Chromium by the published verifier: each shared case ends as its
/// expected.json says for the browser, a one-character change and an undefined term fail, an
/// unbundled context and a blank-node clique could not be checked (and say so).
fn rdfc_in_chromium(rdfc: &Value) {
    let cases = rdfc.as_object().unwrap_or_else(|| panic!("no rdfc report: {rdfc}"));
    assert_eq!(cases.len(), 7, "{rdfc:#}");
    for (name, case) in cases {
        assert_eq!(case["state"], case["expected"], "{name}: {case:#}");
    }
    let proof = |name: &str| rdfc[name]["proof"].as_str().unwrap_or_default().to_string();
    assert_eq!(rdfc["rdfc-only"]["state"], "verified", "{rdfc:#}");
    assert_eq!(proof("rdfc-proof-broken"), "failed");
    assert_eq!(proof("undefined-term"), "failed");
    assert_eq!(proof("unbundled-context"), "could-not-check");
    assert_eq!(proof("blank-node clique"), "could-not-check", "{rdfc:#}");
    let plain = rdfc["blank-node clique"]["plain"].as_str().unwrap_or_default();
    assert!(plain.contains("too complex"), "the work limit ends it: {plain}");
    eprintln!(
        "rdfc in Chromium, ms: rdfc-only {}, blank-node clique refused after {}",
        rdfc["rdfc-only"]["ms"], rdfc["blank-node clique"]["ms"]
    );
}

/// Status lists the issuer really signed (with the test key) but that no verifier may read: one
/// valid only from a date to come, one shorter than the 131,072 entries the standard requires.
/// `run.mjs` puts each in place of the revocation list in turn.
fn prepare_status_lists(public: &Path, dir: &Path) {
    let path = public.join("status/revocation/1.json");
    let list: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let signed = |change: &dyn Fn(&mut Value)| {
        let mut doc = list.clone();
        change(&mut doc);
        resign(&mut doc, Proofs::Both);
        serde_json::to_string_pretty(&doc).unwrap()
    };
    let short = short_encoded_list();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("future.json"), signed(&|d| d["validFrom"] = "2999-01-01T00:00:00Z".into())).unwrap();
    std::fs::write(dir.join("short.json"), signed(&|d| d["credentialSubject"]["encodedList"] = short.clone().into()))
        .unwrap();
}

/// A hostile roster name: markup, quotes, right-to-left marks, Arabic and an emoji. (Bidirectional
/// overrides are refused in names since issue 15.)
const HOSTILE: &str = "<script>alert(\"x\")</script> \"Zoë\" O'Brien \u{200f}مرحبا\u{200f} 🎓";

/// A name of 200 characters, on the badge with the most on its page.
const LONG_NAME: &str = "Maximiliana Anastasia Wilhelmina Ngozi Oluwaseun Łucja Bartholomew-Fernández de la Cruz Montgomery-Featherstonehaugh Þórhildur Súilleabháin van der Westhuizen-Papadopoulou Kowalczyk-Nakamura Abernathy";

/// A check line is one plain sentence: no URL, no DID, no exception text.
fn plain_sentence(s: &str) -> bool {
    let words = ["http", "did:", "Error", "Unexpected", "HTTP", "{", "eddsa", ";"];
    s.ends_with('.') && s.matches(". ").count() == 0 && !words.iter().any(|w| s.contains(w))
}

/// The verify page on what people paste and drop: a landing page's link, another issuer's
/// credential, a forgery, and things that are no Open Badges 3.0 credential.
fn verify_page_inputs(vp: &Value) {
    assert_eq!(
        vp["pasted_page_link"]["status"], "verified",
        "a landing page's link is followed: {:#}",
        vp["pasted_page_link"]
    );
    let linked = &vp["linked_page"];
    assert_eq!(linked["status"], "verified", "verify/?url=<landing page> checks what the link names: {linked:#}");
    assert!(linked["text"].as_str().unwrap_or_default().contains("/c/"), "shown as if pasted: {linked:#}");
    for (k, want) in [
        ("pasted_garbage", "failed"),
        ("pasted_ob2", "unknown"),
        ("pasted_random_json", "failed"),
        ("pasted_array", "failed"),
        ("pasted_jwt", "unknown"),
        ("chosen_plain_png", "failed"),
        ("chosen_plain_svg", "failed"),
    ] {
        let r = &vp[k];
        let summary = r["summary"].as_str().unwrap_or_default();
        assert_eq!(r["status"], want, "verify page, {k}: {r:#}");
        assert!(summary.starts_with("Not an Open Badges 3.0 credential"), "{k}: {summary:?}");
        assert!(!summary.contains("changed after"), "{k}: {summary:?}");
        assert!(r["sentences"].as_array().unwrap().iter().all(|t| plain_sentence(t.as_str().unwrap())), "{k}: {r:#}");
    }
    let forged = &vp["pasted_forged_expired"];
    let summary = forged["summary"].as_str().unwrap_or_default();
    assert_eq!(forged["status"], "unknown", "a did:key forgery of an expired credential: {forged:#}");
    assert!(summary.starts_with("Could not check") && !summary.contains("genuine"), "{summary:?}");
    assert_eq!(forged["checks"][3][0], "check-failed", "the validity period still says it expired: {forged:#}");
    assert!(forged["sentences"][3].as_str().unwrap().starts_with("expired on"), "{forged:#}");
    assert_eq!(vp["overflow_320_forged"], 0, "long identifiers wrap at 320 px");

    let f = &vp["pasted_foreign"];
    assert_eq!(f["status"], "verified", "another issuer's credential verifies against its own key: {f:#}");
    let did = f["issuer_did"].as_str().unwrap();
    // did:web percent-encodes one character, the colon before a port.
    let address =
        did.trim_start_matches("did:web:").split(':').map(|s| s.replace("%3A", ":")).collect::<Vec<_>>().join("/");
    assert_eq!(f["foreign_issuer"].as_str(), Some(did), "{f:#}");
    let claimed = f["claimed_name"].as_str().unwrap();
    let issuer = f["facts"]["Issuer"].as_str().unwrap_or_default();
    assert_eq!(issuer, format!("{address} calls itself “{claimed}”"), "the issuer is shown by its address: {f:#}");
    let warning = f["warning"].as_str().unwrap_or_default();
    assert!(warning.starts_with(&format!("Not issued by {claimed}.")) && warning.contains(&address), "{warning:?}");
    assert!(f["summary"].as_str().unwrap().contains(&format!("Its issuer is {address}, not {claimed}.")), "{f:#}");
    assert_eq!(vp["overflow_320_foreign"], 0, "the other issuer's long DID wraps at 320 px");
    let after = &vp["pasted_after_foreign"];
    assert_eq!((after["status"].as_str(), &after["foreign_issuer"]), (Some("verified"), &Value::Null), "{after:#}");

    // The result is announced: its live region is filled a frame after it is shown, and not while busy.
    let live = &vp["live_region"];
    let fill = &live["fills"][0];
    assert!(fill["frame"].as_u64() > live["shown_frame"].as_u64(), "{live:#}");
    assert_eq!((&fill["hidden"], fill["busy"].as_str()), (&Value::Bool(false), Some("false")), "{live:#}");
}

/// Genuine is said only of a signature and key that verified; every check line is one plain
/// sentence, with URLs and exceptions in the technical details.
fn states_and_wording(report: &Value) {
    let case = |name: &str| &report["cases"][name];
    let details = |c: &Value| {
        c["details"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    for name in [
        "valid",
        "tampered",
        "expired",
        "revoked",
        "suspended",
        "replaced",
        "missing_status",
        "missing_did",
        "no_ed25519",
        "clock_after_expiry",
        "expired_unverified",
        "html_did",
        "bad_status_list",
        "long_name",
    ] {
        let c = case(name);
        let lines = c["sentences"].as_array().unwrap_or_else(|| panic!("{name}: {c:#}"));
        assert_eq!(lines.len(), 4, "{name}: one line per check: {c:#}");
        assert!(lines.iter().all(|t| plain_sentence(t.as_str().unwrap())), "{name}: {c:#}");
        let genuine = c["summary"].as_str().unwrap().contains("genuine");
        let proven = c["checks"][0][0] == "check-passed" && c["checks"][1][0] == "check-passed";
        assert!(!genuine || proven, "{name} says genuine of an unverified signature: {c:#}");
    }
    let e = case("expired_unverified");
    assert_eq!(e["status"], "unknown", "expired, but the key could not be checked: {e:#}");
    assert!(e["sentences"][3].as_str().unwrap().starts_with("expired on"), "{e:#}");
    let d = case("missing_did");
    let did_url = case("html_did")["did_url"].as_str().unwrap();
    assert_eq!(
        details(d).iter().filter(|t| t.contains(did_url)).count(),
        1,
        "the DID document's problem once, in the details: {d:#}"
    );
    let h = case("html_did");
    assert_eq!(h["status"], "unknown", "{h:#}");
    assert!(
        details(h).iter().any(|t| t.contains(did_url) && t.contains("JSON")),
        "the exception is in the details: {h:#}"
    );
    assert_eq!(h["overflow_320"], 0, "no horizontal scrolling at 320 px with the details open");
    for c in ["status_list_future", "status_list_short"] {
        assert_eq!(status(report, c), "unknown", "a status list no verifier may read: {:#}", case(c));
    }
    let b = case("bad_status_list");
    let summary = b["summary"].as_str().unwrap();
    assert_eq!(b["status"], "failed", "{b:#}");
    assert!(summary.contains("status list") && !summary.contains("changed after"), "{summary:?}");
    assert_eq!(b["checks"][0][0], "check-passed", "the credential's own signature is intact: {b:#}");
}

/// The printed certificate: one page, the QR code and link on it, and the live state when it is not verified.
fn printing(report: &Value) {
    let print = |name: &str| &report["cases"][name]["print"];
    for name in ["valid", "clock_after_expiry", "expired_unverified", "long_name"] {
        let p = print(name);
        assert_eq!(p["pages"], 1, "{name} prints on one page: {p:#}");
        assert!(
            p["qr_inside"] == true && p["link_inside"] == true,
            "{name}: the QR code and link are on the certificate: {p:#}"
        );
    }
    assert_eq!(print("valid")["state_shown"], false, "a verified certificate prints clean");
    for name in ["valid", "long_name"] {
        assert_eq!(print(name)["certificate"], true, "{name}: the printable certificate prints: {:#}", print(name));
    }
    for name in ["clock_after_expiry", "expired_unverified"] {
        assert_eq!(
            print(name)["certificate"],
            false,
            "{name}: not valid by the live check: the page prints with its state"
        );
    }
    for (name, state) in [("clock_after_expiry", "Expired"), ("expired_unverified", "Could not check")] {
        let p = print(name);
        assert!(p["state_shown"] == true && p["state_inside"] == true, "{name}: the live state prints: {p:#}");
        assert!(p["state_text"].as_str().unwrap().starts_with(state), "{name}: {p:#}");
    }
}

/// What the page says and names: with JavaScript off, right to left, long names, downloads.
fn page_text(report: &Value) {
    let case = |name: &str| &report["cases"][name];
    let valid = case("valid");
    let baked = "Downloaded badge images carry the signed credential inside them";
    assert!(valid["visible_text"].as_str().unwrap().contains(baked), "{valid:#}");
    let downloads = &valid["downloads"];
    let png = downloads["Download badge (PNG)"].as_str().unwrap();
    assert_eq!(
        downloads["Download credential (JSON)"].as_str(),
        Some(png.replace(".png", ".json").as_str()),
        "{downloads:#}"
    );
    // Print clicked while the certificate's shell was held back 1.5 s: printed with the certificate.
    let early = case("print_before_shell");
    assert_eq!(early["held"], 1, "the shell was held back: {early:#}");
    assert_eq!(early["drawn_at_click"], false, "clicked before the shell came: {early:#}");
    assert_eq!(early["printed"]["certificate"], true, "printed once the certificate was drawn: {early:#}");
    let n = case("no_js");
    let text = n["text"].as_str().unwrap();
    assert!(!text.contains(baked) && text.contains("download without the credential inside them"), "{text}");
    assert_eq!(n["verification_links"], serde_json::json!([n["json_link"]]), "the noscript text links the JSON: {n:#}");
    assert!(n["png"].as_str().unwrap().ends_with("/badge-512.png"), "{n:#}");
    assert_eq!(n["qr_codes_shown"], 0, "without JavaScript no empty QR code shows: {n:#}");
    let rtl = case("rtl");
    let left = |k: &str| rtl[k].as_f64().unwrap().abs();
    assert!(
        left("name_left") < 1.0 && left("earned_left") < 1.0,
        "a right-to-left name keeps to the left at 1280 px: {rtl:#}"
    );
    assert_eq!(case("long_name")["overflow_390"], 0, "a 200-character name at 390 px");
    assert_eq!(valid["overflow_320"], 0, "no horizontal scrolling at 320 px");
}

#[test]
fn landing_pages_and_verifier_in_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    require_browser_tools(repo);

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let site = Site::demo();
    let reason = "Issued in error: the assessment was not completed.";
    let corrected = prepare_demo(&site, &base, reason);
    // Another did:web issuer on the same server, calling itself by the same name. Its DID has a path,
    // did:web:127.0.0.1%3A<port>:credentials, long enough to overflow a 320-pixel screen unbroken.
    let other = Site::demo();
    let out = other.run(&["build", "--base-url", &format!("{base}credentials/")]);
    assert!(out.status.success(), "the other issuer's build failed:\n{}", stderr(&out));
    copy_dir(&other.public(), &site.public().join("credentials"));
    serve_static(listener, site.public());
    let (report, out_dir) = run_chromium(repo, &site, &base);

    verifier_states(&report, reason, &corrected);
    timing_and_weight(&report);
    accessibility(&report);
    sharing_and_baked_downloads(&report, &site, &base, &out_dir);
    let vp = &report["cases"]["verify_page"];
    verify_page_cases(vp);
    verify_page_inputs(vp);
    states_and_wording(&report);
    printing(&report);
    page_text(&report);
    hostile_names(&report);
    stylesheet_and_vectors(&report);
}

/// The demo built at `base`, then changed: a hostile name, a 200-character name, a revocation
/// with a public `reason`, a suspension and a corrected name, and built again. The corrected
/// credential's id.
fn prepare_demo(site: &Site, base: &str, reason: &str) -> String {
    let build = |what: &str| {
        let out = site.run(&["build", "--base-url", base]);
        assert!(out.status.success(), "{what} build failed:\n{}", stderr(&out));
    };
    build("first");
    site.append(
        "2025-renewables-cohort.csv",
        &format!(
            "solar-pv-installer,\"{}\",hostile@example.org,2025-03-21,,,2025 Spring,,",
            HOSTILE.replace('"', "\"\"")
        ),
    );
    assert_eq!(LONG_NAME.chars().count(), 200);
    site.append(
        "2025-renewables-cohort.csv",
        &format!("heat-pump-commissioning,{LONG_NAME},long@example.org,2025-05-16,2028-05-16,,2025 Spring,,"),
    );
    std::fs::write(
        site.content().join("revocations.toml"),
        format!(
            "[[revoked]]\nid = \"{}\"\ndate = \"2026-06-01\"\nreason = \"{reason}\"\npublic = true\n\n\
             [[suspended]]\nid = \"{}\"\ndate = \"2026-10-01\"\nreason = \"Under review\"\npublic = true\n",
            id_of(site, "Jürgen Bauer"),
            id_of(site, "Siobhan O'Brien"),
        ),
    )
    .unwrap();
    // A correction: the old credential's page says it was replaced, and links to the new one.
    site.edit("recipients/lms-export-2026.csv", "Yusuf Demir,", "Yusuf Demir-Kaya,");
    build("second");
    id_of(site, "Yusuf Demir-Kaya")
}

/// Runs tests/browser/run.mjs in Chromium on the served site: its report, and where it wrote
/// screenshots and downloads.
fn run_chromium(repo: &Path, site: &Site, base: &str) -> (Value, PathBuf) {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("browser");
    prepare_status_lists(&site.public(), &out_dir.join("prepared"));
    let run = Command::new("node")
        .arg(repo.join("tests/browser/run.mjs"))
        .arg(base)
        .arg(site.public())
        .arg(&out_dir)
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&run.stdout);
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!("run.mjs printed no report ({e}):\n{text}\n{}", String::from_utf8_lossy(&run.stderr))
    });
    assert!(report.get("fatal").is_none(), "{}", report["fatal"]);
    let _ = std::fs::write(out_dir.join("report.json"), text.as_bytes());
    eprintln!("browser report (report.json), screenshots and baked downloads: {}", out_dir.display());
    assert_eq!(report["errors"], serde_json::json!([]), "the browser run had errors: {report:#}");
    assert_eq!(report["external_requests"], serde_json::json!([]), "pages requested other hosts");
    (report, out_dir)
}

#[test]
fn serve_reloads_open_pages_and_shows_build_errors_in_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    require_browser_tools(repo);
    let site = Site::fixture("small");
    site.build();
    let ada = id_of(&site, "Ada Lovelace");
    let srv = start_serve(&site, &["--port", "0"]).unwrap();
    let run = Command::new("node")
        .arg(repo.join("tests/browser/serve.mjs"))
        .arg(format!("{}c/{ada}/", srv.url))
        .arg(site.content().join("recipients/main.csv"))
        .arg("Ada Lovelace")
        .arg("Ada King")
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&run.stdout);
    let r: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!("serve.mjs printed no report ({e}):\n{text}\n{}", String::from_utf8_lossy(&run.stderr))
    });
    assert!(r.get("fatal").is_none(), "{}", r["fatal"]);
    assert_eq!(r["errors"], serde_json::json!([]), "{r:#}");
    // The base URL is the preview's own address, so the page verifies itself against the server.
    assert_eq!(r["initial_status"], "verified", "{r:#}");
    assert_eq!(r["initial_name_shown"], true);
    let overlay = r["overlay_text"].as_str().unwrap();
    assert!(overlay.contains(&format!("main.csv:{}:", r["bad_line"])), "the overlay names file:line:column: {overlay}");
    assert!(overlay.contains("2026-13-45"), "{overlay}");
    assert_eq!(r["overlay_role"], "alert");
    assert_eq!(r["overlay_after"], false, "the overlay is gone after the fix");
    assert_eq!(r["replaced_notice"], true, "the reloaded page shows the change");
    assert_eq!(r["after_status"], "revoked", "a replaced credential is revoked as superseded");
    assert_eq!((r["new_status"].as_str(), r["new_name_shown"].as_bool()), (Some("verified"), Some(true)), "{r:#}");
    eprintln!("overlay {} ms, reload {} ms after the save (debug build)", r["overlay_ms"], r["reload_ms"]);
    drop(srv);
}
