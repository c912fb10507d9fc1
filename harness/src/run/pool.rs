//! The readers a run lends to its scenarios. With pcscd, one managed pcscd carries every
//! reader of the run (starting one per scenario would cost a second each, and one process can
//! talk to only one pcscd); each scenario borrows readers of its own, so scenarios running in
//! parallel never share a card. In-process, each loan is a fresh slot.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use mynakit_reader::{Latency, PcscdChoice, Readers, ReadersConfig, Slot};

/// Which card transport the run uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Transport {
    /// In-process for the built-in reference client (fast, needs nothing installed); a managed
    /// pcscd for a client command, which can only reach the cards through PC/SC.
    Auto,
    /// A managed pcscd with vsmartcard-vpcd (root only): the client is any PC/SC program.
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

/// How many readers the shared pcscd serves: two vpcd entries of two readers each, so that two
/// scenarios run at once and the readers of scenarios that pull a card mid-command (used once,
/// see [`Loan::retire`]) leave enough for the rest.
pub(crate) const PCSCD_READERS: usize = 4;

/// The process's pool of PC/SC readers: one managed pcscd with [`PCSCD_READERS`] readers,
/// started on first use and kept until the process ends (libpcsclite talks to one pcscd per
/// process, so every run of this process shares it).
///
/// # Errors
///
/// Why pcscd could not start (not root, package missing, not ready); asked again next time.
pub(crate) fn shared_pcscd() -> Result<&'static ReaderPool, mynakit_reader::PcscdError> {
    static POOL: std::sync::OnceLock<ReaderPool> = std::sync::OnceLock::new();
    static STARTING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = STARTING.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(pool) = POOL.get() {
        return Ok(pool);
    }
    let pool = ReaderPool::start(Transport::Pcscd, PCSCD_READERS)?;
    Ok(POOL.get_or_init(|| pool))
}

/// Readers to lend.
pub(crate) struct ReaderPool {
    readers: Option<Readers>,
    free: Mutex<Vec<usize>>,
    /// Readers never lent again (see [`Loan::retire`]).
    retired: Mutex<usize>,
    returned: Condvar,
    in_process: Mutex<usize>,
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
        let readers = match transport {
            Transport::Pcscd => {
                let readers = Readers::start(ReadersConfig {
                    slots: size,
                    pcscd: PcscdChoice::Managed,
                    ..Default::default()
                })?;
                if let Some(pcscd) = readers.pcscd() {
                    pcscd.use_in_this_process();
                    pcscd.wait_for_readers(Duration::from_secs(20))?;
                }
                Some(readers)
            }
            _ => None,
        };
        let free = readers
            .as_ref()
            .map(|r| (0..r.slots().len()).rev().collect())
            .unwrap_or_default();
        Ok(ReaderPool {
            readers,
            free: Mutex::new(free),
            retired: Mutex::new(0),
            returned: Condvar::new(),
            in_process: Mutex::new(0),
        })
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

    /// How many readers can still be lent, now or once their loans end (unbounded
    /// in-process).
    pub(crate) fn usable(&self) -> usize {
        match &self.readers {
            Some(r) => r
                .slots()
                .len()
                .saturating_sub(*self.retired.lock().unwrap_or_else(|p| p.into_inner())),
            None => usize::MAX,
        }
    }

    /// Borrows `count` readers, waiting until that many are free.
    pub(crate) fn lend(&self, count: usize) -> Loan<'_> {
        let Some(readers) = &self.readers else {
            let mut next = self.in_process.lock().unwrap_or_else(|p| p.into_inner());
            let slots = (0..count)
                .map(|i| {
                    let index = *next + i;
                    Arc::new(Slot::new(
                        index,
                        format!("mynakit in-process {index}"),
                        mynakit_reader::ReaderProfile::Contact,
                        mynakit_fixtures::timeline::Timeline::default(),
                    ))
                })
                .collect();
            *next += count;
            return Loan {
                pool: self,
                indices: Vec::new(),
                slots,
                retire: false,
            };
        };
        let mut free = self.free.lock().unwrap_or_else(|p| p.into_inner());
        while free.len() < count {
            free = self.returned.wait(free).unwrap_or_else(|p| p.into_inner());
        }
        let at = free.len() - count;
        let indices: Vec<usize> = free.split_off(at);
        let slots = indices
            .iter()
            .map(|&i| readers.slots()[i].clone())
            .collect();
        Loan {
            pool: self,
            indices,
            slots,
            retire: false,
        }
    }

    /// Puts a card in a borrowed reader and, with pcscd, waits until PC/SC sees it.
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
        slot.insert(card, persona);
        self.wait_visible(slot, true)
    }

    /// Takes the card out of a borrowed reader and, with pcscd, waits until PC/SC sees it gone.
    ///
    /// # Errors
    ///
    /// pcscd did not see the removal in time.
    pub(crate) fn remove(&self, slot: &Slot) -> Result<(), mynakit_reader::PcscdError> {
        slot.remove();
        self.wait_visible(slot, false)
    }

    fn wait_visible(&self, slot: &Slot, present: bool) -> Result<(), mynakit_reader::PcscdError> {
        match self.readers.as_ref().and_then(|r| r.pcscd()) {
            Some(pcscd) => pcscd
                .wait_for_card(slot.reader(), present, Duration::from_secs(5))
                .map_err(|e| match e {
                    mynakit_reader::PcscdError::NotReady { waited, detail } => {
                        mynakit_reader::PcscdError::NotReady {
                            waited,
                            detail: format!(
                                "{} {}: {detail}; pcscd's log ends: {}",
                                slot.reader(),
                                if present { "card present" } else { "card gone" },
                                pcscd.log_tail()
                            ),
                        }
                    }
                    other => other,
                }),
            None => Ok(()),
        }
    }
}

/// Readers borrowed by one scenario; given back (emptied, hooks and latency cleared) on drop.
pub(crate) struct Loan<'a> {
    pool: &'a ReaderPool,
    indices: Vec<usize>,
    slots: Vec<Arc<Slot>>,
    retire: bool,
}

impl Loan<'_> {
    /// The borrowed readers, in the scenario's order.
    pub(crate) fn slots(&self) -> &[Arc<Slot>] {
        &self.slots
    }

    /// Never lend these readers again. A card pulled while vpcd waits for its answer leaves
    /// Debian's vpcd driver unable to accept the next card on that port (`docs/reader.md`,
    /// "Known limits"), so a scenario that pulls a card mid-command uses its readers once.
    pub(crate) fn retire(&mut self) {
        self.retire = true;
    }
}

impl Drop for Loan<'_> {
    fn drop(&mut self) {
        for slot in &self.slots {
            slot.set_hook(None);
            slot.set_latency(Latency::NONE);
            let _ = self.pool.remove(slot);
            slot.set_timeline(mynakit_fixtures::timeline::Timeline::default());
            slot.set_profile(mynakit_reader::ReaderProfile::Contact);
        }
        if self.indices.is_empty() {
            return;
        }
        if self.retire {
            *self.pool.retired.lock().unwrap_or_else(|p| p.into_inner()) += self.indices.len();
            return;
        }
        let mut free = self.pool.free.lock().unwrap_or_else(|p| p.into_inner());
        free.append(&mut self.indices);
        drop(free);
        self.pool.returned.notify_all();
    }
}
