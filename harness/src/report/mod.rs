//! Reports of a `mynakit run`: one [`RunReport`] holding a [`ScenarioReport`] per scenario,
//! written as JUnit XML for CI, as JSON with a versioned schema, and as one self-contained HTML
//! page a person reads (`docs/reports.md`).
//!
//! In layers (docs/architecture.md, "The report's layers"): the model at the bottom ([`model`]
//! and the parts it holds: facts, attempts, figures, …), the wording of it in English and
//! Japanese above it ([`lang`]), and the writers on top (HTML, JUnit, JSON, GitHub's lines,
//! Markdown, the diff, the report folder). This file only declares them: a module below names
//! what it uses by the module that defines it, never back up through here.

mod apdu_figures;
mod attempts;
mod beyond;
pub mod causes;
mod declaration;
pub mod detail;
pub mod diff;
mod expected_fields;
mod facts;
mod files;
mod flake;
mod folder;
mod github;
mod html;
mod identity;
mod json;
mod junit;
pub mod lang;
mod layout;
mod merge;
pub mod model;
mod not_a_day;
pub mod published;
mod recap;
mod run_days;
#[cfg(test)]
pub(crate) mod sample;
pub mod schema;
mod setup_failure;
pub(crate) mod suite;
mod terminal_files;
pub(crate) mod text;
pub mod untrusted;
mod written_once;

pub use apdu_figures::ApduFigures;
pub use attempts::combine as combine_attempts;
pub(crate) use beyond::of_scenario as beyond_rules_of;
pub use expected_fields::{Expected, ExpectedFields};
pub use facts::{Ended, Judged, NoteFacts};
pub use files::{DEFAULT_REPORT_DIR, HTML_FILE, JSON_FILE, JUNIT_FILE, MAX_JSON_BYTES};
pub use folder::{check_target, write_all, write_all_with, WriteOptions};
pub use github::{annotations, in_repository, load_annotations, step_summary, AnnotatedFile};
pub use html::{html, html_with};
pub use identity::{app_of, commit_line, tool, App, TOOL_COMMIT, UNKNOWN_COMMIT};
pub use json::{json, json_with, read as read_json};
pub use junit::{junit_xml, junit_xml_with, Classname};
pub use lang::Lang;
pub use merge::{merge_shards, overlay, MergeError};
pub use model::{
    level_name, Attempt, DeclarationProblem, Flake, RunBeyondRules, RunReport, RunSuite,
    ScenarioReport, REPORT_SCHEMA_VERSION,
};
pub use not_a_day::{not_days, NotADay};
pub use recap::recap;
pub use run_days::{rule_sets, starts as run_starts, DaySource, RuleSetDays, RunStart};
pub use setup_failure::{MisplacedArgument, SetupFailure, SetupFailureKind, SETUP_STDERR_LINES};
pub use terminal_files::TerminalFile;
pub use written_once::{expand as expand_checks, BadIndex};
