//! The report's model, the bottom of `report`: the run, its scenarios and the levels of their
//! verdicts, as report.json holds them. It holds facts and English only; the language layer
//! (`report::lang`) words them for people, and the writers (HTML, JUnit, JSON, the terminal,
//! Markdown, the diff) sit on both (docs/architecture.md, "The report's layers").

mod attempt;
mod beyond_rules;
mod cause_group;
mod declaration;
pub mod detail;
mod flake;
mod levels;
mod run;
mod scenario;
mod suite;

pub use attempt::Attempt;
pub use beyond_rules::RunBeyondRules;
pub use cause_group::CauseGroup;
pub use declaration::DeclarationProblem;
pub use flake::Flake;

pub use levels::level_name;
pub(crate) use levels::LEVELS_WORST_FIRST;
pub use run::{RunReport, REPORT_SCHEMA_VERSION};
pub use scenario::ScenarioReport;
pub use suite::RunSuite;
