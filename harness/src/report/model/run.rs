//! The whole run's report: one [`RunReport`] holding a [`ScenarioReport`] per scenario, the
//! root of report.json (docs/reports.md).

use std::collections::BTreeMap;

use mynakit_conformance::{Finding, Level};
use mynakit_protocol::{Capabilities, RuleSet};
use serde::{Deserialize, Serialize};

use super::beyond_rules::RunBeyondRules;
use super::declaration::DeclarationProblem;
use super::detail;
use super::scenario::ScenarioReport;
use super::suite::RunSuite;
use crate::report::identity::App;
use crate::report::run_days::{RuleSetDays, RunStart};
use crate::report::setup_failure::SetupFailure;

/// The version of the JSON report's schema; bumped on any incompatible change. 2: the level
/// `NOT-APPLICABLE`, and the rule set and declared capabilities of the run and of each scenario
/// (`docs/reports.md`).
pub const REPORT_SCHEMA_VERSION: u32 = 2;

/// A whole run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(title = "mynakit report.json")]
pub struct RunReport {
    /// [`REPORT_SCHEMA_VERSION`].
    pub schema: u32,
    /// `mynakit <version>`.
    pub tool: String,
    /// The git commit the tool was built from (hex), or `unknown` when its build could not tell
    /// (docs/reports.md, "Identity and traceability"); absent in reports of older versions.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tool_commit: String,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// Wall time of the whole run, milliseconds.
    pub duration_ms: u64,
    /// The client command (`reference client (in-process)` for the built-in one).
    pub client: String,
    /// The card transport: `pcscd` or `in-process`.
    pub transport: String,
    /// SHA-256 (hex) over the scenario files run, in id order: id, NUL, file bytes, NUL.
    pub scenario_set_digest: String,
    /// The rule set of scenarios that name none (`--rules`, else the newest the declaration
    /// names, else the newest there is; a declaration in `hello` may change it per scenario).
    #[serde(default)]
    pub rules: RuleSet,
    /// Every rule set mynakit knows: its name, as `rules` writes it, and its first day (the
    /// first set is named `2021-04-01` and in force from 2021-03-04; docs/rules.md). Absent in
    /// reports of older versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_sets: Vec<RuleSetDays>,
    /// Each dated start's first day as the run used it, and where it came from (its own,
    /// `--began`, `MYNAKIT_BEGAN`; docs/rules.md, "Setting a start's day"). Absent in reports of
    /// older versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starts: Vec<RunStart>,
    /// The client's declared capabilities known before the run (the `--capabilities` file, or
    /// the built-in client's own); absent = none declared before the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Capabilities")]
    pub capabilities: Option<Capabilities>,
    /// The app under test as it names itself in `hello` (the first scenario's, in id order;
    /// a scenario whose `hello` differs shows its own); absent when no client said `hello`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<App>,
    /// The `--expected-failures` file the run applied, as given; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_failures: Option<String>,
    /// Whether a stale waiver FAILED the scenario (`--strict-waivers`) rather than warned.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict_waivers: bool,
    /// Each scenario file's YAML as run, by the scenario's id (a scenario's runs in several
    /// modes share one entry: `ScenarioReport::scenario`), with the scenario's PINs and
    /// passwords replaced by `<redacted>` (docs/reports.md, "The scenario files").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scenario_yaml: BTreeMap<String, String>,
    /// The SKIPPED findings of the runs' `checks`, each distinct one written once for the
    /// whole report (docs/reports.md, "Written once"): a run lists its own by their index here
    /// in its `skipped`, and they are left out of its `checks`. A hundred checks that did not
    /// apply, for the same few reasons in every run, were most of report.json's bytes. Empty in
    /// memory (`report::json::read` puts them back in each run's `checks`); absent in reports
    /// of earlier versions, whose `checks` hold every finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_checks: Vec<Finding>,
    /// The PASSED findings of the runs' `checks`, each distinct one written once, as
    /// `skipped_checks` (docs/reports.md, "Written once"): a run lists its own by their index
    /// here in its `passed`. The checks that held say so in the same words from run to run.
    /// Empty in memory; absent in reports of earlier versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passed_checks: Vec<Finding>,
    /// One entry per scenario, in the order run (sorted by id).
    pub scenarios: Vec<ScenarioReport>,
    /// The scenarios whose day is beyond mynakit's rules (more than a year after the newest rule
    /// it knows; each scenario's `beyond_rules`), summed up: their verdicts may be out of date
    /// (docs/reports.md, "Beyond the newest rule"). Absent when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beyond_rules: Option<RunBeyondRules>,
    /// The scenarios NOT-APPLICABLE for want of mynakit's reader driver: over a managed pcscd
    /// whose readers are vpcd's (`$MYNAKIT_IFD_DRIVER` names a missing file) their stack fault
    /// cannot be shown, and with the driver inside mynakit it would be (docs/reader.md, "Which
    /// transport shows which stack fault"). Said at the top of the run and of report.html.
    /// Absent when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wanting_driver: Vec<String>,
    /// `mynakit run --as-of DAY`: the day every scenario was moved to, and those that ran on
    /// their own day and why (docs/rules.md, "Running on another day"). Absent: each scenario
    /// ran on its own clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<crate::scenario::as_of::AsOfRun>,
    /// The signal that stopped the run (`SIGINT`, `SIGTERM`), when it was stopped: then
    /// `scenarios` holds only those that started, the ones cut short SKIPPED with a note, and
    /// the run does not pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<String>,
    /// The run's own error when its client could not run at all (docs/client-protocol.md,
    /// "When the client cannot start"): the run stopped, the scenario runs that ended that way
    /// are SKIPPED, and the run does not pass. Absent when the client ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_failure: Option<SetupFailure>,
    /// `--max-failures N`: the run stopped starting scenarios once N had FAILED; the ones not
    /// started are not listed. Absent when the run was not stopped so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_failures: Option<u64>,
    /// `run --json-detail problems`: this report.json is the smaller form (docs/reports.md,
    /// "Sizes"): the runs that PASSED or are NOT-APPLICABLE (and not FLAKY) have an empty
    /// `timeline`, no `terminal_files` or `stderr`, and only the findings worse than SKIPPED
    /// (waived ones) in `expectations` and `checks`; `scenario_yaml` holds only the files of
    /// the other runs. Absent: complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<detail::Detail>,
    /// The suite the run judged by (`mynakit run --suite`, docs/suites.md) and what it left
    /// out. Absent in reports of older versions, which judged by the suite of their day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suite: Option<RunSuite>,
    /// The rules the declarations the run judged by break, each said once for the run
    /// (`docs/reports.md`, "The run"), not as a WARNING on every scenario. Absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declaration: Vec<DeclarationProblem>,
}

impl RunReport {
    /// How many scenarios ended at each level.
    pub fn counts(&self) -> BTreeMap<Level, usize> {
        let mut counts = BTreeMap::new();
        for s in &self.scenarios {
            *counts.entry(s.level).or_insert(0) += 1;
        }
        counts
    }

    /// Whether the run passes: it was not interrupted, its client could start, and no scenario
    /// FAILED. (WARNING and REVIEW do not fail a run; SKIPPED and NOT-APPLICABLE do not either,
    /// but are shown and never count as PASSED.)
    pub fn passed(&self) -> bool {
        self.interrupted.is_none()
            && self.setup_failure.is_none()
            && self.scenarios.iter().all(|s| s.level != Level::Failed)
    }
}
