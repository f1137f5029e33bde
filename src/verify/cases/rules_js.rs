//! `themes/default/src/rules.js`: the browser verifier's constants, generated from the Rust ones.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{check_or_write, layout, repo, Purpose};

/// `text` as a JavaScript string literal (the values are plain ASCII, with no quote to escape).
fn js_string(text: &str) -> String {
    assert!(text.is_ascii() && !text.contains(['\'', '\\', '\n']), "{text:?}");
    format!("'{text}'")
}

/// The status list path with `{purpose}` and `{list}` in place of its parts, read off
/// `layout::status_list` itself, and checked to give back what it gives.
fn status_list_path() -> String {
    let sample = layout::status_list(Purpose::Revocation, 987_654_321);
    let path = sample.replacen("revocation", "{purpose}", 1).replacen("987654321", "{list}", 1);
    for purpose in Purpose::ALL {
        for list in [1, 2, 40] {
            let filled = path.replace("{purpose}", purpose.as_str()).replace("{list}", &list.to_string());
            assert_eq!(filled, layout::status_list(purpose, list), "the status list path has one shape");
        }
    }
    path
}

/// The text of `themes/default/src/rules.js`.
fn browser_rules_module() -> String {
    use crate::crypto::{integrity, rdfc};
    use crate::ground::{did_web, layout as bake};
    let signature: Vec<String> = bake::PNG_SIGNATURE.iter().map(u8::to_string).collect();
    let constants: Vec<(&str, &str, String)> = vec![
        (
            "OB3_NAMESPACE",
            "The Open Badges 3.0 namespace of a baked SVG's credential element.",
            js_string(bake::SVG_NAMESPACE),
        ),
        (
            "OB2_SVG_NAMESPACE",
            "Open Badges 2.0's baking namespace (its assertion element).",
            js_string(bake::OB2_SVG_NAMESPACE),
        ),
        ("PNG_SIGNATURE", "The first bytes of every PNG file.", format!("[{}]", signature.join(", "))),
        ("PNG_KEYWORD", "The keyword of the iTXt chunk that carries a baked credential.", js_string(bake::PNG_KEYWORD)),
        ("OB2_PNG_KEYWORD", "The keyword of Open Badges 2.0's baked chunk.", js_string(bake::OB2_PNG_KEYWORD)),
        (
            "STATUS_LIST_BITS",
            "The fewest entries a status list may have (the Bitstring Status List standard's minimum).",
            layout::STATUS_LIST_BITS.to_string(),
        ),
        (
            "STATUS_LIST_PATH",
            "Where a status list is published, under the site's base URL.",
            js_string(&status_list_path()),
        ),
        ("DID_WEB_PREFIX", "The prefix of every did:web.", js_string(did_web::PREFIX)),
        (
            "DID_WEB_PORT_COLON",
            "A port's colon in a did:web: the only escape resolution decodes (in either case).",
            js_string(did_web::PORT_COLON),
        ),
        (
            "DID_DOCUMENT_AT_ROOT",
            "Where a did:web without a path has its DID document.",
            js_string(did_web::DOCUMENT_AT_ROOT),
        ),
        (
            "DID_DOCUMENT_IN_PATH",
            "Where a did:web with a path has its DID document.",
            js_string(did_web::DOCUMENT_IN_PATH),
        ),
        ("EDDSA_JCS_2022", "The cryptosuites hallmark signs with.", js_string(integrity::EDDSA_JCS_2022)),
        ("EDDSA_RDFC_2022", "", js_string(rdfc::EDDSA_RDFC_2022)),
    ];
    let mut out = String::from(
        "/* hallmark: GENERATED from the Rust constants by the test browser_rules_module_is_generated_from_rust\n   \
         (src/verify/cases/rules_js.rs). Do not edit: change the Rust side, then write this file again with\n   \
         HALLMARK_BLESS=1 cargo test --lib verify::cases, and build the published scripts (node\n   \
         tests/js/build.mjs). */\n",
    );
    for (name, doc, value) in constants {
        if !doc.is_empty() {
            out.push_str(&format!("// {doc}\n"));
        }
        out.push_str(&format!("export const {name} = {value};\n"));
    }
    out
}

#[test]
fn browser_rules_module_is_generated_from_rust() {
    let files = BTreeMap::from([(PathBuf::from("rules.js"), browser_rules_module())]);
    check_or_write(&repo().join("themes/default/src"), &files, false);
}

#[test]
fn the_suspension_list_sits_beside_the_revocation_list() {
    for base in ["https://example.org/", "https://x.github.io/creds/", "http://127.0.0.1:8000/"] {
        for list in [1, 12] {
            let revocation = format!("{base}{}", layout::status_list(Purpose::Revocation, list));
            let suspension = format!("{base}{}", layout::status_list(Purpose::Suspension, list));
            assert_eq!(crate::document::credential::suspension_list_for(&revocation), Some(suspension));
        }
    }
}
