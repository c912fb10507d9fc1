//! JPKI AP EF `0006`: the token info, a serialised PKCS#11 `CK_TOKEN_INFO`.
//!
//! 160 bytes, no filler: label[32], manufacturerID[32], model[16], serialNumber[16], then eleven
//! `CK_ULONG`s as 32-bit big-endian, hardwareVersion and firmwareVersion as ASCII `"03"`/`"01"`,
//! and utcTime[16] (myna-card `ap/jpki.rs` `TokenInfo`). Clients tell the physical card from the
//! phone tokens by the label alone (jpki/myna, yuki-js `myna`, TRETJapanNFCReader). See
//! `docs/card-records.md`, "JPKI token info".

/// The size of EF `0006`.
pub(crate) const TOKEN_INFO_LEN: usize = 160;

/// The labels: a physical card's, and the smartphone certificates' (スマホ用電子証明書) that a
/// profile may set as its `token_label` instead. They are the wire vocabulary's
/// (`mynakit_apdu::files::jpki`).
pub(crate) use mynakit_apdu::files::jpki::{
    ANDROID_TOKEN_LABEL, CARD_TOKEN_LABEL, IPHONE_TOKEN_LABEL,
};

/// Stand-in field values, shaped like myna-card's `TokenInfo` test; not measured on a card.
const MANUFACTURER_ID: &str = "00000000000000000000000000000001";
const MODEL: &str = "E16R01NJ";
const SERIAL_NUMBER: &str = "0000000000000000";
/// `CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED`.
const FLAGS: u32 = 0x0000_040D;
/// `CK_UNAVAILABLE_INFORMATION` in the 32-bit representation.
const UNAVAILABLE: u32 = u32::MAX;

/// The 160 bytes of EF `0006` with `label` space-padded into the first 32 (longer labels are cut
/// at 32 bytes).
pub(crate) fn token_info(label: &str) -> [u8; TOKEN_INFO_LEN] {
    let mut out = [0u8; TOKEN_INFO_LEN];
    let mut writer = FieldWriter {
        out: &mut out,
        pos: 0,
    };
    writer.text(label, 32);
    writer.text(MANUFACTURER_ID, 32);
    writer.text(MODEL, 16);
    writer.text(SERIAL_NUMBER, 16);
    for word in [
        FLAGS,
        1,           // ulMaxSessionCount
        0,           // ulSessionCount
        1,           // ulMaxRwSessionCount
        0,           // ulRwSessionCount
        16,          // ulMaxPinLen
        6,           // ulMinPinLen
        UNAVAILABLE, // ulTotalPublicMemory
        UNAVAILABLE, // ulFreePublicMemory
        UNAVAILABLE, // ulTotalPrivateMemory
        UNAVAILABLE, // ulFreePrivateMemory
    ] {
        writer.bytes(&word.to_be_bytes());
    }
    writer.bytes(b"03"); // hardwareVersion, ASCII as on real cards
    writer.bytes(b"01"); // firmwareVersion
    writer.text("0000000000000000", 16); // utcTime; no CKF_CLOCK_ON_TOKEN, so not meaningful
    out
}

/// Writes consecutive fixed-size fields into the token info buffer.
struct FieldWriter<'a> {
    out: &'a mut [u8; TOKEN_INFO_LEN],
    pos: usize,
}

impl FieldWriter<'_> {
    /// A space-padded text field of `width` bytes.
    fn text(&mut self, value: &str, width: usize) {
        let bytes = value.as_bytes();
        let used = bytes.len().min(width);
        let mut field = [b' '; 32];
        field[..used].copy_from_slice(&bytes[..used]);
        self.bytes(&field[..width]);
    }

    fn bytes(&mut self, value: &[u8]) {
        let end = self.pos + value.len();
        if let Some(slot) = self.out.get_mut(self.pos..end) {
            slot.copy_from_slice(value);
        }
        self.pos = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(info: &[u8], at: usize) -> u32 {
        u32::from_be_bytes(info[at..at + 4].try_into().expect("valid test input"))
    }

    #[test]
    fn lays_out_ck_token_info_in_160_bytes() {
        let info = token_info(CARD_TOKEN_LABEL);
        assert_eq!(info.len(), 160);
        assert_eq!(&info[..32], b"JPKIAPICCTOKEN2                 ");
        assert_eq!(&info[32..64], MANUFACTURER_ID.as_bytes());
        assert_eq!(&info[64..80], b"E16R01NJ        ");
        assert_eq!(&info[80..96], b"0000000000000000");
        assert_eq!(word(&info, 96), 0x40D);
        assert_eq!((word(&info, 100), word(&info, 104)), (1, 0));
        assert_eq!((word(&info, 108), word(&info, 112)), (1, 0));
        assert_eq!((word(&info, 116), word(&info, 120)), (16, 6));
        for at in [124, 128, 132, 136] {
            assert_eq!(word(&info, at), u32::MAX);
        }
        assert_eq!(&info[140..144], b"0301");
        assert_eq!(&info[144..], b"0000000000000000");
    }

    #[test]
    fn label_is_configurable_and_cut_at_32() {
        assert_eq!(
            &token_info("JPKIAPIOSTOKEN")[..32],
            b"JPKIAPIOSTOKEN                  "
        );
        assert_eq!(&token_info("JPKIAPGPSETOKEN")[..15], b"JPKIAPGPSETOKEN");
        let long = "X".repeat(40);
        let info = token_info(&long);
        assert_eq!(&info[..32], [b'X'; 32]);
        assert_eq!(&info[32..64], MANUFACTURER_ID.as_bytes());
    }
}
