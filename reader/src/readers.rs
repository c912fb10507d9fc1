//! A set of virtual readers: slots, their vpcd links and the pcscd behind them.
//!
//! ```no_run
//! use mynakit_reader::{Readers, ReadersConfig, PcscdChoice};
//!
//! let readers = Readers::start(ReadersConfig { slots: 2, pcscd: PcscdChoice::Managed, ..Default::default() })?;
//! for slot in readers.slots() {
//!     println!("{}", slot.reader()); // "mynakit A 00 00", "mynakit A 00 01"
//! }
//! # Ok::<(), mynakit_reader::PcscdError>(())
//! ```

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use mynakit_emulator::Card;
use mynakit_timeline::Timeline;

use crate::link::{Endpoint, Link};
use crate::pcscd::{self, Pcscd, PcscdError};
use crate::profile::ReaderProfile;
use crate::slot::Slot;

/// Which pcscd carries the readers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PcscdChoice {
    /// A private pcscd mynakit starts in namespaces of its own (as root, or as any user where
    /// unprivileged user namespaces are allowed); readers `mynakit A 00 00`, ….
    #[default]
    Managed,
    /// The system pcscd with Debian's vpcd config (two readers, `Virtual PCD 00 00/01`; asking
    /// for more is an error).
    System,
    /// No pcscd: slots for in-process clients only ([`Slot::transmit`]).
    InProcess,
}

impl PcscdChoice {
    /// What `--pcscd auto` means: a managed pcscd where one can run here (root, or a user
    /// allowed user namespaces), else the system pcscd when one is running, else managed again
    /// so that the error says what a managed one lacks.
    pub fn auto() -> PcscdChoice {
        let system_runs = Path::new(
            &std::env::var_os(pcscd::SOCKET_ENV).unwrap_or_else(|| pcscd::SYSTEM_SOCKET.into()),
        )
        .exists();
        match Pcscd::can_run_managed() {
            Err(_) if system_runs => PcscdChoice::System,
            _ => PcscdChoice::Managed,
        }
    }
}

/// How to set up the readers.
#[derive(Clone, Debug)]
pub struct ReadersConfig {
    /// How many readers (at least one). A managed pcscd rounds it up to an even number, since
    /// each vpcd entry gives PC/SC two readers; the system pcscd refuses more than its config
    /// offers.
    pub slots: usize,
    /// Which pcscd.
    pub pcscd: PcscdChoice,
    /// Contact or contactless.
    pub profile: ReaderProfile,
    /// Where events go.
    pub timeline: Timeline,
    /// How long to wait for pcscd to list the readers.
    pub ready_timeout: Duration,
    /// vpcd drivers on other hosts (`mynakit serve --vpcd HOST:PORT`): when not empty, the
    /// readers are these, one each, named `vpcd HOST:PORT`, and no local pcscd is used (the
    /// other host's PC/SC stack lists them); `pcscd` and `slots` are ignored.
    pub remote: Vec<std::net::SocketAddr>,
    /// Start a managed pcscd with `--debug --apdu`, its log in [`Pcscd::log_path`]: for
    /// capturing the pcscd debug logs `mynakit import pcscd-log` reads (`docs/import.md`).
    /// That log holds every APDU **with PINs in clear**: only for synthetic cards and tests.
    /// Default `false`; ignored for the system pcscd.
    pub apdu_log: bool,
}

impl Default for ReadersConfig {
    fn default() -> Self {
        ReadersConfig {
            slots: 1,
            pcscd: PcscdChoice::default(),
            profile: ReaderProfile::Contact,
            timeline: Timeline::default(),
            ready_timeout: Duration::from_secs(10),
            remote: Vec::new(),
            apdu_log: false,
        }
    }
}

/// Running virtual readers. Dropping it stops the links, then the pcscd (if managed).
pub struct Readers {
    slots: Vec<Arc<Slot>>,
    links: Vec<Link>,
    pcscd: Option<Pcscd>,
}

