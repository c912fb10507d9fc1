//! The card, as the client sees it: something that answers APDUs.
//!
//! [`CardTransport`] is the one seam between this client and a reader. The binary uses PC/SC
//! ([`crate::PcscCard`]); the harness plugs its in-process reader slots in directly; tests use
//! the virtual card. Everything above it (`jpki`) only sends bytes and reads status words.

/// A connection to one card in one reader.
///
/// Object-safe, so callers hand the client a `Box<dyn CardTransport + Send>`. A transport that
/// wraps another is a [`Decorator`]; a method added here is added to [`Decorator`] and to the
/// impl after it as well, passed on (the crate's `forwarding_tests` fail until it is).
pub trait CardTransport {
    /// Sends one command APDU and returns the whole response: data followed by `SW1 SW2`.
    ///
    /// # Errors
    ///
    /// [`CardError`] when no response came: the card was removed or reset, or the reader failed.
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError>;

    /// Ends the session with the card. The client calls it once, before it reports its result,
    /// so the card is free (and its PIN no longer usable by this session) while the staff read
    /// the screen. The default does nothing.
    fn release(&mut self) {}

    /// Waits until a card is in the reader, at most `timeout`, and says whether one is: staff
    /// often start the check before the patient has placed the card (`docs/reference-client.md`,
    /// "Waiting for the card"). The default assumes a card is there.
    ///
    /// # Errors
    ///
    /// [`CardError::Reader`] when the reader itself cannot be watched.
    fn wait_for_card(&mut self, timeout: std::time::Duration) -> Result<bool, CardError> {
        let _ = timeout;
        Ok(true)
    }

    /// Opens a new session with whatever card is in the reader now, after the card left or was
    /// reset. A correct client never does this in the middle of a check: the card in the reader
    /// may be another patient's (`docs/reference-client.md`). Only the `pin-to-next-card` defect
    /// calls it. The default cannot reconnect.
    ///
    /// # Errors
    ///
    /// [`CardError::Reader`] when the transport cannot reconnect.
    fn reconnect(&mut self) -> Result<(), CardError> {
        Err(CardError::Reader(
            "this transport cannot reconnect".to_owned(),
        ))
    }

    /// Opens a connection to the card in another reader, named as in `MYNAKIT_READERS`. A
    /// correct client never does this: the patient's card is in `MYNAKIT_READER`, and a card in
    /// another reader may be another patient's. Only the `pin-to-other-reader` defect calls it.
    /// The default cannot.
    ///
    /// # Errors
    ///
    /// [`CardError::Reader`] when the transport cannot open `reader`.
    fn open_reader(&mut self, reader: &str) -> Result<Box<dyn CardTransport + Send>, CardError> {
        Err(CardError::Reader(format!(
            "this transport cannot open reader {reader:?}"
        )))
    }

    /// After the PC/SC service stopped ([`CardError::NoService`]): waits at most `timeout` for
    /// it to be back, establishes a new context, lists the readers and chooses the patient's
    /// again — the reader of the same name, else the one reader with a card in it (a service
    /// started with a new configuration may list it under another name) — and makes the next
    /// command connect anew there: every handle from before the stop is dead
    /// (`docs/client-protocol.md`, "When the PC/SC service restarts"). The default cannot.
    ///
    /// # Errors
    ///
    /// [`CardError::NoService`] when the service is not back in time; [`CardError::Reader`]
    /// when no reader, or more than one, could be the patient's.
    fn recover_service(&mut self, timeout: std::time::Duration) -> Result<(), CardError> {
        let _ = timeout;
        Err(CardError::Reader(
            "this transport cannot reach a restarted PC/SC service".to_owned(),
        ))
    }

    /// Whether the reader has a PIN pad that verifies a PIN itself: PC/SC Part 10's
    /// `FEATURE_VERIFY_PIN_DIRECT` in its answer to `CM_IOCTL_GET_FEATURE_REQUEST`
    /// (`docs/reference-client.md`, "PIN pads"). The default: no pad.
    ///
    /// # Errors
    ///
    /// [`CardError`] when the card or reader cannot be reached to ask.
    fn has_pin_pad(&mut self) -> Result<bool, CardError> {
        Ok(false)
    }

