//! The client protocol: how the harness drives any client under test, in any language
//! (`docs/client-protocol.md`). The client is a command; it learns where the reader, service and
//! terminal folder are from `MYNAKIT_*` environment variables ([`env`]) and talks JSON lines on
//! stdin/stdout: it *asks* ([`ClientMessage::Pin`], `Consent`, `Mode`, `Confirm`), the harness
//! *answers* as the scenario's operator would ([`HarnessMessage`]), the client reports what it
//! shows (`Display`) and finally its `Result`. Each line is decoded once, fully, at this edge.
//!
//! ```
//! use mynakit_protocol::{ClientMessage, PinRef};
//!
//! // A client asks for the 利用者証明用 PIN; the harness decodes the line once, here.
//! let ask = ClientMessage::decode_line(r#"{"type":"pin","id":"7","tries_left":3}"#)?;
//! assert_eq!(ask, ClientMessage::Pin { id: "7".into(), pin: PinRef::Auth, tries_left: Some(3) });
//! assert_eq!(ask.ask_id(), Some("7"));
//! # Ok::<(), mynakit_protocol::LineError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

mod app_login;
mod capabilities;
mod checkup_identity;
pub mod framing;
pub mod nfc;
mod quoted;
pub mod read_aloud;
mod rules;
mod secret;
pub mod service_paths;
pub mod socket;
mod transport;

pub use app_login::AppLoginMethod;
pub use capabilities::{Capabilities, DeclarationError, Flow, Role};
pub use checkup_identity::{CheckupIdentity, CHECKUP_INSTITUTION_NUMBER, INSURER_ONLINE_CODE};
pub use quoted::Quoted;
pub use rules::{
    calendar, calendar_table, claim_table, horizon_span, newest_rule_date, papers_table,
    rules_horizon, AdditionLine, Applied, BeyondRules, Boundary, CardUse, ClaimAddition, ClaimFact,
    ClaimedAddition, Day, Due, FacilityInputs, FacilityTier, FeeSchedule, Frequency, NoAddition,
    NotApplied, PaperOn, PaperValidity, RuleChange, RuleSet, RulesError, Tier, VisitFacts,
    VisitKind, HORIZON_YEARS, NOT_APPLIED, PAPERS,
};
pub use secret::{redacted_json, Secret, REDACTED};
pub use transport::Transport;

/// The protocol version this harness speaks. Bumped on any incompatible change; a client's
/// `hello` names the version it speaks and the harness refuses any other.
pub const PROTOCOL_VERSION: u32 = 1;

