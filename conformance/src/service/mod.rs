//! The card-check API: what a client asks the eligibility service, and what it shows from the
//! answer. Answers are OQS-shaped messages (`docs/service.md`, "Result shape"), read here as JSON
//! or XML by element name; the client's `result` names the fields it shows the same way.

mod benefits;
mod error_shown;
mod fields;
mod limit;
mod requests;
mod rests;
mod shown;
mod transcription;
mod unregistered;

pub(crate) use benefits::{ElderlyShown, LimitShown, SpecificDiseaseShown};
pub(crate) use error_shown::ErrorShown;
pub(crate) use fields::{compare, missing};
pub(crate) use limit::LimitConsent;
pub(crate) use requests::{FreshChallenge, RetryBackoff, TlsValidated};
pub(crate) use rests::ResultRestsOnAnswer;
pub(crate) use shown::{
    InvalidShown, MedicalAssistance, UnansweredNotEligible, WarningShown, MEDICAL_ASSISTANCE_FIELDS,
};
pub(crate) use transcription::TranscriptionFields;
pub(crate) use unregistered::UnregisteredFlow;
