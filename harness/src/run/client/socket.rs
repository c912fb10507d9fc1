//! The client protocol over a socket (`mynakit run --client-socket`, `docs/mobile.md`, "The
//! client protocol over a socket"): an app that cannot speak on stdin — a phone app, its
//! instrumented UI test, its test build — connects over TCP for each scenario run and has the
//! same conversation a spawned client has on stdin and stdout ([`crate::run::operator::conversation`]).
//!
//! One listener serves the whole run. Every connection is paired on a thread of its own: its
//! first line must come within [`HELLO_WITHIN_SECS`] and be a `hello` carrying the run's token
//! (128 random bits). What is not — garbage, a huge frame, a wrong token, another app while one
//! is in use — gets an `error` line with a `code` and is closed, and the run keeps waiting for
//! the right app: nothing an unpaired connection sends reaches a scenario. A paired connection
//! waits (at most one at a time) until a scenario takes it as its client ([`ClientSocket::accept`]).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use mynakit_protocol::socket::{SocketError, HELLO_WITHIN_SECS, MAX_FRAME_BYTES};
use mynakit_protocol::{ClientMessage, LineErrorKind, REDACTED};

use crate::interrupt::Stop;

/// How long a wait for an app may take by default (`--client-socket-wait`).
pub const DEFAULT_WAIT_SECS: u64 = 120;

/// How often the waits look at the run's stop switch and the listener.
const POLL: Duration = Duration::from_millis(50);

/// How long a write to the app may block (a peer that stopped reading).
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// The client socket of one run: a listener, the run's token, and the app paired and waiting.
pub struct ClientSocket {
    addr: SocketAddr,
    token: Arc<str>,
    wait: Duration,
    shared: Arc<Shared>,
    /// Say on stderr when a scenario starts waiting for the app (the CLI; tests stay quiet).
    announce: bool,
}

impl std::fmt::Debug for ClientSocket {
    // The token is a secret: never in a debug print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSocket")
            .field("addr", &self.addr)
            .field("wait", &self.wait)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    closed: AtomicBool,
}

#[derive(Default)]
struct State {
    /// An app that said a right `hello` and waits for its scenario.
    pending: Option<Paired>,
    /// A scenario's conversation holds a connection.
    in_use: bool,
}

/// A connection whose `hello` carried the token.
pub(crate) struct Paired {
    /// The connection, for writing and closing.
    pub(crate) stream: TcpStream,
    /// What follows the hello on the connection (bytes already buffered included).
    pub(crate) rest: BufReader<TcpStream>,
    /// The `hello` line, the token in it replaced by `<redacted>`.
    pub(crate) hello: String,
}

/// Marks the socket in use while it lives: a second app gets `busy`.
pub(crate) struct InUse(Arc<Shared>);

impl Drop for InUse {
    fn drop(&mut self) {
        lock(&self.0.state).in_use = false;
        self.0.changed.notify_all();
    }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

impl ClientSocket {
    /// Listens on `addr` (port 0: an ephemeral port) with a new token; each scenario waits up
    /// to `wait` for the app.
    ///
    /// # Errors
    ///
    /// The address cannot be bound, or no random token could be drawn.
    pub fn bind(addr: SocketAddr, wait: Duration) -> std::io::Result<ClientSocket> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let mut bytes = [0u8; 16];
        rand::RngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut bytes)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let token: Arc<str> = hex::encode(bytes).into();
        let shared = Arc::new(Shared::default());
        let (acceptor_shared, acceptor_token) = (shared.clone(), token.clone());
        std::thread::Builder::new()
            .name("mynakit-client-socket".into())
            .spawn(move || listen(&listener, &acceptor_shared, &acceptor_token))?;
        Ok(ClientSocket {
            addr,
            token,
            wait,
            shared,
            announce: false,
        })
    }

    /// Says on stderr when each scenario starts waiting for the app.
    pub fn announcing(mut self) -> ClientSocket {
        self.announce = true;
        self
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The run's token (32 lower-case hex digits): the app sends it in `hello`.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// How long each scenario waits for the app.
    pub fn wait(&self) -> Duration {
        self.wait
    }

    /// The one start-up line (for stderr): where to connect, the token, the wait; beyond
    /// loopback it says so, as the other listeners do.
    pub fn start_up_line(&self) -> String {
        let beyond = if self.addr.ip().is_loopback() {
            String::new()
        } else {
            format!(
                "; listening beyond loopback on {}: every hello must carry the token",
                self.addr.ip()
            )
        };
        format!(
            "client socket: {} token {} (waiting up to {}s per scenario){beyond}",
            self.addr,
            self.token,
            self.wait.as_secs()
        )
    }

    /// Waits (at most [`Self::wait`]) for an app paired with the token, for the run `scenario`,
    /// and marks the socket in use until the returned guard drops.
    ///
    /// # Errors
    ///
    /// No app came in time (a message naming the scenario and the address), or the run was
    /// stopped.
    pub(crate) fn accept(&self, scenario: &str, stop: &Stop) -> std::io::Result<(Paired, InUse)> {
        if self.announce {
            eprintln!(
                "client socket: {scenario}: waiting up to {}s for the app on {}",
                self.wait.as_secs(),
                self.addr
            );
        }
        let deadline = Instant::now() + self.wait;
        let mut state = lock(&self.shared.state);
        loop {
            if let Some(paired) = state.pending.take() {
                state.in_use = true;
                return Ok((paired, InUse(self.shared.clone())));
            }
            if stop.is_set() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::Interrupted,
                    "the run was stopped while waiting for the app on the client socket",
                ));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!(
                        "no app connected to the client socket {} within {} s for scenario {scenario} \
                         (connect and send hello with the run's token, or raise --client-socket-wait)",
                        self.addr,
                        self.wait.as_secs()
                    ),
                ));
            }
            state = self
                .shared
                .changed
                .wait_timeout(state, left.min(POLL))
                .map_or_else(|p| p.into_inner().0, |(s, _)| s);
        }
    }
}

