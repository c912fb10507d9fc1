//! The four user PINs and their rules, once for the card, the persona checks and the scenarios
//! (`docs/personas.md`, "`[card.pins]`"; `docs/card.md`, "PINs").
//!
//! Where each PIN lives on the card is wire knowledge and stays in the APDU vocabulary
//! (`mynakit_apdu::files::UserPin`); `mynakit-timeline` maps between the two (`pin_location`,
//! `pin_name`), so this crate needs only serde and time.

use crate::card::{PinSpec, Pins};

/// The four PINs a user sets on a card, with the card's rules for each: the one place those
/// rules live (formats and counters: OpenSC `card-jpki.c`, municipal pages; `docs/card.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PinName {
    /// 利用者証明用暗証番号 (JPKI `0018`).
    Auth,
    /// 署名用パスワード (JPKI `001B`).
    Sign,
    /// 券面事項入力補助用暗証番号 (kenhojo `0011`).
    Kenhojo,
    /// 住民基本台帳用暗証番号 (共通AP / 住基AP `001C`).
    Juki,
}

impl PinName {
    /// All four, in schema order.
    pub const ALL: [PinName; 4] = [
        PinName::Auth,
        PinName::Sign,
        PinName::Kenhojo,
        PinName::Juki,
    ];

    /// The key in persona and scenario files.
    pub fn key(self) -> &'static str {
        match self {
            PinName::Auth => "auth",
            PinName::Sign => "sign",
            PinName::Kenhojo => "kenhojo",
            PinName::Juki => "juki",
        }
    }

    /// The retry counter's maximum: 5 for the sign password, 3 for the others.
    pub fn max_tries(self) -> u8 {
        match self {
            PinName::Sign => 5,
            PinName::Auth | PinName::Kenhojo | PinName::Juki => 3,
        }
    }

    /// Whether `value` has this PIN's format: 6–16 of `A–Z0–9` with at least one letter and one
    /// digit for the sign password, exactly 4 digits otherwise.
    pub fn accepts(self, value: &[u8]) -> bool {
        match self {
            PinName::Sign => is_sign_password(value),
            PinName::Auth | PinName::Kenhojo | PinName::Juki => {
                value.len() == self.lengths().0 && value.iter().all(u8::is_ascii_digit)
            }
        }
    }

    /// What [`PinName::accepts`] requires, for error messages.
    pub fn format_rule(self) -> &'static str {
        match self {
            PinName::Sign => "must be 6–16 of A–Z and 0–9 with at least one letter and one digit",
            PinName::Auth | PinName::Kenhojo | PinName::Juki => "must be exactly 4 ASCII digits",
        }
    }

    /// The lengths a well-formed value has, fewest to most: 4 digits, or 6–16 characters for
    /// the sign password (what [`PinName::accepts`] requires of the length).
    pub fn lengths(self) -> (usize, usize) {
        match self {
            PinName::Sign => (6, 16),
            PinName::Auth | PinName::Kenhojo | PinName::Juki => (4, 4),
        }
    }

    /// This PIN's entry in a persona's [`Pins`], to change.
    pub fn spec_mut(self, pins: &mut Pins) -> &mut Option<PinSpec> {
        match self {
            PinName::Auth => &mut pins.auth,
            PinName::Sign => &mut pins.sign,
            PinName::Kenhojo => &mut pins.kenhojo,
            PinName::Juki => &mut pins.juki,
        }
    }

    /// This PIN's entry in a persona's [`Pins`].
    pub fn spec(self, pins: &Pins) -> Option<&PinSpec> {
        match self {
            PinName::Auth => pins.auth.as_ref(),
            PinName::Sign => pins.sign.as_ref(),
            PinName::Kenhojo => pins.kenhojo.as_ref(),
            PinName::Juki => pins.juki.as_ref(),
        }
    }
}

/// The 署名用パスワード format: 6–16 characters of `A–Z` and `0–9`, at least one of each.
pub fn is_sign_password(value: &[u8]) -> bool {
    (6..=16).contains(&value.len())
        && value
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && value.iter().any(u8::is_ascii_uppercase)
        && value.iter().any(u8::is_ascii_digit)
}
