//! The 署名用 side of the JPKI AP that a relying party's 身元確認 uses (`docs/card.md`): the
//! 署名用 password (EF `001B`), the 署名用電子証明書 (EF `0001`, readable only after it) and
//! the sign key (EF `001A`).
//!
//! | step | APDU | success |
//! |---|---|---|
//! | select the JPKI AP by DF name | `00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01` | `9000` |
//! | select EF `001B`, verify the password | `00 A4 02 0C 02 00 1B`, `00 20 00 80 Lc <password>` | `9000` |
//! | select EF `0001`, read its first 4 bytes, then the rest | `00 A4 02 0C 02 00 01`, `00 B0 P1 P2 Le` | `9000` |
//! | select EF `001A`, sign | `00 A4 02 0C 02 00 1A`, `80 2A 00 80 33 <DigestInfo> 00` | `9000` |

use crate::card::{CardError, CardTransport};
use crate::jpki::{der_length, pin_status_of, split, PinStatus, JPKI_AID};

/// EF of the 署名用電子証明書 (DER; `6982` before the password is verified).
pub(crate) const EF_SIGN_CERTIFICATE: u16 = 0x0001;
/// EF of the sign key (signs after the password is verified).
pub(crate) const EF_SIGN_KEY: u16 = 0x001A;
/// EF of the 署名用パスワード (6–16 of `A–Z0–9`, 5 tries).
pub(crate) const EF_SIGN_PASSWORD: u16 = 0x001B;

/// Largest chunk one short READ BINARY asks for.
const READ_CHUNK: usize = 256;

/// The card, spoken to for the 署名用 side.
pub(crate) struct SignCard<'c> {
    card: &'c mut (dyn CardTransport + Send),
}

impl<'c> SignCard<'c> {
    pub(crate) fn new(card: &'c mut (dyn CardTransport + Send)) -> SignCard<'c> {
        SignCard { card }
    }

    /// Selects the JPKI AP (`00 A4 04 0C`).
    pub(crate) fn select_ap(&mut self) -> Result<(), CardError> {
        let mut apdu = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
        apdu.extend_from_slice(&JPKI_AID);
        self.expect_ok("SELECT JPKI AP", &apdu).map(drop)
    }

    /// The empty VERIFY (`00 20 00 80`, no data) on EF `001B`: the tries left, without using
    /// one, shown before the password is typed.
    pub(crate) fn password_status(&mut self) -> Result<PinStatus, CardError> {
        const STEP: &str = "VERIFY (sign password tries left)";
        self.select_ef("SELECT EF 001B (sign password)", EF_SIGN_PASSWORD)?;
        let (_, sw) = self.send(STEP, &[0x00, 0x20, 0x00, 0x80])?;
        pin_status_of(STEP, sw)
    }

    /// VERIFY of the 署名用 password, exactly once: a wrong one costs a try.
    pub(crate) fn verify_password(&mut self, password: &str) -> Result<PinStatus, CardError> {
        const STEP: &str = "VERIFY (sign password)";
        self.select_ef("SELECT EF 001B (sign password)", EF_SIGN_PASSWORD)?;
        let lc = u8::try_from(password.len()).map_err(|_| CardError::Malformed {
            step: STEP,
            problem: "password longer than 255 bytes".to_owned(),
        })?;
        let mut apdu = vec![0x00, 0x20, 0x00, 0x80, lc];
        apdu.extend_from_slice(password.as_bytes());
        let (_, sw) = self.send(STEP, &apdu)?;
        pin_status_of(STEP, sw)
    }

    /// Reads the whole 署名用電子証明書: the first 4 bytes give the DER length, then exactly
    /// that many more bytes are read (the EF may hold filler after the DER).
    pub(crate) fn read_certificate(&mut self) -> Result<Vec<u8>, CardError> {
        const STEP: &str = "READ BINARY (sign certificate)";
        self.select_ef("SELECT EF 0001 (sign certificate)", EF_SIGN_CERTIFICATE)?;
        let mut cert = self.expect_ok(STEP, &[0x00, 0xB0, 0x00, 0x00, 0x04])?;
        let total = der_length(&cert).map_err(|e| CardError::Malformed {
            step: STEP,
            problem: e.to_string(),
        })?;
        cert.truncate(total);
        while cert.len() < total {
            let [p1, p2] = u16::try_from(cert.len())
                .ok()
                .filter(|o| *o <= 0x7FFF)
                .ok_or_else(|| CardError::Malformed {
                    step: STEP,
                    problem: format!("a certificate of {total} bytes"),
                })?
                .to_be_bytes();
            let le = u8::try_from((total - cert.len()).min(READ_CHUNK) % 256).unwrap_or(0);
            let chunk = self.expect_ok(STEP, &[0x00, 0xB0, p1, p2, le])?;
            if chunk.is_empty() || chunk.len() > total - cert.len() {
                return Err(CardError::Malformed {
                    step: STEP,
                    problem: format!(
                        "{} bytes where {} were left",
                        chunk.len(),
                        total - cert.len()
                    ),
                });
            }
            cert.extend_from_slice(&chunk);
        }
        Ok(cert)
    }

    /// Signs `digest_info` with the sign key (`80 2A 00 80 Lc <data> 00` on EF `001A`).
    pub(crate) fn sign(&mut self, digest_info: &[u8]) -> Result<Vec<u8>, CardError> {
        const STEP: &str = "COMPUTE DIGITAL SIGNATURE (sign key)";
        self.select_ef("SELECT EF 001A (sign key)", EF_SIGN_KEY)?;
        let lc = u8::try_from(digest_info.len()).map_err(|_| CardError::Malformed {
            step: STEP,
            problem: "data longer than 255 bytes".to_owned(),
        })?;
        let mut apdu = vec![0x80, 0x2A, 0x00, 0x80, lc];
        apdu.extend_from_slice(digest_info);
        apdu.push(0x00);
        self.expect_ok(STEP, &apdu)
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
