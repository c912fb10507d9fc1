//! How much of each scenario run a report keeps (docs/reports.md, "Sizes"). A whole run's
//! timelines are most of its reports' bytes (about 50 KB of HTML a run), and a reader opens
//! report.html for what did not pass: so report.html keeps every detail of those runs and
//! summarises the others unless asked (`run --html-detail all`), while report.json, a contract
//! that tools and `claim check --run` read, stays complete unless asked
//! (`run --json-detail problems`).

use mynakit_conformance::Level;

pub use super::model::detail::{Detail, HTML_DEFAULT, JSON_DEFAULT};
use super::model::{RunReport, ScenarioReport};

impl Detail {
    /// Whether run `s` is summarised at this detail.
    pub fn summarises(self, s: &ScenarioReport) -> bool {
        self == Detail::Problems
            && !s.flaky
            && matches!(s.level, Level::Passed | Level::NotApplicable)
    }
}

/// `report` as report.json keeps it at `detail`: itself at [`Detail::All`]; at
/// [`Detail::Problems`] the summarised runs without their timeline, terminal files, stderr and
/// the findings that PASSED or were not judged (SKIPPED, NOT-APPLICABLE), `scenario_yaml`
/// without the files only they ran, and `detail` saying so.
pub fn for_json(report: &RunReport, detail: Detail) -> std::borrow::Cow<'_, RunReport> {
    if detail == Detail::All {
        return std::borrow::Cow::Borrowed(report);
    }
    let mut smaller = report.clone();
    let mut kept_files = std::collections::BTreeSet::new();
    for s in &mut smaller.scenarios {
        if detail.summarises(s) {
            s.timeline.clear();
            s.terminal_files.clear();
            s.stderr.clear();
            // What passed (or was not judged) is the bulk: 98 checks a run. A waived problem
            // stays, with its waiver.
            s.checks.retain(|f| f.level > Level::Skipped);
            s.expectations.retain(|f| f.level > Level::Skipped);
        } else {
            kept_files.insert(s.scenario_id().to_owned());
        }
    }
    smaller
        .scenario_yaml
        .retain(|file, _| kept_files.contains(file));
    smaller.detail = Some(detail);
    std::borrow::Cow::Owned(smaller)
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;

    #[test]
    fn only_runs_without_anything_to_read_are_summarised() {
        let report = sample::report();
        let summarised: Vec<(&str, bool)> = report
            .scenarios
            .iter()
            .map(|s| (level_of(s), Detail::Problems.summarises(s)))
            .collect();
        for (level, summarised) in summarised {
            assert_eq!(
                summarised,
                matches!(level, "PASSED" | "NOT-APPLICABLE"),
                "{level}"
            );
        }
        assert!(report.scenarios.iter().all(|s| !Detail::All.summarises(s)));
        let mut flaky = report.scenarios[0].clone();
        assert_eq!(flaky.level, Level::Passed);
        flaky.flaky = true;
        assert!(!Detail::Problems.summarises(&flaky));
    }

    fn level_of(s: &ScenarioReport) -> &'static str {
        crate::report::model::level_name(s.level)
    }
}
