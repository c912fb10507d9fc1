//! The scenario clock: the service's idea of "now", which a scenario sets and moves.
//!
//! Everything date-dependent (certificate validity, the grace period, qualification dates,
//! challenge expiry, re-link lag, maintenance windows) reads this clock, never the system time.
//! It starts at 09:00 JST on `mynakit_persona::REFERENCE_DATE`, the day the bundled personas are
//! designed around (`docs/personas.md`), and runs at real speed unless frozen.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

mod skip;
pub use skip::{ClientWaiting, Held, Hold, SkipAhead, POLL as SKIP_POLL};

use time::macros::{offset, time};
use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Japan Standard Time, the offset every date in the OQS messages is in.
pub const JST: UtcOffset = offset!(+9);

/// `t` in JST, saturating at the ends of the representable range: a date-time near year 9999 in
/// another offset (a certificate's `99991231235959Z`, a clock set to `9999-12-31T23:59:30-05:00`)
/// has no JST form, and `to_offset` would panic on it.
pub fn to_jst(t: OffsetDateTime) -> OffsetDateTime {
    t.checked_to_offset(JST).unwrap_or_else(|| {
        let end = if t.year() > 0 {
            PrimitiveDateTime::new(time::Date::MAX, time::Time::MAX)
        } else {
            PrimitiveDateTime::new(time::Date::MIN, time::Time::MIDNIGHT)
        };
        end.assume_offset(JST)
    })
}

/// The default start: 09:00 JST on the personas' reference date ([`mynakit_persona::REFERENCE_DATE`]).
pub fn reference_start() -> OffsetDateTime {
    PrimitiveDateTime::new(mynakit_persona::REFERENCE_DATE, time!(09:00)).assume_offset(JST)
}

#[derive(Clone, Copy, Debug)]
struct State {
    base: OffsetDateTime,
    since: Instant,
    frozen: bool,
}

/// A settable clock. Cheap to read; shared behind `Arc` in the app state.
#[derive(Debug)]
pub struct ScenarioClock {
    state: Mutex<State>,
    /// How many times it was set or moved: what was judged at one generation may be kept until
    /// the next (the service's cache of verified chains).
    generation: AtomicU64,
}

impl ScenarioClock {
    /// A clock that reads `start` now and then runs (or stays, if `frozen`).
    pub fn new(start: OffsetDateTime, frozen: bool) -> ScenarioClock {
        ScenarioClock {
            state: Mutex::new(State {
                base: to_jst(start),
                since: Instant::now(),
                frozen,
            }),
            generation: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The scenario's current instant, in JST.
    pub fn now(&self) -> OffsetDateTime {
        let s = *self.lock();
        if s.frozen {
            s.base
        } else {
            let elapsed = Duration::try_from(s.since.elapsed()).unwrap_or(Duration::ZERO);
            s.base.saturating_add(elapsed)
        }
    }

    /// Whether the clock is frozen.
    pub fn is_frozen(&self) -> bool {
        self.lock().frozen
    }

    /// Sets the clock to `now`, frozen or running from there.
    pub fn set(&self, now: OffsetDateTime, frozen: bool) {
        *self.lock() = State {
            base: to_jst(now),
            since: Instant::now(),
            frozen,
        };
        self.generation.fetch_add(1, Ordering::Relaxed);
    }

    /// A number that changes each time the clock is set or moved, and only then.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    /// Moves the clock by `by` (may be negative), keeping it frozen or running.
    pub fn advance(&self, by: Duration) {
        let now = self.now();
        let frozen = self.is_frozen();
        self.set(now.saturating_add(by), frozen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_only_moves_when_told() {
        let clock = ScenarioClock::new(reference_start(), true);
        assert_eq!(clock.now(), reference_start());
        clock.advance(Duration::hours(25));
        assert_eq!(clock.now(), reference_start() + Duration::hours(25));
        assert_eq!(clock.now().offset(), JST);
    }

    #[test]
    fn the_ends_of_time_saturate_instead_of_panicking() {
        let late = time::macros::datetime!(9999-12-31 23:59:30 -5);
        let clock = ScenarioClock::new(late, true);
        assert_eq!(clock.now().offset(), JST);
        assert_eq!(clock.now().year(), 9999);
        clock.advance(Duration::MAX);
        assert_eq!(clock.now().year(), 9999);
        clock.advance(Duration::MIN);
        assert!(clock.now().year() < 0);
    }

    #[test]
    fn the_generation_moves_with_every_set_and_advance_and_only_then() {
        let clock = ScenarioClock::new(reference_start(), false);
        let first = clock.generation();
        let _ = clock.now();
        assert_eq!(clock.generation(), first);
        clock.advance(Duration::seconds(1));
        assert_eq!(clock.generation(), first + 1);
        clock.set(reference_start(), true);
        assert_eq!(clock.generation(), first + 2);
    }

    #[test]
    fn a_running_clock_starts_where_it_was_set() {
        let clock = ScenarioClock::new(reference_start(), false);
        let now = clock.now();
        assert!(now >= reference_start() && now < reference_start() + Duration::seconds(5));
    }
}
