//! The harness's lines: the operator's answers to the client's asks, the welcome and the
//! error. The only place a secret crosses the protocol.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::line::{decode, encode};
use crate::{socket, InsuranceCardData, LineError, Mode, Secret, REDACTED};

/// A line from the harness to the client. An answer carries the `type` and `id` of its ask.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum HarnessMessage {
    /// The answer to `hello`.
    Welcome {
        /// The version the harness speaks.
        protocol: u32,
        /// The run id.
        run: String,
        /// The scenario id.
        scenario: String,
        /// Over the client socket: every `MYNAKIT_*` variable a spawned client would get.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        context: BTreeMap<String, String>,
    },
    /// The PIN the operator entered. The only place a secret crosses the protocol: it is
    /// serialised in clear on the wire and redacted everywhere else ([`Self::redacted`]).
    Pin {
        /// The ask's id.
        id: String,
        /// The PIN as typed.
        #[serde(serialize_with = "Secret::serialize_exposed")]
        pin: Secret,
    },
    /// The patient's answer to a consent ask.
    Consent {
        /// The ask's id.
        id: String,
        /// Whether consent was given.
        granted: bool,
    },
    /// The mode the staff chose.
    Mode {
        /// The ask's id.
        id: String,
        /// The mode.
        mode: Mode,
    },
    /// A yes or no.
    Confirm {
        /// The ask's id.
        id: String,
        /// Yes.
        yes: bool,
    },
    /// The insurance card's data as the staff keyed it in.
    InsuranceCard {
        /// The ask's id.
        id: String,
        /// The data.
        card: InsuranceCardData,
    },
    /// The insurance cards' data for a bulk check, in the order the staff keyed them.
    InsuranceCards {
        /// The ask's id.
        id: String,
        /// The cards (at least one).
        cards: Vec<InsuranceCardData>,
    },
    /// The account password the staff typed (the answer to a `password` ask). A secret like
    /// the PIN: in clear on the wire only, redacted everywhere else ([`Self::redacted`]).
    Password {
        /// The ask's id.
        id: String,
        /// The password as typed.
        #[serde(serialize_with = "Secret::serialize_exposed")]
        password: Secret,
    },
    /// The operator pressed cancel instead of answering.
    Cancel {
        /// The ask's id.
        id: String,
    },
    /// The harness ends the conversation (protocol error, unsupported version, time limit).
    Error {
        /// Why.
        text: String,
    },
}

impl HarnessMessage {
    /// The line to write to the client (with its newline). A `pin` answer holds the PIN in
    /// clear: write it to the client's stdin and nowhere else.
    pub fn encode_line(&self) -> String {
        encode(self)
    }

    /// This message with any PIN replaced by `<redacted>`, for timelines and reports.
    pub fn redacted(&self) -> HarnessMessage {
        match self {
            HarnessMessage::Pin { id, .. } => HarnessMessage::Pin {
                id: id.clone(),
                pin: Secret::new(REDACTED),
            },
            HarnessMessage::Password { id, .. } => HarnessMessage::Password {
                id: id.clone(),
                password: Secret::new(REDACTED),
            },
            HarnessMessage::Welcome { context, .. } if !context.is_empty() => {
                let mut welcome = self.clone();
                if let HarnessMessage::Welcome { context, .. } = &mut welcome {
                    socket::redact_context(context);
                }
                welcome
            }
            other => other.clone(),
        }
    }

    /// Decodes one line (as a client written in Rust does).
    ///
    /// # Errors
    ///
    /// [`LineError`] with the byte offset of the problem.
    pub fn decode_line(line: &str) -> Result<HarnessMessage, LineError> {
        decode(line)
    }
}
