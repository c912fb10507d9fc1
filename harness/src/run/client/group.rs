//! Everything a client command started, ended together (`docs/client-protocol.md`, "Ending the
//! client").
//!
//! A client runs as the leader of its own process group, so one signal to the group reaches
//! every child it forked. A child that leaves the group (a daemon calls `setsid(2)`) still
//! carries the client's environment, which holds a token unique to this client
//! ([`TOKEN_VAR`](super::procfs::TOKEN_VAR)); on Linux the harness finds such processes in `/proc/<pid>/environ` and ends
//! them too. A process that both leaves the group and clears its environment escapes; no client
//! has a reason to.
//!
//! The harness is a child subreaper while clients run (`PR_SET_CHILD_SUBREAPER`,
//! [`become_subreaper`]): a grandchild orphaned by a double fork comes back to the harness, not
//! to init, so it stays attributable (its parent is the harness) and its exit is not lost. The
//! harness reaps only the orphans it can attribute to a client — members of the client's group,
//! or processes seen carrying its token — never with `waitpid(-1)`, which would steal the exit
//! status of a process another part of the harness waits for (pcscd, smbd, other clients).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rustix::process::{kill_process, kill_process_group, test_kill_process_group, Pid, Signal};

use super::procfs;

/// How often the end of a group is polled.
const POLL: Duration = Duration::from_millis(10);

/// Makes this process a child subreaper (Linux; see the module documentation). Idempotent;
/// best effort elsewhere.
pub(crate) fn become_subreaper() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::set_child_subreaper(Some(rustix::process::getpid()));
    }
}

/// A client's process group, and the token its descendants carry.
#[derive(Debug)]
pub(crate) struct ProcessGroup {
    leader: Option<Pid>,
    token: String,
    /// Processes once seen carrying the token: reaped if they come back to the harness.
    seen: Mutex<BTreeSet<u32>>,
}

impl ProcessGroup {
    /// A fresh token, unique in this machine for this process's lifetime.
    pub(crate) fn token() -> String {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        format!(
            "{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// The group led by `leader` (started with `process_group(0)`), whose members carry `token`.
    pub(crate) fn new(leader: u32, token: String) -> ProcessGroup {
        ProcessGroup {
            leader: i32::try_from(leader).ok().and_then(Pid::from_raw),
            token,
            seen: Mutex::new(BTreeSet::new()),
        }
    }

    /// Counts `pids` as the client's (found another way than the token, e.g. its cgroup), so
    /// that their zombies are reaped.
    pub(crate) fn remember(&self, pids: impl IntoIterator<Item = u32>) {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(pids);
    }

    /// Sends `signal` to the group and to every process carrying the token.
    pub(crate) fn signal(&self, signal: Signal) {
        if let Some(leader) = self.leader {
            let _ = kill_process_group(leader, signal);
        }
        for pid in self.marked() {
            let _ = kill_process(pid, signal);
        }
    }

    /// Whether any member is left: the group, or a process carrying the token. Orphans of the
    /// client that came back to the harness and exited are reaped first, so their zombies do not
    /// count.
    pub(crate) fn alive(&self) -> bool {
        self.reap_orphans();
        self.leader
            .is_some_and(|leader| test_kill_process_group(leader).is_ok())
            || !self.marked().is_empty()
    }

    /// Ends every member: SIGTERM, then SIGKILL to whatever is left after `grace`.
    pub(crate) fn end(&self, grace: Duration) {
        if !self.alive() {
            return;
        }
        self.signal(Signal::TERM);
        let start = Instant::now();
        while self.alive() && start.elapsed() < grace {
            std::thread::sleep(POLL);
        }
        if self.alive() {
            self.signal(Signal::KILL);
            // SIGKILL is not ignorable; what is left is the kernel's work, bounded.
            let start = Instant::now();
            while self.alive() && start.elapsed() < grace {
                std::thread::sleep(POLL);
            }
        }
    }

    /// Reaps the zombies that are this process's children and the client's: members of its
    /// group other than the leader (the leader is its `Child`'s to reap), and processes seen
    /// carrying its token.
    fn reap_orphans(&self) {
        #[cfg(target_os = "linux")]
        {
            let own = std::process::id();
            let leader = self.leader.map(|l| l.as_raw_nonzero().get().unsigned_abs());
            let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
            for pid in procfs::pids().filter(|&pid| Some(pid) != leader) {
                let ours =
                    matches!(procfs::parent_and_zombie(pid), Some((parent, true)) if parent == own);
                let clients =
                    seen.contains(&pid) || (leader.is_some() && procfs::pgid(pid) == leader);
                if ours && clients {
                    if let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
                        let _ = rustix::process::waitpid(
                            Some(pid),
                            rustix::process::WaitOptions::NOHANG,
                        );
                    }
                }
            }
        }
    }

    /// Processes (other than this one) whose environment carries the token. Zombies are
    /// skipped: they are dead, and their environment reads empty.
    fn marked(&self) -> Vec<Pid> {
        #[cfg(target_os = "linux")]
        {
            let own = std::process::id();
            procfs::pids()
                .filter(|&pid| pid != own)
                .filter(|&pid| procfs::carries_token(pid, &self.token))
                .inspect(|&pid| {
                    self.seen
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(pid);
                })
                .filter_map(|pid| i32::try_from(pid).ok().and_then(Pid::from_raw))
                .collect()
        }
        #[cfg(not(target_os = "linux"))]
        {
            Vec::new()
        }
    }
}
