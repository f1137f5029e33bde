//! `hallmark verify` as users run it, and tampering: every mutant of a signed credential is rejected.

use crate::support::signing::short_encoded_list;
use crate::support::{self, resign, stderr, stdout, Proofs, Site};
use hallmark::verify::{Outcome, Report, Resolver, State, Step, Verifier};
use serde_json::{json, Value};

const BASE: &str = "https://fixture.github.io/academy/";

/// The fixture built with both proofs, eddsa-rdfc-2022 and eddsa-jcs-2022: `hallmark verify`
/// checks every proof a credential carries, so these tests have two to check and to tamper with.
fn built() -> Site {
    let site = Site::fixture("small");
    with_both_proofs(&site);
    site.build();
    site
}

/// Asks for both proofs in the site's `[signing]`.
fn with_both_proofs(site: &Site) {
    let config = site.content().join("hallmark.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[signing]\nproofs = [\"eddsa-rdfc-2022\", \"eddsa-jcs-2022\"]\n");
    std::fs::write(config, text).unwrap();
}

fn verifier(site: &Site) -> Verifier {
    // Noon on 2026-11-22, the tests' "today".
    let now = hallmark::Date::parse_iso("2026-11-22").unwrap().days() * 86_400 + 43_200;
    Verifier::new(Resolver::offline().with_site(BASE, &site.public()), now).unwrap()
}

fn state_of(v: &Verifier, doc: &Value) -> State {
    checked(v, doc).state
}

/// The report on `doc`, after checking that every step says in words what it found.
fn checked(v: &Verifier, doc: &Value) -> Report {
    let report = v.verify("test", doc);
    for s in &report.steps {
        assert!(!s.detail.trim().is_empty(), "the {} step says nothing: {report:#?}", s.step);
        for junk in ["Some(", "Error", "proof: ", "\"\"", "Object {", "String("] {
            assert!(!s.detail.contains(junk), "the {} step is not plain words ({junk}): {:?}", s.step, s.detail);
        }
    }
    report
}

/// The step of `report` called `name`.
fn step<'a>(report: &'a Report, name: &str) -> &'a Step {
    report.steps.iter().find(|s| s.step == name).unwrap_or_else(|| panic!("no {name} step: {report:#?}"))
}

fn by_name(site: &Site, name: &str) -> (String, Value) {
    site.credentials()
        .into_iter()
        .find(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"] == name)
        .unwrap()
}

mod baked;
mod basics;
mod keys;
mod sites;
mod status;
mod tampering;

/// Every leaf of `value` outside `proof`, as a JSON pointer.
fn leaves(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                if pointer.is_empty() && k == "proof" {
                    continue;
                }
                leaves(v, format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                leaves(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => out.push(pointer),
    }
}

/// Every object and array outside `proof`, as a JSON pointer (for added and removed members).
fn containers(value: &Value, pointer: String, out: &mut Vec<String>) {
    if !value.is_object() && !value.is_array() {
        return;
    }
    out.push(pointer.clone());
    match value {
        Value::Object(m) => {
            for (k, v) in m.iter().filter(|(k, _)| !(pointer.is_empty() && *k == "proof")) {
                containers(v, format!("{pointer}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                containers(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Changes a file of the built site that holds JSON, and signs it again if `sign` is given.
fn rewrite(site: &Site, rel: &str, sign: Option<Proofs>, change: impl FnOnce(&mut Value)) {
    let path = site.public().join(rel);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    change(&mut doc);
    if let Some(proofs) = sign {
        resign(&mut doc, proofs);
    }
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

/// `hallmark verify FILE` in text and JSON: the exit status, the text, and the steps as JSON.
fn run_verify(site: &Site, file: &std::path::Path, extra: &[&str]) -> (Option<i32>, String, Vec<Value>) {
    let mut args = vec!["verify"];
    args.extend_from_slice(extra);
    args.push(file.to_str().unwrap());
    let text = site.run(&args);
    args.splice(1..1, ["--format", "json"]);
    let json = site.run(&args);
    assert_eq!(text.status.code(), json.status.code());
    let report: Value = serde_json::from_str(&stdout(&json)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&json)));
    let steps = report["credentials"][0]["steps"].as_array().cloned().unwrap_or_default();
    (text.status.code(), stdout(&text) + &stderr(&text), steps)
}

fn json_step<'a>(steps: &'a [Value], name: &str) -> &'a Value {
    steps.iter().find(|s| s["step"] == name).unwrap_or_else(|| panic!("no {name} step in {steps:?}"))
}

/// Ada Lovelace's entry in the revocation list.
fn ada_index(site: &Site) -> u64 {
    let (_, ada) = by_name(site, "Ada Lovelace");
    ada["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap()
}

/// `text` escaped as XML character data, with every kind of reference an SVG editor may write.
fn xml_escaped(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&apos;"),
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#x7D;"),
            c if !c.is_ascii() && i % 2 == 0 => out.push_str(&format!("&#x{:X};", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The fixture built with `--base-url base`, signed with the key of `seed`.
fn built_at(base: &str, seed: [u8; 32]) -> Site {
    let site = Site::fixture("small");
    with_both_proofs(&site);
    let secret = hallmark::crypto::Key::from_seed(seed).secret_multibase();
    let out = site.run_with_env(&["build", "--base-url", base], &[("HALLMARK_SIGNING_KEY", &secret)]);
    assert!(out.status.success(), "build at {base} failed:\n{}", stderr(&out));
    site
}

/// `hallmark verify --format json ARGS…`: the exit status and the report.
fn verify_json(site: &Site, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["verify", "--format", "json"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    let report =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code(), report)
}

fn state_by_source(report: &Value) -> Vec<(String, String)> {
    report["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["source"].as_str().unwrap().to_string(), c["state"].as_str().unwrap().to_string()))
        .collect()
}
