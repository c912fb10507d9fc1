//! What checking a card's proof reads of the service it runs in: the issued challenges, the
//! chain check against the trusted CAs, and what the records and the rules say of a serial.
//!
//! The caller passes it explicitly (the service's state implements it), so the proof's rules
//! depend on no HTTP and no state (`docs/architecture.md`, "The service in layers").

use time::OffsetDateTime;

use crate::card_proof::certificate_cache::Seen;
use crate::card_proof::challenge::ChallengeStore;
use mynakit_oqs::Outcome;
use mynakit_persona::CardProfileName;

/// The service, as a proof check sees it.
pub trait ProofContext {
    /// The issued challenges.
    fn challenges(&self) -> &ChallengeStore;

    /// Whether `cert` chains to a trusted CA (and is not revoked) as the scenario stands now.
    ///
    /// # Errors
    ///
    /// The [`Outcome`] of the failed chain check.
    fn verify_chain(&self, cert: &Seen) -> Result<(), Outcome>;

    /// The card profile of the persona whose card (or phone) has `serial`, if the records know it.
    fn profile_of(&self, serial: u64) -> Option<CardProfileName>;

    /// Whether a phone's certificate keeps the grace period after expiry (the rules in force).
    fn phone_certificate_grace(&self) -> bool;

    /// Whether `serial` is revoked at `now`.
    fn revoked(&self, serial: u64, now: OffsetDateTime) -> bool;
}
