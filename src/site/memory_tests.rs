//! What an in-memory build (`serve`) keeps for the next one.

use super::*;

/// A copy of the demo site in a directory of its own (removed when it is dropped): the directory,
/// its content directory and the options of a build of it.
fn demo_site() -> (tempfile::TempDir, std::path::PathBuf, BuildOptions) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    super::certificate_tests::copy_demo(&content);
    let options = super::certificate_tests::demo_options(content.clone());
    (dir, content, options)
}

/// A build that changed nothing keeps each credential's record by sharing the previous build's
/// (the record holds its id): no record, and no id, is made again for an unchanged credential.
#[test]
fn an_unchanged_credential_keeps_the_previous_builds_record_itself() {
    let (_dir, _, options) = demo_site();
    let (first, _) = build_in_memory(&options, None).unwrap();
    let (again, summary) = build_in_memory(&options, Some(&first)).unwrap();
    assert_eq!(summary.work, Some((0, 0)), "nothing signed or rendered again");
    let credentials: Vec<&Arc<cache::Cached>> = first.cache.iter().filter(|c| !c.id.starts_with('~')).collect();
    assert!(credentials.len() > 5, "{} credentials", credentials.len());
    for old in credentials {
        let new = again.cache.iter().find(|c| c.id == old.id).unwrap();
        assert!(Arc::ptr_eq(old, new), "{}: the same record, not a copy", old.id);
    }
    let ids: Vec<&str> = again.cache.iter().map(|c| &*c.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted by id, each once");
}

/// A build from the cache made ready after the previous one (`prepare_next`, as `serve` does)
/// does what one that makes the cache itself does: the same files, the same work, the same
/// records. Content with an error stops the build before it takes the cache: the build after
/// the fix still has it.
#[test]
fn a_build_from_the_prepared_cache_is_the_build_without_it() {
    let (_dir, content, options) = demo_site();
    let (first, _) = build_in_memory(&options, None).unwrap();
    // A credential reinstated: its page and the suspension list change, nothing is issued.
    let revocations = content.join("revocations.toml");
    let text = std::fs::read_to_string(&revocations).unwrap();
    let at = text.find("[[suspended]]").unwrap();
    std::fs::write(&revocations, &text[..at]).unwrap();

    let (plain, plain_summary) = build_in_memory(&options, Some(&first)).unwrap();
    first.prepare_next();
    assert!(first.next_cache.lock().unwrap().is_some());
    let (prepared, prepared_summary) = build_in_memory(&options, Some(&first)).unwrap();
    assert!(first.next_cache.lock().unwrap().is_none(), "taken by the build");
    assert!(plain_summary.work.unwrap().1 >= 1, "the reinstated credential's page rendered again");
    assert_eq!(prepared_summary.work, plain_summary.work);
    let bytes = |b: &MemoryBuild| -> std::collections::BTreeMap<String, Vec<u8>> {
        b.files.iter().map(|(p, v)| (p.to_string(), v.to_vec())).collect()
    };
    let differ = |a: &MemoryBuild, b: &MemoryBuild| -> Vec<String> {
        let (a, b) = (bytes(a), bytes(b));
        a.keys().chain(b.keys()).filter(|p| a.get(*p) != b.get(*p)).cloned().collect()
    };
    assert_eq!(differ(&prepared, &plain), Vec::<String>::new());
    assert!(!differ(&prepared, &first).is_empty(), "the reinstatement shows");
    let records = |b: &MemoryBuild| -> Vec<(String, String, String)> {
        b.cache.iter().map(|c| (c.id.to_string(), format!("{:?}", c.doc_key), format!("{:?}", c.page_key))).collect()
    };
    assert_eq!(records(&prepared), records(&plain));

    first.prepare_next();
    let roster = content.join("recipients/lms-export-2026.csv");
    let csv = std::fs::read_to_string(&roster).unwrap();
    std::fs::write(&roster, format!("{csv}not,a,row\n")).unwrap();
    assert!(build_in_memory(&options, Some(&first)).is_err());
    assert!(first.next_cache.lock().unwrap().is_some(), "still ready");
    std::fs::write(&roster, &csv).unwrap();
    let (again, summary) = build_in_memory(&options, Some(&first)).unwrap();
    assert!(first.next_cache.lock().unwrap().is_none(), "taken by the build");
    assert_eq!(summary.work, plain_summary.work);
    assert_eq!(differ(&again, &plain), Vec::<String>::new());
}

/// The next in-memory build takes the ledger the last one read while its files are as they were
/// (`serve` never writes it), and reads it again once they are not.
#[test]
fn the_ledger_is_read_again_only_when_its_files_changed() {
    let (_dir, content, options) = demo_site();
    let (first, summary) = build_in_memory(&options, None).unwrap();
    assert_eq!(summary.new, 0, "the demo's credentials are all in its ledger");
    let read = |b: &MemoryBuild| Arc::clone(&b.ledger.as_ref().unwrap().ledger);
    let (again, summary) = build_in_memory(&options, Some(&first)).unwrap();
    assert!(Arc::ptr_eq(&read(&again), &read(&first)), "the same ledger, not read again");
    assert_eq!((summary.new, summary.work), (0, Some((0, 0))));

    // Without its ledger, the revocations name credentials never issued: the preview says so.
    let ledger = content.join(crate::model::ledger::LEDGER_FILE);
    let bytes = std::fs::read(&ledger).unwrap();
    std::fs::remove_file(&ledger).unwrap();
    let error = build_in_memory(&options, Some(&again)).unwrap_err().to_string();
    assert!(error.contains("no issued credential has the id"), "{error}");
    // The same bytes back (another file): the ledger read before serves again.
    std::fs::write(&ledger, &bytes).unwrap();
    let (back, _) = build_in_memory(&options, Some(&again)).unwrap();
    assert!(Arc::ptr_eq(&read(&back), &read(&first)));
}
