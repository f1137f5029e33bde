//! The browser verifier's JSON-LD and RDFC-1.0 (`themes/default/src/jsonld.js`, `rdfc.js`) held to
//! `hallmark verify`'s (`hallmark::crypto::RdfcSuite`), canonical N-Quads byte for byte:
//!
//! - the mutation corpus, `tests/rdfc/corpus.json`: documents made from the shared verification
//!   cases, the W3C vectors and a demo credential, changed one character or one entry at a time, with
//!   what `hallmark verify` makes of each (its canonical N-Quads, or why it refuses). Written with
//!   `HALLMARK_BLESS=1`, otherwise generated again and compared; `node --test tests/js/` runs the
//!   browser's code on it (`tests/js/rdfc.test.mjs`) (in Chromium, `tests/it/browser.rs` runs the published
//!   verifier on the shared rdfc cases and a blank-node clique);
//! - every credential and status list of the demo, built here, run through `tests/js/nquads.mjs` in
//!   Node (sources and published build).

use std::path::Path;
use std::process::Command;

use crate::support::*;
use hallmark::crypto::RdfcSuite;
use serde_json::{json, Map, Value};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(rel: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo().join(rel)).unwrap()).unwrap()
}

/// `doc` without its `proof`.
fn unsecured(doc: &Value) -> Value {
    let mut doc = doc.clone();
    doc.as_object_mut().unwrap().remove("proof");
    doc
}

/// What eddsa-rdfc-2022 canonicalizes for each proof of `doc`: the proof without its value, with
/// the document's `@context`.
fn proof_configs(doc: &Value) -> Vec<Value> {
    let proofs = match &doc["proof"] {
        Value::Array(list) => list.clone(),
        Value::Null => Vec::new(),
        one => vec![one.clone()],
    };
    proofs
        .into_iter()
        .map(|mut proof| {
            let proof_map = proof.as_object_mut().unwrap();
            proof_map.remove("proofValue");
            proof_map.insert("@context".into(), doc["@context"].clone());
            proof
        })
        .collect()
}

/// `doc` changed by `change`.
fn with(doc: &Value, change: impl FnOnce(&mut Value)) -> Value {
    let mut doc = doc.clone();
    change(&mut doc);
    doc
}

