//! Open Badges 2.0 copies for older backpacks (`[outputs] open_badges_2`), and "Add to a wallet".
//! The copies are checked by 1EdTech's Open Badges 2.0 validator and its baking library
//! (tests/interop/ob2_check.py), run against the demo served by `hallmark serve` on loopback;
//! `scripts/test` installs them (tests/interop/ob2-requirements.txt). Without them this test fails
//! and says so; it never skips.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::http::start_serve;
use crate::support::{stderr, Site};
use serde_json::{json, Value};

/// Turns the Open Badges 2.0 copies on in the site's `hallmark.toml`.
fn with_ob2(site: &Site) {
    let path = site.content().join("hallmark.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = if text.contains("open_badges_2 = false") {
        text.replace("open_badges_2 = false", "open_badges_2 = true")
    } else {
        format!("{text}\n[outputs]\nopen_badges_2 = true\n")
    };
    std::fs::write(path, text).unwrap();
}

/// Every credential's id, from the ledger.
fn ids(site: &Site) -> Vec<String> {
    ledger_names(site).into_iter().map(|(id, _)| id).collect()
}

/// Every credential's id and recipient name, from the ledger.
fn ledger_names(site: &Site) -> Vec<(String, String)> {
    site.ledger()
        .lines()
        .filter(|l| l.split('\t').count() >= 11)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[10].to_string())
        })
        .collect()
}

#[test]
fn by_default_a_credential_has_its_page_and_json_and_the_page_offers_it_to_wallets() {
    let site = Site::fixture("small");
    site.build();
    let files = site.files();
    assert!(!files.keys().any(|p| p.ends_with("assertion.json") || p.contains("badge-ob2.")), "no 2.0 copies");
    assert!(!files.contains_key("issuer-ob2.json"));
    for id in ids(&site) {
        let page = String::from_utf8(files[&format!("c/{id}/index.html")].clone()).unwrap();
        assert!(page.contains("<h2>Add to a wallet</h2>"), "{id}");
        // The JSON's QR code, as its modules for the page's script to draw.
        let wallet = format!(
            "data-qr=\"{}\"",
            hallmark::qr_bits(&format!("https://fixture.github.io/academy/c/{id}/credential.json"))
        );
        assert!(page.contains(&wallet), "{id}");
        // The page is in the JSON's directory: it links the JSON beside it.
        assert!(page.contains("paste <a href=\"credential.json\">this link</a>"), "{id}");
        assert!(!page.contains("Open Badges 2.0"), "{id}");
    }
}

#[test]
fn open_badges_2_copies_need_the_issuers_email_and_take_drawn_artwork_for_a_badge_without_one() {
    let site = Site::fixture("small");
    with_ob2(&site);
    site.build();
    let drawn = String::from_utf8(site.files()["badges/first-aid/image.svg"].to_vec()).unwrap();
    assert!(drawn.contains("<title>First Aid</title>"), "first-aid has no image: hallmark draws one");
    let class: Value = serde_json::from_slice(&site.files()["badges/first-aid/badgeclass.json"]).unwrap();
    assert!(class["image"].as_str().is_some_and(|i| i.ends_with("badges/first-aid/image.svg")), "{class}");
    site.edit("hallmark.toml", "email = \"badges@academy.example\"\n", "");
    let err = stderr(&site.run(&["build"]));
    assert!(
        err.contains(
            "hallmark.toml:22:1: error: outputs.open_badges_2: an Open Badges 2.0 issuer must have an e-mail address"
        ),
        "{err}"
    );
}

