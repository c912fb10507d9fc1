//! The NFC relay's messages (`docs/mobile.md`): the virtual card offered to a mobile app as its
//! NFC adapter would offer a tag, over JSON lines ([`crate::framing`]). The app sends
//! [`AppMessage`]s, the relay answers with [`RelayMessage`]s. The vocabulary is Android's
//! `IsoDep`/`NfcB` and iOS Core NFC's `NFCISO7816Tag`/`NFCTagReaderSession`
//! (developer.android.com/reference/android/nfc/tech/IsoDep,
//! developer.apple.com/documentation/corenfc/nfcreadererror/code).

use serde::{Deserialize, Serialize};

/// The relay protocol's version (`hello.protocol`, `welcome.protocol`).
pub const RELAY_PROTOCOL: u32 = 1;

/// The environment variables a client spawned by the harness gets when its card is behind the
/// relay.
pub mod env {
    /// `127.0.0.1:PORT`: where the relay listens.
    pub const RELAY: &str = "MYNAKIT_RELAY";
    /// The relay's per-run token (32 lower-case hex characters). A secret: never log it.
    pub const RELAY_TOKEN: &str = "MYNAKIT_RELAY_TOKEN";
    /// The phone OS the scenario asks the app to play (`android` or `ios`), set only when the
    /// scenario names one (`platform:`): an app that can play either says hello as this one.
    pub const PLATFORM: &str = "MYNAKIT_PLATFORM";
}

/// Which phone OS the app says it runs on.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// Android (`IsoDep`).
    Android,
    /// iOS (Core NFC): `select_identifiers` are enforced.
    Ios,
    /// Anything else (a plug-in reader, a desktop test).
    #[default]
    Other,
}

impl Platform {
    /// The name in `hello.platform` and `MYNAKIT_PLATFORM`.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Android => "android",
            Platform::Ios => "ios",
            Platform::Other => "other",
        }
    }
}

/// A line from the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum AppMessage {
    /// The first line.
    Hello {
        /// The run's token (missing: refused as a wrong one).
        #[serde(default)]
        token: String,
        /// The app's name, for logs.
        #[serde(default)]
        app: String,
        /// The app's OS.
        #[serde(default)]
        platform: Platform,
        /// iOS: the AIDs of the app's `com.apple.developer.nfc.readersession.iso7816.select-identifiers`
        /// (hex).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        select_identifiers: Option<Vec<String>>,
        /// The relay protocol the app speaks (1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        protocol: Option<u32>,
    },
    /// Reader mode on / the reading sheet opened.
    StartReading {
        /// iOS: the sheet's text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        alert: Option<String>,
    },
    /// One command APDU.
    Transceive {
        /// Chosen by the app, echoed in the answer.
        id: i64,
        /// The whole command APDU, hex.
        apdu: String,
    },
    /// `IsoDep.setTimeout`.
    SetTimeout {
        /// Milliseconds.
        ms: u64,
    },
    /// Reader mode off / the session invalidated.
    StopReading {},
}

/// The tag the relay reports in `tag-discovered`: an ISO 14443-4 Type B card, as Android's
/// `NfcB` and `IsoDep` describe it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagInfo {
    /// The PUPI (4 bytes), hex: `Tag.getId()`.
    pub id: String,
    /// `Tag.getTechList()` in short names: `["IsoDep","NfcB"]`.
    pub tech: Vec<String>,
    /// `B`.
    pub nfc_type: String,
    /// The ATQB's application data and protocol info, hex (`NfcB.getApplicationData` and
    /// `getProtocolInfo`, as `IsoDep` is built from them).
    pub atqb: String,
    /// `IsoDep.getHiLayerResponse()`, hex (empty: the card has none).
    pub hi_layer_response: String,
    /// `IsoDep.getHistoricalBytes()`: `null` for Type B.
    pub historical_bytes: Option<String>,
    /// `IsoDep.isExtendedLengthApduSupported()`.
    pub extended_length: bool,
    /// `IsoDep.getMaxTransceiveLength()`.
    pub max_transceive: usize,
    /// The transceive timeout now in force, ms.
    pub timeout_ms: u64,
    /// iOS: `NFCISO7816Tag.initialSelectedAID`, hex, or `null`.
    pub initial_selected_aid: Option<String>,
}

