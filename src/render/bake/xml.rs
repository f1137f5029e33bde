//! Just enough XML to read a baked SVG: the first element of a given name in a given namespace,
//! and its text. Not a general XML parser (hallmark needs no more than this, and carries no XML
//! crate for it): markup that is not an element is skipped as the markup it is, namespace
//! declarations are scoped to their element, and references in text are decoded.

use crate::ground::layout::SVG_NAMESPACE;

/// The text of the first `credential` element in the Open Badges namespace of `svg`, whatever prefix
/// binds it (OB 3.0 §5.3.2). The text may be CDATA, escaped character data or both; comments,
/// processing instructions, CDATA sections and a DOCTYPE outside the element are skipped.
pub(crate) fn baked_credential(svg: &str) -> Result<Option<String>, String> {
    let mut xml = Scanner { text: svg, pos: 0, entities: Vec::new(), scopes: Vec::new() };
    // An `openbadges:credential` bound to another namespace, for a message better than "none".
    let mut misbound = None;
    while let Some(node) = xml.next_node()? {
        let tag = match node {
            Node::Start(tag) => tag,
            Node::End => {
                xml.scopes.pop();
                continue;
            }
        };
        let (prefix, local) = tag.name.split_once(':').map_or((None, tag.name), |(p, l)| (Some(p), l));
        let namespace = xml.namespace(prefix).map(str::to_string);
        if local == "credential" && namespace.as_deref() == Some(SVG_NAMESPACE) {
            if tag.attributes.iter().any(|(k, _)| *k == "verify") {
                return Err("the SVG carries its credential as a VC-JWT (the verify attribute), which this \
                            verifier does not read"
                    .into());
            }
            let text = if tag.empty { String::new() } else { xml.text_until_end(tag.name)? };
            if text.is_empty() {
                return Err(format!("the SVG's <{}> element is empty", tag.name));
            }
            return Ok(Some(text));
        }
        if local == "credential" && prefix == Some("openbadges") && misbound.is_none() {
            misbound = Some(namespace);
        }
        if tag.empty {
            xml.scopes.pop();
        }
    }
    match misbound {
        Some(Some(ns)) => Err(format!(
            "the SVG's openbadges:credential element is in the namespace {ns}, not in the Open Badges 3.0 \
             namespace {SVG_NAMESPACE}"
        )),
        Some(None) => Err(format!(
            "the SVG uses the prefix openbadges without declaring it: add xmlns:openbadges=\"{SVG_NAMESPACE}\" \
             to the <svg> tag"
        )),
        None => Ok(None),
    }
}

/// A start tag: its qualified name, its attributes (namespace declarations and `verify` decoded),
/// and whether it is `<…/>`.
struct Tag<'a> {
    name: &'a str,
    attributes: Vec<(&'a str, String)>,
    empty: bool,
}

/// Markup that matters for finding an element: a start tag or an end tag.
enum Node<'a> {
    Start(Tag<'a>),
    End,
}

/// Just enough of an XML reader to find one element by namespace and read its text: comments,
/// processing instructions, CDATA sections and the DOCTYPE are skipped as the markup they are,
/// namespace declarations are scoped to their element, and character references are decoded.
struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    /// Internal entities declared in the DOCTYPE (illustration programs declare namespace URIs so).
    entities: Vec<(String, String)>,
    /// The namespace declarations of each open element: (prefix, or none for the default; URI).
    scopes: Vec<Vec<(Option<&'a str>, String)>>,
}

impl<'a> Scanner<'a> {
    /// The URI `prefix` is bound to where the scanner is.
    fn namespace(&self, prefix: Option<&str>) -> Option<&str> {
        if prefix == Some("xml") {
            return Some("http://www.w3.org/XML/1998/namespace");
        }
        let bound = self.scopes.iter().rev().flatten().find(|(p, _)| *p == prefix)?;
        Some(bound.1.as_str()).filter(|uri| !uri.is_empty())
    }

    /// The byte offset just after the next `end` at or after `from`.
    fn after(&self, from: usize, end: &str, what: &str) -> Result<usize, String> {
        let i = self.text[from..].find(end).ok_or_else(|| format!("the SVG has {what} that is not closed"))?;
        Ok(from + i + end.len())
    }

