//! Scratch folders of runs that did not clean up (killed with SIGKILL, power lost), swept by the
//! next run (`docs/reports.md`, "Interrupted runs").
//!
//! Each scenario's folder (`$TMPDIR/mynakit-<scenario>-XXXXXX`) holds an [`OWNER_FILE`] naming
//! the process that made it (pid and start time, so a reused pid does not keep a leftover
//! alive). A run removes every such folder whose owner is gone. Folders without the file (made
//! by an older mynakit) are removed once a day old. Only real folders owned by this user are
//! touched, and removal never follows a symlink.

use std::path::Path;
use std::time::Duration;

/// The owner file in a scenario's folder.
pub(crate) const OWNER_FILE: &str = ".mynakit-owner";

/// How old a folder without an owner file must be before it is swept.
const UNOWNED_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// Writes the owner file into a scenario's new folder.
pub(crate) fn mark(dir: &Path) -> std::io::Result<()> {
    let me = std::process::id();
    let text = format!("{me} {}\n", start_time(me).unwrap_or_default());
    std::fs::write(dir.join(OWNER_FILE), text)
}

/// Removes leftovers in the temp folder; returns how many.
pub(crate) fn sweep() -> usize {
    sweep_in(&std::env::temp_dir())
}

/// Removes leftovers in `temp`; returns how many.
pub(crate) fn sweep_in(temp: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return 0;
    };
    let me = rustix::process::geteuid().as_raw();
    let mut swept = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        if !name.to_str().is_some_and(|n| n.starts_with("mynakit-")) {
            continue;
        }
        let path = entry.path();
        // `symlink_metadata`: a symlink named like a leftover is not followed, nor removed.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        use std::os::unix::fs::MetadataExt;
        if !meta.is_dir() || meta.uid() != me {
            continue;
        }
        let abandoned = match std::fs::read_to_string(path.join(OWNER_FILE)) {
            Ok(owner) => !owner_alive(&owner),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > UNOWNED_AGE),
            Err(_) => false,
        };
        // `remove_dir_all` does not follow symlinks inside the folder.
        if abandoned && std::fs::remove_dir_all(&path).is_ok() {
            swept += 1;
        }
    }
    swept
}

/// Whether the owner file's process (`pid starttime`) still runs.
fn owner_alive(owner: &str) -> bool {
    let mut parts = owner.split_whitespace();
    let Some(pid) = parts.next().and_then(|p| p.parse::<u32>().ok()) else {
        // Unreadable: leave it to the age rule's owner, a person.
        return true;
    };
    let started = parts.next().unwrap_or_default();
    match start_time(pid) {
        Some(now) => started.is_empty() || now == started,
        None => false,
    }
}

/// A process's start time (field 22 of `/proc/<pid>/stat`), `None` when it does not exist.
fn start_time(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: fields count after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_dead_owners_folder_is_swept_a_live_ones_kept_and_symlinks_left_alone() {
        let temp = tempfile::tempdir().unwrap();
        let live = temp.path().join("mynakit-live-abc123");
        std::fs::create_dir(&live).unwrap();
        mark(&live).unwrap();
        // A process that has exited: its pid no longer runs (or runs with another start time).
        let mut gone = std::process::Command::new("true").spawn().unwrap();
        let gone_pid = gone.id();
        gone.wait().unwrap();
        let dead = temp.path().join("mynakit-visual-mode-xyz789");
        std::fs::create_dir_all(dead.join("terminal/res")).unwrap();
        std::fs::write(dead.join(OWNER_FILE), format!("{gone_pid} 1\n")).unwrap();
        // A recent folder without owner (an older mynakit's, maybe still running): kept.
        let unowned = temp.path().join("mynakit-old-run-qqqqqq");
        std::fs::create_dir(&unowned).unwrap();
        // A symlink named like a leftover, to a folder that must survive.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("keep"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), temp.path().join("mynakit-link-000000"))
            .unwrap();
        assert_eq!(sweep_in(temp.path()), 1);
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(unowned.exists());
        assert!(outside.path().join("keep").exists());
    }
}
