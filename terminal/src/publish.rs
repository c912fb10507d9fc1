//! Publishing a file to the client: the file and the terminal's record of it reach the timeline
//! before anything the client says after seeing it.
//!
//! The terminal makes a file visible (a result, an `.err`, a face push) and then records it
//! (`result-written` and its content, `rejected`, `face-written`). A client polling its folder
//! can read the file in between, report, and have its line recorded by the runner first; under
//! CPU load it did, and the judge, which takes the answer a result rests on from what the
//! terminal wrote *before* that result, then found none and FAILED a correct レセコン. So the
//! terminal publishes under one lock, held from just before the file appears until its events
//! are recorded, and the runner waits for that lock ([`Publisher::settle`], through
//! `Terminal::settle`) before it records a line of the client's. Nothing is slowed but a
//! client line that arrives during a publication, by the few records it waits for.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// The one lock of a terminal's publications.
#[derive(Debug, Default)]
pub(crate) struct Publisher {
    lock: Mutex<()>,
}

/// A publication in progress: the file may be visible, its records not all made yet. Dropped
/// once they are.
#[derive(Debug)]
#[must_use = "a publication ends when its guard is dropped, after the records"]
pub(crate) struct Publishing<'a> {
    _held: MutexGuard<'a, ()>,
}

impl Publisher {
    /// Begins a publication (waits for one in progress to end).
    pub(crate) fn begin(&self) -> Publishing<'_> {
        Publishing {
            _held: self.lock.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// Returns once no publication is in progress: every file the client could have seen has
    /// its records in the timeline.
    pub(crate) fn settle(&self) {
        drop(self.begin());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    /// `settle` waits for the records of a publication begun before it.
    #[test]
    fn settle_waits_for_the_records_of_a_publication() {
        let publisher = Arc::new(Publisher::default());
        let recorded = Arc::new(AtomicBool::new(false));
        let (began_tx, began_rx) = std::sync::mpsc::channel();
        let writer = {
            let (publisher, recorded) = (publisher.clone(), recorded.clone());
            std::thread::spawn(move || {
                let publishing = publisher.begin();
                began_tx.send(()).unwrap();
                // The file is visible; the terminal is slow to record it.
                std::thread::sleep(Duration::from_millis(100));
                recorded.store(true, Ordering::SeqCst);
                drop(publishing);
            })
        };
        began_rx.recv().unwrap();
        publisher.settle();
        assert!(recorded.load(Ordering::SeqCst));
        writer.join().unwrap();
    }
}
