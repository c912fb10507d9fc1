//! The phone profiles (`docs/card.md`, "Phone profiles"): the スマホ用電子証明書 of an Android
//! phone (GP-SE) and an iPhone, as a PC/SC client sees them: the JPKI AP alone, the token label
//! in EF `0006`, the 利用者証明用 certificate behind the PIN (jpki/myna `src/jpki.rs`), no 券面AP
//! or 入力補助AP (ITmedia 2023-05), a contactless ATR, and their own certificates.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::*;
use mynakit_emulator::{Behaviour, PHONE_ATR};

const SELECT_AUTH_CERT: &str = "00A4020C02000A";
const READ_HEADER: &str = "00B0000004";

/// SELECT EF `0018` and VERIFY `pin` against it (the current-EF form clients use).
fn verify_auth(card: &mut mynakit_emulator::Card, pin: &str) -> Vec<u8> {
    assert_eq!(card.transmit(&h("00A4020C020018")), [0x90, 0x00]);
    card.transmit(&[h("0020008004"), pin.as_bytes().to_vec()].concat())
}

fn label(persona: &str) -> String {
    let mut card = card(persona);
    assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    assert_eq!(card.transmit(&h("00A4020C020006")), [0x90, 0x00]);
    let r = card.transmit(&h("00B0000020"));
    String::from_utf8(r[..32].to_vec())
        .unwrap()
        .trim_end()
        .to_owned()
}

#[test]
fn each_token_names_itself_in_ef_0006() {
    assert_eq!(label("employee"), "JPKIAPICCTOKEN2");
    assert_eq!(label("phone-android"), "JPKIAPGPSETOKEN");
    assert_eq!(label("phone-iphone"), "JPKIAPIOSTOKEN");
}

#[test]
fn a_phone_answers_with_a_contactless_atr_whose_tck_checks() {
    for persona in ["phone-android", "phone-iphone"] {
        let card = card(persona);
        assert_eq!(card.atr(), PHONE_ATR, "{persona}");
        let (tck, body) = card.atr()[1..].split_last().unwrap();
        assert_eq!(body.iter().fold(0, |acc, b| acc ^ b), *tck, "{persona}");
    }
    assert_eq!(
        &PHONE_ATR[..4],
        [0x3B, 0x88, 0x80, 0x01],
        "PC/SC Part 3 contactless form"
    );
}

#[test]
fn a_phone_has_the_jpki_ap_only() {
    for persona in ["phone-android", "phone-iphone"] {
        let mut card = card(persona);
        for (ap, select) in [
            ("券面事項入力補助AP", "00A4040C0AD3921000310001010408"),
            ("券面事項確認AP", "00A4040C0AD3921000310001010402"),
            ("共通AP", "00A4040C0AD3921000310001010100"),
            ("住基AP", "00A4040C0AD3921000310001010401"),
        ] {
            assert_eq!(card.transmit(&h(select)), [0x6A, 0x82], "{persona}: {ap}");
        }
        assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00], "{persona}");
    }
}

#[test]
fn the_android_auth_certificate_needs_the_pin() {
    let mut card = card("phone-android");
    assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    assert_eq!(card.transmit(&h(SELECT_AUTH_CERT)), [0x90, 0x00]);
    assert_eq!(
        card.transmit(&h(READ_HEADER)),
        [0x69, 0x82],
        "before VERIFY"
    );
    assert_eq!(verify_auth(&mut card, "1234"), [0x90, 0x00]);
    assert_eq!(card.transmit(&h(SELECT_AUTH_CERT)), [0x90, 0x00]);
    assert_eq!(
        &card.transmit(&h(READ_HEADER))[..2],
        [0x30, 0x82],
        "after VERIFY"
    );
    // The CA certificate stays free, as on the card.
    assert_eq!(card.transmit(&h("00A4020C02000B")), [0x90, 0x00]);
    assert_eq!(&card.transmit(&h(READ_HEADER))[..2], [0x30, 0x82]);
}

#[test]
fn the_iphone_is_unlocked_on_the_phone_unless_told_otherwise() {
    let mut unlocked = card("phone-iphone");
    assert_eq!(unlocked.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    assert_eq!(unlocked.transmit(&h(SELECT_AUTH_CERT)), [0x90, 0x00]);
    assert_eq!(&unlocked.transmit(&h(READ_HEADER))[..2], [0x30, 0x82]);
    let locked = Behaviour {
        phone_unlocked: false,
        ..Behaviour::default()
    };
    let mut locked = card_with("phone-iphone", locked);
    assert_eq!(locked.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    assert_eq!(locked.transmit(&h(SELECT_AUTH_CERT)), [0x90, 0x00]);
    assert_eq!(locked.transmit(&h(READ_HEADER)), [0x69, 0x82]);
}

#[test]
fn the_switch_changes_nothing_on_a_card() {
    let b = Behaviour {
        phone_unlocked: false,
        ..Behaviour::default()
    };
    for mut card in [card("employee"), card_with("employee", b)] {
        assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
        assert_eq!(card.transmit(&h(SELECT_AUTH_CERT)), [0x90, 0x00]);
        assert_eq!(&card.transmit(&h(READ_HEADER))[..2], [0x30, 0x82]);
    }
}

#[test]
fn the_phone_has_its_own_certificates_issued_from_the_card_identity() {
    let (card_persona, card_material) = persona("employee");
    for id in ["phone-android", "phone-iphone"] {
        let (phone, material) = persona(id);
        assert_eq!(
            phone.identity, card_persona.identity,
            "{id}: the card's person"
        );
        assert_ne!(
            phone.certificates.auth_serial,
            card_persona.certificates.auth_serial
        );
        assert_ne!(
            material.auth.cert_der, card_material.auth.cert_der,
            "{id}: not a copy"
        );
    }
}
