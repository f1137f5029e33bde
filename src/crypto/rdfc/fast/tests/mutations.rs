//! Random changes to documents: defined terms in the wrong place, undefined ones, keywords, and values
//! of every JSON kind, at random nodes.

use serde_json::{json, Map, Value};

use super::documents::Rng;
use super::OB;

/// Keys, types and values that the mutations below put into documents: defined terms in the wrong
/// place, undefined ones, keywords, and values of every JSON kind.
const KEYS: &[&str] = &[
    "name",
    "description",
    "achievementType",
    "favouriteColour",
    "image",
    "url",
    "creditsAvailable",
    "hashed",
    "tag",
    "alignment",
    "evidence",
    "credentialSchema",
    "proof",
    "validUntil",
    "statusMessage",
    "jsonSchema",
    "allowedValue",
    "id",
    "type",
    "@id",
    "@type",
    "@value",
    "@graph",
    "@context",
    "@colour",
    "schema:name",
    "https://schema.org/name",
    "favourite colour",
    "_sd",
    "proofPurpose",
    "verificationMethod",
    "cryptosuite",
    "cnf",
    "kid",
    "jwk",
    "message",
    "status",
    "assertionMethod",
    "controller",
    "verifiableCredential",
    "holder",
    "encodedList",
    "statusPurpose",
    "caption",
    "narrative",
    "awardedDate",
    "...",
];

const TYPES: &[&str] = &[
    "Profile",
    "Achievement",
    "Image",
    "Evidence",
    "Alignment",
    "IdentityObject",
    "VerifiableCredential",
    "OpenBadgeCredential",
    "AchievementCredential",
    "BitstringStatusListEntry",
    "DataIntegrityProof",
    "JsonSchema",
    "VerifiablePresentation",
    "BitstringStatusList",
    "Multikey",
    "Result",
    "Polytechnic",
    "https://example.org/Type",
    "_:t",
    "@json",
];

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 12 } else { 18 }) {
        0 => rng.text().into(),
        1 => rng
            .pick(&[
                "https://example.org/a",
                "did:web:x.example",
                "urn:uuid:1",
                "relative/path",
                "_:b1",
                "xsd:x",
                "https://relative-iri.hallmark.invalid/x",
                "urn:hallmark:undefined-term:x",
                "https://example.org/a b",
                "https://example.org/\u{2028}",
            ])
            .to_string()
            .into(),
        2 => json!(rng.pick(&[0i64, -1, 7, 1_000_000, i64::MIN])),
        3 => json!(rng.pick(&[1.5f64, 5.0, -0.0, 1e21, 1e-7, 123_456.789, 1e300])),
        4 => json!(u64::MAX),
        5 => json!(rng.chance(50)),
        6 => Value::Null,
        7 => json!([]),
        8 => json!({}),
        9 => rng.pick(TYPES).to_string().into(),
        10 => rng.pick(&["2025-03-21T00:00:00Z", "2025-03-21", "assertionMethod"]).to_string().into(),
        11 => json!({"@value": "x", "@language": "en"}),
        12 => json!([random_value(rng, depth + 1), random_value(rng, depth + 1)]),
        13 => json!([[1]]),
        14 => json!({"id": "https://example.org/n", "type": rng.pick(TYPES)}),
        15 => json!({"type": rng.pick(TYPES), "id": "https://example.org/n"}),
        16 => {
            let mut m = Map::new();
            for _ in 0..1 + rng.below(3) {
                m.insert(rng.pick(KEYS).to_string(), random_value(rng, depth + 1));
            }
            Value::Object(m)
        }
        _ => json!({"type": rng.pick(TYPES), "name": rng.text()}),
    }
}

/// JSON pointers of every object in `doc` outside `@context`.
fn objects(doc: &Value, at: String, out: &mut Vec<String>) {
    match doc {
        Value::Object(map) => {
            for (k, v) in map.iter().filter(|(k, _)| *k != "@context") {
                objects(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
            out.push(at);
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                objects(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// One random change to a random node object.
pub(super) fn mutate(rng: &mut Rng, doc: &mut Value) {
    let mut at = Vec::new();
    objects(doc, String::new(), &mut at);
    let pointer = rng.pick(&at).clone();
    let node = doc.pointer_mut(&pointer).unwrap().as_object_mut().unwrap();
    match rng.below(10) {
        0..=3 => {
            node.insert(rng.pick(KEYS).to_string(), random_value(rng, 0));
        }
        4 => {
            let types: Vec<&str> = (0..1 + rng.below(3)).map(|_| *rng.pick(TYPES)).collect();
            node.insert("type".into(), json!(types));
        }
        5 => {
            // Only `id` and `type`, in either order.
            let (id, t) = (node.get("id").cloned(), node.get("type").cloned());
            node.clear();
            if rng.chance(50) {
                node.extend(id.map(|v| ("id".to_owned(), v)).into_iter().chain(t.map(|v| ("type".to_owned(), v))));
            } else {
                node.extend(t.map(|v| ("type".to_owned(), v)).into_iter().chain(id.map(|v| ("id".to_owned(), v))));
            }
        }
        6 => {
            if let Some(key) = node.keys().nth(rng.below(node.len().max(1))).cloned() {
                node.remove(&key);
            }
        }
        7 => {
            // Reverse the order of the entries.
            let entries: Vec<(String, Value)> = std::mem::take(node).into_iter().rev().collect();
            node.extend(entries);
        }
        8 => {
            node.insert("@context".into(), rng.pick(&[json!(OB), json!({"@vocab": "https://example.org/"})]).clone());
        }
        _ => {
            if let Some(key) = node.keys().nth(rng.below(node.len().max(1))).cloned() {
                node.insert(key, random_value(rng, 0));
            }
        }
    }
}
