//! The last lines of `mynakit run` when something FAILED (docs/reports.md, "The terminal"):
//! after a hundred rows have scrolled by, each cause (its check) with how many scenarios it
//! failed and the first of them, then where report.html is. The grouping is the failures
//! table's ([`super::causes::across`]); an all-pass run has none of it.

use mynakit_conformance::Level;

use super::causes::{across, rows};
use super::lang::{msg, Lang};
use super::model::RunReport;

/// How many causes the recap names; the rest are counted.
const CAUSES: usize = 4;
/// How many scenarios a cause's line names.
const NAMES: usize = 3;

/// The recap's lines (none when nothing FAILED), the last naming `page` when there is one.
pub fn recap(report: &RunReport, page: Option<&str>, lang: Lang) -> Vec<String> {
    let rows = rows(report);
    let groups: Vec<_> = across(&rows)
        .into_iter()
        .filter(|g| g.level == Level::Failed)
        .collect();
    if groups.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![msg::recap_heading(lang, lang.level(Level::Failed))];
    for group in groups.iter().take(CAUSES) {
        let names = group.names();
        let mut shown = names[..names.len().min(NAMES)].join(", ");
        if names.len() > NAMES {
            shown.push_str(", …");
        }
        lines.push(msg::recap_cause(
            lang,
            &msg::cause_label(lang, group.check, group.outcome.as_ref()),
            names.len(),
            &shown,
        ));
    }
    if groups.len() > CAUSES {
        lines.push(msg::recap_more(lang, groups.len() - CAUSES));
    }
    if let Some(page) = page {
        lines.push(msg::recap_open(lang, page));
    }
    lines
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::super::sample;
    use super::*;

    fn failing(id: &str, checks: &[&str]) -> crate::report::model::ScenarioReport {
        let mut s = sample::scenario(id, id, Level::Failed);
        s.expectations.clear();
        s.checks = checks
            .iter()
            .map(|c| sample::finding(c, Level::Failed, "failed"))
            .collect();
        s
    }

    #[test]
    fn the_recap_names_each_cause_its_scenarios_and_the_page() {
        let mut report = sample::report();
        report.scenarios = (0..5)
            .map(|i| failing(&format!("s{i}"), &["PIN-one-verify"]))
            .chain((5..11).map(|i| failing(&format!("s{i}"), &[&format!("C-{i}")])))
            .collect();
        let lines = recap(&report, Some("r/report.html"), Lang::En);
        assert_eq!(
            lines,
            [
                "FAILED, by cause:",
                "  PIN-one-verify in 5 scenarios: s0, s1, s2, …",
                "  C-5 in 1 scenario: s5",
                "  C-6 in 1 scenario: s6",
                "  C-7 in 1 scenario: s7",
                "  and 3 more causes: report.html lists every one",
                "read: r/report.html",
            ]
        );
        let ja = recap(&report, Some("r/report.html"), Lang::Ja);
        assert_eq!(ja[1], "  PIN-one-verify: シナリオ 5 件 (s0, s1, s2, …)");
    }

    #[test]
    fn a_run_without_failures_has_no_recap() {
        let mut report = sample::report();
        report.scenarios.retain(|s| s.level < Level::Failed);
        assert!(recap(&report, Some("r/report.html"), Lang::En).is_empty());
    }
}