#[test]
fn each_credential_gets_a_hosted_assertion_and_a_baked_badge_linked_from_its_page() {
    let site = Site::fixture("small");
    with_ob2(&site);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/one-pixel.png"),
        site.content().join("badges/first-aid.png"),
    )
    .unwrap();
    site.build();
    let files = site.files();
    let base = "https://fixture.github.io/academy/";
    let issuer: Value = serde_json::from_slice(&files["issuer-ob2.json"]).unwrap();
    assert_eq!(issuer["email"], "badges@academy.example");
    for (path, credential) in site.credentials() {
        let id = path.trim_start_matches("c/").trim_end_matches("/credential.json");
        let a: Value = serde_json::from_slice(&files[&format!("c/{id}/assertion.json")]).unwrap();
        let identity = &credential["credentialSubject"]["identifier"][0];
        assert_eq!(
            a["recipient"],
            json!({"type": "email", "hashed": true, "salt": identity["salt"], "identity": identity["identityHash"]})
        );
        assert_eq!(a["id"], format!("{base}c/{id}/assertion.json"));
        assert_eq!(a["verification"], json!({"type": "hosted"}));
        let badge = credential["credentialSubject"]["achievement"]["id"]
            .as_str()
            .unwrap()
            .replace("achievement.json", "badgeclass.json");
        assert_eq!(a["badge"], badge.as_str());
        let image = a["image"].as_str().unwrap().trim_start_matches(base).to_string();
        let baked = &files[&image];
        let page = String::from_utf8(files[&format!("c/{id}/index.html")].clone()).unwrap();
        // Linked from the page's place (../../, shorter than the site's /academy/).
        assert!(page.contains(&format!("<a href=\"../../c/{id}/assertion.json\">2.0 link</a>")), "{page}");
        assert!(page.contains(&format!("<a href=\"../../{image}\" download=")), "{page}");
        if image.ends_with(".png") {
            let text = format!("openbadges\0\0\0\0\0{}", serde_json::to_string(&a).unwrap());
            assert!(baked.windows(text.len()).any(|w| w == text.as_bytes()), "{image}: the assertion in an iTXt chunk");
        } else {
            let svg = String::from_utf8(baked.clone()).unwrap();
            assert!(
                svg.contains(&format!(
                    "<openbadges:assertion verify=\"{base}c/{id}/assertion.json\"><![CDATA[{}]]>",
                    serde_json::to_string(&a).unwrap()
                )),
                "{svg}"
            );
        }
    }
}

#[test]
fn a_revoked_credentials_assertion_says_revoked_and_gives_a_public_reason() {
    let site = Site::fixture("small");
    with_ob2(&site);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/one-pixel.png"),
        site.content().join("badges/first-aid.png"),
    )
    .unwrap();
    site.build();
    let id = ids(&site).remove(0);
    let out = site.run(&["revoke", &id, "--reason", "Issued in error.", "--public"]);
    assert!(out.status.success(), "{}", stderr(&out));
    site.build();
    let a: Value = serde_json::from_slice(&site.files()[&format!("c/{id}/assertion.json")]).unwrap();
    assert_eq!((&a["revoked"], &a["revocationReason"]), (&json!(true), &json!("Issued in error.")));
    let others = ids(&site).into_iter().skip(1);
    for other in others {
        let b: Value = serde_json::from_slice(&site.files()[&format!("c/{other}/assertion.json")]).unwrap();
        assert_eq!(b.get("revoked"), None, "{other}");
    }
}

/// The recipients' e-mail addresses in the demo's rosters, by name.
fn demo_emails(site: &Site) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (file, name_col, email_col) in
        [("2025-renewables-cohort.csv", "name", "email"), ("lms-export-2026.csv", "Learner Name", "Learner Email")]
    {
        let text = std::fs::read_to_string(site.content().join("recipients").join(file)).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let (n, e) =
            (headers.iter().position(|h| h == name_col).unwrap(), headers.iter().position(|h| h == email_col).unwrap());
        for row in reader.records() {
            let row = row.unwrap();
            out.push((row[n].to_string(), row[e].to_string()));
        }
    }
    out
}

