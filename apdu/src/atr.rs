//! The ATR (answer to reset): the checked form a card, a reader or a scenario presents, and the
//! ATR of a contactless target as PC/SC readers build it.
//!
//! The check is ISO/IEC 7816-3 §8.2's structure, so a reader never presents PC/SC clients an ATR
//! whose length bytes lie: TS is `3B` or `3F`; T0's high nibble says which of TA1–TD1 follow and
//! its low nibble how many historical bytes there are; each TDi does the same for the next group
//! and names a protocol. TCK ends the ATR whenever a protocol other than T=0 is named, and makes
//! the XOR of T0..TCK zero. Every error names the byte offset (from 0, TS included) or the hex
//! digit at fault. Written once here, below the reader (`mynakit serve --contactless-atr`) and
//! the scenarios (`faults.card[].atr`, a recorded card's `atr`) that both read ATRs.

use crate::HexError;

/// The ATR a PC/SC reader reports for an ISO 14443-4 Type B target (a card in a contactless
/// reader, or a phone held to it), as PC/SC Part 3 §3.1.3.2.3 builds it (also SCM's SCL3711
/// reference manual, §5.3.3.5): `3B 88 80 01`, then 8 historical bytes (the ATQB's 4 bytes of
/// application data, its 3 bytes of protocol info, and a byte whose high nibble is the MBLI from
/// the ATTRIB answer), then TCK. The values are neutral (no application data; 106 kbit/s,
/// 256-byte frames, ISO 14443-4, FWI 8, CID supported; MBLI 0): no public source records what
/// real readers synthesise for this card or a phone's secure element (`docs/reader.md`,
/// `docs/card.md`, "Phone profiles"). Written once here because the reader's default contactless
/// profile and the emulator's phone profiles both report it.
pub const CONTACTLESS_TYPE_B_ATR: [u8; 13] = [
    0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x81, 0x00, 0x09,
];

/// Why an ATR was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AtrError {
    /// A character that is not a hex digit (whitespace is allowed between digits).
    #[error("character {offset} ({found:?}) is not a hex digit")]
    NotHex {
        /// Its byte offset in the text, from 0 (`mynakit_apdu::hex_bytes`).
        offset: usize,
        /// The character.
        found: char,
    },
    /// An odd number of hex digits.
    #[error("{digits} hex digits do not make whole bytes")]
    OddDigits {
        /// How many digits.
        digits: usize,
    },
    /// Fewer than TS and T0, or more than ISO's 33 bytes.
    #[error("an ATR has 2 to 33 bytes; this one has {len}")]
    Length {
        /// The length given.
        len: usize,
    },
    /// TS is neither convention.
    #[error(
        "byte 0 (TS) is {found:02X}; an ATR starts with 3B (direct convention) or 3F (inverse)"
    )]
    Ts {
        /// The byte.
        found: u8,
    },
    /// The bytes announced by T0 and the TDi bytes do not fit the length.
    #[error("{announced}: the ATR needs {needed} bytes but has {len}")]
    Size {
        /// What the length bytes announce, naming their offsets.
        announced: String,
        /// The length they imply.
        needed: usize,
        /// The length given.
        len: usize,
    },
    /// The check byte is wrong.
    #[error("byte {offset} (TCK) is {found:02X}; it must make the XOR of bytes 1 to {offset} zero, so it should be {expected:02X}")]
    Tck {
        /// Its offset.
        offset: usize,
        /// The byte given.
        found: u8,
        /// The byte that would be right.
        expected: u8,
    },
}

/// An ATR whose structure ISO/IEC 7816-3 §8.2 accepts: 2 to 33 bytes, TS `3B` or `3F`, the
/// bytes T0 and each TD announce, and a right TCK where one is needed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Atr(Vec<u8>);

impl Atr {
    /// Reads an ATR written in hex (white space allowed, e.g. `3B 88 80 01 …`) and checks it.
    ///
    /// # Errors
    ///
    /// [`AtrError`], naming the character or byte at fault.
    pub fn parse_hex(text: &str) -> Result<Atr, AtrError> {
        Atr::try_from(hex(text)?)
    }

    /// Reads 2 to 33 bytes written in hex, as [`Atr::parse_hex`] does, without checking their
    /// structure: what a test may present on purpose as a malformed ATR (`docs/reader.md`).
    ///
    /// # Errors
    ///
    /// [`AtrError::NotHex`], [`AtrError::OddDigits`] or [`AtrError::Length`].
    pub fn parse_hex_sized(text: &str) -> Result<Vec<u8>, AtrError> {
        let atr = hex(text)?;
        if !(2..=33).contains(&atr.len()) {
            return Err(AtrError::Length { len: atr.len() });
        }
        Ok(atr)
    }

    /// Checks an ATR's structure and check byte.
    ///
    /// # Errors
    ///
    /// [`AtrError`], naming the byte at fault.
    pub fn check(atr: &[u8]) -> Result<(), AtrError> {
        check(atr)
    }

