//! The demo, built from the repository as a clean clone has it, checked by independent third-party
//! Data Integrity implementations that know nothing of hallmark (tests/interop/di/verify.mjs):
//! Digital Bazaar's (@digitalbazaar/vc, data-integrity, eddsa-rdfc-2022-cryptosuite,
//! vc-bitstring-status-list), the Digital Credentials Consortium's verifier-core (what the Learner
//! Credential Wallet and its hosted verifier run), and SpruceID's DIDKit as LearnCard builds it
//! (Rust, compiled to WebAssembly). Offline: the sites are read from their directories and the
//! contexts from `contexts/`. `scripts/test` installs them (npm ci in tests/interop/di); without
//! them this test fails and says so, it never skips.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{stderr, Site};
use serde_json::{json, Value};

const DEMO_BASE: &str = "https://kestrelbay-poly.github.io/credentials/";
/// The date Digital Bazaar's verifier checks validity periods at: the tests' "today", at noon.
const NOW: &str = "2026-11-22T12:00:00Z";
/// The demo's revoked credential (content/revocations.toml).
const REVOKED: &str = "k2jznejvobqwk64r2lac";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the verifiers on `documents` (name, file), with `sites` (base URL, directory) as the web.
fn verify(sites: &[(&str, PathBuf)], documents: &[(String, PathBuf)]) -> Value {
    let dir = repo().join("tests/interop/di");
    let setup = "run scripts/test, which installs them (npm ci in tests/interop/di)";
    for package in ["@digitalbazaar/vc", "@digitalcredentials/verifier-core", "@learncard/didkit-plugin"] {
        assert!(dir.join("node_modules").join(package).is_dir(), "{package} is missing: {setup}");
    }
    let job = json!({
        "sites": sites.iter().map(|(base, dir)| json!({"base": base, "dir": dir})).collect::<Vec<_>>(),
        "contexts": repo().join("contexts"),
        "files": {
            "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json":
                repo().join("schemas/ob_v3p0_achievementcredential.json"),
        },
        "now": NOW,
        "documents": documents.iter().map(|(name, file)| json!({"name": name, "file": file})).collect::<Vec<_>>(),
    });
    let mut child = Command::new("node")
        .arg(dir.join("verify.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (Node.js 20 or later)");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), job.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("verify.mjs printed no report ({e}):\n{}", String::from_utf8_lossy(&out.stderr)));
    for library in ["digitalbazaar", "dcc", "didkit"] {
        assert!(report[library].get("fatal").is_none(), "{library}: {:#}", report[library]);
    }
    assert_eq!(report["refused"], json!([]), "the verifiers asked for nothing outside the sites and contexts");
    report
}

/// A credential's `validUntil`, if it has one.
fn valid_until(file: &Path) -> Option<String> {
    let doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    doc["validUntil"].as_str().map(String::from)
}

