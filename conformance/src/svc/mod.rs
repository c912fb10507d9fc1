//! The card-check API: what a client asks the eligibility service, and what it shows from the
//! answer. Answers are OQS-shaped messages (`docs/service.md`, "Result shape"), read here as JSON
//! or XML by element name; the client's `result` names the fields it shows the same way.
//! Beyond the counter's card check: the app's own set-up and login (`device`, `portal_login`,
//! `pre_tour`), 保険証利用登録 (`registration`), 閲覧履歴 (`history`), the care settings
//! (`care`, `dock`, `treatment_ticket`), 医療費助成 through PMH (`subsidy`) and the papers of a fallback (`fallback_papers`,
//! `medical_ticket_prompt`); `docs/conformance.md`, "The card-check service".
//!
//! One module per topic, each with its tests; this module only re-exports.

mod ambulance;
mod ambulance_unread;
mod benefits;
mod care;
mod device;
mod dock;
mod emergency;
mod error_shown;
mod fallback_papers;
mod fields;
mod history;
mod limit;
mod medical_ticket_prompt;
mod paper_claims;
mod portal_login;
mod pre_tour;
mod registration;
mod requests;
mod rests;
mod shown;
mod subsidy;
mod transcription;
mod treatment_ticket;
mod unregistered;
mod words;

pub(crate) use ambulance::{AmbulanceConsent, AmbulancePhoto};
pub(crate) use ambulance_unread::AmbulanceUnread;
pub(crate) use benefits::{ElderlyShown, LimitShown, SpecificDiseaseShown};
pub(crate) use care::{
    DisasterDesignated, HomeConsentScope, KenshinEligibilityOnly, KenshinFacilityIdentity,
    NetworkLossHonest, OnlineConsentPerVisit,
};
pub(crate) use device::{
    ActivationCodeString, DeviceInvalidatedStop, DeviceSigned, LoginStop, RoleRespected,
};
pub(crate) use dock::DockPurpose;
pub(crate) use emergency::{EmergencyConsent, EmergencyRole, EmergencyScope};
pub(crate) use error_shown::ErrorShown;
pub(crate) use fallback_papers::FallbackPapersDated;
pub(crate) use fields::{compare, missing};
pub(crate) use history::{HandOffConfirmed, HandOffOwnEntry, HistoryHandOff};
pub(crate) use limit::LimitConsent;
pub(crate) use medical_ticket_prompt::MedicalTicketPrompt;
pub(crate) use paper_claims::PaperClaimsEligibilityOnly;
pub(crate) use portal_login::PortalLogin;
pub(crate) use pre_tour::PreTourCheck;
pub(crate) use registration::{
    RegistrationPending, RegistrationPinMode, TermsCurrent, WelfareScreen,
};
pub(crate) use requests::{FreshChallenge, RetryBackoff, TlsValidated};
pub(crate) use rests::ResultRestsOnAnswer;
pub(crate) use shown::{
    InvalidShown, MedicalAssistance, UnansweredNotEligible, WarningShown, MEDICAL_ASSISTANCE_FIELDS,
};
pub(crate) use subsidy::{SubsidyAsked, SubsidyDeclined, SubsidyShown, SubsidyValid};
pub(crate) use transcription::TranscriptionFields;
pub(crate) use treatment_ticket::TreatmentTicketShown;
pub(crate) use unregistered::UnregisteredFlow;
