//! Secure messaging of the 券面事項入力補助AP: key delivery, the message counter, and the data
//! objects of a protected command and response.
//!
//! Only this AP offers it (myna-card `ap/text.rs`, `sm.rs`, measured on real cards; learned from,
//! not copied). In short (`docs/card.md`, "Secure messaging"):
//!
//! - SET SESSION KEY `80 AE 00 00` carries, RSAES-OAEP-SHA-256-encrypted to the key in EF
//!   `0006`, the structure `A0 22 { 80 20 <32-byte seed> }`; the AES-128 session key is the
//!   seed's first 16 bytes. The PIN must be verified first, in the clear.
//! - Protected commands use CLA `08` (confidentiality only). VERIFY and SELECT carry exactly one
//!   `86 <len> 01 <cryptogram>`; READ BINARY carries exactly one `96 03 00 <Le hi> <Le lo>`.
//!   Responses with data carry `86 <len> 01 <cryptogram>`.
//! - AES-128-CBC with ISO/IEC 7816-4 padding (`80 00 …`, always added); the IV for message `N`
//!   is AES-128(key, `N` as 16 big-endian bytes). `N` starts at 1 and advances with every
//!   protected command the layer could decrypt, even one the AP then refuses.
//! - A malformed command (bad padding, wrong or extra data objects) answers `6988` and ends the
//!   session; every later protected command answers `69FC`. CLA `0C` (header authenticated)
//!   answers `6987`, likewise fatal: the AP accepts no checksum key.

use aes::cipher::{BlockDecryptMut, BlockEncrypt, BlockEncryptMut, KeyInit, KeyIvInit};
use aes::Aes128;

use mynakit_apdu::Sw;

type Encryptor = cbc::Encryptor<Aes128>;
type Decryptor = cbc::Decryptor<Aes128>;

/// AES block size and session-key length.
const BLOCK: usize = 16;
/// The key-delivery structure: `A0 22 80 20 <32-byte seed>`.
const DELIVERY_HEADER: [u8; 4] = [0xA0, 0x22, 0x80, 0x20];
/// The length of the delivered seed.
pub(crate) const SEED_LEN: usize = 32;
/// Tag of a cryptogram with padding-content indicator.
const TAG_CRYPTOGRAM: u8 = 0x86;
/// Tag of the expected length.
const TAG_EXPECTED_LENGTH: u8 = 0x96;
/// The only padding-content indicator accepted (ISO padding).
const PADDING_INDICATOR: u8 = 0x01;

/// `6987`: expected secure-messaging data objects missing.
pub(crate) const SM_OBJECTS_MISSING: Sw = Sw::Other(0x6987);
/// `6988`: secure-messaging data objects incorrect.
pub(crate) const SM_OBJECTS_INCORRECT: Sw = Sw::Other(0x6988);
/// `69FC`: no secure-messaging session (never opened, or destroyed by an error).
pub(crate) const SM_NO_SESSION: Sw = Sw::Other(0x69FC);

/// The secure-messaging state of the card.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum SmState {
    /// No session: protected commands answer `69FC`.
    #[default]
    Closed,
    /// A session is open.
    Open(Session),
}

/// An open session: the AES key and the counter of the next protected command.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Session {
    key: [u8; BLOCK],
    counter: u32,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is a secret of the terminal's session; it is never printed.
        f.debug_struct("Session")
            .field("counter", &self.counter)
            .finish_non_exhaustive()
    }
}

/// Why a key delivery was refused (all `6A80` on the card, myna-card).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BadDelivery;

impl Session {
    /// Opens a session from the decrypted SET SESSION KEY data: exactly `A0 22 80 20 <seed>`.
    /// A structure carrying a checksum key (`81`) or anything else is refused.
    pub(crate) fn from_delivery(plaintext: &[u8]) -> Result<Session, BadDelivery> {
        let seed = plaintext
            .strip_prefix(&DELIVERY_HEADER[..])
            .filter(|seed| seed.len() == SEED_LEN)
            .ok_or(BadDelivery)?;
        let mut key = [0u8; BLOCK];
        key.copy_from_slice(&seed[..BLOCK]);
        Ok(Session { key, counter: 1 })
    }

