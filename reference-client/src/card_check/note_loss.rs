//! The `card-loss-as-cancel` defect's card: the patient's card as the session uses it, noting
//! whether it went away.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::card::CardError;

/// Only for the `card-loss-as-cancel` defect: notes whether the card or its reader went away
/// (`CardError::Removed`, or a reader error such as PC/SC's `SCARD_E_READER_UNAVAILABLE`).
pub(crate) struct NoteLoss {
    pub(crate) inner: Box<dyn crate::CardTransport + Send>,
    pub(crate) lost: Arc<AtomicBool>,
}

impl crate::card::Decorator for NoteLoss {
    type Inner = dyn crate::CardTransport + Send;

    fn with_inner<R>(&mut self, f: impl FnOnce(&mut Self::Inner) -> R) -> R {
        f(&mut *self.inner)
    }

    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        let answer = self.inner.transmit(apdu);
        if matches!(answer, Err(CardError::Removed | CardError::Reader(_))) {
            self.lost.store(true, Ordering::SeqCst);
        }
        answer
    }

    fn verify_on_pad(&mut self, structure: &[u8]) -> Result<Vec<u8>, CardError> {
        let answer = self.inner.verify_on_pad(structure);
        if matches!(answer, Err(CardError::Removed | CardError::Reader(_))) {
            self.lost.store(true, Ordering::SeqCst);
        }
        answer
    }
}
