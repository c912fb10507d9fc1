//! The PC/SC reader emulator: mynakit's virtual cards in readers that unmodified PC/SC clients
//! (OpenSC, jpki-cli, a vendor's app) see as real.
//!
//! ```no_run
//! use mynakit_emulator::{personalize, Behaviour};
//! use mynakit_fixtures::Fixtures;
//! use mynakit_reader::{PcscdChoice, Readers, ReadersConfig};
//!
//! let readers = Readers::start(ReadersConfig { slots: 1, pcscd: PcscdChoice::Managed, ..Default::default() })?;
//! let card = personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default())?;
//! readers.slots()[0].insert(card, "employee");
//! // PC/SC clients started with `PCSCLITE_CSOCK_NAME` from `readers.pcscd().unwrap().client_env()`
//! // now see the card in "mynakit A 00 00".
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How it fits together, and the facts behind it: `docs/reader.md`.

pub mod answer_edit;
pub mod atr;
pub mod leftovers;
pub mod link;
pub mod netns;
pub mod pcscd;
pub mod profile;
pub mod readers;
pub mod slot;
pub mod vpcd;

pub use answer_edit::AnswerEdit;
pub use atr::AtrError;
pub use pcscd::{Pcscd, PcscdError};
pub use profile::{Latency, ReaderProfile};
pub use readers::{PcscdChoice, Readers, ReadersConfig};
pub use slot::{CommandHook, Intercept, InterceptAction, Slot, SlotError, SlotStatus};
