//! Turns at a pool's pcscd: every scenario over it shares it, and one that stops and starts it
//! (a `stack-restart` fault) has it alone, while no other scenario of any run in the process
//! holds a reader of it (`docs/reader.md`, "pcscd stops and starts again").
//!
//! A scenario waiting for its turn alone goes first: from then on no new scenario begins to
//! share, so it waits only for those already holding readers.

use std::sync::{Condvar, Mutex, MutexGuard};

/// Who holds the pcscd now.
#[derive(Default)]
pub(super) struct Turns {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Scenarios holding readers together.
    sharing: usize,
    /// Scenarios waiting to have the pcscd alone.
    waiting_alone: usize,
    /// One scenario has it alone.
    alone: bool,
}

/// A scenario's turn, given back on drop.
pub(super) struct Turn<'a> {
    turns: &'a Turns,
    alone: bool,
}

impl Turns {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wait<'a>(&self, state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.changed.wait(state).unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until no scenario has the pcscd alone or waits for it, then shares it.
    pub(super) fn share(&self) -> Turn<'_> {
        let mut state = self.lock();
        while state.alone || state.waiting_alone > 0 {
            state = self.wait(state);
        }
        state.sharing += 1;
        Turn {
            turns: self,
            alone: false,
        }
    }

    /// Waits until no other scenario holds the pcscd, then has it alone.
    pub(super) fn alone(&self) -> Turn<'_> {
        let mut state = self.lock();
        state.waiting_alone += 1;
        while state.alone || state.sharing > 0 {
            state = self.wait(state);
        }
        state.waiting_alone -= 1;
        state.alone = true;
        Turn {
            turns: self,
            alone: true,
        }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut state = self.turns.lock();
        if self.alone {
            state.alone = false;
        } else {
            state.sharing = state.sharing.saturating_sub(1);
        }
        drop(state);
        self.turns.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::Turns;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// A scenario alone waits for those sharing; while it waits or runs no new one shares.
    #[test]
    fn a_turn_alone_waits_for_the_sharers_and_keeps_new_ones_out() {
        let turns = Turns::default();
        let at_once = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let alone_saw = AtomicUsize::new(usize::MAX);
        std::thread::scope(|scope| {
            let first = turns.share();
            at_once.fetch_add(1, Ordering::SeqCst);
            scope.spawn(|| {
                let _alone = turns.alone();
                alone_saw.store(at_once.load(Ordering::SeqCst), Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
            });
            std::thread::sleep(Duration::from_millis(20));
            for _ in 0..4 {
                scope.spawn(|| {
                    let _turn = turns.share();
                    let now = at_once.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(5));
                    at_once.fetch_sub(1, Ordering::SeqCst);
                });
            }
            std::thread::sleep(Duration::from_millis(20));
            at_once.fetch_sub(1, Ordering::SeqCst);
            drop(first);
        });
        assert_eq!(
            alone_saw.load(Ordering::SeqCst),
            0,
            "none shared while it was alone"
        );
        assert!(most.load(Ordering::SeqCst) >= 1);
    }
}
