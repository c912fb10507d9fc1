//! What the `SVC-` checks say, in English and Japanese side by side: one module per topic, one
//! function per thing said, each returning a [`Reason`](crate::reason::Reason) that carries its
//! facts (`docs/reports.md`, "Findings as data"). The checks hold no sentence of their own.

pub(super) mod ambulance;
pub(super) mod ambulance_unread;
pub(super) mod benefits;
pub(super) mod care;
pub(super) mod device;
pub(super) mod dock;
pub(super) mod emergency;
pub(super) mod error_shown;
pub(super) mod fallback_papers;
pub(super) mod fields;
pub(super) mod history;
pub(super) mod limit;
pub(super) mod medical_ticket_prompt;
pub(super) mod paper_claims;
pub(super) mod portal_login;
pub(super) mod pre_tour;
pub(super) mod registration;
pub(super) mod requests;
pub(super) mod rests;
pub(super) mod shown;
pub(super) mod subsidy;
pub(super) mod transcription;
pub(super) mod treatment_ticket;
pub(super) mod unregistered;
