//! Only mynakit can be a card in a reader it manages.
//!
//! A probe of an earlier version had a foreign process connect to a managed pcscd's free vpcd
//! port (they listened on all interfaces) and receive `00 20 00 80 04 31 32 33 34`, a PIN in
//! clear; a process waiting on an occupied port took over the reader when its card was removed.
//! Now the managed pcscd's vpcd listens inside a network namespace of its own
//! (`reader/src/netns.rs`, `docs/reader.md`). Here a foreign "card" keeps connecting to every
//! vpcd port, on loopback and on the host's own address, while a real card is inserted, used
//! with a PIN and removed: it never gets a connection, PC/SC never sees it, and no vpcd port
//! listens on the host, though vpcd does listen inside the namespace.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use mynakit_reader::PcscdChoice;

/// The ATR the foreign card would present.
const FOREIGN_ATR: [u8; 4] = [0x3B, 0x02, 0x14, 0x50];

/// The host's own addresses a LAN peer would use, besides loopback: the source address of the
/// default route (no packet is sent), when there is one.
fn host_addresses() -> Vec<IpAddr> {
    let mut addresses = vec![
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V4(Ipv4Addr::UNSPECIFIED),
    ];
    let routed = UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").and(s.local_addr()))
        .map(|a| a.ip());
    if let Ok(ip) = routed {
        if !ip.is_loopback() && !ip.is_unspecified() {
            addresses.push(ip);
        }
    }
    addresses
}

/// Plays a card on every connection it gets: answers GET ATR with [`FOREIGN_ATR`] and every
/// command with 9000, counting what it received.
fn play_card(mut stream: TcpStream, commands: &AtomicUsize) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut header = [0u8; 2];
    while stream.read_exact(&mut header).is_ok() {
        let mut payload = vec![0u8; usize::from(u16::from_be_bytes(header))];
        if stream.read_exact(&mut payload).is_err() {
            return;
        }
        let answer: &[u8] = match payload.as_slice() {
            [4] => &FOREIGN_ATR,
            [_] => continue,
            _ => {
                commands.fetch_add(1, Ordering::SeqCst);
                &[0x90, 0x00]
            }
        };
        let mut frame = u16::try_from(answer.len()).unwrap().to_be_bytes().to_vec();
        frame.extend_from_slice(answer);
        if stream.write_all(&frame).is_err() {
            return;
        }
    }
}

/// The TCP sockets in LISTEN state in a `/proc/.../net/tcp` table: (port, inode).
fn listening(table: &str) -> Vec<(u16, String)> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (local, state, inode) = (fields.get(1)?, fields.get(3)?, fields.get(9)?);
            let port = u16::from_str_radix(local.rsplit(':').next()?, 16).ok()?;
            (*state == "0A").then(|| (port, (*inode).to_owned()))
        })
        .collect()
}

