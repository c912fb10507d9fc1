//! mynakit's own reader driver behind the managed pcscd, for what vpcd cannot do: report a
//! card's presence truthfully at every poll, fail one command in transit
//! (`IFD_COMMUNICATION_ERROR`), make the reader unavailable by failing pcscd's presence poll, and
//! be a PIN pad (PC/SC Part 10 `FEATURE_VERIFY_PIN_DIRECT`, `FEATURE_MODIFY_PIN_DIRECT`).
//!
//! The driver (`reader/ifd/`, C, built with this crate and inside every mynakit binary:
//! [`Driver`]) decides nothing: it forwards
//! each of pcscd's calls over a Unix socket in the managed pcscd's private folder, and this
//! module answers from the slot, so the C stays small and every decision is Rust. The wire:
//! [`wire`]; the pad: [`PinPad`] (shared with the in-process slot, `crate::pinpad`); how pcsc-lite turns each answer into what a client sees:
//! `docs/reader.md`, "The mynakit reader driver".

mod driver;
mod server;
mod service;
mod wire;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use mynakit_timeline::Timeline;

pub use crate::pinpad::PinPad;

use crate::pcscd::{Pcscd, PcscdError, ReaderPort};
use crate::profile::ReaderProfile;
use crate::slot::Slot;

pub use driver::{Driver, DRIVER_ENV};

/// Why mynakit's driver readers could not start.
#[derive(Debug, thiserror::Error)]
pub enum IfdError {
    /// The driver `$MYNAKIT_IFD_DRIVER` names is not there (the embedded one always is).
    #[error("mynakit's reader driver {path} is missing: {DRIVER_ENV} names it; unset {DRIVER_ENV} to use the driver inside mynakit")]
    DriverMissing {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// The managed pcscd could not start.
    #[error(transparent)]
    Pcscd(#[from] PcscdError),
    /// A socket or file in the pcscd's folder.
    #[error("mynakit's reader driver: {0}")]
    Io(#[from] std::io::Error),
}

/// How to set up readers served by mynakit's driver.
#[derive(Clone, Debug)]
pub struct IfdConfig {
    /// How many readers (at least one); each is one reader.conf entry with one slot.
    pub slots: usize,
    /// Contact or contactless.
    pub profile: ReaderProfile,
    /// Where events go.
    pub timeline: Timeline,
    /// A PIN pad on every reader, or none (a slot's own can be set later:
    /// [`Slot::set_pin_pad`]).
    pub pad: Option<PinPad>,
}

impl Default for IfdConfig {
    fn default() -> Self {
        IfdConfig {
            slots: 1,
            profile: ReaderProfile::Contact,
            timeline: Timeline::default(),
            pad: None,
        }
    }
}

/// What the reader (not the card) does wrong, set while a client runs.
#[derive(Default)]
pub struct StackFaults {
    /// The next command this matches fails in transit; then the rule is spent.
    fail_command: Mutex<Option<CommandMatcher>>,
    /// pcscd's presence polls fail.
    unavailable: AtomicBool,
}

/// Chooses the command to fail.
pub type CommandMatcher = Box<dyn FnMut(&[u8]) -> bool + Send>;

impl std::fmt::Debug for StackFaults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StackFaults")
            .field("unavailable", &self.is_unavailable())
            .finish_non_exhaustive()
    }
}

impl StackFaults {
    /// The next command `matches` accepts fails with `IFD_COMMUNICATION_ERROR`, before the card
    /// sees it; the client's `SCardTransmit` returns `SCARD_E_NOT_TRANSACTED`.
    pub fn fail_command(&self, matches: CommandMatcher) {
        *lock(&self.fail_command) = Some(matches);
    }

    /// Whether `apdu` is the command to fail (spending the rule if so).
    pub(crate) fn take_failure(&self, apdu: &[u8]) -> bool {
        let mut rule = lock(&self.fail_command);
        let hit = rule.as_mut().is_some_and(|matches| matches(apdu));
        if hit {
            *rule = None;
        }
        hit
    }

    /// Fails (`true`) or answers again (`false`) pcscd's presence polls.
    pub fn set_unavailable(&self, unavailable: bool) {
        self.unavailable.store(unavailable, Ordering::SeqCst);
    }

