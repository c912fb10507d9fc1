//! The card's file system: applications (DFs) holding elementary files, keys and PINs.
//!
//! A personalised card is a list of [`Application`]s, each a flat list of [`Ef`]s addressed by
//! 2-byte file ID, as on the real card where every AP is a DF directly under the MF (see
//! `docs/card.md`, "Applications"). Access rules name the PINs (key references) of the same DF
//! whose successful VERIFY opens the file.

use std::sync::Arc;

use crate::key::CardKey;
use crate::pin::Pin;

/// Who may read a file or use a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// No credential needed.
    Always,
    /// Any one of these PINs (by FID, in the same DF) verified in the current DF session.
    AnyOf(Vec<u16>),
}

/// What a key may be used for; the real card refuses other uses with distinct status words
/// (myna-card probing, `docs/card.md`, "Other commands").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyUse {
    /// JPKI keys: `80 2A` after the guarding PIN; INTERNAL AUTHENTICATE answers `6982`.
    Signature,
    /// A 券面 AP's own key: `80 2A 00 00` with no credential; INTERNAL AUTHENTICATE answers `6985`.
    ApInternal,
    /// 共通AP key `0019`: INTERNAL AUTHENTICATE with no credential; `80 2A` answers `6985`.
    InternalAuthenticate,
}

/// The contents of one EF.
#[derive(Clone, Debug)]
pub enum EfBody {
    /// A transparent file read with READ BINARY.
    Binary {
        /// The physical bytes, filler included.
        data: Vec<u8>,
        /// Who may read it.
        read: Access,
    },
    /// A record file read with READ RECORD.
    Records {
        /// Records, numbered from 1.
        records: Vec<Vec<u8>>,
        /// Who may read it.
        read: Access,
    },
    /// A private key: selectable, never readable (`6981`).
    Key {
        /// The key.
        key: Arc<CardKey>,
        /// Who may use it.
        usage: Access,
        /// What it may be used for.
        role: KeyUse,
    },
    /// A PIN (key reference): selectable, verifiable, never readable (`6981`).
    Pin(Pin),
    /// A file known to exist whose contents nothing has opened (e.g. MF `001E`, JPKI `0009`).
    Opaque,
}

/// One elementary file.
#[derive(Clone, Debug)]
pub struct Ef {
    /// The file ID.
    pub fid: u16,
    /// What it holds.
    pub body: EfBody,
}

impl Ef {
    /// A transparent file.
    pub fn binary(fid: u16, data: Vec<u8>, read: Access) -> Ef {
        Ef {
            fid,
            body: EfBody::Binary { data, read },
        }
    }

    /// A PIN.
    pub fn pin(fid: u16, pin: Pin) -> Ef {
        Ef {
            fid,
            body: EfBody::Pin(pin),
        }
    }

    /// A key.
    pub fn key(fid: u16, key: Arc<CardKey>, usage: Access, role: KeyUse) -> Ef {
        Ef {
            fid,
            body: EfBody::Key { key, usage, role },
        }
    }
}

// Which application a DF is; selects the AP-specific answers of commands such as SET SESSION KEY.
// The applications and their AIDs are the workspace's APDU vocabulary (`mynakit-apdu`), named
// `AppKind` inside this crate beside its own `Application`, a DF with its files; callers name it
// `mynakit_apdu::Application`.
pub(crate) use mynakit_apdu::Application as AppKind;

/// One application (DF) with its files.
#[derive(Clone, Debug)]
pub struct Application {
    /// Which AP this is.
    pub kind: AppKind,
    /// The 10-byte DF name.
    pub aid: Vec<u8>,
    /// Its files, keys and PINs.
    pub efs: Vec<Ef>,
    /// The FID of the key `80 2A 00 00` uses (the 券面 APs' own key), if any.
    pub own_key: Option<u16>,
}

impl Application {
    /// The index of the EF with this FID.
    pub fn find(&self, fid: u16) -> Option<usize> {
        self.efs.iter().position(|ef| ef.fid == fid)
    }

    /// The PIN with this FID.
    pub fn pin(&self, fid: u16) -> Option<&Pin> {
        self.efs.iter().find_map(|ef| match &ef.body {
            EfBody::Pin(pin) if ef.fid == fid => Some(pin),
            _ => None,
        })
    }

    /// The PIN with this FID, mutably.
    pub fn pin_mut(&mut self, fid: u16) -> Option<&mut Pin> {
        self.efs.iter_mut().find_map(|ef| match &mut ef.body {
            EfBody::Pin(pin) if ef.fid == fid => Some(pin),
            _ => None,
        })
    }
}
