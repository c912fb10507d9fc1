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

/// `text` (a program's log line, a command line) with the secret of every PIN command written in
/// it as hex hidden, as [`command_hex`] hides it: `Sending: 00 20 00 80 04 39 39 39 39` becomes
/// `Sending: 00 20 00 80 04 ** ** ** **`, `-s 002000800439393939` becomes
/// `-s 0020008004********`. A run of hex bytes (two digits each, joined by nothing, one space or
/// one colon) standing as a word is read as a C-APDU from its start; a run whose second byte is
/// a secret instruction ([`carries_secret`]) has its secret bytes replaced. Reports copy a plain
/// PC/SC program's output, which no protocol message marks as a PIN (`docs/reports.md`,
/// "Secrets"); hiding a few bytes of some other hex that happens to look so is the safe error.
pub fn apdus_in_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        if !word_start || !is_hex_pair(bytes, at) {
            at += 1;
            continue;
        }
        // The run's bytes, each with the offset of its two digits.
        let mut run: Vec<(u8, usize)> = Vec::new();
        let mut end = at;
        let mut next = at;
        while is_hex_pair(bytes, next) {
            let value = u8::from_str_radix(&text[next..next + 2], 16).unwrap_or_default();
            run.push((value, next));
            end = next + 2;
            next = end;
            if matches!(bytes.get(next), Some(b' ' | b':')) && is_hex_pair(bytes, next + 1) {
                next += 1;
            }
        }
        let word_end = bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
        // Already redacted (`0020008004********`, `04 ** **`, `0020008004<redacted>`): left as
        // it is, its Lc visible.
        let marker = |b: Option<&u8>| matches!(b, Some(b'*' | b'<'));
        let redacted = match bytes.get(end) {
            Some(b' ' | b':') => marker(bytes.get(end + 1)),
            other => marker(other),
        };
        let capdu: Vec<u8> = run.iter().map(|(b, _)| *b).collect();
        if let (true, false, Some(secret)) = (word_end, redacted, secret_range(&capdu)) {
            for &(_, offset) in &run[secret] {
                out.push_str(&text[copied..offset]);
                out.push_str("**");
                copied = offset + 2;
            }
        }
        at = end.max(at + 1);
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether two hex digits start at `at`.
fn is_hex_pair(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(u8::is_ascii_hexdigit)
        && bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
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

    #[test]
    fn pin_commands_in_text_are_hidden() {
        assert_eq!(
            apdus_in_text("stdout: Sending: 00 20 00 80 04 39 39 39 39 "),
            "stdout: Sending: 00 20 00 80 04 ** ** ** ** "
        );
        assert_eq!(
            apdus_in_text("opensc-tool -s 00A4020C020018 -s 002000800439393939 -s x"),
            "opensc-tool -s 00A4020C020018 -s 0020008004******** -s x"
        );
        assert_eq!(
            apdus_in_text("apdu 00:20:00:80:04:31:32:33:34."),
            "apdu 00:20:00:80:04:**:**:**:**."
        );
        // Not a word of its own, or not a PIN command: untouched.
        for text in [
            "x002000800439393939",
            "00B0000004 31323334",
            "serial 2020-08-04",
            "日本語 00 20",
            "0020008004********",
            "00 20 00 80 04 ** ** ** **",
            "",
        ] {
            assert_eq!(apdus_in_text(text), text);
        }
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
        fn text_redaction_never_panics_and_keeps_the_length(text in "\\PC{0,80}") {
            let out = apdus_in_text(&text);
            prop_assert_eq!(out.len(), text.len());
        }

        #[test]
        fn redaction_never_panics(capdu in proptest::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(command_hex(&capdu).len(), capdu.len() * 2);
            prop_assert_eq!(command_bytes(&capdu).len(), capdu.len());
        }
    }
}
