//! The ISO 7816-4 command/response codec: cases 1–4, short and extended lengths.
//!
//! Decoding is strict and total: every byte string either decodes to a [`Command`] or to the
//! status word the card answers a malformed APDU with. It never panics. The layouts follow
//! ISO/IEC 7816-4 §5.1 (see `docs/card.md`, "APDU forms").

use crate::sw::Sw;

/// How the Le field was written, which matters when the command is echoed or re-encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Le {
    /// No Le field: the command expects no response data.
    Absent,
    /// A one-byte Le (`00` means 256).
    Short(u16),
    /// A two-byte Le in an extended APDU (`00 00` means 65536).
    Extended(u32),
}

impl Le {
    /// The number of bytes the terminal accepts (0 when absent).
    #[inline]
    pub fn max_len(self) -> usize {
        match self {
            Le::Absent => 0,
            Le::Short(n) => n as usize,
            Le::Extended(n) => n as usize,
        }
    }

    /// Whether the command was sent in extended form.
    #[inline]
    pub fn is_extended(self) -> bool {
        matches!(self, Le::Extended(_))
    }
}

/// A decoded command APDU, borrowing its data field from the received bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Command<'a> {
    /// The class byte.
    pub cla: u8,
    /// The instruction byte.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// The data field (empty when there is no Lc).
    pub data: &'a [u8],
    /// Whether Lc (and so Le, if present) used the extended three-byte form.
    pub extended: bool,
    /// The expected response length.
    pub le: Le,
}

/// Why a byte string is not a well-formed command APDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Fewer than the four header bytes.
    #[error("command APDU of {len} bytes is shorter than the 4-byte header")]
    TooShort {
        /// Bytes received.
        len: usize,
    },
    /// The body is not one of the lengths cases 2–4 allow.
    #[error("command APDU body of {body} bytes does not match its Lc/Le fields (byte offset 4)")]
    BadLength {
        /// Bytes after the header.
        body: usize,
    },
    /// An extended Lc of zero, which ISO 7816-4 forbids.
    #[error("extended Lc is zero (byte offset 5)")]
    ZeroExtendedLc,
    /// The class byte is not one this card understands.
    #[error("class byte {cla:02X} is not supported (byte offset 0)")]
    UnsupportedClass {
        /// The CLA byte.
        cla: u8,
    },
    /// A logical channel other than the basic channel 0.
    #[error("logical channel {channel} is not supported (byte offset 0)")]
    LogicalChannel {
        /// The channel number encoded in CLA.
        channel: u8,
    },
    /// The command-chaining bit is set; the card answers in one piece and accepts none.
    #[error("command chaining is not supported (CLA bit 5, byte offset 0)")]
    Chaining,
}

impl From<DecodeError> for Sw {
    fn from(e: DecodeError) -> Sw {
        match e {
            DecodeError::TooShort { .. }
            | DecodeError::BadLength { .. }
            | DecodeError::ZeroExtendedLc => Sw::WrongLength,
            DecodeError::UnsupportedClass { .. } => Sw::ClaNotSupported,
            DecodeError::LogicalChannel { .. } => Sw::LogicalChannelNotSupported,
            DecodeError::Chaining => Sw::Other(0x6884),
        }
    }
}

impl<'a> Command<'a> {
    /// Decodes one command APDU.
    ///
    /// The class byte is checked before the lengths: a card reads CLA first, and a client that
    /// sends a wrong channel deserves `6881` even if its lengths are also wrong.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        let [cla, ins, p1, p2, body @ ..] = bytes else {
            return Err(DecodeError::TooShort { len: bytes.len() });
        };
        check_class(*cla)?;
        let (data, le, extended) = decode_body(body)?;
        Ok(Command {
            cla: *cla,
            ins: *ins,
            p1: *p1,
            p2: *p2,
            data,
            extended,
            le,
        })
    }

    /// Encodes the command; `decode(encode(c)) == c` for every command built by `decode`.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + 3 + self.data.len() + 2);
        out.extend_from_slice(&[self.cla, self.ins, self.p1, self.p2]);
        if self.extended {
            if !self.data.is_empty() {
                out.push(0);
                out.extend_from_slice(&(self.data.len() as u16).to_be_bytes());
                out.extend_from_slice(self.data);
            }
            if let Le::Extended(n) = self.le {
                if self.data.is_empty() {
                    out.push(0);
                }
                out.extend_from_slice(&((n & 0xFFFF) as u16).to_be_bytes());
            }
        } else {
            if !self.data.is_empty() {
                out.push(self.data.len() as u8);
                out.extend_from_slice(self.data);
            }
            if let Le::Short(n) = self.le {
                out.push((n & 0xFF) as u8);
            }
        }
        out
    }

    /// Reads a command as a log shows it, leniently: the four header bytes are required, the
    /// body is read as far as it goes (a data field cut short is kept as far as it is there)
    /// and the class is not checked. For judging what a client *sent* (the timeline), where the
    /// strict [`Command::decode`] would refuse what the card refused.
    pub fn read_lenient(bytes: &'a [u8]) -> Option<Self> {
        let [cla, ins, p1, p2, body @ ..] = bytes else {
            return None;
        };
        let (data, le, extended) = decode_body(body).unwrap_or_else(|_| cut_body(body));
        Some(Command {
            cla: *cla,
            ins: *ins,
            p1: *p1,
            p2: *p2,
            data,
            extended,
            le,
        })
    }

    /// What the command asks for.
    #[inline]
    pub fn instruction(&self) -> crate::Instruction {
        crate::Instruction::of(self.cla, self.ins)
    }

    /// Whether the class byte marks a proprietary (JICSAP) command such as `80 2A`.
    #[inline]
    pub fn is_proprietary(&self) -> bool {
        self.cla & 0x80 != 0
    }

    /// Whether the class byte asks for secure messaging (bits 3–4).
    #[inline]
    pub fn is_secure_messaging(&self) -> bool {
        self.cla & 0x0C != 0
    }
}

