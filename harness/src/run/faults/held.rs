//! The `held` card fault: another program (another vendor's resident app, a
//! 顔認証付きカードリーダー's own software) takes the reader with `SCARD_SHARE_EXCLUSIVE` as the
//! scenario starts, its card in it, and lets go `for_ms` later (`docs/reader.md`, "Another
//! program holds the reader"). pcsc-lite grants an exclusive connection only to a reader nobody
//! is connected to, so the other program comes before the client's first connection, not at a
//! command. Over a pcscd mynakit itself is that program, a second PC/SC client
//! ([`ExclusiveHold`]); in-process the slot refuses new connections
//! ([`Slot::hold_elsewhere`]). Either way the timeline records `reader-held` and
//! `reader-released`.
//!
//! With `how: transaction` the other program instead keeps a shared connection from the start
//! (made here over a pcscd) and begins a transaction on it at the fault's trigger
//! (`super::card`, [`begin_transaction`]). As a resident program's, its
//! `SCardBeginTransaction` waits while the client holds a transaction of its own (OpenSC takes
//! one around each card step), gets the lock once the client lets it go, keeps it `for_ms`
//! from then, and ends it; a lock it gets after the scenario is let go at once.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use mynakit_reader::{ExclusiveHold, Slot, TransactionBegin};

use super::fired::Fired;
use super::timed::{later, Due};
use crate::run::pool::ReaderPool;
use crate::run::scenario_time::ScenarioTime;
use crate::scenario::faults::{CardFault, HeldHow, ReaderHeld};

/// How long the other program tries to connect before the fault is given up (never fired):
/// PC/SC has already seen the card when the scenario starts, so this is only pcscd's answer.
const TAKE_WITHIN: Duration = Duration::from_secs(2);

/// One reader held by the other program, until released.
struct Holding {
    slot: Arc<Slot>,
    /// The real exclusive connection, over a pcscd; `None` in-process.
    pcsc: Option<ExclusiveHold>,
}

impl Holding {
    /// The other program disconnects (PC/SC first, so that a client connecting on
    /// `reader-released` is let in), then the slot records it.
    fn release(self) {
        if let Some(pcsc) = self.pcsc {
            pcsc.release();
        }
        self.slot.release_elsewhere();
    }
}

type Shared = Arc<Mutex<Option<Holding>>>;