    /// Sends `structure` (a `PIN_VERIFY_STRUCTURE`) to the reader's pad, where the patient types
    /// the PIN; returns the card's answer to the VERIFY the pad sent (`64 01`: cancelled on the
    /// pad, `64 00`: no key in time). The default has no pad.
    ///
    /// # Errors
    ///
    /// [`CardError`] when the reader refused the structure or the card could not be reached.
    fn verify_on_pad(&mut self, structure: &[u8]) -> Result<Vec<u8>, CardError> {
        let _ = structure;
        Err(CardError::Reader(
            "this transport has no PIN pad".to_owned(),
        ))
    }

    /// Connects to the card now (PC/SC: `SCardConnect`), so that a reader another program holds
    /// exclusively ([`CardError::ReaderBusy`]) is found before the first command, which would
    /// otherwise connect. The default: nothing to connect, the first command tells.
    ///
    /// # Errors
    ///
    /// The connection's failure: [`CardError::ReaderBusy`] while another program holds the
    /// reader, [`CardError::Removed`] without a card, [`CardError::Reader`] otherwise.
    fn connect(&mut self) -> Result<(), CardError> {
        Ok(())
    }

    /// Whether the card is read over NFC, as a phone reads it (`docs/mobile.md`): a card lost
    /// mid-read is then held to the phone again and the read restarts. The default: a reader.
    fn reads_over_nfc(&mut self) -> bool {
        false
    }
}

/// Why the card could not be used. Every one ends the check with the outcome `card-error`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CardError {
    /// The card left the reader (PC/SC `SCARD_W_REMOVED_CARD`, `SCARD_E_NO_SMARTCARD`).
    #[error("the card was removed from the reader")]
    Removed,
    /// The card was reset by someone else (`SCARD_W_RESET_CARD`): whatever was selected or
    /// verified is gone, and the card in the reader may not even be the same one.
    #[error("the card was reset")]
    Reset,
    /// The reader or the PC/SC service failed.
    #[error("reader: {0}")]
    Reader(String),
    /// The PC/SC service stopped (pcsc-lite's `SCARD_F_COMM_ERROR` for the call in flight,
    /// `SCARD_E_NO_SERVICE` after, for good on every handle from before): the handles are dead;
    /// [`CardTransport::recover_service`] finds the reader again once the service is back.
    #[error("the PC/SC service stopped ({0})")]
    NoService(String),
    /// The client concluded there is no card in the reader: only the `stale-context-after-restart`
    /// and `reader-name-cached` defects, which watch a dead context or a reader name that is
    /// listed no more. The check ends as cancelled (the staff give up waiting for a card).
    #[error("no card found in the reader ({0})")]
    NotFound(String),
    /// Another program holds the reader exclusively (PC/SC `SCARD_E_SHARING_VIOLATION` from
    /// `SCardConnect`): no connection was made and no command reached the card, so connecting
    /// again later is safe (`docs/reader.md`, "Another program holds the reader").
    #[error("reader busy: {0}")]
    ReaderBusy(String),
    /// The phone's reading session ended: the patient cancelled the sheet, or the system
    /// ended reader mode (over NFC, `docs/mobile.md`). The check ends as cancelled.
    #[error("the card reading was cancelled")]
    ReadingCancelled,
    /// The card answered a status word the step cannot go on with.
    #[error("the card answered {sw:04X} to {step}")]
    Status {
        /// What the client was doing, e.g. `READ BINARY (auth certificate)`.
        step: &'static str,
        /// The status word.
        sw: u16,
    },
    /// The response made no sense (shorter than a status word, a certificate that is not DER).
    #[error("unusable response to {step}: {problem}")]
    Malformed {
        /// What the client was doing.
        step: &'static str,
        /// What is wrong.
        problem: String,
    },
}

