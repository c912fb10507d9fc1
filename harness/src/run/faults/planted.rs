//! A planted harness race, for mynakit's own tests only (docs/reports.md, "Whose flake"):
//! with `MYNAKIT_PLANTED_RACE=card-fault` in the environment, each of a scenario's card
//! faults is, one time in two at random, never armed — as a fault keyed to a racing count
//! would miss its command. `mynakit run --repeat N` must then trace the flake to mynakit (the
//! card answered the same command otherwise), never to the client. No user sets it; nothing
//! else reads it.

/// The environment variable that plants the race.
pub(crate) const VAR: &str = "MYNAKIT_PLANTED_RACE";

/// Whether this fault loses the planted race: never unless [`VAR`] is `card-fault`.
pub(crate) fn fault_lost() -> bool {
    std::env::var(VAR).is_ok_and(|v| v == "card-fault") && rand::random::<bool>()
}
