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

mod answer_edit;
mod card_loop;
mod exclusive;
pub mod ifd;
mod jitter;
mod keeper;
pub mod leftovers;
mod link;
mod netns;
pub mod nfc;
pub mod pcscd;
mod pinpad;
mod profile;
mod readers;
mod slot;
mod transaction;
pub mod vpcd;

pub use answer_edit::{is_get_response, AnswerEdit};
pub use exclusive::{ExclusiveHold, HoldError};
pub use jitter::Jitter;
pub use link::{Endpoint, Link};
pub use netns::Namespace;
pub use pcscd::{Pcscd, PcscdError, VpcdConfigError};
pub use pinpad::PinPad;
pub use profile::{Latency, ReaderProfile, DEFAULT_CONTACTLESS_ATR};
pub use readers::{PcscdChoice, Readers, ReadersConfig};
pub use slot::{
    CommandHook, Intercept, InterceptAction, OtherProgram, PadFailure, Pause, PcscService,
    PinStatus, ShortApdusOnly, Slot, SlotError, SlotStatus,
};
pub use transaction::{OnLock, TransactionBegin, TransactionHold};
