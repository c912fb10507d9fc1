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

use std::sync::Arc;
use std::time::Duration;

use mynakit_emulator::Card;
use mynakit_fixtures::timeline::Timeline;

use crate::link::{Endpoint, Link};
use crate::pcscd::{Pcscd, PcscdError};
use crate::profile::ReaderProfile;
use crate::slot::Slot;

/// Which pcscd carries the readers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PcscdChoice {
    /// A private pcscd mynakit starts (root only); readers `mynakit A 00 00`, ….
    #[default]
    Managed,
    /// The system pcscd with Debian's vpcd config (two readers, `Virtual PCD 00 00/01`).
    System,
    /// No pcscd: slots for in-process clients only ([`Slot::transmit`]).
    InProcess,
}

/// How to set up the readers.
#[derive(Clone, Debug)]
pub struct ReadersConfig {
    /// How many readers.
    pub slots: usize,
    /// Which pcscd.
    pub pcscd: PcscdChoice,
    /// Contact or contactless.
    pub profile: ReaderProfile,
    /// Where events go.
    pub timeline: Timeline,
    /// How long to wait for pcscd to list the readers.
    pub ready_timeout: Duration,
}

impl Default for ReadersConfig {
    fn default() -> Self {
        ReadersConfig {
            slots: 1,
            pcscd: PcscdChoice::default(),
            profile: ReaderProfile::Contact,
            timeline: Timeline::default(),
            ready_timeout: Duration::from_secs(10),
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
            Pcscd::system()?
        } else {
            Pcscd::managed(config.slots)?
        };
        let ports = pcscd.readers().to_vec();
        let slots = make_slots(
            &config,
            ports
                .iter()
                .take(config.slots.max(1))
                .map(|p| p.name.clone()),
        );
        let links = ports
            .iter()
            .zip(&slots)
            .map(|(port, slot)| Link::start(slot.clone(), Endpoint::Connect(port.addr)))
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
    pub fn insert(&self, index: usize, card: Card, persona: &str) -> Result<bool, PcscdError> {
        let Some(slot) = self.slots.get(index) else {
            return Ok(false);
        };
        slot.insert(card, persona);
        self.wait_visible(slot, true)?;
        Ok(true)
    }

    /// Removes the card from slot `index` and, with a pcscd, waits until PC/SC sees it gone:
    /// a real reader's card-detect switch reports removal at once, while pcscd learns of it by
    /// polling vpcd every 400 ms. After this returns, a client's next command on the card fails
    /// with `SCARD_W_REMOVED_CARD`. Returns whether there was a card.
    pub fn remove(&self, index: usize) -> Result<bool, PcscdError> {
        let Some(slot) = self.slots.get(index) else {
            return Ok(false);
        };
        let had = slot.remove();
        self.wait_visible(slot, false)?;
        Ok(had)
    }

    fn wait_visible(&self, slot: &Slot, present: bool) -> Result<(), PcscdError> {
        match &self.pcscd {
            Some(pcscd) => pcscd.wait_for_card(slot.reader(), present, VISIBLE_WITHIN),
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

/// pcscd polls every 400 ms; a few polls is plenty on a loaded machine.
const VISIBLE_WITHIN: Duration = Duration::from_secs(5);

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
