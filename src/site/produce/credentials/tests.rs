//! Unit tests of producing credentials.

use super::*;

#[test]
fn a_records_list_of_the_same_files_keeps_its_place_and_takes_the_new_lengths() {
    let list = |lens: [u64; 2]| -> Box<[(FilePath, u64)]> {
        Box::new([(FilePath::Own(JSON_FILE), lens[0]), (FilePath::named("index.html"), lens[1])])
    };
    let mut files = list([10, 20]);
    let at = files.as_ptr();
    set_files(&mut files, list([10, 25]));
    assert_eq!(&*files, &*list([10, 25]));
    assert_eq!(files.as_ptr(), at, "the same list, its lengths changed");
    let other: Box<[(FilePath, u64)]> = Box::new([(FilePath::Own(JSON_FILE), 10)]);
    set_files(&mut files, other.clone());
    assert_eq!(files, other, "other files: the new list");
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
