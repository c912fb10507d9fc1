//! The NFC relay over a real TCP connection on loopback (`docs/mobile.md`): an app says hello
//! with the token, gets the tag, SELECTs the JPKI AP and reads its certificate; the reader
//! faults become NFC errors; and bad input (wrong token, garbage, a huge line, no hello, a
//! connection dropped mid-transceive, a second app) gets its error and a closed connection,
//! never a panic, a hang or a takeover.

#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;
use mynakit_reader::nfc::{Relay, RelayConfig};
use mynakit_reader::{Intercept, InterceptAction, Latency, ReaderProfile, ShortApdusOnly, Slot};
use mynakit_timeline::{EventKind, Timeline};
use serde_json::{json, Value};

const SELECT_JPKI: &str = "00A4040C0AD392F000260100000001";
const JPKI_AID: &str = "D392F000260100000001";
const SELECT_AUTH_CERT: &str = "00A4020C02000A";

fn slot_with_card() -> Arc<Slot> {
    let slot = Arc::new(Slot::new(
        0,
        "mynakit A 00 00".into(),
        ReaderProfile::contactless(),
        Timeline::default(),
    ));
    let card =
        personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default()).unwrap();
    slot.insert(card, "employee");
    slot
}

fn relay(slot: Arc<Slot>) -> Relay {
    Relay::start(slot, RelayConfig::default()).unwrap()
}

/// One app connection, with a deadline on every read so a bug is a failure, not a hang.
struct App {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    next_id: i64,
}

impl App {
    fn connect(relay: &Relay) -> App {
        let stream = TcpStream::connect(relay.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(15)))
            .unwrap();
        App {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        self.send_raw(format!("{message}\n").as_bytes());
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
    }

    fn recv(&mut self) -> Value {
        let mut line = String::new();
        let n = self.reader.read_line(&mut line).unwrap();
        assert!(n > 0, "the relay closed the connection");
        serde_json::from_str(&line).unwrap()
    }

    /// Whether the relay closed the connection (after whatever it sent).
    fn closed(&mut self) -> bool {
        let mut rest = Vec::new();
        match self.reader.read_to_end(&mut rest) {
            Ok(_) => rest.is_empty(),
            Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        }
    }

    fn hello(relay: &Relay, platform: &str, extra: Value) -> App {
        let mut app = App::connect(relay);
        let mut hello = json!({"type": "hello", "token": relay.token().reveal(), "app": "test", "platform": platform, "protocol": 1});
        if let (Value::Object(h), Value::Object(x)) = (&mut hello, extra) {
            h.extend(x);
        }
        app.send(hello);
        let welcome = app.recv();
        assert_eq!(welcome["type"], "welcome", "{welcome}");
        assert_eq!(welcome["reader"], "mynakit A 00 00");
        app
    }

    fn start(&mut self) -> Value {
        self.send(json!({"type": "start-reading"}));
        let tag = self.recv();
        assert_eq!(tag["type"], "tag-discovered", "{tag}");
        tag
    }

    fn transceive(&mut self, apdu: &str) -> Value {
        self.next_id += 1;
        self.send(json!({"type": "transceive", "id": self.next_id, "apdu": apdu}));
        let answer = self.recv();
        assert_eq!(answer["id"], self.next_id, "{answer}");
        answer
    }

    fn ok(&mut self, apdu: &str) -> Vec<u8> {
        let answer = self.transceive(apdu);
        assert_eq!(answer["type"], "transceive-result", "{apdu}: {answer}");
        hex::decode(answer["response"].as_str().unwrap()).unwrap()
    }
}

fn sw(response: &[u8]) -> u16 {
    u16::from_be_bytes([response[response.len() - 2], response[response.len() - 1]])
}

/// Reads the auth certificate in short chunks, as the reference client does.
fn read_certificate(app: &mut App) -> Vec<u8> {
    assert_eq!(sw(&app.ok(SELECT_AUTH_CERT)), 0x9000);
    let head = app.ok("00B0000004");
    assert_eq!(sw(&head), 0x9000);
    let len = 4 + usize::from(u16::from_be_bytes([head[2], head[3]]));
    let mut cert = Vec::new();
    while cert.len() < len {
        let chunk = (len - cert.len()).min(256);
        let le = if chunk == 256 { 0 } else { chunk };
        let r = app.ok(&format!("00B0{:04X}{le:02X}", cert.len()));
        assert_eq!(sw(&r), 0x9000);
        cert.extend_from_slice(&r[..r.len() - 2]);
    }
    cert
}

