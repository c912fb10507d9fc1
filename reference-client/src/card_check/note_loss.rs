//! The `card-loss-as-cancel` defect's card: the patient's card as the session uses it, noting
//! whether it went away.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::card::{CardError, CardTransport};

/// Only for the `card-loss-as-cancel` defect: notes whether the card or its reader went away
/// (`CardError::Removed`, or a reader error such as PC/SC's `SCARD_E_READER_UNAVAILABLE`).
pub(super) struct NoteLoss {
    pub(super) inner: Box<dyn CardTransport + Send>,
    pub(super) lost: Arc<AtomicBool>,
}

impl CardTransport for NoteLoss {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        let answer = self.inner.transmit(apdu);
        if matches!(answer, Err(CardError::Removed | CardError::Reader(_))) {
            self.lost.store(true, Ordering::SeqCst);
        }
        answer
    }

    fn release(&mut self) {
        self.inner.release();
    }

    fn wait_for_card(&mut self, timeout: Duration) -> Result<bool, CardError> {
        self.inner.wait_for_card(timeout)
    }

    fn reconnect(&mut self) -> Result<(), CardError> {
        self.inner.reconnect()
    }

    fn open_reader(&mut self, reader: &str) -> Result<Box<dyn CardTransport + Send>, CardError> {
        self.inner.open_reader(reader)
    }

    fn recover_service(&mut self, timeout: Duration) -> Result<(), CardError> {
        self.inner.recover_service(timeout)
    }

    fn connect(&mut self) -> Result<(), CardError> {
        self.inner.connect()
    }

    fn reads_over_nfc(&mut self) -> bool {
        self.inner.reads_over_nfc()
    }

    fn has_pin_pad(&mut self) -> Result<bool, CardError> {
        self.inner.has_pin_pad()
    }

    fn verify_on_pad(&mut self, structure: &[u8]) -> Result<Vec<u8>, CardError> {
        let answer = self.inner.verify_on_pad(structure);
        if matches!(answer, Err(CardError::Removed | CardError::Reader(_))) {
            self.lost.store(true, Ordering::SeqCst);
        }
        answer
    }
}
