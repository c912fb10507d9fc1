//! Reversed vpcd mode: the card side listens on loopback and a vpcd peer connects. The peer here
//! is the test itself, speaking vpcd frames the way `ifd-vpcd` does (length and payload in two
//! writes, as the stock driver sends them). Also the latency model, in-process.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use mynakit_reader::vpcd::{FrameReader, Message};
use mynakit_reader::{Endpoint, Link};
use mynakit_reader::{Latency, ReaderProfile, Slot};
use mynakit_timeline::Timeline;

/// An empty contact slot 0 named `reader`, tracing nowhere.
fn contact_slot(reader: &str) -> Slot {
    Slot::new(
        0,
        reader.into(),
        ReaderProfile::Contact,
        Timeline::default(),
    )
}

struct Vpcd {
    stream: TcpStream,
    frames: FrameReader,
}

impl Vpcd {
    fn connect(addr: SocketAddr) -> Vpcd {
        let start = Instant::now();
        loop {
            match TcpStream::connect(addr) {
                Ok(stream) => {
                    return Vpcd {
                        stream,
                        frames: FrameReader::default(),
                    }
                }
                Err(e) if start.elapsed() > Duration::from_secs(5) => panic!("{e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }

    /// Sends like the stock driver: the length, then the payload, in two writes.
    fn send(&mut self, message: &Message) {
        let frame = message.encode().unwrap();
        self.stream.write_all(&frame[..2]).unwrap();
        self.stream.write_all(&frame[2..]).unwrap();
    }

    fn call(&mut self, message: &Message) -> Vec<u8> {
        self.send(message);
        self.frames.next(&mut self.stream, || ()).unwrap()
    }
}

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

#[test]
fn reversed_mode_answers_a_connecting_vpcd() {
    let slot = Arc::new(contact_slot("reversed 0"));
    let addr = free_port();
    let _link = Link::start(slot.clone(), Endpoint::Listen(addr)).unwrap();
    let mut vpcd = Vpcd::connect(addr);
    assert_eq!(
        vpcd.call(&Message::GetAtr),
        Vec::<u8>::new(),
        "an empty slot answers an empty ATR"
    );
    slot.insert(card("employee"), "employee");
    assert_eq!(vpcd.call(&Message::GetAtr), hex("3BE000FF8131FE4514"));
    vpcd.send(&Message::PowerOn);
    assert_eq!(
        vpcd.call(&Message::Apdu(hex("00A4040C0AD392F000260100000001"))),
        [0x90, 0x00]
    );
    assert_eq!(
        vpcd.call(&Message::Apdu(hex("002000980431323334"))),
        [0x90, 0x00]
    );
    vpcd.send(&Message::Reset);
    assert_eq!(
        vpcd.call(&Message::Apdu(hex("00A4040C0AD392F000260100000001"))),
        [0x90, 0x00]
    );
    let signature = vpcd.call(&Message::Apdu(hex("802A00970301020300")));
    assert_eq!(signature.len(), 258, "a warm reset keeps the PIN verified");
    vpcd.send(&Message::PowerOff);
    vpcd.send(&Message::PowerOn);
    assert_eq!(
        vpcd.call(&Message::Apdu(hex("00A4040C0AD392F000260100000001"))),
        [0x90, 0x00]
    );
    assert_eq!(
        vpcd.call(&Message::Apdu(hex("802A00970301020300"))),
        [0x69, 0x82],
        "power-off cleared it"
    );
    // An unknown control code gets no answer; the link stays up.
    vpcd.stream.write_all(&[0x00, 0x01, 0x07]).unwrap();
    assert_eq!(vpcd.call(&Message::GetAtr), hex("3BE000FF8131FE4514"));
}

#[test]
fn the_latency_model_slows_signatures_like_a_real_card() {
    let slot = contact_slot("latency");
    slot.insert(card("employee"), "employee");
    slot.set_latency(Latency::REAL_CARD);
    slot.transmit(&hex("00A4040C0AD392F000260100000001"))
        .unwrap();
    slot.transmit(&hex("002000980431323334")).unwrap();
    let start = Instant::now();
    let r = slot.transmit(&hex("802A00970301020300")).unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(700),
        "a signature takes at least 0.7 s"
    );
    assert_eq!(&r[r.len() - 2..], [0x90, 0x00]);
    assert!(slot.remove());
    assert_eq!(
        slot.transmit(&hex("00A4040C0AD392F000260100000001")),
        Err(mynakit_reader::SlotError::NoCard)
    );
}

#[test]
fn a_half_sent_frame_is_completed_not_lost() {
    let slot = Arc::new(contact_slot("partial"));
    slot.insert(card("employee"), "employee");
    let addr = free_port();
    let _link = Link::start(slot, Endpoint::Listen(addr)).unwrap();
    let mut vpcd = Vpcd::connect(addr);
    let frame = Message::Apdu(hex("00A4040C0AD392F000260100000001"))
        .encode()
        .unwrap();
    for byte in &frame {
        vpcd.stream.write_all(&[*byte]).unwrap();
        std::thread::sleep(Duration::from_millis(2));
    }
    let mut answer = [0u8; 4];
    vpcd.stream.read_exact(&mut answer).unwrap();
    assert_eq!(answer, [0x00, 0x02, 0x90, 0x00]);
}

/// The card side never listens (or connects) beyond loopback: vpcd's own port is open to the
/// network, the card must not be.
#[test]
fn links_refuse_addresses_beyond_loopback() {
    let slot = Arc::new(contact_slot("exposed"));
    for endpoint in [
        Endpoint::Listen("0.0.0.0:0".parse().unwrap()),
        Endpoint::Listen("192.0.2.1:35963".parse().unwrap()),
        Endpoint::Connect("192.0.2.1:35963".parse().unwrap()),
    ] {
        let err = Link::start(slot.clone(), endpoint)
            .err()
            .unwrap_or_else(|| panic!("{endpoint:?} was accepted"));
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(
            err.to_string().contains("is not a loopback address"),
            "{err}"
        );
    }
    assert!(Link::start(slot, Endpoint::Listen("127.0.0.1:0".parse().unwrap())).is_ok());
}
