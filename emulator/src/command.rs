//! Typed card commands: P1/P2 and the data field decoded once, at the edge.
//!
//! [`CardCommand::decode`] turns a well-formed [`Command`] into what the card will do, or into
//! the status word for parameters it does not accept. Handlers in [`crate::card`] never read P1
//! or P2. The forms follow what real clients send (`docs/card.md`, "APDU reference").

use mynakit_apdu::{BinaryRef, Instruction, KeyRef, SelectBy};

use crate::apdu::{Command, Le};
use mynakit_apdu::Sw;

/// Which EF a command addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EfRef {
    /// The current EF (P2=`80` style).
    Current,
    /// The EF whose FID is `00 SFI` in the current DF; it becomes the current EF (READ BINARY,
    /// READ RECORD).
    Sfi(u8),
    /// A key or PIN reference `80|n` (VERIFY, CHANGE, `80 2A`, INTERNAL AUTHENTICATE): addresses
    /// EF `00 n` of the current DF without selecting it (ISO 7816-4 reference data qualifier).
    Reference(u8),
}

impl EfRef {
    /// Decodes the `80 | SFI` key-reference byte of VERIFY, CHANGE, `80 2A` and INT AUTH.
    fn from_key_ref(p2: u8) -> Result<EfRef, Sw> {
        match KeyRef::from_p2(p2) {
            Some(KeyRef::Current) => Ok(EfRef::Current),
            Some(KeyRef::Short(n)) => Ok(EfRef::Reference(n)),
            None => Err(Sw::IncorrectP1P2),
        }
    }
}

/// The key `80 2A` signs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SignKey {
    /// A key EF (P2=`80` or `80|SFI`).
    Ef(EfRef),
    /// The current AP's own key (P2=`00`, the 券面 APs' 内部認証).
    ApOwn,
}

/// How `80 2A` treats its input (P1), per myna-card's probing of real cards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SignMode {
    /// `00`: PKCS#1 v1.5 type-1 padding over the data as supplied (what every client uses).
    Raw,
    /// `01`: the card hashes the data with SHA-256 and pads the bare hash.
    HashBare,
    /// `02`: the data is a 32-byte SHA-256 hash; the card wraps it in a DigestInfo.
    DigestInfoOfHash,
    /// `03`: the card hashes with SHA-256 and wraps the hash in a DigestInfo.
    HashDigestInfo,
    /// `04`: the data is a 32-byte SHA-256 hash; RSASSA-PSS with a random salt.
    PssOfHash,
    /// `05`: the card hashes with SHA-256; RSASSA-PSS with a random salt.
    PssHash,
}

/// Where SELECT goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SelectTarget<'a> {
    /// `00 A4 04 xx`: a DF by (a prefix of) its name.
    DfName {
        /// The name bytes.
        name: &'a [u8],
        /// Whether P2=`00` asked for an FCI.
        fci: bool,
    },
    /// `00 A4 02 0C`: an EF of the current DF by FID.
    Ef(u16),
    /// `00 A4 00 00` without data: the MF.
    Mf,
    /// `00 A4 00 0C <FID>`: by FID from the MF (`3F00` and others), never found on this card.
    FromMf,
}

