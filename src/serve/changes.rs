//! The files a burst of watcher events changed. Editors save through temporary and backup files
//! (written beside the file and renamed over it, or the file renamed away and written afresh): those
//! come and go within the burst and are no change of the site, and neither is a directory's own
//! event. One save is one changed file.

use std::path::{Path, PathBuf};

use notify::event::{ModifyKind, RenameMode};
use notify::EventKind;

/// The paths events named, in order, each with whether it came into being within the burst.
#[derive(Debug, Default)]
pub(super) struct Changes {
    seen: Vec<(PathBuf, bool)>,
}

impl Changes {
    /// Adds an event's paths (those `keep` accepts).
    pub(super) fn add(&mut self, kind: &EventKind, paths: &[PathBuf], keep: impl Fn(&Path) -> bool) {
        for (i, path) in paths.iter().enumerate().filter(|(_, p)| keep(p)) {
            if !self.seen.iter().any(|(p, _)| p == path) {
                self.seen.push((path.clone(), created(kind, i)));
            }
        }
    }

    /// The files that changed: those there now, and those removed that were there before the burst.
    /// A directory that came into being counts with the files in it: they may have been written
    /// before the watcher watched the directory, and then no event of theirs comes.
    pub(super) fn files(self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        for (path, new) in self.seen {
            let found = match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => match new {
                    true => files_under(&path),
                    false => Vec::new(),
                },
                Ok(_) => vec![path],
                Err(_) if new => Vec::new(),
                Err(_) => vec![path],
            };
            for file in found {
                if !out.contains(&file) {
                    out.push(file);
                }
            }
        }
        out
    }
}

/// The files under `dir`, at any depth, in name order.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut entries: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
    entries.sort();
    entries.into_iter().flat_map(|p| if p.is_dir() { files_under(&p) } else { vec![p] }).collect()
}

/// Whether the event's `i`th path came into being: a creation, or the new name of a rename.
fn created(kind: &EventKind, i: usize) -> bool {
    match kind {
        EventKind::Create(_) => true,
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => true,
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => i == 1,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind};

    #[test]
    fn a_save_through_a_temporary_or_backup_file_is_one_change() {
        let dir = tempfile::tempdir().unwrap();
        let (file, temp, backup) = (dir.path().join("a.csv"), dir.path().join("a.csv.tmp"), dir.path().join("a.bak"));
        std::fs::write(&file, "x").unwrap();
        let all = |_: &Path| true;
        let mut c = Changes::default();
        c.add(&EventKind::Create(CreateKind::File), std::slice::from_ref(&temp), all);
        c.add(&EventKind::Modify(ModifyKind::Data(DataChange::Any)), std::slice::from_ref(&temp), all);
        c.add(&EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &[temp.clone(), file.clone()], all);
        assert_eq!(c.files(), vec![file.clone()]);

        let mut c = Changes::default();
        c.add(&EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &[file.clone(), backup.clone()], all);
        c.add(&EventKind::Create(CreateKind::File), std::slice::from_ref(&file), all);
        c.add(&EventKind::Remove(RemoveKind::File), std::slice::from_ref(&backup), all);
        c.add(&EventKind::Modify(ModifyKind::Any), &[dir.path().to_path_buf()], all);
        assert_eq!(c.files(), vec![file.clone()], "the directory's own event is no change either");
    }

    #[test]
    fn a_removed_file_is_a_change_and_paths_left_out_stay_out() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("old.csv");
        let mut c = Changes::default();
        c.add(&EventKind::Remove(RemoveKind::File), std::slice::from_ref(&gone), |_| true);
        c.add(&EventKind::Remove(RemoveKind::File), &[dir.path().join("x~")], |p| !p.ends_with("x~"));
        assert_eq!(c.files(), vec![gone]);
    }

    #[test]
    fn a_new_directory_counts_with_the_files_already_in_it() {
        // A theme's `templates/` made and a template written into it at once: the file's own event
        // can come before the watcher watches the new directory, so only the directory's comes.
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("templates");
        std::fs::create_dir(&templates).unwrap();
        std::fs::write(templates.join("404.html"), "x").unwrap();
        let mut c = Changes::default();
        c.add(&EventKind::Create(CreateKind::Folder), std::slice::from_ref(&templates), |_| true);
        assert_eq!(c.files(), vec![templates.join("404.html")], "the file whose event was missed");
        let mut c = Changes::default();
        c.add(&EventKind::Create(CreateKind::Folder), std::slice::from_ref(&templates), |_| true);
        c.add(&EventKind::Create(CreateKind::File), &[templates.join("404.html")], |_| true);
        assert_eq!(c.files(), vec![templates.join("404.html")], "once, though two events name it");
        let mut c = Changes::default();
        c.add(&EventKind::Modify(ModifyKind::Any), std::slice::from_ref(&templates), |_| true);
        assert!(c.files().is_empty(), "a directory that was there already is no change");
    }
}
