//! Transcript snapshots of the PIN flows: status, wrong, lockout, blocked and change. The
//! rendering redacts PIN bytes, so these snapshots also show that nothing leaks.

#![allow(clippy::unwrap_used)]

use crate::common;

use common::*;
use mynakit_apdu::Application;
use mynakit_emulator::PinState;

#[test]
fn status_wrong_lockout_blocked() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    t.expect(SELECT_JPKI, 0x9000);
    t.expect("00A4020C020018", 0x9000);
    t.note("status");
    t.expect("00200080", 0x63C3);
    t.note("three wrong PINs");
    t.expect(&hex::encode(verify(0x80, "0000")), 0x63C2);
    t.expect(&hex::encode(verify(0x80, "0000")), 0x63C1);
    t.expect(&hex::encode(verify(0x80, "0000")), 0x63C0);
    t.note("blocked: status still 63C0, VERIFY 6984 even with the right PIN");
    t.expect("00200080", 0x63C0);
    t.expect(&hex::encode(verify(0x80, "1234")), 0x6984);
    let text = t.text.clone();
    assert!(
        !text.contains("31323334") && !text.contains("30303030"),
        "PINs are redacted"
    );
    let pin = card.pin(Application::Jpki, 0x18).unwrap();
    assert_eq!((pin.tries_left, pin.state), (0, PinState::Blocked));
    insta::assert_snapshot!(text);
}

fn change(new: &str) -> String {
    let mut apdu = vec![0x00, 0x24, 0x01, 0x80, new.len() as u8];
    apdu.extend_from_slice(new.as_bytes());
    hex::encode(apdu)
}

#[test]
fn change_pin() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    t.expect(SELECT_JPKI, 0x9000);
    t.expect("00A4020C020018", 0x9000);
    t.note("CHANGE REFERENCE DATA needs the old PIN verified first");
    t.expect(&change("5678"), 0x6982);
    t.expect(&hex::encode(verify(0x80, "1234")), 0x9000);
    t.expect(&change("5678"), 0x9000);
    t.note("the old PIN is now wrong, the new one right");
    t.expect(&hex::encode(verify(0x80, "1234")), 0x63C2);
    t.expect(&hex::encode(verify(0x80, "5678")), 0x9000);
    t.expect("00200080", 0x63C3);
    let text = t.text.clone();
    assert!(!text.contains("35363738"), "new PINs are redacted too");
    assert!(card.pin(Application::Jpki, 0x18).unwrap().verified);
    insta::assert_snapshot!(text);
}
