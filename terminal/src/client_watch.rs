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

use crate::file_name;
use crate::folder::{FACE, RES};

/// What the folder loop knows of the client's side of `res` and `face`: the files it last saw
/// there and the reads inotify reports (`crate::access`), locked as one so that two
/// comparisons never interleave.
#[derive(Debug, Default)]
pub(crate) struct ClientSide {
    pub(crate) observed: Observed,
    /// The client's reads in `res` and `face` (inotify), while watching with a timeline.
    pub(crate) access: Option<crate::access::Access>,
}

/// The files last seen in `res` and `face`, and the client's requests in `req` not picked up
/// yet.
#[derive(Debug, Default)]
pub(crate) struct Observed {
    res: BTreeSet<String>,
    face: BTreeSet<String>,
    /// Requests seen in `req` (`request-seen`) and not read yet (`request-read`): one gone from
    /// `req` was removed by the client before pickup (`request-vanished`).
    pending: BTreeSet<String>,
    /// Requests whose `request-vanished` is recorded already (by a look of the runner's, after
    /// the client's result), so that the scan that next misses them does not record it again.
    vanished: BTreeSet<String>,
}

/// The files in `res` and `face` now.
#[derive(Debug)]
pub(crate) struct Snapshot {
    res: BTreeSet<String>,
    face: BTreeSet<String>,
}

/// What the client did to a file the terminal had written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ClientAction {
    /// A result was taken out of `res` (the path, `res/…`).
    ResultTaken(String),
    /// A face push was taken out of `face` (`face/…`).
    FaceTaken(String),
    /// A face push was moved into a subfolder of `face`.
    FaceMoved {
        /// Where it was (`face/…`).
        from: String,
        /// Where it is now (`face/<sub>/…`).
        to: String,
    },
}

impl Snapshot {
    /// The plain files of `root`'s `res` and `face`, or `None` when either cannot be read.
    pub(crate) fn read(root: &Path) -> Option<Snapshot> {
        Some(Snapshot {
            res: files_in(&root.join(RES))?,
            face: files_in(&root.join(FACE))?,
        })
    }
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

    /// A request just seen in `req`.
    pub(crate) fn request_seen(&mut self, name: &str) {
        self.vanished.remove(name);
        self.pending.insert(name.to_owned());
    }

    /// A request the terminal has just read (picked up): no longer the client's to keep.
    pub(crate) fn request_picked_up(&mut self, name: &str) {
        self.pending.remove(name);
    }

    /// The requests not picked up that are gone from `req`, whose names are `present`: each is
    /// given once, here or by [`Observed::scan_missed`].
    pub(crate) fn vanished_requests(&mut self, present: &BTreeSet<String>) -> Vec<String> {
        let gone: Vec<String> = self.pending.difference(present).cloned().collect();
        for name in &gone {
            self.pending.remove(name);
            self.vanished.insert(name.clone());
        }
        gone
    }

    /// The scan of `req` missed `name`, a request it tracked: whether its `request-vanished` is
    /// still to be recorded (not yet by [`Observed::vanished_requests`]).
    pub(crate) fn scan_missed(&mut self, name: &str) -> bool {
        self.pending.remove(name);
        !self.vanished.remove(name)
    }

    /// Takes `now` as the files seen, and gives the names gone from `res` and from `face`
    /// since the last scan (see [`gone_actions`]).
    pub(crate) fn replace(&mut self, now: Snapshot) -> (Vec<String>, Vec<String>) {
        let gone_res: Vec<String> = self.res.difference(&now.res).cloned().collect();
        let gone_face: Vec<String> = self.face.difference(&now.face).cloned().collect();
        self.res = now.res;
        self.face = now.face;
        (gone_res, gone_face)
    }
}

/// What became of the files gone from `root`'s `res` and `face`: taken, or moved within `face`.
pub(crate) fn gone_actions(
    root: &Path,
    gone_res: Vec<String>,
    gone_face: Vec<String>,
) -> Vec<ClientAction> {
    let face_dir = root.join(FACE);
    let mut out: Vec<ClientAction> = gone_res
        .into_iter()
        .map(|name| ClientAction::ResultTaken(format!("{RES}/{name}")))
        .collect();
    for name in gone_face {
        let from = format!("{FACE}/{name}");
        out.push(match moved_within(&face_dir, &name) {
            Some(to) => ClientAction::FaceMoved { from, to },
            None => ClientAction::FaceTaken(from),
        });
    }
    out
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
