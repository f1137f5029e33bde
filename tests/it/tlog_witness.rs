//! Witnesses of the public log (tlog-cosignature v1, tlog-witness): two demo sites in temporary
//! directories, B cosigning A, the cosignature checked with Python's `cryptography`; B refusing A
//! once A's log is rewritten; and a loopback add-checkpoint witness (this file's, answering 200,
//! 403, 404, 409 and 422 as the spec says) that gets the right old size and consistency proof,
//! and whose cosignature A's build attaches.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signer, Verifier};
use sha2::{Digest, Sha256};

use super::tlog::{build_logged, logged_demo, run_logged, test_log_secret};
use crate::support::{stderr, stdout, Site};

fn log_vkey(public: &Path) -> String {
    let did: serde_json::Value = serde_json::from_slice(&std::fs::read(public.join("did.json")).unwrap()).unwrap();
    did["service"][0]["vkey"].as_str().unwrap().to_string()
}

fn append_config(site: &Site, text: &str) {
    let path = site.content().join("hallmark.toml");
    let mut config = std::fs::read_to_string(&path).unwrap();
    config.push_str(text);
    std::fs::write(path, config).unwrap();
}

/// Verifies the cosignature of `name` on a checkpoint note with Python's `cryptography`.
fn verify_with_python(note: &str, name: &str, vkey: &str) -> String {
    let script = r#"
import sys, base64
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
note, name, vkey = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
body, sigs = note.split("\n\n", 1)
body += "\n"
raw = base64.b64decode(vkey.split("+", 2)[2])
assert raw[0] == 4, "not a cosigner key"
for line in sigs.splitlines():
    dash, who, sig = line.split(" ")
    if who != name:
        continue
    sig = base64.b64decode(sig)
    t = int.from_bytes(sig[4:12], "big")
    message = ("cosignature/v1\ntime %d\n" % t + body).encode()
    Ed25519PublicKey.from_public_bytes(raw[1:]).verify(sig[12:], message)
    print("verified", t)
    sys.exit(0)
sys.exit("no cosignature of " + name)
"#;
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), note).unwrap();
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(file.path())
        .arg(name)
        .arg(vkey)
        .output()
        .unwrap();
    assert!(out.status.success(), "Python's cryptography refused the cosignature: {}", stderr(&out));
    stdout(&out)
}

