//! Where the terminal's eligibility facts come from: who exists with which qualification, who is
//! registered for insurance use, and what time it is on the scenario clock.
//!
//! Standalone (`mynakit terminal`), the personas are fixed at start (the fixtures after a
//! scenario's `given.service`) on the terminal's own clock. Next to a running mock service (the
//! scenario runner), the terminal reads the **service's** live records and clock through this
//! trait, so insurance changes, 保険証利用登録 made through the service's API and clock moves are
//! seen by both alike (issue 5: "the same eligibility model and scenario data as the service").

use mynakit_fixtures::Persona;
use time::OffsetDateTime;

/// A live source of eligibility facts (implemented over the mock service's state by the
/// harness).
pub trait Eligibility: Send + Sync {
    /// Every persona as the service has them now (qualifications included).
    fn personas(&self) -> Vec<Persona>;
    /// The scenario time.
    fn now(&self) -> OffsetDateTime;
    /// Whether `persona`'s card is registered for insurance use at `now` (the face reader
    /// shows its registration screen otherwise).
    fn registered(&self, persona: &Persona, now: OffsetDateTime) -> bool {
        let _ = now;
        persona.registration.registered
    }
}