fn reader_actions(slot: &Slot) -> Vec<String> {
    slot.timeline()
        .events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Reader { action, .. } => Some(action.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_app_reads_the_certificate_over_the_relay() {
    let slot = slot_with_card();
    let relay = relay(slot.clone());
    assert!(relay.addr().ip().is_loopback(), "loopback unless asked");
    let mut app = App::hello(&relay, "android", json!({}));
    let tag = app.start();
    let tag = &tag["tag"];
    assert_eq!(tag["nfc_type"], "B");
    assert_eq!(tag["tech"], json!(["IsoDep", "NfcB"]));
    assert_eq!(tag["historical_bytes"], Value::Null);
    assert_eq!(tag["hi_layer_response"], "");
    assert_eq!(tag["extended_length"], true);
    assert_eq!(tag["max_transceive"], 65279);
    assert_eq!(tag["timeout_ms"], 618);
    assert_eq!(tag["id"].as_str().unwrap().len(), 8);
    assert!(tag["atqb"].as_str().unwrap().starts_with("50"));
    assert_eq!(sw(&app.ok(SELECT_JPKI)), 0x9000);
    let cert = read_certificate(&mut app);
    let (rest, _) = x509_parser::parse_x509_certificate(&cert).unwrap();
    assert!(rest.is_empty(), "the whole DER certificate, nothing more");
    app.send(json!({"type": "stop-reading"}));
    assert_eq!(app.recv()["type"], "stopped");
    // After stop-reading, no tag is connected.
    let answer = app.transceive(SELECT_JPKI);
    assert_eq!(answer["error"], "not-connected", "{answer}");
    drop(app);
    let events = slot.timeline().events();
    let apdus = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Apdu { .. }))
        .count();
    assert!(
        apdus >= 4,
        "the card's APDU events are recorded as over PC/SC"
    );
    let actions = reader_actions(&slot);
    for word in [
        "relay-connect",
        "reading-started",
        "tag-discovered",
        "transceive",
        "session-ended",
    ] {
        assert!(actions.iter().any(|a| a == word), "{word} in {actions:?}");
    }
    let trace = slot.timeline().to_json_lines();
    assert!(
        !trace.contains(relay.token().reveal()),
        "the token is never recorded"
    );
}

#[test]
fn a_card_pulled_mid_command_is_tag_lost_then_discovered_again() {
    let slot = slot_with_card();
    let relay = relay(slot.clone());
    let mut app = App::hello(&relay, "android", json!({}));
    app.start();
    assert_eq!(sw(&app.ok(SELECT_JPKI)), 0x9000);
    let once = std::sync::atomic::AtomicBool::new(false);
    slot.set_hook(Some(Box::new(move |apdu: &[u8]| {
        if apdu.get(1) == Some(&0xB0) && !once.swap(true, std::sync::atomic::Ordering::SeqCst) {
            Intercept {
                action: InterceptAction::Remove,
                ..Intercept::default()
            }
        } else {
            Intercept::default()
        }
    })));
    assert_eq!(sw(&app.ok(SELECT_AUTH_CERT)), 0x9000);
    let answer = app.transceive("00B0000004");
    assert_eq!(answer["type"], "transceive-error");
    assert_eq!(answer["error"], "tag-lost");
    assert_eq!(app.recv()["type"], "tag-lost");
    let answer = app.transceive("00B0000004");
    assert_eq!(answer["error"], "not-connected");
    // The patient presents the card again.
    let card =
        personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default()).unwrap();
    slot.insert(card, "employee");
    assert_eq!(app.recv()["type"], "tag-discovered");
    assert_eq!(sw(&app.ok(SELECT_JPKI)), 0x9000);
    assert!(!read_certificate(&mut app).is_empty());
}

#[test]
fn reader_faults_map_onto_nfc_errors() {
    let slot = slot_with_card();
    slot.set_short_apdus_only(Some(ShortApdusOnly::default()));
    let relay = relay(slot.clone());
    let mut app = App::hello(&relay, "android", json!({}));
    let tag = app.start();
    assert_eq!(tag["tag"]["extended_length"], false);
    assert_eq!(tag["tag"]["max_transceive"], 261);
    assert_eq!(sw(&app.ok(SELECT_JPKI)), 0x9000);
    assert_eq!(sw(&app.ok(SELECT_AUTH_CERT)), 0x9000);
    let before = slot.timeline().events().len();
    let answer = app.transceive("00B00000000400");
    assert_eq!(answer["error"], "no-extended-length", "{answer}");
    let long = format!("00D60000FF{}", "00".repeat(300));
    assert_eq!(app.transceive(&long)["error"], "too-long");
    let apdus_after = slot.timeline().events()[before..]
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Apdu { .. }))
        .count();
    assert_eq!(apdus_after, 0, "the card never sees a refused command");
    // Latency above the timeout: `timeout`; the card did run the command.
    slot.set_latency(Latency {
        sign: Duration::ZERO,
        read: Duration::from_millis(150),
        other: Duration::ZERO,
    });
    app.send(json!({"type": "set-timeout", "ms": 50}));
    assert_eq!(app.transceive("00B0000004")["error"], "timeout");
    app.send(json!({"type": "set-timeout", "ms": 5000}));
    assert_eq!(sw(&app.ok("00B0000004")), 0x9000);
    // The patient cancels the reading sheet.
    relay.end_session(mynakit_protocol::nfc::SessionEndReason::UserCancelled);
    let ended = app.recv();
    assert_eq!(
        ended,
        json!({"type": "session-ended", "reason": "user-cancelled"})
    );
    assert_eq!(app.transceive("00B0000004")["error"], "not-connected");
    let tag = app.start();
    assert_eq!(
        tag["tag"]["timeout_ms"], 618,
        "the timeout is back to its default"
    );
}

