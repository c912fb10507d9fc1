//! Mobile apps and the NFC relay (`docs/mobile.md`): `mynakit serve --relay` offers a card over
//! a real TCP relay on loopback that an app reads as an NFC tag. Needs no daemon (in-process
//! readers: `--pcscd none`).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use common::{free_control, mynakit, relay_of, serve_banner};
use serde_json::{json, Value};

/// A running `mynakit serve`, killed when the test ends.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `mynakit serve --pcscd none ARGS` and reads its banner up to "Ctrl-C …", and its
/// stderr when asked (`--relay` beyond loopback warns there).
fn serve(args: &[&str]) -> (Serving, String) {
    let mut child = mynakit()
        .args(["serve", "--pcscd", "none", "--control", &free_control()])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let banner = serve_banner(&mut child);
    (Serving(child), banner)
}

struct App {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl App {
    fn connect(addr: &str) -> App {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(15)))
            .unwrap();
        App {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
        }
    }

    fn send(&mut self, message: Value) {
        self.writer
            .write_all(format!("{message}\n").as_bytes())
            .unwrap();
    }

    fn recv(&mut self) -> Value {
        let mut line = String::new();
        assert!(self.reader.read_line(&mut line).unwrap() > 0, "closed");
        serde_json::from_str(&line).unwrap()
    }

    fn transceive(&mut self, id: i64, apdu: &str) -> Vec<u8> {
        self.send(json!({"type": "transceive", "id": id, "apdu": apdu}));
        let answer = self.recv();
        assert_eq!(answer["type"], "transceive-result", "{apdu}: {answer}");
        assert_eq!(answer["id"], id);
        hex::decode(answer["response"].as_str().unwrap()).unwrap()
    }
}

#[test]
fn serve_relay_offers_the_card_as_an_nfc_tag_on_loopback() {
    let (_serving, banner) = serve(&["--persona", "employee", "--relay"]);
    let (addr, token) = relay_of(&banner);
    assert!(
        addr.starts_with("127.0.0.1:"),
        "loopback unless asked: {addr}"
    );
    assert_eq!(token.len(), 32);
    // A wrong token is refused.
    let mut intruder = App::connect(&addr);
    intruder.send(json!({"type": "hello", "token": "0".repeat(32), "platform": "android"}));
    assert_eq!(intruder.recv()["code"], "bad-token");
    let mut app = App::connect(&addr);
    app.send(json!({"type": "hello", "token": token, "app": "test", "platform": "android", "protocol": 1}));
    assert_eq!(app.recv()["type"], "welcome");
    app.send(json!({"type": "start-reading"}));
    let tag = app.recv();
    assert_eq!(tag["type"], "tag-discovered", "{tag}");
    assert_eq!(tag["tag"]["nfc_type"], "B");
    let select = app.transceive(1, "00A4040C0AD392F000260100000001");
    assert_eq!(select, [0x90, 0x00]);
    assert_eq!(app.transceive(2, "00A4020C02000A"), [0x90, 0x00]);
    let head = app.transceive(3, "00B0000004");
    let len = 4 + usize::from(u16::from_be_bytes([head[2], head[3]]));
    let mut cert = Vec::new();
    let mut id = 4;
    while cert.len() < len {
        let chunk = (len - cert.len()).min(256);
        let r = app.transceive(id, &format!("00B0{:04X}{:02X}", cert.len(), chunk % 256));
        assert_eq!(r[r.len() - 2..], [0x90, 0x00]);
        cert.extend_from_slice(&r[..r.len() - 2]);
        id += 1;
    }
    // The DER certificate, whole: a SEQUENCE of the length its head announced.
    assert_eq!(cert[..2], [0x30, 0x82]);
    assert_eq!(cert.len(), len);
}

#[test]
fn serve_relay_listens_beyond_loopback_only_when_asked_and_says_the_token_is_required() {
    let (mut serving, banner) = serve(&["--persona", "employee", "--relay", "0.0.0.0:0"]);
    let (addr, _) = relay_of(&banner);
    assert!(addr.starts_with("0.0.0.0:"), "{addr}");
    assert!(banner.contains("required in every hello"), "{banner}");
    let _ = serving.0.kill();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut serving.0.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("beyond loopback"), "{stderr}");
    assert!(stderr.contains("token is required"), "{stderr}");
}

