//! Runs beyond mynakit's rules (`docs/reports.md`, "Beyond the newest rule"): each scenario whose
//! day is more than `mynakit_protocol::HORIZON_YEARS` after the newest rule mynakit knows
//! carries a `mynakit_protocol::BeyondRules`, and the run sums them up in [`RunBeyondRules`].
//! Whether a day is beyond is answered by `mynakit_protocol::BeyondRules::on` alone; this module
//! only gathers the answers and words them.

use mynakit_protocol::{horizon_span, BeyondRules};

use super::model::{RunBeyondRules, ScenarioReport};
use crate::scenario::Scenario;

/// The scenario's day (`given.clock`, its start in JST) when it is beyond mynakit's rules.
pub(crate) fn of_scenario(scenario: &Scenario) -> Option<BeyondRules> {
    // A clock whose day has no `YYYY-MM-DD` form (a year before 0) is not a day any rule is
    // about: nothing to say.
    BeyondRules::on(&scenario.given.clock.day()).ok().flatten()
}

impl RunBeyondRules {
    /// The summary of `scenarios`; `None` when none is beyond mynakit's rules (a run on the
    /// default clock).
    pub fn of(scenarios: &[ScenarioReport]) -> Option<RunBeyondRules> {
        let beyond: Vec<(&ScenarioReport, &BeyondRules)> = scenarios
            .iter()
            .filter_map(|s| s.beyond_rules.as_ref().map(|b| (s, b)))
            .collect();
        let latest = beyond
            .iter()
            .map(|(_, b)| b)
            .max_by(|a, b| a.day.cmp(&b.day))?;
        Some(RunBeyondRules {
            newest_rule: latest.newest_rule.clone(),
            latest_day: latest.day.clone(),
            scenarios: beyond.iter().map(|(s, _)| s.id.clone()).collect(),
        })
    }

    /// In one line for people, of a run of `total` scenarios.
    pub fn line(&self, total: usize) -> String {
        let n = self.scenarios.len();
        format!(
            "{n} of {total} scenario{} ran on days more than {} after the newest rule mynakit \
             knows ({}), the latest {}: {} may be out of date (`mynakit docs rules`, \"Beyond the \
             newest rule\")",
            if total == 1 { "" } else { "s" },
            horizon_span(),
            self.newest_rule,
            self.latest_day,
            if n == 1 {
                "its verdict"
            } else {
                "their verdicts"
            }
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::super::sample;
    use super::*;

    #[test]
    fn the_run_sums_up_its_scenarios_beyond_the_rules() {
        let mut report = sample::report();
        assert_eq!(RunBeyondRules::of(&report.scenarios), None);
        for (i, day) in [(0, "2028-03-01"), (2, "2029-01-15")] {
            report.scenarios[i].beyond_rules = BeyondRules::on(day).unwrap();
        }
        let run = RunBeyondRules::of(&report.scenarios).unwrap();
        assert_eq!(run.latest_day, "2029-01-15");
        assert_eq!(run.newest_rule, mynakit_protocol::newest_rule_date());
        assert_eq!(run.scenarios, ["eligible-pin", "reader-contactless"]);
        let line = run.line(report.scenarios.len());
        assert!(
            line.starts_with("2 of 5 scenarios ran on days more than 1 year"),
            "{line}"
        );
        assert!(line.contains("their verdicts may be out of date"), "{line}");
    }
}
