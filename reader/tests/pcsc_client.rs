//! A Rust PC/SC client (the `pcsc` crate, through a real pcscd and vsmartcard's vpcd) reads the
//! auth certificate, verifies the PIN, signs, and checks the signature against the certificate;
//! removing the card mid-session surfaces as a removed-card error, and reinsertion works, also
//! after a swap and after a card pulled in the middle of a command. Each test uses its own
//! reader of one shared managed pcscd (`common::env`): tests run in parallel.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use mynakit_emulator::SHA256_DIGEST_INFO_PREFIX;
use std::time::{Duration, Instant};

use mynakit_reader::PcscdChoice;
use mynakit_timeline::EventKind;
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};

const SELECT_JPKI: &str = "00A4040C0AD392F000260100000001";
/// Readers: one per test.
const SLOTS: usize = 6;

/// The `reader` events of one reader so far, as `action detail`.
fn reader_events(env: &Env, reader: &str) -> Vec<String> {
    env.timeline
        .events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Reader {
                reader: r,
                action,
                detail,
            } if r == reader => Some(format!("{action} {detail}")),
            _ => None,
        })
        .collect()
}

#[test]
fn read_certificate_verify_pin_sign_and_check_the_signature() {
    let Some(env) = env(SLOTS, PcscdChoice::Managed) else {
        return;
    };
    let reader = insert(env, 0, "employee");
    let card = connect(reader);
    assert_eq!(send(&card, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
    assert_eq!(send(&card, &hex("00A4020C02000A")).unwrap().1, 0x9000);
    let (cert, sw) = send(&card, &hex("00B00000000000")).unwrap();
    assert_eq!(sw, 0x9000);
    let (_, parsed) = x509_parser::parse_x509_certificate(&cert).unwrap();
    assert_eq!(send(&card, &hex("00200098")).unwrap().1, 0x63C3);
    assert_eq!(send(&card, &hex("002000980431323334")).unwrap().1, 0x9000);
    let message = b"challenge from the eligibility service";
    let mut apdu = vec![0x80, 0x2A, 0x00, 0x97, 51];
    apdu.extend_from_slice(&SHA256_DIGEST_INFO_PREFIX);
    apdu.extend_from_slice(&Sha256::digest(message));
    apdu.push(0);
    let (signature, sw) = send(&card, &apdu).unwrap();
    assert_eq!((sw, signature.len()), (0x9000, 256));
    let public = RsaPublicKey::from_public_key_der(parsed.public_key().raw).unwrap();
    public
        .verify(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(message),
            &signature,
        )
        .expect("the card's signature verifies against the certificate it holds");
    // The trace saw the VERIFY, with the PIN redacted.
    let events = env.timeline.events();
    assert!(events.iter().any(
        |e| matches!(&e.kind, EventKind::Apdu { command, .. } if command == "0020009804********")
    ));
    assert!(!env.timeline.to_json_lines().contains("31323334"));
}

#[test]
fn removal_mid_session_is_a_removed_card_error_and_reinsertion_works() {
    let Some(env) = env(SLOTS, PcscdChoice::Managed) else {
        return;
    };
    let reader = insert(env, 1, "dependent");
    let card = connect(reader);
    assert_eq!(send(&card, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
    assert!(env.readers.remove(1).unwrap(), "there was a card");
    let err = send(&card, &hex(SELECT_JPKI)).expect_err("the card is gone");
    assert_eq!(err, pcsc::Error::RemovedCard);
    assert!(put_card(env, 1, "dependent"));
    let card = connect(reader);
    assert_eq!(send(&card, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
}

/// A swap through `Readers::insert` is a removal PC/SC sees, then an insertion: a handle to the
/// old card fails with `SCARD_W_REMOVED_CARD` (not a reset), and a fresh connection reaches the
/// new card at once (not `SCARD_E_NOT_TRANSACTED`).
#[test]
fn a_swap_is_a_removal_then_an_insertion() {
    let Some(env) = env(SLOTS, PcscdChoice::Managed) else {
        return;
    };
    let reader = insert(env, 2, "employee");
    let old = connect(reader);
    assert_eq!(send(&old, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
    assert!(put_card(env, 2, "dependent"));
    let fresh = connect(reader);
    assert_eq!(send(&fresh, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
    assert_eq!(
        send(&old, &hex(SELECT_JPKI)).unwrap_err(),
        pcsc::Error::RemovedCard
    );
    assert_eq!(
        env.readers.slots()[2].status().persona.as_deref(),
        Some("dependent")
    );
    let events = reader_events(env, reader);
    let actions: Vec<&str> = events
        .iter()
        .filter_map(|e| e.split(' ').next())
        .filter(|a| ["insert", "remove", "swap"].contains(a))
        .collect();
    assert_eq!(actions, ["insert", "remove", "insert"], "{events:?}");
}

/// A card pulled while vpcd waits for its answer (the scenario fault `remove`): the command
/// gets an empty success or an error, never an answer, and the reader is not broken by it:
/// the next card goes in and a fresh connection answers `9000` (`docs/reader.md`, "Known
/// limits").
#[test]
fn a_card_pulled_mid_command_leaves_the_reader_usable() {
    let Some(env) = env(SLOTS, PcscdChoice::Managed) else {
        return;
    };
    let reader = insert(env, 3, "employee");
    let slot = env.readers.slots()[3].clone();
    let card = connect(reader);
    assert_eq!(send(&card, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
    remove_at_read_binary(&slot);
    let mut buffer = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    match card.transmit(&hex("00B0000004"), &mut buffer) {
        Ok(response) => assert!(response.is_empty(), "{response:02X?}"),
        Err(e) => assert!(
            matches!(e, pcsc::Error::RemovedCard | pcsc::Error::NotTransacted),
            "{e:?}"
        ),
    }
    slot.set_hook(None);
    // The old handle fails from now on, and within a few of pcscd's polls says why.
    let start = Instant::now();
    loop {
        let err = send(&card, &hex(SELECT_JPKI)).expect_err("the card is gone");
        if err == pcsc::Error::RemovedCard {
            break;
        }
        assert_eq!(err, pcsc::Error::NotTransacted);
        assert!(start.elapsed() < Duration::from_secs(5), "still {err:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(put_card(env, 3, "dependent"));
    let card = connect(reader);
    assert_eq!(send(&card, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
    let events = reader_events(env, reader);
    assert!(
        events
            .iter()
            .any(|e| e == "vpcd-close card removed mid-command"),
        "{events:?}"
    );
}

/// The runner's pattern: the client powers the card down as soon as its command came back
/// empty (as the reference client does), and the next scenario's card goes straight in. The
/// client's power-down marks the reader empty before pcscd's own poll has seen the card leave;
/// without the link's hold-off (`slot::HOLD_OFF`) pcscd never noticed the new card.
#[test]
fn a_card_pulled_mid_command_can_be_replaced_at_once() {
    let Some(env) = env(SLOTS, PcscdChoice::Managed) else {
        return;
    };
    let reader = insert(env, 5, "employee");
    let slot = env.readers.slots()[5].clone();
    let card = connect(reader);
    assert_eq!(send(&card, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
    remove_at_read_binary(&slot);
    let mut buffer = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    let pulled = card
        .transmit(&hex("00B0000004"), &mut buffer)
        .map(<[u8]>::len);
    assert!(matches!(pulled, Ok(0) | Err(_)), "{pulled:?}");
    let _ = card.disconnect(pcsc::Disposition::UnpowerCard);
    slot.set_hook(None);
    assert!(!env.readers.remove(5).unwrap(), "the card had left already");
    assert!(put_card(env, 5, "dependent"));
    let card = connect(reader);
    assert_eq!(send(&card, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
}

/// The trace records each vpcd connection and the presence poll's answer when it changes, but
/// not the poll itself, which pcscd sends every 400 ms.
#[test]
fn link_events_are_traced_without_the_presence_poll() {
    let Some(env) = env(SLOTS, PcscdChoice::Managed) else {
        return;
    };
    let reader = insert(env, 4, "employee");
    let before = reader_events(env, reader);
    assert!(
        before
            .iter()
            .any(|e| e.starts_with("vpcd-connect 127.0.0.1:")),
        "{before:?}"
    );
    assert!(
        before.iter().any(|e| e == "get-atr 3BE000FF8131FE4514"),
        "{before:?}"
    );
    // Three polls later, no new poll answer (pcscd may power an idle card off meanwhile).
    let polls = |events: &[String]| events.iter().filter(|e| e.starts_with("get-atr")).count();
    std::thread::sleep(Duration::from_millis(1300));
    let idle = reader_events(env, reader);
    assert_eq!(polls(&idle), 1, "{idle:?}");
    assert!(env.readers.remove(4).unwrap());
    let after = reader_events(env, reader);
    assert_eq!(
        &after[idle.len()..],
        ["remove ", "vpcd-close card removed"],
        "{after:?}"
    );
}

/// The managed pcscd sees an empty USB drivers directory, so it does not also take over the
/// machine's real CCID readers.
#[test]
fn the_managed_pcscd_sees_no_usb_drivers() {
    let Some(env) = env(SLOTS, PcscdChoice::Managed) else {
        return;
    };
    let pid = env.readers.pcscd().unwrap().pid().unwrap();
    let seen = std::fs::read_dir(format!(
        "/proc/{pid}/root{}",
        mynakit_reader::pcscd::USB_DRIVERS
    ))
    .unwrap()
    .count();
    assert_eq!(seen, 0, "pcscd's view of the USB drivers directory");
    let mounts = std::fs::read_to_string(format!("/proc/{pid}/mountinfo")).unwrap();
    assert!(
        mounts.contains(&format!(" {} ", mynakit_reader::pcscd::USB_DRIVERS)),
        "{mounts}"
    );
}