/// The relay's port also takes a WebSocket upgrade: the same messages, one per text message.
/// A wrong token is refused there too, and a binary message is a `bad-frame`, then the close.
#[test]
fn serve_relay_speaks_websocket_on_the_same_port() {
    use tungstenite::{Message, WebSocket};
    fn open(addr: &str) -> WebSocket<TcpStream> {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(15)))
            .unwrap();
        tungstenite::client(format!("ws://{addr}/"), stream)
            .unwrap()
            .0
    }
    fn say(ws: &mut WebSocket<TcpStream>, message: &Value) {
        ws.send(Message::text(message.to_string())).unwrap();
    }
    fn hear(ws: &mut WebSocket<TcpStream>) -> Value {
        loop {
            match ws.read().unwrap() {
                Message::Text(text) => return serde_json::from_str(text.as_str()).unwrap(),
                Message::Close(_) => panic!("closed"),
                _ => {}
            }
        }
    }
    let (_serving, banner) = serve(&["--persona", "employee", "--relay"]);
    let (addr, token) = relay_of(&banner);
    let mut intruder = open(&addr);
    say(
        &mut intruder,
        &json!({"type": "hello", "token": "0".repeat(32), "platform": "android"}),
    );
    assert_eq!(hear(&mut intruder)["code"], "bad-token");
    let mut app = open(&addr);
    say(
        &mut app,
        &json!({"type": "hello", "token": token, "app": "ws", "platform": "android", "protocol": 1}),
    );
    assert_eq!(hear(&mut app)["type"], "welcome");
    say(&mut app, &json!({"type": "start-reading"}));
    assert_eq!(hear(&mut app)["type"], "tag-discovered");
    say(
        &mut app,
        &json!({"type": "transceive", "id": 1, "apdu": "00A4040C0AD392F000260100000001"}),
    );
    let answer = hear(&mut app);
    assert_eq!(answer["type"], "transceive-result", "{answer}");
    assert_eq!(answer["response"], "9000");
    app.send(Message::binary(vec![1, 2, 3])).unwrap();
    let error = hear(&mut app);
    assert_eq!(error["code"], "bad-frame", "{error}");
    assert!(
        error["message"].as_str().unwrap().starts_with("line 4: "),
        "{error}"
    );
}

/// The mobile scenarios (`tag:mobile`, `transport: nfc`) with `mynakit run --relay`: each
/// scenario's card behind a real TCP relay on loopback, read by the reference client as a phone
/// reads it. The correct client passes them all; a client that reads with one extended READ
/// BINARY fails the no-extended-length one; without the relay they are NOT-APPLICABLE.
fn run_mobile(extra: &[&str]) -> Value {
    let scenarios = common::repo().join("scenarios");
    let mut files: Vec<String> = std::fs::read_dir(&scenarios)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("mobile-"))
        })
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    run_files(&files, extra)
}

/// `mynakit run FILES --transport in-process EXTRA`: its report.json.
fn run_files(files: &[String], extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = mynakit()
        .arg("run")
        .args(files)
        .args(["--transport", "in-process", "--report-dir"])
        .arg(dir.path())
        .args(extra)
        .output()
        .unwrap();
    let report = std::fs::read_to_string(dir.path().join("report.json"))
        .unwrap_or_else(|e| panic!("{e}: {}", common::text(&out)));
    serde_json::from_str(&report).unwrap()
}

