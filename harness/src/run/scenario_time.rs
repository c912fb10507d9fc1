//! When a timed card event of a scenario is due (`given.readers[].insert_after_ms`, an `insert`
//! fault's `after_ms`, a `remove` fault's `reinsert_after_ms`): once that much time has passed
//! on the **scenario clock** (the mock service's, which the terminal shares; `docs/scenarios.md`,
//! "Timed card events") or in wall time, whichever comes first.
//!
//! The scenario clock normally runs with wall time, so the two agree. When it is moved forward
//! (the service's admin API, `PUT /__admin/clock` with `advance_seconds`), a long wait ends as
//! soon as the clock has passed it instead of keeping the run waiting; a frozen clock never
//! blocks it, since wall time still counts (as the terminal's `bulk_delay_secs` does,
//! `docs/terminal.md`).
//!
//! The timed events die with their world: [`ScenarioTime::end`], called before the world gives
//! its readers back, makes every pending wait return "not due", and an event that is already
//! due acts through [`ScenarioTime::unless_ended`], so it either lands before the end or never.
//! Over a pcscd the readers outlive the scenario (the next one borrows them), and a card put
//! back after the end would sit in the next scenario's reader.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use mynakit_oqs::clock::{Held, Hold, SkipAhead};
use time::OffsetDateTime;

/// How often a wait looks at the scenario clock.
const POLL: Duration = Duration::from_millis(20);

type Now = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// The scenario's clock as the timed card events read it; attached once the service (which
/// owns the clock) has started; whether the scenario has ended; and the registry of the
/// scenario's waits that only wait for time ([`SkipAhead`]). Cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct ScenarioTime {
    now: Arc<OnceLock<Now>>,
    ended: Arc<Mutex<bool>>,
    skip: Arc<SkipAhead>,
}

impl ScenarioTime {
    /// The registry of the scenario's waits: the service's fault delays and the timed card
    /// events register there, and an in-process client declares its own waits, so that the
    /// scenario's time skips over them when nothing else runs (`docs/scenarios.md`, "Waits
    /// that only wait for time").
    pub(crate) fn skip(&self) -> &Arc<SkipAhead> {
        &self.skip
    }

    /// Registers a timed event due `after` from now ([`SkipAhead::now`]); hold the guard
    /// until the event has acted or no longer matters.
    pub(crate) fn hold(&self, after: Duration) -> Hold {
        self.skip.hold(self.skip.now() + after, Held::Event)
    }

    /// How a reader's jitter waits ([`mynakit_reader::Slot::set_pause`]): the card's answer
    /// is held until the delay has passed on [`SkipAhead::now`] time, registered as an answer
    /// held ([`Held::Answer`]), so that an in-process client blocked on that very command lets
    /// the scenario's time skip over it (`docs/scenarios.md`, "Waits that only wait for time").
    /// A client that declares no wait (over pcscd, another process) waits it out in real time.
    pub(crate) fn pause(&self) -> mynakit_reader::Pause {
        let skip = self.skip.clone();
        std::sync::Arc::new(move |delay: Duration| {
            let due = skip.now() + delay;
            let _held = skip.hold(due, Held::Answer);
            skip.sleep_until(due);
        })
    }

    /// Reads the scenario clock through `now` from now on (the first call wins).
    pub(crate) fn follow(&self, now: impl Fn() -> OffsetDateTime + Send + Sync + 'static) {
        let _ = self.now.set(Arc::new(now));
    }

    /// The scenario clock's reading, once attached.
    pub(crate) fn now(&self) -> Option<OffsetDateTime> {
        self.now.get().map(|now| now())
    }

    /// Ends the scenario's time: no timed event acts from now on. Once this returns, an event
    /// that was acting (in [`ScenarioTime::unless_ended`]) has finished.
    pub(crate) fn end(&self) {
        *self.ended.lock().unwrap_or_else(|p| p.into_inner()) = true;
    }

