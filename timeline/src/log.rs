//! The shared, append-only log every part of a run records into.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::{Event, EventKind, Source, SCHEMA_VERSION};

/// A shared, append-only event log. Cloning gives another handle on the same log.
#[derive(Clone, Debug)]
pub struct Timeline {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// When the timeline was made.
    made: Instant,
    /// Microseconds after `made` at which the scenario's time begins: 0 until
    /// [`Timeline::start_now`].
    origin_us: AtomicU64,
    run: Option<String>,
    events: Mutex<Vec<Event>>,
}

impl Timeline {
    /// A new, empty timeline for run `run` (or none), starting now.
    pub fn new(run: Option<String>) -> Timeline {
        Timeline {
            inner: Arc::new(Inner {
                made: Instant::now(),
                origin_us: AtomicU64::new(0),
                run,
                events: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Microseconds since the start.
    pub fn now_us(&self) -> u64 {
        self.since_made_us()
            .saturating_sub(self.inner.origin_us.load(Ordering::Acquire))
    }

    fn since_made_us(&self) -> u64 {
        u64::try_from(self.inner.made.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    /// The scenario's time begins now: what was recorded so far (its world being set up, such
    /// as a card put in ahead of time and PC/SC powering it) is stamped 0, and what comes next
    /// counts from here. A run over pcscd sets its next worlds up while others run
    /// (`docs/performance.md`), so a world's set-up is not part of its scenario's time.
    pub fn start_now(&self) {
        let mut events = self.lock();
        self.inner
            .origin_us
            .store(self.since_made_us(), Ordering::Release);
        for event in events.iter_mut() {
            event.t_us = 0;
        }
    }

    /// Appends an event stamped now.
    pub fn record(&self, source: Source, kind: EventKind) {
        // Stamped under the lock, so the events are in the order of their times, and none
        // recorded while [`Timeline::start_now`] runs keeps a time from before it.
        let mut events = self.lock();
        events.push(Event {
            v: SCHEMA_VERSION,
            t_us: self.now_us(),
            run: self.inner.run.clone(),
            source,
            kind,
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Event>> {
        // A poisoned lock only means another recorder panicked; the log itself is still sound.
        self.inner
            .events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A copy of every event so far.
    pub fn events(&self) -> Vec<Event> {
        self.lock().clone()
    }

    /// Every event as JSON lines.
    pub fn to_json_lines(&self) -> String {
        self.events()
            .iter()
            .filter_map(|e| serde_json::to_string(e).ok())
            .map(|line| line + "\n")
            .collect()
    }
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline::new(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReaderAction;

    #[test]
    fn events_are_ordered_and_serialise_as_versioned_json_lines() {
        let timeline = Timeline::new(Some("run-1".into()));
        timeline.record(
            Source::Reader,
            EventKind::reader("mynakit 0", ReaderAction::Insert, "employee".into()),
        );
        timeline.record(
            Source::Card,
            EventKind::Note {
                text: "hello".into(),
            },
        );
        let events = timeline.events();
        assert_eq!(events.len(), 2);
        assert!(events[0].t_us <= events[1].t_us);
        let text = timeline.to_json_lines();
        let first: serde_json::Value =
            serde_json::from_str(text.lines().next().expect("a line")).expect("json");
        assert_eq!(first["v"], 1);
        assert_eq!(first["run"], "run-1");
        assert_eq!(first["source"], "reader");
        assert_eq!(first["kind"], "reader");
        assert_eq!(first["action"], "insert");
        let back: Event = serde_json::from_str(text.lines().nth(1).expect("line")).expect("parse");
        assert_eq!(back, events[1]);
    }

    #[test]
    fn what_came_before_the_start_is_stamped_zero_and_time_counts_from_there() {
        let timeline = Timeline::new(Some("run-1".into()));
        timeline.record(
            Source::Reader,
            EventKind::reader("mynakit 0", ReaderAction::Insert, "employee".into()),
        );
        std::thread::sleep(std::time::Duration::from_millis(30));
        timeline.record(
            Source::Reader,
            EventKind::reader("mynakit 0", ReaderAction::PowerOn, String::new()),
        );
        assert!(timeline.events()[1].t_us >= 30_000);
        timeline.start_now();
        assert!(timeline.now_us() < 30_000, "time counts from the start");
        timeline.record(
            Source::Card,
            EventKind::Note {
                text: "after".into(),
            },
        );
        let events = timeline.events();
        assert_eq!(events.len(), 3, "nothing recorded is dropped");
        assert_eq!((events[0].t_us, events[1].t_us), (0, 0));
        assert!(events[2].t_us < 30_000);
    }
}
