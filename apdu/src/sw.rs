//! Status words: the two trailing bytes of every response.
//!
//! The card's handlers return `Result<_, Sw>`, so a status word is also the card's error type.
//! The values the real card uses are recorded in `docs/card.md` ("Status words"); what each
//! means to a reader of a trace is [`Sw::meaning`], the one table of meanings.

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
    #[inline]
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
    #[inline]
    pub fn to_bytes(self) -> [u8; 2] {
        self.to_u16().to_be_bytes()
    }

    /// Whether this is `9000`.
    pub fn is_ok(self) -> bool {
        self == Sw::Ok
    }

    /// Whether the card executed the command: `9000`, or `61xx` (more data waiting).
    pub fn is_success(self) -> bool {
        let v = self.to_u16();
        v == 0x9000 || v >> 8 == 0x61
    }

    /// The tries left a `63Cx` answer reports.
    pub fn tries_left(self) -> Option<u8> {
        match self {
            Sw::RetriesLeft(n) => Some(n),
            _ => None,
        }
    }

    /// Whether the answer says a PIN is blocked: `63C0`, or `6984` (reference data not usable,
    /// what this card answers; ISO's `6983` is not: `docs/card.md`).
    pub fn says_blocked(self) -> bool {
        matches!(self, Sw::RetriesLeft(0) | Sw::RefDataNotUsable)
    }

    /// What the status word means, for people reading a trace, where it is common
    /// (`1 try left`, `file not found`).
    pub fn meaning(self) -> Option<String> {
        if let Sw::RetriesLeft(n) = self {
            return Some(match n {
                0 => "no tries left (blocked)".to_owned(),
                1 => "1 try left".to_owned(),
                n => format!("{n} tries left"),
            });
        }
        let text = match self.to_u16() {
            0x9000 => "OK",
            0x6700 => "wrong length",
            0x6881 => "logical channel not supported",
            0x6884 => "chaining not supported",
            0x6981 => "command incompatible with the file",
            0x6982 => "security status not satisfied",
            0x6983 => "blocked",
            0x6984 => "reference data not usable",
            0x6985 => "conditions of use not satisfied",
            0x6986 => "no current EF",
            0x6A80 => "wrong data",
            0x6A82 => "file not found",
            0x6A86 => "wrong P1-P2",
            0x6B00 => "wrong parameters (offset)",
            0x6D00 => "INS not supported",
            0x6E00 => "CLA not supported",
            _ => return None,
        };
        Some(text.to_owned())
    }
}

impl From<u16> for Sw {
    #[inline]
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
    fn meanings_for_traces() {
        assert_eq!(Sw::from(0x63C1).meaning().as_deref(), Some("1 try left"));
        assert_eq!(
            Sw::from(0x63C0).meaning().as_deref(),
            Some("no tries left (blocked)")
        );
        assert_eq!(
            Sw::from(0x6A82).meaning().as_deref(),
            Some("file not found")
        );
        assert_eq!(Sw::from(0x6F00).meaning(), None);
        assert!(Sw::from(0x6110).is_success() && !Sw::from(0x6282).is_success());
    }

    #[test]
    fn retries_are_the_low_nibble() {
        assert_eq!(Sw::RetriesLeft(3).to_bytes(), [0x63, 0xC3]);
        assert_eq!(Sw::from(0x63C0), Sw::RetriesLeft(0));
    }
}
