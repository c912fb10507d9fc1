//! Fuzzes `Card::transmit` with sequences of APDUs: the input is split on a separator byte so
//! that the fuzzer can reach states (an AP selected, a PIN verified) that need several commands.
//! Run with `cargo fuzz run transmit` from `emulator/`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mynakit_emulator::{personalize, Behaviour, Card};
use mynakit_fixtures::Fixtures;

/// Personalising signs records with RSA, so it is done once and the card cloned per input.
fn template() -> &'static Card {
    static CARD: OnceLock<Card> = OnceLock::new();
    CARD.get_or_init(|| {
        personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default())
            .expect("the bundled employee persona personalises")
    })
}

fuzz_target!(|data: &[u8]| {
    let mut card = template().clone();
    for apdu in data.split(|b| *b == 0xA5) {
        let response = card.transmit(apdu);
        assert!(response.len() >= 2, "every response ends with a status word");
    }
});