/// A decoded card command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CardCommand<'a> {
    /// SELECT.
    Select(SelectTarget<'a>),
    /// READ BINARY from `offset`.
    ReadBinary {
        /// Which EF.
        ef: EfRef,
        /// Byte offset.
        offset: usize,
        /// Expected length.
        le: Le,
    },
    /// READ RECORD of record `number`.
    ReadRecord {
        /// Which EF.
        ef: EfRef,
        /// The 1-based record number.
        number: u8,
        /// Expected length.
        le: Le,
    },
    /// VERIFY; `pin` is `None` for the empty (status) form.
    Verify {
        /// Which PIN.
        ef: EfRef,
        /// The candidate PIN.
        pin: Option<&'a [u8]>,
    },
    /// CHANGE REFERENCE DATA `00 24 01 80` (or JICSAP CHANGE KEY `80 32 00 80`).
    ChangePin {
        /// Which PIN.
        ef: EfRef,
        /// The new value.
        new: &'a [u8],
    },
    /// GET CHALLENGE of `len` bytes.
    GetChallenge {
        /// Requested length (1..=256).
        len: usize,
    },
    /// The JICSAP signature `80 2A`.
    Sign {
        /// How the input is treated.
        mode: SignMode,
        /// Which key.
        key: SignKey,
        /// The input.
        data: &'a [u8],
        /// Expected length.
        le: Le,
    },
    /// INTERNAL AUTHENTICATE `00 88 00 80|SFI`.
    InternalAuthenticate {
        /// Which key.
        ef: EfRef,
        /// The challenge.
        data: &'a [u8],
    },
    /// GET DATA `00 CA`.
    GetData {
        /// The tag (P1P2).
        tag: u16,
        /// Expected length.
        le: Le,
    },
    /// SET SESSION KEY `80 AE`: delivers a secure-messaging key (券面事項入力補助AP only).
    SetSessionKey {
        /// Whether P1-P2 is `00 00`, the only form the card takes.
        plain_form: bool,
        /// The encrypted key-delivery structure.
        data: &'a [u8],
    },
    /// `80 A2`: terminal CV-certificate verification. myna-card saw `6A86` for every P1-P2 it
    /// tried; jsapdu expects `6700` for `00 C1` (a switch, `docs/card.md`).
    VerifyTerminalCertificate {
        /// P1.
        p1: u8,
        /// P2.
        p2: u8,
    },
    /// `80 FC`: an iPhone-token command; the physical card answers `6700`.
    PhoneToken,
    /// An instruction the card does not know; the answer is a switch
    /// ([`crate::Behaviour::unknown_ins`]).
    Unknown {
        /// The INS byte.
        ins: u8,
    },
}

