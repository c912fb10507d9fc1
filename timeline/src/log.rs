//! The shared, append-only log every part of a run records into.
//!
//! Events are in the order they happened, not the order the harness happened to read them
//! (`docs/timeline.md`, "Order"): the client's output reaches the harness through a pipe that
//! a thread reads, late on a busy machine, while the service, the card and the terminal record
//! at once. So whoever records an event first lets the client's reader take every line the
//! client has already written ([`Timeline::set_drain`]): a line written before a request, a
//! command or a file is recorded before it, however slow the reading.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::{Event, EventKind, Source, SCHEMA_VERSION};

/// When an event recorded at `t_us` that lasted `duration_us` began (an HTTP exchange: when its
/// request arrived; a card command: when it was sent), on the timeline's clock. Exact for an
/// event recorded with [`Timeline::record_since`], which reads both from one instant (every
/// `http` event since 2026-11-29); for an event whose duration was read before its time was
/// stamped (a card command, an older recording) it may be later than the start by the time
/// between the two readings. Every reader of a timeline that places an event at its start asks
/// here, so there is one answer.
pub fn started_us(t_us: u64, duration_us: u64) -> u64 {
    t_us.saturating_sub(duration_us)
}

/// A shared, append-only event log. Cloning gives another handle on the same log.
#[derive(Clone, Debug)]
pub struct Timeline {
    inner: Arc<Inner>,
}

struct Inner {
    /// When the timeline was made.
    made: Instant,
    /// Microseconds after `made` at which the scenario's time begins: 0 until
    /// [`Timeline::start_now`].
    origin_us: AtomicU64,
    run: Option<String>,
    events: Mutex<Vec<Event>>,
    /// Records the client's pending output ([`Timeline::set_drain`]).
    drain: Mutex<Option<Drain>>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("run", &self.run)
            .finish_non_exhaustive()
    }
}

/// What records every line the client has already written, without waiting for more: set by
/// whoever reads the client's output ([`Timeline::set_drain`]).
pub type Drain = Arc<dyn Fn() + Send + Sync>;

thread_local! {
    /// How many [`Drained`] guards this thread holds: while it holds one, its records do not
    /// drain again (the output was drained when the guard was taken).
    static HELD: Cell<usize> = const { Cell::new(0) };
}

/// A stretch of records on this thread that follow one drain of the client's output
/// ([`Timeline::drained`]); dropped when they are made.
#[derive(Debug)]
#[must_use = "the records that follow one drain end when the guard is dropped"]
pub struct Drained {
    /// Not `Send`: the guard belongs to the thread that took it.
    _thread: std::marker::PhantomData<*const ()>,
}