/// The longest line either side may send, in bytes (without the newline).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// The environment variables the harness sets for the client command.
pub mod env {
    /// The protocol version (`1`).
    pub const PROTOCOL: &str = "MYNAKIT_PROTOCOL";
    /// The run id (also sent to the service in the `x-mynakit-run` header, and in `welcome`).
    pub const RUN_ID: &str = "MYNAKIT_RUN_ID";
    /// The scenario id.
    pub const SCENARIO: &str = "MYNAKIT_SCENARIO";
    /// The PC/SC name of the reader holding the patient's card.
    pub const READER: &str = "MYNAKIT_READER";
    /// Every reader of the scenario, one PC/SC name per line.
    pub const READERS: &str = "MYNAKIT_READERS";
    /// The mock service's base URL, e.g. `https://localhost:41234`.
    pub const SERVICE_URL: &str = "MYNAKIT_SERVICE_URL";
    /// A PEM file of the CA the client must trust for the service, and nothing else.
    pub const CA_FILE: &str = "MYNAKIT_CA_FILE";
    /// The 資格確認端末 folder (with `req`, `res` and `face`), for レセコン-style clients.
    pub const TERMINAL_DIR: &str = "MYNAKIT_TERMINAL_DIR";
    /// The facility's 医療機関コード (10 digits).
    pub const FACILITY_CODE: &str = "MYNAKIT_FACILITY_CODE";
    /// The facility account's user id (absent when the scenario has none).
    pub const ACCOUNT: &str = "MYNAKIT_ACCOUNT";
    /// The facility account's password (absent when the scenario has none). Never log it.
    pub const ACCOUNT_PASSWORD: &str = "MYNAKIT_ACCOUNT_PASSWORD";
    /// The scenario clock's start (RFC 3339): "today" for `QualificationConfirmationDate`.
    pub const CLOCK: &str = "MYNAKIT_CLOCK";
    /// The scenario's time limit in seconds; after it the harness ends the client.
    pub const TIMEOUT_SECS: &str = "MYNAKIT_TIMEOUT_SECS";
    /// The activation code (11 or 12 digits, a string: a leading 0 is kept) the facility's administrator issued for this device
    /// (absent when the scenario has none; `docs/device-setup.md`). A secret: never log it.
    pub const ACTIVATION_CODE: &str = "MYNAKIT_ACTIVATION_CODE";
    /// The device account this device was registered with through the portal, at a facility
    /// with no 資格確認端末 (flow `portal-setup`; absent otherwise): log in with it and
    /// `MYNAKIT_ACCOUNT_PASSWORD`, never with an activation code (`docs/device-setup.md`,
    /// "Portal registration"). Not a secret; its password is.
    pub const PORTAL_ACCOUNT: &str = "MYNAKIT_PORTAL_ACCOUNT";
    /// The care setting the client is deployed in (`kyotaku`, `online-shinryo`, `kenshin`,
    /// `bus-kenshin`, `disaster`; `docs/care-settings.md`); absent = the counter. Set only for
    /// scenarios of those flows, so clients that never read it see no change. A レセコン's
    /// month's 医療扶助 import (`medical-assistance-import`) is told the same way.
    pub const CARE_SETTING: &str = "MYNAKIT_CARE_SETTING";
    /// `smb://HOST:PORT/oqs`: the terminal's share holding `req`, `res` and `face`, under
    /// `mynakit run --terminal-share smb` (`docs/terminal.md`, "The share in a run").
    pub const TERMINAL_SMB_URL: &str = "MYNAKIT_TERMINAL_SMB_URL";
    /// The share's SMB user name.
    pub const TERMINAL_SMB_USER: &str = "MYNAKIT_TERMINAL_SMB_USER";
    /// The share's SMB password, new for each share. A secret: never log it.
    pub const TERMINAL_SMB_PASSWORD: &str = "MYNAKIT_TERMINAL_SMB_PASSWORD";
    /// An `smbclient -A` file (mode 0600) with the share's user and password.
    pub const TERMINAL_SMB_AUTH_FILE: &str = "MYNAKIT_TERMINAL_SMB_AUTH_FILE";
    /// The folder the レセコン writes its claim file `RECEIPTC.UKE` into, after its `result` and
    /// before it exits (flow `claim-file`; absent in every other scenario; `docs/uke.md`, "The
    /// claim file in a run").
    pub const CLAIM_DIR: &str = "MYNAKIT_CLAIM_DIR";
    /// The 健診・保健指導機関番号 of the 健診 facility the client runs at, to send in place of a
    /// 医療機関コード in a 健診 check (flow `checkup-facility`; `docs/kenshin.md`, "Facility
    /// identities").
    pub const CHECKUP_INSTITUTION_NUMBER: &str = "MYNAKIT_CHECKUP_INSTITUTION_NUMBER";
    /// The オンライン資格確認用コード of the insurer whose own 健診 the client runs, to send in
    /// place of a 医療機関コード in a 健診 check (flow `checkup-facility`).
    pub const INSURER_ONLINE_CODE: &str = "MYNAKIT_INSURER_ONLINE_CODE";
    /// The file-name prefix of the 資格確認端末's 診療情報 request (`SRKsiquc01` unless the
    /// terminal is set otherwise): its real name is not public, so it is the terminal's setting
    /// and the レセコン reads it here (set whenever `MYNAKIT_TERMINAL_DIR` is;
    /// `docs/terminal.md`, "診療情報").
    pub const DIAGNOSIS_INFO_PREFIX: &str = "MYNAKIT_DIAGNOSIS_INFO_PREFIX";

    /// Every variable above, in documentation order.
    pub const ALL: [&str; 24] = [
        PROTOCOL,
        RUN_ID,
        SCENARIO,
        READER,
        READERS,
        SERVICE_URL,
        CA_FILE,
        TERMINAL_DIR,
        FACILITY_CODE,
        ACCOUNT,
        ACCOUNT_PASSWORD,
        CLOCK,
        TIMEOUT_SECS,
        ACTIVATION_CODE,
        CARE_SETTING,
        TERMINAL_SMB_URL,
        TERMINAL_SMB_USER,
        TERMINAL_SMB_PASSWORD,
        TERMINAL_SMB_AUTH_FILE,
        PORTAL_ACCOUNT,
        CLAIM_DIR,
        CHECKUP_INSTITUTION_NUMBER,
        INSURER_ONLINE_CODE,
        DIAGNOSIS_INFO_PREFIX,
    ];
}

