//! A run's set-up failure: the client command could not run at all, so the run has no verdict
//! on the client, only this one error (`docs/client-protocol.md`, "When the client cannot
//! start"). Recorded in report.json, shown first on screen, at the top of report.html and as a
//! JUnit `<error>`; `mynakit run` exits with status 2.

use serde::{Deserialize, Serialize};

/// How many of the client's first stderr lines a set-up failure keeps.
pub const SETUP_STDERR_LINES: usize = 5;

/// Why the run decided that the client never ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SetupFailureKind {
    /// The shell could not execute the command: exit status 126 (not executable) or 127 (not
    /// found), before any activity.
    CannotExecute,
    /// The program said it cannot open a file an argument of the command names (`python3
    /// nosuch.py`: "can't open file"), before any activity.
    MissingArgument,
    /// The first scenarios that expect no exit code all ended before any card, service,
    /// folder or protocol activity, with the same first stderr lines.
    SameQuietEnd,
}

/// The run's own error when its client could not run (`RunReport::setup_failure`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SetupFailure {
    /// Why it counts as a set-up failure.
    pub kind: SetupFailureKind,
    /// The first scenario run it was seen in.
    pub scenario: String,
    /// The client's exit status there, when it exited by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    /// How many scenario runs ended that way before the run stopped (each is SKIPPED, not
    /// judged).
    pub runs: usize,
    /// The client's first stderr lines there (at most [`SETUP_STDERR_LINES`], PINs and
    /// passwords redacted as in the rest of the report).
    pub stderr: Vec<String>,
    /// An argument of the command that names a file in the folder `mynakit run` was started
    /// in: the client looks for it in the scenario's own folder, where relative arguments are
    /// taken from (docs/client-protocol.md), so the hint is to write `$PWD/…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub misplaced_argument: Option<MisplacedArgument>,
}

/// An argument written relative to the folder `mynakit run` was started in
/// ([`SetupFailure::misplaced_argument`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MisplacedArgument {
    /// The argument as written in the command.
    pub argument: String,
    /// The file it names from the folder `mynakit run` was started in.
    pub path: String,
}
