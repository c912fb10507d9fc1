//! [`CardTransport`] over PC/SC (the `pcsc` crate: pcsc-lite on Linux and macOS, WinSCard on
//! Windows), for the reader named by `MYNAKIT_READER`.
//!
//! The connection is made at the first command, in shared mode (other programs may watch the
//! reader) with T=1 or T=0, whichever the card offers (`docs/card.md`: the card is T=1 only).
//! Once the card is removed or reset the transport stays failed: a card put back into the reader
//! may be another patient's, so the check ends with a card error instead of reconnecting.
//!
//! A card pulled while it works on a command does not always surface as an error: Debian's vpcd
//! driver answers that command with success and an empty response (its `IFDHTransmitToICC`
//! treats only a negative size as an error), and only later commands fail, first with
//! `SCARD_E_NOT_TRANSACTED`, then `SCARD_W_REMOVED_CARD` (`docs/reader.md`, "Known limits"). A
//! card always answers at least a status word, so an empty response is taken as the card gone.

use std::ffi::CString;

use pcsc::{Context, Disposition, Protocols, ReaderState, Scope, ShareMode, State as PcscState};

use crate::card::{CardError, CardTransport};

/// A card in a PC/SC reader.
pub struct PcscCard {
    reader: CString,
    state: State,
    /// `FEATURE_VERIFY_PIN_DIRECT`'s control code, once [`CardTransport::has_pin_pad`] found it.
    pad: Option<u32>,
    /// Each command inside a transaction of its own ([`crate::Variant::OwnTransactions`]).
    own_transactions: bool,
}

enum State {
    NotConnected,
    Connected(pcsc::Card),
    Failed(CardError),
    Released,
}

impl std::fmt::Debug for PcscCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::NotConnected => "not connected",
            State::Connected(_) => "connected",
            State::Failed(_) => "failed",
            State::Released => "released",
        };
        f.debug_struct("PcscCard")
            .field("reader", &self.reader)
            .field("state", &state)
            .finish()
    }
}

impl PcscCard {
    /// The card in the reader named `reader` (its PC/SC name, e.g. `mynakit A 00 00`). Nothing is
    /// connected until the first command.
    ///
    /// # Errors
    ///
    /// [`CardError::Reader`] if the name contains a NUL byte.
    pub fn new(reader: &str) -> Result<PcscCard, CardError> {
        let reader = CString::new(reader)
            .map_err(|_| CardError::Reader(format!("reader name {reader:?} contains NUL")))?;
        Ok(PcscCard {
            reader,
            state: State::NotConnected,
            pad: None,
            own_transactions: false,
        })
    }

    /// The same card, each command sent inside a transaction of the client's own
    /// (`SCardBeginTransaction`, the command, `SCardEndTransaction(SCARD_LEAVE_CARD)`), as
    /// OpenSC's `sc_lock` does around each card step ([`crate::Variant::OwnTransactions`]).
    /// While another program holds the reader's lock, `SCardBeginTransaction` waits for it
    /// (pcsc-lite's `src/winscard_clnt.c` asks again every 100 ms; Windows' waits likewise).
    #[must_use]
    pub fn with_own_transactions(mut self) -> PcscCard {
        self.own_transactions = true;
        self
    }

    /// `SCardConnect` in shared mode.
    fn open(&self) -> Result<pcsc::Card, CardError> {
        let context = Context::establish(Scope::User).map_err(map_error)?;
        context
            .connect(&self.reader, ShareMode::Shared, Protocols::ANY)
            .map_err(map_error)
    }
}

/// The PC/SC errors that mean "no card any more" become [`CardError::Removed`] or
/// [`CardError::Reset`]; those that mean "the service stopped" (pcsc-lite 1.9.9's client: the
/// call in flight `SCARD_F_COMM_ERROR`, later calls on the dead socket and new contexts
/// `SCARD_E_NO_SERVICE`; `winscard_msg.c`, `winscard_clnt.c`) become [`CardError::NoService`],
/// another program's exclusive hold [`CardError::ReaderBusy`]; the rest are reader failures.
fn map_error(error: pcsc::Error) -> CardError {
    match error {
        pcsc::Error::RemovedCard | pcsc::Error::NoSmartcard => CardError::Removed,
        pcsc::Error::ResetCard => CardError::Reset,
        e @ (pcsc::Error::NoService | pcsc::Error::CommError | pcsc::Error::ServiceStopped) => {
            CardError::NoService(e.to_string())
        }
        pcsc::Error::SharingViolation => {
            CardError::ReaderBusy("SCARD_E_SHARING_VIOLATION".to_owned())
        }
        other => CardError::Reader(other.to_string()),
    }
}

