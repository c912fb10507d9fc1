//! Judging by the suite of a day (`mynakit run --suite`, `docs/suites.md`): a bundled scenario
//! added after the suite's day is NOT-APPLICABLE, and a check added after it is SKIPPED with the
//! reason "new in D", also where the scenario's `expect.checks` names it. A client certified on
//! a day so never FAILS by a check or scenario that came later without a version.

use mynakit_conformance::suite::{Subject, Suite};
use mynakit_conformance::Level;

use mynakit_protocol::Capabilities;

use super::config::RunConfig;
use super::judge;
use crate::report::suite::SOFTENED;
use crate::report::{NoteFacts, ScenarioReport};
use crate::scenario::Scenario;

/// The suite a run of this client judges by: the run's `--suite`, else the one the client
/// declares (`capabilities.suite`; a day before the first suite is the first), else the newest.
pub(crate) fn of(config: &RunConfig, declared: Option<&Capabilities>) -> Suite {
    if let Some(suite) = config.suite {
        return suite;
    }
    match declared.and_then(|d| d.suite.as_deref()) {
        Some(day) => Suite::of(day)
            .or_else(|_| Suite::of(mynakit_conformance::suite::FIRST_DAY))
            .unwrap_or_else(|_| Suite::latest()),
        None => Suite::latest(),
    }
}

/// The note of a scenario added after `suite`'s day, if it was (a scenario the data does not
/// know, a vendor's own, is in every suite). Every run of the file is left out, its runs in
/// other modes (`id[face]`) too: the data knows scenarios by their file's id.
pub(super) fn left_out(scenario: &Scenario, suite: Suite) -> Option<NoteFacts> {
    let added = suite.new_after(Subject::Scenario, scenario.file_id())?;
    Some(NoteFacts::NewInSuite {
        added,
        suite: suite.day(),
    })
}

/// Leaves the checks added after `suite`'s day out of a judged run: each of their findings
/// SKIPPED, "new in D" (a required one too: `expect.checks` is relaxed the same way), and the
/// verdict made again. What was made stricter after it FAILS no more: a FAILED of such a check,
/// or of such a scenario's expectations, is a WARNING "stricter since D" (mynakit keeps no
/// older judgement to give instead; the warning says what the newer suite finds).
pub(super) fn relax(report: &mut ScenarioReport, suite: Suite) {
    if suite.is_latest() || report.result.is_none() {
        return;
    }
    let mut changed = soften_stricter(report, suite);
    for finding in &mut report.checks {
        let Some(added) = suite.new_after(Subject::Check, &finding.check) else {
            continue;
        };
        finding.level = Level::Skipped;
        finding.reason = format!(
            "new in {added}: not in the suite of {} the run judges by (mynakit docs suites)",
            suite.day()
        );
        finding.reason_ja = Some(format!(
            "{added} に追加: 実行が判定に用いる {} のスイートにはありません (`mynakit docs suites`)",
            suite.day()
        ));
        finding.events.clear();
        finding.facts = Default::default();
        changed = true;
    }
    if changed {
        report.level = judge::verdict(&report.expectations, &report.checks, &report.waived);
    }
}

/// The FAILED findings of what was made stricter after `suite`'s day, as WARNINGs that say so;
/// whether any was.
fn soften_stricter(report: &mut ScenarioReport, suite: Suite) -> bool {
    let scenario_stricter = suite.stricter_after(Subject::Scenario, &report.scenario);
    let mut changed = false;
    let checks = report.checks.iter_mut().filter_map(|f| {
        let day = suite.stricter_after(Subject::Check, &f.check)?;
        Some((f, day))
    });
    let expectations = report
        .expectations
        .iter_mut()
        .filter_map(|f| scenario_stricter.map(|day| (f, day)));
    for (finding, day) in checks.chain(expectations) {
        if finding.level != Level::Failed {
            continue;
        }
        finding.level = Level::Warning;
        finding.reason = format!(
            "{SOFTENED}{day}, after the suite of {} the run judges by: FAILED by the newer \
             suite, a warning here (mynakit docs suites): {}",
            suite.day(),
            finding.reason
        );
        if let Some(ja) = finding.reason_ja.as_mut() {
            *ja = format!(
                "{day} に厳しくなった判定で、実行が用いる {} のスイートより後です。新しいスイートでは不合格、ここでは警告です (`mynakit docs suites`): {ja}",
                suite.day()
            );
        }
        changed = true;
    }
    changed
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_conformance::Finding;

    use super::*;

    fn finding(check: &str, level: Level) -> Finding {
        Finding {
            check: check.to_owned(),
            level,
            reason: "seen".to_owned(),
            reason_ja: None,
            events: vec![3],
            facts: Default::default(),
        }
    }

    #[test]
    fn a_check_added_after_the_suite_is_skipped_new_in_its_day_and_the_verdict_follows() {
        let mut report = crate::report::sample::report().scenarios.remove(0);
        report.result = Some(mynakit_protocol::RunResult::timeout(1));
        report.expectations = vec![finding("expect.outcome", Level::Passed)];
        report.checks = vec![
            finding("PIN-one-verify", Level::Passed),
            finding("VIS-photo-before-result", Level::Failed),
        ];
        report.waived.clear();
        report.level = Level::Failed;
        let first = Suite::of("2026-11-22").unwrap();
        relax(&mut report, first);
        assert_eq!(report.level, Level::Passed);
        let photo = &report.checks[1];
        assert_eq!(photo.level, Level::Skipped);
        assert!(
            photo.reason.starts_with("new in 2026-11-23: "),
            "{}",
            photo.reason
        );
        assert!(photo.events.is_empty());
        assert_eq!(report.checks[0].level, Level::Passed);
        // A check made stricter after the suite FAILS no more: a warning that says so.
        report.checks[0] = finding("PIN-not-reused", Level::Failed);
        report.level = Level::Failed;
        relax(&mut report, first);
        assert_eq!(report.checks[0].level, Level::Warning);
        assert!(
            report.checks[0]
                .reason
                .starts_with("stricter since 2026-11-23, "),
            "{}",
            report.checks[0].reason
        );
        assert_eq!(report.level, Level::Warning);
        // ...but under the suite of its day it FAILS as before.
        report.checks[0] = finding("PIN-not-reused", Level::Failed);
        relax(&mut report, Suite::of("2026-11-23").unwrap());
        assert_eq!(report.checks[0].level, Level::Failed);
        report.checks[0] = finding("PIN-one-verify", Level::Passed);
        // The newest suite leaves everything in.
        report.checks[1] = finding("VIS-photo-before-result", Level::Failed);
        report.level = Level::Failed;
        relax(&mut report, Suite::latest());
        assert_eq!(report.level, Level::Failed);
    }
}
