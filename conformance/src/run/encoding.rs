//! The byte encodings the timeline and clients use: hex from the timeline (PIN nibbles
//! redacted as `*`), base64 as clients send certificates.

use base64::Engine as _;

/// Standard base64 with optional padding and lenient trailing bits, as clients send
/// certificates.
const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Bytes of standard base64 (padding optional), as clients send certificates; `None` for any
/// other character.
pub(crate) fn base64(text: &str) -> Option<Vec<u8>> {
    BASE64.decode(text).ok()
}

/// Bytes of a hex string from the timeline; `*` (a redacted PIN nibble) reads as 0 and
/// whitespace is ignored.
pub(crate) fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    mynakit_apdu::hex_bytes(&text.replace('*', "0")).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn base64_decodes_what_clients_send() {
        assert_eq!(base64("MIIBLA==").unwrap(), [0x30, 0x82, 0x01, 0x2C]);
        assert_eq!(base64("YWJj").unwrap(), b"abc");
        assert_eq!(base64("YWI").unwrap(), b"ab");
        assert_eq!(base64("-_"), None);
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64(&crate::testkit::base64_encode(&all)).unwrap(), all);
    }
}
