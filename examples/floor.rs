//! The machine's floor for a build: what plain Rust takes to write the tree a build wrote and to
//! make as many Ed25519 signatures, on every core. `scripts/bench` runs it beside each build and
//! reports the build as a ratio to it.
//!
//! ```text
//! cargo build --release --example floor
//! floor all   <built output> <new directory> <signatures>
//! floor pages <built output> <existing copy> <signatures>
//! ```
//!
//! The tree is read into memory a batch of directories at a time (not timed: 20,000 directories,
//! about 300 MB of a site's files, so that a site of a million credentials fits), each batch's
//! writing timed and the times added up. Timed:
//! - `all`: the whole tree is written into a new directory (which must not exist; put it on the
//!   file system of the build's output). Directories are created level by level, each once, and
//!   one rayon task per directory creates it and writes its files with `std::fs::write`;
//! - `pages`: only the files a template change rewrites (every landing page, `c/*/index.html`) are
//!   written once more, in place over the files of an existing copy (`std::fs::write` truncates
//!   and writes; the build instead stages new files and renames them over the old ones);
//! - then `<signatures>` Ed25519 signatures (ed25519-dalek) over the tree's credentials
//!   (the first 1,000 `c/*/credential.json`, in turn; a 5,000-byte document when there are
//!   none), on every core.
//!
//! It prints one line of `key=value` pairs: wall seconds and user and system CPU seconds of the
//! timed part (process-wide, all threads, from `/proc/self/stat`), and of its two phases.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ed25519_dalek::{Signer, SigningKey};
use rayon::prelude::*;

/// One directory of the tree, relative to its root, and the names of the files directly inside
/// it that the mode writes.
struct Dir {
    rel: PathBuf,
    files: Vec<OsString>,
}

/// A directory with its files' bytes, read for one batch.
struct Loaded<'a> {
    rel: &'a Path,
    files: Vec<(&'a OsString, Vec<u8>)>,
}

/// How many directories are read into memory at once.
const BATCH: usize = 20_000;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    All,
    Pages,
}

/// Process CPU time so far (user, system) in seconds, all threads, from `/proc/self/stat`.
fn cpu_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')').expect("a command name") + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // In clock ticks of USER_HZ, which Linux fixes at 100 for what it shows user space.
    let ticks = |i: usize| fields[i].parse::<f64>().expect("a tick count") / 100.0;
    (ticks(11), ticks(12))
}

/// Whether a template change rewrites the file (the tree-relative path): the landing pages.
fn rewritten_by_template(rel: &Path) -> bool {
    let parts: Vec<_> = rel.components().map(|c| c.as_os_str()).collect();
    parts.len() == 3 && parts[0] == "c" && parts[2] == "index.html"
}

/// Lists the tree under `root`: every directory (the root first, parents before children) with
/// the names of the files in it that `mode` writes. Symbolic links are not followed (a build
/// writes none).
fn read_tree(root: &Path, mode: Mode) -> Vec<Dir> {
    let mut dirs = vec![];
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let mut files = vec![];
        for entry in std::fs::read_dir(root.join(&rel)).expect("a readable directory") {
            let entry = entry.expect("a directory entry");
            let kind = entry.file_type().expect("a file type");
            let child = rel.join(entry.file_name());
            if kind.is_dir() {
                pending.push(child);
            } else if kind.is_file() && (mode == Mode::All || rewritten_by_template(&child)) {
                files.push(entry.file_name());
            }
        }
        dirs.push(Dir { rel, files });
    }
    dirs.sort_by_key(|d| d.rel.components().count());
    dirs
}

/// The documents to sign: the first 1,000 of the tree's credentials, or one of a credential's size.
fn documents(root: &Path) -> Vec<Vec<u8>> {
    let c = root.join("c");
    let mut docs: Vec<Vec<u8>> = std::fs::read_dir(&c)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| std::fs::read(entry.path().join("credential.json")).ok())
        .take(1000)
        .collect();
    if docs.is_empty() {
        docs.push(vec![b'x'; 5000]);
    }
    docs
}

/// Reads the files of `dirs` under `root` (not timed).
fn load<'a>(root: &Path, dirs: &'a [Dir]) -> Vec<Loaded<'a>> {
    dirs.par_iter()
        .map(|d| Loaded {
            rel: &d.rel,
            files: d
                .files
                .iter()
                .map(|name| (name, std::fs::read(root.join(&d.rel).join(name)).expect("a readable file")))
                .collect(),
        })
        .collect()
}

/// The batches of a tree to write: for a new tree, never across two depths (parents first).
fn batches(tree: &[Dir], mode: Mode) -> Vec<&[Dir]> {
    let mut out = vec![];
    let mut start = 0;
    while start < tree.len() {
        let depth = tree[start].rel.components().count();
        let same = |d: &Dir| mode == Mode::Pages || d.rel.components().count() == depth;
        let end = start + tree[start..].iter().take(BATCH).take_while(|d| same(d)).count();
        out.push(&tree[start..end]);
        start = end;
    }
    out
}

