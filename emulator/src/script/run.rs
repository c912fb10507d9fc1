//! Running a script against a card: the virtual one or one behind a PC/SC reader.

use super::language::{secret_key, Expectation, Script, Step};
use crate::card::Card;
use crate::redact;

/// What happened at one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// The script line.
    pub line: usize,
    /// The command as hex with PIN bytes redacted, or the directive (`@reset`).
    pub command: String,
    /// The response bytes (empty for directives other than power-on/reset, which give the ATR).
    pub response: Vec<u8>,
    /// The expectation, if any.
    pub expect: Option<Expectation>,
    /// Whether the expectation held (true when there was none).
    pub passed: bool,
    /// Why the step got no response (a transport error, a secret not given).
    pub error: Option<StepError>,
}

/// Why a step got no response.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// A [`Step::Secret`] whose secret nobody gave: nothing was sent.
    #[error("not sent: no secret given")]
    NoSecret,
    /// The transport could not carry the step.
    #[error(transparent)]
    Transport(#[from] TransportError),
}

/// What went wrong reaching a card through its reader. The reader's own words (PC/SC's error
/// text) are kept as they were said: this crate sits below PC/SC and cannot name its codes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// The reader could not carry a command, a reset or a power-up to the card.
    #[error("reader {reader:?}: {said}")]
    Reader {
        /// The reader's name.
        reader: String,
        /// What the reader said.
        said: String,
    },
    /// The reader could not remove the card's power (`@power-off`); the text is the reader's
    /// alone, as `card run --reader` has always shown it.
    #[error("{said}")]
    PowerOff {
        /// The reader's name.
        reader: String,
        /// What the reader said.
        said: String,
    },
}

impl Exchange {
    /// The response as upper-case hex.
    pub fn response_hex(&self) -> String {
        hex::encode_upper(&self.response)
    }
}

/// Runs every step against `card`, continuing past failed expectations. A [`Step::Secret`]
/// is not sent (there is no PIN to send) and fails; [`run_with`] asks for it.
pub fn run(script: &Script, card: &mut Card) -> Vec<Exchange> {
    run_with(script, &mut CardTransport(card), &mut |_, _| None)
}

/// What a script runs against: the virtual card, or a card behind a PC/SC reader.
pub trait Transport {
    /// Sends a C-APDU; the R-APDU, or what went wrong.
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError>;
    /// Cold reset; the ATR.
    fn power_on(&mut self) -> Result<Vec<u8>, TransportError>;
    /// Warm reset; the ATR.
    fn reset(&mut self) -> Result<Vec<u8>, TransportError>;
    /// Removes power.
    fn power_off(&mut self) -> Result<(), TransportError>;
}

/// The virtual card as a [`Transport`].
pub struct CardTransport<'a>(pub &'a mut Card);

impl Transport for CardTransport<'_> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        Ok(self.0.transmit(command))
    }
    fn power_on(&mut self) -> Result<Vec<u8>, TransportError> {
        Ok(self.0.power_on().to_vec())
    }
    fn reset(&mut self) -> Result<Vec<u8>, TransportError> {
        Ok(self.0.warm_reset().to_vec())
    }
    fn power_off(&mut self) -> Result<(), TransportError> {
        self.0.power_off();
        Ok(())
    }
}

/// Runs every step through `transport`. `secret(line, redacted)` gives the secret of a
/// [`Step::Secret`] (typed by a person); `None` skips the step, which then fails. A transport
/// error fails its step and is shown as the response text.
pub fn run_with(
    script: &Script,
    transport: &mut dyn Transport,
    secret: &mut dyn FnMut(usize, &str) -> Option<Vec<u8>>,
) -> Vec<Exchange> {
    script
        .lines
        .iter()
        .map(|line| match &line.step {
            Step::Secret {
                header,
                length,
                expect,
            } => {
                let key = secret_key(*header, *length);
                let Some(value) = secret(line.number, &key) else {
                    return Exchange {
                        line: line.number,
                        command: key,
                        response: Vec::new(),
                        expect: expect.clone(),
                        passed: false,
                        error: Some(StepError::NoSecret),
                    };
                };
                let mut command = header.to_vec();
                match u8::try_from(value.len()) {
                    Ok(lc) => command.push(lc),
                    Err(_) => {
                        command.push(0);
                        command.extend_from_slice(&(value.len() as u16).to_be_bytes());
                    }
                }
                command.extend_from_slice(&value);
                exchange(line.number, &command, expect, transport.transmit(&command))
            }
            Step::Apdu { command, expect } => {
                exchange(line.number, command, expect, transport.transmit(command))
            }
            directive => {
                let (name, response) = match directive {
                    Step::PowerOn => ("@power-on", transport.power_on()),
                    Step::Reset => ("@reset", transport.reset()),
                    _ => ("@power-off", transport.power_off().map(|()| Vec::new())),
                };
                let (response, error) = match response {
                    Ok(r) => (r, None),
                    Err(e) => (Vec::new(), Some(StepError::Transport(e))),
                };
                Exchange {
                    line: line.number,
                    command: name.to_owned(),
                    response,
                    expect: None,
                    passed: error.is_none(),
                    error,
                }
            }
        })
        .collect()
}

fn exchange(
    line: usize,
    command: &[u8],
    expect: &Option<Expectation>,
    response: Result<Vec<u8>, TransportError>,
) -> Exchange {
    let (response, error) = match response {
        Ok(r) => (r, None),
        Err(e) => (Vec::new(), Some(StepError::Transport(e))),
    };
    Exchange {
        line,
        command: redact::command_hex(command),
        passed: error.is_none() && expect.as_ref().is_none_or(|e| e.matches(&response)),
        response,
        expect: expect.clone(),
        error,
    }
}