/// What the staff can do instead when the online check cannot confirm eligibility
/// (`docs/care-settings.md`, "Fallbacks"): the client tells them with a `fallback` line.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Fallback {
    /// 資格確認書: the patient shows the certificate issued to people without a registered card
    /// (from 2024-12-02: [`Fallback::on`]).
    QualificationCertificate,
    /// 健康保険証: the patient shows the insurance card itself (valid to 2025-12-01 at the
    /// latest: [`Fallback::on`]).
    HealthInsuranceCard,
    /// 資格情報のお知らせ shown **with** the マイナ保険証, when the reader or the network fails
    /// (from 2024-12-02). The お知らせ alone proves nothing, so there is no value for it.
    CardWithNotice,
    /// 被保険者資格申立書: the patient declares the qualification in writing when nothing else can
    /// confirm it, and pays the usual share, not 10割 (from 2023-07-10).
    SelfDeclaration,
    /// 受診券・利用券 checked against the 資格確認書 or マイナポータル's 資格情報 screen (特定健診).
    CheckupTicket,
    /// マイナポータルの資格情報画面 shown by the patient.
    MynaPortal,
    /// Check again later with the card, once the network or service is back.
    LaterCardCheck,
    /// 医療券: a valid 医療扶助 record whose 医療券 for the month the 福祉事務所 has not registered
    /// yet (QualificationValidity 6, 「未委託・未登録」, usual before the 15th–20th): the staff
    /// check the paper 医療券 or ask the 福祉事務所; a normal state, not an error.
    MedicalTicket,
    /// 施術券: at a 柔整・あはき 施術所 the result does not say whether the 施術所 is 委託 or
    /// 未委託 for a 医療扶助 patient, so the staff check the 施術券 as before (flow `jusei-ahaki`).
    TreatmentTicket,
    /// 本人確認 by the マイナンバーカード itself, shown to the staff (the photo and the printed
    /// name), not by the online check: at a 人間ドック whose only purpose is identity, 「オンライン
    /// 資格確認を利用することはできませんが、マイナンバーカードの提示により本人確認が可能です」 (flow
    /// `ningen-dock`, `docs/kenshin.md`).
    IdentityByCard,
}

impl Fallback {
    /// Every fallback, in the order of the enum.
    pub const ALL: [Fallback; 10] = [
        Fallback::QualificationCertificate,
        Fallback::HealthInsuranceCard,
        Fallback::CardWithNotice,
        Fallback::SelfDeclaration,
        Fallback::CheckupTicket,
        Fallback::MynaPortal,
        Fallback::LaterCardCheck,
        Fallback::MedicalTicket,
        Fallback::TreatmentTicket,
        Fallback::IdentityByCard,
    ];

    /// The fallback as written on the wire (`qualification-certificate`).
    pub fn as_str(self) -> &'static str {
        match self {
            Fallback::QualificationCertificate => "qualification-certificate",
            Fallback::HealthInsuranceCard => "health-insurance-card",
            Fallback::CardWithNotice => "card-with-notice",
            Fallback::SelfDeclaration => "self-declaration",
            Fallback::CheckupTicket => "checkup-ticket",
            Fallback::MynaPortal => "myna-portal",
            Fallback::LaterCardCheck => "later-card-check",
            Fallback::MedicalTicket => "medical-ticket",
            Fallback::TreatmentTicket => "treatment-ticket",
            Fallback::IdentityByCard => "identity-by-card",
        }
    }
}

/// What the client shows in the end: the fixed vocabulary of outcomes.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The qualification is valid (`QualificationValidity` 1).
    Eligible,
    /// No valid qualification: lost or none (`QualificationValidity` 2, 3 or 4), or the person
    /// could not be confirmed (`ProcessingResultStatus` 2 other than not registered, e.g. a
    /// renewed card not yet re-linked).
    Ineligible,
    /// A valid 医療扶助 record (`InsuredCardClassification` A1).
    MedicalAssistance,
    /// The card is not registered for insurance use (保険証利用登録 not done).
    NotRegistered,
    /// The registration (保険証利用登録) has just been completed.
    Registered,
    /// A wrong PIN; tries remain.
    PinIncorrect,
    /// The PIN is blocked.
    PinLocked,
    /// The card could not be used: removed, unreadable, a card error status, or its certificate
    /// refused by the service (expired past the grace period, revoked, unknown CA).
    CardError,
    /// The service could not be used: an error status, no answer, a TLS failure, maintenance.
    ServiceError,
    /// The operator cancelled.
    Cancelled,
    /// Harness only: the client did not finish within the scenario's time limit.
    Timeout,
    /// Harness only: the client exited without a result, or broke the protocol.
    Crashed,
}