    /// The counter the next protected command uses.
    pub(crate) fn counter(&self) -> u32 {
        self.counter
    }

    /// Counts one protected command and returns the counter it used.
    pub(crate) fn advance(&mut self) -> u32 {
        let n = self.counter;
        self.counter = self.counter.wrapping_add(1);
        n
    }

    fn iv(&self, n: u32) -> [u8; BLOCK] {
        let mut block = [0u8; BLOCK];
        block[BLOCK - 4..].copy_from_slice(&n.to_be_bytes());
        let cipher = Aes128::new(&self.key.into());
        let mut b = block.into();
        cipher.encrypt_block(&mut b);
        b.into()
    }

    /// Decrypts a cryptogram of message `n` and strips its padding; `None` if it is not whole
    /// blocks or the padding is wrong.
    pub(crate) fn decrypt(&self, n: u32, cryptogram: &[u8]) -> Option<Vec<u8>> {
        if cryptogram.is_empty() || !cryptogram.len().is_multiple_of(BLOCK) {
            return None;
        }
        let mut buffer = cryptogram.to_vec();
        let mut cipher = Decryptor::new(&self.key.into(), &self.iv(n).into());
        for block in buffer.chunks_exact_mut(BLOCK) {
            cipher.decrypt_block_mut(block.into());
        }
        unpad(buffer)
    }

    /// Pads and encrypts `plaintext` for message `n`.
    pub(crate) fn encrypt(&self, n: u32, plaintext: &[u8]) -> Vec<u8> {
        let mut buffer = plaintext.to_vec();
        buffer.push(0x80);
        buffer.resize(buffer.len().div_ceil(BLOCK) * BLOCK, 0x00);
        let mut cipher = Encryptor::new(&self.key.into(), &self.iv(n).into());
        for block in buffer.chunks_exact_mut(BLOCK) {
            cipher.encrypt_block_mut(block.into());
        }
        buffer
    }
}

fn unpad(mut data: Vec<u8>) -> Option<Vec<u8>> {
    while let Some(last) = data.pop() {
        match last {
            0x00 => {}
            0x80 => return Some(data),
            _ => return None,
        }
    }
    None
}

/// The one data object a protected command carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CommandObject<'a> {
    /// `86 <len> 01 <cryptogram>`.
    Cryptogram(&'a [u8]),
    /// `96 03 00 <Le>`: the expected plaintext length, 0 for "all".
    ExpectedLength(u16),
}

/// Parses the data field of a protected command: exactly one object, `86` with indicator `01`
/// or `96` with three bytes. Anything else (a second object, another tag) is `None` (`6988`).
pub(crate) fn parse_command_object(data: &[u8]) -> Option<CommandObject<'_>> {
    let (&tag, rest) = data.split_first()?;
    let (len, rest) = read_length(rest)?;
    if rest.len() != len {
        return None;
    }
    match (tag, rest) {
        (TAG_CRYPTOGRAM, [PADDING_INDICATOR, cryptogram @ ..]) => {
            Some(CommandObject::Cryptogram(cryptogram))
        }
        (TAG_EXPECTED_LENGTH, [0x00, hi, lo]) => {
            Some(CommandObject::ExpectedLength(u16::from_be_bytes([
                *hi, *lo,
            ])))
        }
        _ => None,
    }
}

/// A BER length: short, `81 LL` or `82 HH LL`.
fn read_length(bytes: &[u8]) -> Option<(usize, &[u8])> {
    match bytes {
        [n, rest @ ..] if *n < 0x80 => Some((usize::from(*n), rest)),
        [0x81, n, rest @ ..] => Some((usize::from(*n), rest)),
        [0x82, hi, lo, rest @ ..] => Some((usize::from(u16::from_be_bytes([*hi, *lo])), rest)),
        _ => None,
    }
}

