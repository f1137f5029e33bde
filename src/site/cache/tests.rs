use super::*;

/// A cache larger than a piece is written in pieces and read back line by line: the same
/// records, and the digest the read takes is the digest of the text the build would write, so an
/// unchanged cache is not written again (and a change in any record is seen).
#[test]
fn a_cache_of_many_pieces_reads_back_and_its_digest_is_that_of_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".hallmark").join(CACHE_FILE);
    let out = dir.path().join("public");
    let record = |i: usize| {
        let id = format!("{i:020}");
        let files = vec![(FilePath::of(&format!("c/{id}/index.html"), &id), i as u64), (FilePath::Own(JSON_FILE), 7)];
        let doc_key = format!("{i:024x}").as_str().into();
        Arc::new(Cached {
            id: id.into(),
            doc_key,
            page_key: "p".into(),
            files: FileList::new(files),
            stamp: Stamp::default(),
        })
    };
    let mut records: Records = (0..3_000).map(record).collect();
    BuildCache::save(&path, &out, &records).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 3 * (1 << 16), "several pieces: {} bytes", bytes.len());
    let read = BuildCache::read(&path);
    let key = output_key(&path, &out);
    let text = CacheText { out: &key, records: &records };
    let read_digest = read.fingerprint();
    assert!(read_digest.holds(&text));
    let cache = read.for_output(&key);
    assert_eq!(cache.entries().count(), 3_000);
    for c in &records {
        assert_eq!(cache.get(&c.id).as_ref(), Some(c));
    }
    records[2_999] = Arc::new(Cached { stamp: Stamp::new(Some(5)), ..Cached::clone(&records[2_999]) });
    assert!(!read_digest.holds(&CacheText { out: &key, records: &records }));
    // One record more or fewer is seen without the text being made (its records counted).
    records.push(record(3_000));
    assert!(!read_digest.holds(&CacheText { out: &key, records: &records }));
    assert!(!read_digest.holds(&CacheText { out: &key, records: &records[..2_999] }));
    records.truncate(3_000);
    records[2_999] = record(2_999);
    assert!(read_digest.holds(&CacheText { out: &key, records: &records }), "as read again");
}

#[test]
fn round_trips_and_is_ignored_for_another_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".hallmark").join(CACHE_FILE);
    let out = dir.path().join("public");
    let c = Cached {
        id: "x".into(),
        doc_key: "d".into(),
        page_key: "p".into(),
        files: ["c/x/index.html", "c/xy/index.html", "badges/b/x.svg", "c/x/share/b/index.html"]
            .into_iter()
            .zip([12, 5, 3, 4])
            .map(|(rel, len)| (FilePath::of(rel, "x"), len))
            .collect(),
        stamp: Stamp::new(Some(1_700_000_000_123_456_789)),
    };
    BuildCache::save(&path, &out, &[Arc::new(c.clone())]).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // A file in the credential's own directory does not repeat its id.
    assert!(
        text.ends_with("\t./index.html:12\tc/xy/index.html:5\tbadges/b/x.svg:3\t./share/b/index.html:4\n"),
        "{text}"
    );
    // Held as names in its directory (the common ones not held at all), or as a path.
    assert_eq!(*c.files.get(0).unwrap().0, FilePath::Own("index.html"));
    assert_eq!(*c.files.get(1).unwrap().0, FilePath::Site("c/xy/index.html".into()));
    assert_eq!(*c.files.get(3).unwrap().0, FilePath::OwnNamed("share/b/index.html".into()));
    let full: Vec<String> = c.files.iter().map(|(f, _)| f.full("x").into_owned()).collect();
    assert_eq!(full, ["c/x/index.html", "c/xy/index.html", "badges/b/x.svg", "c/x/share/b/index.html"]);
    assert_eq!(BuildCache::load(&path, &out).get("x").as_deref(), Some(&c));
    assert!(BuildCache::load(&path, &dir.path().join("elsewhere")).is_empty());
    // The same directory however it is spelled: through `..`, or a link.
    std::fs::create_dir(&out).unwrap();
    let dotted = dir.path().join("public/../public");
    assert_eq!(BuildCache::load(&path, &dotted).get("x").as_deref(), Some(&c));
    #[cfg(unix)]
    {
        let link = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&out, link.path().join("p")).unwrap();
        assert_eq!(BuildCache::load(&path, &link.path().join("p")).get("x").as_deref(), Some(&c));
    }
    // Named relative to the project when it is inside it (a project moved whole keeps it).
    assert!(text.starts_with(&format!("{VERSION}\nproject:public\n")), "{text}");
}