impl Outcome {
    /// Every outcome, in documentation order.
    pub const ALL: [Outcome; 12] = [
        Outcome::Eligible,
        Outcome::Ineligible,
        Outcome::MedicalAssistance,
        Outcome::NotRegistered,
        Outcome::Registered,
        Outcome::PinIncorrect,
        Outcome::PinLocked,
        Outcome::CardError,
        Outcome::ServiceError,
        Outcome::Cancelled,
        Outcome::Timeout,
        Outcome::Crashed,
    ];

    /// Whether only the harness may give this outcome (a client cannot report its own timeout
    /// or crash).
    pub fn harness_only(self) -> bool {
        matches!(self, Outcome::Timeout | Outcome::Crashed)
    }

    /// The outcome as written in files and on the wire (`pin-locked`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::Ineligible => "ineligible",
            Outcome::MedicalAssistance => "medical-assistance",
            Outcome::NotRegistered => "not-registered",
            Outcome::Registered => "registered",
            Outcome::PinIncorrect => "pin-incorrect",
            Outcome::PinLocked => "pin-locked",
            Outcome::CardError => "card-error",
            Outcome::ServiceError => "service-error",
            Outcome::Cancelled => "cancelled",
            Outcome::Timeout => "timeout",
            Outcome::Crashed => "crashed",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the card holder is identified (the staff's choice at the counter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// 暗証番号: the auth PIN, then a card signature over the service's challenge.
    Pin,
    /// 目視確認: staff compare the photo; certificate only, no PIN.
    Visual,
    /// 顔認証: a face-recognition reader; certificate only, no PIN. For a レセコン (the
    /// terminal role), the patient uses the face reader and the result arrives in `face`.
    Face,
    /// レセコン only: the staff key in the insurance card's 記号・番号 and the client sends a
    /// single check (`OQSsiquc01`) through the terminal folder; the data comes from an
    /// `insurance-card` ask.
    InsuranceCard,
    /// レセコン only: 一括照会, the staff send the insurance card data of several patients at
    /// once (the day's appointments) as one bulk upload (`OQSmuquc01`), then poll the bulk
    /// download (`OQSmuquc02`) while it answers 処理中; the data comes from an
    /// `insurance-cards` ask. Never among a role's default modes: a client claims it.
    Bulk,
    /// レセコン only: 薬剤情報, the staff key in the insurance card and the client asks the
    /// terminal for the patient's drug history (`YZKsiquc01`, as XML and as PDF); the data
    /// comes from an `insurance-card` ask. Never among a role's default modes: a client claims
    /// it (docs/terminal.md, "薬剤情報 and 特定健診情報").
    DrugInfo,
    /// レセコン only: 特定健診情報, the staff key in the insurance card and the client asks the
    /// terminal for the patient's health-check history (`TKKsiquc01`, as XML and as PDF); the
    /// data comes from an `insurance-card` ask. Like `drug-info`, given only with the patient's
    /// consent to sharing, and never among a role's default modes: a client claims it
    /// (docs/terminal.md, "薬剤情報 and 特定健診情報").
    CheckupInfo,
    /// レセコン only: 診療情報, the staff key in the insurance card and the client asks the
    /// terminal for the patient's treatment history (`SRKsiquc01`, mynakit's model of a request
    /// whose file name is not public; as XML and as PDF); the data comes from an
    /// `insurance-card` ask. Given only with the patient's consent to sharing
    /// (`DiagnosisInfoConsFlg`), and never among a role's default modes: a client claims it
    /// (docs/terminal.md, "診療情報").
    DiagnosisInfo,
}

impl Mode {
    /// Every mode, in declaration order.
    pub const ALL: [Mode; 8] = [
        Mode::Pin,
        Mode::Visual,
        Mode::Face,
        Mode::InsuranceCard,
        Mode::Bulk,
        Mode::DrugInfo,
        Mode::CheckupInfo,
        Mode::DiagnosisInfo,
    ];

