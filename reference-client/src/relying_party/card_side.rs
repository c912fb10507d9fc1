//! The two sides of the JPKI AP a relying party uses (`docs/card.md`): the 署名用 side for a
//! 身元確認 (the 署名用 password, EF `001B`; the 署名用電子証明書, EF `0001`, readable only after
//! it; the sign key, EF `001A`) and the 利用者証明用 side for a 当人認証 (the 利用者証明用 PIN,
//! EF `0018`; the 利用者証明用電子証明書, EF `000A`; the auth key, EF `0017`). Both speak the
//! same commands:
//!
//! | step | APDU | success |
//! |---|---|---|
//! | select the JPKI AP by DF name | `00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01` | `9000` |
//! | select the PIN's EF, verify | `00 A4 02 0C 02 <EF>`, `00 20 00 80 Lc <PIN>` | `9000` |
//! | select the certificate's EF, read its first 4 bytes, then the rest | `00 A4 02 0C 02 <EF>`, `00 B0 P1 P2 Le` | `9000` |
//! | select the key's EF, sign | `00 A4 02 0C 02 <EF>`, `80 2A 00 80 33 <DigestInfo> 00` | `9000` |
//! | select EF `0008`, read the certificates' flags | `00 A4 02 0C 02 00 08`, `00 B0 00 00 03` | `9000` |

use mynakit_protocol::PinRef;

use crate::card::{CardError, CardTransport};
use crate::jpki::{der_length, pin_status_of, read_on, sign_command, split, PinStatus, JPKI_AID};

/// EF `0008` of the JPKI AP, free to read: one byte a certificate (署名用, then 利用者証明用),
/// `8F` when the card holds it (docs/card.md, "Card profiles": a card issued under 15 or a
/// 顔認証 card has no 署名用 certificate).
const CERTIFICATE_FLAGS: u16 = 0x0008;
/// A certificate's byte in EF `0008` when the card holds it.
const CERTIFICATE_ISSUED: u8 = 0x8F;

/// One side of the JPKI AP: its EFs and the names of its steps.
pub(crate) struct Side {
    /// Its certificate's byte in EF `0008`.
    flag: usize,
    pin_ef: u16,
    certificate_ef: u16,
    key_ef: u16,
    select_pin: &'static str,
    pin_tries: &'static str,
    verify: &'static str,
    select_certificate: &'static str,
    read: &'static str,
    select_key: &'static str,
    sign: &'static str,
}

/// The 署名用 side: the password (6–16 of `A–Z0–9`, 5 tries), the certificate (DER; `6982`
/// before the password is verified) and the sign key.
pub(crate) const SIGN: Side = Side {
    flag: 0,
    pin_ef: 0x001B,
    certificate_ef: 0x0001,
    key_ef: 0x001A,
    select_pin: "SELECT EF 001B (sign password)",
    pin_tries: "VERIFY (sign password tries left)",
    verify: "VERIFY (sign password)",
    select_certificate: "SELECT EF 0001 (sign certificate)",
    read: "READ BINARY (sign certificate)",
    select_key: "SELECT EF 001A (sign key)",
    sign: "COMPUTE DIGITAL SIGNATURE (sign key)",
};

/// The 利用者証明用 side: the PIN (4 digits, 3 tries), the certificate (readable without it)
/// and the auth key (signs after the PIN is verified).
pub(crate) const AUTH: Side = Side {
    flag: 1,
    pin_ef: 0x0018,
    certificate_ef: 0x000A,
    key_ef: 0x0017,
    select_pin: "SELECT EF 0018 (auth PIN)",
    pin_tries: "VERIFY (auth PIN tries left)",
    verify: "VERIFY (auth PIN)",
    select_certificate: "SELECT EF 000A (auth certificate)",
    read: "READ BINARY (auth certificate)",
    select_key: "SELECT EF 0017 (auth key)",
    sign: "COMPUTE DIGITAL SIGNATURE (auth key)",
};

/// The card, spoken to for one side.
pub(crate) struct SideCard<'c> {
    card: &'c mut (dyn CardTransport + Send),
    side: &'static Side,
}

