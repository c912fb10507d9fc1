//! Connections into the managed pcscd's private network namespace.
//!
//! Debian's vpcd driver (vsmartcard-vpcd 3.3) listens for its card on **all interfaces**
//! (`INADDR_ANY`, hard-coded in `vpcd.c`'s `opensock`) and accepts whoever connects first; after a
//! card leaves it accepts the next connection waiting on the port. On the host that lets any
//! process, local or from the network, become a card that PC/SC clients see and receive their
//! PINs. Neither of vpcd's ways out is usable: an empty slot cannot keep its link (an empty ATR
//! makes vpcd close the connection: `vicc_transmit` ejects on a 0-byte answer), and reversed mode
//! (vpcd connecting to the card) crashes pcscd the first time it reconnects (3.3's
//! `vicc_connect` takes the unset server socket `-1` as true and calls `FD_SET(-1)`; fixed
//! upstream in 2022 by commit 76543ea, after Debian 12's release). So the managed pcscd runs in a
//! network namespace of its own, where only its loopback interface exists: its vpcd ports are
//! unreachable from the host, from other users and from the network (`docs/reader.md`, "Only
//! mynakit is a card").
//!
//! mynakit's links must then connect from inside. A process cannot enter another network
//! namespace owned by a user namespace without being single-threaded, so a small helper does it:
//! `bash`, started in pcscd's namespaces by `nsenter`, opens each connection (`/dev/tcp`), and this
//! process takes its own copy of that socket with `pidfd_getfd(2)` (Linux 5.6; allowed because
//! the helper is this process's child, of the same user). The helper then closes its copy, so
//! the socket is mynakit's alone, with `TCP_QUICKACK` and `TCP_NODELAY` set as on the host.

use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

/// How long the helper may take to open one connection. vpcd's listen backlog holds one
/// connection, so a connect normally completes at once; a helper that hangs is replaced.
const CONNECT_WITHIN: Duration = Duration::from_secs(2);

/// The helper's loop: read a port, open `127.0.0.1:PORT` as a new descriptor and print its
/// number (or `-` if nothing listens there yet), wait for a line, close it.
const HELPER: &str = "while read -r port; do \
     if exec {fd}<>\"/dev/tcp/127.0.0.1/$port\"; then echo \"$fd\"; read -r _; exec {fd}>&-; \
     else echo -; fi; \
     done";

/// The network namespace of a process (the managed pcscd), and the means to connect inside it.
#[derive(Debug)]
pub struct Namespace {
    pid: u32,
    nsenter: Vec<OsString>,
    helper: Mutex<Option<Helper>>,
}

#[derive(Debug)]
struct Helper {
    child: Child,
    pidfd: OwnedFd,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

impl Namespace {
    /// The namespaces of process `pid`, entered with the `nsenter` and `bash` at these paths.
    ///
    /// # Errors
    ///
    /// `Other` when `pid` shares this process's network namespace: connecting "inside" it would
    /// reach the host's ports, where anyone may listen.
    pub fn of(pid: u32, nsenter: &Path, bash: &Path) -> io::Result<Namespace> {
        let ns = |who: &str, kind: &str| std::fs::read_link(format!("/proc/{who}/ns/{kind}"));
        if ns(&pid.to_string(), "net")? == ns("self", "net")? {
            return Err(io::Error::other(format!(
                "process {pid} shares this process's network namespace; mynakit connects to a \
                 managed pcscd's vpcd only inside its private one"
            )));
        }
        let mut args: Vec<OsString> = vec![
            nsenter.into(),
            "--target".into(),
            pid.to_string().into(),
            "--net".into(),
        ];
        // A rootless pcscd's network namespace belongs to its user namespace, which must be
        // entered first (as its owner, this user may).
        // `--preserve-credentials`: that namespace denies `setgroups` (unshare's
        // `--map-root-user`), which nsenter would otherwise call and fail on.
        if ns(&pid.to_string(), "user")? != ns("self", "user")? {
            args.extend(["--user".into(), "--preserve-credentials".into()]);
        }
        args.extend([bash.into(), "-c".into(), HELPER.into()]);
        Ok(Namespace {
            pid,
            nsenter: args,
            helper: Mutex::new(None),
        })
    }