    /// Whether the presence polls fail.
    pub fn is_unavailable(&self) -> bool {
        self.unavailable.load(Ordering::SeqCst)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// One reader: its slot (with its PIN pad, [`Slot::set_pin_pad`]) and its faults.
pub(crate) struct Reader {
    pub(crate) slot: Arc<Slot>,
    pub(crate) faults: Arc<StackFaults>,
}

/// Running readers behind a managed pcscd that loads mynakit's driver. Dropping it stops the
/// servers, then the pcscd.
pub struct IfdReaders {
    readers: Vec<Arc<Reader>>,
    servers: Vec<server::Server>,
    /// Shared with the slots' [`crate::PcscService`], which stops and starts it again (a
    /// scenario's `stack-restart`); held weakly there, so it goes with these readers.
    pcscd: Arc<Pcscd>,
}

impl IfdReaders {
    /// Starts a managed pcscd with one mynakit driver entry per slot, named `mynakit IFD A 00 00`,
    /// `mynakit IFD B 00 00`, …; [`Pcscd::wait_for_readers`] waits until PC/SC lists them.
    pub fn start(config: IfdConfig) -> Result<IfdReaders, IfdError> {
        let driver = Driver::find();
        if let Driver::Named(path) = &driver {
            if !path.is_file() {
                return Err(IfdError::DriverMissing { path: path.clone() });
            }
        }
        let count = config.slots.max(1);
        let ports: Vec<ReaderPort> = (0..count)
            .map(|i| ReaderPort {
                name: format!("{} 00 00", friendly_name(i)),
                addr: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            })
            .collect();
        let readers: Vec<Arc<Reader>> = ports
            .iter()
            .enumerate()
            .map(|(i, port)| {
                let slot = Slot::new(
                    i,
                    port.name.clone(),
                    config.profile.clone(),
                    config.timeline.clone(),
                );
                slot.set_pin_pad(config.pad.clone());
                Arc::new(Reader {
                    slot: Arc::new(slot),
                    faults: Arc::new(StackFaults::default()),
                })
            })
            .collect();
        let mut servers = Vec::new();
        let mut folder = PathBuf::new();
        let pcscd = Pcscd::managed_with(&ports, false, |dir, conf| {
            folder = dir.to_owned();
            let mut text = String::new();
            for (i, reader) in readers.iter().enumerate() {
                // A copy of the driver per entry, as for vpcd ("Known limits" in
                // docs/reader.md): pcscd 1.9.9 lists only the first of several entries that
                // share one library path.
                driver.write_to(&library_in(dir, i))?;
                servers.push(server::Server::start(reader.clone(), &socket_in(dir, i))?);
                text.push_str(&entry_in(dir, i, &friendly_name(i)));
            }
            std::fs::write(conf.join(CONFIG_FILE), text)
        })?;
        let pcscd = Arc::new(pcscd);
        let slots: Vec<Arc<Slot>> = readers.iter().map(|r| r.slot.clone()).collect();
        service::attach(
            Arc::new(service::Service {
                pcscd: Arc::downgrade(&pcscd),
                dir: folder,
                slots: slots.iter().map(Arc::downgrade).collect(),
            }),
            &slots,
        );
        Ok(IfdReaders {
            readers,
            servers,
            pcscd,
        })
    }

    /// The slots, in reader order.
    pub fn slots(&self) -> Vec<Arc<Slot>> {
        self.readers.iter().map(|r| r.slot.clone()).collect()
    }

    /// The stack faults of reader `index`.
    pub fn faults(&self, index: usize) -> Option<Arc<StackFaults>> {
        self.readers.get(index).map(|r| r.faults.clone())
    }

    /// The pcscd.
    pub fn pcscd(&self) -> &Pcscd {
        &self.pcscd
    }

    /// Puts a card in `slot` (one of these readers) and waits until PC/SC sees it, as
    /// [`crate::Readers::insert_into`] does; a card already there is taken out first, and PC/SC
    /// must see the reader empty before the new one goes in (a swap a client can see).
    pub fn insert_into(
        &self,
        slot: &Slot,
        card: mynakit_emulator::Card,
        persona: &str,
    ) -> Result<(), PcscdError> {
        self.remove_from(slot)?;
        slot.insert(card, persona);
        crate::readers::wait_visible(&self.pcscd, slot, true)
    }

    /// Takes the card out of `slot` and waits until PC/SC shows the reader empty (pcscd learns
    /// of it at its next presence poll, within 400 ms). Returns whether there was a card.
    pub fn remove_from(&self, slot: &Slot) -> Result<bool, PcscdError> {
        let had = slot.remove();
        crate::readers::wait_visible(&self.pcscd, slot, false)?;
        Ok(had)
    }
}

impl Drop for IfdReaders {
    fn drop(&mut self) {
        // The servers first, so the driver's calls fail fast while pcscd stops; all asked at
        // once, so that the run's end waits one poll, not one per reader (as `Readers` does
        // with its links).
        for server in &self.servers {
            server.request_stop();
        }
        self.servers.clear();
    }
}

/// `mynakit IFD A`, `mynakit IFD B`, … (then `mynakit IFD 26`, …).
fn friendly_name(index: usize) -> String {
    match u8::try_from(index).ok().filter(|i| *i < 26) {
        Some(i) => format!("mynakit IFD {}", char::from(b'A' + i)),
        None => format!("mynakit IFD {index}"),
    }
}

/// The reader config's file in the pcscd's `reader.conf.d`.
const CONFIG_FILE: &str = "mynakit-ifd";

/// Reader `index`'s copy of the driver in the pcscd's folder `dir`.
fn library_in(dir: &Path, index: usize) -> PathBuf {
    dir.join(format!("libifdmynakit-{index}.so"))
}

/// Reader `index`'s socket in the pcscd's folder `dir`.
fn socket_in(dir: &Path, index: usize) -> PathBuf {
    dir.join(format!("ifd-{index}.sock"))
}

/// Reader `index`'s reader.conf entry, named `friendly`: the driver finds its socket in
/// `DEVICENAME` (`IFDHCreateChannelByName`, pcsc-lite's `ifdhandler.h`).
fn entry_in(dir: &Path, index: usize, friendly: &str) -> String {
    format!(
        "FRIENDLYNAME \"{friendly}\"\nDEVICENAME   {}\nLIBPATH      {}\nCHANNELID    0\n\n",
        socket_in(dir, index).display(),
        library_in(dir, index).display()
    )
}
