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

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// How often a wait looks at the scenario clock.
const POLL: Duration = Duration::from_millis(20);

type Now = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// The scenario's clock as the timed card events read it; attached once the service (which
/// owns the clock) has started. Cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct ScenarioTime(Arc<OnceLock<Now>>);

impl ScenarioTime {
    /// Reads the scenario clock through `now` from now on (the first call wins).
    pub(crate) fn follow(&self, now: impl Fn() -> OffsetDateTime + Send + Sync + 'static) {
        let _ = self.0.set(Arc::new(now));
    }

    /// The scenario clock's reading, once attached.
    pub(crate) fn now(&self) -> Option<OffsetDateTime> {
        self.0.get().map(|now| now())
    }

    /// Waits until `after` has passed since `since`: in wall time since `wall_start`, or on the
    /// scenario clock since `scenario_start` (when `None`: since the clock's first reading
    /// here). Returns early, false, as soon as `gone()` says the event no longer matters (the
    /// reader was given back); true when due.
    pub(crate) fn wait(
        &self,
        after: Duration,
        wall_start: Instant,
        mut scenario_start: Option<OffsetDateTime>,
        gone: impl Fn() -> bool,
    ) -> bool {
        loop {
            if gone() {
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
