//! The outcomes: what a client shows in the end, the fixed vocabulary every result and
//! `display` line speaks.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// A relying party accepted the person (flow `identity-by-signature`): signature, chain and
    /// revocation verified. Given only by a client that declares the role `relying-party`
    /// (`docs/relying-party.md`).
    Accepted,
    /// A relying party refused the person: the signature, the chain or the revocation did not
    /// verify, or the certificate is revoked. Given only by a client that declares the role
    /// `relying-party`.
    Refused,
    /// Harness only: the client did not finish within the scenario's time limit.
    Timeout,
    /// Harness only: the client exited without a result, or broke the protocol.
    Crashed,
}

impl Outcome {
    /// Every outcome, in documentation order.
    pub const ALL: [Outcome; 14] = [
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
        Outcome::Accepted,
        Outcome::Refused,
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
            Outcome::Accepted => "accepted",
            Outcome::Refused => "refused",
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
