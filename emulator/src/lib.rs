//! A virtual My Number card (個人番号カード) that real client software cannot tell from a real
//! one at the APDU level.
//!
//! ```no_run
//! use mynakit_apdu::Application;
//! use mynakit_emulator::{personalize, Behaviour};
//! use mynakit_fixtures::Fixtures;
//!
//! let mut card = personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default())?;
//! assert_eq!(card.atr(), [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14]);
//! // SELECT JPKI AP, SELECT EF 000A (auth certificate), READ BINARY 4 bytes.
//! card.transmit(&[&[0x00, 0xA4, 0x04, 0x0C, 0x0A][..], &Application::Jpki.aid()].concat());
//! card.transmit(&hex::decode("00A4020C02000A").unwrap());
//! let r = card.transmit(&hex::decode("00B0000004").unwrap());
//! assert_eq!(&r[..2], [0x30, 0x82]);
//! # Ok::<(), mynakit_emulator::personalize::PersonalizeError>(())
//! ```
//!
//! The card's behaviour, and the public source of each fact, is documented in `docs/card.md`.
//! Its vocabulary is `mynakit-apdu`'s, which callers import from there: the applications
//! (`mynakit_apdu::Application`) and the status words (`mynakit_apdu::Sw`, with the meaning of
//! each value, `docs/card.md`, "Status words"); handlers return `Result<_, Sw>`, so a status word
//! is also the card's error type.

mod ap;
mod apdu;
mod behaviour;
pub mod ber;
mod card;
mod command;
mod fs;
mod key;
pub mod personalize;
mod pin;
mod profile;
pub mod recorded;
mod records;
pub mod redact;
pub mod script;
mod security;
mod sm;

pub use behaviour::{Behaviour, RecordFiller};
pub use card::{BinaryRead, Card, PinInfo};
pub use key::{Backend, CardKey, SHA256_DIGEST_INFO_PREFIX};
pub use personalize::PersonalizeError;
pub use pin::{NotSetPolicy, PinFormat, PinState, WrongFormatPolicy};
pub use profile::{CardProfile, PHONE_ATR, STANDARD_ATR};
pub use records::{birth_key, card_face_photo, collation_a, collation_b};
pub use script::Script;
