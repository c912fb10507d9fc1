//! The conversation with the harness (`docs/client-protocol.md`): JSON lines on the client's
//! stdin and stdout. The client *asks* (mode, PIN, consent, confirm, insurance card) and waits
//! for the answer to that ask before its next line; it *shows* (`display`) whenever the screen
//! changes; it ends with one `result`.
//!
//! An operator's `cancel` at any ask ends the flow with the outcome `cancelled`, so every ask
//! returns `Result<_, Stop>` and the flows simply use `?`.

use std::io::{BufRead, Write};

use mynakit_oqs::ElementName;
use mynakit_protocol::{
    read_aloud, ClientMessage, ConfirmTopic, ConsentTopic, Fallback, HarnessMessage,
    InsuranceCardData, Mode, PinRef, Secret, PROTOCOL_VERSION,
};

use crate::screen::{Screen, Stop};
use crate::ClientError;

/// The client's name in `hello`.
pub(crate) const CLIENT_NAME: &str = "mynakit-reference-client";

/// Both ends of the conversation.
pub(crate) struct Talk<R, W> {
    input: R,
    output: W,
    asks: u32,
    /// Defect `speak-pin`: the PIN typed last, kept to be read aloud with the result.
    speak_pin: Option<Option<Secret>>,
    /// The papers a fallback may offer today.
    papers: crate::papers::Papers,
}

impl<R: BufRead, W: Write> Talk<R, W> {
    pub(crate) fn new(input: R, output: W) -> Talk<R, W> {
        Talk {
            input,
            output,
            asks: 0,
            speak_pin: None,
            papers: crate::papers::Papers::default(),
        }
    }

    /// The papers a fallback offers are those of `papers`' day.
    pub(crate) fn offer_papers(&mut self, papers: crate::papers::Papers) {
        self.papers = papers;
    }

    /// Defect `speak-pin`: keep each typed PIN and read it aloud with the result.
    pub(crate) fn speak_pins(&mut self) {
        self.speak_pin = Some(None);
    }

    fn send(&mut self, message: &ClientMessage) -> Result<(), ClientError> {
        self.output.write_all(message.encode_line().as_bytes())?;
        self.output.flush()?;
        Ok(())
    }

