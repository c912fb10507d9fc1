//! The reader's PIN pad (reader profile `pin-pad`): the operator types the PIN on its keys and
//! it sends the VERIFY itself, so the client never holds the PIN (`docs/reader.md`, "A PIN-pad
//! reader").

use mynakit_timeline::ReaderAction;

use super::{PadFailure, Slot};
use crate::pinpad::{PadError, PinPad, CANCELLED};

impl Slot {
    /// Gives the reader a PIN pad (`Some`) or takes it away (`None`, the default). A pad is
    /// recorded as the reader's `pin-pad-reader` event, before any client sees it.
    pub fn set_pin_pad(&self, pad: Option<PinPad>) {
        let has_pad = pad.is_some();
        self.lock().pad = pad;
        if has_pad {
            self.event(ReaderAction::PinPadReader, String::new());
        }
    }

    /// Whether the reader has a PIN pad: it then lists `FEATURE_VERIFY_PIN_DIRECT` and
    /// `FEATURE_MODIFY_PIN_DIRECT` (PC/SC Part 10).
    pub fn has_pin_pad(&self) -> bool {
        self.lock().pad.is_some()
    }

    /// The pad's PC/SC Part 10 TLV properties (`FEATURE_GET_TLV_PROPERTIES`), or `None`
    /// without a pad.
    pub fn pin_pad_properties(&self) -> Option<Vec<u8>> {
        self.lock()
            .pad
            .as_ref()
            .map(|_| crate::pinpad::tlv_properties())
    }

    /// `FEATURE_VERIFY_PIN_DIRECT`: the operator types the PIN on the pad, which puts it into the
    /// `PIN_VERIFY_STRUCTURE`'s APDU and sends that to the card; the answer is the card's (or
    /// `64 01` when the operator pressed Cancel, and the card saw nothing). The timeline records
    /// `pin-pad` (`verify`, or `cancelled`), then the command with its PIN data `*`.
    ///
    /// # Errors
    ///
    /// [`PadFailure`]: no pad, a structure it cannot carry out, or the card unreachable.
    pub fn verify_on_pad(&self, structure: &[u8]) -> Result<Vec<u8>, PadFailure> {
        self.on_pad(structure, true)
    }

    /// `FEATURE_MODIFY_PIN_DIRECT`: as [`Slot::verify_on_pad`] for a `PIN_MODIFY_STRUCTURE`
    /// (`pin-pad` `modify`).
    ///
    /// # Errors
    ///
    /// As [`Slot::verify_on_pad`].
    pub fn modify_on_pad(&self, structure: &[u8]) -> Result<Vec<u8>, PadFailure> {
        self.on_pad(structure, false)
    }

    fn on_pad(&self, structure: &[u8], verify: bool) -> Result<Vec<u8>, PadFailure> {
        let pad = self.lock().pad.clone().ok_or(PadFailure::NoPad)?;
        let apdu = if verify {
            pad.verify_apdu(structure)
        } else {
            pad.modify_apdu(structure)
        };
        match apdu {
            Ok(apdu) => {
                let what = if verify { "verify" } else { "modify" };
                self.event(ReaderAction::PinPad, what.to_owned());
                Ok(self.transmit(&apdu)?)
            }
            Err(PadError::Cancelled) => {
                self.event(ReaderAction::PinPad, "cancelled".to_owned());
                Ok(CANCELLED.to_vec())
            }
            Err(_) => Err(PadFailure::Refused),
        }
    }
}
