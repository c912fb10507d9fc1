//! What the client does with the terminal's output, as seen from the folders: a result taken
//! out of `res` (here), a face push taken out of `face` or moved into a subfolder of it
//! (`face_pickups`, with [`Seen`] from here). Recorded as `Source::Client` file events, so a
//! run's trace shows the whole exchange and not only the terminal's half.
//!
//! Only disappearances can be seen without OS file notifications (polling `std` only, like the
//! watcher): a client that reads a result and leaves it in place shows no event.

use std::collections::BTreeSet;
use std::path::Path;

use crate::folder::RES;
use mynakit_oqs::file_names::is_in_progress;

/// What the folder loop knows of the client's side of `res` and `req`: the results it last saw
/// and the reads inotify reports in `res` and `face` (`crate::access`: one watch, so the reads
/// of both folders keep the order the client made them in), locked as one so that two
/// comparisons never interleave. What became of the face pushes is the face pickups' own
/// (`crate::face_pickups`).
#[derive(Debug, Default)]
pub(crate) struct ClientSide {
    pub(crate) observed: Observed,
    /// The client's reads in `res` and `face` (inotify), while watching with a timeline.
    pub(crate) access: Option<crate::access::Access>,
}

/// The files last seen in `res`, and the client's requests in `req` not picked up yet.
#[derive(Debug, Default)]
pub(crate) struct Observed {
    res: Seen,
    /// Requests seen in `req` (`request-seen`) and not read yet (`request-read`): one gone from
    /// `req` was removed by the client before pickup (`request-vanished`).
    pending: BTreeSet<String>,
    /// Requests whose `request-vanished` is recorded already (by a look of the runner's, after
    /// the client's result), so that the scan that next misses them does not record it again.
    vanished: BTreeSet<String>,
}

/// The files the terminal last saw (or wrote) in one of its output folders.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    names: BTreeSet<String>,
}

impl Seen {
    /// A file the terminal has just written (so it is known even if taken before the next
    /// scan).
    pub(crate) fn wrote(&mut self, name: &str) {
        self.names.insert(name.to_owned());
    }

    /// Takes `now` as the files seen, and gives the names gone since the last scan.
    pub(crate) fn replace(&mut self, now: BTreeSet<String>) -> Vec<String> {
        let gone = self.names.difference(&now).cloned().collect();
        self.names = now;
        gone
    }
}

impl Observed {
    /// A result the terminal has just written.
    pub(crate) fn wrote_result(&mut self, name: &str) {
        self.res.wrote(name);
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

    /// Takes `now` as the results seen in `res`, and gives the paths (`res/…`) of those the
    /// client took since the last scan.
    pub(crate) fn results_taken(&mut self, now: BTreeSet<String>) -> Vec<String> {
        self.res
            .replace(now)
            .into_iter()
            .map(|name| format!("{RES}/{name}"))
            .collect()
    }
}

/// The plain files directly in `root`'s `folder` that are not temporary, or `None` when it
/// cannot be read.
pub(crate) fn files_in(root: &Path, folder: &str) -> Option<BTreeSet<String>> {
    let entries = std::fs::read_dir(root.join(folder)).ok()?;
    Some(
        entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !is_in_progress(n))
            .collect(),
    )
}
