//! Clients of a run that died without ending them (SIGKILL, a crash, power lost), ended by the
//! next run (`docs/client-protocol.md`, "Ending the client").
//!
//! A run that ends normally ends every client it started ([`super::group::ProcessGroup`]). A run
//! killed outright cannot: the client's main process gets SIGKILL from the kernel
//! (`PR_SET_PDEATHSIG`, set in [`super`]), but that signal is per process, so whatever
//! the client forked lives on. Each running client is therefore recorded in a file while it runs:
//! the run's own identity, the client's leader (pid and start time, `/proc/<pid>/stat` field 22,
//! so a reused pid is never taken for it) and the token its descendants carry in their
//! environment, and its cgroup if it has one ([`super::cgroup`]). The next run reads the records
//! of runs that are gone and ends, with SIGKILL:
//!
//! - everything in the client's cgroup (`cgroup.kill`);
//! - every process carrying the token (`/proc/<pid>/environ`): that identity cannot be reused;
//! - the leader's process group, when the leader still runs with its recorded start time or a
//!   member of the group carries the token (a process group whose id was reused is not touched).
//!
//! The records live in `$TMPDIR/.mynakit-clients-<uid>` (mode 0700, a real folder owned by this
//! user, never a symlink); the leading dot keeps it out of the `mynakit-*` sweep. The folder
//! exists only while a record does: it is made by the first client that records itself, and the
//! client that leaves it empty removes it (`rmdir`, which fails while any record is in it, so a
//! concurrent run's record is never lost: a run whose folder vanished between making it and
//! writing its record makes it again). Nothing is left behind after a run, or after a run
//! stopped by SIGINT or SIGTERM (docs/client-protocol.md, "Ending the client").

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

use rustix::process::{kill_process, kill_process_group, Pid, Signal};

use super::procfs::{carries_token, pgid, pids, start_time};

/// A running client's record; removed when dropped (the client has ended by then).
#[derive(Debug)]
pub(crate) struct Record {
    path: PathBuf,
}

impl Drop for Record {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        if let Some(dir) = self.path.parent() {
            remove_if_empty(dir);
        }
    }
}

/// Removes the records' folder if no record is left in it. `rmdir` itself is the test: it fails
/// (`ENOTEMPTY`) while another run's record is there, with no window between a look and the
/// removal.
fn remove_if_empty(dir: &Path) {
    let _ = fs::remove_dir(dir);
}

/// Whether the records' folder is made when missing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Make {
    /// Made: a record is about to be written.
    IfMissing,
    /// Only looked for: a run that records nothing leaves nothing.
    Never,
}

/// The records' folder in `temp`; `None` if it is missing (and `make` says not to make it) or
/// not a real folder of this user (someone else made it, or a symlink stands there).
fn folder(temp: &Path, make: Make) -> Option<PathBuf> {
    let uid = fs::metadata("/proc/self").ok()?.uid();
    let dir = temp.join(format!(".mynakit-clients-{uid}"));
    if make == Make::IfMissing {
        let _ = fs::DirBuilder::new().mode(0o700).create(&dir);
    }
    let meta = fs::symlink_metadata(&dir).ok()?;
    (meta.is_dir() && meta.uid() == uid && meta.mode() & 0o077 == 0).then_some(dir)
}

/// Records the client led by `leader` whose descendants carry `token`. Best effort: `None` if
/// the record cannot be written (the client still runs; only the next run's clean-up is lost).
pub(crate) fn record(leader: u32, token: &str, cgroup: Option<&Path>) -> Option<Record> {
    record_in(&std::env::temp_dir(), leader, token, cgroup)
}

