//! What P1 and P2 address, where every command that names a file or key reads them the same way
//! (ISO/IEC 7816-4 §7.5.1, §11.2.2, §11.2.3; `docs/card.md`, "APDU reference"). Which forms the
//! card *accepts* is the emulator's business; this is only what the bytes mean, so the card and
//! the checks that judge a client read them alike.

/// SELECT's P1: how the target is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SelectBy {
    /// `00`: the MF, or an EF/DF by FID from the MF.
    Mf,
    /// `01`: a child DF by FID.
    ChildDf,
    /// `02`: an EF of the current DF by FID (`00 A4 02 0C <FID>`, what real cards take).
    ChildEf,
    /// `03`: the parent DF.
    ParentDf,
    /// `04`: a DF (application) by (a prefix of) its name, the AID.
    DfName,
    /// `08`: a path from the MF.
    PathFromMf,
    /// `09`: a path from the current DF.
    PathFromCurrent,
    /// Any other P1.
    Other(u8),
}

impl SelectBy {
    /// The form SELECT's `p1` names.
    pub const fn from_p1(p1: u8) -> SelectBy {
        match p1 {
            0x00 => SelectBy::Mf,
            0x01 => SelectBy::ChildDf,
            0x02 => SelectBy::ChildEf,
            0x03 => SelectBy::ParentDf,
            0x04 => SelectBy::DfName,
            0x08 => SelectBy::PathFromMf,
            0x09 => SelectBy::PathFromCurrent,
            other => SelectBy::Other(other),
        }
    }

    /// Child-DF, parent and path forms: defined by ISO 7816-4, refused by My Number cards
    /// (Hamano, OpenSC PR #801).
    pub const fn is_path_or_relative(self) -> bool {
        matches!(
            self,
            SelectBy::ChildDf
                | SelectBy::ParentDf
                | SelectBy::PathFromMf
                | SelectBy::PathFromCurrent
        )
    }
}

/// The reference-data qualifier `80|n` in P2 of VERIFY, CHANGE REFERENCE DATA, `80 2A` and
/// INTERNAL AUTHENTICATE: which key or PIN EF the command names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyRef {
    /// `80`: the current EF.
    Current,
    /// `81`–`9E`: EF `00 n` of the current DF, without selecting it.
    Short(u8),
}

impl KeyRef {
    /// The key or PIN `p2` names, or `None` when `p2` is no reference-data qualifier (`00`, the
    /// 券面 APs' own key, or a reserved value).
    pub const fn from_p2(p2: u8) -> Option<KeyRef> {
        match p2 {
            0x80 => Some(KeyRef::Current),
            0x81..=0x9E => Some(KeyRef::Short(p2 & 0x1F)),
            _ => None,
        }
    }
}

/// What READ BINARY's P1-P2 address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryRef {
    /// P1 b8 clear: `offset` (15 bits) in the current EF.
    Current {
        /// Byte offset.
        offset: usize,
    },
    /// P1 b8 set: the EF with short id `sfi` (P1 b5–b1), which becomes current, from `offset`
    /// (P2).
    Short {
        /// The short EF id (FID `00 sfi`).
        sfi: u8,
        /// Byte offset.
        offset: usize,
    },
}

impl BinaryRef {
    /// What `p1` and `p2` of a READ BINARY address.
    pub const fn from_p1p2(p1: u8, p2: u8) -> BinaryRef {
        if p1 & 0x80 != 0 {
            BinaryRef::Short {
                sfi: p1 & 0x1F,
                offset: p2 as usize,
            }
        } else {
            BinaryRef::Current {
                offset: ((p1 as usize) << 8) | p2 as usize,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p1_and_p2_read_as_iso_7816_4_defines_them() {
        assert_eq!(SelectBy::from_p1(0x04), SelectBy::DfName);
        assert!(SelectBy::from_p1(0x08).is_path_or_relative());
        assert!(!SelectBy::from_p1(0x02).is_path_or_relative());
        assert_eq!(KeyRef::from_p2(0x80), Some(KeyRef::Current));
        assert_eq!(KeyRef::from_p2(0x98), Some(KeyRef::Short(0x18)));
        assert_eq!(KeyRef::from_p2(0x00), None);
        assert_eq!(
            BinaryRef::from_p1p2(0x8A, 0x10),
            BinaryRef::Short {
                sfi: 0x0A,
                offset: 0x10
            }
        );
        assert_eq!(
            BinaryRef::from_p1p2(0x01, 0x00),
            BinaryRef::Current { offset: 256 }
        );
    }
}
