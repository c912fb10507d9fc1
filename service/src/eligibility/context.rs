//! What a card check and a registration read and change of the service they run in: the
//! scenario clock, the records, J-LIS maintenance, and the settings in force (taken once per
//! check, so a check reads one set of them).
//!
//! The caller passes it explicitly (the service's state implements it), so eligibility's rules
//! depend on no HTTP and no state (`docs/architecture.md`, "The service in layers").

use std::sync::{Arc, MutexGuard};

use time::{Duration, OffsetDateTime};

use crate::card_proof::context::ProofContext;
use crate::eligibility::answer::AnswerRules;
use crate::eligibility::records::Records;
use mynakit_oqs::{CodeText, Outcome};

/// The service, as a card check or a registration sees it.
pub trait EligibilityContext: ProofContext {
    /// The settings, as eligibility reads them.
    type Settings: EligibilitySettings;

    /// Now on the scenario clock.
    fn now(&self) -> OffsetDateTime;

    /// The settings in force.
    fn settings(&self) -> Arc<Self::Settings>;

    /// The records, locked.
    fn records(&self) -> MutexGuard<'_, Records>;

    /// Whether J-LIS is in a maintenance window at `now` (a fault).
    fn jlis_maintenance(&self, now: OffsetDateTime) -> bool;
}

/// The settings a card check and a registration read.
pub trait EligibilitySettings {
    /// The code and message answered for `outcome`.
    fn outcome_text(&self, outcome: Outcome) -> CodeText;

    /// How long a renewed card's re-link takes.
    fn relink_lag(&self) -> Duration;

    /// How long a registration takes to come into effect.
    fn registration_delay(&self) -> Duration;

    /// The terms version a registration must consent to.
    fn terms_version(&self) -> &str;

    /// What shapes an answer's qualification.
    fn answer_rules(&self) -> AnswerRules;
}