fn record_in(temp: &Path, leader: u32, token: &str, cgroup: Option<&Path>) -> Option<Record> {
    let own = std::process::id();
    let mut text = format!(
        "owner {own} {}\nleader {leader} {}\ntoken {token}\n",
        start_time(own)?,
        start_time(leader)?
    );
    if let Some(cgroup) = cgroup.and_then(Path::to_str) {
        text.push_str(&format!("cgroup {cgroup}\n"));
    }
    // The token is unique to this client; a file name of it alone cannot collide. `create_new`
    // (O_EXCL) never follows a symlink standing at the name. The folder can vanish between
    // `folder` and the create (another run's last client removed it, empty): made again, a few
    // times at most, since each vanishing needs another run's client to end meanwhile. (A folder
    // that is not this user's is refused each time: no record, as before.)
    for _ in 0..32 {
        let Some(dir) = folder(temp, Make::IfMissing) else {
            continue;
        };
        let path = dir.join(token);
        let opened = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path);
        let mut file = match opened {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => return None,
        };
        // From here the record removes itself, and the folder if it is the last, when dropped.
        let record = Record { path };
        file.write_all(text.as_bytes()).ok()?;
        return Some(record);
    }
    None
}

/// Ends the clients of runs that are gone (see the module documentation); returns how many
/// records were settled.
pub(crate) fn end_leftovers() -> usize {
    end_leftovers_in(&std::env::temp_dir())
}

fn end_leftovers_in(temp: &Path) -> usize {
    let Some(dir) = folder(temp, Make::Never) else {
        return 0;
    };
    let Ok(entries) = fs::read_dir(&dir) else {
        return 0;
    };
    let mut settled = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let Some(left) = Left::parse(&text) else {
            // Not a record (a half-written one of a run killed at that instant is settled by
            // its owner's death: nothing carries a token that was never recorded whole).
            if !is_running(&text) {
                let _ = fs::remove_file(&path);
            }
            continue;
        };
        if left.owner_runs() {
            continue;
        }
        left.end();
        let _ = fs::remove_file(&path);
        settled += 1;
    }
    remove_if_empty(&dir);
    settled
}

/// One record read back.
#[derive(Debug, PartialEq, Eq)]
struct Left {
    owner: (u32, String),
    leader: (u32, String),
    token: String,
    cgroup: Option<PathBuf>,
}

impl Left {
    fn parse(text: &str) -> Option<Left> {
        let mut owner = None;
        let mut leader = None;
        let mut token = None;
        let mut cgroup = None;
        for line in text.lines() {
            if let Some(path) = line.strip_prefix("cgroup ") {
                cgroup = Some(PathBuf::from(path));
                continue;
            }
            let mut words = line.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some("owner"), Some(pid), Some(start)) => {
                    owner = Some((pid.parse().ok()?, start.to_owned()))
                }
                (Some("leader"), Some(pid), Some(start)) => {
                    leader = Some((pid.parse().ok()?, start.to_owned()))
                }
                (Some("token"), Some(t), None) => token = Some(t.to_owned()),
                _ => return None,
            }
        }
        Some(Left {
            owner: owner?,
            leader: leader?,
            token: token?,
            cgroup,
        })
    }

    fn owner_runs(&self) -> bool {
        start_time(self.owner.0).as_ref() == Some(&self.owner.1)
    }

    /// SIGKILL to the client's cgroup, to every process carrying the token, and to the leader's
    /// group when it is proven to be the client's.
    fn end(&self) {
        if let Some(cgroup) = &self.cgroup {
            super::cgroup::end_left(cgroup);
        }
        let own = std::process::id();
        let mut group_is_ours = start_time(self.leader.0).as_ref() == Some(&self.leader.1);
        for pid in pids().filter(|&p| p != own) {
            if carries_token(pid, &self.token) {
                group_is_ours |= pgid(pid) == Some(self.leader.0);
                if let Some(pid) = as_pid(pid) {
                    let _ = kill_process(pid, Signal::KILL);
                }
            }
        }
        if group_is_ours {
            if let Some(leader) = as_pid(self.leader.0) {
                let _ = kill_process_group(leader, Signal::KILL);
            }
        }
    }
}

/// A text that is not a record: its owner line, if any, names a running process.
fn is_running(text: &str) -> bool {
    let mut words = text.lines().next().unwrap_or("").split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some("owner"), Some(pid), Some(start)) => pid
            .parse()
            .ok()
            .and_then(start_time)
            .is_some_and(|now| now == start),
        _ => false,
    }
}