fn verdicts(report: &Value) -> Vec<(String, String)> {
    report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["level"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_reference_client_passes_every_mobile_scenario_over_the_relay() {
    let report = run_mobile(&["--relay"]);
    let verdicts = verdicts(&report);
    assert!(verdicts.len() >= 12, "{verdicts:?}");
    for (id, level) in &verdicts {
        assert_eq!(level, "PASSED", "{id}: {verdicts:?}");
    }
    // The tokens (32 lower-case hex characters, one per scenario) never reach the report,
    // though each client had its own: the only such strings are the service's challenge ids.
    let text = report.to_string();
    assert!(text.contains("tag-discovered"), "NFC words in the timeline");
    for (at, word) in hex_words(&text) {
        assert!(
            text[..at].ends_with("challenge_id\\\":\\\""),
            "a 32-hex word that is not a challenge id: {word} after {:?}",
            &text[at.saturating_sub(60)..at]
        );
    }
}

/// Every run of exactly 32 lower-case hex characters with a letter in it, and where it starts.
fn hex_words(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let is_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let mut words = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        if !is_hex(bytes[start]) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < bytes.len() && is_hex(bytes[end]) {
            end += 1;
        }
        let word = &text[start..end];
        if word.len() == 32 && word.bytes().any(|b| b.is_ascii_lowercase()) {
            words.push((start, word));
        }
        start = end;
    }
    words
}

#[test]
fn an_extended_read_fails_on_a_phone_without_extended_length_and_no_relay_means_not_applicable() {
    let report = run_mobile(&["--relay", "--defect", "extended-read"]);
    for (id, level) in verdicts(&report) {
        if id.starts_with("mobile-no-extended-length") {
            assert_eq!(level, "FAILED", "{id}");
        }
    }
    let report = run_mobile(&[]);
    for (id, level) in verdicts(&report) {
        assert_eq!(level, "NOT-APPLICABLE", "{id}");
    }
}

/// Over the NFC relay the stack faults have no words of their own (`docs/mobile.md`, "Reader
/// faults, seen over NFC"): a command lost in transit, a reader unavailable or unplugged, a
/// second reader are NOT-APPLICABLE, their note naming the relay and `docs/reader.md`'s
/// section; a card fault (`remove`) still runs. In-process without the relay they run.
#[test]
fn stack_faults_are_not_applicable_over_the_relay_naming_it() {
    let ids = [
        "reader-transport-error-at-verify",
        "reader-unavailable-at-verify",
        "reader-unplugged-mid-flow",
        "second-reader-empty-first",
        "mobile-tag-lost-at-verify",
    ];
    let run = |extra: &[&str]| {
        let files: Vec<String> = ids
            .iter()
            .map(|id| {
                common::repo()
                    .join(format!("scenarios/{id}.yaml"))
                    .display()
                    .to_string()
            })
            .collect();
        run_files(&files, extra)
    };
    let report = run(&["--relay"]);
    let scenarios = report["scenarios"].as_array().unwrap();
    let sections = [
        (
            "reader-transport-error-at-verify",
            "`transport-error`",
            "Commands that fail in transit",
        ),
        (
            "reader-unavailable-at-verify",
            "`unavailable`",
            "A reader unavailable for a while",
        ),
        ("reader-unplugged-mid-flow", "`unplug`", "Unplugged readers"),
        (
            "second-reader-empty-first",
            "`second-reader`",
            "A second reader",
        ),
    ];
    for (id, fault, section) in sections {
        let s = scenarios.iter().find(|s| s["id"] == id).unwrap();
        assert_eq!(s["level"], "NOT-APPLICABLE", "{id}: {s}");
        let note = s["note"].as_str().unwrap();
        assert!(
            note.starts_with("not applicable over the NFC relay"),
            "{id}: {note}"
        );
        assert!(note.contains(fault), "{id}: {note}");
        assert!(
            note.contains(&format!("(mynakit docs reader, \"{section}\")")),
            "{id}: {note}"
        );
        assert!(
            s["timeline"].as_array().is_none_or(Vec::is_empty),
            "{id}: never started"
        );
    }
    let card_fault = scenarios
        .iter()
        .find(|s| s["id"] == "mobile-tag-lost-at-verify")
        .unwrap();
    assert_eq!(card_fault["level"], "PASSED", "{card_fault}");

    // Without the relay the stack faults run (the mobile scenario needs the relay).
    let report = run(&[]);
    for s in report["scenarios"].as_array().unwrap() {
        if s["id"].as_str().unwrap().contains('[') {
            // Another mode's run: the reference client claims it or not, as ever.
            continue;
        }
        let expected = if s["id"] == "mobile-tag-lost-at-verify" {
            "NOT-APPLICABLE"
        } else {
            "PASSED"
        };
        assert_eq!(s["level"], expected, "{s}");
    }
}