/// The response object `86 <len> 01 <cryptogram>`, with the shortest length form.
pub(crate) fn response_object(cryptogram: &[u8]) -> Vec<u8> {
    let len = cryptogram.len() + 1;
    let mut out = Vec::with_capacity(len + 6);
    out.push(TAG_CRYPTOGRAM);
    if len < 0x80 {
        out.push(len as u8);
    } else if len <= 0xFF {
        out.extend_from_slice(&[0x81, len as u8]);
    } else {
        out.push(0x82);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    }
    out.push(PADDING_INDICATOR);
    out.extend_from_slice(cryptogram);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        let mut delivery = DELIVERY_HEADER.to_vec();
        delivery.extend((0..32).map(|i| i as u8));
        Session::from_delivery(&delivery).expect("delivery")
    }

    #[test]
    fn delivery_takes_only_the_encryption_key_form() {
        assert!(Session::from_delivery(&[0xA0, 0x22, 0x81, 0x20]).is_err());
        let mut both = vec![0xA0, 0x44, 0x80, 0x20];
        both.extend([0u8; 32]);
        both.extend([0x81, 0x20]);
        both.extend([0u8; 32]);
        assert!(Session::from_delivery(&both).is_err());
        assert_eq!(session().counter(), 1);
    }

    #[test]
    fn round_trips_and_pads_a_whole_block() {
        let s = session();
        for len in [0usize, 4, 15, 16, 17, 600] {
            let plain: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let ct = s.encrypt(3, &plain);
            assert_eq!(ct.len(), (len / 16 + 1) * 16);
            assert_eq!(s.decrypt(3, &ct), Some(plain.clone()));
            // Another counter gives another IV: the padding no longer checks (or the data differs).
            assert_ne!(s.decrypt(4, &ct), Some(plain));
        }
        assert_eq!(s.decrypt(1, &[]), None);
        assert_eq!(s.decrypt(1, &[0u8; 15]), None);
    }

    #[test]
    fn the_key_is_the_seeds_first_half_and_the_iv_the_encrypted_counter() {
        // FIPS-197 C.1: key 00..0F (the seed's first 16 bytes) encrypts 00112233…FF to 69C4E0D8….
        let s = session();
        let cipher = Aes128::new(&s.key.into());
        let mut b = hex::decode("00112233445566778899aabbccddeeff")
            .expect("hex")
            .as_slice()
            .try_into()
            .map(|a: [u8; 16]| a.into())
            .expect("16 bytes");
        cipher.encrypt_block(&mut b);
        assert_eq!(hex::encode(b), "69c4e0d86a7b0430d8cdb78070b4c55a");
        let mut counter = [0u8; 16];
        counter[15] = 7;
        let mut c = counter.into();
        cipher.encrypt_block(&mut c);
        assert_eq!(s.iv(7), <[u8; 16]>::from(c));
        assert_ne!(s.iv(7), s.iv(8));
    }

    #[test]
    fn command_objects_are_strict() {
        assert_eq!(
            parse_command_object(&[0x86, 0x03, 0x01, 0xAA, 0xBB]),
            Some(CommandObject::Cryptogram(&[0xAA, 0xBB]))
        );
        assert_eq!(
            parse_command_object(&[0x86, 0x81, 0x03, 0x01, 0xAA, 0xBB]),
            Some(CommandObject::Cryptogram(&[0xAA, 0xBB]))
        );
        assert_eq!(
            parse_command_object(&[0x96, 0x03, 0x00, 0x01, 0x00]),
            Some(CommandObject::ExpectedLength(256))
        );
        for bad in [
            &[0x86, 0x03, 0x02, 0xAA, 0xBB][..],         // indicator
            &[0x87, 0x03, 0x01, 0xAA, 0xBB],             // tag
            &[0x86, 0x03, 0x01, 0xAA, 0xBB, 0x96, 0x00], // a second object
            &[0x96, 0x02, 0x00, 0x10],                   // short Le object
            &[],
        ] {
            assert_eq!(parse_command_object(bad), None, "{bad:02X?}");
        }
    }

    #[test]
    fn response_objects_use_the_shortest_length() {
        assert_eq!(&response_object(&[0; 16])[..3], [0x86, 0x11, 0x01]);
        assert_eq!(&response_object(&[0; 128])[..3], [0x86, 0x81, 0x81]);
        assert_eq!(&response_object(&[0; 544])[..4], [0x86, 0x82, 0x02, 0x21]);
    }
}
