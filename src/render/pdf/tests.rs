//! The PDF engine on small drawings; tests/it/pdf.rs reads a whole certificate back with poppler.

use super::*;

const INFO: PdfInfo<'static> = PdfInfo { title: "Certificate: Safe Lifting — Ana Lima", language: "en" };

fn a4_landscape(body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"297mm\" height=\"210mm\" viewBox=\"0 0 297 210\">{body}</svg>"
    )
}

fn text(pdf: &[u8]) -> String {
    String::from_utf8_lossy(pdf).into_owned()
}

/// The numbers of the page's `/MediaBox`.
fn media_box(pdf: &[u8]) -> Vec<f64> {
    let s = text(pdf);
    let at = s.find("/MediaBox").expect("a media box");
    let at = s[at..].find('[').unwrap() + at + 1;
    s[at..s[at..].find(']').unwrap() + at].split_whitespace().map(|n| n.parse().unwrap()).collect()
}

#[test]
fn the_page_is_the_svgs_size_in_points() {
    let pdf =
        svg_to_pdf(a4_landscape("<rect x=\"10\" y=\"10\" width=\"277\" height=\"190\"/>").as_bytes(), INFO).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let b = media_box(&pdf);
    assert_eq!(b.len(), 4);
    assert!((b[2] - 841.89).abs() < 0.01 && (b[3] - 595.28).abs() < 0.01, "A4 landscape, not {b:?}");
    let portrait = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8.5in\" height=\"11in\"><rect width=\"9\" height=\"9\"/></svg>";
    let b = media_box(&svg_to_pdf(portrait.as_bytes(), INFO).unwrap());
    assert!((b[2] - 612.0).abs() < 0.01 && (b[3] - 792.0).abs() < 0.01, "Letter portrait, not {b:?}");
}

#[test]
fn same_bytes_every_time_with_the_callers_title_and_a_fixed_producer() {
    let svg = a4_landscape("<text x=\"20\" y=\"100\" font-size=\"12\" font-family=\"serif\">Ana Lima</text>");
    let pdf = svg_to_pdf(svg.as_bytes(), INFO).unwrap();
    assert_eq!(pdf, svg_to_pdf(svg.as_bytes(), INFO).unwrap(), "deterministic");
    let s = text(&pdf);
    assert!(s.contains("Certificate: Safe Lifting — Ana Lima"), "the title, in the XMP metadata");
    assert!(s.contains("<pdf:Producer>hallmark</pdf:Producer>"), "{s}");
    assert!(!s.contains("CreationDate") && !s.contains("ModDate") && !s.contains("xmp:CreateDate"), "no date");
    let other = svg_to_pdf(svg.as_bytes(), PdfInfo { title: "Another", ..INFO }).unwrap();
    assert_ne!(pdf, other, "the title is the caller's");
}

#[test]
fn text_uses_the_png_renderers_fonts_embedded_as_subsets() {
    let svg = a4_landscape(
        "<text x=\"20\" y=\"100\" font-size=\"12\" font-family=\"No Such Font\">Hallmark</text>\
         <text x=\"20\" y=\"130\" font-size=\"12\" font-weight=\"bold\">Hallmark</text>",
    );
    let pdf = svg_to_pdf(svg.as_bytes(), INFO).unwrap();
    let s = text(&pdf);
    let family = artwork::options().font_family;
    let subset = |name: &str| s.match_indices('+').any(|(i, _)| s[i + 1..].starts_with(name) && i >= 6);
    let compact = family.replace(' ', "");
    assert!(subset(&compact), "a subset of {compact} is named in the PDF");
    assert!(subset(&format!("{compact}-Bold")), "and of its bold face");
    assert!(s.contains("/FontFile2") || s.contains("/FontFile3"), "the font program is embedded");
    assert!(s.contains("/ToUnicode"), "the text maps back to Unicode (selectable)");
    let bare = svg_to_pdf(a4_landscape("").as_bytes(), INFO).unwrap();
    assert!(!text(&bare).contains("/FontFile"), "no text, no font");
}

#[test]
fn bad_input_is_an_error_and_files_are_not_read() {
    assert!(svg_to_pdf(b"not an svg", INFO).is_err());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seal.svg");
    std::fs::write(&file, a4_landscape("<rect width=\"297\" height=\"210\" fill=\"red\"/>")).unwrap();
    let with_file = a4_landscape(&format!("<image width=\"100\" height=\"100\" href=\"{}\"/>", file.display()));
    let without = svg_to_pdf(a4_landscape("").as_bytes(), INFO).unwrap();
    assert_eq!(svg_to_pdf(with_file.as_bytes(), INFO).unwrap(), without, "a file path is not read");
}
