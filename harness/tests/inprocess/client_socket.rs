//! `mynakit run --client-socket` (docs/mobile.md, "The client protocol over a socket"): an app
//! connects over TCP for each scenario run, pairs with the run's token, gets the run's
//! variables in `welcome.context`, and has the conversation a spawned client has on stdin.
//!
//! The app here is a bridge to the reference client: it connects, says `hello` with the token,
//! starts `mynakit reference-client` with `welcome.context` as its environment, and carries the
//! lines both ways. A bundled レセコン scenario (no card, so no pcscd) passes through it; bad
//! connections (garbage, a huge line, no token, a wrong one, a second app) are refused with their
//! error code while the run waits for the right app; and a run that no app joins says so.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A `mynakit run --client-socket` in the background, with its address and token.
struct Run {
    child: Child,
    addr: String,
    token: String,
    report_dir: tempfile::TempDir,
}

fn start(args: &[&str]) -> Run {
    let report_dir = tempfile::tempdir().unwrap();
    let mut child = common::mynakit()
        .args([
            "run",
            "--client-socket",
            "--transport",
            "in-process",
            "--report-dir",
        ])
        .arg(report_dir.path())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    // `client socket: 127.0.0.1:PORT token TOKEN (waiting up to Ns per scenario)`
    let (addr, token) = loop {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "no start-up line");
        if let Some(rest) = line.strip_prefix("client socket: ") {
            if let Some((addr, rest)) = rest.split_once(" token ") {
                let token = rest.split_whitespace().next().unwrap().to_owned();
                break (addr.to_owned(), token);
            }
        }
    };
    assert_eq!(token.len(), 32, "{token}");
    assert!(token
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    // The rest of stderr is drained so the run never blocks on it.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    Run {
        child,
        addr,
        token,
        report_dir,
    }
}

impl Run {
    /// Waits for the run to end and reads its report.
    fn report(mut self) -> Value {
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            assert!(start.elapsed() < Duration::from_secs(120), "the run hangs");
            std::thread::sleep(Duration::from_millis(50));
        }
        let text = std::fs::read_to_string(self.report_dir.path().join("report.json")).unwrap();
        common::report_json_text(&text)
    }
}

fn connect(addr: &str) -> (TcpStream, BufReader<TcpStream>) {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let reader = BufReader::new(stream.try_clone().unwrap());
    (stream, reader)
}

/// The one line the socket answers, and that it then closes the connection.
fn refused(mut stream: TcpStream, mut reader: BufReader<TcpStream>, send: &[u8]) -> Value {
    // A huge line may be refused before all of it is written: a failed write is expected then.
    let _ = stream.write_all(send);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let error: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("{line:?}"));
    assert_eq!(error["type"], "error", "{line}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    let mut rest = Vec::new();
    let _ = reader.read_to_end(&mut rest);
    let _ = stream;
    error
}

fn hello(token: Option<&str>) -> String {
    let mut hello = serde_json::json!({
        "type": "hello",
        "protocol": 1,
        "client": "socket-bridge",
        "version": "1",
        "capabilities": {"role": ["card-app", "receipt-computer"]},
    });
    if let Some(token) = token {
        hello["token"] = token.into();
    }
    format!("{hello}\n")
}

/// Says `hello`, and returns the `welcome`.
fn paired(addr: &str, token: &str) -> (TcpStream, BufReader<TcpStream>, Value) {
    let (mut stream, mut reader) = connect(addr);
    stream.write_all(hello(Some(token)).as_bytes()).unwrap();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let welcome: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(welcome["type"], "welcome", "{line}");
    (stream, reader, welcome)
}

/// Runs the reference client with `welcome.context` as its environment and carries the lines
/// between it and the socket until the harness closes the connection.
fn bridge(stream: TcpStream, mut reader: BufReader<TcpStream>, welcome: &Value) {
    let context = welcome["context"].as_object().unwrap();
    let mut client = std::process::Command::new(env!("CARGO_BIN_EXE_mynakit"));
    client
        .arg("reference-client")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (key, value) in context {
        client.env(key, value.as_str().unwrap());
    }
    let mut client = client.spawn().unwrap();
    let mut to_client = client.stdin.take().unwrap();
    let mut from_client = BufReader::new(client.stdout.take().unwrap());
    // The client's own hello was said for it: it gets the welcome, without the context.
    let mut own_hello = String::new();
    from_client.read_line(&mut own_hello).unwrap();
    let mut plain = welcome.clone();
    plain.as_object_mut().unwrap().remove("context");
    writeln!(to_client, "{plain}").unwrap();
    let mut up = stream.try_clone().unwrap();
    let pump = std::thread::spawn(move || {
        let mut line = String::new();
        while from_client.read_line(&mut line).is_ok_and(|n| n > 0) {
            if up.write_all(line.as_bytes()).is_err() {
                return;
            }
            line.clear();
        }
    });
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
        if to_client.write_all(line.as_bytes()).is_err() {
            break;
        }
        line.clear();
    }
    drop(to_client);
    let _ = client.wait();
    let _ = pump.join();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// A bundled scenario passes over the socket; every bad connection before and during it is
