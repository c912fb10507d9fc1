//! The card the `ask-card-again` defect keeps after the result (`super::Defect::AskCardAgain`).

/// Only for the `ask-card-again` defect: the card shared between the check (which releases
/// it before the result, as a correct client does) and the code after the result line.
#[derive(Clone)]
pub(crate) struct SharedCard(
    pub(crate) std::sync::Arc<std::sync::Mutex<Box<dyn crate::CardTransport + Send>>>,
);

impl SharedCard {
    fn with<T>(&self, f: impl FnOnce(&mut Box<dyn crate::CardTransport + Send>) -> T) -> T {
        let mut card = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut card)
    }

    /// After the result: a moment later (the result screen is up), a new session with the card
    /// in the reader, `SELECT JPKI AP`, release.
    pub(crate) fn ask_again(&self) {
        std::thread::sleep(std::time::Duration::from_millis(200));
        self.with(|card| {
            if card.reconnect().is_ok() {
                let mut select = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
                select.extend_from_slice(&crate::jpki::JPKI_AID);
                let _ = card.transmit(&select);
            }
            card.release();
        });
    }
}

impl crate::CardTransport for SharedCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, crate::CardError> {
        self.with(|card| card.transmit(apdu))
    }

    fn release(&mut self) {
        self.with(|card| card.release());
    }

    fn wait_for_card(&mut self, timeout: std::time::Duration) -> Result<bool, crate::CardError> {
        self.with(|card| card.wait_for_card(timeout))
    }

    fn reconnect(&mut self) -> Result<(), crate::CardError> {
        self.with(|card| card.reconnect())
    }

    fn open_reader(
        &mut self,
        reader: &str,
    ) -> Result<Box<dyn crate::CardTransport + Send>, crate::CardError> {
        self.with(|card| card.open_reader(reader))
    }

    fn reads_over_nfc(&mut self) -> bool {
        self.with(|card| card.reads_over_nfc())
    }
}
