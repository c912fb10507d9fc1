//! A reader's PIN pad as PC/SC Part 10 offers it: the reader lists its features in answer to
//! `CM_IOCTL_GET_FEATURE_REQUEST` (TLVs of a feature tag, length 4 and a big-endian control
//! code), and a client that finds `FEATURE_VERIFY_PIN_DIRECT` sends a `PIN_VERIFY_STRUCTURE`
//! with that control code: the VERIFY command without the PIN, which the reader takes on its own
//! keys and inserts (CCID 1.1 §6.1.11, `PC_to_RDR_Secure`). The client never sees the PIN.
//!
//! This client's own copy of the wire values (`docs/reference-client.md`, "PIN pads"), as a
//! client written from the public specifications would have them.

/// `FEATURE_VERIFY_PIN_DIRECT`'s tag (PC/SC Part 10 §2.3).
const FEATURE_VERIFY_PIN_DIRECT: u8 = 0x06;

/// `CM_IOCTL_GET_FEATURE_REQUEST` is `SCARD_CTL_CODE(3400)` (PC/SC Part 10 §2.2; pcsc-lite's
/// `reader.h`).
pub(crate) const GET_FEATURE_REQUEST_FUNCTION: u32 = 3400;

/// The control code of `FEATURE_VERIFY_PIN_DIRECT` in a feature list, if the reader lists it.
pub(crate) fn verify_control_code(features: &[u8]) -> Option<u32> {
    let mut rest = features;
    while let [tag, length, tail @ ..] = rest {
        let length = usize::from(*length);
        let value = tail.get(..length)?;
        if *tag == FEATURE_VERIFY_PIN_DIRECT {
            return <[u8; 4]>::try_from(value).ok().map(u32::from_be_bytes);
        }
        rest = &tail[length..];
    }
    None
}

/// The `PIN_VERIFY_STRUCTURE` for a VERIFY of 4 ASCII digits (the 利用者証明用暗証番号,
/// `docs/card.md`) whose header is `header` (CLA INS P1 P2): no data, so the pad's PIN is the
/// whole data field and Lc its length, as OpenSC's `part10_build_verify_pin_block` builds it for
/// an ASCII PIN without padding (`reader-pcsc.c`).
pub(crate) fn verify_structure(header: [u8; 4]) -> Vec<u8> {
    let mut structure = vec![
        30,   // bTimeOut: seconds for the first key
        30,   // bTimeOut2: seconds between keys
        0x02, // bmFormatString: units of bits, position 0, left-justified, ASCII
        0x00, // bmPINBlockString: no PIN block, no length in the data
        0x00, // bmPINLengthFormat: no length field
        4,    // wPINMaxExtraDigit (little-endian): at most 4 digits
        4,    //   and at least 4
        0x02, // bEntryValidationCondition: the validation key
        0x01, // bNumberMessage: one message
        0x11, // wLangId: 0x0411, Japanese
        0x04, 0x00, // bMsgIndex: the PIN entry message
        0x00, // bTeoPrologue: T=1 prologue, filled by the reader
        0x00, 0x00,
    ];
    let data_length: u32 = 4;
    structure.extend_from_slice(&data_length.to_le_bytes());
    structure.extend_from_slice(&header);
    structure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verify_feature_is_found_among_others() {
        let features = [
            0x07, 4, 0x42, 0x33, 0x00, 0x07, 0x06, 4, 0x42, 0x33, 0x00, 0x06,
        ];
        assert_eq!(verify_control_code(&features), Some(0x4233_0006));
        assert_eq!(verify_control_code(&features[..6]), None);
        assert_eq!(verify_control_code(&[]), None);
        assert_eq!(verify_control_code(&[0x06, 4, 0x42]), None, "cut off");
        assert_eq!(verify_control_code(&[0x06, 2, 0x42, 0x33]), None);
    }

    #[test]
    fn the_structure_carries_no_pin() {
        let s = verify_structure([0x00, 0x20, 0x00, 0x80]);
        assert_eq!(s.len(), 15 + 4 + 4);
        assert_eq!(&s[15..19], &[4, 0, 0, 0]);
        assert_eq!(&s[19..], &[0x00, 0x20, 0x00, 0x80]);
    }
}