#[test]
fn three_independent_verifiers_accept_the_demo_and_see_tampering_revocation_and_expiry() {
    let site = Site::demo();
    site.build();
    let public = site.public();
    let mut documents: Vec<(String, PathBuf)> = site
        .credentials()
        .into_iter()
        .map(|(path, _)| {
            (path.trim_start_matches("c/").trim_end_matches("/credential.json").to_string(), public.join(&path))
        })
        .collect();
    let credentials = documents.len();
    for purpose in ["revocation", "suspension"] {
        documents.push((format!("{purpose} list"), public.join(format!("status/{purpose}/1.json"))));
    }
    add_altered_copies(&site, &mut documents, credentials);

    let report = verify(&[(DEMO_BASE, public.clone())], &documents);
    let (db, dcc, dk) = (&report["digitalbazaar"], &report["dcc"]["results"], &report["didkit"]["results"]);
    let seen = genuine_documents_pass(&report, &documents[..credentials + 2]);
    assert_eq!((seen.0, seen.2), (credentials, 1));
    assert!(seen.1 > 0, "the demo has expired credentials");
    // The tampered copy: every verifier says the signature does not match.
    assert_eq!(db["tampered"]["proof_error"], "Invalid signature.", "{:#}", db["tampered"]);
    assert_eq!(dcc["tampered"]["errors"], json!(["invalid_signature"]), "{:#}", dcc["tampered"]);
    assert!(dk["tampered"]["errors"][0].as_str().unwrap().starts_with("signature error"), "{:#}", dk["tampered"]);
    // The changed result: the signature covers it.
    assert_eq!(db["result changed"]["proof_error"], "Invalid signature.", "{:#}", db["result changed"]);
    assert_eq!(dcc["result changed"]["errors"], json!(["invalid_signature"]), "{:#}", dcc["result changed"]);
    let dk_result = &dk["result changed"]["errors"][0];
    assert!(dk_result.as_str().unwrap().starts_with("signature error"), "{dk_result:#}");
    // Every term of every genuine document expands under the bundled contexts (JSON-LD safe
    // mode): nothing hallmark writes is silently left out of what its proof signs. The check
    // can fail: the copy with an undefined term is refused.
    let expansion = &report["expansion"];
    for (name, _) in &documents[..credentials + 2] {
        assert_eq!(expansion[name]["ok"], true, "{name} expands without dropping a term: {:#}", expansion[name]);
    }
    assert_eq!(expansion["unknown term"]["ok"], false, "{:#}", expansion["unknown term"]);
    assert!(
        expansion["unknown term"]["error"].as_str().unwrap().contains("Safe mode"),
        "{:#}",
        expansion["unknown term"]
    );
    eprintln!(
        "third-party verifiers on the demo: {} credentials and 2 status lists accepted by Digital Bazaar, DCC verifier-core and DIDKit {}; {} expired reported as expired with a valid proof; the revoked one seen as revoked; a tampered copy rejected by all three",
        seen.0, report["didkit"]["version"], seen.1
    );
}

/// Adds to `documents` three altered copies of genuine credentials (of the first `credentials`):
/// one character of a name changed, a signed result's value changed (issue 25), and a term no
/// bundled context defines.
fn add_altered_copies(site: &Site, documents: &mut Vec<(String, PathBuf)>, credentials: usize) {
    let public = site.public();
    // One character changed in a genuine credential's name.
    let (_, genuine) = documents
        .iter()
        .find(|(name, _)| valid_until(&public.join(format!("c/{name}/credential.json"))).is_none())
        .unwrap()
        .clone();
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&genuine).unwrap()).unwrap();
    let name = &mut doc["credentialSubject"]["identifier"][1]["identityHash"];
    let mut letters: Vec<char> = name.as_str().unwrap().chars().collect();
    let last = letters.last_mut().unwrap();
    *last = if *last == 'x' { 'y' } else { 'x' };
    *name = letters.into_iter().collect::<String>().into();
    let tampered = serde_json::to_string_pretty(&doc).unwrap();
    let tampered_file = site.root().join("tampered.json");
    std::fs::write(&tampered_file, &tampered).unwrap();
    documents.push(("tampered".into(), tampered_file));
    // A signed result's value changed (issue 25), and a term no bundled context defines added.
    let (_, scored) = documents[..credentials]
        .iter()
        .find(|(_, file)| std::fs::read_to_string(file).unwrap().contains("\"result\""))
        .expect("the demo signs results")
        .clone();
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&scored).unwrap()).unwrap();
    let value = &mut doc["credentialSubject"]["result"][0]["value"];
    *value = if value == "99" { "98" } else { "99" }.into();
    let result_file = site.root().join("result-changed.json");
    std::fs::write(&result_file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    documents.push(("result changed".into(), result_file));
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&scored).unwrap()).unwrap();
    doc["credentialSubject"]["result"][0]["scoreNote"] = "outside every context".into();
    let unknown_file = site.root().join("unknown-term.json");
    std::fs::write(&unknown_file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    documents.push(("unknown term".into(), unknown_file));
}