/// Writes a batch of directories of one depth into `dest` (new): one task per directory creating
/// it, once, and writing its files.
fn write_fresh(dest: &Path, batch: &[Loaded<'_>]) {
    batch.par_iter().for_each(|d| {
        let dir = dest.join(d.rel);
        std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        for (name, bytes) in &d.files {
            std::fs::write(dir.join(name), bytes).expect("a written file");
        }
    });
}

/// Writes the tree's files over the same files of an existing tree `dest`, one task per directory
/// (creating the few directories the copy lacks: credentials issued since it was made).
fn write_in_place(dest: &Path, batch: &[Loaded<'_>]) {
    batch.par_iter().filter(|d| !d.files.is_empty()).for_each(|d| {
        let dir = dest.join(d.rel);
        for (name, bytes) in &d.files {
            let path = dir.join(name);
            if let Err(e) = std::fs::write(&path, bytes) {
                assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "writing {}: {e}", path.display());
                std::fs::create_dir_all(&dir).expect("a directory");
                std::fs::write(&path, bytes).expect("a written file");
            }
        }
    });
}

/// Makes `n` signatures over the documents in turn, on every core; returns a digest of them so
/// that none can be left out.
fn sign(docs: &[Vec<u8>], n: usize) -> u64 {
    let key = SigningKey::from_bytes(&[0x42; 32]); // a test-only key, as in the benchmark
    (0..n).into_par_iter().map(|i| u64::from(key.sign(&docs[i % docs.len()]).to_bytes()[0])).sum()
}

/// What one run of the floor measured.
struct Measured {
    files: usize,
    bytes: usize,
    signatures: usize,
    /// Wall, user and system seconds: all, writing, signing.
    times: [(f64, f64, f64); 3],
}

fn run(mode: Mode, source: &Path, dest: &Path, signatures: usize) -> Measured {
    let tree = read_tree(source, mode);
    let docs = if signatures > 0 { documents(source) } else { vec![] };
    let files = tree.iter().map(|d| d.files.len()).sum();
    let now = || {
        let (user, sys) = cpu_seconds();
        (Instant::now(), user, sys)
    };
    let since =
        |(t, u, s): (Instant, f64, f64), (t2, u2, s2): (Instant, f64, f64)| ((t2 - t).as_secs_f64(), u2 - u, s2 - s);
    let (mut write, mut bytes) = ((0.0, 0.0, 0.0), 0);
    for batch in batches(&tree, mode) {
        let loaded = load(source, batch);
        bytes += loaded.iter().flat_map(|d| &d.files).map(|(_, b)| b.len()).sum::<usize>();
        let start = now();
        match mode {
            Mode::All => write_fresh(dest, &loaded),
            Mode::Pages => write_in_place(dest, &loaded),
        }
        let (w, u, s) = since(start, now());
        write = (write.0 + w, write.1 + u, write.2 + s);
    }
    let start = now();
    std::hint::black_box(sign(&docs, signatures));
    let signing = since(start, now());
    let all = (write.0 + signing.0, write.1 + signing.1, write.2 + signing.2);
    Measured { files, bytes, signatures, times: [all, write, signing] }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: floor <all|pages> <built output> <destination> <signatures>";
    if args.len() != 5 {
        eprintln!("{usage}");
        std::process::exit(2);
    }
    let mode = match args[1].as_str() {
        "all" => Mode::All,
        "pages" => Mode::Pages,
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let signatures: usize = args[4].parse().expect("a number of signatures");
    let m = run(mode, Path::new(&args[2]), Path::new(&args[3]), signatures);
    let [all, write, signing] = m.times;
    println!(
        "floor mode={} files={} bytes={} signatures={} wall={:.3} user={:.2} sys={:.2} \
         write_wall={:.3} write_user={:.2} write_sys={:.2} sign_wall={:.3} sign_user={:.2} sign_sys={:.2}",
        args[1],
        m.files,
        m.bytes,
        m.signatures,
        all.0,
        all.1,
        all.2,
        write.0,
        write.1,
        write.2,
        signing.0,
        signing.1,
        signing.2
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_parents_before_children_and_hold_at_most_a_batch() {
        let dir = |rel: &str| Dir { rel: PathBuf::from(rel), files: vec![] };
        let mut tree = vec![dir(""), dir("c")];
        tree.extend((0..BATCH + 5).map(|i| dir(&format!("c/{i}"))));
        let sizes = |mode| batches(&tree, mode).iter().map(|b| b.len()).collect::<Vec<_>>();
        assert_eq!(sizes(Mode::All), [1, 1, BATCH, 5]);
        assert_eq!(sizes(Mode::Pages), [BATCH, 7]);
    }

    #[test]
    fn copies_a_tree_and_rewrites_its_pages() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("public");
        std::fs::create_dir_all(src.join("c/abc")).unwrap();
        std::fs::write(src.join("index.html"), "<p>home</p>").unwrap();
        std::fs::write(src.join("c/abc/index.html"), "<p>abc</p>").unwrap();
        std::fs::write(src.join("c/abc/credential.json"), "{\"id\":1}").unwrap();
        let copy = tmp.path().join("copy");
        let m = run(Mode::All, &src, &copy, 3);
        assert_eq!((m.files, m.signatures), (3, 3));
        for f in ["index.html", "c/abc/index.html", "c/abc/credential.json"] {
            assert_eq!(std::fs::read(copy.join(f)).unwrap(), std::fs::read(src.join(f)).unwrap());
        }
        std::fs::write(src.join("c/abc/index.html"), "<p>new</p>").unwrap();
        std::fs::write(src.join("index.html"), "<p>not a landing page</p>").unwrap();
        assert_eq!(run(Mode::Pages, &src, &copy, 0).files, 1);
        assert_eq!(std::fs::read(copy.join("c/abc/index.html")).unwrap(), b"<p>new</p>");
        assert_eq!(std::fs::read(copy.join("index.html")).unwrap(), b"<p>home</p>");
    }
}
