//! Answers that depend on a length (`docs/card.md`, "Other commands" and "Signature `80 2A`"):
//! GET CHALLENGE returns exactly Le bytes, and `80 2A 00` signs any 1…k−11 bytes.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::*;

#[test]
fn get_challenge_returns_exactly_le_bytes() {
    let mut card = card("employee");
    for (le, len) in [
        (0x01u8, 1usize),
        (0x08, 8),
        (0x20, 32),
        (0xFF, 255),
        (0x00, 256),
    ] {
        let r = card.transmit(&[0x00, 0x84, 0x00, 0x00, le]);
        assert_eq!(r.len(), len + 2, "Le {le:02X}");
        assert_eq!(&r[len..], [0x90, 0x00]);
    }
    let a = card.transmit(&h("0084000010"));
    let b = card.transmit(&h("0084000010"));
    assert_ne!(a, b, "every challenge is fresh");
    assert_eq!(card.transmit(&h("00840000")), [0x67, 0x00], "no Le");
}

#[test]
fn the_raw_signature_takes_1_to_k_minus_11_bytes() {
    let mut card = card("employee");
    assert_eq!(card.transmit(&h(SELECT_JPKI)), [0x90, 0x00]);
    assert_eq!(card.transmit(&verify(0x98, "1234")), [0x90, 0x00]);
    for len in [1usize, 35, 51, 245] {
        let r = card.transmit(&sign(0x97, &vec![0x5A; len]));
        assert_eq!(r.len(), 258, "{len} bytes are signed");
        assert_eq!(&r[256..], [0x90, 0x00]);
    }
    let mut too_long = vec![0x80, 0x2A, 0x00, 0x97, 246];
    too_long.extend_from_slice(&[0x5A; 246]);
    too_long.push(0x00);
    assert_eq!(card.transmit(&too_long), [0x67, 0x00], "k−11 is the limit");
    assert_eq!(
        card.transmit(&h("802A009700")),
        [0x67, 0x00],
        "nothing to sign"
    );
}
