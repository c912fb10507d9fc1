//! The managed pcscd in front of mynakit's driver readers as a [`PcscService`] that a scenario's
//! `stack-restart` fault stops and starts again, with the patient's reader under another name
//! when the scenario gives one (`docs/reader.md`, "pcscd stops and starts again").
//!
//! The driver reaches mynakit through Unix sockets in the pcscd's private folder, which outlive
//! the process: a new pcscd, started in namespaces of its own on the same socket path, loads the
//! same driver copies and connects to the same servers. Only its `reader.conf.d` is written
//! anew, each entry's `FRIENDLYNAME` its slot's [`Slot::listed_as`] without pcscd's own reader
//! and slot numbers.

use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::pcscd::{Pcscd, PcscdError};
use crate::slot::{PcscService, Slot};

/// How long a pcscd started again has to list its readers: as long as the first start's.
const LISTED_WITHIN: Duration = Duration::from_secs(20);

/// The readers' configuration: where their driver copies and sockets are, and their slots.
pub(super) struct Service {
    pub(super) pcscd: Weak<Pcscd>,
    pub(super) dir: PathBuf,
    pub(super) slots: Vec<Weak<Slot>>,
}

impl PcscService for Service {
    /// pcscd lists a reader as its `FRIENDLYNAME`, then its reader number and slot number
    /// (`RFAddReader`, pcsc-lite's `src/readerfactory.c`): ` 00 00` for a one-slot reader
    /// whose name no other reader has. A name that already ends so is listed as written.
    fn listed_name(&self, wanted: &str) -> String {
        format!("{} 00 00", friendly(wanted))
    }

    fn stop(&self) {
        if let Some(pcscd) = self.pcscd.upgrade() {
            pcscd.stop();
        }
    }

    fn start(&self) -> Result<(), PcscdError> {
        let pcscd = self.pcscd.upgrade().ok_or_else(|| PcscdError::NotReady {
            waited: Duration::ZERO,
            detail: "its readers were given up".to_owned(),
        })?;
        let names: Vec<String> = self
            .slots
            .iter()
            .filter_map(Weak::upgrade)
            .map(|slot| slot.listed_as())
            .collect();
        let text: String = names
            .iter()
            .enumerate()
            .map(|(i, name)| super::entry_in(&self.dir, i, &friendly(name)))
            .collect();
        pcscd
            .start_again(|conf| std::fs::write(conf.join(super::CONFIG_FILE), text))
            .and_then(|()| pcscd.wait_for_listed(&names, LISTED_WITHIN))
    }
}

/// The `FRIENDLYNAME` that pcscd lists as `name` (or as `name 00 00` when `name` does not end
/// in pcscd's numbers): without a trailing ` 00 00`, and with no character that would end the
/// quoted value or the line in `reader.conf`.
fn friendly(name: &str) -> String {
    name.strip_suffix(" 00 00")
        .unwrap_or(name)
        .chars()
        .map(|c| if c == '"' || c.is_control() { '_' } else { c })
        .take(MAX_FRIENDLY)
        .collect()
}

/// pcsc-lite's `MAX_READERNAME` is 128 bytes with the numbers and the NUL; well inside it.
const MAX_FRIENDLY: usize = 100;

/// Every slot of `readers` told that `service` is in front of it.
pub(super) fn attach(service: Arc<Service>, slots: &[Arc<Slot>]) {
    for slot in slots {
        slot.set_service(Some(service.clone() as Arc<dyn PcscService>));
    }
}

#[cfg(test)]
mod tests {
    use super::friendly;

    #[test]
    fn a_name_becomes_the_friendly_name_pcscd_lists_it_by() {
        assert_eq!(friendly("mynakit USB A 00 00"), "mynakit USB A");
        assert_eq!(friendly("Reader 01"), "Reader 01");
        assert_eq!(friendly("a\"b\nc"), "a_b_c");
        assert_eq!(friendly(&"x".repeat(300)).len(), 100);
    }
}
