//! A card in a real PC/SC reader, for `mynakit card run --reader`, `card compare` and
//! `mynakit record` (`docs/import.md`, `docs/apdu-scripts.md`).
//!
//! [`RealCard`] is the card side of an APDU script ([`script::Transport`]). [`Relay`] puts it
//! behind a virtual reader of mynakit's own: a PC/SC client talks to the virtual reader, every
//! command goes on to the real card and its answer comes back, and the virtual reader's slot
//! records both in the run's timeline (PINs redacted where the event is made, as in every run).

use std::sync::{Arc, Mutex};

use mynakit_emulator::recorded::Recording;
use mynakit_emulator::script::{Transport, TransportError};
use mynakit_emulator::Card;
use mynakit_reader::{Intercept, InterceptAction, PcscdChoice, Readers, ReadersConfig};
use mynakit_timeline::{EventKind, Timeline};
use pcsc::{Context, Disposition, Protocols, Scope, ShareMode};

/// What went wrong with a real reader.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// PC/SC could not be used at all.
    #[error("PC/SC: {0} (is pcscd running? PCSCLITE_CSOCK_NAME names another one)")]
    Context(pcsc::Error),
    /// No reader of that name.
    #[error("no reader {wanted:?}; PC/SC lists: {listed}")]
    NoReader {
        /// The name asked for.
        wanted: String,
        /// The readers there are.
        listed: String,
    },
    /// The card could not be reached.
    #[error("reader {reader:?}: {error}")]
    Card {
        /// The reader.
        reader: String,
        /// What PC/SC said.
        error: pcsc::Error,
    },
    /// The virtual reader could not start.
    #[error("the virtual reader: {0}")]
    Readers(#[from] mynakit_reader::PcscdError),
}

/// A card in a PC/SC reader, connected shared with T=0 or T=1.
pub struct RealCard {
    reader: String,
    context: Context,
    card: Option<pcsc::Card>,
}

impl RealCard {
    /// Connects to the card in `reader` (its PC/SC name, or its index in PC/SC's list).
    pub fn connect(reader: &str) -> Result<RealCard, RelayError> {
        let context = Context::establish(Scope::User).map_err(RelayError::Context)?;
        let listed: Vec<String> = context
            .list_readers_owned()
            .map_err(RelayError::Context)?
            .into_iter()
            .map(|r| r.to_string_lossy().into_owned())
            .collect();
        let name = listed
            .iter()
            .find(|r| r.as_str() == reader)
            .or_else(|| reader.parse::<usize>().ok().and_then(|i| listed.get(i)))
            .cloned()
            .ok_or_else(|| RelayError::NoReader {
                wanted: reader.to_owned(),
                listed: listed.join(", "),
            })?;
        let mut real = RealCard {
            reader: name,
            context,
            card: None,
        };
        real.open().map(|_| ()).map_err(|e| real.error(e))?;
        Ok(real)
    }

    /// The reader's PC/SC name.
    pub fn reader(&self) -> &str {
        &self.reader
    }

    fn error(&self, error: pcsc::Error) -> RelayError {
        RelayError::Card {
            reader: self.reader.clone(),
            error,
        }
    }

    /// What the reader said, as a script's transport error.
    fn transport_error(&self, said: pcsc::Error) -> TransportError {
        TransportError::Reader {
            reader: self.reader.clone(),
            said: said.to_string(),
        }
    }

    fn open(&mut self) -> Result<&pcsc::Card, pcsc::Error> {
        if self.card.is_none() {
            let name = std::ffi::CString::new(self.reader.clone()).unwrap_or_default();
            let card = self
                .context
                .connect(&name, ShareMode::Shared, Protocols::ANY)?;
            self.card = Some(card);
        }
        self.card.as_ref().ok_or(pcsc::Error::NoSmartcard)
    }

    /// The card's ATR.
    pub fn atr(&mut self) -> Result<Vec<u8>, RelayError> {
        self.read_atr().map_err(|e| self.error(e))
    }

    fn read_atr(&mut self) -> Result<Vec<u8>, pcsc::Error> {
        self.open()?.status2_owned().map(|s| s.atr().to_vec())
    }

