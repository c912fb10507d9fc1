//! When a card fault's timed events happen (`after_ms`, `reinsert_after_ms`, a hold's `for_ms`):
//! counted from the moment the fault fired, on the scenario clock or wall time, whichever comes
//! first ([`ScenarioTime`]), and never after the scenario ended. Shared by the card faults
//! (`super::card`) and the other program's hold (`super::held`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use mynakit_reader::Slot;

use crate::run::scenario_time::ScenarioTime;

/// Where a timed card event counts its milliseconds from: a wall-clock instant and, when known,
/// the scenario clock's reading at the same moment ([`ScenarioTime`]).
pub(crate) struct Due {
    time: ScenarioTime,
    wall: Instant,
    scenario: Option<time::OffsetDateTime>,
}

impl Due {
    /// From now: a fault that fired.
    pub(crate) fn from_now(time: &ScenarioTime) -> Due {
        Due {
            time: time.clone(),
            wall: Instant::now(),
            scenario: time.now(),
        }
    }

    /// From the scenario's start: wall time now (the world is being built), and the scenario
    /// clock's start `given.clock.now`.
    pub(crate) fn from_start(time: &ScenarioTime, start: time::OffsetDateTime) -> Due {
        Due {
            time: time.clone(),
            wall: Instant::now(),
            scenario: Some(start),
        }
    }

    /// Waits `ms` from here, then runs `act` unless the scenario has ended meanwhile
    /// ([`ScenarioTime::unless_ended`]); nothing when `gone()` said it no longer matters.
    pub(super) fn then(self, ms: u64, gone: impl Fn() -> bool, act: impl FnOnce()) {
        if self
            .time
            .wait(Duration::from_millis(ms), self.wall, self.scenario, gone)
        {
            self.time.unless_ended(act);
        }
    }

    /// Registers the event `ms` from here as a wait of the scenario ([`ScenarioTime::hold`]),
    /// before its thread starts: a client that begins waiting meanwhile must not skip past it.
    pub(super) fn hold(&self, ms: u64) -> mynakit_oqs::clock::Hold {
        self.time
            .hold(Duration::from_millis(ms).saturating_sub(self.wall.elapsed()))
    }
}

/// Does `act` on `slot` `ms` of scenario time from now, holding the scenario open until then,
/// unless the slot is gone (the scenario ended and gave its reader back).
pub(super) fn later(
    slot: &Arc<Slot>,
    ms: u64,
    time: &ScenarioTime,
    act: impl FnOnce(&Slot) + Send + 'static,
) {
    let due = Due::from_now(time);
    let hold = due.hold(ms);
    let slot = Arc::downgrade(slot);
    std::thread::spawn(move || {
        let _hold = hold;
        due.then(
            ms,
            || slot.upgrade().is_none(),
            || {
                if let Some(slot) = slot.upgrade() {
                    act(&slot);
                }
            },
        );
    });
}