/// Every genuine credential and status list passes each verifier: the proof, the schema, the
/// status (the demo's one revoked credential seen as revoked) and the validity period (an expired
/// credential reported as expired with a valid proof). The numbers of credentials, of expired
/// ones, and of revoked ones seen.
fn genuine_documents_pass(report: &Value, documents: &[(String, PathBuf)]) -> (usize, usize, usize) {
    let (db, dcc, dk) = (&report["digitalbazaar"], &report["dcc"]["results"], &report["didkit"]["results"]);
    let dcc_clock = report["dcc"]["clock"].as_str().unwrap();
    let mut seen = (0, 0, 0);
    for (name, file) in documents {
        let until = valid_until(file);
        let (d, c, k) = (&db[name], &dcc[name], &dk[name]);
        assert_eq!((&d["proof"], &k["errors"]), (&json!(true), &json!([])), "{name}: {d:#} {k:#}");
        assert_eq!((&c["errors"], &c["signature"]), (&json!([]), &json!(true)), "{name}: {c:#}");
        let expired_at_now = until.as_deref().is_some_and(|u| u < NOW);
        if expired_at_now {
            assert_eq!(d["verified"], false, "{name}: {d:#}");
            assert!(d["error"].as_str().unwrap().contains("is after \"validUntil\""), "{name}: {d:#}");
            seen.1 += 1;
        } else {
            assert_eq!(d["verified"], true, "{name}: {d:#}");
        }
        if name.ends_with(" list") {
            continue;
        }
        assert_eq!(c["expiration"], json!(until.as_deref().is_none_or(|u| u >= dcc_clock)), "{name}: {c:#}");
        assert_eq!(c["schema"][0]["result"]["valid"], true, "{name}: {c:#}");
        let revoked = name == REVOKED;
        assert_eq!(c["revocation"], json!(!revoked), "{name}: {c:#}");
        if !expired_at_now {
            assert_eq!((&d["status_set"], &d["status_verified"]), (&json!(revoked), &json!(true)), "{name}: {d:#}");
        }
        seen.0 += 1;
        seen.2 += usize::from(revoked);
    }
    seen
}

#[test]
fn a_verifier_that_refuses_unknown_suites_rejects_the_old_two_proof_set_and_accepts_rdfc_alone() {
    // The site built before the proof profile (both suites), and the same site moved to
    // eddsa-rdfc-2022 alone (tests/it/migration.rs): its credentials keep their rdfc proofs.
    let site = Site::fixture("two-proofs");
    let key = std::fs::read_to_string(site.root().join("TEST-ONLY-rotated-signing-key.txt")).unwrap();
    let key = key.lines().last().unwrap().trim().to_string();
    let config = site.content().join("hallmark.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{}\nproofs = [\"eddsa-rdfc-2022\"]\n", text.trim_end())).unwrap();
    let out = site.run_with_env(&["build"], &[("HALLMARK_SIGNING_KEY", &key)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let base = "https://two-proofs.github.io/academy/";
    let mut documents = Vec::new();
    for (tag, dir) in [("old", site.root().join("published")), ("rdfc", site.public())] {
        for rel in [
            "c/cdudp4bsrhn6btbr6523/credential.json",
            "c/x7cm7cplb6sproi35hwq/credential.json",
            "status/revocation/1.json",
        ] {
            documents.push((format!("{tag} {rel}"), dir.join(rel)));
        }
    }
    let report = verify(&[(base, site.public())], &documents);
    let dk = &report["didkit"]["results"];
    for (name, _) in &documents {
        let r = &dk[name];
        if name.starts_with("old ") {
            let threw = r["threw"].as_str().unwrap_or_default();
            assert!(threw.contains("did not match any variant"), "DIDKit refuses the whole proof set: {name}: {r:#}");
        } else {
            assert_eq!((&r["checks"], &r["errors"]), (&json!(["proof"]), &json!([])), "{name}: {r:#}");
        }
        // Digital Bazaar's and the DCC's verifiers skip a proof of a suite they do not know and
        // verify the eddsa-rdfc-2022 one: both forms pass.
        assert_eq!(report["digitalbazaar"][name]["proof"], true, "{name}");
        assert_eq!(report["dcc"]["results"][name]["signature"], true, "{name}");
    }
    eprintln!(
        "DIDKit {} (LearnCard's build) rejects the two-proof set before any signature ({}) and verifies the same credentials with eddsa-rdfc-2022 alone",
        report["didkit"]["version"],
        dk["old c/cdudp4bsrhn6btbr6523/credential.json"]["threw"].as_str().unwrap_or_default()
    );
}
