//! [`CardTransport`] over mynakit's NFC relay (`docs/mobile.md`), as a mobile app reaches the
//! card: `MYNAKIT_RELAY` and `MYNAKIT_RELAY_TOKEN` name it. The card is a tag in the phone's
//! field: it can be lost mid-read (the patient moved it off the antenna), the reading sheet can
//! be cancelled, and a transceive has a timeout.
//!
//! What this client does about each, as the public mobile readers do:
//! - a lost tag fails the command as [`CardError::Removed`], and the session stays failed until
//!   [`CardTransport::reconnect`]; the check then waits for the card to be presented again and
//!   restarts the certificate read from the AP's selection;
//! - the signature gets a 5 s timeout, restored afterwards: a real card takes about 0.7 s to
//!   sign, more than Android's 618 ms default (the public Android readers raise it the same way
//!   around `80 2A`);
//! - reads are chunked with short Le already, so a tag without extended length never refuses
//!   them;
//! - a reading session the patient cancelled ends the check as cancelled
//!   ([`CardError::ReadingCancelled`]).

use std::net::TcpStream;
use std::time::{Duration, Instant};

use mynakit_protocol::framing::{write_frame, FrameReader};
use mynakit_protocol::nfc::{AppMessage, Platform, RelayMessage, TransceiveError};

use crate::card::{CardError, CardTransport};

/// How long one transceive may take before the relay is taken as gone.
const ANSWER_WAIT: Duration = Duration::from_secs(30);
/// The transceive timeout asked for around a signature.
const SIGN_TIMEOUT_MS: u64 = 5000;
/// How often a wait looks at the socket.
const POLL: Duration = Duration::from_millis(20);

/// The relay's address and token from the client's environment, if it has them.
pub fn relay_from_vars<'a>(
    vars: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<(String, String)> {
    let (mut addr, mut token) = (None, None);
    for (key, value) in vars {
        match key {
            mynakit_protocol::nfc::env::RELAY => addr = Some(value.to_owned()),
            mynakit_protocol::nfc::env::RELAY_TOKEN => token = Some(value.to_owned()),
            _ => {}
        }
    }
    addr.zip(token)
}

/// The patient's card, read over the NFC relay.
pub struct RelayCard {
    stream: TcpStream,
    frames: FrameReader,
    next_id: i64,
    /// A tag is in the field now.
    tag: bool,
    /// The card of this session left; commands fail until `reconnect`.
    lost: bool,
    /// The reading session ended; commands fail as cancelled.
    ended: bool,
    /// The timeout the relay applies now, ms.
    timeout_ms: u64,
    /// Reader mode is on: turned on at the first wait or command, not at connecting, so that
    /// the app's own login comes first (`DATA-app-login`): on iOS the discovery SELECTs start
    /// with the reading.
    reading: bool,
}

impl std::fmt::Debug for RelayCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayCard")
            .field("tag", &self.tag)
            .field("lost", &self.lost)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

fn relay_error(e: impl std::fmt::Display) -> CardError {
    CardError::Reader(format!("NFC relay: {e}"))
}

impl RelayCard {
    /// Connects to the relay at `addr` and says hello with `token`; reader mode goes on when the
    /// card is first waited for or used.
    ///
    /// # Errors
    ///
    /// [`CardError::Reader`] when the relay cannot be reached or refuses the hello.
    pub fn connect(addr: &str, token: &str) -> Result<RelayCard, CardError> {
        let stream = TcpStream::connect(addr).map_err(relay_error)?;
        stream.set_read_timeout(Some(POLL)).map_err(relay_error)?;
        let _ = stream.set_nodelay(true);
        let mut card = RelayCard {
            stream,
            frames: FrameReader::default(),
            next_id: 0,
            tag: false,
            lost: false,
            ended: false,
            timeout_ms: 618,
            reading: false,
        };
        card.send(&AppMessage::Hello {
            token: token.to_owned(),
            app: "mynakit-reference-client".to_owned(),
            // An iOS app listing only the AP it reads (an Android app would say `android` and
            // no list): the relay then SELECTs it at discovery and refuses any other, as Core
            // NFC does (`docs/mobile.md`, "The tag").
            platform: Platform::Ios,
            select_identifiers: Some(vec![hex_upper(&crate::jpki::JPKI_AID)]),
            protocol: Some(mynakit_protocol::nfc::RELAY_PROTOCOL),
        })?;
        match card.next(Instant::now() + ANSWER_WAIT)? {
            Some(RelayMessage::Welcome { .. }) => {}
            other => return Err(relay_error(format!("no welcome: {other:?}"))),
        }
        Ok(card)
    }

    /// Turns reader mode on, once.
    fn start_reading(&mut self) -> Result<(), CardError> {
        if !self.reading {
            self.send(&AppMessage::StartReading { alert: None })?;
            self.reading = true;
        }
        Ok(())
    }

