//! The readers a run lends to its scenarios. With pcscd, one managed pcscd carries every
//! reader of the run (starting one per scenario would cost a second each, and one process can
//! talk to only one pcscd); each scenario borrows readers of its own, so scenarios running in
//! parallel never share a card. In-process, each loan is a fresh slot.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use mynakit_reader::{Latency, Pcscd, PcscdChoice, Slot};

use super::pcsc_readers::PcscReaders;
use super::turns::{Turn, Turns};
use crate::scenario::stack_faults::Link;

/// Which card transport the run uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Transport {
    /// In-process for the built-in reference client (fast, needs nothing installed); a managed
    /// pcscd for a client command, which can only reach the cards through PC/SC.
    Auto,
    /// A pcscd with vsmartcard-vpcd (managed by default, no root needed where user namespaces
    /// are allowed; or the system's, `--pcscd system`): the client is any PC/SC program.
    Pcscd,
    /// No pcscd: the built-in reference client talks to the cards in this process.
    InProcess,
}

impl Transport {
    /// `auto` resolved for a client: in-process for the built-in reference client, pcscd for a
    /// client command.
    pub fn resolve(self, builtin_client: bool) -> Transport {
        match self {
            Transport::Auto if builtin_client => Transport::InProcess,
            Transport::Auto => Transport::Pcscd,
            other => other,
        }
    }

    /// As written in reports.
    pub fn name(self) -> &'static str {
        match self {
            Transport::Auto => "auto",
            Transport::Pcscd => "pcscd",
            Transport::InProcess => "in-process",
        }
    }
}

/// Whether a managed pcscd can run here (`mynakit_reader::Pcscd::can_run_managed`).
pub fn pcscd_available() -> bool {
    mynakit_reader::Pcscd::can_run_managed().is_ok()
}

/// How many readers the shared pcscd serves: sixteen entries of mynakit's reader driver, or
/// eight vpcd entries of two readers each, the most one pcscd takes (pcsc-lite's `PCSCLITE_MAX_READERS_CONTEXTS`, 16). More readers than jobs
/// let the next scenarios' cards go in ahead while others run (`world::Staged`, up to four
/// stagers per job), and a reader given back rest until pcscd's next poll of vpcd has seen it
/// empty (docs/performance.md). A scenario of several readers waits until all of them are free
/// at once. A reader whose card was pulled mid-command is lent again like any other: Debian's
/// vpcd driver accepts the next card (`docs/reader.md`, "Known limits").
pub(crate) const PCSCD_READERS: usize = 16;

/// The process's PC/SC reader pool, once started.
static SHARED: Mutex<Option<Arc<ReaderPool>>> = Mutex::new(None);

/// The process's pool of PC/SC readers: one pcscd (`choice`: managed, with [`PCSCD_READERS`]
/// readers, or the system's two) started on first use and kept until [`release_shared_pcscd`]
/// (libpcsclite talks to one pcscd per process, so every run of this process shares the first
/// one's).
///
/// # Errors
///
/// Why pcscd could not start (package missing, user namespaces refused, not ready); asked
/// again next time.
pub(crate) fn shared_pcscd(
    choice: PcscdChoice,
) -> Result<Arc<ReaderPool>, mynakit_reader::PcscdError> {
    // Held while starting, so two runs starting at once share one pcscd.
    let mut shared = SHARED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(pool) = &*shared {
        return Ok(pool.clone());
    }
    let size = match choice {
        // The system pcscd's stock vpcd config offers two readers.
        PcscdChoice::System => {
            mynakit_reader::pcscd::system_readers(&mynakit_reader::pcscd::system_vpcd_config())?
                .len()
                .min(PCSCD_READERS)
        }
        _ => PCSCD_READERS,
    };
    let pool = Arc::new(ReaderPool::start_with(choice, size)?);
    *shared = Some(pool.clone());
    Ok(pool)
}

