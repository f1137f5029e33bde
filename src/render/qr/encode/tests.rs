use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, Version};

use super::modules;

/// The qrcode crate's code of `data` at the same version, level and mask.
fn oracle(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    let needed = |version: i16| 4 + if version < 10 { 8 } else { 16 } + 8 * data.len();
    let fits = |version: i16, level: EcLevel| {
        Bits::new(Version::Normal(version)).max_len(level).is_ok_and(|room| needed(version) <= room)
    };
    let version = (1..=40).find(|v| fits(*v, EcLevel::L))?;
    let level = if fits(version, EcLevel::M) { EcLevel::M } else { EcLevel::L };
    let mut bits = Bits::new(Version::Normal(version));
    bits.push_byte_data(data).ok()?;
    bits.push_terminator(level).ok()?;
    let version = bits.version();
    let (data, ecc) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    Some((width, canvas.into_colors().into_iter().map(|c| c == Color::Dark).collect()))
}

#[test]
fn every_code_is_the_qrcode_crates_module_for_module_at_every_version_and_both_levels() {
    let url = "https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufhick/credential.json?A=1&b=2025";
    let pattern: Vec<u8> = url.bytes().cycle().take(3_000).collect();
    let (mut versions, mut levels) = (std::collections::BTreeSet::new(), std::collections::BTreeSet::new());
    // Every length to 300 bytes, then the most each version holds at each level (by the crate's
    // capacities), and one byte past the largest.
    let most = |version: i16, level: EcLevel| {
        let room = Bits::new(Version::Normal(version)).max_len(level).unwrap();
        (room - 4 - if version < 10 { 8 } else { 16 }) / 8
    };
    let largest: Vec<usize> = (1..=40).flat_map(|v| [most(v, EcLevel::M), most(v, EcLevel::L)]).collect();
    for len in (0..300).chain(largest).chain([2_954]) {
        let data = &pattern[..len];
        let ours = modules(data);
        assert!(ours == oracle(data), "{len} bytes");
        let Some((side, _)) = ours else {
            assert!(len > 2_953, "only a text longer than the largest code holds has none: {len}");
            continue;
        };
        let version = (side - 17) / 4;
        versions.insert(version);
        levels.insert((version, super::choose(len).unwrap().1));
    }
    assert_eq!(versions, (1..=40).collect(), "every version");
    // Level L at every version; M wherever a text fits it that no smaller version holds at L.
    let m_reached = |v: usize| v == 1 || most(v as i16, EcLevel::M) > most(v as i16 - 1, EcLevel::L);
    for v in 1..=40 {
        assert!(levels.contains(&(v, super::L)), "version {v} at L");
        assert_eq!(levels.contains(&(v, super::M)), m_reached(v), "version {v} at M");
    }
    // UTF-8 of two and three bytes a character.
    for text in ["ÉLODIE Ñandú".repeat(9), "陈静 · 雷 910".repeat(12)] {
        assert!(modules(text.as_bytes()) == oracle(text.as_bytes()), "{text}");
    }
}

/// `cargo test --release --lib render::qr::encode::tests::cost -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn cost() {
    let urls: Vec<String> = (0..2_000)
        .map(|i| format!("https://kestrelbay-poly.github.io/credentials/c/ipogbxsstf6uweufh{i:04}/"))
        .collect();
    let start = std::time::Instant::now();
    urls.iter().for_each(|u| drop(std::hint::black_box(modules(u.as_bytes()))));
    let ours = start.elapsed() / 2_000;
    let start = std::time::Instant::now();
    urls.iter().for_each(|u| drop(std::hint::black_box(oracle(u.as_bytes()))));
    eprintln!("a landing page's code: {ours:?} here, {:?} by the qrcode crate", start.elapsed() / 2_000);
}
