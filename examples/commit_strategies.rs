//! How to put the changed landing pages of a template change in place: three strategies, timed
//! (the scale issue asks for them measured; BENCHMARKS.md, "Putting a template change in place").
//!
//! ```text
//! cargo run --release --example commit_strategies -- <scratch directory, e.g. on /dev/shm> <pages>
//! ```
//!
//! For each strategy it makes a tree of `<pages>` credential directories (a 14,000-byte
//! `index.html` and a 4,000-byte `credential.json` each), then times:
//! - A, what `hallmark build` does: the new pages written flat into a staging directory, then each
//!   renamed over its page (on every core);
//! - B, in place with a recovery record: the new pages appended to one journal file (from which
//!   an interrupted commit would be redone), then each page rewritten in place;
//! - C, a tree of hard links: a new tree of directories, each with a hard link to its unchanged
//!   `credential.json` and its new page, swapped in with two renames; then the old tree removed.
//!
//! and, as the floor, the pages rewritten in place once more. Each phase prints its wall time and
//! its user and system CPU (all threads, from `/proc/self/stat`). The scratch directory is removed
//! first and at the end.
use rayon::prelude::*;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn cpu() -> (f64, f64) {
    let stat = fs::read_to_string("/proc/self/stat").unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() / 100.0, f[12].parse::<f64>().unwrap() / 100.0)
}

struct T(Instant, (f64, f64));
fn start() -> T {
    T(Instant::now(), cpu())
}
fn stop(name: &str, t: T) {
    let (u, s) = cpu();
    println!("{name}: wall {:.3} s, user {:.2} s, sys {:.2} s", t.0.elapsed().as_secs_f64(), u - t.1 .0, s - t.1 .1);
}

fn page(i: usize, v: u8) -> Vec<u8> {
    let mut b = vec![b'a' + v; 14_000];
    b.extend(format!("{i}").bytes());
    b
}

fn make_tree(root: &Path, n: usize) {
    fs::create_dir_all(root.join("c")).unwrap();
    (0..n).into_par_iter().for_each(|i| {
        let d = root.join(format!("c/{i:08}"));
        fs::create_dir(&d).unwrap();
        fs::write(d.join("index.html"), page(i, 0)).unwrap();
        fs::write(d.join("credential.json"), vec![b'{'; 4000]).unwrap();
    });
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = PathBuf::from(&args[1]);
    let n: usize = args[2].parse().unwrap();
    let _ = fs::remove_dir_all(&base);
    fs::create_dir_all(&base).unwrap();
    // A: stage into a flat directory, then rename each over its page (what hallmark does now).
    let a = base.join("a");
    make_tree(&a, n);
    let staging = base.join("a-staging");
    fs::create_dir(&staging).unwrap();
    let t = start();
    (0..n).into_par_iter().for_each(|i| fs::write(staging.join(format!("{i}")), page(i, 1)).unwrap());
    stop("A stage (write 100k new files flat)", t);
    let t = start();
    (0..n)
        .into_par_iter()
        .for_each(|i| fs::rename(staging.join(format!("{i}")), a.join(format!("c/{i:08}/index.html"))).unwrap());
    stop("A commit (rename each over its page)", t);
    // B: a recovery record (the new bytes appended to one journal file, fsync skipped as in A),
    // then every page rewritten in place.
    let b = base.join("b");
    make_tree(&b, n);
    let t = start();
    let mut j = std::io::BufWriter::with_capacity(1 << 20, fs::File::create(base.join("b-journal")).unwrap());
    for i in 0..n {
        let p = page(i, 1);
        j.write_all(&(p.len() as u64).to_le_bytes()).unwrap();
        j.write_all(&p).unwrap();
    }
    j.flush().unwrap();
    drop(j);
    stop("B journal (new bytes into one file)", t);
    let t = start();
    (0..n).into_par_iter().for_each(|i| fs::write(b.join(format!("c/{i:08}/index.html")), page(i, 1)).unwrap());
    stop("B commit (rewrite each page in place)", t);
    // C: a new tree of hard links to the files that did not change plus the new pages, swapped in
    // with two renames; the old tree removed afterwards.
    let c = base.join("c");
    make_tree(&c, n);
    let next = base.join("c-next");
    let t = start();
    fs::create_dir_all(next.join("c")).unwrap();
    (0..n).into_par_iter().for_each(|i| {
        let d = next.join(format!("c/{i:08}"));
        fs::create_dir(&d).unwrap();
        fs::hard_link(c.join(format!("c/{i:08}/credential.json")), d.join("credential.json")).unwrap();
        fs::write(d.join("index.html"), page(i, 1)).unwrap();
    });
    stop("C stage (new tree: mkdir, link, write)", t);
    let t = start();
    fs::rename(&c, base.join("c-old")).unwrap();
    fs::rename(&next, &c).unwrap();
    stop("C commit (two renames)", t);
    let t = start();
    fs::remove_dir_all(base.join("c-old")).unwrap();
    stop("C cleanup (remove the old tree)", t);
    // The floor: the pages written in place, nothing else (examples/floor.rs pages mode).
    let t = start();
    (0..n).into_par_iter().for_each(|i| fs::write(b.join(format!("c/{i:08}/index.html")), page(i, 2)).unwrap());
    stop("floor (pages written in place again)", t);
    fs::remove_dir_all(&base).unwrap();
}
