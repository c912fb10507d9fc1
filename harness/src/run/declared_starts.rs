//! The starts a client declares it implements (`capabilities.began`, `docs/rules.md`, "Starts
//! a client declares"): a build that always plays today's app is judged by the days it plays,
//! so a scenario about the days before such a start is NOT-APPLICABLE to it, as it is to any
//! client under `--began`. The run's own days (`--began`, `MYNAKIT_BEGAN`) win for the starts
//! they set; a client that declares nothing keeps the run's days.

use mynakit_conformance::Level;
use mynakit_protocol::{Capabilities, Starts};

use super::config::RunConfig;
use super::world::Shared;
use crate::report::{NoteFacts, ScenarioReport};
use crate::scenario::began::NotYet;
use crate::scenario::Scenario;

/// The starts of this client's runs: the run's, then the declaration's for the starts the run
/// leaves at their own day. The world (`MYNAKIT_BEGAN`) and the checks use them.
pub(super) fn starts(config: &RunConfig, declared: Option<&Capabilities>) -> Starts {
    match declared {
        Some(declared) => config.began.or(&declared.declared_starts()),
        None => config.began,
    }
}

/// The start that leaves `scenario` NOT-APPLICABLE to a client by the starts it declares, when
/// it declares one the run does not set (otherwise the run's days decide, `one::not_yet`).
pub(super) fn not_yet(
    scenario: &Scenario,
    run: Starts,
    shared: Option<&Shared>,
    declared: Option<&Capabilities>,
) -> Option<NotYet> {
    let own = declared?.declared_starts();
    if own.is_empty() {
        return None;
    }
    let shared = shared?;
    let mut not_yet =
        crate::scenario::began::not_yet(scenario, &run.or(&own), |id| shared.persona_profile(id))?;
    not_yet.declared = !run.is_set(not_yet.began) && own.is_set(not_yet.began);
    not_yet.set_by_run = !not_yet.declared && not_yet.set_by_run;
    Some(not_yet)
}

/// After a run whose client declared its starts only in `hello`: the scenario is
/// NOT-APPLICABLE as it would have been had the declaration been known before (its findings
/// dropped; the timeline kept).
pub(super) fn obey(
    report: &mut ScenarioReport,
    scenario: &Scenario,
    run: Starts,
    shared: Option<&Shared>,
) {
    if report.level == Level::NotApplicable || report.result.is_none() {
        return;
    }
    let Some(not_yet) = not_yet(scenario, run, shared, report.capabilities.as_ref()) else {
        return;
    };
    report.level = Level::NotApplicable;
    report.result = None;
    report.expectations.clear();
    report.checks.clear();
    report.judged.clear();
    report.set_note(NoteFacts::NotYet(not_yet));
}
