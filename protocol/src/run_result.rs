//! The final result of one client run and where it came from: the client's `result` line, or
//! the harness when the client gave none (a timeout, an exit, a broken protocol).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ClientMessage, LineError, Outcome};

/// Where a client's final result came from: the client itself, or the harness when the client
/// gave none. Timeouts and crashes are results too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "origin", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ResultOrigin {
    /// The client's `result` line.
    Client,
    /// The scenario's time limit passed; the harness ended the client.
    Timeout {
        /// The limit, in milliseconds.
        after_ms: u64,
    },
    /// The client exited without a `result`.
    Exited {
        /// Its exit code, if it exited normally.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<i32>,
        /// The signal that ended it (Unix), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signal: Option<i32>,
    },
    /// Manual mode: a person reported what the app showed.
    Manual,
    /// The client sent a line the harness could not accept.
    ProtocolError {
        /// The decoding error, with its byte offset.
        error: String,
    },
}

/// The final result of one client run, as the runner records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunResult {
    /// The outcome (`timeout` or `crashed` when the harness made it).
    pub outcome: Outcome,
    /// The fields the client reported.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Free text the client reported (absent, never `null`, when it gave none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub text: Option<String>,
    /// Where it came from.
    pub origin: ResultOrigin,
}

impl RunResult {
    /// A result the client reported; `None` for any other message.
    pub fn from_client(message: &ClientMessage) -> Option<RunResult> {
        match message {
            ClientMessage::Result {
                outcome,
                fields,
                text,
            } => Some(RunResult {
                outcome: *outcome,
                fields: fields.clone(),
                text: text.clone(),
                origin: ResultOrigin::Client,
            }),
            _ => None,
        }
    }

    /// The harness's result when the time limit passed.
    pub fn timeout(after_ms: u64) -> RunResult {
        RunResult::harness(Outcome::Timeout, ResultOrigin::Timeout { after_ms })
    }

    /// The harness's result when the client exited without a `result`.
    pub fn exited(code: Option<i32>, signal: Option<i32>) -> RunResult {
        RunResult::harness(Outcome::Crashed, ResultOrigin::Exited { code, signal })
    }

    /// The harness's result when the client broke the protocol.
    pub fn protocol_error(error: &LineError) -> RunResult {
        RunResult::harness(
            Outcome::Crashed,
            ResultOrigin::ProtocolError {
                error: error.to_string(),
            },
        )
    }

    fn harness(outcome: Outcome, origin: ResultOrigin) -> RunResult {
        RunResult {
            outcome,
            fields: BTreeMap::new(),
            text: None,
            origin,
        }
    }
}