    /// Whether [`ScenarioTime::end`] was called.
    pub(crate) fn has_ended(&self) -> bool {
        *self.ended.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `act` (a due event: a card put in) unless the scenario has ended, holding the end
    /// off while it runs; whether it ran.
    pub(crate) fn unless_ended(&self, act: impl FnOnce()) -> bool {
        let ended = self.ended.lock().unwrap_or_else(|p| p.into_inner());
        if *ended {
            return false;
        }
        act();
        drop(ended);
        true
    }

    /// Waits until `after` has passed since `since`: in wall time since `wall_start`, or on the
    /// scenario clock since `scenario_start` (when `None`: since the clock's first reading
    /// here). Returns early, false, as soon as `gone()` says the event no longer matters (the
    /// reader was given back) or the scenario has ended; true when due.
    pub(crate) fn wait(
        &self,
        after: Duration,
        wall_start: Instant,
        mut scenario_start: Option<OffsetDateTime>,
        gone: impl Fn() -> bool,
    ) -> bool {
        loop {
            if gone() || self.has_ended() {
                return false;
            }
            let wall_left = after.saturating_sub(wall_start.elapsed());
            if wall_left.is_zero() {
                return true;
            }
            if let Some(now) = self.now() {
                let from = *scenario_start.get_or_insert(now);
                if now - from >= after {
                    return true;
                }
            }
            std::thread::sleep(wall_left.min(POLL));
        }
    }
}

/// Ends a world's [`ScenarioTime`] when dropped. The world holds it in a field declared before
/// its readers, so that its time ends before they are given back, also when building the world
/// fails half-way.
pub(crate) struct EndsWithWorld(pub(crate) ScenarioTime);

impl Drop for EndsWithWorld {
    fn drop(&mut self) {
        self.0.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_oqs::clock::ScenarioClock;

    #[test]
    fn a_long_wait_ends_when_the_scenario_clock_passes_it() {
        let clock = Arc::new(ScenarioClock::new(OffsetDateTime::UNIX_EPOCH, false));
        let time = ScenarioTime::default();
        let read = clock.clone();
        time.follow(move || read.now());
        let start = clock.now();
        let mover = {
            let clock = clock.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                clock.advance(time::Duration::minutes(10));
            })
        };
        let began = Instant::now();
        assert!(time.wait(
            Duration::from_secs(600),
            Instant::now(),
            Some(start),
            || false
        ));
        assert!(began.elapsed() < Duration::from_secs(5));
        mover.join().unwrap();
    }

    /// The world ends its time before giving its readers back: a wait still pending ends at
    /// once, and nothing acts afterwards.
    #[test]
    fn nothing_acts_once_the_scenario_has_ended() {
        let time = ScenarioTime::default();
        let waiter = {
            let time = time.clone();
            std::thread::spawn(move || {
                time.wait(Duration::from_secs(600), Instant::now(), None, || false)
            })
        };
        let mut acted = 0;
        assert!(time.unless_ended(|| acted += 1));
        time.end();
        assert!(!waiter.join().unwrap(), "a pending wait is not due");
        assert!(!time.unless_ended(|| acted += 1));
        assert_eq!(acted, 1);
        assert!(!time.wait(Duration::ZERO, Instant::now(), None, || false));
    }

    #[test]
    fn a_frozen_clock_does_not_block_a_short_wait_and_gone_ends_it() {
        let clock = Arc::new(ScenarioClock::new(OffsetDateTime::UNIX_EPOCH, true));
        let time = ScenarioTime::default();
        let read = clock.clone();
        time.follow(move || read.now());
        assert!(time.wait(Duration::from_millis(30), Instant::now(), None, || false));
        assert!(!time.wait(Duration::from_secs(600), Instant::now(), None, || true));
        // Not attached yet: wall time alone.
        assert!(ScenarioTime::default().wait(
            Duration::from_millis(10),
            Instant::now(),
            None,
            || false
        ));
    }
}