    /// The mode as scenario files, capabilities and reports write it (`pin`, `visual`,
    /// `insurance-card`, …): its serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Pin => "pin",
            Mode::Visual => "visual",
            Mode::Face => "face",
            Mode::InsuranceCard => "insurance-card",
            Mode::Bulk => "bulk",
            Mode::DrugInfo => "drug-info",
            Mode::CheckupInfo => "checkup-info",
            Mode::DiagnosisInfo => "diagnosis-info",
        }
    }
}

/// Which PIN a `pin` ask is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PinRef {
    /// 利用者証明用暗証番号 (JPKI `0018`, 4 digits): the one eligibility checks use.
    #[default]
    Auth,
    /// 署名用パスワード (JPKI `001B`).
    Sign,
}

/// What a `consent` ask is about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentTopic {
    /// The terms of 保険証利用登録 (the client sends `terms_version`).
    Terms,
    /// Showing 限度額 data (`LimitApplicationCertificateRelatedConsFlg`).
    LimitApplication,
    /// Sharing medical information (診療・薬剤情報 etc.).
    MedicalInformation,
    /// 資格確認への同意 where the card is not checked at each visit: the 居宅同意取得型 consent
    /// registered at the first visit, and the オンライン診療等 consent of each visit
    /// (`docs/care-settings.md`).
    QualificationCheck,
}

/// What a `confirm` ask is about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ConfirmTopic {
    /// Start the 保険証利用登録 flow for an unregistered card.
    Register,
    /// Try again after an error (card or service).
    Retry,
    /// Anything else that needs a yes or no to go on (`text` says what).
    Proceed,
    /// Open 閲覧履歴, the list of past confirmations (flow `history`, `docs/history.md`). The
    /// operator's default answer is no.
    History,
    /// Hand the past confirmation the `text` names to the レセコン (flow `history`). The
    /// operator's default answer is no.
    HandOff,
    /// 居宅同意取得型: is this the first visit (read the card and register the consent: yes)
    /// or a later one (check within the consent, without the card: no)?
    /// (`docs/care-settings.md`)
    FirstVisit,
    /// 居宅同意取得型: after this visit's check, does the patient withdraw the consent (the
    /// staff pass their word on; `docs/kyotaku.md#withdrawal`)? The operator's default answer is
    /// no.
    WithdrawConsent,
    /// 目視確認 (visual mode): the staff compare the photo on the patient's card with the
    /// patient (「マイナンバーカードの顔写真と患者の顔が同一であることを医療関係者等が目視により
    /// 確認」, MHLW 事務連絡 2025-05-21). Asked after the card is read and before the result is
    /// shown; no (or cancel) ends the confirmation as `cancelled`
    /// (`docs/client-protocol.md#目視確認-visual-mode`). The operator's default answer is yes.
    PhotoMatch,
    /// 人間ドック (flow `ningen-dock`): is the check to confirm that the examinee belongs to the
    /// insurer the contract names (yes: the online check may be used), or only to confirm who the
    /// examinee is (no: it may not; the card is looked at instead)? Asked before the card is read;
    /// the operator's default answer is yes (`docs/kenshin.md`, "人間ドック").
    CheckupPurpose,
}

/// An insurance card's data as keyed in at the counter, named like the `OQSsiquc01` request
/// elements (`docs/terminal.md`). Values are as printed on the card: the client pads
/// `InsurerNumber` to 8 characters itself.
// The field names, in PascalCase, are the OQS element names (`mynakit_oqs::ElementName`; a test
// ties them, since this crate sits below `oqs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InsuranceCardData {
    /// 保険者番号 (6 or 8 digits).
    pub insurer_number: String,
    /// 記号 (may be empty).
    #[serde(default)]
    pub insured_card_symbol: String,
    /// 番号.
    pub insured_identification_number: String,
    /// 枝番 (2 digits; may be empty).
    #[serde(default)]
    pub insured_branch_number: String,
    /// 生年月日, `yyyyMMdd`.
    pub birthdate: String,
    /// 照会番号: the clinic's own number for the patient (its 診察券 number, up to 50
    /// characters), keyed in with the card when the staff register it (flow `reference-number`,
    /// `OQSsiimm01`; `docs/client-protocol.md`, "照会番号 registration"). Absent: nothing to
    /// register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_number: Option<String>,
}

