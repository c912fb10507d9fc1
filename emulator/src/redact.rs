//! Redaction of PIN bytes in anything that leaves the card: traces, scripts, reports.
//!
//! VERIFY (`00 20`), CHANGE REFERENCE DATA (`00 24`) and JICSAP CHANGE KEY (`80 32`) carry PINs,
//! passwords and 照合番号 (which include the 個人番号). Their data field is replaced by `*`s of the
//! same length, so transcripts stay readable and lengths stay checkable.

use crate::apdu::Command;

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

/// Whether a command carries a secret in its data field.
pub fn carries_secret(c: &Command<'_>) -> bool {
    !c.data.is_empty()
        && matches!(
            (c.cla & 0x80 != 0, c.ins),
            (false, 0x20) | (false, 0x24) | (true, 0x32)
        )
}

/// Upper-case hex of a C-APDU with any secret data field replaced by `**` per byte.
///
/// Bytes that do not decode as a command are shown as they are: they cannot be a well-formed
/// VERIFY, and hiding them would hide the client's bug.
pub fn command_hex(capdu: &[u8]) -> String {
    match Command::decode(capdu) {
        Ok(c) if carries_secret(&c) => {
            let start = capdu.len() - c.data.len() - trailer_len(&c);
            let mut out = hex_upper(&capdu[..start]);
            out.push_str(&"**".repeat(c.data.len()));
            out.push_str(&hex_upper(&capdu[start + c.data.len()..]));
            out
        }
        _ => hex_upper(capdu),
    }
}

/// The same bytes with the secret zeroed, for traces that store bytes rather than text.
pub fn command_bytes(capdu: &[u8]) -> Vec<u8> {
    let mut out = capdu.to_vec();
    if let Ok(c) = Command::decode(capdu) {
        if carries_secret(&c) {
            let start = capdu.len() - c.data.len() - trailer_len(&c);
            out[start..start + c.data.len()].fill(0);
        }
    }
    out
}

fn trailer_len(c: &Command<'_>) -> usize {
    match c.le {
        crate::apdu::Le::Absent => 0,
        crate::apdu::Le::Short(_) => 1,
        crate::apdu::Le::Extended(_) => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            command_bytes(&[0, 0x20, 0, 0x80, 1, b'7']),
            [0, 0x20, 0, 0x80, 1, 0]
        );
    }
}
