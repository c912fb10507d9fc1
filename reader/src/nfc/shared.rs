//! What the relay's listener and its sessions share: the slot, the settings, the pairing
//! token, the stop flag and whether an app holds the card. Its own module, so that the
//! listener (which starts sessions) and the sessions (which read these) do not import each
//! other.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::tag::RelayConfig;
use super::token::RelayToken;
use crate::slot::Slot;

/// How often the listener and the sessions look at their flags between reads.
pub(crate) const POLL: Duration = Duration::from_millis(20);

/// What the listener and its sessions share.
pub(crate) struct Shared {
    pub(crate) slot: Arc<Slot>,
    pub(crate) config: RelayConfig,
    pub(crate) token: RelayToken,
    pub(crate) stop: AtomicBool,
    /// An app is connected and welcomed: the next `hello` is `busy`.
    in_use: AtomicBool,
}

impl Shared {
    /// What a new relay's listener and sessions share: nobody connected yet.
    pub(crate) fn new(slot: Arc<Slot>, config: RelayConfig, token: RelayToken) -> Shared {
        Shared {
            slot,
            config,
            token,
            stop: AtomicBool::new(false),
            in_use: AtomicBool::new(false),
        }
    }

    /// Claims the card for one app; false when another has it.
    pub(crate) fn claim(&self) -> bool {
        !self.in_use.swap(true, Ordering::SeqCst)
    }

    /// Gives the card back.
    pub(crate) fn release(&self) {
        self.in_use.store(false, Ordering::SeqCst);
    }
}
