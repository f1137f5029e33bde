//! Baked badges: a credential carried inside its badge image (Open Badges 3.0 §5.3).
//! PNG: one `iTXt` chunk with keyword `openbadgecredential`. SVG: an `openbadges:credential` element.
//! Open Badges 2.0's carrier, for older backpacks, is in `ob2`.

use std::io::Read;

mod ob2;
mod xml;

pub use ob2::{bake_png_ob2, bake_svg_ob2};

use crate::ground::layout::{PNG_KEYWORD, PNG_SIGNATURE, SVG_NAMESPACE};

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
    // A credential is JSON even when its text mentions `<svg`; an SVG is XML and starts with `<`.
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    let svg = first == Some(&b'<') && root_tag(&String::from_utf8_lossy(text)).is_ok();
    svg.then_some(ImageKind::Svg)
}

/// Adds `credential` (JSON text) to a PNG as an `iTXt` chunk before `IEND`, replacing any earlier one.
pub fn bake_png(png: &[u8], credential: &str) -> Result<Vec<u8>, String> {
    bake_png_as(png, PNG_KEYWORD, credential)
}

/// Adds `text` to a PNG as an uncompressed `iTXt` chunk with `keyword` before `IEND`, replacing any
/// earlier chunk with that keyword.
fn bake_png_as(png: &[u8], keyword: &str, text: &str) -> Result<Vec<u8>, String> {
    let chunks = png_chunks(png)?;
    let mut out = Vec::with_capacity(png.len() + text.len() + 64);
    out.extend_from_slice(PNG_SIGNATURE);
    for (kind, data) in chunks {
        if &kind == b"iTXt" && itxt_keyword(data) == Some(keyword) {
            continue;
        }
        if &kind == b"IEND" {
            let mut body = Vec::with_capacity(text.len() + 24);
            body.extend_from_slice(keyword.as_bytes());
            body.extend_from_slice(&[0, 0, 0, 0, 0]); // separator, not compressed, method, empty language, empty translated keyword
            body.extend_from_slice(text.as_bytes());
            write_chunk(&mut out, b"iTXt", &body);
        }
        write_chunk(&mut out, &kind, data);
    }
    Ok(out)
}

/// What a baked PNG holds, read within a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unbaked {
    Text(String),
    /// The compressed credential inflates past the limit; inflating stopped there.
    TooLarge,
}

/// The credential baked into a PNG, if any (inflated to at most 2 MiB).
pub fn unbake_png(png: &[u8]) -> Result<Option<String>, String> {
    match unbake_png_within(png, 2 << 20)? {
        Some(Unbaked::Text(t)) => Ok(Some(t)),
        Some(Unbaked::TooLarge) => Err("the baked credential inflates to more than 2 MiB".into()),
        None => Ok(None),
    }
}

/// The credential baked into a PNG, if any, inflated to at most `max` bytes: a small image can
/// hold a zlib stream that inflates to gigabytes.
pub fn unbake_png_within(png: &[u8], max: u64) -> Result<Option<Unbaked>, String> {
    for (kind, data) in png_chunks(png)? {
        if &kind != b"iTXt" || itxt_keyword(data) != Some(PNG_KEYWORD) {
            continue;
        }
        let rest = &data[PNG_KEYWORD.len() + 1..];
        let (flag, method) = (rest.first().copied().unwrap_or(0), rest.get(1).copied().unwrap_or(0));
        let rest = rest.get(2..).unwrap_or_default();
        // Skip the language tag and translated keyword, each NUL-terminated.
        let mut parts = rest.splitn(3, |b| *b == 0);
        let (_, _, text) = (parts.next(), parts.next(), parts.next().unwrap_or_default());
        let text = match (flag, method) {
            (0, _) => text.to_vec(),
            (1, 0) => {
                let mut bytes = Vec::new();
                flate2::read::ZlibDecoder::new(text)
                    .take(max.saturating_add(1))
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("the baked credential is not valid zlib data: {e}"))?;
                if bytes.len() as u64 > max {
                    return Ok(Some(Unbaked::TooLarge));
                }
                bytes
            }
            (1, m) => return Err(format!("the baked credential is compressed with unknown method {m}")),
            (f, _) => return Err(format!("the baked credential's iTXt chunk has an invalid compression flag {f}")),
        };
        if text.len() as u64 > max {
            return Ok(Some(Unbaked::TooLarge));
        }
        let text = String::from_utf8(text).map_err(|_| "the baked credential is not UTF-8".to_string())?;
        return Ok(Some(Unbaked::Text(text)));
    }
    Ok(None)
}

