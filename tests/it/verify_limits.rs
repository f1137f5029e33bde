//! `hallmark verify` on hostile input: past a limit it says "could not check: too large (limit …)"
//! (exit 3) at once, and `--limit` raises the limit.

use std::io::Write as _;
use std::process::{Command, Output};

use crate::support::*;

fn verify(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hallmark")).arg("verify").args(args).output().unwrap()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A 1×1 PNG whose `openbadgecredential` iTXt chunk inflates to `inflated` bytes of spaces.
fn zip_bomb_png(inflated: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..inflated >> 20 {
        z.write_all(&chunk).unwrap();
    }
    let compressed = z.finish().unwrap();
    let mut data = b"openbadgecredential\0\x01\x00\0\0".to_vec();
    data.extend_from_slice(&compressed);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, body) in [
        (&b"IHDR"[..], &b"\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"[..]),
        (&b"iTXt"[..], &data[..]),
        (&b"IEND"[..], &b""[..]),
    ] {
        png.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(body);
        png.extend_from_slice(&crc_input);
        png.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    }
    png
}

#[test]
fn hostile_inputs_are_not_checked_past_the_limits_and_the_flag_raises_them() {
    let site = Site::fixture("small");
    site.build();
    let (path, credential) = site.credentials().into_iter().next().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    };
    // 10,000 proofs (the attack run's took 76 s).
    let mut many = credential.clone();
    let proof = many["proof"][0].clone();
    many["proof"] = serde_json::Value::Array(vec![proof; 10_000]);
    let many = file("many-proofs.json", &serde_json::to_vec(&many).unwrap());
    let site_dir = site.public().to_string_lossy().into_owned();
    let out = verify(&["--limit", "json-size=8M", "--site", &site_dir, &many]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stdout(&out).contains("too large: 10000 proofs (limit 16)"), "{}", stdout(&out));
    // A PNG of a few kilobytes that inflates to 64 MiB (the attack run's went to 2.7 GB).
    let bomb = file("bomb.png", &zip_bomb_png(64 << 20));
    assert!(std::fs::metadata(&bomb).unwrap().len() < 200_000);
    let out = verify(&["--site", &site_dir, &bomb]);
    assert_eq!(out.status.code(), Some(3), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("too large: the baked credential inflates past the limit (limit 2 MiB)"),
        "{}",
        stdout(&out)
    );
    // Deep nesting, and JSON larger than the limit.
    let deep = file("deep.json", &[vec![b'['; 100_000], vec![b']'; 100_000]].concat());
    let out = verify(&[&deep]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout(&out).contains("too large: JSON nested more than 64 deep (limit 64 levels)"), "{}", stdout(&out));
    let big = file("big.json", format!("{{\"pad\":\"{}\"}}", "x".repeat(3 << 20)).as_bytes());
    let out = verify(&[&big]);
    assert!(stdout(&out).contains("too large: 3.0 MiB of JSON (limit 2 MiB)"), "{}", stdout(&out));
    // Raised, the same files are read (and found to be no credential, or checked).
    let out = verify(&["--limit", "json-size=8M", &big]);
    assert!(!stdout(&out).contains("too large") && !stderr(&out).contains("too large"), "{}", stdout(&out));
    let mut twenty = credential.clone();
    twenty["proof"] = serde_json::Value::Array(vec![credential["proof"][0].clone(); 20]);
    let twenty = file("twenty-proofs.json", &serde_json::to_vec(&twenty).unwrap());
    let out = verify(&["--site", &site_dir, &twenty]);
    assert!(stdout(&out).contains("too large: 20 proofs (limit 16)"), "{}", stdout(&out));
    let out = verify(&["--limit", "proofs=32", "--site", &site_dir, &twenty]);
    assert!(!stdout(&out).contains("too large") && stdout(&out).contains("proof"), "{}", stdout(&out));
    // A file past the file-size limit is not even read.
    let credential_file = site.public().join(path).to_string_lossy().into_owned();
    let out = verify(&["--limit", "file-size=1K", &credential_file]);
    assert!(stdout(&out).contains("(limit 1 KiB)"), "{}", stdout(&out));
    let out = verify(&["--limit", "speed=1", &credential_file]);
    assert!(stderr(&out).contains("there is no limit \"speed\""), "{}", stderr(&out));
}
