//! What the client does with the terminal's face pushes, as seen from `face`: a push taken out
//! of it, or moved into a subfolder of it (careful clients move a push before reading it, so
//! that it is never read twice: `docs/terminal.md`, "Timeline").
//!
//! The face pickups own their state and its lock: a push (`face`) notes the file it wrote here
//! without waiting for the folder loop, whose view of `res` and `req` is its own
//! (`client_watch::ClientSide`); the loop compares `face` with what is noted here at each scan.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use crate::client_watch::{self, Seen};
use crate::folder::FACE;
use crate::recorder::lock;

/// The pushes last seen (or written) in `face`, shared by every handle on the terminal.
#[derive(Debug, Default)]
pub(crate) struct FacePickups {
    seen: Mutex<Seen>,
}

/// What the client did to a push the terminal had written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FacePickup {
    /// Taken out of `face` (the path, `face/…`).
    Taken(String),
    /// Moved into a subfolder of `face`.
    Moved {
        /// Where it was (`face/…`).
        from: String,
        /// Where it is now (`face/<sub>/…`).
        to: String,
    },
}

impl FacePickups {
    /// A push the terminal has just written (so it is known even if taken before the next
    /// scan).
    pub(crate) fn wrote(&self, name: &str) {
        lock(&self.seen).wrote(name);
    }

    /// The pushes seen, locked while the folder loop compares `face` with them.
    pub(crate) fn seen(&self) -> MutexGuard<'_, Seen> {
        lock(&self.seen)
    }
}

/// The pushes in `root`'s `face` now, or `None` when it cannot be read.
pub(crate) fn files_now(root: &Path) -> Option<BTreeSet<String>> {
    client_watch::files_in(root, FACE)
}

/// What became of the pushes `gone` from `root`'s `face`: taken, or moved within it.
pub(crate) fn pickups(root: &Path, gone: Vec<String>) -> Vec<FacePickup> {
    let face = root.join(FACE);
    gone.into_iter()
        .map(|name| {
            let from = format!("{FACE}/{name}");
            match moved_within(&face, &name) {
                Some(to) => FacePickup::Moved { from, to },
                None => FacePickup::Taken(from),
            }
        })
        .collect()
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
