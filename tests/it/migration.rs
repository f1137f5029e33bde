//! A site built before the proof profile existed (tests/fixtures/two-proofs: every credential and
//! status list with an eddsa-rdfc-2022 and an eddsa-jcs-2022 proof, some of them archived by a key
//! rotation) moves to eddsa-rdfc-2022 alone with one configuration change and a build: no
//! credential is signed anew, each keeps its eddsa-rdfc-2022 proof byte for byte, and the copies
//! recipients downloaded before still verify.

use std::collections::BTreeMap;
use std::process::Output;

use crate::support::{snapshot, stderr, stdout, Site};
use serde_json::Value;

/// The fixture, and the secret of the key its ledger names (TEST-ONLY).
fn old_site() -> (Site, String) {
    let site = Site::fixture("two-proofs");
    let text = std::fs::read_to_string(site.root().join("TEST-ONLY-rotated-signing-key.txt")).unwrap();
    let secret = text.lines().last().unwrap().trim().to_string();
    (site, secret)
}

fn run(site: &Site, secret: &str, args: &[&str]) -> Output {
    site.run_with_env(args, &[("HALLMARK_SIGNING_KEY", secret)])
}

fn build(site: &Site, secret: &str, args: &[&str]) -> Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = run(site, secret, &all);
    assert!(out.status.success(), "build {args:?} failed:\n{}{}", stdout(&out), stderr(&out));
    out
}

/// What the old hallmark published: the JSON files recipients and verifiers downloaded.
fn published(site: &Site) -> BTreeMap<String, Vec<u8>> {
    snapshot(&site.root().join("published"))
}

/// The built file at each path of the published ones.
fn built_like(site: &Site, published: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let files = site.files();
    published.keys().map(|p| (p.clone(), files.get(p).cloned().unwrap_or_default())).collect()
}

/// A published document with only its eddsa-rdfc-2022 proof, as hallmark writes JSON.
fn without_jcs(path: &str, bytes: &[u8]) -> Vec<u8> {
    let mut doc: Value = serde_json::from_slice(bytes).unwrap();
    let proofs = doc["proof"].as_array_mut().unwrap();
    assert_eq!(proofs.len(), 2, "the old site signed with two suites");
    proofs.retain(|p| p["cryptosuite"] == "eddsa-rdfc-2022");
    written(path, &doc)
}

/// `doc` as today's hallmark writes the file at `path`: a credential's own JSON compact, the
/// site's shared files (DID document, status lists) pretty; each with a final newline.
fn written(path: &str, doc: &Value) -> Vec<u8> {
    let mut out =
        if path.starts_with("c/") { serde_json::to_vec(doc).unwrap() } else { serde_json::to_vec_pretty(doc).unwrap() };
    out.push(b'\n');
    out
}

/// The old hallmark's files as today's writes the same documents: the credentials compact (the old
/// hallmark wrote them pretty; the proofs are over the canonical form, which white space is not part of).
fn as_written_today(published: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let doc = |b: &[u8]| serde_json::from_slice::<Value>(b).unwrap();
    published.iter().map(|(p, b)| (p.clone(), written(p, &doc(b)))).collect()
}