/// Adds `credential` to an SVG as an `openbadges:credential` element right after the root tag.
/// The root is found past the prolog (XML declaration, comments, processing instructions, a
/// doctype), so a comment that mentions `<svg` is not taken for it. The Open Badges 3.0 namespace
/// is declared on the root unless the root already binds `openbadges` to it; when the root binds
/// `openbadges` to something else (the Open Badges 2.0 namespace, say), the element declares the
/// prefix itself, which overrides the root's for the element.
pub fn bake_svg(svg: &str, credential: &str) -> Result<String, String> {
    bake_svg_as(svg, SVG_NAMESPACE, &|declaration| {
        format!("<openbadges:credential{declaration}>{}</openbadges:credential>", cdata(credential))
    })
}

/// `text` as CDATA, split where it holds `]]>`.
fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", text.replace("]]>", "]]]]><![CDATA[>"))
}

/// Puts the element `element` makes right after the SVG's root tag. The `openbadges` prefix is
/// bound to `namespace` on the root unless the root binds it already; when the root binds it to
/// another namespace, `element` gets the declaration to put on the element itself.
fn bake_svg_as(svg: &str, namespace: &str, element: &dyn Fn(&str) -> String) -> Result<String, String> {
    let root = root_tag(svg)?;
    let open = &svg[..root.end];
    let self_closing = open.ends_with('/');
    let open = open.trim_end_matches('/');
    let (on_root, on_element) = match root.attribute(svg, "xmlns:openbadges") {
        None => (format!(" xmlns:openbadges=\"{namespace}\""), String::new()),
        Some(uri) if uri == namespace => (String::new(), String::new()),
        Some(_) => (String::new(), format!(" xmlns:openbadges=\"{namespace}\"")),
    };
    let element = element(&on_element);
    let rest = &svg[root.end + 1..];
    Ok(if self_closing {
        format!("{open}{on_root}>{element}</{}>{rest}", root.name)
    } else {
        format!("{open}{on_root}>{element}{rest}")
    })
}

/// The root element's start tag: its name, where it starts and the offset of its closing `>`.
struct RootTag<'a> {
    name: &'a str,
    start: usize,
    end: usize,
}

impl RootTag<'_> {
    /// The value of attribute `name` on the tag, as written (quotes removed).
    fn attribute<'s>(&self, svg: &'s str, name: &str) -> Option<&'s str> {
        let tag = &svg[self.start..self.end];
        let mut i = 1 + self.name.len();
        let bytes = tag.as_bytes();
        while i < tag.len() {
            while i < tag.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            let key_start = i;
            while i < tag.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' {
                i += 1;
            }
            let key = &tag[key_start..i];
            while i < tag.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'=') {
                i += 1;
            }
            let quote = *bytes.get(i)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let value_end = i + 1 + tag[i + 1..].find(quote as char)?;
            if key == name {
                return Some(&tag[i + 1..value_end]);
            }
            i = value_end + 1;
        }
        None
    }
}

fn root_tag(svg: &str) -> Result<RootTag<'_>, String> {
    const NOT_SVG: &str = "not an SVG: no <svg> element";
    let mut i = 0;
    loop {
        i += svg[i..].find('<').ok_or(NOT_SVG)?;
        let here = &svg[i..];
        let skip_to = |close: &str| here.find(close).map(|e| i + e + close.len()).ok_or(NOT_SVG);
        if here.starts_with("<?") {
            i = skip_to("?>")?;
        } else if here.starts_with("<!--") {
            i = skip_to("-->")?;
        } else if here.starts_with("<!") {
            // A doctype, perhaps with an internal subset in brackets.
            let gt = here.find('>').ok_or(NOT_SVG)?;
            match here.find('[').filter(|&b| b < gt) {
                Some(b) => {
                    let close = b + here[b..].find(']').ok_or(NOT_SVG)?;
                    i += close + here[close..].find('>').ok_or(NOT_SVG)? + 1;
                }
                None => i += gt + 1,
            }
        } else {
            break;
        }
    }
    let name_len = svg[i + 1..].find(|c: char| c.is_whitespace() || c == '/' || c == '>').ok_or(NOT_SVG)?;
    let name = &svg[i + 1..i + 1 + name_len];
    if name != "svg" && !name.ends_with(":svg") {
        return Err(format!("not an SVG: the root element is <{name}>"));
    }
    let mut quote = None;
    for (k, c) in svg[i..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Ok(RootTag { name, start: i, end: i + k }),
            _ => {}
        }
    }
    Err("not an SVG: the <svg> tag is not closed".into())
}

