//! Instruction names: what the CLA class (interindustry `0X` or proprietary JICSAP `8X`) and the
//! INS byte ask for (ISO/IEC 7816-4 §5.4; JICSAP commands: myna-card's probes and OpenSC
//! `card-jpki.c`, `docs/card.md`, "APDU reference").

use std::fmt;

/// What a command asks for, by its CLA class and INS byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instruction {
    /// `00 A4`: SELECT.
    Select,
    /// `00 B0`: READ BINARY.
    ReadBinary,
    /// `00 B2`: READ RECORD.
    ReadRecord,
    /// `00 20`: VERIFY (an empty one asks the tries left).
    Verify,
    /// `00 24`: CHANGE REFERENCE DATA.
    ChangeReferenceData,
    /// `00 2C`: RESET RETRY COUNTER.
    ResetRetryCounter,
    /// `00 84`: GET CHALLENGE.
    GetChallenge,
    /// `00 88`: INTERNAL AUTHENTICATE.
    InternalAuthenticate,
    /// `00 2A`: PERFORM SECURITY OPERATION (ISO; the card does not implement it).
    PerformSecurityOperation,
    /// `00 CA` / `00 CB` (and their proprietary twins): GET DATA.
    GetData,
    /// `00 C0`: GET RESPONSE.
    GetResponse,
    /// `80 2A`: the JICSAP signature (COMPUTE DIGITAL SIGNATURE).
    Sign,
    /// `80 32`: JICSAP CHANGE KEY (a PIN change).
    ChangeKey,
    /// `80 AE`: SET SESSION KEY (secure messaging, 券面事項入力補助AP).
    SetSessionKey,
    /// `80 A2`: terminal CV-certificate verification.
    VerifyCertificate,
    /// `80 FC`: an iPhone-token command.
    PhoneToken,
    /// Any other INS.
    Other {
        /// Whether the class is proprietary (CLA bit 8).
        proprietary: bool,
        /// The INS byte.
        ins: u8,
    },
}

impl Instruction {
    /// The instruction a CLA and INS byte ask for.
    #[inline]
    pub const fn of(cla: u8, ins: u8) -> Instruction {
        let proprietary = cla & 0x80 != 0;
        match (proprietary, ins) {
            (false, 0xA4) => Instruction::Select,
            (false, 0xB0) => Instruction::ReadBinary,
            (false, 0xB2) => Instruction::ReadRecord,
            (false, 0x20) => Instruction::Verify,
            (false, 0x24) => Instruction::ChangeReferenceData,
            (false, 0x2C) => Instruction::ResetRetryCounter,
            (false, 0x84) => Instruction::GetChallenge,
            (false, 0x88) => Instruction::InternalAuthenticate,
            (false, 0x2A) => Instruction::PerformSecurityOperation,
            (_, 0xCA | 0xCB) => Instruction::GetData,
            (false, 0xC0) => Instruction::GetResponse,
            (true, 0x2A) => Instruction::Sign,
            (true, 0x32) => Instruction::ChangeKey,
            (true, 0xAE) => Instruction::SetSessionKey,
            (true, 0xA2) => Instruction::VerifyCertificate,
            (true, 0xFC) => Instruction::PhoneToken,
            (proprietary, ins) => Instruction::Other { proprietary, ins },
        }
    }

    /// The instruction's name (`SELECT`, `SIGN (80 2A)`); `None` for [`Instruction::Other`].
    pub const fn name(self) -> Option<&'static str> {
        Some(match self {
            Instruction::Select => "SELECT",
            Instruction::ReadBinary => "READ BINARY",
            Instruction::ReadRecord => "READ RECORD",
            Instruction::Verify => "VERIFY",
            Instruction::ChangeReferenceData => "CHANGE REFERENCE DATA",
            Instruction::ResetRetryCounter => "RESET RETRY COUNTER",
            Instruction::GetChallenge => "GET CHALLENGE",
            Instruction::InternalAuthenticate => "INTERNAL AUTHENTICATE",
            Instruction::PerformSecurityOperation => "PERFORM SECURITY OPERATION",
            Instruction::GetData => "GET DATA",
            Instruction::GetResponse => "GET RESPONSE",
            Instruction::Sign => "SIGN (80 2A)",
            Instruction::ChangeKey => "CHANGE KEY (80 32)",
            Instruction::SetSessionKey => "SET SESSION KEY (80 AE)",
            Instruction::VerifyCertificate => "VERIFY CERTIFICATE (80 A2)",
            Instruction::PhoneToken => "TOKEN (80 FC)",
            Instruction::Other { .. } => return None,
        })
    }
}

impl fmt::Display for Instruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.name(), self) {
            (Some(name), _) => f.write_str(name),
            (None, Instruction::Other { proprietary, ins }) => {
                write!(
                    f,
                    "INS {ins:02X}{}",
                    if *proprietary { " (proprietary)" } else { "" }
                )
            }
            (None, _) => f.write_str("command"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_decides_between_iso_and_jicsap() {
        assert_eq!(
            Instruction::of(0x00, 0x2A),
            Instruction::PerformSecurityOperation
        );
        assert_eq!(Instruction::of(0x80, 0x2A), Instruction::Sign);
        assert_eq!(Instruction::of(0x0C, 0xB0), Instruction::ReadBinary);
        assert_eq!(
            Instruction::of(0x80, 0xB0),
            Instruction::Other {
                proprietary: true,
                ins: 0xB0
            }
        );
        assert_eq!(Instruction::of(0x80, 0xCA), Instruction::GetData);
    }
}
