//! A Rust PC/SC client (the `pcsc` crate, through a real pcscd and vsmartcard's vpcd) reads the
//! auth certificate, verifies the PIN, signs, and checks the signature against the certificate;
//! removing the card mid-session surfaces as a removed-card error, and reinsertion works.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use mynakit_emulator::key::SHA256_DIGEST_INFO_PREFIX;
use mynakit_fixtures::timeline::EventKind;
use mynakit_reader::PcscdChoice;
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};

const SELECT_JPKI: &str = "00A4040C0AD392F000260100000001";

#[test]
fn read_certificate_verify_pin_sign_and_check_the_signature() {
    let Some(env) = env(2, PcscdChoice::Managed) else {
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
    let Some(env) = env(2, PcscdChoice::Managed) else {
        return;
    };
    let reader = insert(env, 1, "dependent");
    let card = connect(reader);
    assert_eq!(send(&card, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
    assert!(env.readers.remove(1).unwrap(), "there was a card");
    let err = send(&card, &hex(SELECT_JPKI)).expect_err("the card is gone");
    assert!(
        matches!(
            err,
            pcsc::Error::RemovedCard | pcsc::Error::ResetCard | pcsc::Error::NoSmartcard
        ),
        "got {err:?}"
    );
    assert!(env
        .readers
        .insert(1, common::card("dependent"), "dependent")
        .unwrap());
    let card = connect(reader);
    assert_eq!(send(&card, &hex(SELECT_JPKI)).unwrap().1, 0x9000);
}
