//! Mobile apps and the NFC relay (`docs/mobile.md`): `mynakit serve --relay` offers a card over
//! a real TCP relay on loopback that an app reads as an NFC tag. Needs no daemon (in-process
//! readers: `--pcscd none`).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use common::{free_control, mynakit};
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
    let mut banner = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let done = line.starts_with("Ctrl-C");
        banner.push(line);
        if done {
            break;
        }
    }
    (Serving(child), banner.join("\n"))
}

/// The address and token of the relay line `relay: READER at ADDR token TOKEN (…)`.
fn relay_of(banner: &str) -> (String, String) {
    let line = banner
        .lines()
        .find(|l| l.starts_with("relay: "))
        .unwrap_or_else(|| panic!("no relay line in\n{banner}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "at").unwrap();
    let token = words.iter().position(|w| *w == "token").unwrap();
    (words[at + 1].to_owned(), words[token + 1].to_owned())
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
