//! The contactless reader profile through a real pcscd: PC/SC sees the reader's synthesised
//! PC/SC Part 3 ATR, and the card answers as usual.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use mynakit_reader::{PcscdChoice, ReaderProfile};

#[test]
fn contactless_readers_show_their_own_atr() {
    let profile = ReaderProfile::contactless();
    let Some(env) = env_with(1, PcscdChoice::Managed, profile.clone()) else {
        return;
    };
    let reader = insert(env, 0, "employee");
    let card = connect(reader);
    let mut names = [0u8; 256];
    let mut atr = [0u8; 64];
    let status = card.status2(&mut names, &mut atr).unwrap();
    let ReaderProfile::Contactless { atr: expected } = profile else {
        unreachable!()
    };
    assert_eq!(status.atr(), expected.as_slice());
    assert_eq!(
        send(&card, &hex("00A4040C0AD392F000260100000001"))
            .unwrap()
            .1,
        0x9000
    );
}