    /// The next start or end tag, skipping text and other markup; `None` at the end of the text.
    fn next_node(&mut self) -> Result<Option<Node<'a>>, String> {
        loop {
            let Some(i) = self.text[self.pos..].find('<') else {
                return Ok(None);
            };
            self.pos += i;
            if let Some(node) = self.markup()? {
                return Ok(Some(node));
            }
        }
    }

    /// Reads the markup at `self.pos` (a `<`): a tag, or `None` for a comment, processing
    /// instruction, CDATA section or DOCTYPE, which are skipped.
    fn markup(&mut self) -> Result<Option<Node<'a>>, String> {
        let rest = &self.text[self.pos..];
        if rest.starts_with("<!--") {
            self.pos = self.after(self.pos + 4, "-->", "a comment")?;
        } else if rest.starts_with("<![CDATA[") {
            self.pos = self.after(self.pos + 9, "]]>", "a CDATA section")?;
        } else if rest.starts_with("<?") {
            self.pos = self.after(self.pos + 2, "?>", "a processing instruction")?;
        } else if rest.starts_with("<!") {
            self.doctype()?;
        } else if rest.starts_with("</") {
            self.pos = self.after(self.pos, ">", "an end tag")?;
            return Ok(Some(Node::End));
        } else {
            return self.start_tag().map(|t| Some(Node::Start(t)));
        }
        Ok(None)
    }

    /// Skips `<!DOCTYPE …>`, internal subset included, keeping its internal general entities.
    fn doctype(&mut self) -> Result<(), String> {
        let bytes = self.text.as_bytes();
        let (mut i, mut depth) = (self.pos + 2, 0);
        while i < bytes.len() {
            match bytes[i] {
                q @ (b'"' | b'\'') => {
                    i += 1 + self.text[i + 1..].find(q as char).ok_or("the SVG's DOCTYPE has an unclosed quote")?;
                }
                b'[' => depth += 1,
                b']' => depth -= 1,
                b'<' if self.text[i..].starts_with("<!--") => i = self.after(i + 4, "-->", "a comment")? - 1,
                b'<' if self.text[i..].starts_with("<!ENTITY") => {
                    let decl_end = self.after(i, ">", "an entity declaration")?;
                    self.entity(&self.text[i + 8..decl_end - 1]);
                    i = decl_end - 1;
                }
                b'>' if depth <= 0 => {
                    self.pos = i + 1;
                    return Ok(());
                }
                _ => {}
            }
            i += 1;
        }
        Err("the SVG has a DOCTYPE that is not closed".into())
    }

    /// Records `name "value"` from an `<!ENTITY …>` declaration (parameter and external entities are not needed).
    fn entity(&mut self, decl: &str) {
        let decl = decl.trim_start();
        let Some((name, value)) = decl.split_once(char::is_whitespace) else {
            return;
        };
        let value = value.trim();
        let quoted = value.len() >= 2 && (value.starts_with('"') || value.starts_with('\''));
        if name != "%" && quoted && value.ends_with(&value[..1]) {
            self.entities.push((name.to_string(), value[1..value.len() - 1].to_string()));
        }
    }

    /// Reads the start tag at `self.pos`, and opens its namespace scope.
    fn start_tag(&mut self) -> Result<Tag<'a>, String> {
        let text = self.text;
        let malformed = |at: usize| format!("the SVG is not well-formed XML at byte {at}");
        let name_end = |from: usize| {
            text[from..]
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>' || c == '=')
                .map_or(text.len(), |i| from + i)
        };
        let start = self.pos + 1;
        let mut i = name_end(start);
        let name = &text[start..i];
        if name.is_empty() {
            return Err(malformed(self.pos));
        }
        let mut attributes = Vec::new();
        loop {
            i += text[i..].len() - text[i..].trim_start().len();
            let rest = &text[i..];
            if rest.starts_with("/>") || rest.starts_with('>') {
                let empty = rest.starts_with('/');
                self.pos = i + if empty { 2 } else { 1 };
                let scope = attributes
                    .iter()
                    .filter_map(|(k, v): &(&'a str, String)| match *k {
                        "xmlns" => Some((None, v.clone())),
                        k => k.strip_prefix("xmlns:").map(|p| (Some(p), v.clone())),
                    })
                    .collect();
                self.scopes.push(scope);
                return Ok(Tag { name, attributes, empty });
            }
            let key_end = name_end(i);
            let key = &text[i..key_end];
            let after_key = key_end + text[key_end..].len() - text[key_end..].trim_start().len();
            let value_at = after_key + 1;
            if key.is_empty() || !text[after_key..].starts_with('=') {
                return Err(malformed(i));
            }
            let value_at = value_at + text[value_at..].len() - text[value_at..].trim_start().len();
            let quote = text[value_at..]
                .chars()
                .next()
                .filter(|q| *q == '"' || *q == '\'')
                .ok_or_else(|| malformed(value_at))?;
            let close = text[value_at + 1..].find(quote).ok_or_else(|| malformed(value_at))? + value_at + 1;
            let raw = &text[value_at + 1..close];
            // Only the values read here are decoded: a stray `&` in an unrelated attribute is the
            // artwork's business, not a reason to refuse the credential.
            let value = if key == "xmlns" || key.starts_with("xmlns:") || key == "verify" {
                let mut value = String::new();
                self.decode(raw, &mut value)?;
                value
            } else {
                raw.to_string()
            };
            attributes.push((key, value));
            i = close + 1;
        }
    }

    /// The text content of the element just opened (named `name`), up to its end tag: character data
    /// decoded, CDATA sections as they are, comments and processing instructions left out.
    fn text_until_end(&mut self, name: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut depth = 0usize;
        loop {
            let i =
                self.text[self.pos..].find('<').ok_or_else(|| format!("the SVG's <{name}> element is not closed"))?;
            let chunk = &self.text[self.pos..self.pos + i];
            self.decode(chunk, &mut out)?;
            self.pos += i;
            let rest = &self.text[self.pos..];
            if let Some(body) = rest.strip_prefix("<![CDATA[") {
                let close = body.find("]]>").ok_or("the SVG has a CDATA section that is not closed")?;
                out.push_str(&body[..close]);
                self.pos += 9 + close + 3;
                continue;
            }
            match self.markup()? {
                Some(Node::End) if depth == 0 => {
                    self.scopes.pop();
                    return Ok(out.trim().to_string());
                }
                Some(Node::End) => {
                    depth -= 1;
                    self.scopes.pop();
                }
                Some(Node::Start(tag)) if tag.empty => {
                    self.scopes.pop();
                }
                Some(Node::Start(_)) => depth += 1,
                None => {}
            }
        }
    }

    /// Appends `raw` (character data or an attribute value) to `out` with its references decoded.
    fn decode(&self, raw: &str, out: &mut String) -> Result<(), String> {
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let after = &rest[amp + 1..];
            let semi = after
                .find(';')
                .filter(|i| *i <= 40)
                .ok_or("the SVG has a bare & in its text: an XML editor writes it as &amp;")?;
            let name = &after[..semi];
            let number = |digits: &str, radix| {
                let all_digits = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
                u32::from_str_radix(digits, radix).ok().filter(|_| all_digits).and_then(char::from_u32)
            };
            let decoded = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                n if n.starts_with("#x") => number(&n[2..], 16),
                n if n.starts_with('#') => number(&n[1..], 10),
                n => {
                    let value = self
                        .entities
                        .iter()
                        .find(|(k, _)| k == n)
                        .map(|(_, v)| v.as_str())
                        .ok_or_else(|| format!("the SVG uses the entity &{n}; without declaring it"))?;
                    out.push_str(value);
                    None
                }
            };
            match decoded {
                Some(c) => out.push(c),
                None if name.starts_with('#') => {
                    return Err(format!("the SVG has an invalid character reference &{name};"))
                }
                None => {}
            }
            rest = &after[semi + 1..];
        }
        out.push_str(rest);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"";

    fn read(svg: &str) -> Result<Option<String>, String> {
        baked_credential(svg)
    }

    #[test]
    fn svg_text_is_decoded_as_xml_character_data() {
        let svg = format!(
            "<svg {NS}><openbadges:credential>&#123;&quot;a&quot;:&quot;x &amp; y &lt;z&gt; &apos;&#xE9;&#233;&quot;&#x7d;\
             </openbadges:credential></svg>"
        );
        assert_eq!(read(&svg).unwrap().as_deref(), Some("{\"a\":\"x & y <z> 'éé\"}"));
        let mixed = format!("<svg {NS}><openbadges:credential>\n <![CDATA[{{\"a\":]]>&quot;&lt;&quot;<![CDATA[}}]]>\n</openbadges:credential></svg>");
        assert_eq!(read(&mixed).unwrap().as_deref(), Some("{\"a\":\"<\"}"));
        // Inside CDATA, references are text.
        let cdata = format!("<svg {NS}><openbadges:credential><![CDATA[\"&amp;\"]]></openbadges:credential></svg>");
        assert_eq!(read(&cdata).unwrap().as_deref(), Some("\"&amp;\""));
    }

    #[test]
    fn svg_element_is_found_by_namespace_not_by_prefix() {
        let ns = SVG_NAMESPACE;
        for svg in [
            format!("<svg xmlns:ob=\"{ns}\"><ob:credential>1</ob:credential></svg>"),
            format!("<svg><g xmlns:x='{ns}'><x:credential >1</x:credential ></g></svg>"),
            format!("<svg><credential xmlns=\"{ns}\">1</credential></svg>"),
            // A prefix rebound deeper down, and a declaration that ended with its element.
            format!("<svg xmlns:openbadges=\"urn:other\"><g xmlns:openbadges=\"{ns}\"><openbadges:credential>1</openbadges:credential></g></svg>"),
        ] {
            assert_eq!(read(&svg).unwrap().as_deref(), Some("1"), "{svg}");
        }
        let ended = format!("<svg><g xmlns:ob=\"{ns}\"/><ob:credential>1</ob:credential></svg>");
        assert_eq!(read(&ended), Ok(None), "the declaration belonged to the <g/> only");
        let sibling = format!("<svg><g xmlns:ob=\"{ns}\"></g><ob:credential>1</ob:credential></svg>");
        assert_eq!(read(&sibling), Ok(None));
        let other =
            "<svg xmlns:openbadges=\"http://openbadges.org\"><openbadges:credential>1</openbadges:credential></svg>";
        assert!(read(other).unwrap_err().contains("in the namespace http://openbadges.org"));
        let undeclared = "<svg><openbadges:credential>1</openbadges:credential></svg>";
        assert!(read(undeclared).unwrap_err().contains("without declaring it"));
        // The OB 2.0 assertion element is not an OB 3.0 credential.
        let ob2 = "<svg xmlns:openbadges=\"http://openbadges.org\"><openbadges:assertion verify=\"x\"/></svg>";
        assert_eq!(read(ob2), Ok(None));
    }

    #[test]
    fn comments_processing_instructions_and_cdata_outside_the_element_are_not_markup() {
        let svg = "<?xml version=\"1.0\"?><!DOCTYPE svg [ <!ENTITY ns_ob \"https://purl.imsglobal.org/ob/v3p0\"> \
             <!-- ]> <openbadges:credential>c0</openbadges:credential> --> ]>\
             <!-- <openbadges:credential>c1</openbadges:credential> -->\
             <?pi <openbadges:credential>c2</openbadges:credential> ?>\
             <svg xmlns:openbadges=\"&ns_ob;\" title='a > b'>\
             <![CDATA[<openbadges:credential>c3</openbadges:credential>]]>\
             <openbadges:credential><!-- c4 --><?pi c5?>real</openbadges:credential></svg>";
        assert_eq!(read(svg).unwrap().as_deref(), Some("real"));
    }

    #[test]
    fn broken_or_unusable_credential_elements_say_why() {
        for (svg, why) in [
            (format!("<svg {NS}><openbadges:credential>{{}}"), "is not closed"),
            (format!("<svg {NS}><openbadges:credential>a & b</openbadges:credential></svg>"), "bare &"),
            (
                format!("<svg {NS}><openbadges:credential>&nbsp;</openbadges:credential></svg>"),
                "&nbsp; without declaring",
            ),
            (
                format!("<svg {NS}><openbadges:credential>&#xD800;</openbadges:credential></svg>"),
                "invalid character reference",
            ),
            (format!("<svg {NS}><openbadges:credential/></svg>"), "is empty"),
            (format!("<svg {NS}><openbadges:credential verify=\"h.p.s\"/></svg>"), "VC-JWT"),
            (
                format!("<svg {NS}><!-- <openbadges:credential>{{}}</openbadges:credential>"),
                "comment that is not closed",
            ),
            (format!("<svg {NS} broken><openbadges:credential>1</openbadges:credential></svg>"), "not well-formed"),
        ] {
            let err = read(&svg).unwrap_err();
            assert!(err.contains(why), "{svg}: {err}");
        }
        assert_eq!(read("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>"), Ok(None));
        let stray = format!("<svg {NS}><a href=\"?a=1&b=2\"/><openbadges:credential>1</openbadges:credential></svg>");
        assert_eq!(read(&stray).unwrap().as_deref(), Some("1"), "an unrelated attribute is not read");
        let plus = format!("<svg {NS}><openbadges:credential>&#+65;</openbadges:credential></svg>");
        assert!(read(&plus).unwrap_err().contains("invalid character reference"));
    }
}
