//! Planted harness races, for mynakit's own tests only (docs/reports.md, "Whose flake"): with
//! `MYNAKIT_PLANTED_RACE` naming one or more races in the environment (comma-separated), each
//! such act of mynakit's side goes wrong every other time (the second, fourth, … in this
//! process), as a race of the tool's own would make it now and then. Alternating rather than at
//! random, so that any two attempts of a scenario differ and the tests that repeat one cannot
//! see all attempts alike by chance. `mynakit run --repeat N` must then trace the flake to mynakit (it acted
//! otherwise on the same client acts), never to the client. No user sets it; nothing else
//! reads it.

use std::sync::atomic::{AtomicU64, Ordering};

/// The environment variable that plants the races.
pub(crate) const VAR: &str = "MYNAKIT_PLANTED_RACE";

/// A race that can be planted, by its name in [`VAR`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Race {
    /// `card-fault`: a card fault is never armed, as a fault keyed to a racing count would
    /// miss its command.
    CardFault,
    /// `service-fault`: a service fault fires from the request after the one the scenario
    /// names (from the second when it names none), as a fault keyed to a racing request count
    /// would.
    ServiceFault,
    /// `terminal-pickup`: the 資格確認端末 picks a request up only once the client's time is up,
    /// as a watcher that missed its event would at another scan.
    TerminalPickup,
}

impl Race {
    fn name(self) -> &'static str {
        match self {
            Race::CardFault => "card-fault",
            Race::ServiceFault => "service-fault",
            Race::TerminalPickup => "terminal-pickup",
        }
    }
}

/// Whether this act loses the planted `race`: never unless [`VAR`] names it, then every other
/// time it is asked, counted per race.
pub(crate) fn lost(race: Race) -> bool {
    static ASKED: [AtomicU64; 3] = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];
    std::env::var(VAR).is_ok_and(|v| names(&v, race))
        && ASKED[race as usize].fetch_add(1, Ordering::Relaxed) % 2 == 1
}

/// Whether the value of [`VAR`] names `race`.
fn names(value: &str, race: Race) -> bool {
    value.split(',').any(|n| n.trim() == race.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_race_is_named_alone_or_in_a_list() {
        assert!(names("card-fault", Race::CardFault));
        assert!(names(
            "service-fault, terminal-pickup",
            Race::TerminalPickup
        ));
        assert!(!names("service-fault", Race::CardFault));
        assert!(!names("", Race::ServiceFault));
        assert!(!names("terminal", Race::TerminalPickup));
    }
}
