//! The bytes a credential publishes (ARCHITECTURE.md's budget: its page and JSON, every other file
//! of its own counted), on the demo with a realistically long name and long criteria, and the
//! QR codes its page draws still reading as the right addresses.

use std::collections::BTreeMap;

use crate::support::qr::read_bits;
use crate::support::Site;

/// The most a credential's own files (`c/<id>/`: page, JSON, calendar file) weigh by default, with
/// its printable certificate, on the demo with the long name and criteria below (the heaviest is
/// 14.6 KB: long criteria are signed into the JSON, and results, evidence and an expiry date add to
/// both files). The target, 10 KB in two files on average (about 98,000 credentials in GitHub
/// Pages' 1 GB), is held on the benchmark's site below.
const PER_CREDENTIAL: usize = 15 * 1024;
/// The most a credential's two files weigh on average on the benchmark's site (issue 26).
const BUDGET: usize = 10 * 1024;
/// The most a landing page weighs (13 to 16 KB before the bytes work, 12 KB with its QR codes in it,
/// 8.4 KB with its certificate's shell shared and its LinkedIn links filled in by its script).
const PAGE: usize = 9 * 1024;

/// A long name, as rosters have them (two given names, two family names and a particle).
const LONG_NAME: &str = "María-Fernanda Alejandra de los Ángeles Gutiérrez-Villanueva Montenegro-Castellanos";

/// Three more paragraphs of criteria: the landing page must not grow with them.
const MORE_CRITERIA: &str = "\n\nEach installation was inspected by two assessors against the programme's forty-point \
checklist, covering the mounting structure, cable routing and protection, isolation and earthing, inverter \
configuration, labelling, and the handover documentation given to the client.\n\nCandidates also sat a \
ninety-minute written paper on the relevant wiring regulations, fire-safety guidance for roof-mounted arrays, \
and working-at-height procedures, and logged forty hours of supervised site work signed off by a mentor.\n\n\
Re-assessment is offered once, within six months, for candidates who miss no more than five checklist points.\n";

#[test]
fn a_credential_publishes_its_budget_of_bytes_at_most_and_its_qr_codes_read() {
    let site = Site::demo();
    site.append(
        "2025-renewables-cohort.csv",
        &format!(
            "solar-pv-installer,\"{LONG_NAME}\",long.name@example.org,2026-02-02,2029-02-02,https://kestrelbay.example/evidence/pv-2026-117,2026 Winter,,"
        ),
    );
    let badge = site.content().join("badges/solar-pv-installer.md");
    let text = std::fs::read_to_string(&badge).unwrap();
    std::fs::write(&badge, format!("{}{MORE_CRITERIA}", text.trim_end())).unwrap();
    site.build();
    let files = site.files();
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, bytes) in &files {
        if let Some(dir) = path.strip_prefix("c/").and_then(|p| p.split('/').next()) {
            *sizes.entry(dir).or_default() += bytes.len();
        }
    }
    let (path, _) = site
        .credentials()
        .into_iter()
        .find(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"] == LONG_NAME)
        .expect("the long name's credential");
    let id = path.trim_start_matches("c/").trim_end_matches("/credential.json").to_string();
    let html = String::from_utf8(files[&format!("c/{id}/index.html")].clone()).unwrap();
    assert!(html.contains("<div class=\"certificate\""), "the credential prints a certificate");
    let heaviest = sizes.iter().max_by_key(|(_, n)| **n).unwrap();
    let pages = files.iter().filter(|(p, _)| p.starts_with("c/") && p.ends_with("/index.html"));
    let heaviest_page = pages.map(|(p, b)| (p.as_str(), b.len())).max_by_key(|(_, n)| *n).unwrap();
    eprintln!(
        "bytes per credential: the long name's {}, the heaviest {heaviest:?}; the heaviest page {heaviest_page:?}",
        sizes[id.as_str()]
    );
    assert!(heaviest_page.1 <= PAGE, "a landing page weighs {heaviest_page:?}");
    assert!(sizes[id.as_str()] <= PER_CREDENTIAL, "the long name's credential publishes {} bytes", sizes[id.as_str()]);
    assert!(*heaviest.1 <= PER_CREDENTIAL, "a credential publishes {heaviest:?} bytes");
    // The criteria are on the badge's page, which the landing page links; not on every landing page.
    assert!(!html.contains("forty-point"), "criteria are not repeated on each landing page");
    assert!(String::from_utf8_lossy(&files["badges/solar-pv-installer/index.html"]).contains("forty-point"));
    assert!(html.contains("/badges/solar-pv-installer/#criteria-title\">"), "the page links the criteria");
    // The QR codes are drawn by the page's script from their modules (tests/it/qr.rs holds its
    // drawing to the build's; tests/it/browser reads the drawn codes back): the share block's, the
    // page's address, which the certificate shows again, and the wallet's, the JSON's.
    let base = "https://kestrelbay-poly.github.io/credentials/";
    let codes: Vec<String> =
        html.split("data-qr=\"").skip(1).map(|rest| read_bits(&rest[..rest.find('"').unwrap()])).collect();
    assert_eq!(
        codes,
        [format!("{base}c/{id}/credential.json"), format!("{base}c/{id}/")],
        "the wallet's and the page's"
    );
    assert!(html.contains("<div id=\"page-qr\" class=\"qr-box\" data-qr=\""));
    // The certificate's own texts are the page's; the rest is the badge's shell, shared by its pages,
    // with the code's place and the id marked for the page's script (tests/it/browser prints them).
    let shell = html.split("data-shell=\"../../").nth(1).expect("the certificate's shell");
    let shell = String::from_utf8(files[&shell[..shell.find('"').unwrap()]].clone()).unwrap();
    assert!(shell.contains("<svg id=\"cert-qr\" data-qr-of=\"page-qr\" ") && shell.contains("<g id=\"cert-own\"/>"));
    assert!(shell.contains(&format!("{base}c/{}/", "\u{E000}".repeat(id.len()))), "the shell marks the id");
    // The page's script takes the id from the page's canonical address.
    assert!(!html.contains("data-id=") && html.contains("<text id=\"cert-recipient\""));
    assert!(!html.contains("id=\"cert-url\""), "the address on the certificate is the shell's");
    assert!(!html.contains("data:image/png") && !html.contains("<path"), "no code drawn into the page");
    // The JSON is compact: one line.
    assert_eq!(files[&path].iter().filter(|b| **b == b'\n').count(), 1, "credential.json is one line");
}