impl Drop for Drained {
    fn drop(&mut self) {
        HELD.with(|held| held.set(held.get().saturating_sub(1)));
    }
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
                drain: Mutex::new(None),
            }),
        }
    }

    /// Microseconds since the start.
    pub fn now_us(&self) -> u64 {
        self.since_made_us()
            .saturating_sub(self.inner.origin_us.load(Ordering::Acquire))
    }

    fn since_made_us(&self) -> u64 {
        self.until_us(Instant::now())
    }

    /// Microseconds from the timeline's making to `instant` (0 for an instant before it).
    fn until_us(&self, instant: Instant) -> u64 {
        let since = instant.saturating_duration_since(self.inner.made);
        u64::try_from(since.as_micros()).unwrap_or(u64::MAX)
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

    /// From now on, every event recorded first runs `drain` (`None`: nothing), which records
    /// the lines the client has already written ([`Timeline::record_drained`]), so that they
    /// come before it. The client's reader sets it when the client starts, and clears it when
    /// the client has ended.
    pub fn set_drain(&self, drain: Option<Drain>) {
        *self
            .inner
            .drain
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = drain;
    }

    /// Stops running `drain` before every event, unless another drain has replaced it since
    /// ([`Timeline::set_drain`]): a client that ended clears its own, never its successor's.
    pub fn clear_drain(&self, drain: &Drain) {
        let mut set = self
            .inner
            .drain
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if set.as_ref().is_some_and(|d| Arc::ptr_eq(d, drain)) {
            *set = None;
        }
    }

    /// Records every line the client has already written ([`Timeline::set_drain`]), unless this
    /// thread holds a [`Drained`] guard.
    pub fn drain(&self) {
        if HELD.with(Cell::get) > 0 {
            return;
        }
        let drain = self
            .inner
            .drain
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        if let Some(drain) = drain {
            drain();
        }
    }

    /// Drains the client's output now, and lets this thread's records until the guard is
    /// dropped follow that drain without draining again. The terminal takes one before it makes
    /// a file visible: what the client writes after seeing the file must come after the
    /// file's records, and the client's reader waits for them (`mynakit-terminal`'s publishing)
    /// before it records such a line.
    pub fn drained(&self) -> Drained {
        self.drain();
        HELD.with(|held| held.set(held.get() + 1));
        Drained {
            _thread: std::marker::PhantomData,
        }
    }

    /// Appends an event stamped now, after every line the client has already written
    /// ([`Timeline::set_drain`]).
    pub fn record(&self, source: Source, kind: EventKind) {
        self.drain();
        self.record_drained(source, kind);
    }

    /// Appends an event stamped now, without draining the client's output first: what the
    /// client's reader itself records.
    pub fn record_drained(&self, source: Source, kind: EventKind) {
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

    /// Appends an event that lasted from `started` until now (an HTTP exchange from its
    /// request's arrival, a card command from its sending), after every line the client has
    /// already written, like [`Timeline::record`]; `kind` is made from the duration in
    /// microseconds, which is returned too. The duration and the event's `t_us` are read from
    /// one instant, under the lock that orders the events, so `t_us − duration_us` is exactly
    /// when it started on this timeline's clock (0 when that was before
    /// [`Timeline::start_now`]): read from two clocks, a thread descheduled (or draining the
    /// client's lines) between the readings would put the start later than it was, after a
    /// line the client wrote once it had given up on the request (`docs/timeline.md`, "Order").
    pub fn record_since(
        &self,
        source: Source,
        started: Instant,
        kind: impl FnOnce(u64) -> EventKind,
    ) -> u64 {
        self.drain();
        let mut events = self.lock();
        let now_us = self.since_made_us();
        let duration_us = now_us.saturating_sub(self.until_us(started));
        events.push(Event {
            v: SCHEMA_VERSION,
            t_us: now_us.saturating_sub(self.inner.origin_us.load(Ordering::Acquire)),
            run: self.inner.run.clone(),
            source,
            kind: kind(duration_us),
        });
        duration_us
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
    use std::collections::BTreeMap;
    use std::sync::atomic::AtomicBool;

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

    /// Every record drains first, but a drained guard's own and the drain's own records; a
    /// client that ended clears its drain only, never its successor's.
    #[test]
    fn records_drain_first_and_a_drain_is_cleared_by_its_own_client_only() {
        use std::sync::atomic::AtomicUsize;
        let timeline = Timeline::new(None);
        let counter = |count: &Arc<AtomicUsize>| -> Drain {
            let count = count.clone();
            Arc::new(move || {
                count.fetch_add(1, Ordering::SeqCst);
            })
        };
        let (first, second) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (a, b) = (counter(&first), counter(&second));
        let note = || EventKind::Note { text: "x".into() };
        timeline.set_drain(Some(a.clone()));
        timeline.record(Source::Card, note());
        timeline.record_drained(Source::Client, note());
        {
            let _drained = timeline.drained();
            timeline.record(Source::Terminal, note());
        }
        assert_eq!(
            first.load(Ordering::SeqCst),
            2,
            "the record and the guard drained"
        );
        timeline.set_drain(Some(b.clone()));
        timeline.clear_drain(&a);
        timeline.record(Source::Card, note());
        assert_eq!(
            (first.load(Ordering::SeqCst), second.load(Ordering::SeqCst)),
            (2, 1)
        );
        timeline.clear_drain(&b);
        timeline.record(Source::Card, note());
        assert_eq!(second.load(Ordering::SeqCst), 1);
    }

    /// Holds the recording thread in the drain, after the client's line, until the clock has
    /// moved on by more than the whole run so far: a thread descheduled while it records, by
    /// construction rather than by chance.
    fn late_drain(timeline: &Timeline, line: &str) -> Drain {
        let (late, line, done) = (timeline.clone(), line.to_owned(), AtomicBool::new(false));
        Arc::new(move || {
            if done.swap(true, Ordering::SeqCst) {
                return;
            }
            late.record_drained(Source::Client, EventKind::Message { line: line.clone() });
            let line_t = late.now_us();
            while late.now_us() <= 2 * line_t + 1_000 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
        })
    }

    /// A request the client gave up on is recorded only after the client's result (drained as
    /// it is recorded), by a thread held up before it stamps the event: its start
    /// (`t_us − duration_us`) is still when it began, before the result.
    #[test]
    fn an_event_recorded_late_still_starts_when_it_started() {
        let timeline = Timeline::new(None);
        let before = timeline.now_us();
        let started = Instant::now();
        let after = timeline.now_us();
        timeline.set_drain(Some(late_drain(&timeline, r#"{"type":"result"}"#)));
        let duration_us =
            timeline.record_since(Source::Service, started, |duration_us| EventKind::Http {
                method: "POST".into(),
                path: "/v1/confirmations".into(),
                status: 0,
                duration_us,
                request_body: None,
                response_body: None,
                request_headers: BTreeMap::new(),
            });
        timeline.set_drain(None);
        let events = timeline.events();
        let [result, http] = events.as_slice() else {
            panic!("the result and the request: {events:?}");
        };
        assert!(matches!(http.kind, EventKind::Http { duration_us: d, .. } if d == duration_us));
        let start = started_us(http.t_us, duration_us);
        assert!(
            (before..=after).contains(&start),
            "{before} <= {start} <= {after}"
        );
        assert!(start < result.t_us, "{start} < {}", result.t_us);
        assert!(result.t_us <= http.t_us);
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
