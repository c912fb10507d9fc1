//! The card's applications, personalised from a persona: one module per AP.
//!
//! Each builder turns persona data, fixture keys and the profile into an [`Application`] with
//! the EFs, keys, PINs and access rules of the real AP (`docs/card.md`, "Applications").

mod common;
mod jpki;
mod juki;
mod kenhojo;
mod kenkaku;

use mynakit_fixtures::{PinSpec, Pins};

use crate::pin::{Pin, PinFormat};

pub(crate) use common::common;
pub(crate) use jpki::jpki;
pub(crate) use juki::juki;
pub(crate) use kenhojo::kenhojo;
pub(crate) use kenkaku::kenkaku;

/// 公的個人認証AP.
pub const JPKI_AID: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// 券面事項入力補助AP.
pub const KENHOJO_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
/// 券面事項確認AP.
pub const KENKAKU_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];
/// 共通AP (本人確認業務用領域).
pub const COMMON_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00];
/// 住基AP.
pub const JUKI_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01];

/// Which of a persona's PINs.
#[derive(Clone, Copy)]
pub(crate) enum PinKind {
    Auth,
    Sign,
    Kenhojo,
    Juki,
}

impl PinKind {
    fn format(self) -> PinFormat {
        match self {
            PinKind::Sign => PinFormat::SignPassword,
            _ => PinFormat::Digits(4),
        }
    }

    /// Tries: 3 for the 4-digit PINs, 5 for the sign password (OpenSC, municipal pages).
    fn max_tries(self) -> u8 {
        match self {
            PinKind::Sign => 5,
            _ => 3,
        }
    }

    fn spec(self, pins: &Pins) -> Option<&PinSpec> {
        match self {
            PinKind::Auth => pins.auth.as_ref(),
            PinKind::Sign => pins.sign.as_ref(),
            PinKind::Kenhojo => pins.kenhojo.as_ref(),
            PinKind::Juki => pins.juki.as_ref(),
        }
    }
}

/// A persona's PIN, or a not-set PIN when the persona has none or the profile sets none.
pub(crate) fn user_pin(kind: PinKind, pins: &Pins, pins_set: bool) -> Pin {
    match kind.spec(pins) {
        Some(spec) if pins_set => Pin::new(
            kind.format(),
            kind.max_tries(),
            spec.value.as_bytes(),
            spec.tries_left.unwrap_or(kind.max_tries()),
        ),
        _ => Pin::not_set(kind.format(), kind.max_tries()),
    }
}

/// A 照合番号 or birth-date key: digits printed on the card, with a configurable counter.
pub(crate) fn printed_key(value: &str, tries: u8) -> Pin {
    Pin::new(
        PinFormat::Digits(value.len()),
        tries,
        value.as_bytes(),
        tries,
    )
}