    fn receive(&mut self) -> Result<HarnessMessage, ClientError> {
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Err(ClientError::Closed);
        }
        match HarnessMessage::decode_line(&line) {
            Ok(HarnessMessage::Error { text }) => Err(ClientError::Harness(text)),
            Ok(message) => Ok(message),
            Err(e) => Err(ClientError::Protocol(format!(
                "cannot read the harness's line: {e}"
            ))),
        }
    }

    /// `hello` → `welcome`.
    pub(crate) fn hello(&mut self) -> Result<(), ClientError> {
        self.send(&ClientMessage::Hello {
            protocol: PROTOCOL_VERSION,
            client: CLIENT_NAME.to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            capabilities: Some(crate::capabilities()),
            token: None,
        })?;
        match self.receive()? {
            HarnessMessage::Welcome { protocol, .. } if protocol == PROTOCOL_VERSION => Ok(()),
            HarnessMessage::Welcome { protocol, .. } => Err(ClientError::Protocol(format!(
                "the harness speaks protocol {protocol}, this client {PROTOCOL_VERSION}"
            ))),
            other => Err(unexpected("welcome", &other)),
        }
    }

    /// Sends the ask `make(id)` and returns the answer carrying its id, or `Stop` with the
    /// cancelled screen if the operator pressed cancel.
    fn ask(&mut self, make: impl FnOnce(String) -> ClientMessage) -> Result<HarnessMessage, Stop> {
        self.asks += 1;
        let id = format!("a{}", self.asks);
        let ask = make(id.clone());
        self.send(&ask)?;
        let answer = self.receive()?;
        let answer_id = match &answer {
            HarnessMessage::Pin { id, .. }
            | HarnessMessage::Consent { id, .. }
            | HarnessMessage::Mode { id, .. }
            | HarnessMessage::Confirm { id, .. }
            | HarnessMessage::InsuranceCard { id, .. }
            | HarnessMessage::InsuranceCards { id, .. }
            | HarnessMessage::Password { id, .. }
            | HarnessMessage::Cancel { id } => id,
            other => return Err(unexpected("an answer", other).into()),
        };
        if *answer_id != id {
            return Err(ClientError::Protocol(format!(
                "the answer names ask {answer_id:?}, the open ask is {id:?}"
            ))
            .into());
        }
        if let HarnessMessage::Cancel { .. } = answer {
            return Err(Stop::Show(Screen::cancelled()));
        }
        Ok(answer)
    }

    /// Asks the staff which mode to use.
    pub(crate) fn mode(&mut self, offered: &[Mode]) -> Result<Mode, Stop> {
        let answer = self.ask(|id| ClientMessage::Mode {
            id,
            offered: offered.to_vec(),
        })?;
        match answer {
            HarnessMessage::Mode { mode, .. } if offered.contains(&mode) => Ok(mode),
            HarnessMessage::Mode { mode, .. } => {
                Err(ClientError::Protocol(format!("mode {mode:?} was not offered")).into())
            }
            other => Err(unexpected("a mode answer", &other).into()),
        }
    }

    /// Asks the patient for the auth PIN, showing the tries left read from the card.
    pub(crate) fn pin(&mut self, tries_left: Option<u8>) -> Result<Secret, Stop> {
        self.pin_of(PinRef::Auth, tries_left)
    }

    /// Asks the holder for the PIN `which` names: the auth PIN, or the 署名用 password of a
    /// relying party's 身元確認 (`docs/relying-party.md`).
    pub(crate) fn pin_of(&mut self, which: PinRef, tries_left: Option<u8>) -> Result<Secret, Stop> {
        match self.ask(|id| ClientMessage::Pin {
            id,
            pin: which,
            tries_left,
        })? {
            HarnessMessage::Pin { pin, .. } => {
                if let Some(kept) = &mut self.speak_pin {
                    *kept = Some(pin.clone());
                }
                Ok(pin)
            }
            other => Err(unexpected("a pin answer", &other).into()),
        }
    }

    /// Asks the patient to consent.
    pub(crate) fn consent(
        &mut self,
        topic: ConsentTopic,
        terms_version: Option<String>,
    ) -> Result<bool, Stop> {
        match self.ask(|id| ClientMessage::Consent {
            id,
            topic,
            terms_version,
            text: None,
        })? {
            HarnessMessage::Consent { granted, .. } => Ok(granted),
            other => Err(unexpected("a consent answer", &other).into()),
        }
    }

    /// Asks a yes or no question.
    pub(crate) fn confirm(&mut self, topic: ConfirmTopic, text: &str) -> Result<bool, Stop> {
        match self.ask(|id| ClientMessage::Confirm {
            id,
            topic,
            text: Some(text.to_owned()),
        })? {
            HarnessMessage::Confirm { yes, .. } => Ok(yes),
            other => Err(unexpected("a confirm answer", &other).into()),
        }
    }

    /// Asks the staff to type the account's password at the login (`docs/device-setup.md`);
    /// `text` says why again (a wrong password).
    pub(crate) fn password(&mut self, user_id: &str, text: Option<&str>) -> Result<Secret, Stop> {
        match self.ask(|id| ClientMessage::Password {
            id,
            user_id: Some(user_id.to_owned()),
            text: text.map(str::to_owned),
        })? {
            HarnessMessage::Password { password, .. } => Ok(password),
            other => Err(unexpected("a password answer", &other).into()),
        }
    }

    /// Asks the staff for the insurance card's data.
    pub(crate) fn insurance_card(&mut self) -> Result<InsuranceCardData, Stop> {
        match self.ask(|id| ClientMessage::InsuranceCard { id })? {
            HarnessMessage::InsuranceCard { card, .. } => Ok(card),
            other => Err(unexpected("an insurance-card answer", &other).into()),
        }
    }

    /// Asks for the insurance cards of a bulk check (mode `bulk`).
    pub(crate) fn insurance_cards(&mut self) -> Result<Vec<InsuranceCardData>, Stop> {
        match self.ask(|id| ClientMessage::InsuranceCards { id })? {
            HarnessMessage::InsuranceCards { cards, .. } => Ok(cards),
            other => Err(unexpected("an insurance-cards answer", &other).into()),
        }
    }

    /// Shows `screen`.
    pub(crate) fn display(&mut self, screen: &Screen) -> Result<(), ClientError> {
        self.send(&screen.display_message())
    }

    /// Tells the staff what to do instead of the online check (`docs/care-settings.md`).
    /// The papers among `offered` are those valid today ([`crate::papers::Papers`]).
    pub(crate) fn fallback(&mut self, offered: &[Fallback], text: &str) -> Result<(), ClientError> {
        let offered = self.papers.of_the_day(offered);
        self.send(&ClientMessage::Fallback {
            offered,
            text: Some(text.to_owned()),
        })
    }

    /// [`Talk::fallback`] for the patient whose 保険者番号 the staff keyed in: a 後期高齢者 is
    /// told the paper they hold ([`crate::papers::Papers::of_the_day_for`]).
    pub(crate) fn fallback_for(
        &mut self,
        offered: &[Fallback],
        text: &str,
        insurer_number: &str,
    ) -> Result<(), ClientError> {
        let offered = self.papers.of_the_day_for(offered, insurer_number);
        self.send(&ClientMessage::Fallback {
            offered,
            text: Some(text.to_owned()),
        })
    }

    /// Shows a progress message.
    pub(crate) fn progress(&mut self, text: &str) -> Result<(), ClientError> {
        self.display(&Screen::progress(text))
    }

    /// Flags each field of `screen` holding `●` (a character OQS could not carry, 外字) with a
    /// `warning` line, so staff correct it before a claim (`docs/client-protocol.md`).
    pub(crate) fn gaiji_warnings(&mut self, screen: &Screen) -> Result<(), ClientError> {
        for (field, value) in &screen.fields {
            if value.contains('●') {
                self.send(&ClientMessage::Warning {
                    field: field.clone(),
                    text: format!(
                        "{field} に外字（●）があります。保険証または本人に確認して正しい字に直してください"
                    ),
                })?;
            }
        }
        Ok(())
    }

    /// Reads a qualification result aloud (flow `read-aloud`, `docs/client-protocol.md`,
    /// "Reading aloud"): the outcome's word and the shown name, nothing else, in a `spoken` line.
    pub(crate) fn read_aloud(&mut self, screen: &Screen) -> Result<(), ClientError> {
        let Some(word) = screen
            .outcome
            .and_then(read_aloud::outcome_words)
            .and_then(|words| words.first())
        else {
            return Ok(());
        };
        let mut text = match screen.fields.get(ElementName::Name.as_str()) {
            Some(name) => format!("{name} さん、資格は{word}です"),
            None => format!("資格は{word}です"),
        };
        if let Some(Some(pin)) = &self.speak_pin {
            text.push_str(&format!("。暗証番号 {} で確認しました", pin.expose()));
        }
        self.send(&ClientMessage::Spoken { text })
    }

    /// Says that the app unlocked itself at its own login (flow `app-login`,
    /// `docs/client-protocol.md`, "The app's own login"): a test build has no person to show a
    /// fingerprint, so it unlocks with its passcode.
    pub(crate) fn app_login(&mut self) -> Result<(), ClientError> {
        self.send(&ClientMessage::AppLogin {
            method: mynakit_protocol::AppLoginMethod::Passcode,
        })
    }

    /// Reports the device check before a 健診 bus tour (flow `pre-tour-check`,
    /// `docs/bus-kenshin.md`, "The device check before a tour"). No answer comes.
    pub(crate) fn device_check(
        &mut self,
        service: bool,
        reader: bool,
        passed: bool,
        text: &str,
    ) -> Result<(), ClientError> {
        self.send(&ClientMessage::DeviceCheck {
            service,
            reader,
            passed,
            text: Some(text.to_owned()),
        })
    }

    /// Reports what the レセコン recorded for the visit's claim (flow `claim-record`,
    /// `docs/client-protocol.md`, "The claim record"; built by `claim::record`). No answer
    /// comes.
    pub(crate) fn claim_record(&mut self, record: &ClientMessage) -> Result<(), ClientError> {
        self.send(record)
    }

    /// Ends the conversation with `screen` as the result.
    pub(crate) fn result(&mut self, screen: &Screen) -> Result<(), ClientError> {
        self.send(&screen.result_message())
    }
}

fn unexpected(expected: &str, got: &HarnessMessage) -> ClientError {
    // `redacted()`: never let a PIN reach an error text (and from there a log).
    ClientError::Protocol(format!(
        "expected {expected}, got {}",
        got.redacted().encode_line().trim_end()
    ))
}
