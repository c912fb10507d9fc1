//! A scenario's problems grouped by the act of the client they follow from, as report.json
//! keeps them (docs/reports.md, "Causes and consequences"). Grouping them is `report::causes`.

use mynakit_conformance::Level;
use serde::{Deserialize, Serialize};

/// A cause as report.json writes it (`causes` of a scenario): check ids rather than the
/// findings themselves, which stay where they are (`expectations`, `checks`), so that every
/// field a release wrote keeps its place and meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CauseGroup {
    /// The check (or expectation) id of the finding that says what the client did.
    pub cause: String,
    /// The worst level of the group's findings.
    pub level: Level,
    /// The ids of the findings that follow from it, in the order of the scenario's problems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follows: Vec<String>,
}