/// The credential baked into an SVG, if any: the text of the first `credential` element in the
/// Open Badges namespace, whatever prefix binds it (OB 3.0 §5.3.2 "Extracting"). The text may be
/// CDATA, escaped character data or both; comments, processing instructions and CDATA sections
/// outside the element are not markup and are skipped.
pub fn unbake_svg(svg: &str) -> Result<Option<String>, String> {
    crate::render::bake::xml::baked_credential(svg)
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
pub(super) mod tests {
    use super::*;

    /// A 1×1 PNG (signature, IHDR, IDAT, IEND) made by hand for the tests.
    pub(super) fn tiny_png() -> Vec<u8> {
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
        assert_eq!(unbake_svg(&baked).unwrap().as_deref(), Some(cred));
        assert_eq!(sniff(baked.as_bytes()), Some(ImageKind::Svg));
        let self_closing = bake_svg("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "{}").unwrap();
        assert_eq!(unbake_svg(&self_closing).unwrap().as_deref(), Some("{}"));
        assert!(self_closing.ends_with("</svg>"));
    }

    #[test]
    fn svg_baking_finds_the_real_root_and_its_own_namespace() {
        // A comment mentioning <svg>, a doctype, '>' in an attribute, and the Open Badges 2.0
        // namespace already bound to the prefix.
        let svg = "<?xml version=\"1.0\"?>\n<!-- made from <svg> art -->\n<!DOCTYPE svg [<!ENTITY a \"b\">]>\n\
                   <svg xmlns=\"http://www.w3.org/2000/svg\" data-x=\"a>b\" xmlns:openbadges=\"http://openbadges.org\"><rect/></svg>";
        let baked = bake_svg(svg, "{\"id\":1}").unwrap();
        assert!(baked.starts_with("<?xml version=\"1.0\"?>\n<!-- made from <svg> art -->"), "{baked}");
        assert!(baked.contains("data-x=\"a>b\" xmlns:openbadges=\"http://openbadges.org\"><openbadges:credential xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">"), "{baked}");
        assert_eq!(unbake_svg(&baked).unwrap().as_deref(), Some("{\"id\":1}"));
        // A prefixed root closes with its own name.
        let prefixed = bake_svg("<s:svg xmlns:s=\"http://www.w3.org/2000/svg\"/>", "{}").unwrap();
        assert!(prefixed.ends_with("</openbadges:credential></s:svg>"), "{prefixed}");
        assert_eq!(unbake_svg(&prefixed).unwrap().as_deref(), Some("{}"));
        assert!(bake_svg("<!-- <svg> --><html/>", "{}").unwrap_err().contains("root element is <html>"));
    }

    #[test]
    fn baking_an_svg_is_unchanged_byte_for_byte() {
        let svg =
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect/></svg>\n";
        assert_eq!(
            bake_svg(svg, "{\"a\":\"]]>\"}").unwrap(),
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\" \
             xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential><![CDATA[{\"a\":\"]]]]>\
             <![CDATA[>\"}]]></openbadges:credential><rect/></svg>\n"
        );
    }

    #[test]
    fn png_reads_only_its_own_keyword_and_compressed_text() {
        let mut png = PNG_SIGNATURE.to_vec();
        let tiny = tiny_png();
        let chunks = png_chunks(&tiny).unwrap();
        let (iend, rest) = chunks.split_last().unwrap();
        for (kind, data) in rest {
            write_chunk(&mut png, kind, data);
        }
        // OB 2.0's keyword, and a keyword that merely starts like ours, come first and are not ours.
        write_chunk(&mut png, b"iTXt", b"openbadges\0\0\0\0\0{\"ob2\":1}");
        write_chunk(&mut png, b"iTXt", b"openbadgecredentials\0\0\0\0\0{\"no\":1}");
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, "{\"a\":\"é\"}".as_bytes()).unwrap();
        let mut body = b"openbadgecredential\0\x01\x00en\0Credential\0".to_vec();
        body.extend_from_slice(&z.finish().unwrap());
        write_chunk(&mut png, b"iTXt", &body);
        write_chunk(&mut png, &iend.0, iend.1);
        assert_eq!(unbake_png(&png).unwrap().as_deref(), Some("{\"a\":\"é\"}"));

        let mut odd = PNG_SIGNATURE.to_vec();
        write_chunk(&mut odd, b"iTXt", b"openbadgecredential\0\x01\x07\0\0x");
        write_chunk(&mut odd, b"IEND", &[]);
        assert!(unbake_png(&odd).unwrap_err().contains("unknown method 7"));
    }

    #[test]
    fn json_that_mentions_svg_is_not_an_svg() {
        assert_eq!(sniff(b"  {\"description\": \"<svg> charts\"}"), None);
        assert_eq!(sniff(b"\xef\xbb\xbf<?xml version=\"1.0\"?><svg/>"), Some(ImageKind::Svg));
        assert_eq!(sniff(b"\n<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"/>"), Some(ImageKind::Svg));
        assert_eq!(sniff(b"<s:svg xmlns:s=\"http://www.w3.org/2000/svg\"/>"), Some(ImageKind::Svg));
        assert_eq!(sniff(b"<!-- <svg> --><html><svg/></html>"), None);
    }
}