impl Readers {
    /// Starts the readers and, unless in-process, waits until PC/SC lists them.
    pub fn start(config: ReadersConfig) -> Result<Readers, PcscdError> {
        if !config.remote.is_empty() {
            let slots = make_slots(&config, config.remote.iter().map(|a| format!("vpcd {a}")));
            let links = config
                .remote
                .iter()
                .zip(&slots)
                .map(|(addr, slot)| Link::start_remote(slot.clone(), *addr))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Readers {
                slots,
                links,
                pcscd: None,
            });
        }
        if config.pcscd == PcscdChoice::InProcess {
            let slots = (0..config.slots.max(1))
                .map(|i| {
                    Arc::new(Slot::new(
                        i,
                        format!("mynakit in-process {i}"),
                        config.profile.clone(),
                        config.timeline.clone(),
                    ))
                })
                .collect();
            return Ok(Readers {
                slots,
                links: Vec::new(),
                pcscd: None,
            });
        }
        let pcscd = if config.pcscd == PcscdChoice::System {
            let config_path = pcscd::system_vpcd_config();
            let offered = pcscd::system_readers(&config_path)?;
            if config.slots > offered.len() {
                return Err(PcscdError::TooManySlots {
                    asked: config.slots,
                    offered: offered.len(),
                    names: offered
                        .iter()
                        .map(|r| r.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    config: config_path,
                });
            }
            Pcscd::system()?
        } else {
            Pcscd::managed_logging(config.slots, config.apdu_log)?
        };
        // The system pcscd's other readers are left to whoever else uses them; a managed one's
        // are all ours, and all listed by PC/SC, so every one gets a slot.
        let count = if pcscd.is_managed() {
            pcscd.readers().len()
        } else {
            config.slots.max(1)
        };
        let ports = &pcscd.readers()[..count];
        let slots = make_slots(&config, ports.iter().map(|p| p.name.clone()));
        let links = ports
            .iter()
            .zip(&slots)
            .map(|(port, slot)| match pcscd.namespace() {
                Some(namespace) => Link::start_in(slot.clone(), port.addr, namespace.clone()),
                None => Link::start(slot.clone(), Endpoint::Connect(port.addr)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Readers {
            slots,
            links,
            pcscd: Some(pcscd),
        })
    }

    /// The slots, in order.
    pub fn slots(&self) -> &[Arc<Slot>] {
        &self.slots
    }

    /// The slot whose reader is called `name`, or whose index is `name`.
    pub fn slot(&self, name: &str) -> Option<&Arc<Slot>> {
        self.slots
            .iter()
            .find(|s| s.reader() == name)
            .or_else(|| name.parse::<usize>().ok().and_then(|i| self.slots.get(i)))
    }

    /// Inserts a card into slot `index` and, with a pcscd, waits until PC/SC sees it, so that
    /// a client acting next finds it. Returns false if there is no such slot.
    ///
    /// With a pcscd, the new card goes in only once PC/SC sees the reader empty: a card already
    /// in the slot is taken out first (a swap), and a removal pcscd has not polled yet is waited
    /// for. Swapping in place would show pcscd, which polls every 400 ms, a reset at most:
    /// a handle held across the swap failed with `SCARD_W_RESET_CARD` and a fresh connection's
    /// first command with `SCARD_E_NOT_TRANSACTED`. This way the old handle fails with
    /// `SCARD_W_REMOVED_CARD`, as with a real reader, and a fresh connection works.
    pub fn insert(&self, index: usize, card: Card, persona: &str) -> Result<bool, PcscdError> {
        let Some(slot) = self.slots.get(index) else {
            return Ok(false);
        };
        self.insert_into(slot, card, persona)?;
        Ok(true)
    }

    /// [`Readers::insert`] for a slot of these readers given by reference (a runner lends
    /// slots, not indices).
    pub fn insert_into(&self, slot: &Slot, card: Card, persona: &str) -> Result<(), PcscdError> {
        if self.pcscd.is_some() {
            self.remove_from(slot)?;
        }
        slot.insert(card, persona);
        self.wait_visible(slot, true)
    }

    /// Removes the card from slot `index` and, with a pcscd, waits until PC/SC sees it gone:
    /// a real reader's card-detect switch reports removal at once, while pcscd learns of it by
    /// polling vpcd every 400 ms. After this returns, a client's next command on the card fails
    /// with `SCARD_W_REMOVED_CARD`. Returns whether there was a card; `Ok(false)` also when there
    /// is no such slot.
    pub fn remove(&self, index: usize) -> Result<bool, PcscdError> {
        match self.slots.get(index) {
            Some(slot) => self.remove_from(slot),
            None => Ok(false),
        }
    }

    /// [`Readers::remove`] for a slot given by reference.
    pub fn remove_from(&self, slot: &Slot) -> Result<bool, PcscdError> {
        let had = slot.remove();
        self.wait_visible(slot, false)?;
        Ok(had)
    }

    /// Unplugs reader `index` ([`Slot::unplug`]: the reader leaves with its card) and, with a
    /// pcscd, waits until PC/SC shows it empty: Debian's vpcd cannot take it off pcscd's list
    /// (`docs/reader.md`, "Unplugged readers"). Returns whether it was plugged in; `Ok(false)`
    /// also when there is no such slot.
    pub fn unplug(&self, index: usize) -> Result<bool, PcscdError> {
        let Some(slot) = self.slots.get(index) else {
            return Ok(false);
        };
        let was = slot.unplug();
        self.wait_visible(slot, false)?;
        Ok(was)
    }

    fn wait_visible(&self, slot: &Slot, present: bool) -> Result<(), PcscdError> {
        match &self.pcscd {
            Some(pcscd) => wait_visible(pcscd, slot, present),
            None => Ok(()),
        }
    }

    /// The pcscd, if any.
    pub fn pcscd(&self) -> Option<&Pcscd> {
        self.pcscd.as_ref()
    }

    /// How many vpcd links run.
    pub fn link_count(&self) -> usize {
        self.links.len()
    }
}

impl Drop for Readers {
    fn drop(&mut self) {
        // The fields drop next: the links (joined), then the pcscd. Stopping every link first
        // lets them wind down together.
        for link in &self.links {
            link.request_stop();
        }
    }
}

/// pcscd polls every 400 ms; a few polls is plenty on a loaded machine.
const VISIBLE_WITHIN: Duration = Duration::from_secs(5);

/// Waits until PC/SC shows `slot`'s reader with a card (`present`) or empty; the error names the
/// reader, what was awaited and the end of pcscd's log. Shared by vpcd's readers and mynakit's
/// driver's ([`crate::ifd::IfdReaders`]).
pub(crate) fn wait_visible(pcscd: &Pcscd, slot: &Slot, present: bool) -> Result<(), PcscdError> {
    pcscd
        .wait_for_card(slot.reader(), present, VISIBLE_WITHIN)
        .map_err(|e| match e {
            PcscdError::NotReady { waited, detail } => PcscdError::NotReady {
                waited,
                detail: format!(
                    "{} {}: {detail}; pcscd's log ends: {}",
                    slot.reader(),
                    if present { "card present" } else { "card gone" },
                    pcscd.log_tail()
                ),
            },
            other => other,
        })
}

fn make_slots(config: &ReadersConfig, names: impl Iterator<Item = String>) -> Vec<Arc<Slot>> {
    names
        .enumerate()
        .map(|(i, name)| {
            Arc::new(Slot::new(
                i,
                name,
                config.profile.clone(),
                config.timeline.clone(),
            ))
        })
        .collect()
}
