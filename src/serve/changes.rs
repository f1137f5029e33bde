//! The files a burst of watcher events changed. Editors save through temporary and backup files
//! (written beside the file and renamed over it, or the file renamed away and written afresh): those
//! come and go within the burst and are no change of the site, and neither is a directory's own
//! event. One save is one changed file.

use std::path::{Path, PathBuf};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::EventKind;

/// The paths events named, in order, each with whether it came into being within the burst; and
/// the files being written (written to, not yet closed).
#[derive(Debug, Default)]
pub(super) struct Changes {
    seen: Vec<(PathBuf, bool)>,
    writing: Vec<PathBuf>,
}

impl Changes {
    /// Adds an event's paths (those `keep` accepts).
    pub(super) fn add(&mut self, kind: &EventKind, paths: &[PathBuf], keep: impl Fn(&Path) -> bool) {
        for (i, path) in paths.iter().enumerate().filter(|(_, p)| keep(p)) {
            if !self.seen.iter().any(|(p, _)| p == path) {
                self.seen.push((path.clone(), created(kind, i)));
            }
            // Written to (or made, or changed in a way the system does not say): being written
            // until it is closed; removed or renamed: a rename is whole at once. A system that
            // never says a file was closed leaves every write to the quiet period.
            match kind {
                EventKind::Create(CreateKind::Folder) | EventKind::Modify(ModifyKind::Metadata(_)) => {}
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) | EventKind::Any
                    if !self.writing.contains(path) =>
                {
                    self.writing.push(path.clone())
                }
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)) => self.writing.retain(|p| p != path),
                _ => {}
            }
        }
    }

    /// Notes an event that is no change of its own but may end a write: a file closed after writing.
    pub(super) fn note(&mut self, kind: &EventKind, paths: &[PathBuf]) {
        if matches!(kind, EventKind::Access(AccessKind::Close(AccessMode::Write))) {
            self.writing.retain(|p| !paths.contains(p));
        }
    }

    /// Whether something changed and every file written to has been closed since: the save is
    /// whole (a writer the system does not see close leaves the wait to the quiet period).
    pub(super) fn whole(&self) -> bool {
        !self.seen.is_empty() && self.writing.is_empty()
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
    use notify::event::{DataChange, MetadataKind, RemoveKind};

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

    /// A save is whole once every file written to is closed, renamed into place or removed; a
    /// change of metadata, or a new directory, is whole at once; a file still open is not.
    #[test]
    fn a_save_is_whole_once_each_file_written_is_closed() {
        let dir = tempfile::tempdir().unwrap();
        let (file, other, temp) = (dir.path().join("a.csv"), dir.path().join("b.csv"), dir.path().join("a.tmp"));
        let all = |_: &Path| true;
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let mut c = Changes::default();
        assert!(!c.whole(), "nothing changed yet");
        c.add(&data, std::slice::from_ref(&file), all);
        c.add(&data, std::slice::from_ref(&other), all);
        assert!(!c.whole());
        c.note(&closed, std::slice::from_ref(&file));
        assert!(!c.whole(), "b.csv is still open");
        c.note(&EventKind::Access(AccessKind::Close(AccessMode::Read)), std::slice::from_ref(&other));
        assert!(!c.whole(), "closed after reading is not the end of a write");
        c.note(&closed, std::slice::from_ref(&other));
        assert!(c.whole());
        c.add(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)), std::slice::from_ref(&file), all);
        assert!(c.whole(), "its time or mode changed: whole already");

        // Written to a temporary file, closed, renamed over the file.
        let mut c = Changes::default();
        c.add(&EventKind::Create(CreateKind::File), std::slice::from_ref(&temp), all);
        c.add(&data, std::slice::from_ref(&temp), all);
        assert!(!c.whole());
        c.add(&EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &[temp.clone(), file.clone()], all);
        assert!(c.whole(), "renamed away: no longer written to");

        // A new directory, and a file removed.
        let mut c = Changes::default();
        c.add(&EventKind::Create(CreateKind::Folder), &[dir.path().join("t")], all);
        c.add(&EventKind::Remove(RemoveKind::File), std::slice::from_ref(&other), all);
        assert!(c.whole());

        // A system that says only that something changed, never that a file was closed: the wait
        // is the quiet period's.
        let mut c = Changes::default();
        c.add(&EventKind::Create(CreateKind::Any), std::slice::from_ref(&file), all);
        c.add(&EventKind::Modify(ModifyKind::Any), std::slice::from_ref(&other), all);
        c.add(&EventKind::Any, std::slice::from_ref(&temp), all);
        c.note(&closed, std::slice::from_ref(&file));
        c.note(&closed, std::slice::from_ref(&other));
        assert!(!c.whole(), "a.tmp is never said to be closed");
    }
}
