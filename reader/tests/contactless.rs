//! The contactless reader profile through a real pcscd: PC/SC sees the reader's synthesised
//! PC/SC Part 3 ATR (or one the user configured), whole and with its check byte, and the card
//! answers as usual.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use mynakit_reader::DEFAULT_CONTACTLESS_ATR;
use mynakit_reader::{PcscdChoice, ReaderProfile};

fn atr_seen(reader: &str) -> Vec<u8> {
    let card = connect(reader);
    let mut names = [0u8; 256];
    let mut atr = [0u8; 64];
    let status = card.status2(&mut names, &mut atr).unwrap();
    assert_eq!(
        send(&card, &hex("00A4040C0AD392F000260100000001"))
            .unwrap()
            .1,
        0x9000
    );
    status.atr().to_vec()
}

#[test]
fn contactless_readers_show_their_own_atr() {
    let Some(env) = env_with(1, PcscdChoice::Managed, ReaderProfile::contactless()) else {
        return;
    };
    let reader = insert(env, 0, "employee");
    let seen = atr_seen(reader);
    assert_eq!(seen, DEFAULT_CONTACTLESS_ATR);
    // T0 = 88: 8 historical bytes after TD1 TD2, then TCK.
    assert_eq!(seen.len(), 4 + 8 + 1);
    assert_eq!(mynakit_apdu::Atr::check(&seen), Ok(()));

    // A configured ATR (here a Japanese driving licence's, from pcsc-tools' list) is what PC/SC
    // sees once the card is put back.
    let licence = "3B 88 80 01 00 00 00 00 91 81 C1 00 D8";
    env.readers.slots()[0].set_profile(ReaderProfile::contactless_hex(licence).unwrap());
    assert!(put_card(env, 0, "employee"));
    assert_eq!(seen_hex(&atr_seen(reader)), licence.replace(' ', ""));
}

fn seen_hex(atr: &[u8]) -> String {
    ::hex::encode_upper(atr)
}
