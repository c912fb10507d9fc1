//! The client under test as the conversation sees it: a line channel both ways, plus how it
//! ended. A client is a command (any language, `sh -c`), the built-in reference client
//! running on a thread of this process over OS pipes, or an app connected to the client socket
//! ([`socket`]) — the same lines every way.

pub(crate) mod cgroup;
pub(crate) mod group;
pub(crate) mod lines;
pub(crate) mod orphans;
pub(crate) mod procfs;
pub(crate) mod program;
pub(crate) mod reference;
mod shell;
pub(crate) mod socket;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::interrupt::Stop;
use crate::protocol::{LineError, MAX_LINE_BYTES};
use group::ProcessGroup;
use lines::{Recording, Source};
use procfs::TOKEN_VAR;

/// How long a client may take to exit after its `result`.
pub(crate) const EXIT_GRACE: Duration = Duration::from_secs(3);

/// How much of the client's stderr a report keeps.
pub(crate) const STDERR_KEEP: usize = 64 * 1024;

/// How long lines are still awaited after the client's main process exited, while a child it
/// forked keeps its stdout open: enough for what it wrote before exiting to be read, short
/// enough that a forking client is `crashed` within a second (`docs/client-protocol.md`).
const AFTER_EXIT: Duration = Duration::from_millis(300);

/// How often a wait for a line looks at the client's process and the run's stop switch.
const POLL: Duration = Duration::from_millis(50);

/// How long the group gets between SIGTERM and SIGKILL.
const KILL_GRACE: Duration = Duration::from_secs(2);

/// How long the group gets between SIGTERM and SIGKILL when the run was stopped (SIGINT,
/// SIGTERM): short, so a stopped run exits within 2 s even if its client ignores SIGTERM.
const STOP_GRACE: Duration = Duration::from_millis(700);

/// What [`Session::recv`] got.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Received {
    /// One line, without its newline.
    Line(String),
    /// The client closed its stdout (exited, usually).
    Closed,
    /// The deadline passed.
    TimedOut,
    /// The run was stopped (SIGINT, SIGTERM).
    Interrupted,
}

/// How the client ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ended {
    /// Exit code, if it exited.
    pub(crate) code: Option<i32>,
    /// Signal, if it was killed by one.
    pub(crate) signal: Option<i32>,
    /// As shown in reports: `exit 0`, `signal 9`, `in-process: ok`.
    pub(crate) text: String,
    /// What it wrote to stderr (truncated).
    pub(crate) stderr: String,
    /// What it wrote on stdout past its budget, if it went past it ([`lines`]).
    pub(crate) dropped: Option<lines::Dropped>,
}

/// A running client.
pub(crate) struct Session {
    /// Its lines, recorded in the run's timeline as they are read (`lines`).
    lines: lines::Reading,
    stdin: Option<Box<dyn Write + Send>>,
    stderr: Stderr,
    kind: Kind,
    stop: Arc<Stop>,
    /// What `welcome.context` carries: the run's variables for an app on the client socket,
    /// empty for a client that got them in its environment.
    context: std::collections::BTreeMap<String, String>,
}

