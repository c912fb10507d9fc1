//! Arbitrary input never panics the card, and every answer ends with a status word. Random bytes
//! rarely get past the APDU codec, so a second strategy builds commands from the instructions
//! the card knows with random parameters and data, reaching the handlers' edge cases.
//! (`fuzz/` has the libFuzzer target for longer runs: `cargo fuzz run transmit`.)
#![allow(clippy::unwrap_used)]

use crate::common;

use std::sync::OnceLock;

use mynakit_emulator::Card;
use proptest::prelude::*;

fn template() -> &'static Card {
    static CARD: OnceLock<Card> = OnceLock::new();
    CARD.get_or_init(|| common::card("employee"))
}

fn known_command() -> impl Strategy<Value = Vec<u8>> {
    let cla = prop_oneof![Just(0x00u8), Just(0x80u8), Just(0x08u8), any::<u8>()];
    let ins = prop_oneof![
        Just(0xA4u8),
        Just(0xB0),
        Just(0xB2),
        Just(0x20),
        Just(0x24),
        Just(0x84),
        Just(0x88),
        Just(0xCA),
        Just(0x2A),
        Just(0x32),
        Just(0xAE),
        Just(0xA2),
        Just(0xFC),
        any::<u8>()
    ];
    let data = proptest::collection::vec(any::<u8>(), 0..300);
    let le = proptest::option::of(any::<u16>());
    (cla, ins, any::<u8>(), any::<u8>(), data, le, any::<bool>()).prop_map(
        |(cla, ins, p1, p2, data, le, ext)| {
            let mut apdu = vec![cla, ins, p1, p2];
            let extended = ext || data.len() > 255;
            if !data.is_empty() {
                if extended {
                    apdu.push(0);
                    apdu.extend_from_slice(&(data.len() as u16).to_be_bytes());
                } else {
                    apdu.push(data.len() as u8);
                }
                apdu.extend_from_slice(&data);
            }
            if let Some(le) = le {
                if extended {
                    if data.is_empty() {
                        apdu.push(0);
                    }
                    apdu.extend_from_slice(&le.to_be_bytes());
                } else {
                    apdu.push(le as u8);
                }
            }
            apdu
        },
    )
}

/// A prefix that reaches inside the APs with credentials verified.
fn preamble() -> Vec<Vec<u8>> {
    [
        "00A4040C0AD392F000260100000001",
        "002000980431323334",
        "00A4020C02000A",
    ]
    .iter()
    .map(|h| common::h(h))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(apdus in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 1..8)) {
        let mut card = template().clone();
        for apdu in apdus {
            prop_assert!(card.transmit(&apdu).len() >= 2);
        }
    }

    #[test]
    fn known_instructions_with_random_parameters_never_panic(
        select in prop_oneof![Just(0usize), Just(3)],
        apdus in proptest::collection::vec(known_command(), 1..12),
    ) {
        let mut card = template().clone();
        for apdu in preamble().into_iter().take(select) {
            card.transmit(&apdu);
        }
        for apdu in apdus {
            let r = card.transmit(&apdu);
            prop_assert!(r.len() >= 2);
            let sw = u16::from_be_bytes([r[r.len() - 2], r[r.len() - 1]]);
            prop_assert!(!(0x6100..=0x61FF).contains(&sw) && !(0x6C00..=0x6CFF).contains(&sw), "never 61xx/6Cxx");
        }
    }
}
