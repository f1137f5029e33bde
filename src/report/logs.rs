//! Access logs, read a line at a time (a log of millions of lines is never held in memory): the
//! Common and Combined Log Formats (Apache, nginx, most hosts), Amazon CloudFront's standard logs
//! (W3C extended, tab-separated, with a `#Fields:` header) and Cloudflare's Logpush JSON lines.
//! Gzipped files (`.gz`) are read as they are. A line that cannot be read is counted, never fatal.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::Serialize;

use crate::ground::date::Date;
use crate::ground::error::{Error, Result};

/// A log format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogFormat {
    /// Common or Combined Log Format.
    Combined,
    /// CloudFront standard logs.
    Cloudfront,
    /// Cloudflare Logpush, JSON lines.
    Cloudflare,
}

impl LogFormat {
    /// `combined` (or `common`), `cloudfront`, `cloudflare`.
    pub fn parse(word: &str) -> Option<LogFormat> {
        match word {
            "combined" | "common" | "clf" => Some(LogFormat::Combined),
            "cloudfront" => Some(LogFormat::Cloudfront),
            "cloudflare" => Some(LogFormat::Cloudflare),
            _ => None,
        }
    }
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hit {
    pub day: Date,
    pub method: String,
    /// The path as requested, query included.
    pub target: String,
    pub status: u16,
    pub referer: Option<String>,
    pub agent: String,
}

/// What reading a log found besides its requests.
#[derive(Debug, Default)]
pub(super) struct Reading {
    pub lines: u64,
    pub malformed: u64,
    /// The first few malformed lines, as `file:line`.
    pub examples: Vec<String>,
}

/// Reads every request of the log at `path`, in order, handing each to `each`.
pub(super) fn read(
    path: &Path,
    format: Option<LogFormat>,
    reading: &mut Reading,
    mut each: impl FnMut(Hit),
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
    let raw: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut lines = BufReader::with_capacity(1 << 16, raw);
    let mut format = format;
    let mut fields: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut number = 0u64;
    loop {
        line.clear();
        match lines.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                // Not UTF-8: skip the line's bytes.
                let mut skip = Vec::new();
                let _ = lines.read_until(b'\n', &mut skip);
                number += 1;
                malformed(reading, path, number);
                continue;
            }
            Err(e) => return Err(Error::io("read", path, e)),
        }
        number += 1;
        let text = line.trim_end_matches(['\n', '\r']);
        if text.is_empty() {
            continue;
        }
        if let Some(names) = text.strip_prefix("#Fields:") {
            fields = names.split_whitespace().map(str::to_string).collect();
            format.get_or_insert(LogFormat::Cloudfront);
            continue;
        }
        if text.starts_with('#') {
            format.get_or_insert(LogFormat::Cloudfront);
            continue;
        }
        let format =
            *format.get_or_insert(if text.starts_with('{') { LogFormat::Cloudflare } else { LogFormat::Combined });
        reading.lines += 1;
        let hit = match format {
            LogFormat::Combined => combined(text),
            LogFormat::Cloudfront => cloudfront(text, &fields),
            LogFormat::Cloudflare => cloudflare(text),
        };
        match hit {
            Some(hit) => each(hit),
            None => malformed(reading, path, number),
        }
    }
    Ok(())
}

fn malformed(reading: &mut Reading, path: &Path, number: u64) {
    reading.malformed += 1;
    if reading.examples.len() < 5 {
        reading.examples.push(format!("{}:{number}", path.display()));
    }
}

/// `host ident user [10/Oct/2026:13:55:36 +0000] "GET /path HTTP/1.1" 200 2326 "referer" "agent"`.
fn combined(line: &str) -> Option<Hit> {
    let open = line.find('[')?;
    let close = open + line[open..].find(']')?;
    let day = clf_day(&line[open + 1..close])?;
    let rest = line[close + 1..].trim_start();
    let (request, rest) = quoted(rest)?;
    let mut parts = request.split(' ');
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut after = rest.split_whitespace();
    let status = after.next()?.parse().ok()?;
    let _bytes = after.next()?;
    let tail = rest.trim_start().splitn(3, ' ').nth(2).unwrap_or_default().trim_start();
    let (referer, agent) = match quoted(tail) {
        Some((referer, rest)) => (Some(referer), quoted(rest.trim_start()).map(|(a, _)| a).unwrap_or_default()),
        None => (None, String::new()),
    };
    Some(Hit { day, method, target, status, referer: referer.filter(|r| r != "-"), agent })
}

/// The text of a `"…"` field (with `\"` inside), and what follows it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let body = text.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    out.push(next);
                }
            }
            '"' => return Some((out, &body[i + 1..])),
            c => out.push(c),
        }
    }
    None
}

/// `10/Oct/2026:13:55:36 +0000` → 2026-10-10.
fn clf_day(stamp: &str) -> Option<Date> {
    let date = stamp.split(':').next()?;
    let mut parts = date.split('/');
    let day: u8 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    Date::new(parts.next()?.parse().ok()?, month, day)
}

