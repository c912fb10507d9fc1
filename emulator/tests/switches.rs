//! Every `Behaviour` switch (the card behaviours public sources leave uncertain) changes what the
//! card does, and its default is the one `docs/card.md` documents.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use mynakit_emulator::pin::{NotSetPolicy, WrongFormatPolicy};
use mynakit_emulator::{Behaviour, Card, Sw};

fn sw(card: &mut Card, apdu: &str) -> u16 {
    let r = card.transmit(&h(apdu));
    u16::from_be_bytes([r[r.len() - 2], r[r.len() - 1]])
}

fn verified_then(card: &mut Card, between: impl FnOnce(&mut Card)) -> u16 {
    assert_eq!(sw(card, SELECT_JPKI), 0x9000);
    assert_eq!(sw(card, "002000980431323334"), 0x9000);
    between(card);
    sw(card, "802A00970301020300")
}

#[test]
fn reselecting_the_same_df() {
    let reselect = |card: &mut Card| {
        sw(card, SELECT_JPKI);
    };
    assert_eq!(
        verified_then(&mut card("employee"), reselect),
        0x9000,
        "default: kept"
    );
    let clears = Behaviour {
        reselect_same_df_clears: true,
        ..Behaviour::default()
    };
    assert_eq!(
        verified_then(&mut card_with("employee", clears), reselect),
        0x6982
    );
}

#[test]
fn warm_reset() {
    let reset = |card: &mut Card| {
        card.warm_reset();
        sw(card, SELECT_JPKI);
    };
    assert_eq!(
        verified_then(&mut card("employee"), reset),
        0x9000,
        "default: kept"
    );
    let clears = Behaviour {
        warm_reset_clears: true,
        ..Behaviour::default()
    };
    assert_eq!(
        verified_then(&mut card_with("employee", clears), reset),
        0x6982
    );
}

#[test]
fn certificate_filler() {
    let der = persona("employee").1.auth.cert_der;
    let whole = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        sw(card, "00A4020C02000A");
        let r = card.transmit(&h("00B00000000000"));
        r[..r.len() - 2].to_vec()
    };
    assert_eq!(
        whole(&mut card("employee")),
        der,
        "default: EF size = DER length"
    );
    let filled = Behaviour {
        cert_filler: 16,
        ..Behaviour::default()
    };
    let data = whole(&mut card_with("employee", filled));
    assert_eq!(data.len(), der.len() + 16);
    assert!(data.starts_with(&der) && data[der.len()..].iter().all(|b| *b == 0xFF));
}

#[test]
fn signing_with_a_blocked_pin() {
    let attempt = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        sw(card, "802A00970301020300")
    };
    assert_eq!(attempt(&mut card("pin-locked")), 0x6982, "default 6982");
    let b = Behaviour {
        sign_with_blocked_pin: Sw::RefDataNotUsable,
        ..Behaviour::default()
    };
    assert_eq!(attempt(&mut card_with("pin-locked", b)), 0x6984);
    assert_eq!(
        attempt(&mut card_with(
            "employee",
            Behaviour {
                sign_with_blocked_pin: Sw::RefDataNotUsable,
                ..Behaviour::default()
            }
        )),
        0x6982,
        "not blocked: still 6982"
    );
}

#[test]
fn reading_past_the_end() {
    let past = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        sw(card, "00A4020C020008");
        sw(card, "00B0000301")
    };
    assert_eq!(past(&mut card("employee")), 0x6B00);
    let b = Behaviour {
        read_past_end: Sw::Other(0x6282),
        ..Behaviour::default()
    };
    assert_eq!(past(&mut card_with("employee", b)), 0x6282);
}

#[test]
fn fci_on_select() {
    let select = |card: &mut Card| {
        card.transmit(&h("00A4040 00AD392F00026010000000100"
            .replace(' ', "")
            .as_str()))
    };
    assert_eq!(select(&mut card("employee")), [0x90, 0x00]);
    let b = Behaviour {
        fci_on_select: true,
        ..Behaviour::default()
    };
    let r = select(&mut card_with("employee", b));
    assert_eq!(hex::encode_upper(&r), "6F0C840AD392F0002601000000019000");
    let b = Behaviour {
        fci_on_select: true,
        ..Behaviour::default()
    };
    assert_eq!(
        card_with("employee", b).transmit(&h(SELECT_JPKI)),
        [0x90, 0x00],
        "P2=0C never has an FCI"
    );
}

#[test]
fn first_command_after_power_on() {
    let b = Behaviour {
        first_command_fails: true,
        ..Behaviour::default()
    };
    let mut card = card_with("employee", b);
    assert_eq!(sw(&mut card, SELECT_JPKI), 0x6F00);
    assert_eq!(sw(&mut card, SELECT_JPKI), 0x9000);
    card.power_off();
    card.power_on();
    assert_eq!(sw(&mut card, SELECT_JPKI), 0x6F00);
    let mut normal = common::card("employee");
    assert_eq!(sw(&mut normal, SELECT_JPKI), 0x9000);
}

#[test]
fn verify_with_a_wrong_format() {
    let attempt = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        (sw(card, "00200098053132333435"), sw(card, "00200098"))
    };
    assert_eq!(
        attempt(&mut card("employee")),
        (0x63C2, 0x63C2),
        "default: a wasted try"
    );
    let b = Behaviour {
        verify_wrong_format: WrongFormatPolicy::Reject(Sw::WrongLength),
        ..Behaviour::default()
    };
    assert_eq!(attempt(&mut card_with("employee", b)), (0x6700, 0x63C3));
}

#[test]
fn pins_never_set() {
    let attempt = |card: &mut Card| {
        sw(card, SELECT_JPKI);
        (sw(card, "00200098"), sw(card, "002000980431323334"))
    };
    assert_eq!(attempt(&mut card("face-auth")), (0x63C0, 0x6984));
    let b = Behaviour {
        not_set_pin: NotSetPolicy {
            empty_verify: Sw::RefDataNotUsable,
            verify: Sw::ConditionsNotSatisfied,
        },
        ..Behaviour::default()
    };
    assert_eq!(attempt(&mut card_with("face-auth", b)), (0x6984, 0x6985));
}

#[test]
fn printed_key_counters() {
    let b = Behaviour {
        collation_a_tries: 5,
        collation_b_tries: 7,
        birth_key_tries: 3,
        ..Behaviour::default()
    };
    let mut card = card_with("employee", b);
    assert_eq!(sw(&mut card, SELECT_KENHOJO), 0x9000);
    assert_eq!(
        (sw(&mut card, "00200094"), sw(&mut card, "00200095")),
        (0x63C5, 0x63C7)
    );
    assert_eq!(sw(&mut card, SELECT_KENKAKU), 0x9000);
    assert_eq!(sw(&mut card, "00200091"), 0x63C3);
}

#[test]
fn challenge_seed() {
    let challenge = |card: &mut Card| card.transmit(&h("0084000008"));
    let a = challenge(&mut card("employee"));
    assert_eq!(
        a,
        challenge(&mut card("employee")),
        "default: derived from the serial, reproducible"
    );
    assert_ne!(
        a,
        challenge(&mut card("dependent")),
        "another card, other challenges"
    );
    let seeded = Behaviour {
        rng_seed: Some(7),
        ..Behaviour::default()
    };
    assert_ne!(a, challenge(&mut card_with("employee", seeded)));
}
