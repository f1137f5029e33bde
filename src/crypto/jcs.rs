//! JSON Canonicalization Scheme (RFC 8785): the canonical bytes that eddsa-jcs-2022 hashes.

use serde_json::Value;

/// The RFC 8785 canonical form of `value`.
pub(crate) fn canonicalize(value: &Value) -> String {
    let mut out = String::with_capacity(1024);
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            // Members are ordered by the UTF-16 code units of their names (RFC 8785 §3.2.3).
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (k, v)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_value(v, out);
            }
            out.push('}');
        }
    }
}

fn write_number(n: &serde_json::Number, out: &mut String) {
    if let Some(i) = n.as_i64() {
        out.push_str(&i.to_string());
    } else if let Some(u) = n.as_u64() {
        out.push_str(&u.to_string());
    } else if let Some(f) = n.as_f64() {
        // ECMAScript Number.prototype.toString, which RFC 8785 §3.2.2.3 prescribes.
        let mut buf = ryu_js::Buffer::new();
        out.push_str(buf.format(f));
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0C}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_members_by_utf16_code_units_not_utf8_bytes() {
        // U+10000 is D800 DC00 in UTF-16, which sorts before U+FB33 although its UTF-8 bytes sort after.
        let v = json!({"\u{fb33}": 1, "\u{10000}": 2, "a": 3});
        assert_eq!(canonicalize(&v), "{\"a\":3,\"\u{10000}\":2,\"\u{fb33}\":1}");
    }

    #[test]
    fn escapes_only_what_rfc8785_escapes() {
        let v = json!("tab\there \"q\" \\ \u{1} é </script>");
        assert_eq!(canonicalize(&v), "\"tab\\there \\\"q\\\" \\\\ \\u0001 é </script>\"");
    }

    #[test]
    fn numbers_follow_ecmascript() {
        let v: Value = serde_json::from_str("[1.0, 1e21, 0.000001, 1e-7, -0.5, 123456789]").unwrap();
        assert_eq!(canonicalize(&v), "[1,1e+21,0.000001,1e-7,-0.5,123456789]");
    }
}
