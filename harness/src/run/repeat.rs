//! `--repeat N`: the scheduled runs, N rounds of them, each scenario's attempts combined into
//! one report (docs/reports.md, "Repeated runs and flaky scenarios"). Rounds run one after the
//! other, so attempts of one scenario never share a reader, a port or a terminal folder, and
//! each round is scheduled as a run of its own (`schedule`). A round that stops the run (a
//! signal, a client that cannot run, `--max-failures`) is the last.

use std::collections::BTreeMap;

use super::loading::Loaded;
use super::one::Equipment;
use super::schedule::{self, Scheduled};
use super::setup::Watch;
use crate::report::{combine_attempts, Flake, ScenarioReport};

/// The most attempts per scenario `--repeat` takes: enough to measure a pass rate to a few per
/// cent, few enough that a typo (`--repeat 1000`) does not hold a CI job for hours.
pub const MAX_REPEAT: usize = 100;

/// Runs `scenarios` `equipment.config.repeat` times. Once: as scheduled, each report to `done`
/// as it finishes. More: each scenario's attempts combined, handed to `done` after the last
/// round.
pub(super) fn run_all(
    scenarios: &[Loaded],
    equipment: &Equipment<'_>,
    watch: &Watch,
    done: &(dyn Fn(&ScenarioReport) + Sync),
) -> Scheduled {
    let rounds = equipment.config.repeat;
    if rounds <= 1 {
        return schedule::run_all(scenarios, equipment, watch, done);
    }
    let mut attempts: BTreeMap<String, Vec<ScenarioReport>> = BTreeMap::new();
    let mut max_reached = false;
    for _ in 0..rounds {
        let round = schedule::run_all(scenarios, equipment, watch, &|_| {});
        for report in round.reports {
            attempts.entry(report.id.clone()).or_default().push(report);
        }
        max_reached = round.max_reached;
        if max_reached || watch.failed() || equipment.config.stop.is_set() {
            break;
        }
    }
    let reports: Vec<ScenarioReport> = attempts.into_values().filter_map(combine).collect();
    reports.iter().for_each(done);
    Scheduled {
        reports,
        max_reached,
    }
}

/// One scenario's attempts as one report; a single attempt (the run stopped after its first
/// round) stays as it ran, with no attempts listed. A flake is traced to its side here, while
/// every attempt's timeline is still at hand (the combined report keeps the worst one's only).
fn combine(attempts: Vec<ScenarioReport>) -> Option<ScenarioReport> {
    if attempts.len() == 1 {
        return attempts.into_iter().next();
    }
    let flake = Flake::of(&attempts);
    let mut report = combine_attempts(attempts)?;
    report.flake = flake.filter(|_| report.flaky);
    Some(report)
}
