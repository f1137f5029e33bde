//! Documents in the shapes hallmark emits (`src/credential/mod.rs`), generated with their optional
//! parts, identifiers and texts at random.

use serde_json::{json, Map, Value};

use super::{OB, VC};

/// splitmix64: a small deterministic generator.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn word(&mut self, alphabet: &str, len: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..len).map(|_| *self.pick(&chars)).collect()
    }

    /// Human text: names, descriptions, in many scripts, with quotes, escapes, controls and newlines.
    pub(super) fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "Solar PV Installer",
            "Kestrel Bay Polytechnic",
            "SQL",
            "王秀英",
            "Łódź",
            "Zoë",
            "e\u{301}",
            "مرحبا بالعالم",
            "שלום עולם",
            "\u{202e}override\u{202c}",
            "\u{200f}",
            "🎓",
            "👩🏽‍🔧",
            "\"quoted\"",
            "it's",
            "back\\slash",
            "line\nbreak",
            "tab\there",
            "\r\n",
            "\u{0}\u{1}\u{7f}",
            "\u{2028}",
            "<b>&amp;</b>",
            "_:b0",
            "https://example.org/x",
            "@id",
            "did:web:x",
            "",
            " ",
            "ﬁ",
            "日本語のテキスト",
        ];
        let n = 1 + self.below(4);
        (0..n).map(|_| *self.pick(PIECES)).collect::<Vec<_>>().join(*self.pick(&[" ", "", "\n", " — "]))
    }

    fn slug(&mut self) -> String {
        let len = 1 + self.below(12);
        self.word("abcdefghijklmnopqrstuvwxyz0123456789-", len)
    }

    fn hex(&mut self, len: usize) -> String {
        self.word("0123456789abcdef", len)
    }

    fn date(&mut self) -> String {
        format!("{}-{:02}-{:02}", 2000 + self.below(40), 1 + self.below(12), 1 + self.below(28))
    }
}

/// A site: its base URL and `did:web`.
pub(super) struct Site {
    base: String,
    did: String,
}

pub(super) fn site(rng: &mut Rng) -> Site {
    let sites = [
        ("https://badges.example.org", "did:web:badges.example.org"),
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
        ("https://kestrelbay-poly.github.io/credentials", "did:web:kestrelbay-poly.github.io:credentials"),
        ("https://例え.jp/バッジ", "did:web:例え.jp:バッジ"),
        ("https://example.com/a%20b", "did:web:example.com:a%2520b"),
    ];
    let (base, did) = *rng.pick(&sites);
    Site { base: base.into(), did: did.into() }
}

fn join(site: &Site, path: &str) -> String {
    format!("{}/{path}", site.base)
}

/// `issuer_profile` of `src/credential/mod.rs`, with its optional fields at random.
pub(super) fn issuer(rng: &mut Rng, site: &Site) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("id".into(), site.did.clone().into());
    p.insert("type".into(), json!(["Profile"]));
    p.insert("name".into(), rng.text().into());
    p.insert(
        "url".into(),
        rng.pick(&["https://kestrelbay.example", "https://example.org/?q=1#top"]).to_string().into(),
    );
    if rng.chance(60) {
        p.insert("email".into(), format!("{}@example.org", rng.slug()).into());
    }
    if rng.chance(60) {
        p.insert("description".into(), rng.text().into());
    }
    if rng.chance(50) {
        p.insert("image".into(), json!({"id": join(site, "static/logo.svg"), "type": "Image"}));
    }
    p
}

/// `achievement` of `src/credential/mod.rs`.
pub(super) fn achievement(rng: &mut Rng, site: &Site, issuer: &Map<String, Value>) -> Map<String, Value> {
    let slug = rng.slug();
    let name = rng.text();
    let mut a = Map::new();
    a.insert("id".into(), join(site, &format!("badges/{slug}/achievement.json")).into());
    a.insert("type".into(), json!(["Achievement"]));
    a.insert("name".into(), name.clone().into());
    a.insert("description".into(), rng.text().into());
    a.insert("criteria".into(), json!({"id": join(site, &format!("badges/{slug}/")), "narrative": rng.text()}));
    if rng.chance(60) {
        a.insert(
            "image".into(),
            json!({"id": join(site, &format!("badges/{slug}/image.svg")), "type": "Image", "caption": name}),
        );
    }
    if rng.chance(50) {
        let types = ["Badge", "Certificate", "Course", "MicroCredential", "ext:Apprenticeship", "Competency"];
        a.insert("achievementType".into(), rng.pick(&types).to_string().into());
    }
    if rng.chance(60) {
        let tags: Vec<String> = (0..1 + rng.below(5)).map(|_| rng.text()).collect();
        a.insert("tag".into(), json!(tags));
    }
    if rng.chance(50) {
        let list: Vec<Value> = (0..1 + rng.below(3))
            .map(|_| {
                let mut m = Map::new();
                m.insert("type".into(), json!(["Alignment"]));
                m.insert("targetName".into(), rng.text().into());
                m.insert("targetUrl".into(), format!("https://esco.example/skill/{}", rng.slug()).into());
                if rng.chance(50) {
                    m.insert("targetDescription".into(), rng.text().into());
                }
                if rng.chance(50) {
                    m.insert("targetFramework".into(), rng.text().into());
                }
                if rng.chance(50) {
                    m.insert("targetCode".into(), format!("S{}.{}", rng.below(10), rng.below(10)).into());
                }
                Value::Object(m)
            })
            .collect();
        a.insert("alignment".into(), Value::Array(list));
    }
    a.insert("creator".into(), Value::Object(issuer.clone()));
    a
}