#[test]
fn the_1edtech_validator_accepts_every_demo_assertion_and_reads_baked_badges() {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/.venv-ob2/bin/python");
    assert!(
        venv.is_file(),
        "{} is missing: run scripts/test, which installs tests/interop/ob2-requirements.txt",
        venv.display()
    );
    let site = Site::demo();
    with_ob2(&site);
    // One badge with PNG artwork, so both carriers are read.
    std::fs::remove_file(site.content().join("badges/sql-foundations.svg")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/one-pixel.png"),
        site.content().join("badges/sql-foundations.png"),
    )
    .unwrap();
    let serving = start_serve(&site, &["--port", "0"]).unwrap();
    let base = serving.url.clone();
    let ids = ids(&site);
    let page = |id: &str| reqwest_like_get(&format!("{base}c/{id}/"));
    let mut baked = Vec::new();
    let mut recipients = Vec::new();
    let emails = demo_emails(&site);
    for id in &ids {
        let html = page(id);
        if let Some(start) = html.find(&format!("/c/{id}/badge-ob2.")) {
            let rest = &html[start..];
            baked.push(format!("{}{}", base.trim_end_matches('/'), &rest[..rest.find('"').unwrap()]));
        }
    }
    // The validator checks that Amélie Fontaine's assertions are awarded to her address.
    let amelie = emails.iter().find(|(n, _)| n == "Amélie Fontaine").unwrap().1.clone();
    let assertions: Vec<String> = ids.iter().map(|id| format!("{base}c/{id}/assertion.json")).collect();
    for (id, name) in ledger_names(&site) {
        if name == "Amélie Fontaine" {
            recipients.push(json!([format!("{base}c/{id}/assertion.json"), amelie]));
        }
    }
    assert!(baked.iter().any(|u| u.ends_with(".png")) && baked.iter().any(|u| u.ends_with(".svg")), "{baked:?}");
    // Controls, so the validator is seen to say no: an address that is not the recipient's, and an
    // assertion that is not there.
    let impostor = format!("{base}c/{}/assertion.json", ids[0]);
    recipients.push(json!([impostor, "someone.else@example.org"]));
    let missing = format!("{base}c/nothere/assertion.json");
    let mut with_control = assertions.clone();
    with_control.push(missing.clone());
    let input = json!({"assertions": with_control, "baked": baked, "recipients": recipients});
    let mut child = Command::new(&venv)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/ob2_check.py"))
        .arg("2026-11-22T12:00:00Z")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("ob2_check.py printed no report ({e}):\n{}", String::from_utf8_lossy(&out.stderr)));
    let checks = report["recipients"].as_array().unwrap();
    assert_eq!(checks.len(), recipients.len());
    for c in checks {
        if c["email"] == "someone.else@example.org" {
            assert_eq!(c["valid"], false, "{c:#}");
            assert!(c["errors"][0].as_str().unwrap().contains("did not match assertion"), "{c:#}");
        } else {
            assert_eq!(c["recipient_verified"]["email"], amelie, "{c:#}");
            assert!(c["valid"] == true || c["expires"].as_str().is_some_and(|x| x < "2026-11-22"), "{c:#}");
        }
    }
    assert_eq!(report["assertions"][&missing]["valid"], false, "a missing assertion is not valid");
    check_report(&report, &ids, &base);
    eprintln!("1EdTech OB 2.0 validator: {} recipients confirmed, an impostor refused", recipients.len() - 1);
}

/// Every assertion valid, but for an expired one's expiry (the only error it may have); the
/// revoked one read as revoked with its reason; each baked badge read back to its assertion.
fn check_report(report: &Value, ids: &[String], base: &str) {
    let revoked_id = "k2jznejvobqwk64r2lac";
    let mut counts = (0, 0, 0);
    for id in ids {
        let url = format!("{base}c/{id}/assertion.json");
        let r = &report["assertions"][&url];
        let errors: Vec<&str> = r["errors"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
        assert_eq!(r["warnings"], json!([]), "{url}: {r:#}");
        match r["expires"].as_str() {
            Some(x) if x < "2026-11-22" => {
                assert_eq!(errors, [format!("Assertion {url} expired on {x}")], "{r:#}");
                counts.1 += 1;
            }
            _ => {
                assert!(errors.is_empty() && r["valid"] == true, "{url}: {r:#}");
                counts.0 += 1;
            }
        }
        if id == revoked_id {
            assert_eq!(r["revoked"], true, "{r:#}");
            assert_eq!(r["revocationReason"], "Issued in error: the practical assessment was not completed.");
            counts.2 += 1;
        } else {
            assert_eq!(r["revoked"], false, "{url}: {r:#}");
        }
    }
    eprintln!(
        "1EdTech OB 2.0 validator: {} valid, {} expired (reported as expired), {} revoked (read as revoked)",
        counts.0, counts.1, counts.2
    );
    let baked = report["baked"].as_object().unwrap();
    assert!(!baked.is_empty());
    for (url, b) in baked {
        let id = url.trim_start_matches(&format!("{base}c/")).split('/').next().unwrap();
        assert_eq!(b["hosted"], format!("{base}c/{id}/assertion.json"), "{url}: {b:#}");
        let v = &b["validator"];
        assert!(v["valid"] == true || v["expires"].as_str().is_some_and(|x| x < "2026-11-22"), "{url}: {b:#}");
    }
}

/// GET over plain HTTP/1.1 on loopback: the page or JSON as text.
fn reqwest_like_get(url: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    assert!(text.starts_with("HTTP/1.1 200"), "{url}: {}", text.lines().next().unwrap_or_default());
    text[text.find("\r\n\r\n").unwrap() + 4..].to_string()
}
