//! What the screen shows: an outcome of the protocol's fixed vocabulary, the OQS fields on
//! screen and a line of text. Every `display` and the final `result` is a [`Screen`].

use std::collections::BTreeMap;

use mynakit_protocol::{ClientMessage, Outcome};

use crate::card::CardError;
use crate::ClientError;

/// One state of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Screen {
    /// The outcome shown; `None` for a progress screen ("reading the card…").
    pub(crate) outcome: Option<Outcome>,
    /// Fields shown, named like the OQS elements, values as received.
    pub(crate) fields: BTreeMap<String, String>,
    /// Tries left, on PIN screens.
    pub(crate) tries_left: Option<u8>,
    /// The message line.
    pub(crate) text: Option<String>,
    /// The answer's 医療費助成 entries (`docs/subsidies.md`), each by element name: what the
    /// レセコン takes into its claim, not shown in the protocol's fields.
    pub(crate) subsidies: Vec<BTreeMap<String, String>>,
}

impl Screen {
    /// A screen with an outcome and a message.
    pub(crate) fn outcome(outcome: Outcome, text: impl Into<String>) -> Screen {
        Screen {
            outcome: Some(outcome),
            fields: BTreeMap::new(),
            tries_left: None,
            text: Some(text.into()),
            subsidies: Vec::new(),
        }
    }

    /// A progress screen: a message only.
    pub(crate) fn progress(text: impl Into<String>) -> Screen {
        Screen {
            outcome: None,
            fields: BTreeMap::new(),
            tries_left: None,
            text: Some(text.into()),
            subsidies: Vec::new(),
        }
    }

    /// This screen with one more field.
    #[must_use]
    pub(crate) fn with_field(mut self, name: &str, value: impl Into<String>) -> Screen {
        self.fields.insert(name.to_owned(), value.into());
        self
    }

    /// The `display` line for this screen.
    pub(crate) fn display_message(&self) -> ClientMessage {
        ClientMessage::Display {
            outcome: self.outcome,
            fields: self.fields.clone(),
            tries_left: self.tries_left,
            text: self.text.clone(),
        }
    }

    /// The `result` line for this screen (a progress screen ends as `service-error`: the client
    /// never ends without an outcome).
    pub(crate) fn result_message(&self) -> ClientMessage {
        ClientMessage::Result {
            outcome: self.outcome.unwrap_or(Outcome::ServiceError),
            fields: self.fields.clone(),
            text: self.text.clone(),
        }
    }

    /// The screen for a card that could not be used.
    pub(crate) fn card_error(error: &CardError) -> Screen {
        Screen::outcome(
            Outcome::CardError,
            format!("カードを読み取れませんでした。カードを確認してください ({error})"),
        )
    }

    /// The screen after the operator pressed cancel.
    pub(crate) fn cancelled() -> Screen {
        Screen::outcome(Outcome::Cancelled, "中止しました")
    }
}

/// Why a flow ended before its natural end: a screen to show as the result, or a conversation
/// that cannot go on.
#[derive(Debug)]
pub(crate) enum Stop {
    /// End with this result.
    Show(Screen),
    /// The conversation with the harness broke; no result can be sent.
    Broken(ClientError),
}

impl From<ClientError> for Stop {
    fn from(e: ClientError) -> Stop {
        Stop::Broken(e)
    }
}

impl From<CardError> for Stop {
    fn from(e: CardError) -> Stop {
        match e {
            // The patient cancelled the phone's reading sheet: nothing is wrong with the card.
            CardError::ReadingCancelled => Stop::Show(Screen::cancelled()),
            // A defect that takes a dead PC/SC context for an empty reader: the staff wait for
            // a card that is there, and give up.
            CardError::NotFound(_) => Stop::Show(Screen::outcome(
                Outcome::Cancelled,
                "カードが見つかりませんでした。カードを置いてやり直してください",
            )),
            e => Stop::Show(Screen::card_error(&e)),
        }
    }
}