fn origin_hash(origin: &str) -> String {
    Sha256::digest(origin.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn b_cosigns_a_and_refuses_a_rewritten_a() {
    let (a, b) = (logged_demo(), logged_demo());
    build_logged(&a);
    b.edit("hallmark.toml", "kestrelbay-poly.github.io/credentials/", "witness-b.example.org/credentials/");
    let key_file = b.root().join("witness.key");
    std::fs::write(&key_file, hallmark::crypto::Key::from_seed([25; 32]).to_file_text()).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::PermissionsExt::set_mode(&mut std::fs::metadata(&key_file).unwrap().permissions(), 0o600);
    let a_vkey = log_vkey(&a.public());
    append_config(
        &b,
        &format!(
            "\n[witness]\nkey_file = \"{}\"\n\n[witness.logs.kestrel]\nvkey = \"{a_vkey}\"\nlog = \"{}\"\n",
            key_file.display(),
            a.public().display()
        ),
    );
    let out = b.run(&["witness", "update"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let b_vkey = stdout(&b.run(&["witness", "key"])).trim().to_string();
    assert!(b_vkey.starts_with("witness-b.example.org/credentials/witness+"), "{b_vkey}");
    b.build();
    let origin = "kestrelbay-poly.github.io/credentials/log";
    let published = b.public().join(format!("log/witness/{}/checkpoint", origin_hash(origin)));
    let note = std::fs::read_to_string(&published).unwrap();
    assert!(verify_with_python(&note, "witness-b.example.org/credentials/witness", &b_vkey).starts_with("verified"));
    // A attaches B's cosignature to its own checkpoint.
    append_config(&a, &format!("\n[log.witnesses.b]\nvkey = \"{b_vkey}\"\nsite = \"{}\"\n", b.public().display()));
    build_logged(&a);
    let a_checkpoint = std::fs::read_to_string(a.public().join("log/checkpoint")).unwrap();
    verify_with_python(&a_checkpoint, "witness-b.example.org/credentials/witness", &b_vkey);
    assert!(std::fs::read_to_string(a.content().join("hallmark.checkpoints"))
        .unwrap()
        .contains("— witness-b.example.org"));
    // A's log rewritten (same key, other history): B refuses and exits non-zero.
    let r = logged_demo();
    std::fs::write(r.content().join("revocations.toml"), "").unwrap();
    r.append(
        "2025-renewables-cohort.csv",
        "solar-pv-installer,Noa Levi,noa.levi@example.org,2025-05-01,,,2025 Spring,,",
    );
    build_logged(&r);
    b.edit("hallmark.toml", &a.public().display().to_string(), &r.public().display().to_string());
    let out = b.run(&["witness", "update"]);
    assert!(!out.status.success(), "B cosigned a rewritten log: {}", stdout(&out));
    assert!(stderr(&out).contains("REFUSED") && stderr(&out).contains("rewritten"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(b.content().join("witnessed").join(origin_hash(origin))).unwrap(), note);
    let _ = test_log_secret();
}

/// RFC 9162 2.1.4.2, written again here so the witness checks hallmark's proofs independently.
fn consistent(old: u64, new: u64, old_root: &[u8; 32], new_root: &[u8; 32], proof: &[[u8; 32]]) -> bool {
    let node = |l: &[u8; 32], r: &[u8; 32]| -> [u8; 32] {
        Sha256::new().chain_update([1]).chain_update(l).chain_update(r).finalize().into()
    };
    if old == new {
        return proof.is_empty() && old_root == new_root;
    }
    if old == 0 {
        return proof.is_empty();
    }
    let mut path = proof.to_vec();
    if old.is_power_of_two() {
        path.insert(0, *old_root);
    }
    let (mut f, mut s) = (old - 1, new - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let Some((first, rest)) = path.split_first() else { return false };
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node(c, &fr);
            sr = node(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && fr == *old_root && sr == *new_root
}

/// A tlog-witness add-checkpoint server for one log, on loopback.
struct Witness {
    origin: String,
    log_key: ed25519_dalek::VerifyingKey,
    key: ed25519_dalek::SigningKey,
    name: String,
    state: Mutex<(u64, [u8; 32])>,
    /// (old size, proof lines, status) of every request.
    seen: Mutex<Vec<(u64, usize, u16)>>,
}

impl Witness {
    fn vkey(&self) -> String {
        let mut material = vec![4u8];
        material.extend_from_slice(self.key.verifying_key().as_bytes());
        format!("{}+{}+{}", self.name, hex(&self.key_id(4, self.key.verifying_key().as_bytes())), B64.encode(material))
    }

    fn key_id(&self, kind: u8, key: &[u8]) -> [u8; 4] {
        self.id_of(&self.name, kind, key)
    }

    fn id_of(&self, name: &str, kind: u8, key: &[u8]) -> [u8; 4] {
        let d = Sha256::new().chain_update(name).chain_update([b'\n', kind]).chain_update(key).finalize();
        [d[0], d[1], d[2], d[3]]
    }

    /// The status and body of the answer to an add-checkpoint request.
    fn answer(&self, request: &str) -> (u16, String) {
        let Some((head, checkpoint)) = request.split_once("\n\n") else { return (400, "no checkpoint".into()) };
        let mut lines = head.lines();
        let Some(old) = lines.next().and_then(|l| l.strip_prefix("old ")).and_then(|n| n.parse::<u64>().ok()) else {
            return (400, "no old size".into());
        };
        let proof: Vec<[u8; 32]> = lines.filter_map(|l| B64.decode(l).ok()?.try_into().ok()).collect();
        let Some((body, sigs)) = checkpoint.split_once("\n\n") else { return (400, "not a note".into()) };
        let body = format!("{body}\n");
        let mut body_lines = body.lines();
        if body_lines.next() != Some(self.origin.as_str()) {
            return (404, "unknown log".into());
        }
        let id = self.id_of(&self.origin, 1, self.log_key.as_bytes());
        let signed = sigs.lines().any(|l| {
            let Some(sig) = l.strip_prefix(&format!("— {} ", self.origin)).and_then(|s| B64.decode(s).ok()) else {
                return false;
            };
            sig.len() == 68
                && sig[..4] == id
                && self
                    .log_key
                    .verify(body.as_bytes(), &ed25519_dalek::Signature::from_slice(&sig[4..]).unwrap())
                    .is_ok()
        });
        if !signed {
            return (403, "no valid signature of the log".into());
        }
        let size: u64 = body_lines.next().unwrap().parse().unwrap();
        let root: [u8; 32] = B64.decode(body_lines.next().unwrap()).unwrap().try_into().unwrap();
        let mut state = self.state.lock().unwrap();
        if old > size {
            return (400, "old size is larger".into());
        }
        if old != state.0 || (old == size && root != state.1) {
            return (409, format!("{}\n", state.0));
        }
        if !consistent(old, size, &state.1, &root, &proof) {
            return (422, "the consistency proof does not verify".into());
        }
        *state = (size, root);
        let time: u64 = 1_764_000_000 + size;
        let message = format!("cosignature/v1\ntime {time}\n{body}");
        let mut sig = self.key_id(4, self.key.verifying_key().as_bytes()).to_vec();
        sig.extend_from_slice(&time.to_be_bytes());
        sig.extend_from_slice(&self.key.sign(message.as_bytes()).to_bytes());
        (200, format!("— {} {}\n", self.name, B64.encode(sig)))
    }

    fn serve(self: Arc<Self>, listener: TcpListener) {
        for stream in listener.incoming().take(50) {
            let Ok(mut stream) = stream else { return };
            let mut data = Vec::new();
            let mut buf = [0u8; 4096];
            let (header_end, length) = loop {
                let n = stream.read(&mut buf).unwrap_or(0);
                if n == 0 {
                    break (None, 0);
                }
                data.extend_from_slice(&buf[..n]);
                if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&data[..at]).to_lowercase();
                    let len = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map_or(0, |v| v.trim().parse().unwrap_or(0));
                    break (Some(at + 4), len);
                }
            };
            let Some(start) = header_end else { continue };
            while data.len() < start + length {
                let n = stream.read(&mut buf).unwrap_or(0);
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buf[..n]);
            }
            let request = String::from_utf8_lossy(&data[start..]).into_owned();
            let (status, body) = self.answer(&request);
            let old = request
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("old "))
                .and_then(|n| n.parse().ok())
                .unwrap_or(u64::MAX);
            let proof_lines = request.split("\n\n").next().map_or(0, |h| h.lines().count().saturating_sub(1));
            self.seen.lock().unwrap().push((old, proof_lines, status));
            let kind = if status == 409 { "text/x.tlog.size" } else { "text/plain; charset=utf-8" };
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn a_loopback_witness_gets_the_right_old_size_and_proof_and_its_cosignature_is_attached() {
    let a = logged_demo();
    let log_key = hallmark::crypto::Key::from_secret_multibase(&test_log_secret()).unwrap();
    let witness = Arc::new(Witness {
        origin: "kestrelbay-poly.github.io/credentials/log".into(),
        log_key: log_key.verifying_key(),
        key: ed25519_dalek::SigningKey::from_bytes(&[26; 32]),
        name: "witness.test/w1".into(),
        state: Mutex::new((0, [0; 32])),
        seen: Mutex::new(Vec::new()),
    });
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = Arc::clone(&witness);
    std::thread::spawn(move || server.serve(listener));
    append_config(
        &a,
        &format!("\n[log.witnesses.w1]\nvkey = \"{}\"\nurl = \"http://127.0.0.1:{port}/\"\n", witness.vkey()),
    );
    build_logged(&a);
    let size = |site: &Site| -> u64 {
        std::fs::read_to_string(site.content().join("hallmark.log")).unwrap().lines().count() as u64
    };
    let first = size(&a);
    assert_eq!(*witness.seen.lock().unwrap(), vec![(0, 0, 200)]);
    let cosigned = |site: &Site| std::fs::read_to_string(site.public().join("log/checkpoint")).unwrap();
    verify_with_python(&cosigned(&a), "witness.test/w1", &witness.vkey());
    // The log grows: the witness is sent the old size it cosigned and a proof it checks.
    a.append(
        "2025-renewables-cohort.csv",
        "solar-pv-installer,Noa Levi,noa.levi@example.org,2025-05-01,,,2025 Spring,,",
    );
    build_logged(&a);
    let seen = witness.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!((seen[1].0, seen[1].2), (first, 200), "{seen:?}");
    assert!(seen[1].1 > 0, "a consistency proof was sent");
    assert!(cosigned(&a).contains(&format!("\n{}\n", first + 1)));
    verify_with_python(&cosigned(&a), "witness.test/w1", &witness.vkey());
    // A witness that lost its state answers 409 with its size; the build asks again from there.
    *witness.state.lock().unwrap() = (0, [0; 32]);
    a.append(
        "2025-renewables-cohort.csv",
        "solar-pv-installer,Ari Kahn,ari.kahn@example.org,2025-05-02,,,2025 Spring,,",
    );
    build_logged(&a);
    let seen = witness.seen.lock().unwrap().clone();
    assert_eq!(seen[2..].iter().map(|s| (s.0, s.2)).collect::<Vec<_>>(), vec![(first + 1, 409), (0, 200)], "{seen:?}");
    verify_with_python(&cosigned(&a), "witness.test/w1", &witness.vkey());
    // The other answers, from the same server: a forged proof, an unknown log, a bad signature.
    let checkpoint = cosigned(&a);
    let current = witness.state.lock().unwrap().0;
    let again = format!("old {current}\n\n{checkpoint}");
    assert_eq!(witness.answer(&again).0, 200, "the same size and root: cosigned again");
    let root = witness.state.lock().unwrap().1;
    *witness.state.lock().unwrap() = (current, [9; 32]);
    assert_eq!(witness.answer(&again).0, 409, "the same size with another root");
    *witness.state.lock().unwrap() = (current, root);
    *witness.state.lock().unwrap() = (1, [9; 32]);
    let bad_proof = format!("old 1\n{}\n\n{checkpoint}", B64.encode([7u8; 32]));
    assert_eq!(witness.answer(&bad_proof).0, 422);
    assert_eq!(witness.answer(&format!("old 1\n\n{}", checkpoint.replace("kestrelbay-poly", "other"))).0, 404);
    let tampered = checkpoint.replacen(&format!("\n{}\n", current), &format!("\n{}\n", current + 1), 1);
    assert_eq!(witness.answer(&format!("old 1\n\n{tampered}")).0, 403);
    let _ = run_logged;
}