/// A transport that wraps another and changes only some of what it does (logs, times, notes,
/// follows up `61xx`): every method it does not override goes to the one it wraps, so a method
/// added to [`CardTransport`] reaches every wrapper through this trait's default, and a wrapper
/// that must not pass a method on says so by overriding it.
///
/// A `Decorator` is a [`CardTransport`] (the impl below). Name it by its path
/// (`impl card::Decorator for …`) rather than importing it next to [`CardTransport`]: with both
/// in scope, a call such as `boxed.transmit(…)` on a `Box<dyn CardTransport>` is ambiguous.
pub trait Decorator {
    /// The transport wrapped.
    type Inner: CardTransport + ?Sized;

    /// Runs `f` on the wrapped transport (a closure, so that a wrapper may hold it behind a
    /// lock).
    fn with_inner<R>(&mut self, f: impl FnOnce(&mut Self::Inner) -> R) -> R;

    /// [`CardTransport::transmit`], passed on.
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        self.with_inner(|card| card.transmit(apdu))
    }

    /// [`CardTransport::release`], passed on.
    fn release(&mut self) {
        self.with_inner(|card| card.release());
    }

    /// [`CardTransport::wait_for_card`], passed on.
    fn wait_for_card(&mut self, timeout: std::time::Duration) -> Result<bool, CardError> {
        self.with_inner(|card| card.wait_for_card(timeout))
    }

    /// [`CardTransport::reconnect`], passed on.
    fn reconnect(&mut self) -> Result<(), CardError> {
        self.with_inner(|card| card.reconnect())
    }

    /// [`CardTransport::open_reader`], passed on.
    fn open_reader(&mut self, reader: &str) -> Result<Box<dyn CardTransport + Send>, CardError> {
        self.with_inner(|card| card.open_reader(reader))
    }

    /// [`CardTransport::recover_service`], passed on.
    fn recover_service(&mut self, timeout: std::time::Duration) -> Result<(), CardError> {
        self.with_inner(|card| card.recover_service(timeout))
    }

    /// [`CardTransport::has_pin_pad`], passed on.
    fn has_pin_pad(&mut self) -> Result<bool, CardError> {
        self.with_inner(|card| card.has_pin_pad())
    }

    /// [`CardTransport::verify_on_pad`], passed on.
    fn verify_on_pad(&mut self, structure: &[u8]) -> Result<Vec<u8>, CardError> {
        self.with_inner(|card| card.verify_on_pad(structure))
    }

    /// [`CardTransport::connect`], passed on.
    fn connect(&mut self) -> Result<(), CardError> {
        self.with_inner(|card| card.connect())
    }

    /// [`CardTransport::reads_over_nfc`], passed on.
    fn reads_over_nfc(&mut self) -> bool {
        self.with_inner(|card| card.reads_over_nfc())
    }
}

/// Every [`Decorator`] is a transport: each method is the decorator's (passed on unless it
/// overrides it). The one place that lists the trait's methods for wrappers.
impl<D: Decorator> CardTransport for D {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        Decorator::transmit(self, apdu)
    }

    fn release(&mut self) {
        Decorator::release(self);
    }

    fn wait_for_card(&mut self, timeout: std::time::Duration) -> Result<bool, CardError> {
        Decorator::wait_for_card(self, timeout)
    }

    fn reconnect(&mut self) -> Result<(), CardError> {
        Decorator::reconnect(self)
    }

    fn open_reader(&mut self, reader: &str) -> Result<Box<dyn CardTransport + Send>, CardError> {
        Decorator::open_reader(self, reader)
    }

    fn recover_service(&mut self, timeout: std::time::Duration) -> Result<(), CardError> {
        Decorator::recover_service(self, timeout)
    }

    fn has_pin_pad(&mut self) -> Result<bool, CardError> {
        Decorator::has_pin_pad(self)
    }

    fn verify_on_pad(&mut self, structure: &[u8]) -> Result<Vec<u8>, CardError> {
        Decorator::verify_on_pad(self, structure)
    }

    fn connect(&mut self) -> Result<(), CardError> {
        Decorator::connect(self)
    }

    fn reads_over_nfc(&mut self) -> bool {
        Decorator::reads_over_nfc(self)
    }
}

/// A boxed transport is the transport in the box.
impl<T: CardTransport + ?Sized> Decorator for Box<T> {
    type Inner = T;

    fn with_inner<R>(&mut self, f: impl FnOnce(&mut T) -> R) -> R {
        f(self)
    }
}
