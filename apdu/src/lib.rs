//! The My Number card's APDU vocabulary, once: the ISO 7816-4 command codec, instruction names,
//! the applications' AIDs, file ids, PIN references, what P1/P2 address, status words with
//! their meanings, and the ATR's structure.
//!
//! This crate sits at the bottom of the workspace (no mynakit dependencies, no I/O) because three
//! parts read the same bytes and must agree on what they mean: the virtual card
//! (`mynakit-emulator`) answers them, the checks (`mynakit-conformance`) judge them, and the HTML
//! report names them. A judge and the thing it judges may disagree about *behaviour*; they must
//! not disagree about what `00 A4 04 0C` means (`docs/architecture.md`).
//!
//! ```
//! use mynakit_apdu::{Application, Command, Instruction, Sw};
//!
//! let bytes = [&[0x00, 0xA4, 0x04, 0x0C, 0x0A][..], &Application::Jpki.aid()].concat();
//! let c = Command::decode(&bytes)?;
//! assert_eq!(Instruction::of(c.cla, c.ins), Instruction::Select);
//! assert_eq!(Application::by_df_name(c.data), Some(Application::Jpki));
//! assert_eq!(Sw::from(0x6A82).meaning(), Some("file not found".into()));
//! # Ok::<(), mynakit_apdu::DecodeError>(())
//! ```
//!
//! The public sources of each fact are in `docs/card.md` ("Applications", "APDU reference",
//! "PINs", "Status words").

mod age_record;
mod application;
mod atr;
mod command;
mod digest_info;
pub mod files;
mod hex;
mod instruction;
mod params;
mod sw;

pub use age_record::{AgeRecord, AgeRecordError};
pub use application::Application;
pub use atr::{Atr, AtrError, CONTACTLESS_TYPE_B_ATR};
pub use command::{response, Command, DecodeError, Le};
pub use digest_info::{DigestAlgorithm, DigestInfo};
pub use hex::{hex_bytes, HexError};
pub use instruction::Instruction;
pub use params::{BinaryRef, KeyRef, SelectBy};
pub use sw::Sw;
