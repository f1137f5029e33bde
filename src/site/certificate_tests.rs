//! Certificate PDFs through the in-memory build: one per credential, kept as they were while
//! nothing changed, drawn again for a changed row only. The certificate here is a stand-in drawn
//! by the test; the real one comes from the certificate renderer.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::site::plan::Planned;
use crate::site::produce::{Pdfs, Shared};

/// A stand-in certificate: the recipient and the badge as text on an A4 landscape page.
fn stand_in(_: &Shared<'_>, item: &Planned<'_>) -> Result<Option<String>> {
    let name = item.entry.name().replace('&', "&amp;").replace('<', "&lt;");
    Ok(Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"297mm\" height=\"210mm\" viewBox=\"0 0 297 210\">\
         <text x=\"20\" y=\"90\" font-size=\"10\">{name}</text><text x=\"20\" y=\"110\" font-size=\"6\">{}</text></svg>",
        item.entry.badge()
    )))
}

pub(super) fn copy_demo(to: &Path) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&demo) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(&demo).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Options for an in-memory build of the site in `content_dir`, with a development key.
pub(super) fn demo_options(content_dir: std::path::PathBuf) -> BuildOptions {
    BuildOptions {
        content_dir,
        base_url: None,
        output_dir: None,
        locked: false,
        key: crate::KeyRequest { skip_config: true, ..Default::default() },
        today: crate::Date::new(2026, 12, 5).unwrap(),
        progress: Default::default(),
    }
}

fn pdfs(build: &MemoryBuild) -> BTreeMap<String, Arc<[u8]>> {
    build
        .files
        .iter()
        .filter(|(path, _)| path.ends_with("/certificate.pdf"))
        .map(|(p, b)| (p.to_string(), b.clone()))
        .collect()
}

#[test]
fn every_credential_gets_a_pdf_kept_while_unchanged_redrawn_for_a_changed_row_and_dropped_when_off() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_demo(&content);
    // The demo's badges ask for PDFs (the stand-in below draws them; a page links only what exists).
    let config = content.join("hallmark.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace("[certificates]\n", "[certificates]\npdf = true\n");
    std::fs::write(&config, text).unwrap();
    let options = demo_options(content.clone());
    let pdf = Pdfs::Pdf(stand_in);
    let (off, _) = memory_build(&options, None, Some(Pdfs::Off)).unwrap();
    assert!(pdfs(&off).is_empty(), "no PDFs unless asked for");

    let (first, _) = memory_build(&options, None, Some(pdf)).unwrap();
    let credentials = first.files.keys().filter(|p| p.ends_with("/credential.json")).count();
    let made = pdfs(&first);
    assert!(credentials > 5 && made.len() == credentials, "{} PDFs for {credentials} credentials", made.len());
    assert!(made.values().all(|b| b.starts_with(b"%PDF-")));
    let page = |build: &MemoryBuild, pdf: &str| {
        String::from_utf8(build.files[pdf.replace("certificate.pdf", "index.html").as_str()].to_vec()).unwrap()
    };
    let (one, _) = made.first_key_value().unwrap();
    assert!(page(&first, one).contains("/certificate.pdf\" download=\""), "the landing page offers it");
    assert!(page(&first, one).contains("Download certificate (PDF)"));
    assert!(!page(&off, one).contains("certificate.pdf"), "only when there is one");

    let (again, summary) = memory_build(&options, Some(&first), Some(pdf)).unwrap();
    assert_eq!(summary.work, Some((0, 0)), "nothing signed or rendered again");
    assert!(pdfs(&again).iter().all(|(p, b)| Arc::ptr_eq(b, &made[p])), "the PDFs kept, not redrawn");

    let roster = content.join("recipients/lms-export-2026.csv");
    let csv = std::fs::read_to_string(&roster).unwrap();
    std::fs::write(&roster, csv.replace("Yusuf Demir,", "Yusuf Demir-Kaya,")).unwrap();
    let (changed, summary) = memory_build(&options, Some(&again), Some(pdf)).unwrap();
    let (signed, rendered) = summary.work.unwrap();
    assert_eq!(signed, 1, "one credential signed again");
    // Its page, and the pages that show its name (a stacked credential naming it), are rendered again.
    assert!(rendered < 5, "{rendered} pages rendered again");
    let now = pdfs(&changed);
    let redrawn: Vec<&String> =
        now.keys().filter(|p| !made.get(*p).is_some_and(|b| Arc::ptr_eq(b, &now[*p]))).collect();
    assert_eq!(redrawn.len(), rendered, "a PDF is drawn again with its page, and only then: {redrawn:?}");
    let new_name = now.values().filter(|b| String::from_utf8_lossy(b).contains("Yusuf Demir-Kaya")).count();
    assert_eq!(new_name, 1, "the changed row's certificate has the new name in its title");

    let (without, _) = memory_build(&options, Some(&changed), Some(Pdfs::Off)).unwrap();
    assert!(pdfs(&without).is_empty(), "turned off, the PDFs are gone");
}
