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
//! A resident program's `SCardBeginTransaction` waits while the client holds a transaction of
//! its own (as OpenSC does around each card step): pcscd refuses the lock while another handle
//! has it (`RFLockSharing`) and libpcsclite asks again every 100 ms. So a begin not answered at
//! once goes on waiting, on the connection's thread, and whoever asked is told when it has the
//! lock ([`TransactionHold::begin`]); one given up (the hold dropped) ends at once if it ever
//! gets the lock, so the lock is never kept for nobody.
//!
//! The `pcsc` crate's transaction borrows its card, so the connection lives on a thread of its
//! own that begins and ends the transaction when asked.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use pcsc::{Context, Disposition, Protocols, Scope, ShareMode};

use crate::HoldError;

/// How often a refused shared connection is tried again while PC/SC has not yet seen the card.
const RETRY: Duration = Duration::from_millis(20);

/// What the connection's thread is asked to do.
enum Ask {
    /// Begin the transaction and say how it went.
    Begin(Arc<Waiter>),
    /// End it (`SCARD_LEAVE_CARD`).
    End,
}

/// What became of a begin ([`TransactionHold::begin`]).
#[derive(Debug)]
pub enum TransactionBegin {
    /// The transaction is on: the reader was free.
    Begun,
    /// The reader's lock is another handle's (the client's own transaction): the begin goes on
    /// waiting, and its `then` runs once it has the lock.
    Waiting,
}

/// Run once a waiting begin has the lock; returns whether the transaction is still wanted
/// (else it ends at once).
pub type OnLock = Box<dyn FnOnce() -> bool + Send>;

/// Where a begin stands, shared by the asker and the connection's thread.
enum Stage {
    /// The asker waits for the answer.
    Asked(Sender<Result<(), pcsc::Error>>, OnLock),
    /// The asker went on: the answer goes to `then`.
    Waiting(OnLock),
    /// Answered, or given up.
    Done,
}

/// One begin's [`Stage`].
struct Waiter(Mutex<Stage>);

impl Waiter {
    fn stage(&self) -> std::sync::MutexGuard<'_, Stage> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The begin's outcome reaches the asker if it still waits, else `then` (a lock won
    /// late); returns whether the transaction is wanted.
    fn answer(&self, begun: Result<(), pcsc::Error>) -> bool {
        // Taken out first: `then` runs without the stage locked.
        let stage = std::mem::replace(&mut *self.stage(), Stage::Done);
        match stage {
            Stage::Asked(asker, _) => {
                let ok = begun.is_ok();
                asker.send(begun).is_ok() && ok
            }
            Stage::Waiting(then) => begun.is_ok() && then(),
            Stage::Done => false,
        }
    }

    /// The asker stops waiting: a later answer goes to `then`. Returns `false` when the answer
    /// came meanwhile.
    fn go_on(&self) -> bool {
        let mut stage = self.stage();
        match std::mem::replace(&mut *stage, Stage::Done) {
            Stage::Asked(_, then) => {
                *stage = Stage::Waiting(then);
                true
            }
            other => {
                *stage = other;
                false
            }
        }
    }

    /// Nobody wants the transaction any more: a lock won later is let go at once.
    fn give_up(&self) {
        *self.stage() = Stage::Done;
    }
}

/// A shared PC/SC connection to one reader, on which a transaction can be begun and ended.
/// Dropping it ends a transaction still on and disconnects (`SCARD_LEAVE_CARD`).
pub struct TransactionHold {
    reader: String,
    asks: Option<Sender<Ask>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The last begin asked, given up when the hold is dropped.
    last: Mutex<Option<Arc<Waiter>>>,
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
                last: Mutex::new(None),
            }),
            Ok(Err(e)) => Err(failed(e)),
            Err(_) => Err(failed(pcsc::Error::InternalError)),
        }
    }

    /// Begins the transaction (`SCardBeginTransaction`), waiting at most `within` for the
    /// answer. A reader whose lock is the client's (its own transaction) is not answered in
    /// that time: the begin goes on waiting as a resident program's does ([`TransactionBegin::Waiting`]),
    /// and `then` runs on the connection's thread once it has the lock; `then` returning
    /// `false` ends the transaction at once.
    ///
    /// # Errors
    ///
    /// [`HoldError::Pcsc`] when PC/SC refused it (no card, a connection gone).
    pub fn begin(&self, within: Duration, then: OnLock) -> Result<TransactionBegin, HoldError> {
        let failed = |source| HoldError::Pcsc {
            reader: self.reader.clone(),
            source,
        };
        let (done_tx, done) = mpsc::channel();
        let waiter = Arc::new(Waiter(Mutex::new(Stage::Asked(done_tx, then))));
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(waiter.clone());
        self.asks
            .as_ref()
            .and_then(|asks| asks.send(Ask::Begin(waiter.clone())).ok())
            .ok_or_else(|| failed(pcsc::Error::InvalidHandle))?;
        match done.recv_timeout(within) {
            Ok(result) => result.map(|()| TransactionBegin::Begun).map_err(failed),
            Err(_) if waiter.go_on() => Ok(TransactionBegin::Waiting),
            // Answered between the timeout and now.
            Err(_) => match done.try_recv() {
                Ok(result) => result.map(|()| TransactionBegin::Begun).map_err(failed),
                Err(_) => Err(failed(pcsc::Error::InternalError)),
            },
        }
    }

    /// Whether a begin still waits for the lock (the client holds a transaction of its own).
    pub fn is_waiting(&self) -> bool {
        self.last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .is_some_and(|waiter| matches!(*waiter.stage(), Stage::Waiting(_)))
    }

    /// Ends a transaction begun (`SCardEndTransaction(SCARD_LEAVE_CARD)`); the connection stays.
    pub fn end(&self) {
        if let Some(asks) = &self.asks {
            let _ = asks.send(Ask::End);
        }
    }
}

impl Drop for TransactionHold {
    /// Closing the channel ends a transaction still on and the connection. A begin still
    /// waiting for the lock is given up: the thread is left to end once pcscd answers it (the
    /// client gone, its lock is free), letting the lock go at once, so dropping never waits on
    /// the client.
    fn drop(&mut self) {
        let waiting = self
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .is_some_and(|waiter| {
                let waiting = matches!(*waiter.stage(), Stage::Waiting(_) | Stage::Asked(..));
                waiter.give_up();
                waiting
            });
        drop(self.asks.take());
        if let Some(thread) = self.thread.take() {
            if !waiting {
                let _ = thread.join();
            }
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

/// The connection's thread: begins a transaction when asked (waiting as long as the lock is
/// another handle's), ends it when asked or when the asks end, then disconnects leaving the
/// card as it is. A lock won for a begin nobody wants any more is let go at once.
fn serve(mut card: pcsc::Card, asked: &Receiver<Ask>) {
    while let Ok(ask) = asked.recv() {
        let Ask::Begin(waiter) = ask else {
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
                if waiter.answer(Ok(())) {
                    hold_until_asked(asked);
                }
                let _ = transaction.end(Disposition::LeaveCard);
            }
            Err((_, e)) => {
                waiter.answer(Err(e));
            }
        }
    }
    let _ = card.disconnect(Disposition::LeaveCard);
}

/// Keeps the transaction until asked to end it, or until the asks end (the hold dropped).
fn hold_until_asked(asked: &Receiver<Ask>) {
    loop {
        match asked.recv_timeout(Duration::from_secs(3600)) {
            Ok(Ask::End) | Err(RecvTimeoutError::Disconnected) => break,
            Ok(Ask::Begin(again)) => {
                again.answer(Ok(()));
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}
