//! The suite a run judged by, as report.json holds it (`docs/suites.md`); what it left out is
//! worked out, and said, in `report::suite`.

use serde::{Deserialize, Serialize};

/// The suite of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RunSuite {
    /// The suite's day, `YYYY-MM-DD`: the last day with a change on or before the day asked
    /// for (`--suite`), else the newest.
    pub day: String,
    /// Whether it is the newest suite: nothing is left out.
    pub latest: bool,
    /// The suite's sha256 (`docs/suites.md`, "Frozen suites"): a frozen suite's as the
    /// repository pins it, an open one's as the binary that judged held it. Empty in a report
    /// of a version before 2026-11-29.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// Whether the suite is frozen: its content can never change. An open suite (the newest
    /// day's, until a release freezes it) may still move within its day.
    #[serde(default)]
    pub frozen: bool,
    /// The checks added after its day, whose findings are SKIPPED ("new in D"), in catalogue
    /// order; empty under the newest suite.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks_left_out: Vec<String>,
    /// How many scenario runs are NOT-APPLICABLE because their scenario was added after its
    /// day.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub scenario_runs_left_out: usize,
    /// How many findings FAILED by a check or scenario made stricter after its day are a
    /// WARNING instead ("stricter since D"; `docs/suites.md`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stricter_softened: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