/// Records are held sorted by id and found by it: records given out of order are sorted,
/// an id given twice keeps its last record (as a map did), and every id is found.
#[test]
fn records_are_found_by_id_whatever_order_they_come_in() {
    let record = |id: &str, k: &str| {
        Arc::new(Cached {
            id: id.into(),
            doc_key: k.into(),
            page_key: k.into(),
            files: FileList::default(),
            stamp: Stamp::default(),
        })
    };
    let ids = ["m", "c", "x", "a", "c", "q"];
    let given: Records = ids.iter().enumerate().map(|(n, id)| record(id, &n.to_string())).collect();
    let cache = BuildCache::from_entries(given);
    let order: Vec<String> = cache.entries().map(|c| c.id.to_string()).collect();
    assert_eq!(order, ["a", "c", "m", "q", "x"]);
    assert_eq!(cache.get("c").unwrap().doc_key.as_str(), "4", "the later of the two records");
    for (n, id) in ids.iter().enumerate().filter(|(_, id)| **id != "c") {
        assert_eq!(cache.get(id).unwrap().doc_key.as_str(), n.to_string());
    }
    assert!(cache.get("b").is_none() && cache.get("").is_none() && cache.get("z").is_none());
    assert_eq!(cache.entries.capacity(), 5, "no room to spare");
    // A record taken out (its credential produced) is found no more; the others still are.
    let taken = cache.take("m").unwrap();
    assert_eq!(&*taken.id, "m");
    assert!(cache.get("m").is_none() && cache.take("m").is_none());
    assert_eq!(Arc::strong_count(&taken), 1, "the cache holds it no more: its taker may change it in place");
    for id in ["a", "c", "q", "x"] {
        assert_eq!(&*cache.get(id).unwrap().id, id);
    }
    let left: Vec<String> = cache.entries().map(|c| c.id.to_string()).collect();
    assert_eq!(left, ["a", "c", "q", "x"]);
    assert!(!cache.is_empty(), "a cache that knew records still did");
}

#[test]
fn keys_separate_their_parts() {
    assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
}

/// Sorted by id through the ids' first eight bytes, then the whole id: ids alike in their first
/// eight bytes, shorter than eight, or given twice (in the order given) come out as a plain sort's.
#[test]
fn records_sort_by_id_whatever_their_first_eight_bytes() {
    let ids = ["abcdefghzz", "abcdefgha", "abc", "abcdefgh", "b", "", "abcdefghzz", "abcdefgh0", "~site", "ab"];
    let given: Records = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let key = n.to_string();
            Arc::new(Cached {
                id: (*id).into(),
                doc_key: key.as_str().into(),
                page_key: "p".into(),
                files: FileList::default(),
                stamp: Stamp::default(),
            })
        })
        .collect();
    let mut expected: Vec<(&str, usize)> = ids.iter().enumerate().map(|(n, id)| (*id, n)).collect();
    expected.sort();
    let sorted = sorted_by_id(given);
    let got: Vec<(&str, usize)> = sorted.iter().map(|c| (&*c.id, c.doc_key.as_str().parse().unwrap())).collect();
    assert_eq!(got, expected);
    assert_eq!(sorted.capacity(), ids.len());
}

/// A stamp is set and cleared in place, through a record two lists share (the previous build's
/// cache and this build's records), rather than on a copy of the record.
#[test]
fn a_stamp_changes_in_place_on_a_shared_record() {
    let record = Arc::new(Cached {
        id: "x".into(),
        doc_key: "d".into(),
        page_key: "p".into(),
        files: FileList::default(),
        stamp: Stamp::new(Some(7)),
    });
    let previous = [Arc::clone(&record)];
    let records: Records = vec![record];
    records[0].stamp.set(None);
    assert_eq!(previous[0].stamp.get(), None);
    records[0].stamp.set(Some(1_700_000_000_000_000_000));
    assert!(Arc::ptr_eq(&previous[0], &records[0]));
    assert_eq!(previous[0].stamp.get(), Some(1_700_000_000_000_000_000));
    // A copy has its own, equal while it is the same time.
    let copy = Cached::clone(&records[0]);
    assert_eq!(copy, *records[0]);
    copy.stamp.set(Some(5));
    assert_ne!(copy, *records[0]);
    assert_eq!(format!("{:?}", copy.stamp), "Some(5)");
    assert_eq!(Stamp::new(Some(0)).get(), None, "0 is no stamp");
}
