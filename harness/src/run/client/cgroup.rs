//! A client's own cgroup (v2), where this process may make one (`docs/client-protocol.md`,
//! "Ending the client").
//!
//! Writing `1` to a cgroup's `cgroup.kill` (Linux 5.14 and later) sends SIGKILL to every process
//! in it, at once, whatever they did: left the process group, cleared their environment, forked
//! while the signals went out. A client is put in a cgroup of its own, a child of this process's
//! cgroup, when that cgroup can be written (root, or a cgroup delegated to the user as systemd
//! does for `systemd-run --user --scope -p Delegate=yes`); elsewhere (most desktops' session
//! scopes, CI containers without a writable `/sys/fs/cgroup`) there is none and the process group
//! and the token do the work alone.
//!
//! The client moves itself: the shell that becomes the client writes `0` to the cgroup's
//! `cgroup.procs` before it `exec`s the command (moving it from here, after the spawn, would miss
//! what it forked in between).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The prefix of a client cgroup's name; only folders named so are ever killed or removed.
pub(crate) const PREFIX: &str = "mynakit-client-";

/// A client's cgroup; killed and removed when dropped.
#[derive(Debug)]
pub(crate) struct ClientCgroup {
    dir: PathBuf,
}

impl ClientCgroup {
    /// A new cgroup for the client whose token is `token`, or `None` where none can be made.
    pub(crate) fn create(token: &str) -> Option<ClientCgroup> {
        let parent = own_cgroup()?;
        let dir = parent.join(format!("{PREFIX}{token}"));
        fs::create_dir(&dir).ok()?;
        let cgroup = ClientCgroup { dir };
        // Without `cgroup.kill` (Linux before 5.14) it would be an empty promise.
        cgroup.dir.join("cgroup.kill").exists().then_some(cgroup)
    }

    /// The folder (for the record of `super::orphans`).
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The shell command that moves the shell running it into this cgroup (quietly nothing if it
    /// may not).
    pub(crate) fn join_command(&self) -> String {
        format!(
            "{{ echo 0 > {}; }} 2>/dev/null; ",
            super::shell::quote(&self.dir.join("cgroup.procs").display().to_string())
        )
    }

    /// The processes in it now.
    pub(crate) fn pids(&self) -> Vec<u32> {
        fs::read_to_string(self.dir.join("cgroup.procs"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    }

    /// SIGKILL to every process in it, and waits (up to `limit`) until it is empty.
    pub(crate) fn kill(&self, limit: Duration) {
        kill_dir(&self.dir, limit);
    }
}

impl Drop for ClientCgroup {
    fn drop(&mut self) {
        kill_dir(&self.dir, Duration::from_millis(300));
        let _ = fs::remove_dir(&self.dir);
    }
}

/// Kills the client cgroup `dir` left by a dead run and removes it; only a folder named
/// [`PREFIX`]… directly under a cgroup2 file system is touched.
pub(crate) fn end_left(dir: &Path) {
    let named = dir
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(PREFIX));
    if named && dir.join("cgroup.kill").is_file() {
        kill_dir(dir, Duration::from_millis(500));
        let _ = fs::remove_dir(dir);
    }
}

fn kill_dir(dir: &Path, limit: Duration) {
    if fs::write(dir.join("cgroup.kill"), "1").is_err() {
        return;
    }
    let start = Instant::now();
    while populated(dir) && start.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn populated(dir: &Path) -> bool {
    fs::read_to_string(dir.join("cgroup.events"))
        .is_ok_and(|events| events.lines().any(|l| l.trim() == "populated 1"))
}

/// This process's cgroup v2 folder: its `0::PATH` line of `/proc/self/cgroup` under the
/// cgroup2 mount of `/proc/self/mountinfo`.
fn own_cgroup() -> Option<PathBuf> {
    let cgroup = fs::read_to_string("/proc/self/cgroup").ok()?;
    let own = cgroup.lines().find_map(|l| l.strip_prefix("0::"))?.trim();
    let mountinfo = fs::read_to_string("/proc/self/mountinfo").ok()?;
    let (root, mount) = mountinfo.lines().find_map(|line| {
        let (fields, after) = line.split_once(" - ")?;
        (after.split_whitespace().next()? == "cgroup2").then(|| {
            let mut fields = fields.split_whitespace().skip(3);
            Some((fields.next()?.to_owned(), fields.next()?.to_owned()))
        })?
    })?;
    let relative = own.strip_prefix(root.as_str()).unwrap_or(own);
    let dir = Path::new(&mount).join(relative.trim_start_matches('/'));
    dir.is_dir().then_some(dir)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Where a cgroup can be made, a process that moved itself in and forked a child that left
    /// its group and cleared its environment is killed with everything else; elsewhere there is
    /// nothing to test, and the test says so.
    #[test]
    fn a_client_cgroup_kills_what_nothing_else_finds() {
        let Some(cgroup) = ClientCgroup::create(&format!("test-{}", std::process::id())) else {
            eprintln!("no writable cgroup v2 here: nothing to test");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("hidden");
        let script = format!(
            "{}(setsid env -i sh -c 'echo $$ > {}; exec sleep 300' &); exec sleep 300",
            cgroup.join_command(),
            pid_file.display()
        );
        let mut client = std::process::Command::new("sh")
            .args(["-c", &script])
            .spawn()
            .unwrap();
        let start = Instant::now();
        let hidden = loop {
            if let Some(pid) = fs::read_to_string(&pid_file)
                .ok()
                .and_then(|t| t.trim().parse::<u32>().ok())
            {
                break pid;
            }
            assert!(start.elapsed() < Duration::from_secs(5), "no pid");
            std::thread::sleep(Duration::from_millis(10));
        };
        let pids = cgroup.pids();
        assert!(pids.contains(&client.id()), "{pids:?}");
        assert!(pids.contains(&hidden), "{pids:?}");
        let path = cgroup.dir().to_owned();
        drop(cgroup);
        let status = client.wait().unwrap();
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(9)
        );
        let start = Instant::now();
        while super::super::procfs::start_time(hidden).is_some()
            && start.elapsed() < Duration::from_secs(5)
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(super::super::procfs::start_time(hidden).is_none());
        assert!(!path.exists(), "the cgroup was not removed");
    }
}
