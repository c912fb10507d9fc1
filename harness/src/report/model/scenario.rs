//! One scenario's report: its verdict and everything that explains it (docs/reports.md). How
//! people read it in a language is the language layer's (`report::lang::reading`).

use std::collections::BTreeMap;

use mynakit_conformance::{Finding, Level};
use mynakit_protocol::{BeyondRules, Capabilities, RuleSet, RunResult};
use mynakit_timeline::Event;
use serde::{Deserialize, Serialize};

use super::attempt::Attempt;
use super::cause_group::CauseGroup;
use super::flake::Flake;
use crate::report::apdu_figures::ApduFigures;
use crate::report::expected_fields::ExpectedFields;
use crate::report::facts::{Judged, NoteFacts};
use crate::report::identity::App;
use crate::report::terminal_files::TerminalFile;

/// One scenario's verdict and everything that explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScenarioReport {
    /// The verdict's name: the scenario id, or `id[mode]` for its run in a mode other than its
    /// own (`docs/scenarios.md`, "Modes").
    pub id: String,
    /// The id of the scenario (file) this run comes from; absent in reports written before
    /// runs per mode existed (read as `id`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scenario: String,
    /// The confirmation mode of this run (`pin`, `visual`, `face`, `insurance-card`, `bulk`,
    /// `drug-info`), or `none` for a plain program that speaks no client protocol; absent in
    /// reports written before runs per mode existed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mode: String,
    /// Its title.
    pub title: String,
    /// Its title in Japanese (the scenario's `title_ja`), absent when it has none: report.html
    /// shows it under `--lang ja`, and report.json keeps it beside `title` (as a check's
    /// `reason_ja`), so a report read back from it (`report merge`, `--rerun-failed`) reads in
    /// Japanese too (docs/reports.md, "A scenario").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ja: Option<String>,
    /// The file it came from (as given on the command line, or relative to the bundled set).
    pub file: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Where the required behaviour comes from (the scenario's `references:`): a `docs/` page,
    /// a seed document, an MHLW notice, a check's public source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// Its references in Japanese (the scenario's `references_ja`), kept in memory only:
    /// report.html shows them under `--lang ja`; report.json keeps `references` alone.
    #[serde(skip)]
    pub references_ja: Vec<String>,
    /// The app under test as its `hello` named it; absent when the client said no `hello`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<App>,
    /// The verdict: the worst level among `expectations` and `checks` (waived findings
    /// excluded), or SKIPPED when it did not run.
    pub level: Level,
    /// Why it was skipped, could not run (set up failed) or is NOT-APPLICABLE, if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The facts `note` was written from, when the harness wrote it from facts (why the
    /// scenario is NOT-APPLICABLE, a run cut short), kept in memory only: the table and
    /// report.html word them in the reader's language, while report.json keeps the English
    /// `note` that tools read. Absent in a report read back from report.json (`report merge`),
    /// which then shows `note` as it is.
    #[serde(skip)]
    pub note_facts: Option<NoteFacts>,
    /// The rule set it was judged by (`docs/rules.md`).
    #[serde(default)]
    pub rules: RuleSet,
    /// Set when the scenario's day (`given.clock`) is more than a year after the newest rule
    /// mynakit knows: it was judged by the newest rules all the same, which may be out of date
    /// (docs/reports.md, "Beyond the newest rule"). Absent within a year (the default clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beyond_rules: Option<BeyondRules>,
    /// The client's declared capabilities it was judged by (the file, the built-in client's,
    /// or its `hello`); absent = none declared: a card app with the pin, visual and face modes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Capabilities")]
    pub capabilities: Option<Capabilities>,
    /// `faults.seed`.
    pub seed: u64,
    /// The run id (`MYNAKIT_RUN_ID`).
    pub run_id: String,
    /// Wall time, milliseconds.
    pub duration_ms: u64,
    /// The client's final result (absent when it did not run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "RunResult")]
    pub result: Option<RunResult>,
    /// How the client process ended (`exit 0`, `signal 9`, `in-process`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<String>,
    /// What the scenario expected of the result's fields (`expect.fields`, `expect.shown`,
    /// `expect.hidden`), shown beside the result in the HTML and print views; absent when it
    /// expected nothing of them.
    #[serde(default, skip_serializing_if = "ExpectedFields::is_empty")]
    pub expected_fields: ExpectedFields,
    /// Each `expect` item judged: `expect.outcome`, `expect.fields.Name`,
    /// `expect.cards.employee.pins.auth`, ….
    pub expectations: Vec<Finding>,
    /// The facts each expectation's reason was written from, by its id, kept in memory only
    /// (as `note_facts`): the reports word them in the reader's language, report.json keeps the
    /// English reason.
    #[serde(skip)]
    pub judged: BTreeMap<String, Judged>,
    /// Every conformance check judged (ids from `mynakit_conformance::CHECKS`).
    pub checks: Vec<Finding>,
    /// The indices in the run's `skipped_checks` of this run's SKIPPED check findings, which
    /// its `checks` then leave out; together they are every check judged, in the catalogue's
    /// order (docs/reports.md, "Written once"). Empty in memory; absent in reports of earlier
    /// versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<usize>,
    /// The indices in the run's `passed_checks` of this run's PASSED check findings, which its
    /// `checks` then leave out, as `skipped` (docs/reports.md, "Written once"). Empty in memory;
    /// absent in reports of earlier versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passed: Vec<usize>,
    /// Waived check ids and the reason: the scenario's `expect.waivers` and the
    /// `--expected-failures` file's entries (their reason ends `[expected-failures]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub waived: BTreeMap<String, String>,
    /// The waived check ids that did not fail: stale waivers, each also a finding in
    /// `expectations` (`expect.waivers.<id>` or `expected-failures.<id>`, reason `stale: …`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale: Vec<String>,
    /// The timeline: APDUs, reader events, HTTP, files, protocol lines (PINs redacted), each
    /// one of docs/timeline.md's JSON lines; an event's index in this array is what findings'
    /// `events` cite.
    pub timeline: Vec<Event>,
    /// report.json only: the run id every event of `timeline` carried, left out of each event
    /// (docs/reports.md, "Written once"). Absent in memory, when the events carry no one id,
    /// and in reports of earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_run: Option<String>,
    /// The APDU-efficiency figures of the timeline (docs/reports.md, "APDU efficiency");
    /// absent when it holds no APDU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apdu: Option<ApduFigures>,
    /// For a scenario with a terminal (a レセコン's): each request read and each result and
    /// face file written, as text, secrets redacted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terminal_files: Vec<TerminalFile>,
    /// The client's stderr as captured (truncated at 64 KiB).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stderr: String,
    /// `--repeat N`: every attempt in the order they ran, this report being the worst one's
    /// (docs/reports.md, "Repeated runs and flaky scenarios"); absent when it ran once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<Attempt>,
    /// Set when its attempts' levels differ: FLAKY. `level` is still the worst attempt's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flaky: bool,
    /// For a FLAKY scenario: where its attempts' timelines part and whose act that was
    /// (docs/reports.md, "Whose flake"). Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flake: Option<Flake>,
    /// The run's problems grouped by the act of the client they follow from, worst first
    /// (docs/reports.md, "Causes and consequences"): each group names the finding that says
    /// what the client did and the findings that follow from it, by check id. Every finding
    /// stays in `expectations` and `checks`; absent when the run has no problems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<CauseGroup>,
    /// The id of an earlier run of the same scenario (another mode) whose causes are the same
    /// checks with the same words: the two fail the same way and the failures table shows them
    /// as one row. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
}

