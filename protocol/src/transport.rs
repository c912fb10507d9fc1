//! How a client reaches the card (`docs/client-protocol.md`, "Capabilities"; `docs/mobile.md`):
//! through a PC/SC reader, or over NFC as a mobile app does, through the harness's NFC relay.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The capability `transport`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Transport {
    /// A PC/SC reader (`MYNAKIT_READER`): the default.
    #[default]
    Pcsc,
    /// NFC, as a phone reads the card: the patient's card is behind the NFC relay
    /// (`MYNAKIT_RELAY`, `MYNAKIT_RELAY_TOKEN`), and the mobile scenarios apply.
    Nfc,
}

impl Transport {
    /// As written in files (`nfc`).
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Pcsc => "pcsc",
            Transport::Nfc => "nfc",
        }
    }
}

impl std::fmt::Display for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