impl Drop for ClientSocket {
    fn drop(&mut self) {
        self.shared.closed.store(true, Ordering::SeqCst);
    }
}

/// Accepts connections until the socket is dropped; each is paired on its own thread.
fn listen(listener: &TcpListener, shared: &Arc<Shared>, token: &Arc<str>) {
    while !shared.closed.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let (shared, token) = (shared.clone(), token.clone());
                let _ = std::thread::Builder::new()
                    .name("mynakit-socket-pair".into())
                    .spawn(move || pair(stream, &shared, &token));
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(POLL),
            Err(_) => std::thread::sleep(POLL),
        }
    }
}

/// What reading one frame gave.
enum Frame {
    Line(Vec<u8>),
    TooLarge,
    Closed,
    TimedOut,
}

/// Reads one `\n`-ended frame of at most `max` bytes (without the newline) before `deadline`,
/// without ever holding more than `max` + 2 bytes.
fn read_frame(
    reader: &mut BufReader<TcpStream>,
    max: usize,
    deadline: Instant,
) -> std::io::Result<Frame> {
    let mut line = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(Frame::TimedOut);
        }
        reader.get_ref().set_read_timeout(Some(left))?;
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Ok(Frame::TimedOut)
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(Frame::Closed);
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        line.extend_from_slice(&buf[..take]);
        reader.consume(take);
        let body = line.len() - usize::from(done);
        let body = if done && line[..body].ends_with(b"\r") {
            body - 1
        } else {
            body
        };
        if body > max + usize::from(!done) {
            return Ok(Frame::TooLarge);
        }
        if done {
            line.truncate(body);
            return Ok(Frame::Line(line));
        }
    }
}

/// Pairs one connection: its first frame must be a `hello` with the token.
fn pair(stream: TcpStream, shared: &Shared, token: &str) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let deadline = Instant::now() + Duration::from_secs(HELLO_WITHIN_SECS);
    let refuse = |mut stream: &TcpStream, error: SocketError, message: &str| {
        let _ = stream.write_all(error.line(message).as_bytes());
        let _ = stream.flush();
        let _ = stream.shutdown(std::net::Shutdown::Both);
    };
    let line = match read_frame(&mut reader, MAX_FRAME_BYTES, deadline) {
        Ok(Frame::Line(line)) => line,
        Ok(Frame::TooLarge) => {
            return refuse(
                &stream,
                SocketError::FrameTooLarge,
                &format!("a line longer than {MAX_FRAME_BYTES} bytes"),
            )
        }
        Ok(Frame::TimedOut) => {
            return refuse(
                &stream,
                SocketError::NoHello,
                &format!("no hello within {HELLO_WITHIN_SECS} s"),
            )
        }
        Ok(Frame::Closed) | Err(_) => return,
    };
    let hello = match first_line(&line, token) {
        Ok(hello) => hello,
        Err((error, message)) => return refuse(&stream, error, &message),
    };
    let mut state = lock(&shared.state);
    if state.in_use || state.pending.is_some() {
        drop(state);
        return refuse(
            &stream,
            SocketError::Busy,
            "another app's conversation is in use on this client socket",
        );
    }
    let _ = stream.set_read_timeout(None);
    let _ = reader.get_ref().set_read_timeout(None);
    state.pending = Some(Paired {
        stream,
        rest: reader,
        hello,
    });
    shared.changed.notify_all();
}