fn add_to_signing(site: &Site, line: &str) {
    let path = site.content().join("hallmark.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.trim_end().ends_with(']') && text.contains("\n[signing]\n"), "[signing] is the last table");
    std::fs::write(path, format!("{}\n{line}\n", text.trim_end())).unwrap();
}

#[test]
fn todays_hallmark_builds_the_old_site_byte_for_byte_and_records_its_two_proofs() {
    let (site, secret) = old_site();
    let old_ledger = site.ledger();
    let out = build(&site, &secret, &["--locked"]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("does not record which proofs this site signs with yet"), "{said}");
    let published = published(&site);
    assert_eq!(published.len(), 7);
    assert_eq!(
        built_like(&site, &published),
        as_written_today(&published),
        "--locked: nothing the old hallmark signed changes"
    );
    assert_eq!(site.ledger(), old_ledger, "--locked leaves the ledger alone");

    let out = build(&site, &secret, &[]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("set proofs = [\"eddsa-rdfc-2022\"] under [signing]"), "told how to move: {said}");
    assert!(stdout(&out).contains("hallmark.lock updated"), "{said}");
    // The ledger gains the proofs it records, how its achievements name their creator (the whole
    // profile, as the old hallmark made them), and the count of its entries (which guards against
    // a file cut short) that today's hallmark writes below its header lines.
    let recorded = "# proofs: the cryptosuites this site signs with. [signing] proofs in hallmark.toml changes it.\n\
                    proofs\teddsa-rdfc-2022 eddsa-jcs-2022\n\
                    # achievement-creator: how each credential's achievement names its creator, the issuer \
                    (id: by its id alone; profile: with the whole issuer profile again). [outputs] \
                    achievement_creator in hallmark.toml changes it.\n\
                    achievement-creator\tprofile\n\
                    # count: 4 credentials; a ledger holding fewer was cut short\n";
    let key_line = old_ledger.lines().find(|l| l.starts_with("signing-key\t")).unwrap();
    assert_eq!(site.ledger(), old_ledger.replacen(&format!("{key_line}\n"), &format!("{key_line}\n{recorded}"), 1));
    assert_eq!(built_like(&site, &published), as_written_today(&published));
}

#[test]
fn one_config_change_drops_the_jcs_proofs_and_keeps_every_rdfc_proof_byte_for_byte() {
    let (site, secret) = old_site();
    build(&site, &secret, &[]); // today's hallmark records the old profile and fills its build cache
    let before = site.ledger();
    add_to_signing(&site, "proofs = [\"eddsa-rdfc-2022\"]");

    let out = run(&site, &secret, &["build", "--locked"]);
    assert!(!out.status.success(), "--locked refuses a change of the proofs");
    assert!(
        stderr(&out).contains(
            "this build would change the proofs hallmark.lock records from eddsa-rdfc-2022 eddsa-jcs-2022 to eddsa-rdfc-2022"
        ),
        "{}",
        stderr(&out)
    );

    let out = build(&site, &secret, &[]);
    // Three credentials take their proofs from hallmark.proofs (their key is retired); the fourth
    // is signed by the site's key, deterministically, as before.
    assert!(stdout(&out).contains(" 1 credential signed,"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("eddsa-jcs-2022"), "{}", stdout(&out));
    let published = published(&site);
    for (path, old) in &published {
        let now = &site.files()[path];
        if path == "did.json" {
            assert_eq!(now, old, "did.json is unchanged");
        } else {
            assert_eq!(String::from_utf8_lossy(now), String::from_utf8_lossy(&without_jcs(path, old)), "{path}");
        }
    }
    // The ledger diff is the profile line and nothing else.
    let after = site.ledger();
    assert_eq!(after, before.replace("proofs\teddsa-rdfc-2022 eddsa-jcs-2022\n", "proofs\teddsa-rdfc-2022\n"));
    assert_ne!(after, before);

    let out = run(&site, &secret, &["verify", site.public().to_str().unwrap()]);
    assert!(stdout(&out).contains("4 credentials: 1 revoked, 1 expired, 2 verified"), "{}", stdout(&out));
    let out = run(&site, &secret, &["verify", "--format", "json", site.public().to_str().unwrap()]);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let reports = report["credentials"].as_array().unwrap();
    assert_eq!(reports.len(), 4);
    for r in reports {
        assert_eq!(r["suites_verified"], serde_json::json!(["eddsa-rdfc-2022"]), "{r:#}");
    }

    // Copies downloaded before the move carry both proofs; they verify against the new site.
    let mut args = vec!["verify".to_string(), "--format".into(), "json".into(), "--site".into()];
    args.push(site.public().to_string_lossy().into_owned());
    for id in ["cdudp4bsrhn6btbr6523", "x7cm7cplb6sproi35hwq"] {
        args.push(site.root().join(format!("published/c/{id}/credential.json")).to_string_lossy().into_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&site, &secret, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    for r in report["credentials"].as_array().unwrap() {
        assert_eq!(r["suites_verified"], serde_json::json!(["eddsa-rdfc-2022", "eddsa-jcs-2022"]), "{r:#}");
    }
    assert_eq!(report["credentials"].as_array().unwrap().len(), 2);

    let out = build(&site, &secret, &["--locked"]);
    assert!(stdout(&out).contains(" 0 credentials signed,"), "a rebuild changes nothing: {}", stdout(&out));
    assert!(stdout(&out).contains(" 0 written") || stdout(&out).contains(": 0 files written"), "{}", stdout(&out));
}

#[test]
fn asking_for_both_suites_again_restores_the_old_site_byte_for_byte() {
    let (site, secret) = old_site();
    add_to_signing(&site, "proofs = [\"eddsa-rdfc-2022\"]");
    build(&site, &secret, &[]);
    let path = site.content().join("hallmark.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("[\"eddsa-rdfc-2022\"]", "[\"eddsa-rdfc-2022\", \"eddsa-jcs-2022\"]")).unwrap();
    build(&site, &secret, &[]);
    // The retired key's eddsa-jcs-2022 proofs come back from hallmark.proofs; the current key makes
    // the same signature again.
    let published = published(&site);
    assert_eq!(built_like(&site, &published), as_written_today(&published));
    assert!(site.ledger().contains("\nproofs\teddsa-rdfc-2022 eddsa-jcs-2022\n"));
}

/// An achievement's creator named by its id alone (`[outputs] achievement_creator = "id"`, what a
/// new site does) on the old site, once it signs with eddsa-rdfc-2022 alone: each credential's
/// achievement gives the issuer's id rather than its whole profile again. A credential signed by
/// the site's key keeps its eddsa-rdfc-2022 proof byte for byte (in RDF the two forms are the
/// same statements); one whose proof was archived by a key rotation is signed again by the site's
/// key. The copies downloaded before still verify; the ledger records the choice; `--locked`
/// refuses it.
#[test]
fn naming_the_creator_by_its_id_keeps_every_rdfc_proof_and_shortens_each_credential() {
    let (site, secret) = old_site();
    add_to_signing(&site, "proofs = [\"eddsa-rdfc-2022\"]");
    build(&site, &secret, &[]);
    let before = site.files();
    let ledger_before = site.ledger();
    assert!(ledger_before.contains("\nachievement-creator\tprofile\n"), "{ledger_before}");
    let path = site.content().join("hallmark.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{}\n\n[outputs]\nachievement_creator = \"id\"\n", text.trim_end())).unwrap();

    let out = run(&site, &secret, &["build", "--locked"]);
    assert!(!out.status.success(), "--locked refuses the change");
    assert!(stderr(&out).contains("from profile to id ([outputs] achievement_creator)"), "{}", stderr(&out));

    build(&site, &secret, &[]);
    assert_eq!(site.ledger(), ledger_before.replace("\nachievement-creator\tprofile\n", "\nachievement-creator\tid\n"));
    let after = site.files();
    let credentials: Vec<&String> =
        after.keys().filter(|p| p.starts_with("c/") && p.ends_with("/credential.json")).collect();
    assert_eq!(credentials.len(), 4);
    let (mut kept, mut methods) = (0, std::collections::BTreeSet::new());
    for path in credentials {
        let (old, new): (Value, Value) =
            (serde_json::from_slice(&before[path]).unwrap(), serde_json::from_slice(&after[path]).unwrap());
        let issuer = &new["issuer"];
        assert!(issuer["name"].is_string() && issuer["url"].is_string(), "the issuer's whole profile: {issuer}");
        let creator = &new["credentialSubject"]["achievement"]["creator"];
        assert_eq!(creator, &serde_json::json!({"id": issuer["id"], "type": ["Profile"]}), "{path}");
        assert_eq!(old["credentialSubject"]["achievement"]["creator"], *issuer, "{path}: before, the whole profile");
        let method = |d: &Value| d["proof"][0]["verificationMethod"].as_str().unwrap().to_string();
        if method(&old) == method(&new) {
            assert_eq!(new["proof"], old["proof"], "{path}: the same eddsa-rdfc-2022 proof");
            kept += 1;
        }
        methods.insert(method(&new));
        assert!(after[path].len() < before[path].len(), "{path}: shorter");
    }
    // The credential signed by the site's key keeps its proof; the three whose proofs came from
    // hallmark.proofs (by the retired key, which is kept for its documents exactly as they were)
    // are signed by the site's key now.
    assert_eq!(kept, 1);
    assert_eq!(methods.len(), 1, "{methods:?}");
    // The achievement's own document still says who made it, in full.
    let achievement: Value = serde_json::from_slice(&after["badges/sql/achievement.json"]).unwrap();
    assert_eq!(achievement["creator"]["name"], "Two-proof Academy");

    let out = run(&site, &secret, &["verify", site.public().to_str().unwrap()]);
    assert!(stdout(&out).contains("4 credentials: 1 revoked, 1 expired, 2 verified"), "{}", stdout(&out));
    let mut args = vec!["verify".to_string(), "--site".into(), site.public().to_string_lossy().into_owned()];
    for id in ["cdudp4bsrhn6btbr6523", "x7cm7cplb6sproi35hwq"] {
        args.push(site.root().join(format!("published/c/{id}/credential.json")).to_string_lossy().into_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&site, &secret, &args);
    assert_eq!(out.status.code(), Some(0), "copies downloaded before still verify: {}", stdout(&out));
}