/// The site `scripts/bench` generates (`generate`): the demo's settings, badges and artwork, its
/// ledger, revocations and rosters gone, and rows of generated names, the six badges in turn, with
/// no expiry date and no evidence. Its credentials publish two files each, 10 KB at most on
/// average (10,185 bytes at 10,000 rows; BENCHMARKS.md, "Bytes per credential").
#[test]
fn the_benchmarks_site_publishes_10_kb_a_credential_at_most() {
    const FIRST: [&str; 12] =
        ["Ada", "José", "Siobhán", "李", "Мария", "Ελένη", "Aarav", "Fatima", "Zoë", "Kwame", "Yuki", "Olusegun"];
    const LAST: [&str; 12] = [
        "Lovelace",
        "Núñez",
        "O'Brien",
        "雷",
        "Иванова",
        "Παπαδοπούλου",
        "Sharma",
        "Al-Amin",
        "Ångström",
        "Mensah",
        "Tanaka",
        "Adeyemi",
    ];
    const BADGES: [&str; 6] = [
        "solar-pv-installer",
        "heat-pump-commissioning",
        "battery-storage-safety",
        "sql-foundations",
        "data-visualisation",
        "data-ethics-privacy",
    ];
    let site = Site::demo();
    let content = site.content();
    for gone in ["hallmark.lock", "revocations.toml"] {
        std::fs::remove_file(content.join(gone)).unwrap();
    }
    std::fs::remove_dir_all(content.join("recipients")).unwrap();
    std::fs::create_dir(content.join("recipients")).unwrap();
    let toml = std::fs::read_to_string(content.join("hallmark.toml")).unwrap();
    std::fs::write(content.join("hallmark.toml"), &toml[..toml.find("[rosters.\"").unwrap_or(toml.len())]).unwrap();
    let mut roster = String::from("badge,name,email,issued,expires,evidence,cohort\n");
    for i in 0..600 {
        let (badge, first, last) = (BADGES[i % 6], FIRST[i % 12], LAST[(i / 12) % 12]);
        let (month, day, cohort) = (1 + i % 12, 1 + i % 28, i % 40);
        roster +=
            &format!("{badge},{first} {last} {i},learner{i}@example.org,2025-{month:02}-{day:02},,,Cohort {cohort}\n");
    }
    std::fs::write(content.join("recipients/roster.csv"), roster).unwrap();
    site.build();
    let mut sizes: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (path, bytes) in site.files() {
        if let Some(dir) = path.strip_prefix("c/").and_then(|p| p.split('/').next()) {
            let entry = sizes.entry(dir.to_string()).or_default();
            *entry = (entry.0 + 1, entry.1 + bytes.len());
        }
    }
    assert_eq!(sizes.len(), 600, "a credential a row");
    assert!(sizes.values().all(|(files, _)| *files == 2), "a page and a JSON each");
    let mean = sizes.values().map(|(_, n)| n).sum::<usize>() / sizes.len();
    assert!(mean <= BUDGET, "{mean} bytes a credential on average, over the budget of {BUDGET}");
    eprintln!("the benchmark's site: {mean} bytes a credential on average (budget {BUDGET})");
}