/// The first line as the conversation will read it (the token replaced by `<redacted>`), or
/// why the connection is refused.
fn first_line(line: &[u8], token: &str) -> Result<String, (SocketError, String)> {
    // The shared framing's judgement and words (`docs/mobile.md`, "Framing").
    let frame = mynakit_protocol::framing::decode(1, line)
        .map_err(|e| (SocketError::of_frame(&e), e.to_string()))?;
    let (kind, object) = match &frame.value {
        serde_json::Value::Object(object) => (frame.kind.as_str(), object),
        _ => return Err((SocketError::BadFrame, "not a JSON object".to_owned())),
    };
    // Valid JSON is UTF-8.
    let text = String::from_utf8_lossy(line).into_owned();
    if kind != "hello" {
        // A type of the protocol (whatever its fields) is a line out of order; any other is
        // unknown. The protocol's own decoder says which.
        let unknown = matches!(
            ClientMessage::decode_line(&text),
            Err(e) if matches!(&e.kind, LineErrorKind::Json(m) if m.starts_with("unknown variant"))
        );
        return Err(if unknown {
            (
                SocketError::UnknownType,
                format!("`{kind}` is not a message of the client protocol"),
            )
        } else {
            (
                SocketError::NoHello,
                format!("the first line must be `hello`, not `{kind}`"),
            )
        });
    }
    match object.get("token").and_then(serde_json::Value::as_str) {
        Some(given) if same(given, token) => Ok(text.replace(token, REDACTED)),
        Some(_) => Err((
            SocketError::BadToken,
            "wrong token: use the one the run printed".to_owned(),
        )),
        None => Err((
            SocketError::BadToken,
            "`hello` has no `token`: the client socket needs the run's token".to_owned(),
        )),
    }
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The `welcome.context` of a run: every `MYNAKIT_*` variable of `env`.
pub(crate) fn context(env: &[(String, String)]) -> BTreeMap<String, String> {
    env.iter()
        .filter(|(k, _)| k.starts_with("MYNAKIT_"))
        .cloned()
        .collect()
}

/// The connection's writing side, shared by the conversation and the reader (which refuses a
/// frame too large); whole lines never interleave.
#[derive(Clone)]
pub(crate) struct Writer(Arc<Mutex<TcpStream>>);

impl Writer {
    pub(crate) fn new(stream: TcpStream) -> Writer {
        Writer(Arc::new(Mutex::new(stream)))
    }

    /// Sends the `frame-too-large` error and closes the connection.
    pub(crate) fn refuse_too_large(&self) {
        let stream = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let mut s: &TcpStream = &stream;
        let _ = s.write_all(
            SocketError::FrameTooLarge
                .line(&format!("a line longer than {MAX_FRAME_BYTES} bytes"))
                .as_bytes(),
        );
        let _ = stream.shutdown(std::net::Shutdown::Both);
    }
}

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let stream = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let mut s: &TcpStream = &stream;
        s.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The lines after the hello: the hello first, what was read ahead of the rest, then the rest
/// of the connection.
pub(crate) fn lines_source(paired: Paired) -> (TcpStream, super::lines::Source) {
    let mut ahead = paired.hello.into_bytes();
    ahead.push(b'\n');
    ahead.extend_from_slice(paired.rest.buffer());
    (
        paired.stream,
        super::lines::Source::after(ahead, paired.rest.into_inner()),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn code(line: &[u8]) -> &'static str {
        first_line(line, TOKEN).unwrap_err().0.code()
    }

    #[test]
    fn the_first_line_is_judged_before_any_scenario_sees_it() {
        assert_eq!(code(b"not json"), "bad-frame");
        assert_eq!(code(b"[1,2]"), "bad-frame");
        assert_eq!(code(br#"{"protocol":1}"#), "bad-frame");
        assert_eq!(code(br#"{"type":"pin","id":"1"}"#), "no-hello");
        assert_eq!(code(br#"{"type":"frobnicate"}"#), "unknown-type");
        assert_eq!(
            code(br#"{"type":"hello","protocol":1,"client":"x"}"#),
            "bad-token"
        );
        let wrong = br#"{"type":"hello","protocol":1,"client":"x","token":"00000000000000000000000000000000"}"#;
        assert_eq!(code(wrong), "bad-token");
        let (error, message) = first_line(b"{\"type\":", TOKEN).unwrap_err();
        assert_eq!(error, SocketError::BadFrame);
        assert!(message.starts_with("line 1, column "), "{message}");
        let right = format!(r#"{{"type":"hello","protocol":1,"client":"x","token":"{TOKEN}"}}"#);
        let hello = first_line(right.as_bytes(), TOKEN).unwrap();
        assert!(!hello.contains(TOKEN), "{hello}");
        assert!(hello.contains(r#""token":"<redacted>""#), "{hello}");
    }

    #[test]
    fn only_mynakit_variables_go_into_the_context() {
        let env = vec![
            ("MYNAKIT_READER".to_owned(), "r".to_owned()),
            ("HOME".to_owned(), "/tmp/h".to_owned()),
            ("PCSCLITE_CSOCK_NAME".to_owned(), "/tmp/s".to_owned()),
        ];
        let context = context(&env);
        assert_eq!(context.keys().collect::<Vec<_>>(), ["MYNAKIT_READER"]);
    }
}
