//! The QR codes a landing page draws in the browser (`themes/default/src/qr.js` and its published
//! build, from the modules the build writes into `data-qr`: `hallmark::qr_bits`) held to the
//! build's own drawing for PDF certificates (`hallmark::qr_svg_path`), path for path, in Node, for
//! texts that need every version of the code from 1 to 40; and each version's path, as the browser
//! draws it, and its modules, as the page carries them, read back by rqrr, which shares no code
//! with the encoder.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::qr::{read_bits, read_path};

/// Texts of every length to 200 bytes, then every 13th to 2,953 (the most the largest code holds
/// in byte mode at level L), in ASCII with digits and capitals, and in UTF-8 of two and three
/// bytes a character.
fn texts() -> Vec<String> {
    let url = "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/credential.json?A=1&b=2025";
    let pattern: String = url.chars().cycle().take(3_000).collect();
    let mut texts: Vec<String> = (1..200).chain((200..=2_953).step_by(13)).map(|n| pattern[..n].to_string()).collect();
    texts.extend(["0123456789".repeat(30), "ÉLODIE Ñandú".repeat(9), "陈静 · 雷 910".repeat(12), "x".repeat(2_953)]);
    texts
}

#[test]
fn the_pages_qr_codes_are_drawn_as_the_build_draws_them_at_every_version() {
    let texts = texts();
    let bits: Vec<String> = texts.iter().map(|t| hallmark::qr_bits(t)).collect();
    assert!(bits.iter().all(|b| !b.is_empty()), "every text fits a code");
    assert_eq!(hallmark::qr_bits(&"x".repeat(2_954)), "", "a text no code holds has none");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("codes.json");
    std::fs::write(&input, serde_json::to_string(&bits).unwrap()).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new("node").arg(repo.join("tests/js/qrcodes.mjs")).arg(&input).output().expect("node runs");
    assert!(run.status.success(), "tests/js/qrcodes.mjs failed: {}", String::from_utf8_lossy(&run.stderr));
    let drawn: Vec<Value> = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(drawn.len(), texts.len());
    let mut versions = BTreeSet::new();
    for (text, js) in texts.iter().zip(&drawn) {
        let (side, d) = hallmark::qr_svg_path(text).unwrap();
        for build in ["source", "published"] {
            let path = (js[build]["side"].as_u64(), js[build]["path"].as_str());
            assert!(
                path == (Some(side as u64), Some(d.as_str())),
                "{build} qr.js draws another path for {} bytes: {text:?}",
                text.len()
            );
        }
        // Each version's first code, read back from what the browser draws.
        let version = (side - 8 - 17) / 4;
        if versions.insert(version) {
            assert_eq!(
                &read_path(side, js["published"]["path"].as_str().unwrap()),
                text,
                "version {version}: the path"
            );
            assert_eq!(&read_bits(&hallmark::qr_bits(text)), text, "version {version}: the modules");
        }
    }
    assert_eq!(versions, (1..=40).collect(), "every version is drawn");
}
