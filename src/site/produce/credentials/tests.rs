//! Unit tests of producing credentials.

use super::*;

#[test]
fn a_records_own_files_are_held_in_it_and_take_new_lengths_in_place() {
    let list = |lens: [u64; 2]| {
        FileList::new(vec![(FilePath::Own(JSON_FILE), lens[0]), (FilePath::named("index.html"), lens[1])])
    };
    let mut files = list([10, 20]);
    assert!(matches!(files, FileList::Own { .. }), "a credential's own files, held in the record: {files:?}");
    files.set_lengths(list([10, 25]));
    assert_eq!(files, list([10, 25]));
    let held: Vec<(FilePath, u64)> = files.iter().map(|(f, len)| (f.clone(), len)).collect();
    assert_eq!(held, [(FilePath::Own(JSON_FILE), 10), (FilePath::Own("index.html"), 25)]);
    // Another file, or a length past 4 GiB: a list of their own, the same in every other way.
    let other = FileList::new(vec![(FilePath::Own(JSON_FILE), 10), (FilePath::Site("de/c/x/index.html".into()), 5)]);
    assert!(matches!(other, FileList::Any(_)), "{other:?}");
    assert!(!files.same_names(&other));
    files.set_lengths(other.clone());
    assert_eq!(files, other, "other files: the new list");
    let big = FileList::new(vec![(FilePath::Own(JSON_FILE), 1 << 33)]);
    assert_eq!((big.len(), big.get(0)), (1, Some((&FilePath::Own(JSON_FILE), 1 << 33))));
    assert_eq!(FileList::default().len(), 0);
    // Four of its own (a calendar file and a log proof besides): boxed, in their order.
    let four = ["index.html", JSON_FILE, "expiry.ics", "log.tlog-proof"].map(|n| (FilePath::named(n), 3));
    let listed = FileList::new(four.to_vec());
    assert!(matches!(listed, FileList::Any(_)), "{listed:?}");
    assert!(listed.iter().map(|(f, len)| (f.clone(), len)).eq(four));
    assert_eq!(std::mem::size_of::<FileList>(), 16, "no larger than the boxed list it replaced");
}

#[test]
fn download_names_are_short_whatever_the_script() {
    assert_eq!(download_stem("sql", "Siobhán O'Brien"), "sql-siobhán-o-brien");
    let long = download_stem("heat-pump-commissioning", &"Παπαδόπουλος ".repeat(20));
    assert_eq!(long, "heat-pump-commissioning-παπαδόπουλος-παπαδόπουλος-παπαδόπουλος-π");
    assert_eq!(download_stem("a", &"b ".repeat(40)).chars().count(), 63, "no '-' left at the cut");
    assert!(long.len() + ".json".len() < 255);
    assert!(!long.ends_with('-'));
}
