//! The suite a run judged by, in `report.json` (`docs/suites.md`): its day, and what it left
//! out, said once for the run rather than on every scenario. A client certified on a day is
//! judged by that day's suite (`mynakit run --suite`); what came after it is SKIPPED
//! ("new in D") or NOT-APPLICABLE, never FAILED.

use mynakit_conformance::suite::{Subject, Suite};

use super::facts::NoteFacts;
use super::model::{RunSuite, ScenarioReport};

/// How the reason of a finding softened by an older suite begins (`run::suite`): a FAILED of
/// what was made stricter after the suite's day, a WARNING instead.
pub(crate) const SOFTENED: &str = "stricter since ";

impl RunSuite {
    /// The suite `suite` as a run of these scenario reports used it.
    pub fn of(suite: Suite, scenarios: &[ScenarioReport]) -> RunSuite {
        let checks_left_out = mynakit_conformance::CHECKS
            .iter()
            .map(|c| c.id())
            .filter(|id| suite.new_after(Subject::Check, id).is_some())
            .map(str::to_owned)
            .collect();
        let scenario_runs_left_out = scenarios
            .iter()
            .filter(|s| matches!(s.note_facts, Some(NoteFacts::NewInSuite { .. })))
            .count();
        let stricter_softened = scenarios
            .iter()
            .flat_map(|s| s.expectations.iter().chain(&s.checks))
            .filter(|f| f.reason.starts_with(SOFTENED))
            .count();
        // A seal that cannot be taken (the bundled scenarios unreadable) leaves the report's
        // sha256 empty rather than stopping the run: the day still names the suite.
        let seal = crate::scenario::sealed::seal(suite.day()).ok();
        RunSuite {
            day: suite.day().to_owned(),
            latest: suite.is_latest(),
            sha256: seal.as_ref().map(|s| s.sha256.clone()).unwrap_or_default(),
            frozen: seal.is_some_and(|s| s.frozen),
            checks_left_out,
            scenario_runs_left_out,
            stricter_softened,
        }
    }

    /// The run-level notice (terminal, report header, JUnit): `None` under the newest suite.
    pub fn notice(&self) -> Option<String> {
        if self.latest {
            return None;
        }
        let softened = match self.stricter_softened {
            0 => String::new(),
            n => format!(
                "; {n} findings FAILED by what was made stricter after it are WARNING (\"stricter \
                 since D\")"
            ),
        };
        Some(format!(
            "judged by the suite of {}: {} checks added after it are SKIPPED (\"new in D\") and \
             {} scenario runs added after it are NOT-APPLICABLE{softened} (mynakit changes; \
             mynakit docs suites)",
            self.day,
            self.checks_left_out.len(),
            self.scenario_runs_left_out
        ))
    }
}