impl<'a> CardCommand<'a> {
    /// Decodes the instruction and its parameters. An unknown INS decodes to
    /// [`CardCommand::Unknown`]; only parameters the card refuses are an `Err`.
    pub(crate) fn decode(c: &Command<'a>) -> Result<CardCommand<'a>, Sw> {
        match c.instruction() {
            Instruction::Select => decode_select(c),
            Instruction::ReadBinary => decode_read_binary(c),
            Instruction::ReadRecord => decode_read_record(c),
            Instruction::Verify => {
                require_p1(c, 0x00)?;
                let pin = if c.data.is_empty() {
                    None
                } else {
                    Some(c.data)
                };
                Ok(CardCommand::Verify {
                    ef: EfRef::from_key_ref(c.p2)?,
                    pin,
                })
            }
            Instruction::ChangeReferenceData => {
                require_p1(c, 0x01)?;
                Ok(CardCommand::ChangePin {
                    ef: EfRef::from_key_ref(c.p2)?,
                    new: c.data,
                })
            }
            Instruction::GetChallenge => {
                if c.p1 != 0 || c.p2 != 0 {
                    return Err(Sw::IncorrectP1P2);
                }
                if c.extended {
                    return Err(Sw::ConditionsNotSatisfied);
                }
                match c.le {
                    Le::Absent => Err(Sw::WrongLength),
                    le => Ok(CardCommand::GetChallenge { len: le.max_len() }),
                }
            }
            Instruction::InternalAuthenticate => {
                require_p1(c, 0x00)?;
                Ok(CardCommand::InternalAuthenticate {
                    ef: EfRef::from_key_ref(c.p2)?,
                    data: c.data,
                })
            }
            // Only the interindustry `00 CA`; `CB` and `80 CA` are unknown to the card.
            Instruction::GetData if c.ins == 0xCA && !c.is_proprietary() => {
                Ok(CardCommand::GetData {
                    tag: u16::from_be_bytes([c.p1, c.p2]),
                    le: c.le,
                })
            }
            Instruction::Sign => {
                let mode = match c.p1 {
                    0x00 => SignMode::Raw,
                    0x01 => SignMode::HashBare,
                    0x02 => SignMode::DigestInfoOfHash,
                    0x03 => SignMode::HashDigestInfo,
                    0x04 => SignMode::PssOfHash,
                    0x05 => SignMode::PssHash,
                    _ => return Err(Sw::IncorrectP1P2),
                };
                let key = match c.p2 {
                    0x00 => SignKey::ApOwn,
                    p2 => SignKey::Ef(EfRef::from_key_ref(p2)?),
                };
                Ok(CardCommand::Sign {
                    mode,
                    key,
                    data: c.data,
                    le: c.le,
                })
            }
            Instruction::ChangeKey => {
                require_p1(c, 0x00)?;
                Ok(CardCommand::ChangePin {
                    ef: EfRef::from_key_ref(c.p2)?,
                    new: c.data,
                })
            }
            Instruction::SetSessionKey => Ok(CardCommand::SetSessionKey {
                plain_form: c.p1 == 0 && c.p2 == 0,
                data: c.data,
            }),
            Instruction::VerifyCertificate => {
                Ok(CardCommand::VerifyTerminalCertificate { p1: c.p1, p2: c.p2 })
            }
            Instruction::PhoneToken => Ok(CardCommand::PhoneToken),
            _ => Ok(CardCommand::Unknown { ins: c.ins }),
        }
    }
}

fn require_p1(c: &Command<'_>, p1: u8) -> Result<(), Sw> {
    if c.p1 == p1 {
        Ok(())
    } else {
        Err(Sw::IncorrectP1P2)
    }
}

fn decode_select<'a>(c: &Command<'a>) -> Result<CardCommand<'a>, Sw> {
    let fci = match c.p2 {
        0x0C => false,
        0x00 => true,
        _ => return Err(Sw::IncorrectP1P2),
    };
    let target = match SelectBy::from_p1(c.p1) {
        SelectBy::DfName => SelectTarget::DfName { name: c.data, fci },
        SelectBy::ChildEf => {
            let [hi, lo] = c.data else {
                return Err(Sw::WrongLength);
            };
            SelectTarget::Ef(u16::from_be_bytes([*hi, *lo]))
        }
        SelectBy::Mf if c.data.is_empty() => SelectTarget::Mf,
        SelectBy::Mf => SelectTarget::FromMf,
        // Child-DF, parent and path forms do not work on real cards (Hamano, OpenSC PR #801).
        _ => return Err(Sw::IncorrectP1P2),
    };
    Ok(CardCommand::Select(target))
}

fn decode_read_binary<'a>(c: &Command<'a>) -> Result<CardCommand<'a>, Sw> {
    if c.le == Le::Absent || !c.data.is_empty() {
        return Err(Sw::WrongLength);
    }
    let (ef, offset) = match BinaryRef::from_p1p2(c.p1, c.p2) {
        // P1 b7-b6 are reserved in the short-EF form: the card refuses them.
        BinaryRef::Short { .. } if c.p1 & 0x60 != 0 => return Err(Sw::IncorrectP1P2),
        BinaryRef::Short { sfi, offset } => (EfRef::Sfi(sfi), offset),
        BinaryRef::Current { offset } => (EfRef::Current, offset),
    };
    if ef == EfRef::Sfi(0) {
        return Err(Sw::IncorrectP1P2);
    }
    Ok(CardCommand::ReadBinary {
        ef,
        offset,
        le: c.le,
    })
}

fn decode_read_record<'a>(c: &Command<'a>) -> Result<CardCommand<'a>, Sw> {
    // P2: b3..b1 = 100 (record number in P1); b8..b4 = SFI, or 0 for the current EF.
    if c.p2 & 0x07 != 0x04 || c.p1 == 0 {
        return Err(Sw::IncorrectP1P2);
    }
    let ef = match c.p2 >> 3 {
        0 => EfRef::Current,
        sfi => EfRef::Sfi(sfi),
    };
    Ok(CardCommand::ReadRecord {
        ef,
        number: c.p1,
        le: c.le,
    })
}
