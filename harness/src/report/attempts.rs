//! A scenario run more than once (`mynakit run --repeat N`): each attempt's verdict, and the
//! flake — attempts whose levels differ (docs/reports.md, "Repeated runs and flaky
//! scenarios"). The scenario's `level` stays the worst attempt's, so a reader of schema 2 that
//! knows nothing of attempts still sees every failure.

use super::model::{Attempt, ScenarioReport};
use mynakit_conformance::Level;

impl Attempt {
    /// The attempt `report` was.
    pub fn of(report: &ScenarioReport) -> Self {
        let at_level = |f: &&mynakit_conformance::Finding| {
            f.level == report.level && !report.is_waived(&f.check)
        };
        let findings = if report.level >= Level::Warning {
            report
                .expectations
                .iter()
                .chain(&report.checks)
                .filter(at_level)
                .map(|f| f.check.clone())
                .collect()
        } else {
            Vec::new()
        };
        Self {
            level: report.level,
            run_id: report.run_id.clone(),
            duration_ms: report.duration_ms,
            findings,
            note: report.note.clone(),
        }
    }

    /// Whether the attempt passed as a run passes: anything but FAILED (docs/reports.md).
    pub fn passed(&self) -> bool {
        self.level != Level::Failed
    }
}

/// `attempts` (in the order they ran) as one report: the worst attempt's report (the first of
/// the worst, so its evidence is the earliest failure), carrying every attempt and `flaky`
/// set when their levels differ. `None` for no attempts.
pub fn combine(attempts: Vec<ScenarioReport>) -> Option<ScenarioReport> {
    let summary: Vec<Attempt> = attempts.iter().map(Attempt::of).collect();
    let worst = attempts.iter().map(|a| a.level).max()?;
    let flaky = summary.windows(2).any(|w| w[0].level != w[1].level);
    let mut report = attempts.into_iter().find(|a| a.level == worst)?;
    report.flaky = flaky;
    report.attempts = summary;
    Some(report)
}

impl ScenarioReport {
    /// How many of its attempts passed, of how many: `None` when it ran once.
    pub fn pass_rate(&self) -> Option<(usize, usize)> {
        if self.attempts.is_empty() {
            return None;
        }
        let passed = self.attempts.iter().filter(|a| a.passed()).count();
        Some((passed, self.attempts.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    fn attempt(level: Level, run: &str) -> ScenarioReport {
        let mut report = sample::report().scenarios[0].clone();
        report.level = level;
        report.run_id = run.to_owned();
        report
    }

    /// Levels that differ make a flake; the report is the first worst attempt's.
    #[test]
    fn differing_levels_are_flaky_and_the_worst_attempt_is_kept() {
        let combined = combine(vec![
            attempt(Level::Passed, "a"),
            attempt(Level::Failed, "b"),
            attempt(Level::Failed, "c"),
        ])
        .unwrap();
        assert!(combined.flaky);
        assert_eq!(combined.level, Level::Failed);
        assert_eq!(combined.run_id, "b");
        assert_eq!(combined.pass_rate(), Some((1, 3)));
        let runs: Vec<&str> = combined
            .attempts
            .iter()
            .map(|a| a.run_id.as_str())
            .collect();
        assert_eq!(runs, ["a", "b", "c"]);
    }

    /// The same level every time is no flake, failing or not.
    #[test]
    fn the_same_level_every_time_is_not_flaky() {
        for level in [Level::Passed, Level::Failed] {
            let combined = combine(vec![attempt(level, "a"), attempt(level, "b")]).unwrap();
            assert!(!combined.flaky);
            assert_eq!(combined.level, level);
        }
        assert!(combine(Vec::new()).is_none());
    }
}
