//! The client under test as the conversation sees it: a line channel both ways, plus how it
//! ended. A client is a command (any language, `sh -c`), or the built-in reference client
//! running on a thread of this process over OS pipes — the same bytes either way.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::protocol::MAX_LINE_BYTES;

/// How much of the client's stderr a report keeps.
pub(crate) const STDERR_KEEP: usize = 64 * 1024;

/// What [`Session::recv`] got.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Received {
    /// One line, without its newline.
    Line(String),
    /// The client closed its stdout (exited, usually).
    Closed,
    /// The deadline passed.
    TimedOut,
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
}

/// A running client.
pub(crate) struct Session {
    lines: Receiver<Result<String, String>>,
    stdin: Option<Box<dyn Write + Send>>,
    stderr: Arc<Mutex<String>>,
    kind: Kind,
}

enum Kind {
    Process(Child),
    Thread(Option<JoinHandle<Result<(), String>>>),
}

impl Session {
    /// Starts `command` with `sh -c` in `dir` with `env` added.
    ///
    /// # Errors
    ///
    /// The command could not be started.
    pub(crate) fn command(
        command: &str,
        dir: &std::path::Path,
        env: &[(String, String)],
    ) -> std::io::Result<Session> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("exec {command}"))
            .current_dir(dir)
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().ok_or_else(missing)?;
        let stderr = child.stderr.take().ok_or_else(missing)?;
        let stdin = child.stdin.take().ok_or_else(missing)?;
        Ok(Session {
            lines: read_lines(stdout),
            stdin: Some(Box::new(stdin)),
            stderr: collect(stderr),
            kind: Kind::Process(child),
        })
    }

    /// Runs `client` on a thread, connected by OS pipes: it reads the harness's lines from its
    /// first argument, writes its own to the second and its log to the third.
    ///
    /// # Errors
    ///
    /// The pipes could not be made.
    pub(crate) fn thread<F>(client: F) -> std::io::Result<Session>
    where
        F: FnOnce(
                Box<dyn BufRead + Send>,
                Box<dyn Write + Send>,
                Box<dyn Write + Send>,
            ) -> Result<(), String>
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
        Ok(Session {
            lines: read_lines(from_client_read),
            stdin: Some(Box::new(to_client_write)),
            stderr: collect(log_read),
            kind: Kind::Thread(Some(handle)),
        })
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

    /// The next line, waiting at most until `deadline`.
    pub(crate) fn recv(&mut self, deadline: Instant) -> Result<Received, String> {
        let wait = deadline.saturating_duration_since(Instant::now());
        match self.lines.recv_timeout(wait) {
            Ok(Ok(line)) => Ok(Received::Line(line)),
            Ok(Err(problem)) => Err(problem),
            Err(RecvTimeoutError::Timeout) => Ok(Received::TimedOut),
            Err(RecvTimeoutError::Disconnected) => Ok(Received::Closed),
        }
    }

    /// Closes the client's stdin, gives it `grace` to end, then ends it (SIGTERM, and SIGKILL
    /// two seconds later), and says how it ended.
    pub(crate) fn finish(mut self, grace: Duration) -> Ended {
        self.stdin = None;
        let (code, signal, text) = match &mut self.kind {
            Kind::Process(child) => end_process(child, grace),
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
        };
        // Let the stderr reader catch up with what was written before the end.
        std::thread::sleep(Duration::from_millis(5));
        let stderr = self
            .stderr
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        Ended {
            code,
            signal,
            text,
            stderr,
        }
    }
}

fn missing() -> std::io::Error {
    std::io::Error::other("a standard stream of the client was not piped")
}

fn end_process(child: &mut Child, grace: Duration) -> (Option<i32>, Option<i32>, String) {
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
    let status = wait(child, grace).or_else(|| {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        wait(child, Duration::from_secs(2))
    });
    let status = status.or_else(|| {
        let _ = child.kill();
        child.wait().ok()
    });
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

/// Reads `\n`-terminated lines into a channel; a line longer than the protocol allows ends the
/// stream with a problem naming its length.
fn read_lines(source: impl Read + Send + 'static) -> Receiver<Result<String, String>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(source);
        loop {
            let mut line = Vec::new();
            let limit = (MAX_LINE_BYTES + 2) as u64;
            match reader.by_ref().take(limit).read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if !line.ends_with(b"\n") && line.len() as u64 >= limit {
                let _ = tx.send(Err(format!("a line longer than {MAX_LINE_BYTES} bytes")));
                return;
            }
            let text = String::from_utf8_lossy(&line)
                .trim_end_matches(['\n', '\r'])
                .to_owned();
            if tx.send(Ok(text)).is_err() {
                return;
            }
        }
    });
    rx
}

fn collect(source: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
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
    text
}