impl ScenarioReport {
    /// The id of the scenario file this run comes from: `scenario`, or `id` in reports written
    /// before runs per mode existed.
    pub fn scenario_id(&self) -> &str {
        if self.scenario.is_empty() {
            &self.id
        } else {
            &self.scenario
        }
    }

    /// Whether the scenario waives check (or expectation) `id`.
    pub fn is_waived(&self, id: &str) -> bool {
        self.waived.contains_key(id)
    }

    /// Every finding, expectations first, then checks.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.expectations.iter().chain(&self.checks)
    }

    /// The findings that make the verdict: not waived and worse than SKIPPED (FAILED, WARNING,
    /// REVIEW), worst first, expectations before checks within a level.
    pub fn problems(&self) -> Vec<&Finding> {
        let mut problems: Vec<&Finding> = self
            .findings()
            .filter(|f| f.level > Level::Skipped && !self.is_waived(&f.check))
            .collect();
        problems.sort_by_key(|f| std::cmp::Reverse(f.level));
        problems
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::report::sample;

    #[test]
    fn problems_leave_out_waived_and_passed_findings_worst_first() {
        let report = sample::report();
        let failed = &report.scenarios[1];
        let ids: Vec<_> = failed.problems().iter().map(|f| f.check.as_str()).collect();
        assert_eq!(
            ids,
            ["expect.outcome", "PIN-blocked-stop", "UI-slow-display"]
        );
    }
}
