//! What distinguishes the card profiles, byte for byte (`docs/card.md`, "Transport and ATR" and
//! "Card profiles"): the ATR, the ATR again through GET DATA `5F51`, JPKI EF `0008`, and the
//! PROVISIONAL marker of the next-generation profile.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::*;
use mynakit_emulator::CardProfile;
use mynakit_persona::CardProfileName;

/// OpenSC `jpki_atrs`; myna-browser-extension requires exactly these bytes.
const STANDARD_ATR: &str = "3BE000FF8131FE4514";
/// OpenSC issue #3021, a card with a 2024-issued auth certificate.
const SECOND_VENDOR_ATR: &str = "3BDA13FF8131FB468012392F31C173C601C03B";

fn atr_of(persona: &str) -> String {
    hex::encode_upper(card(persona).atr())
}

/// GET DATA `5F51` at MF level: the ATR without TS, no tag (myna-card `card.rs` `contact_atr`
/// and its unit test `the_contact_atr_gets_its_ts_back_and_is_checked`).
fn get_data_atr(persona: &str) -> String {
    hex::encode_upper(card(persona).transmit(&h("00CA5F5100")))
}

#[test]
fn the_standard_atr() {
    assert_eq!(atr_of("employee"), STANDARD_ATR);
    assert_eq!(get_data_atr("employee"), "E000FF8131FE45149000");
}

/// myna-card checks the value: its last byte (TCK) is the XOR of the others.
#[test]
fn the_atr_data_object_passes_the_tck_check() {
    for persona in ["employee", "second-vendor"] {
        let r = card(persona).transmit(&h("00CA5F5100"));
        let value = &r[..r.len() - 2];
        let (tck, body) = value.split_last().expect("not empty");
        assert_eq!(body.iter().fold(0, |acc, b| acc ^ b), *tck, "{persona}");
    }
}

#[test]
fn the_second_vendor_atr() {
    assert_eq!(atr_of("second-vendor"), SECOND_VENDOR_ATR);
    assert_eq!(
        get_data_atr("second-vendor"),
        format!("{}9000", &SECOND_VENDOR_ATR[2..]),
        "GET DATA gives the 18 bytes after TS"
    );
    assert_eq!(
        card("second-vendor").transmit(&h("00CA5F5110")),
        [0x67, 0x00],
        "a short Le is refused"
    );
}

#[test]
fn every_profile_but_the_second_vendor_has_the_standard_atr() {
    for persona in ["face-auth", "under-15", "next-gen", "pin-locked"] {
        assert_eq!(atr_of(persona), STANDARD_ATR, "{persona}");
    }
}

#[test]
fn a_warm_reset_and_a_power_cycle_answer_the_same_atr() {
    let mut card = card("second-vendor");
    let atr = card.atr().to_vec();
    assert_eq!(card.warm_reset(), atr.as_slice());
    card.power_off();
    assert_eq!(card.power_on(), atr.as_slice());
}

/// JPKI EF `0008`: sign certificate flag, auth certificate flag, `00` (myna-card).
fn ef0008(persona: &str) -> String {
    let mut card = card(persona);
    assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    hex::encode_upper(card.transmit(&h("00B0880000")))
}

#[test]
fn ef0008_flags_each_certificate() {
    assert_eq!(ef0008("employee"), "8F8F009000");
    assert_eq!(ef0008("second-vendor"), "8F8F009000");
    assert_eq!(ef0008("under-15"), "008F009000", "no sign certificate");
    assert_eq!(ef0008("face-auth"), "008F009000", "no sign certificate");
}

#[test]
fn only_the_next_generation_profile_is_provisional() {
    for (persona, provisional) in [
        ("employee", false),
        ("face-auth", false),
        ("under-15", false),
        ("second-vendor", false),
        ("next-gen", true),
    ] {
        let profile = CardProfile::for_name(common::persona(persona).0.card.profile);
        assert_eq!(profile.provisional, provisional, "{persona}");
        let warning = profile.provisional_warning();
        assert_eq!(warning.is_some(), provisional, "{persona}");
        if let Some(text) = warning {
            assert!(
                text.contains("next-gen-p384") && text.contains("PROVISIONAL"),
                "{text}"
            );
            assert!(!text.contains('\n'), "one line");
        }
    }
    assert_eq!(
        common::persona("next-gen").0.card.profile,
        CardProfileName::NextGenP384
    );
}
