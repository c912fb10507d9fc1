//! mynakit's HTTP listeners (`mynakit cards serve`, the control endpoint of `mynakit serve`, and
//! `mynakit service`) as real processes: a token beyond loopback, the service's deadline for request
//! heads, and a stop (SIGTERM, SIGINT, a second SIGINT) that stops within 2 s while peers hold
//! half-sent requests (`docs/security.md`, "HTTP listeners"). Needs nothing but the binary
//! (`serve --pcscd none` runs in-process readers).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{free_control, mynakit};

/// A started server, killed if a test fails before stopping it; its stderr is collected.
struct Server {
    child: Option<Child>,
    addr: SocketAddr,
    token: Option<String>,
    stdout: Vec<String>,
    stderr: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Server {
    /// Starts `mynakit ARGS` and reads stdout up to "Ctrl-C"; the address is the one on the
    /// line starting with `prefix` (`cards: http://ADDR …`, `control: http://ADDR …`).
    fn start(args: &[&str], prefix: &str) -> Server {
        let mut child = mynakit()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, stderr) = mpsc::channel();
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            let _ = tx.send(text);
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut stdout = Vec::new();
        loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!(
                    "{args:?} exited before its banner: {stdout:?} {}",
                    stderr.recv().unwrap_or_default()
                );
            };
            stdout.push(line.clone());
            if line.starts_with("Ctrl-C") {
                break;
            }
        }
        std::thread::spawn(move || lines.for_each(drop));
        let url = stdout
            .iter()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} line in {stdout:?}"));
        let mut addr: SocketAddr = url
            .trim_start_matches("http://")
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        if addr.ip().is_unspecified() {
            addr.set_ip([127, 0, 0, 1].into());
        }
        let token = stdout.iter().find_map(|l| {
            l.strip_prefix("token: ")
                .map(|t| t.split_whitespace().next().unwrap().to_owned())
        });
        Server {
            child: Some(child),
            addr,
            token,
            stdout,
            stderr,
        }
    }

    fn signal(&self, signal: rustix::process::Signal) {
        let pid = self.child.as_ref().unwrap().id();
        rustix::process::kill_process(
            rustix::process::Pid::from_raw(i32::try_from(pid).unwrap()).unwrap(),
            signal,
        )
        .unwrap();
    }

    /// Waits up to `limit` for the process to exit; its status code and stderr.
    fn exited_within(&mut self, limit: Duration) -> Option<(Option<i32>, String)> {
        let start = Instant::now();
        let child = self.child.as_mut().unwrap();
        while start.elapsed() < limit {
            if let Some(status) = child.try_wait().unwrap() {
                self.child = None;
                let stderr = self.stderr.recv().unwrap_or_default();
                return Some((status.code(), stderr));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

/// One request with `Connection: close`; the status code and the whole answer.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[String],
    body: &str,
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for header in headers {
        text.push_str(header);
        text.push_str("\r\n");
    }
    text.push_str("\r\n");
    text.push_str(body);
    stream.write_all(text.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

fn cards(listen: &str) -> Server {
    Server::start(
        &[
            "cards",
            "serve",
            "--persona",
            "employee",
            "--listen",
            listen,
        ],
        "cards: ",
    )
}

fn service() -> Server {
    Server::start(
        &[
            "service",
            "--plain-http",
            "--port",
            "0",
            "--admin-port",
            "0",
        ],
        "card-check API: ",
    )
}

fn control() -> Server {
    let control = free_control();
    Server::start(
        &["serve", "--pcscd", "none", "--control", &control],
        "control: ",
    )
}

/// On loopback the cards answer anyone, as before; beyond loopback a token is printed once on
/// stdout, a warning goes to stderr, and a request without the token (or with another) is 401.
#[test]
fn cards_beyond_loopback_need_the_token_printed_at_start_up() {
    let mut local = cards("127.0.0.1:0");
    assert_eq!(local.token, None, "{:?}", local.stdout);
    assert_eq!(request(local.addr, "GET", "/cards", &[], "").0, 200);
    local.signal(rustix::process::Signal::TERM);
    let (code, stderr) = local.exited_within(Duration::from_secs(10)).unwrap();
    assert_eq!(code, Some(0));
    assert!(!stderr.contains("WARNING"), "{stderr}");

    let mut open = cards("0.0.0.0:0");
    let token = open.token.clone().expect("a token line");
    assert_eq!(token.len(), 64, "{token}");
    let sign = r#"{"challenge":"AAAA"}"#;
    for headers in [
        vec![],
        vec![format!("Authorization: Bearer {}", "0".repeat(64))],
        vec![format!("Authorization: Basic {token}")],
    ] {
        let (status, answer) = request(open.addr, "GET", "/cards", &headers, "");
        assert_eq!(status, 401, "{headers:?}: {answer}");
        assert!(
            answer.contains("WWW-Authenticate: Bearer")
                || answer.contains("www-authenticate: Bearer"),
            "{answer}"
        );
        assert_eq!(
            request(open.addr, "POST", "/cards/0/sign", &headers, sign).0,
            401
        );
    }
    let bearer = vec![format!("Authorization: Bearer {token}")];
    assert_eq!(request(open.addr, "GET", "/cards", &bearer, "").0, 200);
    let (status, answer) = request(open.addr, "POST", "/cards/0/sign", &bearer, sign);
    assert_eq!(status, 200, "{answer}");
    open.signal(rustix::process::Signal::INT);
    let (code, stderr) = open.exited_within(Duration::from_secs(10)).unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("WARNING") && stderr.contains("beyond loopback"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(&token),
        "the token reached stderr: {stderr}"
    );
    assert_eq!(
        open.stdout.iter().filter(|l| l.contains(&token)).count(),
        1,
        "printed once: {:?}",
        open.stdout
    );
}

/// Peers that hold half-sent requests: heads cut mid-line, and a body short of its length.
fn stalled_peers(addr: SocketAddr) -> Vec<TcpStream> {
    let mut peers = Vec::new();
    for n in 0..4 {
        let mut stream = TcpStream::connect(addr).unwrap();
        let part: &[u8] = if n == 0 {
            b"POST /cards/0/sign HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"chal"
        } else {
            b"GET /cards HTTP/1.1\r\nHost: x\r\nX-Slow: "
        };
        stream.write_all(part).unwrap();
        peers.push(stream);
    }
    // Every peer is accepted and being read before the signal.
    std::thread::sleep(Duration::from_millis(300));
    peers
}

/// SIGTERM, SIGINT, and SIGINT twice each stop `cards serve`, `serve --control` and `service`
/// within 2 s while peers hold half-sent requests; the exit is clean (status 0).
#[test]
fn a_stop_stops_within_two_seconds_whatever_the_peers_do() {
    use rustix::process::Signal;
    type Start = fn() -> Server;
    let starts: [(&str, Start); 3] = [
        ("cards serve", || cards("127.0.0.1:0")),
        ("serve --control", control),
        ("service", service),
    ];
    for (name, start) in starts {
        for signals in [
            &[Signal::TERM][..],
            &[Signal::INT],
            &[Signal::INT, Signal::INT],
        ] {
            let mut server = start();
            let peers = stalled_peers(server.addr);
            let asked = Instant::now();
            for (i, signal) in signals.iter().enumerate() {
                if i > 0 {
                    std::thread::sleep(Duration::from_millis(100));
                }
                server.signal(*signal);
            }
            let ended = server.exited_within(Duration::from_secs(2));
            let took = asked.elapsed();
            let (code, stderr) =
                ended.unwrap_or_else(|| panic!("{name} {signals:?}: still running after 2 s"));
            assert_eq!(code, Some(0), "{name} {signals:?}: {stderr}");
            eprintln!("{name} {signals:?}: stopped in {took:?}");
            drop(peers);
        }
    }
}

/// A slowloris peer (a header line every 2 s, never the end of the head) is cut at the head
/// deadline every listener of mynakit shares with the service (30 s), and the server still
/// answers others meanwhile.
#[test]
fn a_slow_head_is_cut_at_the_shared_deadline() {
    let servers = [cards("127.0.0.1:0"), control()];
    let started = Instant::now();
    let mut peers: Vec<Option<TcpStream>> = Vec::new();
    for server in &servers {
        for _ in 0..20 {
            let mut stream = TcpStream::connect(server.addr).unwrap();
            stream
                .write_all(b"GET /cards HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            stream.set_nonblocking(true).unwrap();
            peers.push(Some(stream));
        }
    }
    let mut open = peers.len();
    let mut closed_at = Vec::new();
    while open > 0 && started.elapsed() < Duration::from_secs(45) {
        std::thread::sleep(Duration::from_secs(2));
        for peer in &mut peers {
            let Some(stream) = peer else { continue };
            let mut buffer = [0u8; 256];
            let closed = match stream.read(&mut buffer) {
                // An answer (a 408, say) is not a cut; the close that follows is.
                Ok(n) => n == 0,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    stream.write_all(b"X-Slow: 1\r\n").is_err()
                }
                Err(_) => true,
            };
            if closed {
                closed_at.push(started.elapsed());
                *peer = None;
            }
        }
        open = peers.iter().flatten().count();
        for server in &servers {
            let path = if server.stdout.iter().any(|l| l.starts_with("cards:")) {
                "/cards"
            } else {
                "/readers"
            };
            assert_eq!(request(server.addr, "GET", path, &[], "").0, 200);
        }
    }
    assert_eq!(open, 0, "slow heads held for {:?}", started.elapsed());
    let last = closed_at.iter().max().copied().unwrap_or_default();
    assert!(
        last >= Duration::from_secs(28),
        "cut before the 30 s deadline: {last:?}"
    );
}

/// `serve` stops on SIGTERM in every state a vendor's CI leaves it in: idle, with an idle
/// keep-alive connection after an answer, with peers holding half-sent requests, and signalled
/// during start-up, before its banner (docs/serve.md, "Stopping": within 1 s). The bound
/// asserted is generous (a loaded machine); the times are printed, for the record.
#[test]
fn serve_stops_on_sigterm_in_every_state() {
    use rustix::process::Signal;
    type Peers = fn(SocketAddr) -> Vec<TcpStream>;
    let states: [(&str, Peers); 3] = [
        ("idle", |_| Vec::new()),
        ("keep-alive", |addr| {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream
                .write_all(b"GET /readers HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            let mut buffer = [0u8; 4096];
            let n = stream.read(&mut buffer).unwrap();
            assert!(buffer[..n].starts_with(b"HTTP/1.1 200"), "an answer first");
            vec![stream]
        }),
        ("half-sent requests", stalled_peers),
    ];
    for (state, peers_of) in states {
        let mut server = control();
        let peers = peers_of(server.addr);
        let asked = Instant::now();
        server.signal(Signal::TERM);
        let ended = server.exited_within(Duration::from_secs(5));
        let took = asked.elapsed();
        let (code, stderr) = ended.unwrap_or_else(|| panic!("serve ({state}): still running"));
        assert_eq!(code, Some(0), "serve ({state}): {stderr}");
        eprintln!("serve ({state}): stopped {took:?} after SIGTERM");
        drop(peers);
    }
    // During start-up: the signal is heard once the readers are up.
    let mut child = common::mynakit()
        .args(["serve", "--pcscd", "none", "--control", &free_control()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let asked = Instant::now();
    rustix::process::kill_process(
        rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap(),
        Signal::TERM,
    )
    .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if asked.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("serve (start-up): still running 5 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    eprintln!(
        "serve (start-up): stopped {:?} after SIGTERM ({status})",
        asked.elapsed()
    );
}

/// `mynakit reader` against a `serve` that accepts and never answers fails after its
/// `--timeout`, saying so, rather than waiting for ever (docs/serve.md, "Control endpoint").
#[test]
fn a_reader_command_gives_up_on_a_server_that_never_answers() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let held = std::thread::spawn(move || {
        // Accept, read nothing, answer nothing; hold the connection until the reader gives up.
        let (stream, _) = silent.accept().unwrap();
        std::thread::sleep(Duration::from_secs(8));
        drop(stream);
    });
    let asked = Instant::now();
    let out = common::mynakit()
        .args([
            "reader",
            "--control",
            &format!("http://{addr}"),
            "--timeout",
            "1",
        ])
        .arg("status")
        .output()
        .unwrap();
    let took = asked.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("no answer from `mynakit serve` within 1 s"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(7), "gave up after {took:?}");
    eprintln!("reader status: gave up after {took:?}");
    held.join().unwrap();
}
