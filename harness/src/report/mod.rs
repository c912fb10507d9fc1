//! Reports of a `mynakit run`: one [`RunReport`] holding a [`ScenarioReport`] per scenario,
//! written as JUnit XML for CI, as JSON with a versioned schema, and as one self-contained HTML
//! page a person reads (`docs/reports.md`).

use std::collections::BTreeMap;

use mynakit_conformance::{Finding, Level};
use mynakit_fixtures::timeline::Event;
use mynakit_protocol::RunResult;
use serde::{Deserialize, Serialize};

/// The version of the JSON report's schema; bumped on any incompatible change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// A whole run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunReport {
    /// [`REPORT_SCHEMA_VERSION`].
    pub schema: u32,
    /// `mynakit <version>`.
    pub tool: String,
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
    /// One entry per scenario, in the order run (sorted by id).
    pub scenarios: Vec<ScenarioReport>,
}

/// One scenario's verdict and everything that explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioReport {
    /// The scenario id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The file it came from (as given on the command line, or relative to the bundled set).
    pub file: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// The verdict: the worst level among `expectations` and `checks` (waived findings
    /// excluded), or SKIPPED when it did not run.
    pub level: Level,
    /// Why it was skipped or could not run (set up failed), if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `faults.seed`.
    pub seed: u64,
    /// The run id (`MYNAKIT_RUN_ID`).
    pub run_id: String,
    /// Wall time, milliseconds.
    pub duration_ms: u64,
    /// The client's final result (absent when it did not run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<RunResult>,
    /// How the client process ended (`exit 0`, `signal 9`, `in-process`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<String>,
    /// Each `expect` item judged: `expect.outcome`, `expect.fields.Name`,
    /// `expect.cards.employee.pins.auth`, ….
    pub expectations: Vec<Finding>,
    /// Every conformance check judged (ids from `mynakit_conformance::CHECKS`).
    pub checks: Vec<Finding>,
    /// Waived check ids and the scenario's reason.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub waived: BTreeMap<String, String>,
    /// The timeline: APDUs, reader events, HTTP, files, protocol lines (PINs redacted).
    pub timeline: Vec<Event>,
    /// The client's stderr as captured (truncated at 64 KiB).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stderr: String,
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

    /// Whether the run passes: no scenario FAILED. (WARNING and REVIEW do not fail a run;
    /// SKIPPED does not either, but is shown.)
    pub fn passed(&self) -> bool {
        self.scenarios.iter().all(|s| s.level != Level::Failed)
    }
}
