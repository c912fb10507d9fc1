//! Scratch folders of runs that did not clean up (killed with SIGKILL, power lost), swept by the
//! next run (`docs/reports.md`, "Interrupted runs").
//!
//! One mechanism for every folder mynakit leaves in `$TMPDIR`: the reader's
//! [`mynakit_reader::leftovers`]. Each scenario's folder (`$TMPDIR/mynakit-<scenario>-XXXXXX`)
//! is made by it, with a marker file naming the process that made it (pid and start time, so a
//! reused pid does not keep a leftover alive), as the managed pcscd's and the SMB share's
//! folders are; its name names that process too (`mynakit-<scenario>-o<PID>.<START>-XXXXXX`),
//! so a run killed between the folder's `mkdir` and its marker leaves nothing unswept. A run removes every marked `mynakit-*` folder whose owner is gone, whichever
//! part made it; a live `serve` keeps its folders. A folder without the marker is never
//! removed, however old: it is not mynakit's scratch folder but, say, a user's
//! `--report-dir $TMPDIR/mynakit-report` or a fuzz output (mynakit marks only the folders it
//! makes for itself, never one a user names). Only real folders owned by this user are touched,
//! and removal never follows a symlink.

use std::path::Path;
use std::time::Duration;

/// The prefix every folder mynakit makes in `$TMPDIR` starts with.
const PREFIX: &str = "mynakit-";

/// How old a marked folder whose marker names no owner (its maker died while writing it) must be
/// before it is swept.
const UNOWNED_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// Makes a scenario's folder in the temp folder, naming this process as its owner in its name
/// and its marker, so that it is marked before anything is put in it.
pub(crate) fn create(scenario: &str) -> std::io::Result<tempfile::TempDir> {
    mynakit_reader::leftovers::create_owned(&std::env::temp_dir(), &format!("{PREFIX}{scenario}-"))
}

/// Removes leftovers in the temp folder; returns how many.
pub(crate) fn sweep() -> usize {
    sweep_in(&std::env::temp_dir())
}

/// Removes leftovers in `temp`; returns how many.
pub(crate) fn sweep_in(temp: &Path) -> usize {
    mynakit_reader::leftovers::sweep_named(temp, PREFIX, UNOWNED_AGE)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_dead_owners_folder_is_swept_a_live_ones_kept_and_symlinks_left_alone() {
        let temp = tempfile::tempdir().unwrap();
        let live = mynakit_reader::leftovers::create_named(temp.path(), "mynakit-live-").unwrap();
        // A process that has exited: its pid no longer runs (or runs with another start time).
        let mut gone = std::process::Command::new("true").spawn().unwrap();
        let gone_pid = gone.id();
        gone.wait().unwrap();
        let dead = temp.path().join("mynakit-visual-mode-xyz789");
        std::fs::create_dir_all(dead.join("terminal/res")).unwrap();
        std::fs::write(
            dead.join(mynakit_reader::leftovers::MARKER),
            format!("{gone_pid} 1\n"),
        )
        .unwrap();
        // A folder without the marker, two days old: a user's (`--report-dir`), kept.
        let unowned = temp.path().join("mynakit-report");
        std::fs::create_dir(&unowned).unwrap();
        std::fs::write(unowned.join("report.json"), "{}").unwrap();
        let two_days_ago = std::time::SystemTime::now() - 2 * UNOWNED_AGE;
        std::fs::File::open(&unowned)
            .unwrap()
            .set_modified(two_days_ago)
            .unwrap();
        // A symlink named like a leftover, to a folder that must survive.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("keep"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), temp.path().join("mynakit-link-000000"))
            .unwrap();
        assert_eq!(sweep_in(temp.path()), 1);
        assert!(!dead.exists());
        assert!(live.path().exists());
        assert!(unowned.join("report.json").exists());
        assert!(outside.path().join("keep").exists());
    }
}
