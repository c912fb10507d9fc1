//! The client protocol: how the harness drives any client under test, in any language
//! (`docs/client-protocol.md`). The client is a command; it learns where the reader, service and
//! terminal folder are from `MYNAKIT_*` environment variables ([`env`](mod@env)) and talks JSON
//! lines on stdin/stdout: it *asks* ([`ClientMessage::Pin`], `Consent`, `Mode`, `Confirm`), the
//! harness *answers* as the scenario's operator would ([`HarnessMessage`]), the client reports
//! what it shows (`Display`) and finally its `Result`. Each line is decoded once, fully, at this
//! edge.
//!
//! One concept a module: the lines (`client_message`, `harness_message`, and `line` for their
//! encoding, limits and errors), the words they carry (`outcome`, `mode`, `ask`, `fallback`,
//! `insurance_card`, `capabilities`, and `revocation`: a relying party's revocation answers and
//! faults), the final result (`run_result`), the claim rules
//! (`rules`), and the transports (`framing`, `socket`, `nfc`).
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

mod app_login;
mod ask;
mod capabilities;
mod checkup_identity;
mod client_message;
pub mod env;
mod fallback;
pub mod framing;
mod harness_message;
mod insurance_card;
mod line;
mod mode;
pub mod nfc;
mod outcome;
mod quoted;
pub mod read_aloud;
mod record_item;
pub mod revocation;
mod rules;
mod run_result;
mod secret;
mod serial;
pub mod service_paths;
pub mod socket;
mod status_check;
mod transport;

pub use app_login::AppLoginMethod;
pub use ask::{ConfirmTopic, ConsentTopic, PinRef};
pub use capabilities::{Capabilities, DeclarationError, Flow, Role};
pub use checkup_identity::{CheckupIdentity, CHECKUP_INSTITUTION_NUMBER, INSURER_ONLINE_CODE};
pub use client_message::ClientMessage;
pub use fallback::Fallback;
pub use harness_message::HarnessMessage;
pub use insurance_card::InsuranceCardData;
pub use line::{line_text, LineError, LineErrorKind, MAX_LINE_BYTES, PROTOCOL_VERSION};
pub use mode::Mode;
pub use outcome::Outcome;
pub use quoted::Quoted;
pub use record_item::RecordItem;
pub use revocation::{AnsweredBy, CardCertificate, CertStatus, RevocationFault};
pub use rules::{
    age_on, is_later_elderly_insurer, later_elderly_papers, LATER_ELDERLY_CERTIFICATE_AGE,
    LATER_ELDERLY_CONFIRMED, LATER_ELDERLY_PROVISIONAL_FIRST, LATER_ELDERLY_PROVISIONAL_LAST,
    LATER_ELDERLY_SOURCE, LATER_ELDERLY_SPLIT,
};
pub use rules::{
    calendar, calendar_table, claim_table, horizon_span, newest_rule_date, papers_table,
    rules_horizon, AdditionLine, Applied, Began, BeyondRules, Boundary, CardUse, ClaimAddition,
    ClaimFact, ClaimedAddition, Day, Due, Exclusion, FacilityInputs, FacilityTier, FeeSchedule,
    Frequency, GivenRow, NoAddition, NotApplied, PaperOn, PaperValidity, PriceSource, PriceTable,
    PriceTableError, PriceTableFault, Priced, RuleChange, RuleSet, RulesError, Starts, StartsError,
    StationAddition, StationPrice, StationRevision, TableRow, Tier, VisitFacts, VisitKind,
    HORIZON_YEARS, NOT_APPLIED, NO_PRICE_TABLE, PAPERS,
};
pub use run_result::{ResultOrigin, RunResult};
pub use secret::{redacted_json, Secret, REDACTED};
pub use serial::normal_serial;
pub use status_check::{
    StatusDecision, DECISION_FIELD, EXPIRED_DECISION, REASON_DECISIONS, USER_FIELD,
};
pub use transport::Transport;

#[cfg(test)]
mod tests;
