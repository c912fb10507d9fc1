//! The run's summary of its scenarios beyond mynakit's rules, as report.json keeps it
//! (docs/reports.md, "Beyond the newest rule"). Summing it up is `report::beyond`.

use serde::{Deserialize, Serialize};

/// The run's summary of its scenarios beyond mynakit's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RunBeyondRules {
    /// The date of the newest rule mynakit knows, `YYYY-MM-DD`.
    pub newest_rule: String,
    /// The latest day among them, `YYYY-MM-DD`.
    pub latest_day: String,
    /// Their ids (`ScenarioReport::id`), in the report's order.
    pub scenarios: Vec<String>,
}
