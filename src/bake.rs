//! Baked badges: a credential carried inside its badge image (Open Badges 3.0 §5.3).
//! PNG: one `iTXt` chunk with keyword `openbadgecredential`. SVG: an `openbadges:credential` element.

use std::io::Read;

/// The PNG file signature.
const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// The iTXt keyword OB 3.0 uses.
pub const PNG_KEYWORD: &str = "openbadgecredential";
/// The SVG namespace of the baking element.
pub const SVG_NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";

/// What kind of file the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Svg,
}

/// PNG or SVG, by content.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(PNG_SIGNATURE) {
        return Some(ImageKind::Png);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    head.contains("<svg").then_some(ImageKind::Svg)
}

/// Adds `credential` (JSON text) to a PNG as an `iTXt` chunk before `IEND`, replacing any earlier one.
pub fn bake_png(png: &[u8], credential: &str) -> Result<Vec<u8>, String> {
    let chunks = png_chunks(png)?;
    let mut out = Vec::with_capacity(png.len() + credential.len() + 64);
    out.extend_from_slice(PNG_SIGNATURE);
    for (kind, data) in chunks {
        if &kind == b"iTXt" && itxt_keyword(data) == Some(PNG_KEYWORD) {
            continue;
        }
        if &kind == b"IEND" {
            let mut body = Vec::with_capacity(credential.len() + 24);
            body.extend_from_slice(PNG_KEYWORD.as_bytes());
            body.extend_from_slice(&[0, 0, 0, 0, 0]); // separator, not compressed, method, empty language, empty translated keyword
            body.extend_from_slice(credential.as_bytes());
            write_chunk(&mut out, b"iTXt", &body);
        }
        write_chunk(&mut out, &kind, data);
    }
    Ok(out)
}

/// The credential baked into a PNG, if any.
pub fn unbake_png(png: &[u8]) -> Result<Option<String>, String> {
    for (kind, data) in png_chunks(png)? {
        if &kind != b"iTXt" || itxt_keyword(data) != Some(PNG_KEYWORD) {
            continue;
        }
        let rest = &data[PNG_KEYWORD.len() + 1..];
        let (compressed, rest) = (rest.first().copied().unwrap_or(0), rest.get(2..).unwrap_or_default());
        // Skip the language tag and translated keyword, each NUL-terminated.
        let mut parts = rest.splitn(3, |b| *b == 0);
        let (_, _, text) = (parts.next(), parts.next(), parts.next().unwrap_or_default());
        let text = if compressed == 1 {
            let mut s = String::new();
            flate2::read::ZlibDecoder::new(text)
                .read_to_string(&mut s)
                .map_err(|e| format!("the baked credential is not valid zlib data: {e}"))?;
            s
        } else {
            String::from_utf8(text.to_vec()).map_err(|_| "the baked credential is not UTF-8".to_string())?
        };
        return Ok(Some(text));
    }
    Ok(None)
}

/// Adds `credential` to an SVG as an `openbadges:credential` element right after the root tag.
pub fn bake_svg(svg: &str, credential: &str) -> Result<String, String> {
    let start = svg.find("<svg").ok_or("not an SVG: no <svg> element")?;
    let end = start + svg[start..].find('>').ok_or("not an SVG: the <svg> tag is not closed")?;
    let (open, rest) = svg.split_at(end);
    let self_closing = open.ends_with('/');
    let open = open.trim_end_matches('/');
    let ns = if open.contains("xmlns:openbadges") {
        String::new()
    } else {
        format!(" xmlns:openbadges=\"{SVG_NAMESPACE}\"")
    };
    let element = format!(
        "<openbadges:credential><![CDATA[{}]]></openbadges:credential>",
        credential.replace("]]>", "]]]]><![CDATA[>")
    );
    Ok(if self_closing {
        format!("{open}{ns}>{element}</svg>{}", &rest[1..])
    } else {
        format!("{open}{ns}>{element}{}", &rest[1..])
    })
}

/// The credential baked into an SVG, if any.
pub fn unbake_svg(svg: &str) -> Option<String> {
    let open = svg.find("<openbadges:credential")?;
    let body_start = open + svg[open..].find('>')? + 1;
    let body_end = body_start + svg[body_start..].find("</openbadges:credential>")?;
    let body = svg[body_start..body_end].trim();
    let mut text = String::new();
    let mut rest = body;
    while let Some(i) = rest.find("<![CDATA[") {
        text.push_str(&rest[..i]);
        let after = &rest[i + 9..];
        let close = after.find("]]>").unwrap_or(after.len());
        text.push_str(&after[..close]);
        rest = after.get(close + 3..).unwrap_or_default();
    }
    text.push_str(rest);
    Some(text.trim().to_string())
}

/// A PNG chunk: its type and its data.
type Chunk<'a> = ([u8; 4], &'a [u8]);

fn png_chunks(png: &[u8]) -> Result<Vec<Chunk<'_>>, String> {
    if !png.starts_with(PNG_SIGNATURE) {
        return Err("not a PNG file".into());
    }
    let mut chunks = Vec::new();
    let mut pos = 8;
    while pos + 12 <= png.len() {
        let len = u32::from_be_bytes(png[pos..pos + 4].try_into().expect("4 bytes")) as usize;
        let kind: [u8; 4] = png[pos + 4..pos + 8].try_into().expect("4 bytes");
        let data = png.get(pos + 8..pos + 8 + len).ok_or("the PNG is truncated")?;
        chunks.push((kind, data));
        pos += 12 + len;
        if &kind == b"IEND" {
            return Ok(chunks);
        }
    }
    Err("the PNG has no IEND chunk".into())
}

fn itxt_keyword(data: &[u8]) -> Option<&str> {
    let end = data.iter().position(|b| *b == 0)?;
    std::str::from_utf8(&data[..end]).ok()
}

fn write_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 PNG (signature, IHDR, IDAT, IEND) made by hand for the tests.
    fn tiny_png() -> Vec<u8> {
        let mut out = PNG_SIGNATURE.to_vec();
        write_chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, &[0, 0]).unwrap();
        write_chunk(&mut out, b"IDAT", &z.finish().unwrap());
        write_chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn png_bakes_and_unbakes_and_rebaking_replaces() {
        let png = tiny_png();
        assert_eq!(unbake_png(&png).unwrap(), None);
        let baked = bake_png(&png, "{\"a\":\"é\"}").unwrap();
        assert_eq!(unbake_png(&baked).unwrap().as_deref(), Some("{\"a\":\"é\"}"));
        let again = bake_png(&baked, "{}").unwrap();
        assert_eq!(unbake_png(&again).unwrap().as_deref(), Some("{}"));
        assert_eq!(again.len(), png.len() + 12 + PNG_KEYWORD.len() + 5 + 2);
        assert_eq!(sniff(&again), Some(ImageKind::Png));
    }

    #[test]
    fn svg_bakes_and_unbakes_even_with_cdata_terminators_inside() {
        let svg =
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect/></svg>";
        let cred = "{\"x\":\"a]]>b\"}";
        let baked = bake_svg(svg, cred).unwrap();
        assert!(baked.contains("xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\""));
        assert_eq!(unbake_svg(&baked).as_deref(), Some(cred));
        assert_eq!(sniff(baked.as_bytes()), Some(ImageKind::Svg));
        let self_closing = bake_svg("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "{}").unwrap();
        assert_eq!(unbake_svg(&self_closing).as_deref(), Some("{}"));
        assert!(self_closing.ends_with("</svg>"));
    }
}