/// Why the in-process reference client ended without finishing its run: its environment, its
/// card, or the run itself (the harness shows it as the client's end, `in-process: …`).
#[derive(Debug, thiserror::Error)]
pub(crate) enum InProcessError {
    /// A `MYNAKIT_` variable it could not read.
    #[error(transparent)]
    Env(#[from] mynakit_reference_client::EnvError),
    /// Its card (the reader, or the NFC relay) could not be reached.
    #[error(transparent)]
    Card(#[from] mynakit_reference_client::CardError),
    /// The run ended in an error.
    #[error(transparent)]
    Run(#[from] mynakit_reference_client::ClientError),
}

enum Kind {
    Process {
        child: Child,
        group: ProcessGroup,
        /// The record the next run reads if this one dies without ending the client.
        _record: Option<orphans::Record>,
        /// The client's own cgroup, where one could be made.
        cgroup: Option<cgroup::ClientCgroup>,
        /// When the main process was first seen gone.
        exited_at: Option<Instant>,
        /// Where the client's end is recorded ([`Session::record_exit`]).
        end: Arc<EndMark>,
    },
    Thread(Option<JoinHandle<Result<(), InProcessError>>>),
    /// An app on the client socket: ended by closing the connection.
    Socket {
        stream: std::net::TcpStream,
        /// Frees the socket for the next app when the session ends.
        in_use: Option<socket::InUse>,
    },
}

impl Session {
    /// Starts `command` with `sh -c` in `dir` with `env` added, as the leader of its own
    /// process group (see [`ProcessGroup`]); `stop` ends it early. Its lines are recorded as
    /// `recording` says ([`lines::read_lines`]).
    ///
    /// The client gets SIGKILL from the kernel if the harness dies (`PR_SET_PDEATHSIG`, set in
    /// the child before `exec`). That signal fires when the *thread* that forked the child
    /// exits, not the process: call this from a thread that outlives the session (a run's
    /// worker thread finishes its session before it takes the next scenario). It reaches the
    /// main process only; what the client forked is ended by [`ProcessGroup`] and, after a
    /// SIGKILL of the harness, by the next run ([`orphans`]).
    ///
    /// # Errors
    ///
    /// The command could not be started.
    pub(crate) fn command(
        command: &str,
        dir: &std::path::Path,
        env: &[(String, String)],
        stop: Arc<Stop>,
        recording: Option<Recording>,
    ) -> std::io::Result<Session> {
        use std::os::unix::process::CommandExt;
        let token = ProcessGroup::token();
        // `setpriv --pdeathsig KILL` (util-linux) sets the parent-death signal in the child
        // before it execs the shell; the workspace forbids the `unsafe` of a `pre_exec` doing it
        // in-process. The shell then checks that its parent is still this process (the harness
        // could die between the fork and the `prctl`), and `exec`s the command: one pid from
        // setpriv to the client's main process.
        // Where this process may make cgroups, the shell moves itself into the client's own
        // before the exec, so `cgroup.kill` reaches whatever the client starts (`cgroup`).
        let cgroup = cgroup::ClientCgroup::create(&token);
        let script = format!(
            "[ \"$PPID\" = {} ] || exit 137; {}exec {command}",
            std::process::id(),
            cgroup
                .as_ref()
                .map(cgroup::ClientCgroup::join_command)
                .unwrap_or_default()
        );
        let mut shell = match pdeathsig_wrapper() {
            Some(setpriv) => {
                let mut shell = Command::new(setpriv);
                shell.args(["--pdeathsig", "KILL", "--", "sh", "-c", script.as_str()]);
                shell
            }
            None => {
                let mut shell = Command::new("sh");
                shell.args(["-c", script.as_str()]);
                shell
            }
        };
        shell
            .current_dir(dir)
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env(TOKEN_VAR, &token)
            .process_group(0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = shell.spawn()?;
        let record = orphans::record(
            child.id(),
            &token,
            cgroup.as_ref().map(cgroup::ClientCgroup::dir),
        );
        let group = ProcessGroup::new(child.id(), token);
        let stdout = child.stdout.take().ok_or_else(missing)?;
        let stderr = child.stderr.take().ok_or_else(missing)?;
        let stdin = child.stdin.take().ok_or_else(missing)?;
        let end = Arc::new(EndMark::default());
        let closed = Arc::clone(&end);
        let lines = lines::read_lines(
            Source::new(stdout),
            MAX_LINE_BYTES,
            || {},
            move || {
                closed.record(None, None);
            },
            recording,
        );
        Ok(Session {
            lines,
            stdin: Some(Box::new(stdin)),
            stderr: collect(stderr),
            kind: Kind::Process {
                child,
                group,
                _record: record,
                cgroup,
                exited_at: None,
                end,
            },
            stop,
            context: std::collections::BTreeMap::new(),
        })
    }

    /// Runs `client` on a thread, connected by OS pipes: it reads the harness's lines from its
    /// first argument, writes its own to the second and its log to the third.
    ///
    /// # Errors
    ///
    /// The pipes could not be made.
    pub(crate) fn thread<F>(
        client: F,
        stop: Arc<Stop>,
        recording: Option<Recording>,
    ) -> std::io::Result<Session>
    where
        F: FnOnce(
                Box<dyn BufRead + Send>,
                Box<dyn Write + Send>,
                Box<dyn Write + Send>,
            ) -> Result<(), InProcessError>
            + Send
            + 'static,
    {
        let (to_client_read, to_client_write) = std::io::pipe()?;
        let (from_client_read, from_client_write) = std::io::pipe()?;
        let (log_read, log_write) = std::io::pipe()?;
        let handle = std::thread::Builder::new()
            .name("mynakit-client".into())
            .spawn(move || {
                client(
                    Box::new(BufReader::new(to_client_read)),
                    Box::new(from_client_write),
                    Box::new(log_write),
                )
            })?;
        let lines = lines::read_lines(
            Source::new(from_client_read),
            MAX_LINE_BYTES,
            || {},
            || {},
            recording,
        );
        Ok(Session {
            lines,
            stdin: Some(Box::new(to_client_write)),
            stderr: collect(log_read),
            kind: Kind::Thread(Some(handle)),
            stop,
            context: std::collections::BTreeMap::new(),
        })
    }

    /// The app paired on the client socket as this run's client: its `hello` is the first line
    /// read, `context` goes into the `welcome`, and frames are read up to the socket's 256 KiB
    /// (`docs/mobile.md`); a longer one is refused with `frame-too-large` and the connection
    /// closed. It has no stderr (its logs stay on its device).
    pub(crate) fn socket(
        paired: socket::Paired,
        in_use: socket::InUse,
        context: std::collections::BTreeMap<String, String>,
        stop: Arc<Stop>,
        recording: Option<Recording>,
    ) -> std::io::Result<Session> {
        let (stream, source) = socket::lines_source(paired);
        let writer = socket::Writer::new(stream.try_clone()?);
        let refuser = writer.clone();
        let lines = lines::read_lines(
            source,
            mynakit_protocol::socket::MAX_FRAME_BYTES,
            move || refuser.refuse_too_large(),
            || {},
            recording,
        );
        Ok(Session {
            lines,
            stdin: Some(Box::new(writer)),
            stderr: Stderr::none(),
            kind: Kind::Socket {
                stream,
                in_use: Some(in_use),
            },
            stop,
            context,
        })
    }

    /// Records in `timeline` the moment the client ended
    /// ([`mynakit_timeline::EventKind::Exited`]): the first of its main process's exit, seen by
    /// a thread that waits on a pidfd without reaping the process (the session still does), and
    /// the close of its stdout (a launcher such as `windows/wine-run` closes it as soon as the
    /// program it runs ends, before its own clean-up). The checks then tell what the client did
    /// from what its end made pcscd do (`APDU-release`). Nothing for a client on a thread or on
    /// the socket.
    pub(crate) fn record_exit(&self, timeline: &mynakit_timeline::Timeline) {
        use rustix::process::{pidfd_open, waitid, Pid, PidfdFlags, WaitId, WaitIdOptions};
        use std::os::fd::AsFd;
        let Kind::Process { child, end, .. } = &self.kind else {
            return;
        };
        let _ = end.timeline.set(timeline.clone());
        // Opened before anything could reap the child, so the pidfd is this process's. Without
        // one (Linux < 5.3) the stdout's close still marks the end.
        let Ok(pidfd) = pidfd_open(Pid::from_child(child), PidfdFlags::empty()) else {
            return;
        };
        let end = Arc::clone(end);
        let _ = std::thread::Builder::new()
            .name("mynakit-client-exit".into())
            .spawn(move || {
                let options = WaitIdOptions::EXITED | WaitIdOptions::NOWAIT;
                let status = loop {
                    match waitid(WaitId::PidFd(pidfd.as_fd()), options) {
                        Err(rustix::io::Errno::INTR) => continue,
                        other => break other,
                    }
                };
                match status {
                    Ok(Some(status)) => {
                        end.record(status.exit_status(), status.terminating_signal())
                    }
                    _ => end.record(None, None),
                }
            });
    }

    /// Whether the client went past the budget of its lines ([`lines`]).
    pub(crate) fn over_budget(&self) -> bool {
        self.lines.overflow().is_over()
    }

    /// The conversation is over: what the client writes from now on is not recorded.
    pub(crate) fn stop_recording(&self) {
        self.lines.stop_recording();
    }

    /// What the `welcome` carries as `context` (empty: no `context` key).
    pub(crate) fn context(&self) -> &std::collections::BTreeMap<String, String> {
        &self.context
    }

    /// Sends one line (with its newline).
    pub(crate) fn send(&mut self, line: &str) {
        if let Some(stdin) = self.stdin.as_mut() {
            if stdin
                .write_all(line.as_bytes())
                .and_then(|()| stdin.flush())
                .is_err()
            {
                // The client is gone; the next recv says so.
                self.stdin = None;
            }
        }
    }

    /// The next line, waiting at most until `deadline`. The client counts as closed once its
    /// main process has exited and [`AFTER_EXIT`] passed, even if a child it forked still holds
    /// its stdout open.
    ///
    /// # Errors
    ///
    /// The client's line is too long or not UTF-8.
    pub(crate) fn recv(&mut self, deadline: Instant) -> Result<Received, LineError> {
        loop {
            let wait = deadline.saturating_duration_since(Instant::now()).min(POLL);
            match self.lines.next(wait) {
                Some(Ok(line)) => return Ok(Received::Line(line)),
                Some(Err(problem)) => return Err(problem),
                None if self.lines.ended() => return Ok(Received::Closed),
                None => {}
            }
            if self.stop.is_set() {
                return Ok(Received::Interrupted);
            }
            if let Kind::Process {
                child, exited_at, ..
            } = &mut self.kind
            {
                if exited_at.is_none() && matches!(child.try_wait(), Ok(Some(_))) {
                    *exited_at = Some(Instant::now());
                }
                if exited_at.is_some_and(|at| at.elapsed() >= AFTER_EXIT) {
                    return Ok(Received::Closed);
                }
            }
            if Instant::now() >= deadline {
                return Ok(Received::TimedOut);
            }
        }
    }

    /// Closes the client's stdin, gives it `grace` to end (none when the run was stopped),
    /// then ends its whole process group (SIGTERM, and SIGKILL two seconds later, or
    /// [`STOP_GRACE`] later when the run was stopped), and says how its main process ended.
    pub(crate) fn finish(mut self, grace: Duration) -> Ended {
        self.stdin = None;
        let (grace, kill_grace) = if self.stop.is_set() {
            (Duration::ZERO, STOP_GRACE)
        } else if self.lines.overflow().is_over() {
            // Past its budget: stopped at once, not waited for ([`lines`]).
            (Duration::ZERO, KILL_GRACE)
        } else {
            (grace, KILL_GRACE)
        };
        let (code, signal, text) = match &mut self.kind {
            Kind::Process {
                child,
                group,
                cgroup,
                ..
            } => end_process(child, group, cgroup.as_ref(), grace, kill_grace),
            Kind::Thread(handle) => {
                let start = Instant::now();
                while handle.as_ref().is_some_and(|h| !h.is_finished()) && start.elapsed() < grace {
                    std::thread::sleep(Duration::from_millis(5));
                }
                match handle.take() {
                    Some(h) if h.is_finished() => match h.join() {
                        Ok(Ok(())) => (Some(0), None, "in-process: ok".to_owned()),
                        Ok(Err(e)) => (Some(1), None, format!("in-process: {e}")),
                        Err(_) => (None, None, "in-process: panicked".to_owned()),
                    },
                    // A thread cannot be killed; it ends when its pipes close (it is detached).
                    _ => (None, None, "in-process: still running".to_owned()),
                }
            }
            Kind::Socket { stream, in_use } => {
                // Free for the next app first, so an app that reconnects at once is not busy.
                drop(in_use.take());
                let _ = stream.shutdown(std::net::Shutdown::Both);
                (None, None, "socket: closed".to_owned())
            }
        };
        let stderr = self.stderr.all();
        Ended {
            code,
            signal,
            text,
            stderr,
            dropped: self.lines.overflow().dropped(),
        }
    }
}

/// The client's end, recorded once in the run's timeline by whichever comes first: its main
/// process's exit or its stdout's close.
#[derive(Default)]
struct EndMark {
    /// Set by [`Session::record_exit`]; an end seen before it is not recorded.
    timeline: std::sync::OnceLock<mynakit_timeline::Timeline>,
    recorded: std::sync::atomic::AtomicBool,
}

impl EndMark {
    fn record(&self, code: Option<i32>, signal: Option<i32>) {
        let Some(timeline) = self.timeline.get() else {
            return;
        };
        if !self
            .recorded
            .swap(true, std::sync::atomic::Ordering::AcqRel)
        {
            timeline.record(
                mynakit_timeline::Source::Client,
                mynakit_timeline::EventKind::Exited { code, signal },
            );
        }
    }
}

/// `setpriv`, where util-linux is installed (on `PATH`, else `/usr/bin` or `/bin`); without it
/// a client is not ended by the kernel when the harness is killed, only by the next run.
fn pdeathsig_wrapper() -> Option<&'static std::path::Path> {
    static FOUND: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    FOUND
        .get_or_init(|| {
            let path = std::env::var_os("PATH").unwrap_or_default();
            std::env::split_paths(&path)
                .chain(["/usr/bin".into(), "/bin".into()])
                .map(|dir| dir.join("setpriv"))
                .find(|p| p.is_file())
        })
        .as_deref()
}

fn missing() -> std::io::Error {
    std::io::Error::other("a standard stream of the client was not piped")
}

fn end_process(
    child: &mut Child,
    group: &ProcessGroup,
    cgroup: Option<&cgroup::ClientCgroup>,
    grace: Duration,
    kill_grace: Duration,
) -> (Option<i32>, Option<i32>, String) {
    let wait = |child: &mut Child, limit: Duration| {
        let start = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) if start.elapsed() < limit => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => return None,
            }
        }
    };
    // The main process gets `grace` to exit by itself.
    let mut status = wait(child, grace);
    // Then one SIGTERM to the whole group (and the token's carriers), one grace for all of
    // them, and SIGKILL to what is left: the main process is reaped as soon as it exits, since
    // a zombie leader would keep the group looking alive.
    if status.is_none() || group.alive() {
        group.signal(rustix::process::Signal::TERM);
        let start = Instant::now();
        loop {
            if status.is_none() {
                status = child.try_wait().ok().flatten();
            }
            if (status.is_some() && !group.alive()) || start.elapsed() >= kill_grace {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if status.is_none() || group.alive() {
            group.signal(rustix::process::Signal::KILL);
        }
    }
    let status = status.or_else(|| {
        let _ = child.kill();
        child.wait().ok()
    });
    // What is left in the client's cgroup, found or not, ends at once; its processes are
    // remembered so that their zombies, if they came back here, are reaped.
    if let Some(cgroup) = cgroup {
        group.remember(cgroup.pids());
        cgroup.kill(Duration::from_millis(300));
    }
    // Whatever it forked or daemonised ends with it (SIGKILL was sent; this only waits, and
    // catches a process that was forking while the signals went out).
    group.end(Duration::from_millis(300));
    match status {
        Some(status) => {
            use std::os::unix::process::ExitStatusExt;
            let text = match (status.code(), status.signal()) {
                (Some(code), _) => format!("exit {code}"),
                (None, Some(signal)) => format!("signal {signal}"),
                (None, None) => status.to_string(),
            };
            (status.code(), status.signal(), text)
        }
        None => (None, None, "unknown".to_owned()),
    }
}

/// How long the end of a run waits for the client's stderr to reach its end (the pipe closes
/// when the client has ended; a child that escaped its group may hold it open longer).
const STDERR_DRAIN: Duration = Duration::from_secs(1);

/// The client's stderr, gathered by a thread of its own.
struct Stderr {
    text: Arc<Mutex<String>>,
    /// Disconnected once the gathering thread has read the end of the pipe.
    done: Receiver<()>,
}

impl Stderr {
    /// No stderr to gather (an app on the client socket).
    fn none() -> Stderr {
        let (_, done) = mpsc::channel();
        Stderr {
            text: Arc::default(),
            done,
        }
    }

    /// Everything the client wrote: waits (at most [`STDERR_DRAIN`]) until the pipe's end was
    /// read, so that a line written just before the client ended is never lost, however busy
    /// the machine (a `PIN-not-logged` leak on the last line must be seen).
    fn all(&self) -> String {
        let _ = self.done.recv_timeout(STDERR_DRAIN);
        self.text.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

fn collect(source: impl Read + Send + 'static) -> Stderr {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    let (finished, done) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        // Dropped when this thread ends: `done` then reads as disconnected.
        let _finished = finished;
        let mut reader = BufReader::new(source);
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                return;
            }
            let mut kept = sink.lock().unwrap_or_else(|p| p.into_inner());
            if kept.len() < STDERR_KEEP {
                kept.push_str(&String::from_utf8_lossy(&buf[..n]));
                if kept.len() > STDERR_KEEP {
                    let mut cut = STDERR_KEEP;
                    while !kept.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    kept.truncate(cut);
                    kept.push_str("\n[truncated]");
                }
            }
        }
    });
    Stderr { text, done }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::protocol::LineErrorKind;

