//! Errors that stop the terminal from starting or running. A bad request never does: it gets an
//! error result (`terminal::Answer::problem`).

use std::path::PathBuf;

/// Why the terminal could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TerminalError {
    /// The terminal data file is unreadable or invalid (`file:line:col: message`).
    #[error("terminal data: {0}")]
    Data(#[from] mynakit_fixtures::yaml::YamlError),
    /// The personas could not be loaded.
    #[error("fixtures: {0}")]
    Fixtures(#[from] mynakit_fixtures::FixtureError),
    /// A folder could not be created or a file written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

impl TerminalError {
    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> TerminalError + '_ {
        move |source| TerminalError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