/// Why a transceive failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransceiveError {
    /// The card left the field (`TagLostException`; iOS `NFCReaderError` 100).
    TagLost,
    /// No answer within the timeout (`IOException`; iOS 101–102).
    Timeout,
    /// Longer than `max_transceive` ("Transceive length exceeds supported maximum"; iOS 105).
    TooLong,
    /// An extended-length APDU on a tag without extended length.
    NoExtendedLength,
    /// iOS: SELECT of an AID not in `select_identifiers` (Core NFC refuses it).
    SecurityViolation,
    /// No tag is connected.
    NotConnected,
}

impl TransceiveError {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            TransceiveError::TagLost => "tag-lost",
            TransceiveError::Timeout => "timeout",
            TransceiveError::TooLong => "too-long",
            TransceiveError::NoExtendedLength => "no-extended-length",
            TransceiveError::SecurityViolation => "security-violation",
            TransceiveError::NotConnected => "not-connected",
        }
    }
}

/// Why the reading session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SessionEndReason {
    /// The patient cancelled the sheet (iOS `NFCReaderError` 200).
    UserCancelled,
    /// The session's time limit (iOS 201: 60 s).
    Timeout,
    /// The system ended reader mode.
    System,
}

impl SessionEndReason {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionEndReason::UserCancelled => "user-cancelled",
            SessionEndReason::Timeout => "timeout",
            SessionEndReason::System => "system",
        }
    }
}

/// A line from the relay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum RelayMessage {
    /// `hello` accepted.
    Welcome {
        /// The relay protocol (1).
        protocol: u32,
        /// The reader (slot) name.
        reader: String,
    },
    /// A card is in the field while reading is on.
    TagDiscovered {
        /// What the tag says of itself.
        tag: TagInfo,
    },
    /// The card's answer.
    TransceiveResult {
        /// The command's `id`.
        id: i64,
        /// Data and SW1 SW2, hex.
        response: String,
    },
    /// The command got no answer.
    TransceiveError {
        /// The command's `id`.
        id: i64,
        /// Why.
        error: TransceiveError,
        /// For people.
        message: String,
    },
    /// The card left the field.
    TagLost {},
    /// The reading session ended; the app must `start-reading` again.
    SessionEnded {
        /// Why.
        reason: SessionEndReason,
    },
    /// The answer to `stop-reading`.
    Stopped {},
    /// A protocol error; the relay closes the connection after it.
    Error {
        /// `bad-frame`, `frame-too-large`, `unknown-type`, `no-hello`, `bad-token`, `busy`,
        /// `bad-message`.
        code: String,
        /// For people.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_the_contract_writes_them() {
        let hello: AppMessage = serde_json::from_str(
            r#"{"type":"hello","token":"ab","app":"x","platform":"ios","select_identifiers":["D392F000260100000001"],"protocol":1}"#,
        )
        .unwrap();
        assert!(matches!(
            hello,
            AppMessage::Hello {
                platform: Platform::Ios,
                ..
            }
        ));
        let stop: AppMessage = serde_json::from_str(r#"{"type":"stop-reading"}"#).unwrap();
        assert_eq!(stop, AppMessage::StopReading {});
        let err = RelayMessage::TransceiveError {
            id: 3,
            error: TransceiveError::NoExtendedLength,
            message: "m".into(),
        };
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"type":"transceive-error","id":3,"error":"no-extended-length","message":"m"}"#
        );
        assert_eq!(
            serde_json::to_string(&RelayMessage::TagLost {}).unwrap(),
            r#"{"type":"tag-lost"}"#
        );
        assert_eq!(
            serde_json::to_string(&RelayMessage::SessionEnded {
                reason: SessionEndReason::UserCancelled
            })
            .unwrap(),
            r#"{"type":"session-ended","reason":"user-cancelled"}"#
        );
    }
}