/// Stops the shared pool's pcscd and removes its directory, once no run uses it. A process
/// calls this as it exits: a `static` is never dropped. This process cannot use PC/SC readers
/// afterwards (libpcsclite keeps the first pcscd's socket).
pub fn release_shared_pcscd() {
    let pool = SHARED.lock().unwrap_or_else(|p| p.into_inner()).take();
    drop(pool);
}

/// Readers to lend.
pub(crate) struct ReaderPool {
    readers: Option<PcscReaders>,
    free: Mutex<Vec<usize>>,
    returned: Condvar,
    in_process: Mutex<usize>,
    /// Who holds the pcscd: shared, or one scenario that stops and starts it alone.
    turns: Turns,
}

impl ReaderPool {
    /// A pool of `size` PC/SC readers behind one managed pcscd, or an in-process pool.
    ///
    /// # Errors
    ///
    /// Why pcscd could not start (not root, package missing, not ready).
    pub(crate) fn start(
        transport: Transport,
        size: usize,
    ) -> Result<ReaderPool, mynakit_reader::PcscdError> {
        match transport {
            Transport::Pcscd => Self::start_with(PcscdChoice::Managed, size),
            _ => Self::start_with(PcscdChoice::InProcess, size),
        }
    }

    /// A pool of `size` readers behind the pcscd `choice` (in-process: no pcscd).
    ///
    /// # Errors
    ///
    /// Why pcscd could not start, or did not list every reader in time (the error names them).
    pub(crate) fn start_with(
        choice: PcscdChoice,
        size: usize,
    ) -> Result<ReaderPool, mynakit_reader::PcscdError> {
        let readers = match choice {
            PcscdChoice::Managed | PcscdChoice::System => {
                let readers = PcscReaders::start(choice, size)?;
                if let Some(pcscd) = readers.pcscd() {
                    pcscd.use_in_this_process();
                    pcscd.wait_for_readers(Duration::from_secs(20))?;
                }
                Some(readers)
            }
            PcscdChoice::InProcess => None,
        };
        let free = readers
            .as_ref()
            .map(|r| (0..r.slots().len()).collect())
            .unwrap_or_default();
        Ok(ReaderPool {
            readers,
            free: Mutex::new(free),
            returned: Condvar::new(),
            in_process: Mutex::new(0),
            turns: Turns::default(),
        })
    }

    /// What carries this pool's readers, as a stack fault sees it
    /// (`mynakit_harness::scenario::stack_faults`): the slots in this process, a managed pcscd
    /// with mynakit's driver or with vpcd, or the system pcscd's vpcd.
    pub(crate) fn link(&self) -> Link {
        match &self.readers {
            None => Link::InProcess,
            Some(PcscReaders::Driver(_)) => Link::IfdDriver,
            Some(PcscReaders::Vpcd(readers)) if readers.pcscd().is_some_and(Pcscd::is_managed) => {
                Link::ManagedVpcd
            }
            Some(PcscReaders::Vpcd(_)) => Link::SystemPcscd,
        }
    }

    /// The environment PC/SC clients need for this pool's pcscd (`PCSCLITE_CSOCK_NAME`).
    pub(crate) fn client_env(&self) -> Vec<(String, String)> {
        self.readers
            .as_ref()
            .and_then(|r| r.pcscd())
            .map(|p| p.client_env())
            .unwrap_or_default()
    }

    /// How many readers one scenario may borrow at most.
    pub(crate) fn capacity(&self) -> usize {
        self.readers
            .as_ref()
            .map_or(usize::MAX, |r| r.slots().len())
    }

    /// Whether its readers can be PIN pads (`docs/reader.md`, "A PIN-pad reader"): in-process
    /// and through mynakit's reader driver; vpcd's protocol has no control codes.
    pub(crate) fn offers_pin_pads(&self) -> bool {
        match &self.readers {
            None | Some(PcscReaders::Driver(_)) => true,
            Some(PcscReaders::Vpcd(_)) => false,
        }
    }