/// A line from the client to the harness.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ClientMessage {
    /// The first line: the protocol version the client speaks, and who it is.
    Hello {
        /// Must be [`PROTOCOL_VERSION`].
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
    /// comes. See [`read_aloud`] for what must (and must never) be read.
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
    /// ([`ClaimAddition`]); `XML-claim-record` compares them with what happened in the run. Sent
    /// once, before the `result`. Not an ask: no answer comes. Added in mynakit 0.1 without a
    /// version bump.
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
        /// ([`ClaimAddition`]): empty when none; absent when the レセコン does not say (only the
        /// booleans are judged then).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        claimed: Option<Vec<ClaimedAddition>>,
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

/// A line that could not be decoded, with the byte offset (0-based, within the line) where the
/// decoder stopped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("byte {offset}: {kind}")]
pub struct LineError {
    /// 0-based byte offset in the line.
    pub offset: usize,
    /// What is wrong.
    pub kind: LineErrorKind,
}

/// `line` as text, or where it stops being UTF-8. Too long a line is refused first, at
/// [`MAX_LINE_BYTES`], as [`decode_line`](ClientMessage::decode_line) would.
///
/// # Errors
///
/// [`LineErrorKind::TooLong`] or [`LineErrorKind::NotUtf8`], with the byte offset.
pub fn line_text(line: &[u8]) -> Result<&str, LineError> {
    let body = line.strip_suffix(b"\n").unwrap_or(line);
    let body = body.strip_suffix(b"\r").unwrap_or(body);
    if body.len() > MAX_LINE_BYTES {
        return Err(LineError {
            offset: MAX_LINE_BYTES,
            kind: LineErrorKind::TooLong,
        });
    }
    std::str::from_utf8(line).map_err(|e| LineError {
        offset: e.valid_up_to(),
        kind: LineErrorKind::NotUtf8,
    })
}

/// What is wrong with a line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LineErrorKind {
    /// Bytes that are not UTF-8 (the offset is the first such byte). Lines are UTF-8 JSON
    /// (RFC 8259 §8.1); the harness does not repair them.
    #[error("not UTF-8")]
    NotUtf8,
    /// Nothing but white space.
    #[error("empty line")]
    Empty,
    /// Longer than [`MAX_LINE_BYTES`].
    #[error("line longer than {MAX_LINE_BYTES} bytes")]
    TooLong,
    /// Not JSON, or not a message of this protocol (unknown `type`, unknown or missing field,
    /// wrong type).
    #[error("{0}")]
    Json(String),
    /// Valid JSON for the message, but its content breaks a rule of the protocol.
    #[error("{0}")]
    Invalid(String),
}

fn encode<T: Serialize>(message: &T) -> String {
    // Serialising these types cannot fail: no maps with non-string keys, no custom errors.
    let mut line = serde_json::to_string(message).unwrap_or_else(|e| {
        format!(
            "{{\"type\":\"error\",\"text\":{}}}",
            serde_json::Value::from(e.to_string())
        )
    });
    line.push('\n');
    line
}

fn decode<T: DeserializeOwned>(line: &str) -> Result<T, LineError> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.len() > MAX_LINE_BYTES {
        return Err(LineError {
            offset: MAX_LINE_BYTES,
            kind: LineErrorKind::TooLong,
        });
    }
    if line.trim().is_empty() {
        return Err(LineError {
            offset: 0,
            kind: LineErrorKind::Empty,
        });
    }
    serde_json::from_str(line).map_err(|e| {
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        // serde_json counts columns in bytes from 1 within the (single) line. Errors inside a
        // tagged message come without a place (line 0): then the offset is that of the key or
        // value the message names, or the closing brace for a missing field.
        let offset = match e.line() {
            0 => unplaced_offset(line, &message),
            1 if e.is_eof() => line.len(),
            1 => e.column().saturating_sub(1).min(line.len()),
            _ => line.len(),
        };
        LineError {
            offset,
            kind: LineErrorKind::Json(message),
        }
    })
}

/// Where in `line` the problem of an error serde could not place is: the first quoted name in
/// the message (`unknown field `tries``) found as a JSON string in the line.
fn unplaced_offset(line: &str, message: &str) -> usize {
    if message.starts_with("missing field") {
        return line.trim_end().len().saturating_sub(1);
    }
    message
        .split('`')
        .nth(1)
        .and_then(|name| line.find(&format!("\"{name}\"")))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
