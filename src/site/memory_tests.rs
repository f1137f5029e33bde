//! What an in-memory build (`serve`) keeps for the next one.

use super::*;

/// A build that changed nothing keeps each credential's record by sharing the previous build's
/// (the record holds its id): no record, and no id, is made again for an unchanged credential.
#[test]
fn an_unchanged_credential_keeps_the_previous_builds_record_itself() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    super::certificate_tests::copy_demo(&content);
    let options = super::certificate_tests::demo_options(content);
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
