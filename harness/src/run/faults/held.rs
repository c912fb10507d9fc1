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
//! (`super::card`, [`Slot::hold_transaction_elsewhere`]).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use mynakit_reader::{ExclusiveHold, Slot};

use super::card::{Due, Fired};
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
