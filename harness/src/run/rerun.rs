//! `mynakit run --rerun-failed`: the runs that FAILED in the last report, chosen again
//! (`docs/reports.md`).

use super::loading::Loaded;
use crate::report::RunReport;

/// The ids of the runs that FAILED in `report`.
fn failed_ids(report: &RunReport) -> Vec<String> {
    report
        .scenarios
        .iter()
        .filter(|s| s.level == mynakit_conformance::Level::Failed)
        .map(|s| s.id.clone())
        .collect()
}

/// The runs of `runs` that FAILED in `previous`, or `None` when none FAILED there (nothing to
/// rerun). A report written before runs per mode existed names a run in its own mode by its
/// scenario's id, which is one of the run's aliases.
pub fn failed_again(mut runs: Vec<Loaded>, previous: &RunReport) -> Option<Vec<Loaded>> {
    let failed = failed_ids(previous);
    if failed.is_empty() {
        return None;
    }
    runs.retain(|s| {
        failed.contains(&s.scenario.id) || s.scenario.aliases().iter().any(|a| failed.contains(a))
    });
    Some(runs)
}
