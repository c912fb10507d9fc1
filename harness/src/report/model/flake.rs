//! Where a FLAKY scenario's attempts part, as report.json keeps it (docs/reports.md, "Whose
//! flake"). Finding it is `report::flake`.

use mynakit_timeline::divergence::{How, Whose};
use serde::{Deserialize, Serialize};

/// Where a flaky scenario's attempts part, as report.json keeps it (`flake`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flake {
    /// `client`: the client acted differently on the same inputs; `mynakit`: mynakit's side
    /// differed on the same client acts, a bug of the tool.
    pub whose: Whose,
    /// `content`, `order`, `timing`, `missing` or `judging` (the same acts judged differently).
    pub how: How,
    /// The two attempts compared (from 1): the first at a better level than the worst, and the
    /// first at the worst, whose report (and timeline) this scenario's is.
    pub attempts: [usize; 2],
    /// The index in this report's `timeline` of the worst attempt's event where they part;
    /// absent when that attempt had ended there, or for `judging`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<usize>,
    /// What each of the two attempts did there, in the order of `attempts`, as compared
    /// (volatile parts masked: `APDU 00200080 +5 B`, `answer 63C2 +0 B`); `null` for an
    /// attempt that had ended.
    pub acts: [Option<String>; 2],
    /// When (milliseconds from each attempt's start), in the same order.
    pub at_ms: [Option<u64>; 2],
}