    /// Borrows `count` readers, waiting until that many are free (and no scenario has the
    /// pcscd alone: [`ReaderPool::lend_alone`]).
    pub(crate) fn lend(&self, count: usize) -> Loan<'_> {
        self.lend_with(count, false)
    }

    /// Borrows `count` readers for a scenario that stops and starts the pcscd (`stack-restart`):
    /// once no other scenario of the process holds a reader of it, and no other begins until
    /// this loan is given back, its readers' names restored (`docs/reader.md`, "pcscd stops
    /// and starts again"). In-process as [`ReaderPool::lend`]: the slots are the scenario's own.
    pub(crate) fn lend_alone(&self, count: usize) -> Loan<'_> {
        self.lend_with(count, true)
    }

    fn lend_with(&self, count: usize, alone: bool) -> Loan<'_> {
        let Some(readers) = &self.readers else {
            let mut next = self.in_process.lock().unwrap_or_else(|p| p.into_inner());
            let slots = (0..count)
                .map(|i| {
                    let index = *next + i;
                    Arc::new(Slot::new(
                        index,
                        format!("mynakit in-process {index}"),
                        mynakit_reader::ReaderProfile::Contact,
                        mynakit_timeline::Timeline::default(),
                    ))
                })
                .collect();
            *next += count;
            return Loan {
                pool: self,
                indices: Vec::new(),
                slots,
                _turn: None,
            };
        };
        let turn = if alone {
            self.turns.alone()
        } else {
            self.turns.share()
        };
        let mut free = self.free.lock().unwrap_or_else(|p| p.into_inner());
        while free.len() < count {
            free = self.returned.wait(free).unwrap_or_else(|p| p.into_inner());
        }
        // The readers given back longest ago first: PC/SC has most likely seen them empty.
        let indices: Vec<usize> = free.drain(..count).collect();
        drop(free);
        let all = readers.slots();
        let slots: Vec<Arc<Slot>> = indices.iter().map(|&i| all[i].clone()).collect();
        // A reader is given back empty without waiting for PC/SC to see it so (`Loan::drop`);
        // here the borrower waits for that, if it has not happened yet. A reader PC/SC still
        // shows with a card fails its scenario at the insertion or the client's first look.
        for slot in &slots {
            let _ = readers.remove_from(slot);
        }
        Loan {
            pool: self,
            indices,
            slots,
            _turn: Some(turn),
        }
    }

    /// Puts a card in a borrowed reader and, with pcscd, waits until PC/SC sees it
    /// ([`Readers::insert_into`]).
    ///
    /// # Errors
    ///
    /// pcscd did not see the card in time.
    pub(crate) fn insert(
        &self,
        slot: &Slot,
        card: mynakit_emulator::Card,
        persona: &str,
    ) -> Result<(), mynakit_reader::PcscdError> {
        match &self.readers {
            Some(readers) => readers.insert_into(slot, card, persona),
            None => {
                slot.insert(card, persona);
                Ok(())
            }
        }
    }
}

impl ReaderPool {
    /// Another program's exclusive connection to `slot`'s reader (the `held` card fault): over
    /// a pcscd a real one from this process ([`mynakit_reader::ExclusiveHold`]); in-process
    /// `None`, the slot alone refusing connections ([`Slot::hold_elsewhere`]).
    ///
    /// # Errors
    ///
    /// PC/SC refused the exclusive connection for `within`.
    pub(crate) fn hold_exclusively(
        &self,
        slot: &Slot,
        within: Duration,
    ) -> Result<Option<mynakit_reader::ExclusiveHold>, mynakit_reader::HoldError> {
        match &self.readers {
            Some(_) => mynakit_reader::ExclusiveHold::take(slot.reader(), within).map(Some),
            None => Ok(None),
        }
    }

    /// Gives the other program of a `held` fault with `how: transaction` its own shared
    /// connection to `slot`'s reader, over this pool's pcscd ([`mynakit_reader::TransactionHold`]);
    /// in-process the slot models it and nothing changes. A connection refused for `within`
    /// leaves the reader without one: the transaction is then never begun, and the fault never
    /// fires.
    pub(crate) fn connect_other_program(&self, slot: &Slot, within: Duration) {
        if self.readers.is_none() {
            return;
        }
        let other = match mynakit_reader::TransactionHold::connect(slot.reader(), within) {
            Ok(hold) => mynakit_reader::OtherProgram::Pcsc(hold),
            Err(_) => mynakit_reader::OtherProgram::Unreachable,
        };
        slot.set_other_program(other);
    }
}