fn take(shared: &Shared) -> Option<Holding> {
    shared.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// The readers the other program holds; whatever is still held when the world ends is let go
/// then, before the readers go back to the pool (a reader held into the next scenario would
/// refuse its client).
#[derive(Default)]
pub(crate) struct Holds(Vec<Shared>);

impl Drop for Holds {
    fn drop(&mut self) {
        for shared in &self.0 {
            if let Some(holding) = take(shared) {
                holding.release();
            }
        }
    }
}

/// Takes every reader a `held` fault of `faults` names (`slots` in `given.readers` order), marks
/// the fault fired once held, and lets each go `for_ms` after the scenario's start (`start`,
/// the scenario clock's; [`Due::from_start`]). A reader the other program could not take
/// leaves its fault unfired, which the judge reports.
pub(crate) fn start(
    faults: &[CardFault],
    slots: &[Arc<Slot>],
    pool: &ReaderPool,
    time: &ScenarioTime,
    fired: &Fired,
    start: time::OffsetDateTime,
) -> Holds {
    let mut holds = Holds::default();
    for (index, fault) in faults.iter().enumerate() {
        let CardFault::Held(ReaderHeld {
            for_ms,
            reader,
            how,
            ..
        }) = fault
        else {
            continue;
        };
        let Some(slot) = slots.get(*reader) else {
            continue;
        };
        if *how == HeldHow::Transaction {
            // Its transaction begins at its trigger (`super::card`), on a connection made now,
            // before the client's, as a resident app's is.
            pool.connect_other_program(slot, TAKE_WITHIN);
            continue;
        }
        let Ok(pcsc) = pool.hold_exclusively(slot, TAKE_WITHIN) else {
            continue;
        };
        if !slot.hold_elsewhere(format!("for_ms {for_ms}")) {
            continue;
        }
        fired.mark(index);
        let shared: Shared = Arc::new(Mutex::new(Some(Holding {
            slot: slot.clone(),
            pcsc,
        })));
        release_later(&shared, *for_ms, Due::from_start(time, start));
        holds.0.push(shared);
    }
    holds
}

/// Lets the reader go `ms` after `due`, unless the scenario ended first ([`Holds`] lets it go
/// then).
fn release_later(shared: &Shared, ms: u64, due: Due) {
    let hold = due.hold(ms);
    let shared = shared.clone();
    std::thread::spawn(move || {
        let _hold = hold;
        due.then(
            ms,
            || false,
            || {
                if let Some(holding) = take(&shared) {
                    holding.release();
                }
            },
        );
    });
}

/// How long the hook waits for the other program's `SCardBeginTransaction` before leaving it to
/// wait on its own: on a free reader pcscd answers at once; while the client holds its own
/// transaction pcscd answers `SCARD_E_SHARING_VIOLATION` only after `PCSCLITE_LOCK_POLL_RATE`
/// (100 ms, `src/winscard.c`) and libpcsclite asks again, so nothing comes back in this time.
const TRANSACTION_WITHIN: Duration = Duration::from_millis(300);

/// The other program of the `held` fault at `index` (`how: transaction`) begins its transaction
/// on `slot`'s reader, as the triggering command is in flight, and ends it `for_ms` after it
/// has the lock. Returns whether it has the lock now (the fault fired); when the client holds a
/// transaction of its own the begin waits, and the hold is recorded (`reader-held`), marked
/// fired and timed from the moment the lock is the other program's. `false` too when it
/// cannot be begun (no PC/SC connection for the other program): the fault stays unfired, which
/// the judge reports.
pub(super) fn begin_transaction(
    slot: &Arc<Slot>,
    index: usize,
    for_ms: u64,
    fired: &Fired,
    time: &ScenarioTime,
) -> bool {
    let detail = format!("transaction, for_ms {for_ms}");
    let late = {
        let slot = Arc::downgrade(slot);
        let detail = detail.clone();
        let fired = fired.clone();
        let time = time.clone();
        Box::new(move || {
            let Some(slot) = slot.upgrade() else {
                return false;
            };
            if !slot.mark_transaction_elsewhere(detail) {
                return false;
            }
            fired.mark(index);
            release_after(&slot, for_ms, &time);
            true
        })
    };
    match slot.hold_transaction_elsewhere(detail, TRANSACTION_WITHIN, late) {
        Some(TransactionBegin::Begun) => {
            release_after(slot, for_ms, time);
            true
        }
        Some(TransactionBegin::Waiting) | None => false,
    }
}

/// Ends the other program's transaction `ms` from now.
fn release_after(slot: &Arc<Slot>, ms: u64, time: &ScenarioTime) {
    later(slot, ms, time, |slot| {
        slot.release_elsewhere();
    });
}

/// How long the operator may take over an answer while another program waits for the reader:
/// a patient typing a PIN takes seconds, and a resident program's `SCardBeginTransaction`
/// (asking again every 100 ms) gets the lock in that pause.
const TYPING: Duration = Duration::from_secs(1);

/// The operator's pause before an answer, as a person's: while the other program of a `held`
/// fault (`how: transaction`) waits behind the client's own transactions, the answer waits
/// until it has the reader (at most [`TYPING`]). The client, waiting for the answer, holds no
/// transaction, so the other program gets the lock there, as a resident program does while the
/// patient types; without the pause the harness answers within a millisecond and a client that
/// takes a transaction around each command would never let the other program in while it uses
/// the card. No pause when nothing waits.
pub(crate) fn operator_pause(slots: &[Arc<Slot>]) {
    let until = std::time::Instant::now() + TYPING;
    while slots.iter().any(|s| s.is_other_program_waiting()) && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
}
