//! Redaction of PIN bytes in anything that leaves the card: traces, scripts, reports.
//!
//! VERIFY (`00 20`), CHANGE REFERENCE DATA (`00 24`) and JICSAP CHANGE KEY (`80 32`) carry PINs,
//! passwords and 照合番号 (which include the 個人番号); ISO 7816-4's RESET RETRY COUNTER
//! (`00 2C`), which the card does not implement, would carry a PUK and a new PIN. Such a command is
//! recognised by its instruction byte alone, in any class, so a client that gets the class or the
//! lengths wrong still has its secret hidden (`docs/card.md`, `docs/timeline.md`).
//!
//! Every byte after the 4-byte header is replaced by `**`, so lengths stay checkable, except the
//! Lc of a command that decodes with a data field: transcripts stay readable and the PIN's length
//! judgeable (`0020008004********`). Whatever follows the data field is hidden too: these commands
//! take no Le, so a trailing byte is more likely a PIN digit that Lc did not count (`Lc = 3` with
//! four digits decodes as three data bytes and an Le) than a length.

use crate::apdu::{Command, Le};

/// Upper-case hex, written through a lookup table: traces encode every R-APDU on the reader's
/// hot path, where the `hex` crate's per-character encoder costs about 6 ns a byte.
pub fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 0x0F)]);
    }
    // Every byte pushed is an ASCII hex digit.
    String::from_utf8(out).unwrap_or_default()
}

/// The instruction bytes whose data field is secret, whatever the class byte says.
const SECRET_INS: [u8; 4] = [0x20, 0x24, 0x2C, 0x32];

/// Whether a C-APDU's instruction carries a secret (see the module documentation).
pub fn carries_secret(capdu: &[u8]) -> bool {
    capdu.get(1).is_some_and(|ins| SECRET_INS.contains(ins))
}

/// Which bytes of a C-APDU are hidden: `None` for none, else the range.
fn secret_range(capdu: &[u8]) -> Option<std::ops::Range<usize>> {
    if !carries_secret(capdu) || capdu.len() <= 4 {
        return None;
    }
    match Command::decode(capdu) {
        Ok(c) if !c.data.is_empty() => {
            Some(capdu.len() - c.data.len() - trailer_len(&c)..capdu.len())
        }
        _ => Some(4..capdu.len()),
    }
}

/// Upper-case hex of a C-APDU with any secret replaced by `**` per byte.
pub fn command_hex(capdu: &[u8]) -> String {
    match secret_range(capdu) {
        Some(secret) => {
            let mut out = hex_upper(&capdu[..secret.start]);
            out.push_str(&"**".repeat(secret.len()));
            out.push_str(&hex_upper(&capdu[secret.end..]));
            out
        }
        None => hex_upper(capdu),
    }
}

/// The same bytes with the secret zeroed, for traces that store bytes rather than text.
pub fn command_bytes(capdu: &[u8]) -> Vec<u8> {
    let mut out = capdu.to_vec();
    if let Some(secret) = secret_range(capdu) {
        out[secret].fill(0);
    }
    out
}