#[test]
fn ios_selects_only_its_identifiers() {
    let slot = slot_with_card();
    let relay = relay(slot.clone());
    let mut app = App::hello(
        &relay,
        "ios",
        json!({"select_identifiers": ["D392100031000101040899", JPKI_AID]}),
    );
    let tag = app.start();
    assert_eq!(tag["tag"]["initial_selected_aid"], JPKI_AID);
    let answer = app.transceive("00A4040C0AD3921000310001010408");
    assert_eq!(answer["error"], "security-violation", "{answer}");
    assert_eq!(sw(&app.ok(SELECT_JPKI)), 0x9000);
}

#[test]
fn wrong_token_garbage_huge_frames_and_no_hello_are_refused_and_closed() {
    let slot = slot_with_card();
    let relay = Relay::start(
        slot.clone(),
        RelayConfig {
            hello_timeout: Duration::from_millis(300),
            ..RelayConfig::default()
        },
    )
    .unwrap();
    let cases: Vec<(Vec<u8>, &str)> =
        vec![
        (
            br#"{"type":"hello","token":"00000000000000000000000000000000","platform":"android"}
"#
            .to_vec(),
            "bad-token",
        ),
        (
            br#"{"type":"hello","platform":"android"}
"#
            .to_vec(),
            "bad-token",
        ),
        (b"not json at all\n".to_vec(), "bad-frame"),
        (b"{\"type\":\"transceive\",\"id\":1,\"apdu\":\"00\"}\n".to_vec(), "no-hello"),
        (b"{\"type\":\"launch-missiles\"}\n".to_vec(), "unknown-type"),
        (vec![b'{'; 300 * 1024], "frame-too-large"),
        (Vec::new(), "no-hello"),
    ];
    for (bytes, code) in cases {
        let mut app = App::connect(&relay);
        app.send_raw(&bytes);
        let started = Instant::now();
        let error = app.recv();
        assert_eq!(error["type"], "error", "{error}");
        assert_eq!(error["code"], code, "{error}");
        assert!(app.closed(), "{code}: closed after the error");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
    let bad = slot.timeline().events().iter().any(|e| {
        matches!(&e.kind, EventKind::Reader { detail, .. } if detail.contains("bad-frame: line 1, column 2: expected"))
    });
    assert!(bad, "a garbage frame is named by line and column");
    // The relay still serves a good app afterwards.
    let mut app = App::hello(&relay, "other", json!({}));
    app.start();
    assert_eq!(sw(&app.ok(SELECT_JPKI)), 0x9000);
}

#[test]
fn a_second_app_is_busy_and_the_first_keeps_the_card() {
    let slot = slot_with_card();
    let relay = relay(slot.clone());
    let mut first = App::hello(&relay, "android", json!({}));
    first.start();
    assert_eq!(sw(&first.ok(SELECT_JPKI)), 0x9000);
    let mut second = App::connect(&relay);
    second.send(json!({"type": "hello", "token": relay.token().reveal(), "platform": "android"}));
    let error = second.recv();
    assert_eq!(error["code"], "busy", "{error}");
    assert!(second.closed());
    assert_eq!(sw(&first.ok(SELECT_AUTH_CERT)), 0x9000);
    // Once the first app leaves, another may come.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut third = App::connect(&relay);
        third
            .send(json!({"type": "hello", "token": relay.token().reveal(), "platform": "android"}));
        let answer = third.recv();
        if answer["type"] == "welcome" {
            break;
        }
        assert_eq!(answer["code"], "busy");
        assert!(Instant::now() < deadline, "the card stays claimed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_connection_dropped_mid_transceive_frees_the_card_and_stopping_ends_half_open_ones() {
    let slot = slot_with_card();
    slot.set_latency(Latency {
        sign: Duration::ZERO,
        read: Duration::ZERO,
        other: Duration::from_millis(200),
    });
    let relay = relay(slot.clone());
    let mut app = App::hello(&relay, "android", json!({}));
    app.start();
    app.send(json!({"type": "transceive", "id": 1, "apdu": SELECT_JPKI}));
    app.writer.shutdown(Shutdown::Both).unwrap();
    drop(app);
    // The card is free again.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut next = loop {
        let mut next = App::connect(&relay);
        next.send(json!({"type": "hello", "token": relay.token().reveal(), "platform": "android"}));
        if next.recv()["type"] == "welcome" {
            break next;
        }
        assert!(
            Instant::now() < deadline,
            "the dropped app still holds the card"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    next.start();
    // A half-open connection (never says hello) and a silent app never hold up the relay's end.
    let _silent = TcpStream::connect(relay.addr()).unwrap();
    let started = Instant::now();
    drop(relay);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        next.recv(),
        json!({"type": "session-ended", "reason": "system"})
    );
}
