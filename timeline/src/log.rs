//! The shared, append-only log every part of a run records into.

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
    start: Instant,
    run: Option<String>,
    events: Mutex<Vec<Event>>,
}

impl Timeline {
    /// A new, empty timeline for run `run` (or none), starting now.
    pub fn new(run: Option<String>) -> Timeline {
        Timeline {
            inner: Arc::new(Inner {
                start: Instant::now(),
                run,
                events: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Microseconds since the start.
    pub fn now_us(&self) -> u64 {
        u64::try_from(self.inner.start.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    /// Appends an event stamped now.
    pub fn record(&self, source: Source, kind: EventKind) {
        let event = Event {
            v: SCHEMA_VERSION,
            t_us: self.now_us(),
            run: self.inner.run.clone(),
            source,
            kind,
        };
        // A poisoned lock only means another recorder panicked; the log itself is still sound.
        let mut events = self
            .inner
            .events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        events.push(event);
    }

    /// A copy of every event so far.
    pub fn events(&self) -> Vec<Event> {
        self.inner
            .events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
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
}