fn as_pid(pid: u32) -> Option<Pid> {
    i32::try_from(pid).ok().and_then(Pid::from_raw)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_record_reads_back_and_a_live_owners_is_kept() {
        let temp = tempfile::tempdir().unwrap();
        let mut sleeper = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let record = record_in(temp.path(), sleeper.id(), "t-1", None).unwrap();
        let text = fs::read_to_string(&record.path).unwrap();
        let left = Left::parse(&text).unwrap();
        assert_eq!(left.leader.0, sleeper.id());
        assert_eq!(left.token, "t-1");
        assert!(left.owner_runs());
        // This process runs: nothing is settled, the sleeper lives.
        assert_eq!(end_leftovers_in(temp.path()), 0);
        assert!(start_time(sleeper.id()).is_some());
        let dir = record.path.parent().unwrap().to_owned();
        drop(record);
        // The last record gone, its folder is gone too.
        assert!(!dir.exists(), "{} is left", dir.display());
        let _ = sleeper.kill();
        let _ = sleeper.wait();
    }

    /// A record whose owner is gone ends its client's group, and a record whose leader pid now
    /// belongs to another process (another start time) ends nothing of it.
    #[test]
    fn a_dead_owners_client_is_ended_and_a_reused_pid_is_not() {
        use std::os::unix::process::CommandExt as _;
        let temp = tempfile::tempdir().unwrap();
        let dir = folder(temp.path(), Make::IfMissing).unwrap();
        let mut gone = std::process::Command::new("true").spawn().unwrap();
        let gone_pid = gone.id();
        gone.wait().unwrap();
        let mut client = std::process::Command::new("sleep")
            .arg("30")
            .process_group(0)
            .spawn()
            .unwrap();
        let mut other = std::process::Command::new("sleep")
            .arg("30")
            .process_group(0)
            .spawn()
            .unwrap();
        fs::write(
            dir.join("a"),
            format!(
                "owner {gone_pid} 1\nleader {} {}\ntoken none-a\n",
                client.id(),
                start_time(client.id()).unwrap()
            ),
        )
        .unwrap();
        fs::write(
            dir.join("b"),
            format!(
                "owner {gone_pid} 1\nleader {} 1\ntoken none-b\n",
                other.id()
            ),
        )
        .unwrap();
        assert_eq!(end_leftovers_in(temp.path()), 2);
        let status = client.wait().unwrap();
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(9)
        );
        assert!(other.try_wait().unwrap().is_none(), "a stranger was killed");
        assert!(!dir.exists(), "every record settled, the folder is removed");
        let _ = other.kill();
        let _ = other.wait();
    }

    #[test]
    fn a_folder_that_is_not_ours_is_not_used() {
        let temp = tempfile::tempdir().unwrap();
        let uid = fs::metadata("/proc/self").unwrap().uid();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            elsewhere.path(),
            temp.path().join(format!(".mynakit-clients-{uid}")),
        )
        .unwrap();
        assert!(folder(temp.path(), Make::IfMissing).is_none());
        assert!(record_in(temp.path(), std::process::id(), "t", None).is_none());
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }

    /// Looking for leftovers makes nothing; a folder holding another run's record stays when
    /// one of two records leaves, and goes with the last; runs recording and leaving at once
    /// never lose a record to a removal.
    #[test]
    fn the_folder_lives_only_while_a_record_does() {
        let temp = tempfile::tempdir().unwrap();
        assert_eq!(end_leftovers_in(temp.path()), 0);
        assert_eq!(
            fs::read_dir(temp.path()).unwrap().count(),
            0,
            "nothing made"
        );
        let own = std::process::id();
        let first = record_in(temp.path(), own, "t-first", None).unwrap();
        let second = record_in(temp.path(), own, "t-second", None).unwrap();
        let dir = first.path.parent().unwrap().to_owned();
        drop(first);
        assert!(second.path.is_file(), "the other record stays");
        drop(second);
        assert!(!dir.exists());

        let workers: Vec<_> = (0..8)
            .map(|worker| {
                let temp = temp.path().to_owned();
                std::thread::spawn(move || {
                    for round in 0..200 {
                        let token = format!("t-{worker}-{round}");
                        let record = record_in(&temp, own, &token, None)
                            .unwrap_or_else(|| panic!("{token}: not recorded"));
                        assert!(record.path.is_file(), "{token}: lost");
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        assert!(!dir.exists(), "left after concurrent runs");
    }
}