/// A CloudFront line: tab-separated values in the order of the `#Fields:` header.
fn cloudfront(line: &str, fields: &[String]) -> Option<Hit> {
    let values: Vec<&str> = line.split('\t').collect();
    let get = |name: &str| fields.iter().position(|f| f == name).and_then(|i| values.get(i)).copied();
    let decoded = |v: &str| percent_decode(v);
    let query = get("cs-uri-query").filter(|q| *q != "-");
    let stem = get("cs-uri-stem")?;
    Some(Hit {
        day: Date::parse_iso(get("date")?)?,
        method: get("cs-method")?.to_string(),
        target: match query {
            Some(q) => format!("{stem}?{q}"),
            None => stem.to_string(),
        },
        status: get("sc-status")?.parse().ok()?,
        referer: get("cs(Referer)").filter(|r| *r != "-").map(decoded),
        agent: get("cs(User-Agent)").map(decoded).unwrap_or_default(),
    })
}

/// CloudFront writes spaces in its fields as `%20` (and escapes other bytes the same way).
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A Cloudflare Logpush line (HTTP requests dataset): `ClientRequestMethod`, `ClientRequestURI`
/// (or `ClientRequestPath`), `EdgeResponseStatus`, `ClientRequestReferer`,
/// `ClientRequestUserAgent`, and `EdgeStartTimestamp` (RFC 3339 or Unix time).
fn cloudflare(line: &str) -> Option<Hit> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let text = |k: &str| v.get(k).and_then(|x| x.as_str());
    let stamp = v.get("EdgeStartTimestamp")?;
    let day = match stamp {
        serde_json::Value::String(s) => Date::parse_iso(s.get(..10)?)?,
        serde_json::Value::Number(n) => {
            // Seconds, milliseconds or nanoseconds since the epoch, as Logpush is configured.
            let mut t = n.as_i64()?;
            while t > 100_000_000_000 {
                t /= 1000;
            }
            Date::from_days(t.div_euclid(86_400))
        }
        _ => return None,
    };
    Some(Hit {
        day,
        method: text("ClientRequestMethod")?.to_string(),
        target: text("ClientRequestURI").or_else(|| text("ClientRequestPath"))?.to_string(),
        status: v.get("EdgeResponseStatus")?.as_u64()?.try_into().ok()?,
        referer: text("ClientRequestReferer").filter(|r| !r.is_empty()).map(str::to_string),
        agent: text("ClientRequestUserAgent").unwrap_or_default().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined_lines_give_day_method_target_status_referer_and_agent() {
        let hit = combined(
            r#"203.0.113.9 - - [04/Dec/2026:10:11:12 +0100] "GET /creds/c/abc/ HTTP/1.1" 200 5123 "https://www.linkedin.com/feed/" "Mozilla/5.0 (X11) \"quoted\"""#,
        )
        .unwrap();
        assert_eq!(hit.day, Date::new(2026, 12, 4).unwrap());
        assert_eq!((hit.method.as_str(), hit.target.as_str(), hit.status), ("GET", "/creds/c/abc/", 200));
        assert_eq!(hit.referer.as_deref(), Some("https://www.linkedin.com/feed/"));
        assert_eq!(hit.agent, "Mozilla/5.0 (X11) \"quoted\"");
        let common = combined(r#"::1 - - [01/Jan/2026:00:00:00 +0000] "HEAD /x HTTP/1.0" 304 -"#).unwrap();
        assert_eq!((common.status, common.referer, common.agent.as_str()), (304, None, ""));
        for broken in ["", "garbage", r#"1.2.3.4 - - [99/Foo/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 1"#] {
            assert_eq!(combined(broken), None, "{broken}");
        }
    }

    #[test]
    fn cloudfront_fields_follow_the_header_and_are_percent_decoded() {
        let fields: Vec<String> = "date time cs-method cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query"
            .split(' ')
            .map(String::from)
            .collect();
        let hit =
            cloudfront("2026-11-03\t10:00:00\tGET\t/c/abc/credential.json\t200\t-\tMozilla/5.0%20(Mac)\tx=1", &fields)
                .unwrap();
        assert_eq!(hit.target, "/c/abc/credential.json?x=1");
        assert_eq!((hit.agent.as_str(), hit.referer), ("Mozilla/5.0 (Mac)", None));
    }

    #[test]
    fn cloudflare_json_lines_take_any_timestamp_unit() {
        let a = cloudflare(r#"{"ClientRequestMethod":"GET","ClientRequestURI":"/verify/","EdgeResponseStatus":200,"ClientRequestUserAgent":"UA","EdgeStartTimestamp":"2026-02-03T04:05:06Z"}"#).unwrap();
        let b = cloudflare(r#"{"ClientRequestMethod":"GET","ClientRequestPath":"/verify/","EdgeResponseStatus":200,"EdgeStartTimestamp":1770091506000000000}"#).unwrap();
        assert_eq!(a.day, b.day);
        assert_eq!(cloudflare(r#"{"ClientRequestMethod":"GET"}"#), None);
    }
}