    fn send(&mut self, command: &[u8]) -> Result<Vec<u8>, pcsc::Error> {
        let mut buffer = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
        let card = self.open()?;
        let mut outcome = card.transmit(command, &mut buffer).map(<[u8]>::to_vec);
        if outcome == Err(pcsc::Error::ResetCard) {
            // Another application reset the card since we connected: PC/SC tells each handle
            // once; acknowledge it and send the command again.
            if let Some(card) = self.card.as_mut() {
                if card
                    .reconnect(ShareMode::Shared, Protocols::ANY, Disposition::LeaveCard)
                    .is_ok()
                {
                    outcome = card.transmit(command, &mut buffer).map(<[u8]>::to_vec);
                }
            }
        }
        match outcome {
            Ok(response) => Ok(response),
            Err(e) => {
                // A reset or removed card: connect afresh next time.
                self.card = None;
                Err(e)
            }
        }
    }

    fn reconnect(&mut self, how: Disposition) -> Result<Vec<u8>, pcsc::Error> {
        self.open()?;
        if let Some(card) = self.card.as_mut() {
            card.reconnect(ShareMode::Shared, Protocols::ANY, how)?;
        }
        self.read_atr()
    }
}

impl Drop for RealCard {
    /// Leaves the card as it is (the pcsc crate would reset it), so that another application's
    /// session is not disturbed by ours ending.
    fn drop(&mut self) {
        if let Some(card) = self.card.take() {
            let _ = card.disconnect(Disposition::LeaveCard);
        }
    }
}

impl Transport for RealCard {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.send(command).map_err(|e| self.transport_error(e))
    }
    fn power_on(&mut self) -> Result<Vec<u8>, TransportError> {
        match self.card.is_some() {
            true => self.reconnect(Disposition::UnpowerCard),
            // After `@power-off` the connection was dropped: connecting powers the card up.
            false => self.read_atr(),
        }
        .map_err(|e| self.transport_error(e))
    }
    fn reset(&mut self) -> Result<Vec<u8>, TransportError> {
        self.reconnect(Disposition::ResetCard)
            .map_err(|e| self.transport_error(e))
    }
    fn power_off(&mut self) -> Result<(), TransportError> {
        if let Some(card) = self.card.take() {
            card.disconnect(Disposition::UnpowerCard)
                .map_err(|(_, e)| TransportError::PowerOff {
                    reader: self.reader.clone(),
                    said: e.to_string(),
                })?;
        }
        Ok(())
    }
}

/// A virtual reader whose card is a real one: PC/SC clients of the virtual reader's pcscd talk
/// to the real card through mynakit, and the virtual reader records everything.
pub struct Relay {
    /// The virtual readers (one relays; the managed pcscd always has an even number).
    pub readers: Readers,
    /// Where the relayed commands are recorded.
    pub timeline: Timeline,
}

impl Relay {
    /// Starts a virtual reader relaying to `real` (the first slot of a managed pcscd, or of
    /// `choice`). The virtual card has the real card's ATR; the client's resets and power
    /// changes reach the real card as a reset or power cycle before its next command.
    pub fn start(mut real: RealCard, choice: PcscdChoice) -> Result<Relay, RelayError> {
        let atr = real.atr()?;
        let timeline = Timeline::new(Some("record".to_owned()));
        let readers = Readers::start(ReadersConfig {
            slots: 1,
            pcscd: choice,
            timeline: timeline.clone(),
            ..Default::default()
        })?;
        let slot = readers.slots()[0].clone();
        let virtual_reader = slot.reader().to_owned();
        // The slot's own card only stands in for the real one: every command is answered by
        // the hook, from the real card.
        let stand_in = Card::recorded(Recording::empty(atr));
        let real = Arc::new(Mutex::new(real));
        let seen = Arc::new(Mutex::new(0usize));
        let events = timeline.clone();
        slot.set_hook(Some(Box::new(move |command: &[u8]| {
            let mut real = real.lock().unwrap_or_else(|p| p.into_inner());
            // Resets and power changes the client asked for since the last command.
            let all = events.events();
            let mut from = seen.lock().unwrap_or_else(|p| p.into_inner());
            for event in all.iter().skip(*from) {
                if let EventKind::Reader { reader, action, .. } = &event.kind {
                    if *reader == virtual_reader {
                        let _ = match action.as_str() {
                            "reset" => real.reset().map(|_| ()),
                            "power-off" => real.power_off(),
                            _ => Ok(()),
                        };
                    }
                }
            }
            *from = all.len();
            let answer = real.transmit(command).unwrap_or_default();
            Intercept {
                action: InterceptAction::Answer(answer),
                ..Intercept::default()
            }
        })));
        slot.insert(stand_in, "relay");
        Ok(Relay { readers, timeline })
    }
}