impl PcscCard {
    /// The connection, made at the first use. A refused connection stays failed, except one
    /// refused because another program holds the reader (`SCARD_E_SHARING_VIOLATION`): nothing
    /// was connected, so the next call tries again.
    fn connected(&mut self) -> Result<&mut pcsc::Card, CardError> {
        if matches!(self.state, State::NotConnected) {
            self.state = match self.open() {
                Ok(card) => State::Connected(card),
                Err(e @ CardError::ReaderBusy(_)) => return Err(e),
                Err(e) => State::Failed(e),
            };
        }
        match &mut self.state {
            State::Connected(card) => Ok(card),
            State::Failed(e) => Err(e.clone()),
            State::NotConnected | State::Released => {
                Err(CardError::Reader("the card was released".to_owned()))
            }
        }
    }

    /// `SCardControl` with `code`, its answer kept as a card answer is.
    fn control(&mut self, code: u32, send: &[u8]) -> Result<Vec<u8>, CardError> {
        let mut buffer = vec![0u8; pcsc::MAX_BUFFER_SIZE];
        let code = pcsc::ffi::DWORD::from(code);
        self.step(|card| card.control(code, send, &mut buffer).map(<[u8]>::to_vec))
    }

    /// One card step on the connection: inside a transaction of its own when
    /// [`PcscCard::with_own_transactions`] asked for it (ended, leaving the card, when the
    /// step is done), else as it is.
    fn step<T>(
        &mut self,
        act: impl FnOnce(&pcsc::Card) -> Result<T, pcsc::Error>,
    ) -> Result<T, CardError> {
        let own = self.own_transactions;
        let card = self.connected()?;
        if !own {
            return act(card).map_err(map_error);
        }
        let transaction = card.transaction().map_err(map_error)?;
        let done = act(&transaction).map_err(map_error);
        // Ends it with SCARD_LEAVE_CARD; a card gone meanwhile has no lock left to let go.
        let _ = transaction.end(Disposition::LeaveCard);
        done
    }
}