#[test]
fn a_foreign_card_on_every_vpcd_port_never_becomes_visible() {
    let Some(env) = env(2, PcscdChoice::Managed) else {
        return;
    };
    let pcscd = env.readers.pcscd().unwrap();
    let ports: Vec<u16> = pcscd.readers().iter().map(|r| r.addr.port()).collect();
    assert_eq!(ports.len(), 2, "both readers of the vpcd pair");

    // vpcd listens, but only inside pcscd's namespace: none of its sockets is on the host.
    let pid = pcscd.pid().unwrap();
    let inside = listening(&std::fs::read_to_string(format!("/proc/{pid}/net/tcp")).unwrap());
    let host = || listening(&std::fs::read_to_string("/proc/self/net/tcp").unwrap());
    let mut ours = Vec::new();
    for port in &ports {
        let vpcd: Vec<&String> = inside
            .iter()
            .filter(|(p, _)| p == port)
            .map(|(_, inode)| inode)
            .collect();
        assert_eq!(vpcd.len(), 1, "vpcd listens on {port} in pcscd's namespace");
        ours.push(vpcd[0].clone());
    }
    let is_ours = move |port: u16| {
        host()
            .iter()
            .any(|(p, inode)| *p == port && ours.contains(inode))
    };
    for port in &ports {
        assert!(!is_ours(*port), "vpcd's port {port} listens on the host");
    }

    // The foreign card tries every port on every host address, all the time.
    let stop = Arc::new(AtomicBool::new(false));
    let connected = Arc::new(AtomicUsize::new(0));
    let commands = Arc::new(AtomicUsize::new(0));
    let attempts = Arc::new(AtomicUsize::new(0));
    let targets: Vec<SocketAddr> = host_addresses()
        .into_iter()
        .flat_map(|ip| ports.iter().map(move |port| SocketAddr::new(ip, *port)))
        .collect();
    let foreign = {
        let (stop, connected, commands, attempts) = (
            stop.clone(),
            connected.clone(),
            commands.clone(),
            attempts.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                for target in &targets {
                    attempts.fetch_add(1, Ordering::SeqCst);
                    if let Ok(stream) =
                        TcpStream::connect_timeout(target, Duration::from_millis(50))
                    {
                        // Another program of this machine may listen on the same port numbers
                        // on the host (a system pcscd with vpcd, another test's stand-in):
                        // only a listener that is this pcscd's vpcd counts.
                        if is_ours(target.port()) {
                            connected.fetch_add(1, Ordering::SeqCst);
                            play_card(stream, &commands);
                        } else {
                            eprintln!("{target}: another program's listener, not this pcscd's");
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };

    // Readers stay empty while it tries: PC/SC sees no card anywhere.
    let check_empty = |why: &str| {
        let ctx = pcsc::Context::establish(pcsc::Scope::User).unwrap();
        for slot in env.readers.slots() {
            let name = std::ffi::CString::new(slot.reader()).unwrap();
            let mut states = [pcsc::ReaderState::new(name, pcsc::State::UNAWARE)];
            ctx.get_status_change(Duration::from_millis(100), &mut states)
                .unwrap();
            let state = states[0].event_state();
            assert!(
                state.contains(pcsc::State::EMPTY) && !state.contains(pcsc::State::PRESENT),
                "{} {why}: {state:?}, ATR {:02X?}",
                slot.reader(),
                states[0].atr()
            );
        }
    };
    // Several of pcscd's 400 ms presence polls.
    std::thread::sleep(Duration::from_millis(1300));
    check_empty("before any card");

    // A real card with a PIN, then removed: the reader must not fall to the foreign card.
    let reader = insert(env, 0, "employee");
    let card = connect(reader);
    assert_eq!(
        send(&card, &hex("00A4040C0AD392F000260100000001"))
            .unwrap()
            .1,
        0x9000
    );
    // The probe's command: VERIFY of the selected PIN (the auth PIN, EF 0018).
    assert_eq!(send(&card, &hex("00A4020C020018")).unwrap().1, 0x9000);
    assert_eq!(send(&card, &hex("002000800431323334")).unwrap().1, 0x9000);
    let mut names = [0u8; 256];
    let mut atr = [0u8; 64];
    assert_eq!(
        card.status2(&mut names, &mut atr).unwrap().atr(),
        hex("3BE000FF8131FE4514"),
        "mynakit's card"
    );
    assert!(env.readers.remove(0).unwrap());
    let until = Instant::now() + Duration::from_millis(1300);
    while Instant::now() < until {
        check_empty("after the card was removed");
        std::thread::sleep(Duration::from_millis(200));
    }

    stop.store(true, Ordering::SeqCst);
    foreign.join().unwrap();
    assert!(
        attempts.load(Ordering::SeqCst) > 10,
        "the foreign card tried"
    );
    assert_eq!(
        connected.load(Ordering::SeqCst),
        0,
        "the foreign card reached this pcscd's vpcd"
    );
    assert_eq!(commands.load(Ordering::SeqCst), 0, "commands reached it");
}
