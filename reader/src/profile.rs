//! Reader profiles: a contact reader (T=1, the card's own ATR) or a contactless one, whose ATR
//! the reader synthesises in the PC/SC Part 3 form. Plus the optional latency model that makes
//! the virtual card as slow as a real one.

use std::time::Duration;

use mynakit_apdu::{Atr, AtrError};

/// How the reader presents the card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReaderProfile {
    /// A contact reader: PC/SC sees the card's ATR (`3B E0 00 FF 81 31 FE 45 14`).
    Contact,
    /// A contactless (ISO 14443 Type B) reader: PC/SC sees this synthesised ATR. No public
    /// source records the value real readers synthesise for the card (`docs/reader.md`).
    Contactless {
        /// The ATR PC/SC clients see.
        atr: Vec<u8>,
    },
}

/// The default contactless ATR: the neutral PC/SC Part 3 form for an ISO 14443-4 Type B card
/// ([`mynakit_apdu::CONTACTLESS_TYPE_B_ATR`], where its bytes are explained; `docs/reader.md`).
pub const DEFAULT_CONTACTLESS_ATR: [u8; 13] = mynakit_apdu::CONTACTLESS_TYPE_B_ATR;

impl ReaderProfile {
    /// A contactless profile with [`DEFAULT_CONTACTLESS_ATR`].
    pub fn contactless() -> ReaderProfile {
        ReaderProfile::Contactless {
            atr: DEFAULT_CONTACTLESS_ATR.to_vec(),
        }
    }

    /// A contactless profile whose ATR is written in hex (`3B 88 80 01 …`), checked by
    /// [`Atr::parse_hex`]: the error names the offending byte or character.
    pub fn contactless_hex(text: &str) -> Result<ReaderProfile, AtrError> {
        Ok(ReaderProfile::Contactless {
            atr: Atr::parse_hex(text)?.into_bytes(),
        })
    }
}

/// Artificial delays shaped like a real card, for testing a client's timeouts and progress UI.
/// Off unless asked for. A real card signs in about 0.7 s (mnbcard's log timestamps) and answers
/// reads in a few milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latency {
    /// Added to `80 2A` and INTERNAL AUTHENTICATE.
    pub sign: Duration,
    /// Added to READ BINARY and READ RECORD.
    pub read: Duration,
    /// Added to every other command.
    pub other: Duration,
}

impl Latency {
    /// No delay at all (the default).
    pub const NONE: Latency = Latency {
        sign: Duration::ZERO,
        read: Duration::ZERO,
        other: Duration::ZERO,
    };

    /// Delays like a real card over a contact reader.
    pub const REAL_CARD: Latency = Latency {
        sign: Duration::from_millis(700),
        read: Duration::from_millis(4),
        other: Duration::from_millis(2),
    };

    /// The delay for one command APDU.
    pub fn for_command(&self, apdu: &[u8]) -> Duration {
        match apdu.get(1) {
            Some(0x2A) | Some(0x88) => self.sign,
            Some(0xB0) | Some(0xB2) => self.read,
            _ => self.other,
        }
    }
}

impl Default for Latency {
    fn default() -> Self {
        Latency::NONE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_contactless_atr_is_well_formed() {
        assert_eq!(Atr::check(&DEFAULT_CONTACTLESS_ATR), Ok(()));
        assert_eq!(
            ReaderProfile::contactless_hex("3B 88 80 01 00 00 00 00 00 81 81 00 09"),
            Ok(ReaderProfile::contactless())
        );
        assert!(ReaderProfile::contactless_hex("3B 88 80 01 00 00 00 00 00 81 81 09").is_err());
    }

    #[test]
    fn latency_by_instruction() {
        let l = Latency::REAL_CARD;
        assert_eq!(
            l.for_command(&[0x80, 0x2A, 0, 0x80]),
            Duration::from_millis(700)
        );
        assert_eq!(
            l.for_command(&[0x00, 0xB0, 0, 0, 0]),
            Duration::from_millis(4)
        );
        assert_eq!(Latency::NONE.for_command(&[0x80, 0x2A]), Duration::ZERO);
    }
}
