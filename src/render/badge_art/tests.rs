use super::*;
use crate::model::content::badge::{Shape, ICONS};
use crate::render::measure::options;

/// 200 badge names: short, long, Korean, Arabic, mixed, words too long for a line, no spaces.
fn names() -> Vec<String> {
    let latin = [
        "SQL",
        "First Aid",
        "Data Analysis",
        "Advanced Project Management Professional",
        "Certificate of Completion in Occupational Health and Safety for Construction Sites",
        "Donaudampfschifffahrtsgesellschaftskapitän",
        "Introduction to Machine Learning with Python and Scikit-Learn: Supervised Methods",
        "Éducation civique & citoyenneté",
        "AI",
        "Pneumonoultramicroscopicsilicovolcanoconiosis Awareness Training",
    ];
    let korean = [
        "데이터 분석",
        "응급 처치",
        "고급 프로젝트 관리 전문가 과정 수료증",
        "산업안전보건교육이수증명서발급대상자확인",
        "기계 학습 입문",
    ];
    let arabic = [
        "تحليل البيانات",
        "الإسعافات الأولية",
        "شهادة إتمام دورة إدارة المشاريع المتقدمة للمهنيين",
        "مقدمة في التعلم الآلي باستخدام بايثون",
        "السلامة",
    ];
    let mut names = Vec::new();
    for i in 0..200 {
        let name = match i % 5 {
            0 | 1 => latin[(i / 5) % latin.len()].to_string(),
            2 => korean[(i / 5) % korean.len()].to_string(),
            3 => arabic[(i / 5) % arabic.len()].to_string(),
            _ => format!("{} {} {}", latin[i % latin.len()], korean[i % korean.len()], arabic[i % arabic.len()]),
        };
        // Variants so the 200 differ: a level, a year, or a second copy of the words.
        let name = match (i / 50) % 4 {
            0 => name,
            1 => format!("{name} {}", i),
            2 => format!("{name} — Level {}", i % 7 + 1),
            _ => format!("{name} {name}"),
        };
        names.push(name);
    }
    names
}

fn look(i: usize) -> Look {
    Look {
        shape: Shape::ALL[i % Shape::ALL.len()],
        icon: (!i.is_multiple_of(3)).then(|| ICONS[i % ICONS.len()].to_string()),
    }
}

/// The box the name's paths cover in a generated SVG, read back by usvg.
fn name_bounds(svg: &[u8]) -> shapes::Area {
    let tree = usvg::Tree::from_data(svg, options()).unwrap();
    let Some(node) = tree.node_by_id(NAME_ID) else { panic!("no {NAME_ID} group") };
    let b = node.abs_bounding_box();
    shapes::Area { left: b.left(), top: b.top(), right: b.right(), bottom: b.bottom() }
}

#[test]
fn two_hundred_names_stay_inside_their_shape_and_render_the_same_twice() {
    let brands = [
        Brand::default(),
        Brand { primary: Rgb(0xf5, 0xc5, 0x18), accent: Rgb(0x1b, 0x1f, 0x24), ..Brand::default() },
        Brand { primary: Rgb(0x7a, 0x00, 0x3c), ..Brand::default() },
    ];
    let names = names();
    assert_eq!(names.len(), 200);
    for (i, name) in names.iter().enumerate() {
        let look = look(i);
        let request = Request { name, lang: None, look: &look, brand: &brands[i % brands.len()] };
        let svg = generate(&request).unwrap();
        assert_eq!(svg, generate(&request).unwrap(), "{name}: byte-identical every run");
        let text = std::str::from_utf8(&svg).unwrap();
        assert!(!text.contains("<text"), "{name}: the name is drawn as paths");
        assert!(text.contains(&format!("<title>{}</title>", text::escape(name))), "{name}");
        let area = shapes::geometry(look.shape).name_box;
        let drawn = name_bounds(&svg);
        assert!(area.contains(&drawn), "{name} ({:?}): {drawn:?} is outside {area:?}", look.shape);
        assert!(drawn.width() > 40.0 && drawn.height() > 20.0, "{name}: the name is drawn, {drawn:?}");
    }
}

#[test]
fn names_in_every_script_are_drawn_with_real_glyphs_on_the_artwork_and_its_png() {
    let look = Look { shape: Shape::Circle, icon: None };
    for name in crate::render::fonts::tests::NAMES {
        let request = Request { name, lang: None, look: &look, brand: &Brand::default() };
        // generate() itself refuses a name laid out with a .notdef glyph; check the layout here too.
        let fitted = text::fit(
            name,
            &shapes::geometry(look.shape).name_box,
            3,
            &text::Setting { options: options(), lang: None },
        );
        let source = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 600\">{}</svg>",
            text::markup(&fitted, None, &shapes::geometry(look.shape).name_box, "#000")
        );
        assert_eq!(crate::render::fonts::coverage::in_svg(source.as_bytes()).unwrap(), vec![], "{name}");
        let svg = generate(&request).unwrap();
        let png = crate::render::artwork::svg_to_png(&svg, 256).unwrap();
        assert_eq!(png, crate::render::artwork::svg_to_png(&generate(&request).unwrap(), 256).unwrap(), "{name}");
        assert!(name_bounds(&svg).width() > 40.0, "{name} is drawn");
    }
}

