//! The built-in reference client (`mynakit-reference-client`) on a thread of this process,
//! talking to the scenario's first reader directly: the in-process transport, for machines
//! without pcscd and for fast tests. Its protocol lines still cross OS pipes, as a process's
//! would.

use std::io::Write;
use std::sync::{Arc, Mutex};

use mynakit_oqs::clock::{SkipAhead, SKIP_POLL};
use mynakit_reader::{Slot, SlotError};
use mynakit_reference_client::{CardError, CardTransport, ClientEnv, Defects, Logger};

use super::client::Session;
use super::world::World;

/// A borrowed reader as the reference client's card transport. Like a PC/SC connection, it
/// belongs to the card that was in the reader at its first command: once that card left (even
/// if another is in the reader now) every command fails with [`CardError::Removed`] until the
/// client reconnects.
struct SlotCard {
    slot: Arc<Slot>,
    /// The slot's generation at the first command of this session.
    session: Option<u64>,
    /// Every reader of the scenario, for [`CardTransport::open_reader`] (PC/SC can open any
    /// reader by name; so can this transport).
    readers: Vec<Arc<Slot>>,
    /// The run's registry of waits (`docs/scenarios.md`, "Waits that only wait for time").
    skip: Arc<SkipAhead>,
}

impl SlotCard {
    /// Waits up to `timeout` for a card, declared to the run as the client's wait
    /// ([`SkipAhead::client_waits`]): when only time can bring the card (a timed event, or
    /// nothing), the scenario's time skips to it instead of the wall clock passing.
    fn wait(&self, timeout: std::time::Duration) -> bool {
        let due = self.skip.now() + timeout;
        let _waiting = self.skip.client_waits(due, None);
        loop {
            let left = due.saturating_duration_since(self.skip.now());
            if self.slot.wait_for_card(left.min(SKIP_POLL)) {
                return true;
            }
            if left.is_zero() || self.slot.is_unplugged() {
                return false;
            }
        }
    }
}

impl CardTransport for SlotCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        let now = self.slot.generation();
        if *self.session.get_or_insert(now) != now {
            return Err(CardError::Removed);
        }
        self.slot.transmit(apdu).map_err(|e| match e {
            SlotError::NoCard => CardError::Removed,
            SlotError::ReaderGone => reader_gone(&self.slot, "SCARD_E_READER_UNAVAILABLE"),
        })
    }

    fn reconnect(&mut self) -> Result<(), CardError> {
        self.session = None;
        Ok(())
    }

    fn wait_for_card(&mut self, timeout: std::time::Duration) -> Result<bool, CardError> {
        let present = self.wait(timeout);
        if self.slot.is_unplugged() {
            return Err(reader_gone(&self.slot, "SCARD_E_UNKNOWN_READER"));
        }
        Ok(present)
    }

    fn open_reader(&mut self, reader: &str) -> Result<Box<dyn CardTransport + Send>, CardError> {
        let slot = self
            .readers
            .iter()
            .find(|s| s.reader() == reader && !s.is_unplugged())
            .ok_or_else(|| CardError::Reader(format!("no reader {reader:?}")))?;
        Ok(Box::new(SlotCard {
            slot: slot.clone(),
            session: None,
            readers: self.readers.clone(),
            skip: self.skip.clone(),
        }))
    }

    /// Powers the card off, as the PC/SC transport's `SCARD_UNPOWER_CARD` does — only the card
    /// of this session: one put in since is another patient's.
    fn release(&mut self) {
        if self.session == Some(self.slot.generation()) {
            self.slot.power_off();
        }
    }
}

/// What PC/SC gives a client for a reader that was unplugged (`docs/reader.md`, "Unplugged
/// readers"): `SCARD_E_READER_UNAVAILABLE` on a connection to it, `SCARD_E_UNKNOWN_READER` when
/// it is named afresh.
fn reader_gone(slot: &Slot, code: &str) -> CardError {
    CardError::Reader(format!("{} is gone ({code})", slot.reader()))
}

/// Starts the reference client with `defects` for `world`.
pub(crate) fn in_process(
    world: &World<'_>,
    defects: &[String],
    stop: Arc<crate::interrupt::Stop>,
) -> std::io::Result<Session> {
    let defects = Defects::from_names(defects.iter().map(String::as_str))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let vars: Vec<(String, String)> = world
        .env
        .iter()
        // The MYNAKIT_ variables and the client's own folders (`kept`): the thread shares the
        // harness's process environment, so they are handed over explicitly.
        .filter(|(k, _)| k.starts_with("MYNAKIT_") || ["HOME", "TMPDIR"].contains(&k.as_str()))
        .cloned()
        .collect();
    let card = match world.terminal {
        Some(_) => None,
        None => world.slots().first().cloned(),
    };
    let readers = world.slots().to_vec();
    let skip = world.skip().clone();
    Session::thread(
        move |input, output, log| {
            let log = Arc::new(Mutex::new(log));
            let mut env = ClientEnv::from_vars(vars).map_err(|e| e.to_string())?;
            env.skip = Some(skip.clone());
            env.logger = Logger::new(move |line| {
                let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
                let _ = writeln!(log, "{line}");
            });
            let card = card.map(|slot| {
                Box::new(SlotCard {
                    slot,
                    session: None,
                    readers,
                    skip,
                }) as Box<dyn CardTransport + Send>
            });
            mynakit_reference_client::run(&env, card, input, output, &defects)
                .map(|_| ())
                .map_err(|e| e.to_string())
        },
        stop,
    )
}