/// `open_badge_credential` of `src/credential/mod.rs`.
pub(super) fn credential(rng: &mut Rng) -> Value {
    let site = site(rng);
    let issuer = issuer(rng, &site);
    let achievement = achievement(rng, &site, &issuer);
    let id = rng.word("abcdefghijklmnopqrstuvwxyz234567", 20);
    let (list, bit) = (1 + rng.below(3), rng.below(131_072));
    let list_url = join(&site, &format!("status/{}/{list}.json", rng.pick(&["revocation", "suspension"])));
    let issued = rng.date();
    let mut c = Map::new();
    c.insert("@context".into(), json!([VC, OB]));
    c.insert("id".into(), join(&site, &format!("c/{id}/credential.json")).into());
    c.insert("type".into(), json!(["VerifiableCredential", "OpenBadgeCredential"]));
    c.insert("name".into(), achievement["name"].clone());
    c.insert("issuer".into(), Value::Object(issuer));
    c.insert("validFrom".into(), format!("{issued}T00:00:00Z").into());
    if rng.chance(40) {
        c.insert("validUntil".into(), format!("{}T23:59:59Z", rng.date()).into());
    }
    c.insert("awardedDate".into(), format!("{issued}T00:00:00Z").into());
    let mut identifiers = vec![json!({
        "type": "IdentityObject",
        "identityHash": format!("sha256${}", rng.hex(64)),
        "identityType": "emailAddress",
        "hashed": true,
        "salt": rng.word("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 16),
    })];
    for _ in 0..rng.below(3) {
        identifiers.push(
            json!({"type": "IdentityObject", "identityHash": rng.text(), "identityType": "name", "hashed": false}),
        );
    }
    c.insert(
        "credentialSubject".into(),
        json!({"type": ["AchievementSubject"], "identifier": identifiers, "achievement": achievement}),
    );
    if rng.chance(50) {
        let evidence: Vec<Value> = (0..1 + rng.below(3))
            .map(|_| {
                let url = if rng.chance(50) {
                    format!("https://kestrelbay.example/evidence/{}", rng.slug())
                } else {
                    format!("urn:uuid:{}-{}-{}-{}-{}", rng.hex(8), rng.hex(4), rng.hex(4), rng.hex(4), rng.hex(12))
                };
                json!({"id": url, "type": ["Evidence"]})
            })
            .collect();
        c.insert("evidence".into(), Value::Array(evidence));
    }
    c.insert(
        "credentialStatus".into(),
        json!({
            "id": format!("{list_url}#{bit}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": bit.to_string(),
            "statusListCredential": list_url,
        }),
    );
    Value::Object(c)
}

/// `status_list_credential` of `src/credential/mod.rs`.
pub(super) fn status_list(rng: &mut Rng) -> Value {
    let site = site(rng);
    let url = join(&site, &format!("status/{}/{}.json", rng.pick(&["revocation", "suspension"]), 1 + rng.below(9)));
    let len = 20 + rng.below(200);
    json!({
        "@context": [VC],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": site.did,
        "validFrom": format!("{}T00:00:00Z", rng.date()),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": rng.pick(&["revocation", "suspension"]),
            "encodedList": format!("u{}", rng.word("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", len)),
        },
    })
}

/// A proof configuration as `create_proof` builds it.
pub(super) fn proof_config(rng: &mut Rng, context: Value) -> Value {
    let site = site(rng);
    json!({
        "type": "DataIntegrityProof",
        "cryptosuite": rng.pick(&["eddsa-rdfc-2022", "eddsa-jcs-2022"]),
        "created": format!("{}T{:02}:{:02}:{:02}Z", rng.date(), rng.below(24), rng.below(60), rng.below(60)),
        "verificationMethod": format!("{}#z6Mk{}", site.did, rng.word("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 44)),
        "proofPurpose": rng.pick(&["assertionMethod", "authentication", "capabilityInvocation"]),
        "@context": context,
    })
}