    /// The process whose namespace this is.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Connects to `addr` inside the namespace. Only loopback addresses: the namespace has no
    /// other interface.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for an address beyond loopback, `ConnectionRefused` when nothing listens
    /// there yet (pcscd still starting), or why the helper failed.
    pub fn connect(&self, addr: SocketAddr) -> io::Result<TcpStream> {
        if !addr.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{addr} is not a loopback address"),
            ));
        }
        let mut guard = self.helper.lock().unwrap_or_else(|p| p.into_inner());
        let helper = match guard.as_mut() {
            Some(helper) => helper,
            None => guard.insert(self.spawn()?),
        };
        let opened = helper.open(addr.port());
        if let Err(e) = &opened {
            if e.kind() != io::ErrorKind::ConnectionRefused {
                // A helper that failed or hung is replaced on the next call.
                *guard = None;
            }
        }
        opened
    }

    /// Checks, before any card needs it, that the helper starts in the namespace and that this
    /// process may take descriptors from it (`pidfd_getfd` needs Linux 5.6 and ptrace access to
    /// the child: refused when `kernel.yama.ptrace_scope` is 3). It takes a copy of the helper's
    /// standard input, which touches nothing in the namespace.
    ///
    /// # Errors
    ///
    /// Why the helper could not start or its descriptors cannot be taken.
    pub fn check(&self) -> io::Result<()> {
        let mut guard = self.helper.lock().unwrap_or_else(|p| p.into_inner());
        let helper = match guard.as_mut() {
            Some(helper) => helper,
            None => guard.insert(self.spawn()?),
        };
        rustix::process::pidfd_getfd(&helper.pidfd, 0, rustix::process::PidfdGetfdFlags::empty())
            .map(drop)
            .map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "pidfd_getfd refused ({e}): taking sockets from the helper in pcscd's \
                     namespace needs Linux 5.6 or later and ptrace access to this process's \
                     own children (kernel.yama.ptrace_scope 2 or lower)"
                    ),
                )
            })
    }

    fn spawn(&self) -> io::Result<Helper> {
        let mut child = Command::new(&self.nsenter[0])
            .args(&self.nsenter[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("the vpcd helper has no pipes"));
        };
        let pid = i32::try_from(child.id())
            .ok()
            .and_then(rustix::process::Pid::from_raw)
            .ok_or_else(|| io::Error::other("the vpcd helper has no process id"))?;
        let pidfd = rustix::process::pidfd_open(pid, rustix::process::PidfdFlags::empty())?;
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("vpcd helper".into())
            .spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if send.send(line).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Helper {
            child,
            pidfd,
            stdin,
            lines,
        })
    }
}

impl Helper {
    fn open(&mut self, port: u16) -> io::Result<TcpStream> {
        writeln!(self.stdin, "{port}")?;
        self.stdin.flush()?;
        let line = match self.lines.recv_timeout(CONNECT_WITHIN) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "the vpcd helper did not connect to port {port} within {CONNECT_WITHIN:?}"
                    ),
                ))
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other(
                    "the vpcd helper exited (nsenter refused to enter pcscd's namespaces?)",
                ))
            }
        };
        if line == "-" {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionRefused,
                format!("nothing listens on port {port} in pcscd's namespace yet"),
            ));
        }
        let fd: i32 = line
            .parse()
            .map_err(|_| io::Error::other(format!("the vpcd helper said {line:?}")))?;
        let taken = rustix::process::pidfd_getfd(
            &self.pidfd,
            fd,
            rustix::process::PidfdGetfdFlags::empty(),
        );
        // Whatever happened, the helper closes its copy.
        writeln!(self.stdin)?;
        self.stdin.flush()?;
        Ok(TcpStream::from(taken?))
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