fn trailer_len(c: &Command<'_>) -> usize {
    match c.le {
        Le::Absent => 0,
        Le::Short(_) => 1,
        Le::Extended(_) => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn verify_data_is_hidden() {
        assert_eq!(
            command_hex(&[0, 0x20, 0, 0x80, 4, b'1', b'2', b'3', b'4']),
            "0020008004********"
        );
        assert_eq!(command_hex(&[0, 0x20, 0, 0x80]), "00200080");
        assert_eq!(
            command_hex(&[0, 0x24, 1, 0x80, 2, b'9', b'9']),
            "0024018002****"
        );
        assert_eq!(
            command_hex(&[0x80, 0x32, 0, 0x80, 1, b'9']),
            "80320080 01**".replace(' ', "")
        );
        assert_eq!(
            command_hex(&[0, 0x20, 0, 0x80, 0, 0, 2, b'1', b'2']),
            "0020008000 0002****".replace(' ', "")
        );
    }

    /// The auditor's cases: lengths that lie used to leave the APDU undecoded and in clear.
    #[test]
    fn malformed_pin_commands_hide_everything_after_the_header() {
        // Lc = 5 but 4 bytes follow.
        assert_eq!(
            command_hex(&[0, 0x20, 0, 0x80, 5, b'9', b'8', b'7', b'6']),
            "00200080**********"
        );
        // Lc = 3 but 4 bytes follow: the last digit decodes as Le, and used to leak.
        assert_eq!(
            command_hex(&[0, 0x20, 0, 0x80, 3, b'9', b'8', b'7', b'6']),
            "0020008003********"
        );
        // A well-formed VERIFY with an Le it should not have: the Le is hidden with the data.
        assert_eq!(
            command_hex(&[0, 0x20, 0, 0x80, 4, b'1', b'2', b'3', b'4', 0]),
            "0020008004**********"
        );
        // No Lc at all: one PIN digit reads as Le.
        assert_eq!(command_hex(&[0, 0x20, 0, 0x80, b'9']), "00200080**");
        // A chained or logical-channel class does not decode either.
        assert_eq!(
            command_hex(&[0x10, 0x20, 0, 0x80, 2, b'1', b'2']),
            "10200080******"
        );
        assert_eq!(command_hex(&[0x01, 0x24, 1, 0x80, 1, b'1']), "01240180****");
        // The proprietary CHANGE KEY and ISO's RESET RETRY COUNTER, malformed.
        assert_eq!(
            command_hex(&[0x80, 0x32, 0, 0x80, 9, b'1', b'2']),
            "80320080******"
        );
        assert_eq!(command_hex(&[0, 0x2C, 0, 0x80, 8, b'1']), "002C0080****");
        assert_eq!(
            command_bytes(&[0, 0x20, 0, 0x80, 5, b'9', b'8', b'7', b'6']),
            [0, 0x20, 0, 0x80, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn hex_matches_the_hex_crate() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(hex_upper(&bytes), hex::encode_upper(&bytes));
        assert_eq!(hex_upper(&[]), "");
    }

    #[test]
    fn other_commands_are_untouched() {
        assert_eq!(
            command_hex(&[0x80, 0x2A, 0, 0x80, 1, 0xAB, 0]),
            "802A008001AB00"
        );
        assert_eq!(
            command_hex(&[0x00, 0xB0, 0, 0, 5, 1, 2]),
            "00B00000050102",
            "a malformed command without a secret stays visible"
        );
        assert_eq!(
            command_bytes(&[0, 0x20, 0, 0x80, 1, b'7']),
            [0, 0x20, 0, 0x80, 1, 0]
        );
    }

    proptest! {
        /// A PIN of ASCII digits never shows, whatever Lc claims and whatever follows it. Length
        /// bytes here are below 0x30, so any `3x` byte after the header would be a digit.
        #[test]
        fn pin_digits_never_show(
            cla in prop_oneof![Just(0x00u8), Just(0x80), Just(0x10), Just(0x01), any::<u8>()],
            ins in prop::sample::select(SECRET_INS.to_vec()),
            pin in proptest::collection::vec(b'0'..=b'9', 1..17),
            lc in proptest::option::of(0u8..0x30),
            le in proptest::option::of(0u8..0x30),
        ) {
            let mut capdu = vec![cla, ins, 0x00, 0x80];
            capdu.extend(lc);
            capdu.extend_from_slice(&pin);
            capdu.extend(le);
            let text = command_hex(&capdu);
            prop_assert_eq!(text.len(), capdu.len() * 2);
            let shown = text.as_bytes()[8..].chunks(2).filter(|pair| pair[0] == b'3');
            prop_assert_eq!(shown.count(), 0, "{}", text);
            let bytes = command_bytes(&capdu);
            prop_assert!(bytes[4..].iter().all(|b| !pin.contains(b)), "{:02X?}", bytes);
        }

        #[test]
        fn redaction_never_panics(capdu in proptest::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(command_hex(&capdu).len(), capdu.len() * 2);
            prop_assert_eq!(command_bytes(&capdu).len(), capdu.len());
        }
    }
}
