//! The in-process API of `docs/card.md` ("In-process API"): power, warm reset, and the read-only
//! inspection of PIN counters and security state that tests and `mynakit serve` use.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::*;
use mynakit_apdu::Application;
use mynakit_emulator::PinState;

#[test]
fn inspection_follows_verify_reset_and_power() {
    let mut card = card("employee");
    assert_eq!(card.current_app(), None, "power-on: MF level");
    assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    assert_eq!(card.current_app(), Some(Application::Jpki));
    assert_eq!(card.transmit(&verify(0x98, "0000")), [0x63, 0xC2]);
    let auth = card.pin(Application::Jpki, 0x18).unwrap();
    assert_eq!(
        (auth.tries_left, auth.max_tries, auth.verified),
        (2, 3, false)
    );
    assert_eq!(auth.state, PinState::Active { tries_left: 2 });
    assert_eq!(card.transmit(&verify(0x98, "1234")), [0x90, 0x00]);
    assert!(card.pin(Application::Jpki, 0x18).unwrap().verified);
    assert_eq!(card.verified_pins(), [0x18]);
    assert_eq!(card.pin(Application::Jpki, 0x18).unwrap().tries_left, 3);

    card.warm_reset();
    assert_eq!(card.current_app(), None, "a warm reset returns to MF level");
    assert!(card.verified_pins().is_empty(), "nothing is in force at MF");
    assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    assert_eq!(card.verified_pins(), [0x18], "the DF finds its PIN again");

    card.power_off();
    assert!(!card.is_powered());
    assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x6F, 0x00], "no power");
    card.power_on();
    assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    assert!(
        card.verified_pins().is_empty(),
        "power-off clears everything"
    );
}

#[test]
fn every_pin_is_listed_with_its_counter() {
    let card = card("employee");
    let listed: Vec<(Application, u16, u8)> = card
        .pins()
        .iter()
        .map(|p| (p.app, p.fid, p.max_tries))
        .collect();
    for expected in [
        (Application::Jpki, 0x18, 3),
        (Application::Jpki, 0x1B, 5),
        (Application::Kenhojo, 0x11, 3),
        (Application::Kenhojo, 0x14, 10),
        (Application::Kenhojo, 0x15, 10),
        (Application::Kenkaku, 0x11, 10),
        (Application::Common, 0x1C, 3),
        (Application::Juki, 0x1C, 3),
    ] {
        assert!(listed.contains(&expected), "{expected:?} in {listed:?}");
    }
}

#[test]
fn set_pin_tries_blocks_a_running_card() {
    let mut card = card("employee");
    assert!(card.set_pin_tries(Application::Jpki, 0x18, 0));
    assert_eq!(
        card.pin(Application::Jpki, 0x18).unwrap().state,
        PinState::Blocked
    );
    assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    assert_eq!(card.transmit(&verify(0x98, "1234")), [0x69, 0x84]);
    assert!(
        !card.set_pin_tries(Application::Jpki, 0x99, 1),
        "no such PIN"
    );
}
