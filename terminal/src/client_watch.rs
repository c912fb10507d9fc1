//! What the client does with the terminal's output, as seen from the folders: a result taken
//! out of `res`, a face push taken out of `face` or moved into a subfolder of it (careful
//! clients move a push before reading it, so that it is never read twice: `docs/terminal.md`,
//! "Timeline"). Recorded as `Source::Client` file events, so a run's trace shows the whole
//! exchange and not only the terminal's half.
//!
//! Only disappearances can be seen without OS file notifications (polling `std` only, like the
//! watcher): a client that reads a result and leaves it in place shows no event.

use std::collections::BTreeSet;
use std::path::Path;

use mynakit_fixtures::timeline::Source;

use crate::file_name;
use crate::terminal::Terminal;
use crate::watcher::{FACE, RES};

/// The files last seen in `res` and `face`.
#[derive(Debug, Default)]
pub(crate) struct Observed {
    res: BTreeSet<String>,
    face: BTreeSet<String>,
}

impl Observed {
    /// A result the terminal has just written (so it is known even if taken before the next
    /// scan).
    pub(crate) fn wrote_result(&mut self, name: &str) {
        self.res.insert(name.to_owned());
    }

    /// A face push the terminal has just written.
    pub(crate) fn wrote_face(&mut self, name: &str) {
        self.face.insert(name.to_owned());
    }
}

/// The plain files directly in `dir` that are not temporary.
fn files_in(dir: &Path) -> Option<BTreeSet<String>> {
    let entries = std::fs::read_dir(dir).ok()?;
    Some(
        entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !file_name::is_in_progress(n))
            .collect(),
    )
}

/// Where `name` went inside `face`'s subfolders (one level, e.g. `face/done/`), if anywhere.
fn moved_within(face: &Path, name: &str) -> Option<String> {
    let entries = std::fs::read_dir(face).ok()?;
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .find(|e| e.path().join(name).is_file())
        .map(|e| format!("{FACE}/{}/{name}", e.file_name().to_string_lossy()))
}

impl Terminal {
    /// Compares `res` and `face` with the last scan and records what the client took or moved.
    pub(crate) fn observe_client(&self) {
        if !self.has_timeline() {
            return;
        }
        let res_dir = self.root().join(RES);
        let face_dir = self.root().join(FACE);
        let (Some(res_now), Some(face_now)) = (files_in(&res_dir), files_in(&face_dir)) else {
            return;
        };
        let (gone_res, gone_face) = {
            let mut state = self.state();
            let seen = &mut state.observed;
            let gone_res: Vec<String> = seen.res.difference(&res_now).cloned().collect();
            let gone_face: Vec<String> = seen.face.difference(&face_now).cloned().collect();
            seen.res = res_now;
            seen.face = face_now;
            (gone_res, gone_face)
        };
        for name in gone_res {
            self.event_by(Source::Client, &format!("{RES}/{name}"), "result-taken");
        }
        for name in gone_face {
            let path = format!("{FACE}/{name}");
            match moved_within(&face_dir, &name) {
                Some(to) => {
                    self.event_by(Source::Client, &path, "face-moved");
                    self.note_by(Source::Client, &format!("{path} moved to {to}"));
                }
                None => self.event_by(Source::Client, &path, "face-taken"),
            }
        }
    }
}
