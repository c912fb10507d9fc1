//! `mynakit run --as-of DAY` over the loaded runs: each moved once, before anything runs
//! ([`crate::scenario::as_of`] says what moves and what keeps a scenario on its own day).

use crate::scenario::as_of::{AsOf, AsOfRun, NotMovedScenario};

use super::loading::Loaded;

/// Moves each of `scenarios` to `as_of`'s day, or leaves it on its own
/// ([`crate::scenario::as_of`]); `rules` is the run's `--rules`. Says which stayed and why,
/// once per scenario id.
pub fn move_to(
    as_of: &AsOf,
    scenarios: &mut [Loaded],
    fixtures: &mynakit_fixtures::Fixtures,
    rules: Option<mynakit_protocol::RuleSet>,
) -> AsOfRun {
    let mut record = AsOfRun {
        day: as_of.day(),
        not_moved: Vec::new(),
    };
    for loaded in scenarios {
        let day = loaded.scenario.given.clock.day();
        if let Err(why) = as_of.place(&mut loaded.scenario, fixtures, rules) {
            if !record.not_moved.iter().any(|n| n.id == loaded.scenario.id) {
                record.not_moved.push(NotMovedScenario {
                    id: loaded.scenario.id.clone(),
                    day,
                    why,
                });
            }
        }
    }
    record
}
