//! The NFC relay: a slot's card offered to a mobile app as its phone's NFC adapter would offer
//! a tag, over TCP JSON lines, or WebSocket text messages on the same port (`docs/mobile.md`). One connection is one app's NFC adapter; one
//! app at a time per card.
//!
//! ```no_run
//! use std::sync::Arc;
//! use mynakit_reader::{ReaderProfile, Slot};
//! use mynakit_reader::nfc::{Relay, RelayConfig};
//!
//! let slot = Arc::new(Slot::new(0, "mynakit A 00 00".into(), ReaderProfile::contactless(), Default::default()));
//! let relay = Relay::start(slot, RelayConfig::default())?;
//! println!("relay: {} token {}", relay.addr(), relay.token().reveal());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The wire messages are [`mynakit_protocol::nfc`]'s, framed by [`mynakit_protocol::framing`].

mod listener;
mod session;
mod shared;
mod tag;
mod token;
mod wire;

pub use listener::Relay;
pub use tag::RelayConfig;
pub use token::RelayToken;
