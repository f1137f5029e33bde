//! Every state change is a reviewed, one-line content change that verifiers see at the next build:
//! revoke, suspend and reinstate, expire, renew, correct.

use crate::support::{self, stderr, stdout, Site};
use hallmark::crypto::Bitstring;
use serde_json::Value;

fn by_name(site: &Site, name: &str) -> Vec<(String, Value)> {
    site.credentials()
        .into_iter()
        .filter(|(_, c)| c["credentialSubject"]["identifier"][1]["identityHash"] == name)
        .collect()
}

fn id_of(path: &str) -> String {
    path.trim_start_matches("c/").trim_end_matches("/credential.json").to_string()
}

fn page(site: &Site, id: &str) -> String {
    String::from_utf8(site.files()[&format!("c/{id}/index.html")].clone()).unwrap()
}

fn bit(site: &Site, purpose: &str, cred: &Value) -> bool {
    let index: u64 = cred["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap();
    let list: Value = serde_json::from_slice(&site.files()[&format!("status/{purpose}/1.json")]).unwrap();
    Bitstring::decode(list["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap().get(index)
}

fn verify_state(site: &Site, today: &str, path: &str) -> String {
    let out = site.run_at(today, &["verify", "--format", "json", site.public().join(path).to_str().unwrap()], &[]);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    report["credentials"][0]["state"].as_str().unwrap().to_string()
}

mod reissue;
mod rules;
mod states;

fn list_valid_from(site: &Site, purpose: &str) -> String {
    let list: Value = serde_json::from_slice(&site.files()[&format!("status/{purpose}/1.json")]).unwrap();
    list["validFrom"].as_str().unwrap().to_string()
}