impl CardTransport for PcscCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        let mut buffer = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
        let outcome = match self.step(|card| card.transmit(apdu, &mut buffer).map(<[u8]>::to_vec)) {
            Ok(response) if response.is_empty() => Err(CardError::Removed),
            Ok(response) => return Ok(response),
            Err(e) => Err(e),
        };
        // A reader error (`SCARD_E_NOT_TRANSACTED`: the command lost in transit) leaves the
        // card and the connection as they were, as with any PC/SC stack: the client decides
        // what to do next, and releases the card (powered off) when it ends. A card removed or
        // reset stays failed.
        if let Err(e @ (CardError::Removed | CardError::Reset)) = &outcome {
            self.state = State::Failed(e.clone());
        }
        outcome
    }

    /// Asks the reader for its features (`SCardControl` with `CM_IOCTL_GET_FEATURE_REQUEST`) and
    /// looks for `FEATURE_VERIFY_PIN_DIRECT`. A reader whose driver knows no control codes
    /// (vpcd's) fails the call: no pad.
    fn has_pin_pad(&mut self) -> Result<bool, CardError> {
        let request = pcsc::ctl_code(crate::pin_pad::GET_FEATURE_REQUEST_FUNCTION.into());
        let request = u32::try_from(request).unwrap_or(u32::MAX);
        self.pad = match self.control(request, &[]) {
            Ok(features) => crate::pin_pad::verify_control_code(&features),
            Err(lost @ (CardError::Removed | CardError::Reset)) => return Err(lost),
            Err(_) => None,
        };
        Ok(self.pad.is_some())
    }

    /// `SCardControl` with `FEATURE_VERIFY_PIN_DIRECT`'s code and the structure.
    fn verify_on_pad(&mut self, structure: &[u8]) -> Result<Vec<u8>, CardError> {
        let code = self
            .pad
            .ok_or_else(|| CardError::Reader("the reader lists no PIN pad".to_owned()))?;
        self.control(code, structure)
    }

    /// Connects if not yet connected ([`PcscCard::connected`]).
    fn connect(&mut self) -> Result<(), CardError> {
        self.connected().map(|_| ())
    }

    /// Forgets the failed connection; the next command connects to the card in the reader now.
    fn reconnect(&mut self) -> Result<(), CardError> {
        self.state = State::NotConnected;
        Ok(())
    }

    /// The card in the PC/SC reader `reader` (only the `pin-to-other-reader` defect asks).
    fn open_reader(&mut self, reader: &str) -> Result<Box<dyn CardTransport + Send>, CardError> {
        Ok(Box::new(PcscCard::new(reader)?))
    }

    /// A new context once `SCardEstablishContext` succeeds again (polled every 100 ms), the
    /// readers listed, and the patient's chosen: the same name if listed, else the one reader
    /// that shows a card (`SCARD_STATE_PRESENT`), once it shows the card. The next command
    /// connects there.
    fn recover_service(&mut self, timeout: std::time::Duration) -> Result<(), CardError> {
        let until = std::time::Instant::now() + timeout;
        let context = loop {
            match Context::establish(Scope::User) {
                Ok(context) => break context,
                // pcsc-lite 1.9.9 reports a connection reset by a daemon that is going away as
                // `SCARD_W_SECURITY_VIOLATION` (`MessageReceiveTimeout`, `winscard_msg.c`).
                Err(
                    pcsc::Error::NoService
                    | pcsc::Error::CommError
                    | pcsc::Error::SecurityViolation,
                ) if std::time::Instant::now() < until => {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(e) => return Err(map_error(e)),
            }
        };
        let chosen = loop {
            match choose_reader(&context, &self.reader) {
                Ok(Some(reader)) => break reader,
                // pcscd lists its readers a moment after its socket is up.
                Ok(None) if std::time::Instant::now() < until => {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Ok(None) => {
                    return Err(CardError::Reader(
                        "after the PC/SC service restarted, no reader holds the card".to_owned(),
                    ))
                }
                Err(e) => return Err(map_error(e)),
            }
        };
        self.reader = chosen;
        self.state = State::NotConnected;
        Ok(())
    }

    /// `SCardGetStatusChange` until the reader reports `SCARD_STATE_PRESENT` or `timeout` ends.
    fn wait_for_card(&mut self, timeout: std::time::Duration) -> Result<bool, CardError> {
        let until = std::time::Instant::now() + timeout;
        let context = Context::establish(Scope::User).map_err(map_error)?;
        let mut states = [ReaderState::new(self.reader.clone(), PcscState::UNAWARE)];
        let mut wait = std::time::Duration::ZERO;
        loop {
            match context.get_status_change(wait, &mut states) {
                Ok(()) => {}
                Err(pcsc::Error::Timeout) => return Ok(false),
                Err(other) => return Err(map_error(other)),
            }
            if states[0].event_state().contains(PcscState::PRESENT) {
                return Ok(true);
            }
            states[0].sync_current_state();
            wait = until.saturating_duration_since(std::time::Instant::now());
            if wait.is_zero() {
                return Ok(false);
            }
        }
    }

    /// Disconnects with `SCARD_UNPOWER_CARD`: a warm reset would keep the verified PIN on this
    /// card (`docs/card.md`, "Security state"), and the next program to talk to the card must not
    /// be able to sign with the PIN this patient typed.
    fn release(&mut self) {
        if let State::Connected(card) = std::mem::replace(&mut self.state, State::Released) {
            // A card that is already gone cannot be powered off; nothing else to do then.
            let _ = card.disconnect(Disposition::UnpowerCard);
        }
    }
}

/// The reader named `before` if PC/SC lists it, else the one listed reader with a card in it;
/// `None` while there is none, or more than one (then the patient's cannot be told), and while
/// the reader chosen shows no card yet: a pcscd that just started lists its readers before its
/// first look at their cards (pcsc-lite's `RFAddReader` publishes the reader, its event
/// thread then polls the card), and a connection made then fails with `SCARD_E_NO_SMARTCARD`.
fn choose_reader(context: &Context, before: &CString) -> Result<Option<CString>, pcsc::Error> {
    let names: Vec<CString> = match context.list_readers_owned() {
        Ok(names) => names,
        Err(pcsc::Error::NoReadersAvailable) => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut states: Vec<ReaderState> = names
        .into_iter()
        .map(|name| ReaderState::new(name, PcscState::UNAWARE))
        .collect();
    context.get_status_change(std::time::Duration::ZERO, &mut states)?;
    let has_card = |s: &&ReaderState| s.event_state().contains(PcscState::PRESENT);
    if let Some(listed) = states.iter().find(|s| s.name() == before.as_c_str()) {
        return Ok(Some(listed).filter(has_card).map(|s| s.name().to_owned()));
    }
    let mut with_card = states.iter().filter(has_card).map(|s| s.name().to_owned());
    Ok(match (with_card.next(), with_card.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    })
}
