//! A declaration's problem, said once for the run, as report.json holds it (`docs/reports.md`,
//! "The run"); found and worded in `report::declaration`.

use serde::{Deserialize, Serialize};

/// One broken rule of a declaration the run judged by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DeclarationProblem {
    /// The rule's name (`limited-type-without-institution-flows`).
    pub rule: String,
    /// What it says and how to fix the declaration, in English.
    pub reason: String,
    /// How many scenario runs were judged by that declaration.
    pub runs: usize,
}
