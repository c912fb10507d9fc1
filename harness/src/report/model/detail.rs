//! The detail a report keeps (`run --html-detail`, `--json-detail`; docs/reports.md, "Sizes").
//! What each detail leaves out is `report::detail`.

use serde::{Deserialize, Serialize};

/// The detail a report keeps.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Detail {
    /// Every run in full.
    All,
    /// Runs with something to read in full (FAILED, WARNING, REVIEW, SKIPPED, FLAKY); runs that
    /// PASSED or are NOT-APPLICABLE summarised.
    Problems,
}

/// report.html's detail when no flag says otherwise.
pub const HTML_DEFAULT: Detail = Detail::Problems;
/// report.json's detail when no flag says otherwise: complete.
pub const JSON_DEFAULT: Detail = Detail::All;