impl<'c> SideCard<'c> {
    pub(crate) fn new(
        card: &'c mut (dyn CardTransport + Send),
        side: &'static Side,
    ) -> SideCard<'c> {
        SideCard { card, side }
    }

    /// Selects the JPKI AP (`00 A4 04 0C`).
    pub(crate) fn select_ap(&mut self) -> Result<(), CardError> {
        let mut apdu = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
        apdu.extend_from_slice(&JPKI_AID);
        self.expect_ok("SELECT JPKI AP", &apdu).map(drop)
    }

    /// The empty VERIFY (`00 20 00 80`, no data) on the PIN's EF: the tries left, without
    /// using one, shown before the PIN is typed.
    pub(crate) fn password_status(&mut self) -> Result<PinStatus, CardError> {
        let step = self.side.pin_tries;
        self.select_ef(self.side.select_pin, self.side.pin_ef)?;
        let (_, sw) = self.send(step, &[0x00, 0x20, 0x00, 0x80])?;
        pin_status_of(step, sw)
    }

    /// VERIFY of the side's PIN, exactly once: a wrong one costs a try.
    pub(crate) fn verify_password(&mut self, password: &str) -> Result<PinStatus, CardError> {
        let step = self.side.verify;
        self.select_ef(self.side.select_pin, self.side.pin_ef)?;
        let lc = u8::try_from(password.len()).map_err(|_| CardError::Malformed {
            step,
            problem: "password longer than 255 bytes".to_owned(),
        })?;
        let mut apdu = vec![0x00, 0x20, 0x00, 0x80, lc];
        apdu.extend_from_slice(password.as_bytes());
        let (_, sw) = self.send(step, &apdu)?;
        pin_status_of(step, sw)
    }

    /// Reads the whole certificate of the side: the first 4 bytes give the DER length, then
    /// exactly that many more bytes are read (the EF may hold filler after the DER).
    pub(crate) fn read_certificate(&mut self) -> Result<Vec<u8>, CardError> {
        let step = self.side.read;
        self.select_ef(self.side.select_certificate, self.side.certificate_ef)?;
        let cert = self.expect_ok(step, &[0x00, 0xB0, 0x00, 0x00, 0x04])?;
        let total = der_length(&cert).map_err(|e| CardError::Malformed {
            step,
            problem: e.to_string(),
        })?;
        read_on(step, cert, total, |apdu| self.expect_ok(step, apdu))
    }

    /// Whether the card holds the side's certificate, by its flag in EF `0008`: a password
    /// that answers no tries left is blocked on a card that has it, and was never set on one
    /// that has not (the card answers both alike).
    pub(crate) fn certificate_issued(&mut self) -> Result<bool, CardError> {
        const STEP: &str = "READ BINARY (certificate flags)";
        self.select_ef("SELECT EF 0008 (certificate flags)", CERTIFICATE_FLAGS)?;
        let flags = self.expect_ok(STEP, &[0x00, 0xB0, 0x00, 0x00, 0x03])?;
        Ok(flags.get(self.side.flag) == Some(&CERTIFICATE_ISSUED))
    }

    /// Signs `digest_info` with the side's key (`80 2A 00 80 Lc <data> 00`).
    pub(crate) fn sign(&mut self, digest_info: &[u8]) -> Result<Vec<u8>, CardError> {
        let step = self.side.sign;
        self.select_ef(self.side.select_key, self.side.key_ef)?;
        let apdu = sign_command(step, 0x80, digest_info)?;
        self.expect_ok(step, &apdu)
    }

    fn select_ef(&mut self, step: &'static str, fid: u16) -> Result<(), CardError> {
        let [hi, lo] = fid.to_be_bytes();
        self.expect_ok(step, &[0x00, 0xA4, 0x02, 0x0C, 0x02, hi, lo])
            .map(drop)
    }

    fn send(&mut self, step: &'static str, apdu: &[u8]) -> Result<(Vec<u8>, u16), CardError> {
        split(step, self.card.transmit(apdu)?)
    }

    fn expect_ok(&mut self, step: &'static str, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        match self.send(step, apdu)? {
            (data, 0x9000) => Ok(data),
            (_, sw) => Err(CardError::Status { step, sw }),
        }
    }
}

/// Whether `value` has the form of `pin` (docs/card.md, "PINs"): the 署名用 password 6 to 16 of
/// `A–Z0–9`, the 利用者証明用 PIN 4 digits. Any other value is wrong for sure, and the card may
/// count it as a try.
pub(crate) fn well_formed(pin: PinRef, value: &str) -> bool {
    match pin {
        PinRef::Sign => {
            (6..=16).contains(&value.len())
                && value
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }
        PinRef::Auth => value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()),
        PinRef::CollationB => value.len() == 14 && value.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// What the holder is told of `pin`'s form when a value without it was typed.
pub(crate) fn format_hint(pin: PinRef) -> &'static str {
    match pin {
        PinRef::Sign => "署名用パスワードは英大文字と数字の6〜16文字で入力してください",
        PinRef::Auth => "利用者証明用暗証番号は数字4桁で入力してください",
        PinRef::CollationB => "照合番号Bは数字14桁で入力してください",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_and_a_pin_of_the_wrong_form_are_told_apart() {
        assert!(well_formed(PinRef::Sign, "ABC123"));
        assert!(well_formed(PinRef::Sign, "ABCDEFGHIJ123456"));
        assert!(!well_formed(PinRef::Sign, "AB1"));
        assert!(!well_formed(PinRef::Sign, "abc123"));
        assert!(!well_formed(PinRef::Sign, "ABCDEFGHIJ1234567"));
        assert!(well_formed(PinRef::Auth, "1234"));
        assert!(!well_formed(PinRef::Auth, "12345"));
        assert!(!well_formed(PinRef::Auth, "12a4"));
    }
}