/// Every string of `doc` outside its `@context`, as a JSON pointer.
fn string_leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| string_leaves(v, format!("{at}/{i}"), out)),
        Value::Object(map) => {
            for (k, v) in map.iter().filter(|(k, _)| *k != "@context") {
                string_leaves(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        _ => {}
    }
}

/// The corpus's documents, by name.
fn corpus() -> Vec<(String, Value)> {
    let signed = read_json("tests/cases/verified/credential.json");
    let credential = unsecured(&signed);
    let list = read_json("tests/cases/verified/revocation-list.json");
    let mut docs: Vec<(String, Value)> = vec![
        ("credential with its proofs (a graph)".into(), signed.clone()),
        ("credential".into(), credential.clone()),
        ("status list".into(), unsecured(&list)),
        ("DID document".into(), read_json("tests/cases/verified/did.json")),
        ("demo credential".into(), read_json("tests/rdfc/openbadge.json")),
        ("W3C unsigned".into(), read_json("tests/vectors/w3c-vc-di-eddsa/unsigned.json")),
        ("W3C signed".into(), read_json("tests/vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json")),
    ];
    for (i, config) in proof_configs(&signed).into_iter().enumerate() {
        docs.push((format!("credential proof configuration {i}"), config));
    }
    for (i, config) in proof_configs(&list).into_iter().enumerate() {
        docs.push((format!("status list proof configuration {i}"), config));
    }
    let mut leaves = Vec::new();
    string_leaves(&credential, String::new(), &mut leaves);
    for at in leaves {
        docs.push((
            format!("one character changed at {at}"),
            with(&credential, |d| {
                let text = d.pointer_mut(&at).unwrap();
                let s = text.as_str().unwrap();
                let last = if s.ends_with('X') { 'Y' } else { 'X' };
                *text = format!("{}{last}", &s[..s.len() - s.chars().last().map_or(0, char::len_utf8)]).into();
            }),
        ));
    }
    docs.extend(additions(&credential));
    docs.extend(blank_nodes(&credential));
    docs
}

/// `credential` with `value` set at the JSON pointer `at` (whose parent exists).
fn set(credential: &Value, at: &str, value: Value) -> Value {
    with(credential, |d| {
        let (parent, key) = at.rsplit_once('/').unwrap();
        let key = key.replace("~1", "/").replace("~0", "~");
        let key = key.as_str();
        let parent = d.pointer_mut(parent).unwrap();
        match parent {
            Value::Object(map) => {
                map.insert(key.into(), value);
            }
            Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
            _ => panic!("{at}"),
        }
    })
}

/// Entries added, changed or removed: terms, types, references, values, contexts.
fn additions(c: &Value) -> Vec<(String, Value)> {
    [term_additions(c), value_additions(c), list_and_context_additions(c)].concat()
}

/// Undefined and misplaced terms and types, keys and ids of every shape.
fn term_additions(c: &Value) -> Vec<(String, Value)> {
    let remove =
        |at: &str, key: &str| with(c, |d| drop(d.pointer_mut(at).unwrap().as_object_mut().unwrap().remove(key)));
    let achievement = "/credentialSubject/achievement";
    vec![
        ("an undefined term at the top".into(), set(c, "/foo", "bar".into())),
        ("an undefined term in the subject".into(), set(c, "/credentialSubject/foo", "bar".into())),
        ("an undefined term in an identifier".into(), set(c, "/credentialSubject/identifier/0/foo", "bar".into())),
        ("a type's term outside that type".into(), set(c, "/credentialSubject/identityHash", "x".into())),
        (
            "a type's term in a nested node".into(),
            set(c, &format!("{achievement}/criteria/achievementType"), "x".into()),
        ),
        ("an identifier without its type".into(), remove("/credentialSubject/identifier/0", "type")),
        ("an undefined type".into(), set(c, "/type/1", "OpenBadgeCredentia".into())),
        ("a type as an IRI".into(), set(c, "/type/1", "https://example.org/Type".into())),
        ("a type as a compact IRI".into(), set(c, "/type/1", "ex:Type".into())),
        ("an absolute IRI as a key".into(), set(c, "/https:~1~1example.org~1p", "v".into())),
        ("a compact IRI as a key".into(), set(c, "/ex:p", "v".into())),
        ("a key ending in a colon".into(), set(c, "/ex:", "v".into())),
        ("a blank node as a key".into(), set(c, "/_:p", "v".into())),
        ("a keyword-like key".into(), set(c, "/@foo", "v".into())),
        ("a relative id".into(), set(c, "/id", "c/1/credential.json".into())),
        ("a relative reference".into(), set(c, "/credentialStatus/statusListCredential", "1.json".into())),
        ("an id with a space".into(), set(c, "/id", "https://example.org/a b".into())),
        ("an id with a bad escape".into(), set(c, "/id", "https://example.org/%zz".into())),
        ("an id with a non-ASCII character".into(), set(c, "/id", "https://example.org/café".into())),
        ("an id that is a blank node".into(), set(c, "/id", "_:credential".into())),
    ]
}

/// Values: nulls, lists, numbers, booleans, tagged and typed values, literals, nodes.
fn value_additions(c: &Value) -> Vec<(String, Value)> {
    let achievement = "/credentialSubject/achievement";
    let value = |v: Value| set(c, "/name", v);
    vec![
        ("a null value".into(), set(c, "/description", Value::Null)),
        ("an empty list".into(), set(c, &format!("{achievement}/tag"), json!([]))),
        ("nested arrays".into(), set(c, &format!("{achievement}/tag"), json!([["a", "b"], "c"]))),
        ("an @set".into(), set(c, &format!("{achievement}/tag"), json!({"@set": ["a", "b"]}))),
        ("an @list".into(), set(c, &format!("{achievement}/tag"), json!({"@list": ["b", "a"]}))),
        ("a fractional number".into(), set(c, &format!("{achievement}/creditsAvailable"), json!(1.5))),
        ("a whole number as a float".into(), set(c, &format!("{achievement}/creditsAvailable"), json!(12))),
        ("an integer".into(), set(c, "/credentialSubject/creditsEarned", json!(3))),
        ("a negative number".into(), set(c, "/credentialSubject/creditsEarned", json!(-0.25))),
        ("a small number".into(), set(c, "/credentialSubject/creditsEarned", json!(1e-7))),
        ("a large number".into(), set(c, "/credentialSubject/creditsEarned", json!(1e21))),
        ("a huge number".into(), set(c, "/credentialSubject/creditsEarned", json!(1.5e300))),
        ("an integer past 2^53".into(), set(c, "/credentialSubject/creditsEarned", json!(9007199254740993u64))),
        ("a number with many digits".into(), set(c, "/credentialSubject/creditsEarned", json!(123456.789012345))),
        ("a number of an undefined term".into(), set(c, "/credentialSubject/points", json!(2))),
        ("a boolean as a string".into(), set(c, "/credentialSubject/identifier/0/hashed", "false".into())),
        ("a boolean".into(), set(c, "/credentialSubject/identifier/0/hashed", true.into())),
        ("a language-tagged string".into(), value(json!({"@value": "Solar PV", "@language": "EN-gb"}))),
        ("a typed value".into(), value(json!({"@value": "2026", "@type": "http://www.w3.org/2001/XMLSchema#gYear"}))),
        ("a value of an undefined type".into(), value(json!({"@value": "x", "@type": "Foo"}))),
        ("a JSON literal".into(), set(c, "/_sd", json!(["a", {"b": 1.5, "a": [true, null, "é"]}]))),
        (
            "a string with escapes".into(),
            value("tab\t \"quoted\" back\\slash \u{1} \u{7f} \u{8}\u{c}\r\n \u{fffe} 🎓 مرحبا".into()),
        ),
        ("an object for a string".into(), value(json!({"foo": 1}))),
        ("a node with only an id".into(), set(c, "/evidence", json!([{"id": "https://example.org/e"}]))),
        ("an id-typed string".into(), set(c, "/evidence", "https://example.org/e".into())),
        ("both type and @type".into(), set(c, "/@type", "ex:Other".into())),
        ("both id and @id".into(), set(c, "/@id", "https://example.org/other".into())),
        ("@index in a node".into(), set(c, "/credentialSubject/@index", "x".into())),
        (
            "@reverse in a node".into(),
            set(c, "/@reverse", json!({"https://example.org/p": {"id": "https://example.org/r"}})),
        ),
    ]
}

/// Lists, and contexts added, written in, reordered or removed.
fn list_and_context_additions(c: &Value) -> Vec<(String, Value)> {
    let ctx = |extra: Value| with(c, |d| d["@context"].as_array_mut().unwrap().push(extra));
    vec![
        ("a list".into(), list(c, json!(["b", "a", "c"]))),
        ("an empty @list".into(), list(c, json!([]))),
        ("a list of lists".into(), list(c, json!([["a"], ["b", "c"]]))),
        ("an unbundled context".into(), ctx("https://example.org/context/v1".into())),
        (
            "a context written into the document".into(),
            with(&ctx(json!({"ex": "https://example.org/"})), |d| {
                d["ex:thing"] = "v".into();
            }),
        ),
        (
            "the examples context's vocabulary".into(),
            with(&ctx("https://www.w3.org/ns/credentials/examples/v2".into()), |d| {
                d["foo"] = "bar".into();
                d["type"].as_array_mut().unwrap().push("Foo".into());
            }),
        ),
        ("the contexts in another order".into(), with(c, |d| d["@context"].as_array_mut().unwrap().reverse())),
        ("the Data Integrity context too".into(), ctx("https://w3id.org/security/data-integrity/v2".into())),
        (
            "the DID contexts too".into(),
            with(&ctx("https://www.w3.org/ns/did/v1".into()), |d| {
                d["@context"].as_array_mut().unwrap().push("https://w3id.org/security/multikey/v1".into());
            }),
        ),
        ("no context".into(), with(c, |d| drop(d.as_object_mut().unwrap().remove("@context")))),
    ]
}

/// `c` with a ResultDescription whose allowedValue (an @list) is `values`.
fn list(c: &Value, values: Value) -> Value {
    let description = json!([{
        "id": "urn:uuid:9bd0bde5-ad5c-4e0c-9f5b-1a0c5d0d3a11",
        "type": ["ResultDescription"],
        "name": "Grade",
        "allowedValue": values,
        "resultType": "LetterGrade"
    }]);
    set(c, "/credentialSubject/achievement/resultDescription", description)
}

/// Blank nodes that share their first-degree hash, so that RDFC-1.0 needs n-degree hashing.
fn blank_nodes(c: &Value) -> Vec<(String, Value)> {
    let at = "/credentialSubject/alignment";
    let node = |id: &str, links: &[&str]| {
        let links: Vec<Value> = links.iter().map(|l| json!({"id": format!("_:{l}")})).collect();
        json!({"id": format!("_:{id}"), "type": ["Alignment"], "targetName": "n", "alignment": links})
    };
    let alike = json!({"type": ["Alignment"], "targetName": "Query languages"});
    let clique = |n: usize| {
        let names: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
        let nodes: Vec<Value> = names
            .iter()
            .map(|me| {
                let others: Vec<&str> = names.iter().filter(|o| *o != me).map(String::as_str).collect();
                node(me, &others)
            })
            .collect();
        Value::Array(nodes)
    };
    vec![
        ("three alike blank nodes".into(), set(c, at, json!([alike.clone(), alike.clone(), alike]))),
        (
            "a circle of three blank nodes".into(),
            set(c, at, json!([node("a", &["b"]), node("b", &["c"]), node("c", &["a"])])),
        ),
        (
            "two circles of three blank nodes".into(),
            set(
                c,
                at,
                json!([
                    node("a", &["b"]),
                    node("b", &["c"]),
                    node("c", &["a"]),
                    node("d", &["e"]),
                    node("e", &["f"]),
                    node("f", &["d"])
                ]),
            ),
        ),
        (
            "a double circle".into(),
            set(c, at, json!([node("a", &["b", "c"]), node("b", &["c", "a"]), node("c", &["a", "b"])])),
        ),
        ("a clique of four blank nodes".into(), set(c, at, clique(4))),
    ]
}

/// What `hallmark verify` makes of `doc`: its canonical N-Quads, or why it refuses.
fn outcome(suite: &RdfcSuite, name: &str, doc: &Value) -> Value {
    match suite.canonicalize(doc) {
        Ok(nquads) => json!({"name": name, "document": doc, "nquads": nquads}),
        Err(e) => json!({"name": name, "document": doc, "refused": e.to_string()}),
    }
}

fn bless() -> bool {
    std::env::var_os("HALLMARK_BLESS").is_some_and(|v| v == "1")
}

#[test]
fn the_mutation_corpus_is_what_hallmark_verify_makes_of_it() {
    let suite = RdfcSuite::new().unwrap();
    let entries: Vec<Value> = corpus().iter().map(|(name, doc)| outcome(&suite, name, doc)).collect();
    let mut names: Vec<&str> = entries.iter().map(|e| e["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), entries.len(), "every entry has a name of its own");
    let text = serde_json::to_string_pretty(&entries).unwrap() + "\n";
    let path = repo().join("tests/rdfc/corpus.json");
    if bless() {
        std::fs::write(&path, text).unwrap();
    } else {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is out of date: run HALLMARK_BLESS=1 cargo test --test it rdfc_js::",
            path.display()
        );
    }
}

/// Each demo credential and status list (without its proofs) and each of its proof configurations.
fn demo_documents(site: &Site) -> Vec<(String, Value)> {
    let mut docs = Vec::new();
    for (path, bytes) in site.files() {
        let is_list = path.starts_with("status/") && path.ends_with(".json");
        if !(is_list || (path.starts_with("c/") && path.ends_with("/credential.json"))) {
            continue;
        }
        let doc: Value = serde_json::from_slice(&bytes).unwrap();
        for (i, config) in proof_configs(&doc).into_iter().enumerate() {
            docs.push((format!("{path}, proof configuration {i}"), config));
        }
        docs.push((path, unsecured(&doc)));
    }
    docs
}

#[test]
fn node_canonicalizes_the_demo_and_the_corpus_as_hallmark_verify_does() {
    let site = Site::demo();
    site.build();
    let suite = RdfcSuite::new().unwrap();
    let demo = demo_documents(&site);
    let credentials = demo.iter().filter(|(p, _)| p.ends_with("/credential.json")).count();
    let lists = demo.iter().filter(|(p, _)| p.starts_with("status/") && p.ends_with(".json")).count();
    assert!(credentials >= 50 && lists >= 2, "{credentials} credentials, {lists} status lists");
    let entries: Vec<Value> = demo.iter().map(|(name, doc)| outcome(&suite, name, doc)).collect();
    let input = site.root().join("nquads-input.json");
    std::fs::write(&input, serde_json::to_string(&entries).unwrap()).unwrap();
    let run = Command::new("node").arg(repo().join("tests/js/nquads.mjs")).arg(&input).output().expect("node runs");
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "tests/js/nquads.mjs failed:\n{text}\n{}", String::from_utf8_lossy(&run.stderr));
    let results: Map<String, Value> = serde_json::from_str(&text).unwrap();
    let mut differ = Vec::new();
    for entry in &entries {
        let name = entry["name"].as_str().unwrap();
        assert!(entry["nquads"].is_string(), "hallmark verify refuses the demo's {name}: {}", entry["refused"]);
        for build in ["source", "published"] {
            if results[name][build] != entry["nquads"] {
                differ.push(format!("{name} ({build}): {}", results[name][build]));
            }
        }
    }
    assert!(differ.is_empty(), "the browser's canonical N-Quads differ from hallmark verify's:\n{}", differ.join("\n"));
    eprintln!("{} demo documents ({credentials} credentials, {lists} status lists, with their proof configurations) canonicalized alike in Node", entries.len());
}
