//! Another program's transaction on a reader of a pcscd: mynakit itself, as a second PC/SC client
//! of this process, keeps a shared connection to the reader and, when told, begins a
//! transaction on it (`SCardBeginTransaction`), as a resident app does to read the card the
//! client is already talking to. While it lasts pcsc-lite answers every other handle's
//! `SCardTransmit`, `SCardStatus` and `SCardControl` with `SCARD_E_SHARING_VIOLATION`
//! (`src/winscard.c`: `RFCheckSharing`, the reader's `hLockId` is the other handle), and
//! libpcsclite's `SCardTransmit`, `SCardStatus` and `SCardReconnect` wait, trying again every
//! `PCSCLITE_LOCK_POLL_RATE` (100 ms), unless the client set `PCSCLITE_NO_BLOCKING`
//! (`src/winscard_clnt.c`, tag 1.9.9); `SCardControl` is not retried. It ends with
//! `SCardEndTransaction(SCARD_LEAVE_CARD)`: the card stays as it was (`docs/reader.md`, "Another
//! program holds the reader").
//!
//! The `pcsc` crate's transaction borrows its card, so the connection lives on a thread of its
//! own that begins and ends the transaction when asked.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use pcsc::{Context, Disposition, Protocols, Scope, ShareMode};

use crate::HoldError;

/// How often a refused shared connection is tried again while PC/SC has not yet seen the card.
const RETRY: Duration = Duration::from_millis(20);

/// What the connection's thread is asked to do.
enum Ask {
    /// Begin the transaction and say how it went.
    Begin(Sender<Result<(), pcsc::Error>>),
    /// End it (`SCARD_LEAVE_CARD`).
    End,
}

/// A shared PC/SC connection to one reader, on which a transaction can be begun and ended.
/// Dropping it ends a transaction still on and disconnects (`SCARD_LEAVE_CARD`).
pub struct TransactionHold {
    reader: String,
    asks: Option<Sender<Ask>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for TransactionHold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransactionHold")
            .field("reader", &self.reader)
            .finish()
    }
}

impl TransactionHold {
    /// Connects to `reader` with `SCARD_SHARE_SHARED`, trying again for up to `within` while
    /// PC/SC has not yet seen its card.
    ///
    /// # Errors
    ///
    /// [`HoldError`] when the reader's name is unusable or PC/SC refused until `within` ended.
    pub fn connect(reader: &str, within: Duration) -> Result<TransactionHold, HoldError> {
        let name =
            std::ffi::CString::new(reader).map_err(|_| HoldError::Name(reader.to_owned()))?;
        let (connected_tx, connected) = mpsc::channel();
        let (asks, asked) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let card = match connect_shared(&name, within) {
                Ok(card) => {
                    let _ = connected_tx.send(Ok(()));
                    card
                }
                Err(e) => {
                    let _ = connected_tx.send(Err(e));
                    return;
                }
            };
            serve(card, &asked);
        });
        let failed = |source| HoldError::Pcsc {
            reader: reader.to_owned(),
            source,
        };
        match connected.recv() {
            Ok(Ok(())) => Ok(TransactionHold {
                reader: reader.to_owned(),
                asks: Some(asks),
                thread: Some(thread),
            }),
            Ok(Err(e)) => Err(failed(e)),
            Err(_) => Err(failed(pcsc::Error::InternalError)),
        }
    }

    /// Begins the transaction (`SCardBeginTransaction`), waiting at most `within` for it.
    ///
    /// # Errors
    ///
    /// [`HoldError::Pcsc`] when PC/SC refused it or did not answer within `within`.
    pub fn begin(&self, within: Duration) -> Result<(), HoldError> {
        let failed = |source| HoldError::Pcsc {
            reader: self.reader.clone(),
            source,
        };
        let (done_tx, done) = mpsc::channel();
        self.asks
            .as_ref()
            .and_then(|asks| asks.send(Ask::Begin(done_tx)).ok())
            .ok_or_else(|| failed(pcsc::Error::InvalidHandle))?;
        match done.recv_timeout(within) {
            Ok(result) => result.map_err(failed),
            Err(_) => Err(failed(pcsc::Error::Timeout)),
        }
    }

    /// Ends a transaction begun (`SCardEndTransaction(SCARD_LEAVE_CARD)`); the connection stays.
    pub fn end(&self) {
        if let Some(asks) = &self.asks {
            let _ = asks.send(Ask::End);
        }
    }
}

impl Drop for TransactionHold {
    fn drop(&mut self) {
        // Closing the channel ends a transaction still on and the connection.
        drop(self.asks.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn connect_shared(name: &std::ffi::CStr, within: Duration) -> Result<pcsc::Card, pcsc::Error> {
    let until = Instant::now() + within;
    let context = Context::establish(Scope::User)?;
    loop {
        match context.connect(name, ShareMode::Shared, Protocols::ANY) {
            Ok(card) => return Ok(card),
            Err(e @ (pcsc::Error::NoSmartcard | pcsc::Error::RemovedCard)) => {
                if Instant::now() >= until {
                    return Err(e);
                }
                std::thread::sleep(RETRY);
            }
            Err(e) => return Err(e),
        }
    }
}

/// The connection's thread: begins a transaction when asked, ends it when asked or when the
/// asks end, then disconnects leaving the card as it is.
fn serve(mut card: pcsc::Card, asked: &Receiver<Ask>) {
    while let Ok(ask) = asked.recv() {
        let Ask::Begin(done) = ask else {
            continue;
        };
        // The client powered the card down or reset it since this connection was made:
        // pcsc-lite answers SCARD_W_RESET_CARD once; a reconnect leaves the card as it is.
        let begun = match card.transaction2() {
            Err((again, pcsc::Error::ResetCard)) => {
                let _ = again.reconnect(ShareMode::Shared, Protocols::ANY, Disposition::LeaveCard);
                again.transaction2()
            }
            other => other,
        };
        match begun {
            Ok(transaction) => {
                let _ = done.send(Ok(()));
                // Held until asked to end, or until the asks end (the hold dropped).
                loop {
                    match asked.recv_timeout(Duration::from_secs(3600)) {
                        Ok(Ask::End) | Err(RecvTimeoutError::Disconnected) => break,
                        Ok(Ask::Begin(again)) => {
                            let _ = again.send(Ok(()));
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                    }
                }
                let _ = transaction.end(Disposition::LeaveCard);
            }
            Err((_, e)) => {
                let _ = done.send(Err(e));
            }
        }
    }
    let _ = card.disconnect(Disposition::LeaveCard);
}