#[test]
fn a_name_no_font_covers_is_refused_with_the_characters_and_the_fix() {
    let look = Look { shape: Shape::Shield, icon: None };
    let err =
        generate(&Request { name: "Tifinagh ⴰⵣⵓⵍ", lang: None, look: &look, brand: &Brand::default() }).unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("\"ⵣ\" (U+2D63)") && shown.contains("Tifinagh ⴰⵣⵓⵍ"), "{shown}");
    assert!(shown.contains("write the text with characters from those scripts"), "{shown}");
}

#[test]
fn a_long_name_is_wrapped_and_shrunk_before_it_is_cut() {
    let options = &text::Setting { options: options(), lang: None };
    let area = shapes::geometry(Shape::Circle).name_box;
    let short = text::fit("SQL", &area, 3, options);
    assert_eq!((short.lines.clone(), short.size), (vec!["SQL".to_string()], 88.0));
    let two = text::fit("Data Analysis Fundamentals", &area, 3, options);
    assert!(two.lines.len() >= 2 && !two.lines.concat().contains('…'), "{two:?}");
    assert_eq!(two.lines.join(" "), "Data Analysis Fundamentals");
    let endless = "Certificate of Completion in Occupational Health and Safety ".repeat(6);
    let cut = text::fit(&endless, &area, 3, options);
    assert_eq!(cut.lines.len(), 3);
    assert!(cut.lines[2].ends_with('…'), "only the last resort cuts: {cut:?}");
}

#[test]
fn the_artwork_reads_at_64_and_600_pixels() {
    let look = Look { shape: Shape::Hexagon, icon: Some("zap".into()) };
    let svg = generate(&Request { name: "Data Analysis", lang: None, look: &look, brand: &Brand::default() }).unwrap();
    for size in [64, 600] {
        let png = crate::render::artwork::svg_to_png(&svg, size).unwrap();
        let img = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        let opaque = img.data().chunks(4).filter(|p| p[3] == 255).count();
        // The hexagon covers about 65 % of its square; the icon and name are in a contrasting ink.
        assert!(opaque as f64 > 0.5 * (size * size) as f64, "{size}: {opaque}");
        let light = img.data().chunks(4).filter(|p| p[3] == 255 && p[0] > 200 && p[1] > 200 && p[2] > 200).count();
        // 1.8 %: Noto Sans Bold's strokes are thinner than DejaVu Sans Bold's (81 of 4,096 pixels at
        // 64 px, where DejaVu passed 2 %).
        assert!(light as f64 > 0.018 * (size * size) as f64, "{size}: the white ink shows ({light} pixels)");
    }
}

#[test]
fn every_bundled_icon_is_drawable_and_ink_contrasts_with_the_fill() {
    for icon in ICONS {
        assert!(icons::body(icon).is_some_and(|b| b.contains("<")), "{icon}");
    }
    assert!(icons::body("no-such-icon").is_none());
    for primary in [Rgb(0xff, 0xff, 0xff), Rgb(0, 0, 0), Rgb(0xf5, 0xc5, 0x18), Rgb(0x0a, 0x58, 0xa6)] {
        let brand = Brand { primary, ..Brand::default() };
        assert!(contrast(ink_on(primary, &brand), primary) >= 4.5, "{primary}");
    }
}

/// Writes a sample of each shape as SVG and PNG (600 and 64 px) into `$HALLMARK_ARTWORK_SAMPLES`,
/// for the README's gallery: `HALLMARK_ARTWORK_SAMPLES=docs/artwork cargo test --lib -- --ignored samples`.
#[test]
#[ignore = "writes files; run by hand to refresh docs/artwork"]
fn samples() {
    let Some(dir) = std::env::var_os("HALLMARK_ARTWORK_SAMPLES") else { return };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let samples = [
        (Shape::Circle, "award", "Data Analysis"),
        (Shape::Shield, "shield-check", "Occupational Health and Safety for Construction Sites"),
        (Shape::Hexagon, "zap", "데이터 분석 고급 과정"),
        (Shape::Ribbon, "graduation-cap", "شهادة إتمام دورة إدارة المشاريع"),
        (Shape::Square, "code", "Introduction to Machine Learning with Python"),
    ];
    let brand = Brand { primary: Rgb(0x7a, 0x00, 0x3c), accent: Rgb(0xf5, 0xc5, 0x18), ..Brand::default() };
    for (shape, icon, name) in samples {
        let look = Look { shape, icon: Some(icon.into()) };
        let svg = generate(&Request { name, lang: None, look: &look, brand: &brand }).unwrap();
        std::fs::write(dir.join(format!("{}.svg", shape.name())), &svg).unwrap();
        for size in [600, 64] {
            let png = crate::render::artwork::svg_to_png(&svg, size).unwrap();
            std::fs::write(dir.join(format!("{}-{size}.png", shape.name())), png).unwrap();
        }
    }
}