    fn send(&mut self, message: &AppMessage) -> Result<(), CardError> {
        write_frame(&mut self.stream, message).map_err(relay_error)
    }

    /// The next line before `deadline` (`None`: nothing came), with the tag's state updated.
    fn next(&mut self, deadline: Instant) -> Result<Option<RelayMessage>, CardError> {
        loop {
            match self.frames.next_frame(&mut self.stream) {
                Ok(Some(frame)) => {
                    let message: RelayMessage =
                        serde_json::from_value(frame.value).map_err(relay_error)?;
                    match &message {
                        RelayMessage::TagDiscovered { tag } => {
                            self.tag = true;
                            self.timeout_ms = tag.timeout_ms;
                        }
                        RelayMessage::TagLost {} => {
                            self.tag = false;
                            self.lost = true;
                        }
                        RelayMessage::SessionEnded { .. } => {
                            self.tag = false;
                            self.ended = true;
                        }
                        RelayMessage::Error { code, message } => {
                            return Err(relay_error(format!("{code}: {message}")));
                        }
                        _ => {}
                    }
                    return Ok(Some(message));
                }
                Ok(None) => return Err(relay_error("the relay closed the connection")),
                Err(e) if e.is_timeout() => {
                    if Instant::now() >= deadline {
                        return Ok(None);
                    }
                }
                Err(e) => return Err(relay_error(e)),
            }
        }
    }

    /// Reads what has already arrived.
    fn drain(&mut self) -> Result<(), CardError> {
        while self.next(Instant::now())?.is_some() {}
        Ok(())
    }

    fn set_timeout(&mut self, ms: u64) -> Result<(), CardError> {
        if self.timeout_ms != ms {
            self.send(&AppMessage::SetTimeout { ms })?;
            self.timeout_ms = ms;
        }
        Ok(())
    }

    fn transceive(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&AppMessage::Transceive {
            id,
            apdu: hex_upper(apdu),
        })?;
        let deadline = Instant::now() + ANSWER_WAIT;
        loop {
            match self.next(deadline)? {
                Some(RelayMessage::TransceiveResult { id: got, response }) if got == id => {
                    return from_hex(&response);
                }
                Some(RelayMessage::TransceiveError {
                    id: got,
                    error,
                    message,
                }) if got == id => {
                    return Err(match error {
                        TransceiveError::TagLost | TransceiveError::NotConnected => {
                            self.lost = true;
                            if self.ended {
                                CardError::ReadingCancelled
                            } else {
                                CardError::Removed
                            }
                        }
                        other => relay_error(format!("{}: {message}", other.as_str())),
                    });
                }
                Some(_) => {}
                None => return Err(relay_error("no answer to a transceive")),
            }
        }
    }
}

impl CardTransport for RelayCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        if !self.reading {
            // A command before any wait: the tag is whatever reading finds at once.
            self.start_reading()?;
            let deadline = Instant::now() + Duration::from_secs(2);
            while !self.tag && !self.ended {
                if self.next(deadline)?.is_none() {
                    break;
                }
            }
        }
        self.drain()?;
        if self.ended {
            return Err(CardError::ReadingCancelled);
        }
        if self.lost || !self.tag {
            return Err(CardError::Removed);
        }
        let signs = matches!(apdu, [_, 0x2A | 0x88, ..]);
        if signs {
            self.set_timeout(SIGN_TIMEOUT_MS)?;
        }
        let answer = self.transceive(apdu);
        if signs && !self.lost {
            let _ = self.set_timeout(618);
        }
        answer
    }

    fn wait_for_card(&mut self, timeout: Duration) -> Result<bool, CardError> {
        let deadline = Instant::now() + timeout;
        self.start_reading()?;
        self.drain()?;
        while !self.tag && !self.ended {
            if self.next(deadline)?.is_none() {
                break;
            }
        }
        Ok(self.tag)
    }

    /// A new session with the card presented now: after the tag was lost, the patient holds the
    /// card to the phone again.
    fn reconnect(&mut self) -> Result<(), CardError> {
        self.drain()?;
        self.lost = false;
        Ok(())
    }

    /// Reader mode off.
    fn release(&mut self) {
        if self.send(&AppMessage::StopReading {}).is_ok() {
            let deadline = Instant::now() + Duration::from_secs(2);
            while let Ok(Some(message)) = self.next(deadline) {
                if message == (RelayMessage::Stopped {}) {
                    break;
                }
            }
        }
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }

    fn reads_over_nfc(&mut self) -> bool {
        true
    }
}

fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn from_hex(text: &str) -> Result<Vec<u8>, CardError> {
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| relay_error(format!("not hex: {text:?}")))
        })
        .collect()
}
