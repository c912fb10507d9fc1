//! The scenario files `mynakit run --watch` keeps an eye on: which of them changed since the
//! last look.
//!
//! A scenario author edits a file and wants its verdict again, as `cargo watch` or Jest's
//! `--watch` give it (docs/scenarios.md, "Writing a scenario in a loop"). The files are polled
//! rather than subscribed to through inotify: scenario folders are small (the bundled set is a
//! few hundred files), and polling works the same on a bind mount, an SMB share or a container
//! volume, where file events often do not arrive. A file counts as changed when its content
//! changed, so an editor that only touches the file, or saves it unchanged, runs nothing.
//!
//! ```
//! # let dir = tempfile::tempdir().unwrap();
//! # let file = dir.path().join("a.yaml");
//! # std::fs::write(&file, "id: a\n").unwrap();
//! use mynakit_harness::scenario::watch::Watched;
//!
//! let mut watched = Watched::scan(&[dir.path().to_owned()]);
//! assert!(watched.changed().is_empty());
//! std::fs::write(&file, "id: b\n").unwrap();
//! assert_eq!(watched.changed(), vec![file]);
//! ```

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How often `--watch` looks at the files.
pub const POLL: std::time::Duration = std::time::Duration::from_millis(400);

/// The watched paths (files, or folders of `*.yaml`/`*.yml` as `mynakit run` reads them) and
/// what each scenario file held at the last look.
pub struct Watched {
    paths: Vec<PathBuf>,
    seen: BTreeMap<PathBuf, Seen>,
    /// Whether the first look was taken: what it finds is the starting point, not a change.
    looked: bool,
}

/// What a file was: its metadata, to skip reading it when nothing moved, and its content's hash.
#[derive(Clone, Copy)]
struct Seen {
    modified: Option<SystemTime>,
    len: u64,
    content: u64,
}

impl Watched {
    /// Takes the first look: every scenario file under `paths` as it is now.
    pub fn scan(paths: &[PathBuf]) -> Watched {
        let mut watched = Watched {
            paths: paths.to_vec(),
            seen: BTreeMap::new(),
            looked: false,
        };
        watched.changed();
        watched
    }

    /// The files whose content changed since the last look, and the files that appeared, in
    /// path order. A file that cannot be read (being written, or gone) is left for the next
    /// look.
    pub fn changed(&mut self) -> Vec<PathBuf> {
        let first_look = !std::mem::replace(&mut self.looked, true);
        let mut changed = Vec::new();
        for file in self.files() {
            let Some(seen) = look(&file, self.seen.get(&file)) else {
                continue;
            };
            let before = self.seen.insert(file.clone(), seen);
            if !first_look && before.is_none_or(|b| b.content != seen.content) {
                changed.push(file);
            }
        }
        changed
    }

    /// Every scenario file under the watched paths now.
    fn files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for path in &self.paths {
            if path.is_dir() {
                if let Ok(entries) = std::fs::read_dir(path) {
                    files.extend(
                        entries
                            .filter_map(Result::ok)
                            .map(|e| e.path())
                            .filter(|p| is_scenario_file(p)),
                    );
                }
            } else {
                files.push(path.clone());
            }
        }
        files.sort();
        files.dedup();
        files
    }
}

/// `*.yaml` and `*.yml`: what `mynakit run` reads from a folder.
fn is_scenario_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml") && path.is_file()
}

/// The file as it is now; read only when its metadata moved since `before`.
fn look(file: &Path, before: Option<&Seen>) -> Option<Seen> {
    let meta = std::fs::metadata(file).ok()?;
    let (modified, len) = (meta.modified().ok(), meta.len());
    if let Some(before) = before.filter(|b| b.modified == modified && b.len == len) {
        return Some(*before);
    }
    // Only regular files are watched (a FIFO would stall the watch), and read bounded: a file
    // over the scenario limit is not a scenario (docs/security.md, "Files mynakit reads").
    if !meta.is_file() {
        return None;
    }
    let bytes =
        mynakit_fixtures::input::read(file, mynakit_fixtures::input::MAX_TEXT_BYTES).ok()?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some(Seen {
        modified,
        len,
        content: hasher.finish(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_a_new_file_and_an_unchanged_save_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        std::fs::write(&a, "id: a\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let mut watched = Watched::scan(&[dir.path().to_owned()]);
        assert!(watched.changed().is_empty(), "nothing moved");

        // The same content written again (an editor's save): nothing to run.
        std::fs::write(&a, "id: a\n").unwrap();
        assert!(watched.changed().is_empty());

        std::fs::write(&a, "id: a2\n").unwrap();
        let b = dir.path().join("b.yml");
        std::fs::write(&b, "id: b\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "y").unwrap();
        assert_eq!(watched.changed(), vec![a.clone(), b]);
        assert!(watched.changed().is_empty(), "seen once");

        // A removed file is not reported; written back, it is new again.
        std::fs::remove_file(&a).unwrap();
        assert!(watched.changed().is_empty());
    }

    #[test]
    fn a_watched_file_outside_a_folder_is_watched_too() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("one.yaml");
        std::fs::write(&a, "id: a\n").unwrap();
        let mut watched = Watched::scan(std::slice::from_ref(&a));
        std::fs::write(&a, "id: a, title: t\n").unwrap();
        assert_eq!(watched.changed(), vec![a]);
    }
}
