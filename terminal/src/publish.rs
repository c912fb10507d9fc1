//! Publishing a file to the client: the file and the terminal's record of it reach the timeline
//! before anything the client says after seeing it.
//!
//! The terminal makes a file visible (a result, an `.err`, a face push) and then records it
//! (`result-written` and its content, `rejected`, `face-written`). A client polling its folder
//! can read the file in between, report, and have its line recorded by the runner first; under
//! CPU load it did, and the judge, which takes the answer a result rests on from what the
//! terminal wrote *before* that result, then found none and FAILED a correct レセコン. So the
//! terminal publishes under one lock, held from just before the file appears until its events
//! are recorded, and the client's reader records a line of the client's only between
//! publications ([`Publisher::unless_publishing`], through `Terminal::unless_publishing`): a
//! line read during one is held back until the publication ends, by the few records it waits
//! for. (A manual run's app waits for the lock, [`Publisher::settle`].)
//!
//! The other way round, a line the client wrote before the file appeared comes before the
//! file's records: a publication begins by draining the client's output into the timeline
//! (`mynakit_timeline::Timeline::drained`, `docs/timeline.md`, "Order"), its own records do not
//! drain again (the reader holds back what it reads meanwhile), and it ends by draining once
//! more, which records what was held back.

use std::sync::{Mutex, MutexGuard, PoisonError};

use mynakit_timeline::{Drained, Timeline};

/// The one lock of a terminal's publications.
#[derive(Debug, Default)]
pub(crate) struct Publisher {
    lock: Mutex<()>,
    /// The run's timeline, whose client output a publication drains first.
    timeline: Option<Timeline>,
}

/// A publication in progress: the file may be visible, its records not all made yet. Dropped
/// once they are; then the client's lines it held back are recorded.
#[derive(Debug)]
#[must_use = "a publication ends when its guard is dropped, after the records"]
pub(crate) struct Publishing<'a> {
    held: Option<MutexGuard<'a, ()>>,
    drained: Option<Drained>,
    timeline: Option<&'a Timeline>,
}

impl Drop for Publishing<'_> {
    fn drop(&mut self) {
        drop(self.held.take());
        drop(self.drained.take());
        // What the client wrote while the file was being published waited for its records.
        if let Some(timeline) = self.timeline {
            timeline.drain();
        }
    }
}

impl Publisher {
    /// A publisher whose publications come after the client's output in `timeline`.
    pub(crate) fn new(timeline: Option<Timeline>) -> Publisher {
        Publisher {
            lock: Mutex::new(()),
            timeline,
        }
    }

    /// Begins a publication (waits for one in progress to end), after every line the client
    /// has already written is recorded.
    pub(crate) fn begin(&self) -> Publishing<'_> {
        let drained = self.timeline.as_ref().map(Timeline::drained);
        Publishing {
            held: Some(self.lock.lock().unwrap_or_else(PoisonError::into_inner)),
            drained,
            timeline: self.timeline.as_ref(),
        }
    }

    /// Returns once no publication is in progress: every file the client could have seen has
    /// its records in the timeline.
    pub(crate) fn settle(&self) {
        drop(self.lock.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// Runs `record` unless a publication is in progress, and says whether it ran: the
    /// client's reader records the lines it read only between publications, never waiting for
    /// one (a publication ends by draining the client's output again, and the reader must not
    /// hold the lock that drain waits for).
    pub(crate) fn unless_publishing(&self, record: &mut dyn FnMut()) -> bool {
        match self.lock.try_lock() {
            Ok(_quiet) => {
                record();
                true
            }
            Err(std::sync::TryLockError::Poisoned(p)) => {
                let _quiet = p.into_inner();
                record();
                true
            }
            Err(std::sync::TryLockError::WouldBlock) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    /// A publication drains the client's output before the file appears and again when its
    /// records are made; in between, the client's reader records nothing (`unless_publishing`),
    /// and the publication's own records do not drain.
    #[test]
    fn a_publication_drains_before_and_after_and_holds_the_reader_back_between() {
        use mynakit_timeline::{EventKind, Source, Timeline};
        use std::sync::atomic::AtomicUsize;
        let timeline = Timeline::new(None);
        let drains = Arc::new(AtomicUsize::new(0));
        let counted = drains.clone();
        timeline.set_drain(Some(Arc::new(move || {
            counted.fetch_add(1, Ordering::SeqCst);
        })));
        let publisher = Publisher::new(Some(timeline.clone()));
        let publishing = publisher.begin();
        assert_eq!(
            drains.load(Ordering::SeqCst),
            1,
            "drained before the file appears"
        );
        timeline.record(
            Source::Terminal,
            EventKind::Note {
                text: "result-written".into(),
            },
        );
        assert_eq!(drains.load(Ordering::SeqCst), 1, "its records do not drain");
        let other = {
            let publisher = &publisher;
            std::thread::scope(|scope| {
                scope
                    .spawn(|| publisher.unless_publishing(&mut || {}))
                    .join()
                    .unwrap()
            })
        };
        assert!(!other, "the reader waits for the publication");
        drop(publishing);
        assert_eq!(drains.load(Ordering::SeqCst), 2, "drained when it ends");
        assert!(publisher.unless_publishing(&mut || {}));
    }

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
