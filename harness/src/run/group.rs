//! Everything a client command started, ended together (`docs/client-protocol.md`, "Ending the
//! client").
//!
//! A client runs as the leader of its own process group, so one signal to the group reaches
//! every child it forked. A child that leaves the group (a daemon calls `setsid(2)`) still
//! carries the client's environment, which holds a token unique to this client
//! ([`TOKEN_VAR`]); on Linux the harness finds such processes in `/proc/<pid>/environ` and ends
//! them too. A process that both leaves the group and clears its environment escapes; no client
//! has a reason to.
//!
//! Why not `PR_SET_CHILD_SUBREAPER`: it would make the orphans children of the harness, which
//! runs many clients (and pcscd) at once and would then have to reap processes it cannot
//! attribute to a client; the token attributes them exactly.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rustix::process::{kill_process, kill_process_group, test_kill_process_group, Pid, Signal};

/// The environment variable holding a client's token. Internal to the harness: a client must
/// not rely on it (it is not part of the protocol's `MYNAKIT_*` set).
pub(crate) const TOKEN_VAR: &str = "MYNAKIT_CLIENT_TOKEN";

/// How often the end of a group is polled.
const POLL: Duration = Duration::from_millis(10);

/// A client's process group, and the token its descendants carry.
#[derive(Debug)]
pub(crate) struct ProcessGroup {
    leader: Option<Pid>,
    token: String,
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
        }
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

    /// Whether any member is left: the group, or a process carrying the token.
    pub(crate) fn alive(&self) -> bool {
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
        }
    }

    /// Processes (other than this one) whose environment carries the token. Zombies are
    /// skipped: they are dead, and their environment reads empty.
    fn marked(&self) -> Vec<Pid> {
        #[cfg(target_os = "linux")]
        {
            let needle = format!("{TOKEN_VAR}={}\0", self.token).into_bytes();
            let own = std::process::id();
            let Ok(entries) = std::fs::read_dir("/proc") else {
                return Vec::new();
            };
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
                .filter(|&pid| pid != own)
                .filter(|pid| {
                    std::fs::read(format!("/proc/{pid}/environ"))
                        .is_ok_and(|env| env.windows(needle.len()).any(|w| w == needle.as_slice()))
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
