//! Reader profiles: a contact reader (T=1, the card's own ATR) or a contactless one, whose ATR
//! the reader synthesises in the PC/SC Part 3 form. Plus the optional latency model that makes
//! the virtual card as slow as a real one.

use std::time::Duration;

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

impl ReaderProfile {
    /// A contactless profile with the default PC/SC Part 3 ATR for a Type B card:
    /// `3B 88 80 01` + 4 bytes of ATQB application data + 3 bytes of protocol info + TCK.
    pub fn contactless() -> ReaderProfile {
        ReaderProfile::Contactless {
            atr: with_tck(&[
                0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x81,
            ]),
        }
    }
}

/// Appends the check byte: the XOR of every byte after TS.
pub fn with_tck(atr: &[u8]) -> Vec<u8> {
    let tck = atr.iter().skip(1).fold(0u8, |acc, b| acc ^ b);
    let mut out = atr.to_vec();
    out.push(tck);
    out
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
    fn tck_makes_the_xor_zero() {
        let ReaderProfile::Contactless { atr } = ReaderProfile::contactless() else {
            unreachable!()
        };
        assert_eq!(atr.iter().skip(1).fold(0, |a, b| a ^ b), 0);
        assert_eq!(atr.len(), 12);
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