/// Accepts the first interindustry class (`0X`) and its proprietary twin (`8X`), channel 0 only.
fn check_class(cla: u8) -> Result<(), DecodeError> {
    if cla == 0xFF || !matches!(cla & 0xE0, 0x00 | 0x80) {
        return Err(DecodeError::UnsupportedClass { cla });
    }
    if cla & 0x10 != 0 {
        return Err(DecodeError::Chaining);
    }
    let channel = cla & 0x03;
    if channel != 0 {
        return Err(DecodeError::LogicalChannel { channel });
    }
    Ok(())
}

fn decode_body(body: &[u8]) -> Result<(&[u8], Le, bool), DecodeError> {
    let bad = || DecodeError::BadLength { body: body.len() };
    match body {
        // Case 1.
        [] => Ok((&[], Le::Absent, false)),
        // Case 2 short.
        [le] => Ok((&[], Le::Short(short_le(*le)), false)),
        // Extended forms start with a zero byte.
        [0, rest @ ..] if rest.len() >= 2 => {
            let n = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
            let rest = &rest[2..];
            if rest.is_empty() {
                // Case 2 extended: the two bytes were Le.
                return Ok((&[], Le::Extended(extended_le(n)), true));
            }
            if n == 0 {
                return Err(DecodeError::ZeroExtendedLc);
            }
            match rest.len().checked_sub(n) {
                Some(0) => Ok((rest, Le::Absent, true)),
                Some(2) => {
                    let le = usize::from(u16::from_be_bytes([rest[n], rest[n + 1]]));
                    Ok((&rest[..n], Le::Extended(extended_le(le)), true))
                }
                _ => Err(bad()),
            }
        }
        [0, ..] => Err(bad()),
        // Short Lc.
        [lc, rest @ ..] => {
            let n = usize::from(*lc);
            match rest.len().checked_sub(n) {
                Some(0) => Ok((rest, Le::Absent, false)),
                Some(1) => Ok((&rest[..n], Le::Short(short_le(rest[n])), false)),
                _ => Err(bad()),
            }
        }
    }
}

/// The data field of a body whose lengths do not add up, as far as it goes: what
/// [`Command::read_lenient`] keeps of a malformed command.
fn cut_body(body: &[u8]) -> (&[u8], Le, bool) {
    match body {
        [0, hi, lo, rest @ ..] => {
            let n = usize::from(u16::from_be_bytes([*hi, *lo]));
            (&rest[..rest.len().min(n)], Le::Absent, true)
        }
        [lc, rest @ ..] => (&rest[..rest.len().min(usize::from(*lc))], Le::Absent, false),
        [] => (&[], Le::Absent, false),
    }
}

fn short_le(b: u8) -> u16 {
    if b == 0 {
        256
    } else {
        u16::from(b)
    }
}

fn extended_le(n: usize) -> u32 {
    if n == 0 {
        65536
    } else {
        n as u32
    }
}

