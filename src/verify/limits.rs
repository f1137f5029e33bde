//! Limits on what `hallmark verify` reads: a file, a credential or a baked image is untrusted
//! input, and without limits one file can take minutes or gigabytes (10,000 proofs took 76 s; a
//! 100 MB JSON file 4.95 GB of memory; a 1 MB PNG inflated to 2.7 GB). Past a limit the input is
//! reported as "could not check: too large (limit …)", never as verified or failed; the binary's
//! `--limit NAME=VALUE` raises a limit.

/// The limits; [`Limits::default`] fits every credential hallmark or another issuer makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read (a credential, a baked PNG or SVG), in bytes.
    pub file_bytes: u64,
    /// The largest credential JSON, in bytes, as read or as inflated from a baked PNG.
    pub json_bytes: u64,
    /// The most proofs checked on one credential.
    pub proofs: usize,
    /// The deepest nesting of JSON arrays and objects.
    pub depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { file_bytes: 32 << 20, json_bytes: 2 << 20, proofs: 16, depth: 64 }
    }
}

/// The names `--limit` takes, each with what it limits.
pub const LIMIT_NAMES: [(&str, &str); 4] = [
    ("file-size", "the largest file read, in bytes (K, M and G suffixes; default 32M)"),
    ("json-size", "the largest credential JSON, read or inflated from a PNG (default 2M)"),
    ("proofs", "the most proofs checked on one credential (default 16)"),
    ("depth", "the deepest nesting of JSON arrays and objects (default 64)"),
];

impl Limits {
    /// Sets the limit `name` (one of [`LIMIT_NAMES`]) from `value` (`64M`, `100`…).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let number = parse_size(value).ok_or_else(|| format!("\"{value}\" is not a number (e.g. 100, 64K, 8M, 1G)"))?;
        match name {
            "file-size" => self.file_bytes = number,
            "json-size" => self.json_bytes = number,
            "proofs" => self.proofs = usize::try_from(number).unwrap_or(usize::MAX),
            "depth" => self.depth = usize::try_from(number).unwrap_or(usize::MAX),
            other => {
                let names: Vec<&str> = LIMIT_NAMES.iter().map(|(n, _)| *n).collect();
                return Err(format!("there is no limit \"{other}\"; the limits are {}", names.join(", ")));
            }
        }
        Ok(())
    }
}

/// `100`, `64K`, `8M`, `1G` (powers of 1024).
fn parse_size(value: &str) -> Option<u64> {
    let v = value.trim();
    let (digits, shift) = match v.char_indices().last()? {
        (i, 'K' | 'k') => (&v[..i], 10),
        (i, 'M' | 'm') => (&v[..i], 20),
        (i, 'G' | 'g') => (&v[..i], 30),
        _ => (v, 0),
    };
    digits.parse::<u64>().ok()?.checked_mul(1 << shift)
}

/// `32 MiB`, `2 KiB`, `100 bytes`.
pub(crate) fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// "too large: <what> (limit <limit>)", the reason a too-large input could not be checked.
pub(crate) fn too_large(what: String, limit: String) -> String {
    format!("too large: {what} (limit {limit})")
}

/// How deeply `text`'s arrays and objects nest, counting only brackets outside strings; stops
/// counting past `limit`. One pass, no allocation: run before parsing.
pub(crate) fn json_depth(text: &[u8], limit: usize) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in text {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
                if deepest > limit {
                    return deepest;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_depths() {
        assert_eq!(parse_size("64K"), Some(65536));
        assert_eq!(parse_size("2m"), Some(2 << 20));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size("99999999999G"), None);
        assert_eq!(bytes(32 << 20), "32 MiB");
        assert_eq!(json_depth(br#"{"a":[1,{"b":"[[[{"}]}"#, 100), 3);
        assert_eq!(json_depth(br#""\"[""#, 100), 0);
        assert_eq!(json_depth(&vec![b'['; 1_000_000], 64), 65, "stops counting past the limit");
        let mut l = Limits::default();
        l.set("proofs", "100").unwrap();
        assert_eq!(l.proofs, 100);
        assert!(l.set("speed", "1").unwrap_err().contains("the limits are file-size, json-size, proofs, depth"));
    }
}
