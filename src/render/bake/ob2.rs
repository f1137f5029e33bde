//! Open Badges 2.0's carrier (Baking Specification 2.0), for backpacks and LMS badge tools that
//! read only 2.0: PNG, an uncompressed `iTXt` chunk with keyword `openbadges` holding the
//! assertion's JSON; SVG, an `openbadges:assertion` element in the `http://openbadges.org`
//! namespace right after the root tag, its `verify` attribute the hosted assertion's URL and its
//! body the assertion's JSON as CDATA. hallmark's own readers (`unbake_png`, `unbake_svg`) look for
//! the 3.0 carrier only.

use super::{bake_png_as, bake_svg_as, cdata};
use crate::ground::layout::{OB2_PNG_KEYWORD, OB2_SVG_NAMESPACE};

/// Adds a 2.0 `assertion` (JSON text) to a PNG, replacing an earlier 2.0 chunk.
pub fn bake_png_ob2(png: &[u8], assertion: &str) -> Result<Vec<u8>, String> {
    bake_png_as(png, OB2_PNG_KEYWORD, assertion)
}

/// Adds a 2.0 hosted `assertion` (JSON text), published at `assertion_url`, to an SVG.
pub fn bake_svg_ob2(svg: &str, assertion: &str, assertion_url: &str) -> Result<String, String> {
    let url = assertion_url.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    bake_svg_as(svg, OB2_SVG_NAMESPACE, &|declaration| {
        format!("<openbadges:assertion{declaration} verify=\"{url}\">{}</openbadges:assertion>", cdata(assertion))
    })
}

#[cfg(test)]
mod tests {
    use super::super::{bake_png, bake_svg, png_chunks, tests::tiny_png, unbake_png, unbake_svg};
    use super::*;

    #[test]
    fn a_2_0_png_carries_the_assertion_under_the_openbadges_keyword_beside_a_3_0_credential() {
        let png = bake_png(&tiny_png(), "{\"ob3\":1}").unwrap();
        let both = bake_png_ob2(&png, "{\"ob2\":\"é\"}").unwrap();
        let chunks = png_chunks(&both).unwrap();
        let texts: Vec<&[u8]> = chunks.iter().filter(|(k, _)| k == b"iTXt").map(|(_, d)| *d).collect();
        assert_eq!(
            texts,
            [b"openbadgecredential\0\0\0\0\0{\"ob3\":1}".as_slice(), "openbadges\0\0\0\0\0{\"ob2\":\"é\"}".as_bytes()]
        );
        assert_eq!(unbake_png(&both).unwrap().as_deref(), Some("{\"ob3\":1}"), "3.0 readers find theirs");
        let again = bake_png_ob2(&both, "{}").unwrap();
        assert_eq!(again.len(), both.len() - "{\"ob2\":\"é\"}".len() + 2, "baking again replaces the 2.0 chunk");
    }

    #[test]
    fn a_2_0_svg_has_the_assertion_element_with_its_url_to_verify() {
        let svg =
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect/></svg>\n";
        let baked = bake_svg_ob2(svg, "{\"a\":\"]]>\"}", "https://x.example/c/a/assertion.json?x=1&y=\"2\"").unwrap();
        assert_eq!(
            baked,
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\" \
             xmlns:openbadges=\"http://openbadges.org\"><openbadges:assertion \
             verify=\"https://x.example/c/a/assertion.json?x=1&amp;y=&quot;2&quot;\"><![CDATA[{\"a\":\"]]]]><![CDATA[>\"}]]>\
             </openbadges:assertion><rect/></svg>\n"
        );
        assert_eq!(unbake_svg(&baked).unwrap(), None, "no 3.0 credential in it");
        // Beside a 3.0 credential, the 2.0 element declares its own namespace.
        let both = bake_svg_ob2(&bake_svg(svg, "{}").unwrap(), "{}", "https://x.example/a.json").unwrap();
        assert!(both.contains("<openbadges:assertion xmlns:openbadges=\"http://openbadges.org\" verify="), "{both}");
        assert_eq!(unbake_svg(&both).unwrap().as_deref(), Some("{}"));
    }
}
