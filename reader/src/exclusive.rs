//! Another program's exclusive connection to a reader of a pcscd: mynakit itself, as a second
//! PC/SC client of this process, connects with `SCARD_SHARE_EXCLUSIVE`, as another vendor's
//! resident app or a 顔認証付きカードリーダー's own software does when a card comes in. While it
//! holds the connection pcsc-lite refuses every other `SCardConnect` to the reader with
//! `SCARD_E_SHARING_VIOLATION` (`src/winscard.c`, `SCardConnect`: the reader's `contexts` is
//! `PCSCLITE_SHARING_EXCLUSIVE_CONTEXT`), the real stack's behaviour, not a model of it
//! (`docs/reader.md`, "Another program holds the reader").
//!
//! It talks to the pcscd this process uses ([`crate::Pcscd::use_in_this_process`]).

use std::time::{Duration, Instant};

use pcsc::{Context, Disposition, Protocols, Scope, ShareMode};

/// How often a refused exclusive connection is tried again while the card is not yet seen.
const RETRY: Duration = Duration::from_millis(20);

/// Why the reader could not be held.
#[derive(Debug, thiserror::Error)]
pub enum HoldError {
    /// The reader's name contains a NUL byte.
    #[error("reader name {0:?} contains NUL")]
    Name(String),
    /// PC/SC refused: no context, no card in time, or another program connected first.
    #[error("{reader}: an exclusive connection failed ({source})")]
    Pcsc {
        /// The reader.
        reader: String,
        /// PC/SC's error.
        #[source]
        source: pcsc::Error,
    },
}

/// An exclusive PC/SC connection to one reader; [`ExclusiveHold::release`] (or dropping it)
/// disconnects, leaving the card as it is (`SCARD_LEAVE_CARD`).
pub struct ExclusiveHold {
    card: Option<pcsc::Card>,
}

impl std::fmt::Debug for ExclusiveHold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExclusiveHold")
            .field("connected", &self.card.is_some())
            .finish()
    }
}

impl ExclusiveHold {
    /// Connects to `reader` with `SCARD_SHARE_EXCLUSIVE`, trying again for up to `within` while
    /// PC/SC has not yet seen its card (`SCARD_E_NO_SMARTCARD`, `SCARD_W_REMOVED_CARD`) or
    /// another handle is connected (`SCARD_E_SHARING_VIOLATION`): a resident app retries so.
    ///
    /// # Errors
    ///
    /// [`HoldError`] when the reader's name is unusable or PC/SC refused until `within` ended.
    pub fn take(reader: &str, within: Duration) -> Result<ExclusiveHold, HoldError> {
        let name =
            std::ffi::CString::new(reader).map_err(|_| HoldError::Name(reader.to_owned()))?;
        let failed = |source| HoldError::Pcsc {
            reader: reader.to_owned(),
            source,
        };
        let until = Instant::now() + within;
        let context = Context::establish(Scope::User).map_err(failed)?;
        loop {
            match context.connect(&name, ShareMode::Exclusive, Protocols::ANY) {
                Ok(card) => return Ok(ExclusiveHold { card: Some(card) }),
                Err(
                    e @ (pcsc::Error::NoSmartcard
                    | pcsc::Error::RemovedCard
                    | pcsc::Error::SharingViolation),
                ) => {
                    if Instant::now() >= until {
                        return Err(failed(e));
                    }
                    std::thread::sleep(RETRY);
                }
                Err(e) => return Err(failed(e)),
            }
        }
    }

    /// Disconnects with `SCARD_LEAVE_CARD`: the other program is done and leaves the card as
    /// it found it.
    pub fn release(mut self) {
        self.disconnect();
    }

    fn disconnect(&mut self) {
        if let Some(card) = self.card.take() {
            // A card that left meanwhile has nothing to leave; the handle goes either way.
            let _ = card.disconnect(Disposition::LeaveCard);
        }
    }
}

impl Drop for ExclusiveHold {
    fn drop(&mut self) {
        self.disconnect();
    }
}