/// Readers borrowed by one scenario; given back (emptied, hooks and latency cleared) on drop.
pub(crate) struct Loan<'a> {
    pool: &'a ReaderPool,
    indices: Vec<usize>,
    slots: Vec<Arc<Slot>>,
    /// Its turn at the pcscd, given back after the readers (a field drops after `drop` ran).
    _turn: Option<Turn<'a>>,
}

impl Loan<'_> {
    /// The borrowed readers, in the scenario's order.
    pub(crate) fn slots(&self) -> &[Arc<Slot>] {
        &self.slots
    }
}

impl Drop for Loan<'_> {
    /// Gives the readers back emptied, without waiting for PC/SC to see them empty (pcscd polls
    /// vpcd every 400 ms): the next borrower waits for that ([`ReaderPool::lend`]), and with
    /// more readers than jobs it rarely has to (docs/performance.md).
    fn drop(&mut self) {
        for slot in &self.slots {
            slot.set_hook(None);
            slot.set_latency(Latency::NONE);
            slot.set_jitter(None);
            slot.set_pause(None);
            slot.set_short_apdus_only(None);
            slot.set_pin_pad(None);
            // An `unplug` fault's reader is plugged back in, empty, for the next scenario.
            slot.replug();
            // An `unavailable` fault's reader that the scenario outlived answers again.
            slot.set_available();
            // A `stack-restart` fault's reader listed under its own name again, and the service
            // that the scenario outlived back: over the managed pcscd, started again with the
            // pool's first configuration (the other readers are idle: such a scenario runs
            // alone, `schedule::run_all`).
            slot.forget_listed_name();
            slot.start_service(None);
            // A `held` fault's other program that the scenario outlived has let go.
            slot.release_elsewhere();
            slot.set_other_program(mynakit_reader::OtherProgram::Modelled);
            slot.remove();
            slot.set_timeline(mynakit_timeline::Timeline::default());
            slot.set_profile(mynakit_reader::ReaderProfile::Contact);
        }
        if self.indices.is_empty() {
            return;
        }
        let mut free = self.pool.free.lock().unwrap_or_else(|p| p.into_inner());
        free.append(&mut self.indices);
        drop(free);
        self.pool.returned.notify_all();
    }
}

/// How long after a client's result its card's power-off may still be on its way (the check
/// `APDU-release` allows as much, `conformance/src/apdu/discipline.rs`).
const POWER_OFF_IN_FLIGHT: Duration = Duration::from_millis(500);

/// Over pcscd, waits (at most [`POWER_OFF_IN_FLIGHT`]) until no card the client sent commands
/// to (`events`) is still powered. pcscd passes `SCARD_UNPOWER_CARD` on to vpcd without waiting
/// for it, so a client's disconnect returns, and its result follows, before the card is off
/// (`APDU-release` in `conformance/src/apdu/discipline.rs`). A client on a thread of this process ends at
/// once, unlike a process, and the world's timeline would be taken before the power-off arrived.
pub(crate) fn await_power_off(slots: &[Arc<Slot>], events: &[mynakit_timeline::Event]) {
    let used: Vec<&Arc<Slot>> = slots
        .iter()
        .filter(|slot| {
            events.iter().any(|e| {
                matches!(&e.kind, mynakit_timeline::EventKind::Apdu { reader, .. }
                    if reader == slot.reader())
            })
        })
        .collect();
    let start = std::time::Instant::now();
    while used
        .iter()
        .any(|slot| slot.with_card(mynakit_emulator::Card::is_powered) == Some(true))
        && start.elapsed() < POWER_OFF_IN_FLIGHT
    {
        std::thread::sleep(Duration::from_millis(2));
    }
}