/// refused with its code and leaves the run waiting for, then talking to, the right app.
#[test]
fn a_bundled_scenario_passes_over_the_socket_and_bad_connections_are_refused() {
    let run = start(&["scenarios/terminal-single-check.yaml"]);
    let addr = run.addr.clone();
    let token = run.token.clone();
    let code = |send: &[u8]| {
        let (stream, reader) = connect(&addr);
        refused(stream, reader, send)["code"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(code(b"garbage\n"), "bad-frame");
    assert_eq!(code(b"[1]\n"), "bad-frame");
    assert_eq!(
        code(b"{\"type\":\"result\",\"outcome\":\"eligible\"}\n"),
        "no-hello"
    );
    assert_eq!(code(b"{\"type\":\"launch-missiles\"}\n"), "unknown-type");
    assert_eq!(code(hello(None).as_bytes()), "bad-token");
    assert_eq!(
        code(hello(Some("00000000000000000000000000000000")).as_bytes()),
        "bad-token"
    );
    let huge = vec![b'x'; 300 * 1024];
    assert_eq!(code(&huge), "frame-too-large");
    // The right app: paired, then a second one is busy while it talks.
    let (stream, reader, welcome) = paired(&addr, &token);
    assert_eq!(welcome["scenario"], "terminal-single-check");
    let context = welcome["context"].as_object().unwrap();
    assert!(context.contains_key("MYNAKIT_TERMINAL_DIR"), "{context:?}");
    assert!(
        context.keys().all(|k| k.starts_with("MYNAKIT_")),
        "{context:?}"
    );
    assert_eq!(code(hello(Some(&token)).as_bytes()), "busy");
    bridge(stream, reader, &welcome);
    let report = run.report();
    let scenario = &report["scenarios"][0];
    assert_eq!(scenario["level"], "PASSED", "{scenario:#}");
    assert!(
        report["client"]
            .as_str()
            .unwrap()
            .starts_with("app on the client socket 127.0.0.1:"),
        "{}",
        report["client"]
    );
    let text = report.to_string();
    assert!(!text.contains(&token), "the token is in the report");
    // The app's folders are on its device: not searched, and said so (never a PASS).
    let kept = scenario["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"].as_str().unwrap().ends_with("DATA-nothing-kept"))
        .unwrap();
    assert_eq!(kept["level"], "SKIPPED", "{kept:#}");
    assert!(
        kept["reason"].as_str().unwrap().contains("client socket"),
        "{kept:#}"
    );
}

/// No app: the scenario says so, naming the scenario and the address, after the wait.
#[test]
fn a_run_no_app_joins_says_so_in_time() {
    let run = start(&[
        "--client-socket-wait",
        "1",
        "scenarios/terminal-single-check.yaml",
    ]);
    let addr = run.addr.clone();
    let started = Instant::now();
    let report = run.report();
    assert!(started.elapsed() < Duration::from_secs(30));
    let scenario = &report["scenarios"][0];
    assert_eq!(scenario["level"], "FAILED", "{scenario:#}");
    let note = scenario["note"].as_str().unwrap();
    assert!(
        note.contains(&format!(
            "no app connected to the client socket {addr} within 1 s"
        )) && note.contains("terminal-single-check"),
        "{note}"
    );
}

/// A paired app that sends garbage mid-conversation ends its run as a protocol error, and one
/// that sends a frame over 256 KiB is told `frame-too-large`; the connection is closed each time.
#[test]
fn garbage_and_a_huge_line_after_the_hello_end_the_run() {
    let run = start(&["scenarios/terminal-single-check.yaml"]);
    let (addr, token) = (run.addr.clone(), run.token.clone());
    let (mut stream, mut reader, _) = paired(&addr, &token);
    stream.write_all(b"{\"type\":\n").unwrap();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let error: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(error["type"], "error");
    assert!(
        error["text"].as_str().unwrap().starts_with("byte "),
        "{line}"
    );
    let mut rest = Vec::new();
    let _ = reader.read_to_end(&mut rest);
    let report = run.report();
    let result = &report["scenarios"][0]["result"];
    assert_eq!(result["outcome"], "crashed", "{result:#}");
    assert_eq!(result["origin"]["origin"], "protocol-error", "{result:#}");

    let run = start(&["scenarios/terminal-single-check.yaml"]);
    let (mut stream, mut reader, _) = paired(&run.addr, &run.token);
    let _ = stream.write_all(&vec![b'x'; 300 * 1024]);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let error: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(error["code"], "frame-too-large", "{line}");
    let report = run.report();
    assert_eq!(report["scenarios"][0]["result"]["outcome"], "crashed");
}
