//! One attempt of a repeated scenario as report.json keeps it (`mynakit run --repeat N`;
//! docs/reports.md, "Repeated runs and flaky scenarios"). How attempts are taken and combined
//! is `report::attempts`.

use mynakit_conformance::Level;
use serde::{Deserialize, Serialize};

/// One attempt of a repeated scenario, as report.json keeps it beside the worst attempt's
/// full report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    /// Its verdict.
    pub level: Level,
    /// Its run id (`MYNAKIT_RUN_ID`), as its evidence is filed under.
    pub run_id: String,
    /// Wall time, milliseconds.
    pub duration_ms: u64,
    /// The ids of its expectations and checks at its verdict's level when that is WARNING or
    /// FAILED (waived ones left out): what went wrong in this attempt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
    /// Why it was skipped or could not run, if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
