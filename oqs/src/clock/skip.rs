//! Skipping waits that only wait for time, in an in-process run (`docs/scenarios.md`, "Waits
//! that only wait for time").
//!
//! A scenario such as `service-timeout` (every answer 45 s late, the client gives up after its
//! 10 s) or `no-card-in-reader` (the client waits 5 s for a card that never comes) spends its
//! wall time waiting: nothing runs, and what ends the wait is known in advance — the client's
//! own deadline, a service fault's delay, a timed card event. When the client runs in this
//! process and says what it waits for, the scenario's time can jump straight to the first of
//! those moments, as `tokio`'s paused clock auto-advances when every task is idle
//! (<https://docs.rs/tokio/latest/tokio/time/fn.pause.html>). The client still sees every
//! wait as long as it was: the scenario clock moves by the skipped time, and so does the
//! client's own reading of time ([`SkipAhead::now`]).
//!
//! Time skips only when all of these hold:
//!
//! - the in-process client is blocked in a declared wait ([`SkipAhead::client_waits`]) with a
//!   deadline;
//! - if it waits for an answer, the request it sent is held by a service fault delay that
//!   registered after it was sent ([`Held::Answer`]): the service is not working on it;
//! - no registered wait is already due (its owner is about to act, and must act first);
//! - the scenario clock is not frozen (a frozen clock only moves when told).
//!
//! It then jumps to the earliest of the client's deadline and the registered waits' due
//! moments, never past one. A client in another process never registers a wait, so its waits,
//! and everything it waits for, stay in real time.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What a registered wait holds back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// A timed event of the world (a card put in later): it acts when due.
    Event,
    /// The answer to a request, held by a service fault's delay, or a card's answer held by
    /// its reader's jitter (a remote desktop's latency).
    Answer,
}

/// Moves the scenario clock forward by the given amount; false when it cannot (frozen, or gone).
type Advance = Box<dyn Fn(Duration) -> bool + Send + Sync>;

#[derive(Default)]
struct State {
    advance: Option<Advance>,
    skipped: Duration,
    next_id: u64,
    holds: BTreeMap<u64, (Instant, Held)>,
    client: Option<ClientWait>,
}

#[derive(Clone, Copy, Debug)]
struct ClientWait {
    due: Instant,
    /// Waiting for the answer to a request sent when [`SkipAhead::mark`] read this.
    answer_after: Option<u64>,
}

/// The registry of one scenario's waits: shared by the in-process client, the service's fault
/// delays and the timed card events. Times are [`SkipAhead::now`] instants: the wall clock plus
/// everything skipped so far.
#[derive(Default)]
pub struct SkipAhead {
    state: Mutex<State>,
}

impl std::fmt::Debug for SkipAhead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.lock();
        f.debug_struct("SkipAhead")
            .field("skipped", &s.skipped)
            .field("holds", &s.holds)
            .field("client", &s.client)
            .finish_non_exhaustive()
    }
}

