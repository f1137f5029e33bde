//! The sinks: staging, committing, keeping and removing the output's files.

use super::*;

impl DiskSink {
    fn commit(self, previous: Option<Vec<String>>) -> Result<WriteStats> {
        let staged = self.into_staged(previous, &|_| false)?;
        crate::site::transaction::publish(&staged)?;
        Ok(staged.stats)
    }
}

#[test]
fn rewrites_only_changed_files_and_removes_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    s.put("a/x.txt", b"one".to_vec()).unwrap();
    s.put("b/y.txt", b"two".to_vec()).unwrap();
    assert_eq!(s.commit(None).unwrap(), WriteStats { written: 3, unchanged: 0, removed: 0 });

    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    s.put("a/x.txt", b"ONE".to_vec()).unwrap();
    assert!(!dir.path().join("public/a/x.txt").metadata().unwrap().permissions().readonly());
    assert_eq!(std::fs::read(out.join("a/x.txt")).unwrap(), b"one", "nothing moves before commit");
    assert_eq!(s.commit(None).unwrap(), WriteStats { written: 1, unchanged: 1, removed: 1 });
    assert_eq!(std::fs::read(out.join("a/x.txt")).unwrap(), b"ONE");
    assert!(!out.join("b").exists());
}

/// The paths put and kept are held by their digests: a path put twice, or put after it was
/// kept, is still refused; of the previous build's files, those neither put nor kept are
/// removed, and only those.
#[test]
fn paths_put_or_kept_are_known_by_their_digests() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    for f in ["a/x.txt", "a/y.txt", "b/z.txt", "c/w.txt"] {
        s.put(f, f.as_bytes().to_vec()).unwrap();
    }
    s.commit(None).unwrap();

    // A path put twice is refused when staging ends, and nothing of that build is published.
    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    s.put("b/z.txt", b"once".to_vec()).unwrap();
    s.put("b/z.txt", b"twice".to_vec()).unwrap();
    let err = s.commit(None).unwrap_err().to_string();
    assert!(err.contains("two outputs want the same path b/z.txt"), "{err}");
    assert_eq!(std::fs::read(out.join("b/z.txt")).unwrap(), b"b/z.txt");
    assert!(!staging_dir(&out).exists(), "the staged files are thrown away");

    // So is a path put after it was kept.
    let s = DiskSink::new(&out).unwrap();
    assert!(s.keep("a/x.txt", 7).unwrap());
    s.put("a/x.txt", b"a/x.txt".to_vec()).unwrap();
    let err = s.commit(None).unwrap_err().to_string();
    assert!(err.contains("two outputs want the same path a/x.txt"), "{err}");

    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    assert!(s.keep("a/x.txt", 7).unwrap());
    s.put("b/z.txt", b"changed".to_vec()).unwrap();
    let previous = ["a/x.txt", "a/y.txt", "b/z.txt", "c/w.txt"].map(String::from).to_vec();
    assert_eq!(s.commit(Some(previous)).unwrap(), WriteStats { written: 1, unchanged: 2, removed: 2 });
    assert!(out.join("a/x.txt").is_file() && out.join("b/z.txt").is_file());
    assert!(!out.join("a/y.txt").exists() && !out.join("c/w.txt").exists());
    assert_ne!(path_id("a/x.txt"), path_id("a/y.txt"));
}

#[test]
fn aborted_build_leaves_the_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    s.put("x", b"1".to_vec()).unwrap();
    s.commit(None).unwrap();
    let s = DiskSink::new(&out).unwrap();
    s.put("x", b"2".to_vec()).unwrap();
    s.abort();
    assert_eq!(std::fs::read(out.join("x")).unwrap(), b"1");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "staging removed");
}

#[test]
fn a_first_build_fills_an_empty_directory_and_later_builds_create_new_directories() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir(&out).unwrap();
    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    s.put("c/one/index.html", b"1".to_vec()).unwrap();
    s.put("c/one/credential.json", b"{}".to_vec()).unwrap();
    assert_eq!(s.commit(None).unwrap(), WriteStats { written: 3, unchanged: 0, removed: 0 });
    assert_eq!(std::fs::read(out.join("c/one/credential.json")).unwrap(), b"{}");

    // A later build: one file changed, one new credential in a directory that is not there yet.
    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    s.put("c/one/index.html", b"one".to_vec()).unwrap();
    s.put("c/one/credential.json", b"{}".to_vec()).unwrap();
    s.put("c/two/index.html", b"2".to_vec()).unwrap();
    assert_eq!(s.commit(None).unwrap(), WriteStats { written: 2, unchanged: 2, removed: 0 });
    assert_eq!(std::fs::read(out.join("c/one/index.html")).unwrap(), b"one");
    assert_eq!(std::fs::read(out.join("c/two/index.html")).unwrap(), b"2");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["public"], "no staging directory is left behind");
}

#[test]
fn a_failed_first_build_leaves_no_output_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let s = DiskSink::new(&out).unwrap();
    s.put("c/one/index.html", b"1".to_vec()).unwrap();
    s.abort();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn refuses_to_clean_a_directory_hallmark_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
    let err = DiskSink::new(dir.path()).unwrap_err().to_string();
    assert!(err.contains("not written by hallmark"), "{err}");
}

