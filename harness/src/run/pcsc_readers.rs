//! The readers behind a pcscd, as a run's pool and `mynakit serve` hold them: vsmartcard's vpcd,
//! or mynakit's own reader driver (`docs/reader.md`, "The mynakit reader driver"), which alone
//! can be a PIN pad, fail one command in transit, fail pcscd's presence polls and stand behind
//! a pcscd that stops and starts again. Either way a reader is a [`Slot`]; this says which
//! carries it and waits as its pcscd needs.

use std::sync::Arc;

use mynakit_reader::ifd::{IfdConfig, IfdError, IfdReaders, StackFaults};
use mynakit_reader::{Pcscd, PcscdChoice, PcscdError, Readers, ReadersConfig, Slot};

/// The readers: vpcd's (or in-process, or vpcd drivers on other hosts: [`Readers`]), or
/// mynakit's reader driver's.
pub enum PcscReaders {
    /// vsmartcard's vpcd: the system pcscd's readers, or a managed one's when
    /// `$MYNAKIT_IFD_DRIVER` names a missing driver; in-process slots or remote vpcd drivers
    /// for `serve`.
    Vpcd(Readers),
    /// mynakit's reader driver: what a managed pcscd serves a run whenever the driver is there
    /// (always, but for a bad `$MYNAKIT_IFD_DRIVER`), since only it can fail one command in
    /// transit (a scenario's `transport-error`) and it reports presence at every poll; what
    /// `serve --pin-pad` and `serve --driver` serve.
    Driver(IfdReaders),
}

impl PcscReaders {
    /// A managed pcscd's readers: mynakit's driver's (the one inside mynakit, or the one
    /// `$MYNAKIT_IFD_DRIVER` names when that file is there), else vpcd's; the system pcscd's
    /// are vpcd's.
    ///
    /// # Errors
    ///
    /// Why pcscd could not start.
    pub fn start(choice: PcscdChoice, size: usize) -> Result<PcscReaders, PcscdError> {
        if choice == PcscdChoice::Managed && mynakit_reader::ifd::Driver::find().is_present() {
            return Self::driver(IfdConfig {
                slots: size,
                ..Default::default()
            });
        }
        Readers::start(ReadersConfig {
            slots: size,
            pcscd: choice,
            ..Default::default()
        })
        .map(PcscReaders::Vpcd)
    }

    /// mynakit's driver's readers behind a managed pcscd, as `config` says.
    ///
    /// # Errors
    ///
    /// Why pcscd could not start, or the driver `$MYNAKIT_IFD_DRIVER` names is missing.
    pub fn driver(config: IfdConfig) -> Result<PcscReaders, PcscdError> {
        IfdReaders::start(config)
            .map(PcscReaders::Driver)
            .map_err(|e| match e {
                IfdError::Pcscd(e) => e,
                IfdError::Io(e) => PcscdError::Io(e),
                missing @ IfdError::DriverMissing { .. } => {
                    PcscdError::Io(std::io::Error::other(missing.to_string()))
                }
            })
    }

    /// The slots, in reader order.
    pub fn slots(&self) -> Vec<Arc<Slot>> {
        match self {
            PcscReaders::Vpcd(readers) => readers.slots().to_vec(),
            PcscReaders::Driver(readers) => readers.slots(),
        }
    }

    /// The pcscd, if any (none in-process or with remote vpcd drivers).
    pub fn pcscd(&self) -> Option<&Pcscd> {
        match self {
            PcscReaders::Vpcd(readers) => readers.pcscd(),
            PcscReaders::Driver(readers) => Some(readers.pcscd()),
        }
    }

    /// Reader `index`'s stack faults, when mynakit's driver carries it.
    pub fn faults(&self, index: usize) -> Option<Arc<StackFaults>> {
        match self {
            PcscReaders::Vpcd(_) => None,
            PcscReaders::Driver(readers) => readers.faults(index),
        }
    }

    /// Puts a card in `slot` and waits until PC/SC sees it (a card there is taken out first).
    ///
    /// # Errors
    ///
    /// pcscd did not see the card in time.
    pub fn insert_into(
        &self,
        slot: &Slot,
        card: mynakit_emulator::Card,
        persona: &str,
    ) -> Result<(), PcscdError> {
        match self {
            PcscReaders::Vpcd(readers) => readers.insert_into(slot, card, persona),
            PcscReaders::Driver(readers) => readers.insert_into(slot, card, persona),
        }
    }

    /// Takes the card out of `slot` and waits until PC/SC shows it empty; whether there was one.
    ///
    /// # Errors
    ///
    /// pcscd did not see the reader empty in time.
    pub fn remove_from(&self, slot: &Slot) -> Result<bool, PcscdError> {
        match self {
            PcscReaders::Vpcd(readers) => readers.remove_from(slot),
            PcscReaders::Driver(readers) => readers.remove_from(slot),
        }
    }

    /// [`PcscReaders::insert_into`] reader `index`; `Ok(false)` when there is no such reader.
    ///
    /// # Errors
    ///
    /// pcscd did not see the card in time.
    pub fn insert(
        &self,
        index: usize,
        card: mynakit_emulator::Card,
        persona: &str,
    ) -> Result<bool, PcscdError> {
        match self.slots().get(index) {
            Some(slot) => self.insert_into(slot, card, persona).map(|()| true),
            None => Ok(false),
        }
    }

    /// [`PcscReaders::remove_from`] reader `index`; `Ok(false)` also when there is no such reader.
    ///
    /// # Errors
    ///
    /// pcscd did not see the reader empty in time.
    pub fn remove(&self, index: usize) -> Result<bool, PcscdError> {
        match self.slots().get(index) {
            Some(slot) => self.remove_from(slot),
            None => Ok(false),
        }
    }

    /// Unplugs reader `index` ([`Slot::unplug`]); whether it was plugged in (`Ok(false)` also
    /// when there is no such reader). Behind vpcd, waits until PC/SC shows it empty; behind
    /// mynakit's driver the reader stops answering pcscd's polls at once, as an unavailable one
    /// does, and PC/SC shows it so at its next poll (`docs/reader.md`, "The mynakit reader
    /// driver").
    ///
    /// # Errors
    ///
    /// pcscd did not see the reader empty in time.
    pub fn unplug(&self, index: usize) -> Result<bool, PcscdError> {
        match self {
            PcscReaders::Vpcd(readers) => readers.unplug(index),
            PcscReaders::Driver(readers) => {
                Ok(readers.slots().get(index).is_some_and(|slot| slot.unplug()))
            }
        }
    }
}