    fn start(command: &str, dir: &std::path::Path) -> Session {
        Session::command(command, dir, &[], Arc::default(), None).unwrap()
    }

    /// Waits up to 5 s for `pid_file` to hold a pid, and returns it.
    fn pid_in(pid_file: &std::path::Path) -> i32 {
        let start = Instant::now();
        loop {
            if let Some(pid) = std::fs::read_to_string(pid_file)
                .ok()
                .and_then(|t| t.trim().parse().ok())
            {
                return pid;
            }
            assert!(start.elapsed() < Duration::from_secs(5), "no pid written");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn running(pid: i32) -> bool {
        // A zombie still answers kill(0); /proc says which it is.
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            !stat
                .rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
    }

    fn gone_soon(pid: i32) -> bool {
        let start = Instant::now();
        while running(pid) && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(10));
        }
        !running(pid)
    }

    /// A client that forks a child holding its stdout and exits is closed within a second of
    /// its exit (not at the time limit), and the child is ended with it.
    #[test]
    fn a_forking_client_is_closed_when_its_main_process_exits_and_its_child_ends() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = start(
            "sh -c 'sleep 300 & echo $! > child.pid; exit 0'",
            dir.path(),
        );
        let child = pid_in(&dir.path().join("child.pid"));
        let asked = Instant::now();
        let got = session.recv(asked + Duration::from_secs(60)).unwrap();
        assert_eq!(got, Received::Closed);
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "{:?}",
            asked.elapsed()
        );
        assert!(
            running(child),
            "the child runs until the session is finished"
        );
        let ended = session.finish(Duration::from_millis(100));
        assert_eq!(ended.code, Some(0));
        assert!(gone_soon(child), "the forked child outlived its client");
    }

    /// A result written just before the main process exits is still read.
    #[test]
    fn lines_written_before_the_exit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = start("sh -c 'sleep 300 & echo last; exit 0'", dir.path());
        let deadline = Instant::now() + Duration::from_secs(10);
        assert_eq!(
            session.recv(deadline).unwrap(),
            Received::Line("last".into())
        );
        assert_eq!(session.recv(deadline).unwrap(), Received::Closed);
        session.finish(Duration::ZERO);
    }

    /// A daemon (its own session, out of the client's process group) is ended too.
    #[test]
    fn a_daemonised_child_is_ended_with_its_client() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = start(
            "sh -c 'setsid sh -c \"echo \\$\\$ > daemon.pid; exec sleep 300\" </dev/null >/dev/null 2>&1 & sleep 300'",
            dir.path(),
        );
        let daemon = pid_in(&dir.path().join("daemon.pid"));
        assert_eq!(
            session
                .recv(Instant::now() + Duration::from_millis(200))
                .unwrap(),
            Received::TimedOut
        );
        let ended = session.finish(Duration::ZERO);
        assert_eq!(ended.signal, Some(15), "{ended:?}");
        assert!(gone_soon(daemon), "the daemon outlived its client");
    }

    /// A client that ignores SIGTERM and stdin is killed, and so is its group.
    #[test]
    fn a_client_ignoring_sigterm_is_killed_with_its_group() {
        let dir = tempfile::tempdir().unwrap();
        let session = start(
            "sh -c 'trap \"\" TERM; sleep 300 & echo $! > child.pid; while :; do sleep 1; done'",
            dir.path(),
        );
        let child = pid_in(&dir.path().join("child.pid"));
        let started = Instant::now();
        let ended = session.finish(Duration::ZERO);
        assert_eq!(ended.signal, Some(9), "{ended:?}");
        assert!(started.elapsed() < Duration::from_secs(6));
        assert!(gone_soon(child));
    }

    /// The run's stop switch ends a wait at once.
    #[test]
    fn a_stopped_run_interrupts_the_wait() {
        let dir = tempfile::tempdir().unwrap();
        let stop: Arc<Stop> = Arc::default();
        let mut session =
            Session::command("sleep 300", dir.path(), &[], stop.clone(), None).unwrap();
        stop.trigger(2);
        let asked = Instant::now();
        assert_eq!(
            session.recv(asked + Duration::from_secs(60)).unwrap(),
            Received::Interrupted
        );
        assert!(asked.elapsed() < Duration::from_secs(1));
        let ended = session.finish(Duration::from_secs(60));
        assert_eq!(ended.signal, Some(15));
    }

    /// A line that is not UTF-8 is a protocol error at its first bad byte, not repaired.
    #[test]
    fn a_line_that_is_not_utf8_is_an_error_with_its_offset() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = start(r"printf 'ok\nab\377cd\n'", dir.path());
        let deadline = Instant::now() + Duration::from_secs(10);
        assert_eq!(session.recv(deadline).unwrap(), Received::Line("ok".into()));
        let error = session.recv(deadline).unwrap_err();
        assert_eq!(error.kind, LineErrorKind::NotUtf8);
        assert_eq!(error.offset, 2);
        session.finish(Duration::ZERO);
    }
}