impl SkipAhead {
    /// A registry that skips nothing until [`SkipAhead::attach`] gives it the clock to move.
    pub fn new() -> Arc<SkipAhead> {
        Arc::new(SkipAhead::default())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Skips by moving the scenario clock with `advance` (which says false when the clock is
    /// frozen); the first call wins.
    pub fn attach(&self, advance: impl Fn(Duration) -> bool + Send + Sync + 'static) {
        let mut s = self.lock();
        if s.advance.is_none() {
            s.advance = Some(Box::new(advance));
        }
        s.try_skip();
    }

    /// Wall time plus everything skipped so far: the time every party of the scenario reads.
    pub fn now(&self) -> Instant {
        Instant::now() + self.lock().skipped
    }

    /// Everything skipped so far.
    pub fn skipped(&self) -> Duration {
        self.lock().skipped
    }

    /// A mark to take just before sending a request: holds registered after it are for that
    /// request or later ones, never for one the client gave up on before.
    pub fn mark(&self) -> u64 {
        self.lock().next_id
    }

    /// Registers a wait of the world until `due` ([`SkipAhead::now`] time); it ends when the
    /// guard is dropped (after its owner acted, or when its request was dropped).
    pub fn hold(self: &Arc<Self>, due: Instant, held: Held) -> Hold {
        let mut s = self.lock();
        let id = s.next_id;
        s.next_id += 1;
        s.holds.insert(id, (due, held));
        s.try_skip();
        Hold {
            skip: self.clone(),
            id,
        }
    }

    /// Registers that the in-process client is blocked until `due` at the latest, waiting for
    /// the answer to a request sent after [`SkipAhead::mark`] gave `answer_after`, or (`None`)
    /// for something a timed event brings (a card). Ends when the guard is dropped.
    pub fn client_waits(
        self: &Arc<Self>,
        due: Instant,
        answer_after: Option<u64>,
    ) -> ClientWaiting {
        let mut s = self.lock();
        s.client = Some(ClientWait { due, answer_after });
        s.try_skip();
        ClientWaiting { skip: self.clone() }
    }

    /// Blocks the calling thread until `due` ([`SkipAhead::now`] time), polling every
    /// [`POLL`]: a skip ends it early in wall time.
    pub fn sleep_until(&self, due: Instant) {
        loop {
            let left = due.saturating_duration_since(self.now());
            if left.is_zero() {
                return;
            }
            std::thread::sleep(left.min(POLL));
        }
    }
}

/// How often a wait looks whether time was skipped.
pub const POLL: Duration = Duration::from_millis(10);

impl State {
    fn try_skip(&mut self) {
        let (Some(advance), Some(client)) = (&self.advance, self.client) else {
            return;
        };
        let now = Instant::now() + self.skipped;
        if self.holds.values().any(|(due, _)| *due <= now) {
            return;
        }
        if let Some(after) = client.answer_after {
            let held = self
                .holds
                .range(after..)
                .any(|(_, (_, held))| *held == Held::Answer);
            if !held {
                return;
            }
        }
        let target = self
            .holds
            .values()
            .map(|(due, _)| *due)
            .fold(client.due, Instant::min);
        let by = target.saturating_duration_since(now);
        if !by.is_zero() && advance(by) {
            self.skipped += by;
        }
    }
}

/// A registered wait of the world ([`SkipAhead::hold`]); dropping it ends the wait.
#[derive(Debug)]
pub struct Hold {
    skip: Arc<SkipAhead>,
    id: u64,
}

impl Drop for Hold {
    /// Ends the wait without skipping: the event has just acted (a card put in, an answer
    /// sent), and the waiting client must see that first. Skipping here would run the clock
    /// past the event's moment before the client looked; the client's next wait skips again.
    fn drop(&mut self) {
        self.skip.lock().holds.remove(&self.id);
    }
}

/// The in-process client's registered wait ([`SkipAhead::client_waits`]).
#[derive(Debug)]
pub struct ClientWaiting {
    skip: Arc<SkipAhead>,
}

impl Drop for ClientWaiting {
    fn drop(&mut self) {
        self.skip.lock().client = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    fn attached() -> (Arc<SkipAhead>, Arc<AtomicU64>) {
        let skip = SkipAhead::new();
        let moved = Arc::new(AtomicU64::new(0));
        let m = moved.clone();
        skip.attach(move |by| {
            m.fetch_add(u64::try_from(by.as_millis()).unwrap(), Ordering::SeqCst);
            true
        });
        (skip, moved)
    }

    #[test]
    fn a_client_waiting_for_nothing_skips_to_its_deadline() {
        let (skip, moved) = attached();
        let due = skip.now() + Duration::from_secs(5);
        let _waiting = skip.client_waits(due, None);
        assert!(skip.now() >= due);
        assert!(moved.load(Ordering::SeqCst) >= 4_900);
    }

    #[test]
    fn a_timed_event_stops_the_skip_at_its_moment_until_it_acted() {
        let (skip, _) = attached();
        let event = skip.hold(skip.now() + Duration::from_millis(1500), Held::Event);
        let due = skip.now() + Duration::from_secs(5);
        let waiting = skip.client_waits(due, None);
        let after_first = skip.skipped();
        assert!(after_first >= Duration::from_millis(1400) && after_first < Duration::from_secs(2));
        // The event is due: nothing more skips until it has acted.
        drop(skip.client_waits(due, None));
        assert_eq!(skip.skipped(), after_first);
        drop(event);
        drop(waiting);
        let _waiting = skip.client_waits(due, None);
        assert!(skip.now() >= due);
    }

    #[test]
    fn an_answer_skips_only_when_the_service_holds_it() {
        let (skip, _) = attached();
        // A hold of a request given up on before: not this request's.
        let stale = skip.hold(skip.now() + Duration::from_secs(45), Held::Answer);
        let mark = skip.mark();
        let due = skip.now() + Duration::from_secs(10);
        let waiting = skip.client_waits(due, Some(mark));
        assert_eq!(
            skip.skipped(),
            Duration::ZERO,
            "the service is working on it"
        );
        let held = skip.hold(skip.now() + Duration::from_secs(45), Held::Answer);
        assert!(
            skip.now() >= due,
            "held by a fault delay: skip to the deadline"
        );
        assert!(skip.now() < due + Duration::from_secs(1));
        drop((waiting, held, stale));
    }

    #[test]
    fn nothing_skips_without_a_clock_or_when_it_is_frozen() {
        let skip = SkipAhead::new();
        let due = skip.now() + Duration::from_secs(5);
        drop(skip.client_waits(due, None));
        assert_eq!(skip.skipped(), Duration::ZERO);
        skip.attach(|_| false);
        let _waiting = skip.client_waits(due, None);
        assert_eq!(skip.skipped(), Duration::ZERO);
    }
}
