//! Baked badges: SVGs however written, and what is not a baked credential.

use super::*;

#[test]
fn baked_svgs_are_read_as_xml_whatever_the_prefix_escaping_or_comments() {
    let site = built();
    let (path, cred) = by_name(&site, "Siobhán O'Brien");
    let text = String::from_utf8(site.files()[&path].clone()).unwrap();
    let (half1, half2) = text.split_at(text.find("\"issuer\"").unwrap());
    let svg_open = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"";
    let ns = "https://purl.imsglobal.org/ob/v3p0";
    let cases = [
        (
            "escaped text",
            format!("{svg_open} xmlns:openbadges=\"{ns}\"><openbadges:credential>{}</openbadges:credential></svg>", xml_escaped(&text)),
        ),
        (
            "escaped text and CDATA, mixed",
            format!(
                "{svg_open} xmlns:openbadges=\"{ns}\"><openbadges:credential>\n  <![CDATA[{half1}]]>{}\n</openbadges:credential></svg>",
                xml_escaped(half2)
            ),
        ),
        ("another prefix", format!("{svg_open} xmlns:ob=\"{ns}\"><ob:credential><![CDATA[{text}]]></ob:credential></svg>")),
        ("the default namespace", format!("{svg_open}><credential xmlns='{ns}'><![CDATA[{text}]]></credential></svg>")),
        (
            "decoys in a comment, a processing instruction and a CDATA section outside the element",
            format!(
                "<?xml version=\"1.0\"?>\n<!-- <openbadges:credential>{{\"not\":\"it\"}}</openbadges:credential> -->\n\
                 <?editor <openbadges:credential>{{}}</openbadges:credential> ?>\n\
                 {svg_open} xmlns:openbadges=\"{ns}\" data-note=\"a > b\"><![CDATA[<openbadges:credential>{{}}</openbadges:credential>]]>\
                 <title>Badge</title><openbadges:credential><!-- the credential: --><![CDATA[{text}]]></openbadges:credential></svg>"
            ),
        ),
    ];
    for (what, svg) in cases {
        let file = site.root().join("baked.svg");
        std::fs::write(&file, &svg).unwrap();
        let (code, out, _) = run_verify(&site, &file, &["--site", site.public().to_str().unwrap()]);
        assert_eq!(code, Some(0), "{what}:\n{out}\n{svg}");
        let parsed = hallmark::verify::input::parse_bytes(svg.as_bytes()).unwrap();
        assert_eq!(parsed["id"], cred["id"], "{what}");
    }
}

#[test]
fn an_svg_element_outside_the_open_badges_namespace_is_not_a_baked_credential() {
    let site = built();
    let (path, _) = by_name(&site, "Ada Lovelace");
    let text = String::from_utf8(site.files()[&path].clone()).unwrap();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\">\
         <openbadges:credential><![CDATA[{text}]]></openbadges:credential></svg>"
    );
    let err = hallmark::verify::input::parse_bytes(svg.as_bytes()).unwrap_err();
    assert!(err.contains("not in the Open Badges 3.0 namespace https://purl.imsglobal.org/ob/v3p0"), "{err}");
    let unbound = format!("<svg><openbadges:credential><![CDATA[{text}]]></openbadges:credential></svg>");
    let err = hallmark::verify::input::parse_bytes(unbound.as_bytes()).unwrap_err();
    assert!(err.contains("uses the prefix openbadges without declaring it"), "{err}");
}

#[test]
fn a_json_credential_that_mentions_svg_is_still_read_as_json() {
    let site = built();
    let (_, ada) = by_name(&site, "Ada Lovelace");
    let mut m = ada.clone();
    m["credentialSubject"]["achievement"]["description"] = json!("Draws <svg> charts");
    let parsed = hallmark::verify::input::parse_bytes(serde_json::to_string_pretty(&m).unwrap().as_bytes()).unwrap();
    assert_eq!(parsed, m);
}

#[test]
fn a_closed_pipe_does_not_make_verify_panic() {
    let site = built();
    for format in ["text", "json"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hallmark"))
            .args(["--today", "2026-11-22", "verify", "--format", format, site.public().to_str().unwrap()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before hallmark writes, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{format}: {err}");
    }
}