    /// Its bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Its bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

/// The bytes of `text`, an error naming the character at fault or the digits' count.
fn hex(text: &str) -> Result<Vec<u8>, AtrError> {
    crate::hex_bytes(text).map_err(|e| match e {
        HexError::NotHex { offset, found } => AtrError::NotHex { offset, found },
        HexError::OddDigits { .. } => AtrError::OddDigits {
            digits: text.chars().filter(char::is_ascii_hexdigit).count(),
        },
    })
}

impl TryFrom<Vec<u8>> for Atr {
    type Error = AtrError;
    fn try_from(atr: Vec<u8>) -> Result<Atr, AtrError> {
        check(&atr)?;
        Ok(Atr(atr))
    }
}

/// Checks an ATR's structure and check byte.
fn check(atr: &[u8]) -> Result<(), AtrError> {
    if !(2..=33).contains(&atr.len()) {
        return Err(AtrError::Length { len: atr.len() });
    }
    if !matches!(atr[0], 0x3B | 0x3F) {
        return Err(AtrError::Ts { found: atr[0] });
    }
    let historical = usize::from(atr[1] & 0x0F);
    let mut announced = format!(
        "T0 (byte 1) = {:02X} announces {historical} historical byte{}",
        atr[1],
        if historical == 1 { "" } else { "s" }
    );
    // Walk the interface bytes: `y` is the presence nibble of the current group, `at` the offset
    // of its first byte, `announcer` the byte that announced it.
    let mut y = atr[1] >> 4;
    let mut announcer = "T0 (byte 1)".to_owned();
    let mut at = 2;
    let mut needs_tck = false;
    loop {
        let td = at + (0..3).filter(|bit| y & (1 << bit) != 0).count();
        at = td;
        if y & 0x08 == 0 {
            break;
        }
        let Some(&byte) = atr.get(td) else {
            return Err(AtrError::Size {
                announced: format!("{announced}, and {announcer} announces a TD at byte {td}"),
                needed: td + 1,
                len: atr.len(),
            });
        };
        let protocol = byte & 0x0F;
        needs_tck |= protocol != 0;
        announced.push_str(&format!(", TD (byte {td}) = {byte:02X} (T={protocol})"));
        announcer = format!("TD (byte {td})");
        y = byte >> 4;
        at = td + 1;
    }
    let needed = at + historical + usize::from(needs_tck);
    if needs_tck {
        announced.push_str(&format!(", so TCK is byte {}", at + historical));
    }
    if atr.len() != needed {
        return Err(AtrError::Size {
            announced,
            needed,
            len: atr.len(),
        });
    }
    if needs_tck {
        let offset = atr.len() - 1;
        let rest = atr[1..offset].iter().fold(0u8, |acc, b| acc ^ b);
        if rest != atr[offset] {
            return Err(AtrError::Tck {
                offset,
                found: atr[offset],
                expected: rest,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_hex(text: &str) -> Result<Vec<u8>, AtrError> {
        Atr::parse_hex(text).map(Atr::into_bytes)
    }
    use proptest::prelude::*;

    #[test]
    fn real_atrs_pass() {
        // The card's contact ATR (T=1, no historical bytes).
        assert_eq!(
            check(&[0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14]),
            Ok(())
        );
        // A Japanese driving licence through a contactless reader (pcsc-tools' smartcard_list).
        assert!(parse_hex("3B 88 80 01 00 00 00 00 91 81 C1 00 D8").is_ok());
        // T=0 only: no TCK.
        assert!(parse_hex("3B 02 14 50").is_ok());
    }

    #[test]
    fn errors_name_the_byte() {
        // The old default: T0 = 88 announces 8 historical bytes, 7 were given and the TCK was
        // read as the eighth.
        let err = parse_hex("3B 88 80 01 00 00 00 00 00 81 81 09").unwrap_err();
        assert_eq!(
            err.to_string(),
            "T0 (byte 1) = 88 announces 8 historical bytes, TD (byte 2) = 80 (T=0), TD (byte 3) = 01 (T=1), so TCK is byte 12: the ATR needs 13 bytes but has 12"
        );
        let err = parse_hex("3B 88 80 01 00 00 00 00 00 81 81 00 00").unwrap_err();
        assert_eq!(
            err,
            AtrError::Tck {
                offset: 12,
                found: 0,
                expected: 0x09
            }
        );
        assert!(err.to_string().starts_with("byte 12 (TCK) is 00"), "{err}");
        assert_eq!(
            parse_hex("3B 8g"),
            Err(AtrError::NotHex {
                offset: 4,
                found: 'g'
            })
        );
        assert_eq!(parse_hex("3B 8"), Err(AtrError::OddDigits { digits: 3 }));
        assert_eq!(parse_hex("3C 00"), Err(AtrError::Ts { found: 0x3C }));
        // Sized only: a malformed ATR of the right size reads, its hex and size still checked.
        assert_eq!(Atr::parse_hex_sized("3C 00"), Ok(vec![0x3C, 0x00]));
        assert_eq!(Atr::parse_hex_sized("3B"), Err(AtrError::Length { len: 1 }));
        assert_eq!(
            Atr::parse_hex_sized("3B 8g"),
            Err(AtrError::NotHex {
                offset: 4,
                found: 'g'
            })
        );
        assert_eq!(parse_hex("3B"), Err(AtrError::Length { len: 1 }));
        assert_eq!(
            parse_hex("3B 80").unwrap_err().to_string(),
            "T0 (byte 1) = 80 announces 0 historical bytes, and T0 (byte 1) announces a TD at byte 2: the ATR needs 3 bytes but has 2"
        );
    }

    proptest! {
        #[test]
        fn checking_never_panics(atr in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = check(&atr);
        }
    }
}
