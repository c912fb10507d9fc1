//! Status words: the two trailing bytes of every response.
//!
//! Handlers return `Result<_, Sw>`, so a status word is also the card's error type. The values the
//! real card uses are recorded in `docs/card.md` ("Status words").

use std::fmt;

/// An ISO 7816-4 status word, named by what it means on a My Number card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sw {
    /// `9000`: success.
    Ok,
    /// `63Cx`: a PIN was not verified; `x` tries remain (`63C0` when none remain).
    RetriesLeft(u8),
    /// `6700`: wrong length (Lc or Le).
    WrongLength,
    /// `6881`: a logical channel other than 0 was addressed.
    LogicalChannelNotSupported,
    /// `6981`: the command does not fit the file (e.g. READ BINARY on a key or PIN EF).
    IncompatibleWithFile,
    /// `6982`: security status not satisfied (the PIN guarding this file or key is not verified).
    SecurityStatusNotSatisfied,
    /// `6984`: reference data not usable: the PIN is blocked.
    RefDataNotUsable,
    /// `6985`: conditions of use not satisfied.
    ConditionsNotSatisfied,
    /// `6986`: command not allowed: no current EF.
    NoCurrentEf,
    /// `6A82`: file or application not found.
    FileNotFound,
    /// `6A83`: record not found.
    RecordNotFound,
    /// `6A88`: referenced data (a key or PIN reference) not found.
    RefDataNotFound,
    /// `6A86`: incorrect P1/P2.
    IncorrectP1P2,
    /// `6A80`: incorrect data field (e.g. a new PIN of the wrong format).
    IncorrectData,
    /// `6B00`: offset beyond the end of the EF.
    WrongParameters,
    /// `6D00`: instruction not supported.
    InsNotSupported,
    /// `6E00`: class not supported.
    ClaNotSupported,
    /// `6F00`: no precise diagnosis (used only by injected faults).
    NoPreciseDiagnosis,
    /// Any other value, kept so that injected or unknown status words round-trip.
    Other(u16),
}

impl Sw {
    /// The two-byte value.
    pub fn to_u16(self) -> u16 {
        match self {
            Sw::Ok => 0x9000,
            Sw::RetriesLeft(n) => 0x63C0 | u16::from(n.min(0x0F)),
            Sw::WrongLength => 0x6700,
            Sw::LogicalChannelNotSupported => 0x6881,
            Sw::IncompatibleWithFile => 0x6981,
            Sw::SecurityStatusNotSatisfied => 0x6982,
            Sw::RefDataNotUsable => 0x6984,
            Sw::ConditionsNotSatisfied => 0x6985,
            Sw::NoCurrentEf => 0x6986,
            Sw::IncorrectData => 0x6A80,
            Sw::FileNotFound => 0x6A82,
            Sw::IncorrectP1P2 => 0x6A86,
            Sw::RecordNotFound => 0x6A83,
            Sw::RefDataNotFound => 0x6A88,
            Sw::WrongParameters => 0x6B00,
            Sw::InsNotSupported => 0x6D00,
            Sw::ClaNotSupported => 0x6E00,
            Sw::NoPreciseDiagnosis => 0x6F00,
            Sw::Other(v) => v,
        }
    }

    /// The two bytes, SW1 first.
    pub fn to_bytes(self) -> [u8; 2] {
        self.to_u16().to_be_bytes()
    }

    /// Whether this is `9000`.
    pub fn is_ok(self) -> bool {
        self == Sw::Ok
    }
}

impl From<u16> for Sw {
    fn from(v: u16) -> Self {
        match v {
            0x9000 => Sw::Ok,
            0x63C0..=0x63CF => Sw::RetriesLeft((v & 0x0F) as u8),
            0x6700 => Sw::WrongLength,
            0x6881 => Sw::LogicalChannelNotSupported,
            0x6981 => Sw::IncompatibleWithFile,
            0x6982 => Sw::SecurityStatusNotSatisfied,
            0x6984 => Sw::RefDataNotUsable,
            0x6985 => Sw::ConditionsNotSatisfied,
            0x6986 => Sw::NoCurrentEf,
            0x6A80 => Sw::IncorrectData,
            0x6A82 => Sw::FileNotFound,
            0x6A86 => Sw::IncorrectP1P2,
            0x6A83 => Sw::RecordNotFound,
            0x6A88 => Sw::RefDataNotFound,
            0x6B00 => Sw::WrongParameters,
            0x6D00 => Sw::InsNotSupported,
            0x6E00 => Sw::ClaNotSupported,
            0x6F00 => Sw::NoPreciseDiagnosis,
            other => Sw::Other(other),
        }
    }
}

impl From<Sw> for u16 {
    fn from(sw: Sw) -> u16 {
        sw.to_u16()
    }
}

impl fmt::Display for Sw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.to_u16())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips() {
        for v in 0..=u16::MAX {
            assert_eq!(Sw::from(v).to_u16(), v);
        }
    }

    #[test]
    fn retries_are_the_low_nibble() {
        assert_eq!(Sw::RetriesLeft(3).to_bytes(), [0x63, 0xC3]);
        assert_eq!(Sw::from(0x63C0), Sw::RetriesLeft(0));
    }
}