/// Appends the status word to response data, giving the R-APDU bytes.
#[inline]
pub fn response(mut data: Vec<u8>, sw: Sw) -> Vec<u8> {
    data.extend_from_slice(&sw.to_bytes());
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).expect("test hex")
    }

    #[test]
    fn the_four_cases_short() {
        let c1 = hex("00 20 00 80");
        let c = Command::decode(&c1).expect("case 1");
        assert_eq!((c.data.len(), c.le), (0, Le::Absent));

        let c2 = hex("00 B0 00 00 00");
        assert_eq!(Command::decode(&c2).expect("case 2").le, Le::Short(256));

        let c3 = hex("00 A4 02 0C 02 00 0A");
        let c = Command::decode(&c3).expect("case 3");
        assert_eq!((c.data, c.le), (&[0x00, 0x0A][..], Le::Absent));

        let c4 = hex("80 2A 00 80 03 01 02 03 00");
        let c = Command::decode(&c4).expect("case 4");
        assert_eq!((c.data, c.le), (&[1, 2, 3][..], Le::Short(256)));
    }

    #[test]
    fn the_four_cases_extended() {
        let c2 = hex("00 B0 00 00 00 00 00");
        let c = Command::decode(&c2).expect("case 2E");
        assert_eq!((c.le, c.extended), (Le::Extended(65536), true));

        let c2 = hex("00 B0 8A 04 00 06 1C");
        assert_eq!(
            Command::decode(&c2).expect("case 2E").le,
            Le::Extended(0x061C)
        );

        let c3 = hex("00 20 00 80 00 00 02 31 32");
        let c = Command::decode(&c3).expect("case 3E");
        assert_eq!((c.data, c.le), (&b"12"[..], Le::Absent));

        let c4 = hex("80 2A 00 80 00 00 01 AA 00 00");
        let c = Command::decode(&c4).expect("case 4E");
        assert_eq!((c.data, c.le), (&[0xAA][..], Le::Extended(65536)));
    }

    #[test]
    fn malformed_lengths_are_6700() {
        for bad in [
            "00 A4",
            "00 A4 02 0C 02 00",
            "00 A4 02 0C 02 00 0A 00 00",
            "00 B0 00 00 00 00",
            "00 20 00 80 00 00 00 31",
            "00 20 00 80 00 00 02 31",
        ] {
            let err = Command::decode(&hex(bad)).expect_err(bad);
            assert_eq!(Sw::from(err), Sw::WrongLength, "{bad}");
        }
    }

    #[test]
    fn class_errors() {
        assert_eq!(
            Sw::from(Command::decode(&hex("01 A4 04 0C")).expect_err("ch1")),
            Sw::LogicalChannelNotSupported
        );
        assert_eq!(
            Sw::from(Command::decode(&hex("83 2A 00 80")).expect_err("ch3")),
            Sw::LogicalChannelNotSupported
        );
        assert_eq!(
            Sw::from(Command::decode(&hex("FF A4 04 0C")).expect_err("ff")),
            Sw::ClaNotSupported
        );
        assert_eq!(
            Sw::from(Command::decode(&hex("40 A4 04 0C")).expect_err("40")),
            Sw::ClaNotSupported
        );
    }

    #[test]
    fn lenient_reading_keeps_what_is_there() {
        let cut = hex("80 2A 00 97 33 00");
        let c = Command::read_lenient(&cut).expect("header");
        assert_eq!((c.ins, c.data), (0x2A, &[0x00][..]));
        let extended = hex("00 20 00 98 00 00 04 00 00 00 00");
        let c = Command::read_lenient(&extended).expect("ext");
        assert_eq!(c.data.len(), 4);
        let any_class = hex("FF A4 04 0C 02 3F 00 00");
        let c = Command::read_lenient(&any_class).expect("any class");
        assert_eq!((c.data, c.le), (&[0x3F, 0x00][..], Le::Short(256)));
        assert!(Command::read_lenient(&hex("00 A4 04")).is_none());
    }

    proptest! {
        #[test]
        fn lenient_reading_agrees_with_decoding(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(c) = Command::decode(&bytes) {
                prop_assert_eq!(Command::read_lenient(&bytes), Some(c));
            }
            let _ = Command::read_lenient(&bytes);
        }

        #[test]
        fn decoding_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = Command::decode(&bytes);
        }

        #[test]
        fn decoded_commands_re_encode_to_the_same_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(c) = Command::decode(&bytes) {
                prop_assert_eq!(c.encode(), bytes);
            }
        }

        #[test]
        fn built_commands_round_trip(
            ins in any::<u8>(), p1 in any::<u8>(), p2 in any::<u8>(),
            data in proptest::collection::vec(any::<u8>(), 0..600),
            le in proptest::option::of(1u32..=65536), extended in any::<bool>(),
        ) {
            let extended = (extended && (!data.is_empty() || le.is_some()))
                || data.len() > 255
                || le.is_some_and(|n| n > 256);
            let le = match le {
                None => Le::Absent,
                Some(n) if extended => Le::Extended(n),
                Some(n) => Le::Short(n as u16),
            };
            let c = Command { cla: 0x00, ins, p1, p2, data: &data, extended, le };
            let bytes = c.encode();
            prop_assert_eq!(Command::decode(&bytes).expect("valid"), c);
        }
    }
}