/// A credential's own files are not remembered as they are put or kept: the build says which
/// files its credentials have, and of the previous build's files none of those is removed,
/// whether the previous build's list names it or the output is walked.
#[test]
fn a_credentials_own_files_are_known_from_the_build_not_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    for f in ["c/a/index.html", "c/a/credential.json", "c/b/index.html", "c/b/credential.json"] {
        s.put_own(f, f.as_bytes().to_vec()).unwrap();
    }
    s.commit(None).unwrap();
    assert!(out.join("c/a/index.html").is_file());

    let owned = |rel: &str| rel.starts_with("c/a/");
    let previous = ["c/a/index.html", "c/a/credential.json", "c/b/index.html"].map(String::from).to_vec();
    for walk in [false, true] {
        let s = DiskSink::new(&out).unwrap();
        s.put(".nojekyll", vec![]).unwrap();
        assert!(s.keep_own("c/a/credential.json", 19).unwrap());
        s.put_own("c/a/index.html", b"new page".to_vec()).unwrap();
        assert!(s.seen.lock().unwrap().len() == 1, "only .nojekyll is remembered");
        let staged = s.into_staged((!walk).then(|| previous.clone()), &owned).unwrap();
        let mut removals = staged.removals.clone();
        removals.sort();
        if walk {
            assert_eq!(removals, ["c/b/credential.json", "c/b/index.html"]);
        } else {
            assert_eq!(removals, ["c/b/index.html"], "only the previous build's list is looked at");
        }
        let _ = std::fs::remove_dir_all(&staged.staging);
    }
}

/// In memory: a credential's files are kept all or none, each as the previous build had it; the
/// map holds every file put or kept once, of a path put twice the last bytes, and nothing else of
/// the previous build.
#[test]
fn the_memory_sink_keeps_a_credentials_files_all_or_none_and_the_last_put() {
    use crate::site::files::{FileList, FilePath};
    let bytes = |b: &[u8]| -> Arc<[u8]> { Arc::from(b) };
    let previous: Files = [
        ("c/a/index.html", bytes(b"page a")),
        ("c/a/credential.json", bytes(b"{a}")),
        ("c/b/index.html", bytes(b"page b")),
        ("c/b/credential.json", bytes(b"{b}")),
        ("index.html", bytes(b"home")),
        ("gone.txt", bytes(b"old")),
    ]
    .into_iter()
    .map(|(k, v)| (Arc::from(k), v))
    .collect();
    let sink = MemorySink::with_previous(Arc::new(previous));
    let files = |page: u64, json: u64| {
        FileList::new(vec![
            (FilePath::of("c/x/credential.json", "x"), json),
            (FilePath::of("c/x/index.html", "x"), page),
        ])
    };
    assert!(sink.keep_all("a", &files(6, 3)).unwrap());
    // The second file of another length: the first, there as it was, is not kept either.
    assert!(!sink.keep_all("b", &files(7, 3)).unwrap());
    // Not there at all.
    assert!(!sink.keep_all("z", &files(6, 3)).unwrap());
    sink.put("c/b/index.html", b"first".to_vec()).unwrap();
    sink.put("index.html", b"home 2".to_vec()).unwrap();
    sink.put("c/b/index.html", b"second".to_vec()).unwrap();
    // Kept after it was put: the last wins here too.
    assert!(sink.keep("index.html", 4).unwrap());
    assert!(!sink.keep("gone.txt", 4).unwrap());
    let mut got: Vec<(String, Vec<u8>)> =
        sink.into_files().into_iter().map(|(k, v)| (k.to_string(), v.to_vec())).collect();
    got.sort();
    let want: Vec<(String, Vec<u8>)> = [
        ("c/a/credential.json", &b"{a}"[..]),
        ("c/a/index.html", b"page a"),
        ("c/b/index.html", b"second"),
        ("index.html", b"home"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_vec()))
    .collect();
    assert_eq!(got, want);
}

/// A credential's file put with the length the previous build recorded for it is compared with
/// the file on disk (the same bytes are left as they are); put with another recorded length, it
/// is written without a look, and a file changed on disk since is written over either way.
#[test]
fn a_file_recorded_with_another_length_is_written_without_a_look() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    for f in ["c/a/index.html", "c/b/index.html", "c/c/index.html"] {
        s.put_own(f, b"page".to_vec()).unwrap();
    }
    s.commit(None).unwrap();
    std::fs::write(out.join("c/c/index.html"), b"edit").unwrap();

    let s = DiskSink::new(&out).unwrap();
    s.put(".nojekyll", vec![]).unwrap();
    // As recorded, and the same bytes: left.
    s.put_own_after("c/a/index.html", b"page".to_vec(), Some(4)).unwrap();
    // Recorded with another length: written, though the file on disk holds these very bytes.
    s.put_own_after("c/b/index.html", b"page".to_vec(), Some(9)).unwrap();
    // As recorded, but changed on disk since: written back.
    s.put_own_after("c/c/index.html", b"page".to_vec(), Some(4)).unwrap();
    // The previous build's list of files to clean up is empty: nothing is removed.
    assert_eq!(s.commit(Some(Vec::new())).unwrap(), WriteStats { written: 2, unchanged: 2, removed: 0 });
    for f in ["c/a/index.html", "c/b/index.html", "c/c/index.html"] {
        assert_eq!(std::fs::read(out.join(f)).unwrap(), b"page", "{f}");
    }
}
