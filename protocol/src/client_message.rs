//! The client's lines: what a client asks, shows and reports, decoded once, fully, and
//! checked for what JSON cannot say.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::line::{decode, encode};
use crate::{
    line_text, AppLoginMethod, Capabilities, ClaimedAddition, ConfirmTopic, ConsentTopic,
    FacilityInputs, Fallback, FeeSchedule, LineError, LineErrorKind, Mode, Outcome, PinRef,
    VisitKind,
};

/// A line from the client to the harness.
// `Hello` carries the whole declaration (`Capabilities`, grown by `began` and `suite`): one
// `hello` a run, so its size costs nothing, and boxing it would change every caller's pattern.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ClientMessage {
    /// The first line: the protocol version the client speaks, and who it is.
    Hello {
        /// Must be [`PROTOCOL_VERSION`](crate::PROTOCOL_VERSION).
        protocol: u32,
        /// The client's name.
        client: String,
        /// The client's own version.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        /// What the client claims to do (role, modes, flows, rule sets); absent = nothing
        /// declared (`docs/client-protocol.md`, "Capabilities"). Added in mynakit 0.1 without a
        /// version bump: optional, and never required of a client.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capabilities: Option<Capabilities>,
        /// The run's pairing token, required over the client socket (`docs/mobile.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
    },
    /// Ask the operator for a PIN. `tries_left` is what an empty VERIFY answered (`63Cx`), as
    /// shown to the patient; `null` if the client did not read it.
    Pin {
        /// Echoed in the answer.
        id: String,
        /// Which PIN.
        #[serde(default)]
        pin: PinRef,
        /// Tries left as read from the card.
        #[serde(default)]
        tries_left: Option<u8>,
    },
    /// Ask the patient for consent.
    Consent {
        /// Echoed in the answer.
        id: String,
        /// About what.
        topic: ConsentTopic,
        /// The terms version shown (topic `terms`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        terms_version: Option<String>,
        /// The question as the screen shows it, as a `confirm`'s `text` (added 2026-11-29
        /// without a protocol version: a line without it reads as before).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// Ask the staff which mode to use.
    Mode {
        /// Echoed in the answer.
        id: String,
        /// The modes the client offers (at least one).
        offered: Vec<Mode>,
    },
    /// Ask for a yes or no.
    Confirm {
        /// Echoed in the answer.
        id: String,
        /// About what.
        topic: ConfirmTopic,
        /// The question as the screen shows it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// Ask the staff for the insurance card's data (mode `insurance-card`).
    InsuranceCard {
        /// Echoed in the answer.
        id: String,
    },
    /// Ask the staff for the insurance card data of several patients (mode `bulk`).
    InsuranceCards {
        /// Echoed in the answer.
        id: String,
    },
    /// Ask the staff to type the facility account's password at the app's login (flow
    /// `password-ask`: `MYNAKIT_ACCOUNT` is set and `MYNAKIT_ACCOUNT_PASSWORD` is not;
    /// `docs/device-setup.md`). Added in mynakit 0.1 without a version bump.
    Password {
        /// Echoed in the answer.
        id: String,
        /// The user id the password is for (as `MYNAKIT_ACCOUNT`), when the screen shows it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_id: Option<String>,
        /// What the screen says (e.g. after a wrong password).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// What the screen shows now (any number of times).
    Display {
        /// The outcome the screen shows, if it shows one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<Outcome>,
        /// Fields shown, named like the OQS elements (`DisqualificationDate`, `InsurerName`…).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        fields: BTreeMap<String, String>,
        /// Tries left, when the screen shows them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tries_left: Option<u8>,
        /// Free text shown (a message, a warning).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// A warning the screen shows about one field of what it displays (any number of times,
    /// like `display`; no answer): e.g. `Name` holding `●`, a character OQS could not carry
    /// (外字), which staff must correct before a claim. Added in mynakit 0.1 without a version
    /// bump (a client that never sends it sees no change).
    Warning {
        /// The OQS element name of the field (`Name`, `NameKana`, `Address`, …).
        field: String,
        /// The warning as the screen shows it.
        text: String,
    },
    /// Tells the staff what to do instead of the online check (`docs/care-settings.md`):
    /// the fallbacks offered, and the words on screen. Not an ask: no answer comes.
    Fallback {
        /// What the staff can do instead (at least one).
        offered: Vec<Fallback>,
        /// The words on screen.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// What the app read aloud (flow `read-aloud`, `docs/client-protocol.md`, "Reading
    /// aloud"): the words spoken, sent unprompted, any number of times. Not an ask: no answer
    /// comes. See [`read_aloud`](crate::read_aloud) for what must (and must never) be read.
    Spoken {
        /// The words read aloud, as the speech engine was given them.
        text: String,
    },
    /// The app unlocked itself at its own login screen (biometrics or passcode) before its first
    /// card read (`docs/client-protocol.md`, "The app's own login"). No answer comes.
    AppLogin {
        /// How.
        method: AppLoginMethod,
    },
    /// What the レセコン recorded for the visit, for its claim (flow `claim-record`,
    /// `docs/client-protocol.md`, "The claim record"): whether the patient's マイナ保険証 was used
    /// to confirm the visit, and whether the patient's information was obtained through
    /// オンライン資格確認. The 加算 a claim takes depends on them, by the rules of the visit's day
    /// ([`ClaimAddition`](crate::ClaimAddition)); `XML-claim-record` compares them with what
    /// happened in the run. Sent once, before the `result`. Not an ask: no answer comes. Added
    /// in mynakit 0.1 without a version bump.
    ClaimRecord {
        /// The patient's My Number card was used to confirm the visit (マイナ保険証を利用).
        card_used: bool,
        /// The patient's information was obtained through オンライン資格確認等 (「オンライン
        /// 資格確認等により情報を取得等した場合」).
        information_obtained: bool,
        /// 初診 or 再診 (`first`, `return`); absent: 初診, as every 2022 record was.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        visit: Option<VisitKind>,
        /// The 加算 was already taken for this patient within its frequency (this month; three
        /// months for a 3月に1回 再診 tier), so none is due; absent: `false`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        already_claimed: Option<bool>,
        /// The facility's declared inputs a tier depends on (電子処方箋, 電子カルテ情報共有).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        facility: Option<FacilityInputs>,
        /// The 加算 the レセコン claims for the visit from the line `XML-claim-record` judges
        /// ([`ClaimAddition`](crate::ClaimAddition)): empty when none; absent when the レセコン
        /// does not say (only the booleans are judged then).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        claimed: Option<Vec<ClaimedAddition>>,
        /// The 点数表 the visit is claimed on: `medical` (a 医療機関's 医科 visit) or `pharmacy`
        /// (a 薬局's 調剤, judged by the 調剤 rows, which have no 初診 / 再診); absent:
        /// `medical`, as every record before it was. Added for issue 71 without a version bump.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fee_schedule: Option<FeeSchedule>,
    },
    /// What the app found when it checked its devices before a 巡回健診 tour's first card
    /// check (flow `pre-tour-check`, `docs/bus-kenshin.md`, "The device check before a tour"):
    /// whether the service answered its health endpoint, whether a card reader was there, and
    /// whether the check passed (both did). Sent once, before the first `POST
    /// /v1/confirmations`. Not an ask: no answer comes. Added in mynakit 0.1 without a version
    /// bump.
    DeviceCheck {
        /// `GET /v1/health` was answered 200 just before.
        service: bool,
        /// A card reader was found (PC/SC, or the NFC relay's reading session).
        reader: bool,
        /// The check passed: `service` and `reader` both. What the staff are told.
        passed: bool,
        /// The words on screen.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// The last line: what the client finally shows.
    Result {
        /// One of the fixed vocabulary (not `timeout` or `crashed`).
        outcome: Outcome,
        /// Fields shown, named like the OQS elements.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        fields: BTreeMap<String, String>,
        /// Free text shown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
}

impl ClientMessage {
    /// The line to write to the harness (with its newline).
    pub fn encode_line(&self) -> String {
        encode(self)
    }

    /// Decodes one line from the client and checks what JSON cannot: a non-empty `id`, at least
    /// one mode offered, a terms version for `terms`, tries left ≤ 15, and no harness-only
    /// outcome.
    ///
    /// # Errors
    ///
    /// [`LineError`] with the byte offset of the problem.
    pub fn decode_line(line: &str) -> Result<ClientMessage, LineError> {
        let message: ClientMessage = decode(line)?;
        let at = |key: &str| line.find(&format!("\"{key}\"")).unwrap_or(0);
        let invalid = |key: &str, message: String| LineError {
            offset: at(key),
            kind: LineErrorKind::Invalid(message),
        };
        match &message {
            ClientMessage::Pin { id, .. }
            | ClientMessage::Consent { id, .. }
            | ClientMessage::Mode { id, .. }
            | ClientMessage::Confirm { id, .. }
            | ClientMessage::InsuranceCard { id }
            | ClientMessage::InsuranceCards { id }
            | ClientMessage::Password { id, .. }
                if id.is_empty() =>
            {
                return Err(invalid("id", "`id` must not be empty".into()));
            }
            _ => {}
        }
        match &message {
            ClientMessage::Mode { offered, .. } if offered.is_empty() => {
                Err(invalid("offered", "`offered` names no mode".into()))
            }
            ClientMessage::Fallback { offered, .. } if offered.is_empty() => {
                Err(invalid("offered", "`offered` names no fallback".into()))
            }
            ClientMessage::Consent {
                topic: ConsentTopic::Terms,
                terms_version: None,
                ..
            } => Err(invalid(
                "topic",
                "consent to `terms` needs `terms_version`".into(),
            )),
            ClientMessage::Pin {
                tries_left: Some(n),
                ..
            }
            | ClientMessage::Display {
                tries_left: Some(n),
                ..
            } if *n > 15 => Err(invalid(
                "tries_left",
                format!("`tries_left` {n} is more than a card can have (15)"),
            )),
            ClientMessage::Result { outcome, .. }
            | ClientMessage::Display {
                outcome: Some(outcome),
                ..
            } if outcome.harness_only() => Err(invalid(
                "outcome",
                format!("outcome `{outcome}` is given by the harness, not reported by a client"),
            )),
            _ => Ok(message),
        }
    }

    /// Decodes one line as it came off the pipe: bytes that must be UTF-8 (without lossy
    /// repair: a client that sends anything else is wrong, and the place says where), then
    /// [`ClientMessage::decode_line`]. A trailing `\n` or `\r\n` is allowed.
    ///
    /// # Errors
    ///
    /// [`LineError`] with the byte offset of the problem; [`LineErrorKind::NotUtf8`] at the
    /// first byte that is not UTF-8.
    pub fn decode_bytes(line: &[u8]) -> Result<ClientMessage, LineError> {
        let text = line_text(line)?;
        ClientMessage::decode_line(text)
    }

    /// The ask's id, for asks.
    pub fn ask_id(&self) -> Option<&str> {
        match self {
            ClientMessage::Pin { id, .. }
            | ClientMessage::Consent { id, .. }
            | ClientMessage::Mode { id, .. }
            | ClientMessage::Confirm { id, .. }
            | ClientMessage::InsuranceCard { id }
            | ClientMessage::InsuranceCards { id }
            | ClientMessage::Password { id, .. } => Some(id),
            _ => None,
        }
    }
}
