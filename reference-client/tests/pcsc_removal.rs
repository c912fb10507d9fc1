//! The PC/SC transport when the card is pulled in the middle of a command: Debian's vpcd driver
//! answers that command with success and no bytes at all, and the transport must report the card
//! as removed rather than hand the client an empty response (`docs/reader.md`, "Known limits").
//! Needs root, `pcscd` and `vpcd` (skipped without them unless `CI` is set). Alone in its test
//! binary: libpcsclite takes the private pcscd's socket from this process's environment.

#![allow(clippy::unwrap_used)]

mod common;

use mynakit_reader::{Intercept, InterceptAction};
use mynakit_reference_client::{CardError, CardTransport, PcscCard};

const SELECT_JPKI: [u8; 15] = [
    0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
];

#[test]
fn a_card_pulled_mid_command_is_reported_as_removed() {
    let Some(readers) = common::pcsc_reader_with("employee") else {
        return;
    };
    let slot = &readers.slots()[0];
    // The card leaves as it receives READ BINARY.
    slot.set_hook(Some(Box::new(|apdu: &[u8]| Intercept {
        action: if apdu.get(1) == Some(&0xB0) {
            InterceptAction::Remove
        } else {
            InterceptAction::Pass
        },
        ..Default::default()
    })));
    let mut transport = PcscCard::new(slot.reader()).unwrap();
    assert_eq!(transport.transmit(&SELECT_JPKI).unwrap(), [0x90, 0x00]);
    assert_eq!(
        transport.transmit(&[0x00, 0xB0, 0x00, 0x00, 0x04]),
        Err(CardError::Removed)
    );
    assert_eq!(
        transport.transmit(&SELECT_JPKI),
        Err(CardError::Removed),
        "the transport stays failed"
    );
}
