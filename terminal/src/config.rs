//! How the terminal is started (`mynakit terminal --root DIR …`): the command-line flags, and
//! [`run`], which loads personas and data and watches the folders until told to stop.
//!
//! Flags override the data file (`--data`), which overrides the defaults of
//! `docs/terminal.md`, "Settings". Without `--data`, the bundled example data
//! (`terminal/data/example.yaml`) is used, so every validity can be produced out of the box.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use mynakit_fixtures::timeline::Timeline;
use mynakit_fixtures::Fixtures;

use crate::data::{ElementProfile, TerminalData};
use crate::encoding::{CodeConvention, ResultEncoding};
use crate::error::TerminalError;
use crate::terminal::Terminal;

/// Start-up configuration.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct TerminalConfig {
    /// Root folder holding `req`, `res` and `face` (created if missing).
    #[arg(long, value_name = "DIR")]
    pub root: PathBuf,
    /// Terminal data (YAML): clock, delays, encoding, drift, extra persons. Default: the bundled
    /// example (`terminal/data/example.yaml`).
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Pick requests up this many milliseconds after they appear (overrides the data).
    #[arg(long, value_name = "MS")]
    pub pickup_delay_ms: Option<u64>,
    /// Scan `req` every this many milliseconds (overrides the data).
    #[arg(long, value_name = "MS")]
    pub poll_interval_ms: Option<u64>,
    /// Encoding of results (overrides the data).
    #[arg(long, value_enum)]
    pub encoding: Option<ResultEncoding>,
    /// `CharacterCodeIdentifier` convention (overrides the data).
    #[arg(long, value_enum)]
    pub character_code: Option<CodeConvention>,
    /// Element names of the consent group (overrides the data).
    #[arg(long, value_enum)]
    pub profile: Option<ElementProfile>,
    /// Fixtures directory (`personas/`); not a flag of its own: the `mynakit` command's global
    /// `--fixtures` sets it.
    #[arg(skip)]
    pub fixtures: Option<PathBuf>,
}

impl TerminalConfig {
    /// The data in force: the file (or the bundled example) with the flags applied.
    ///
    /// # Errors
    ///
    /// [`TerminalError::Data`] naming `file:line:col`.
    pub fn data(&self) -> Result<TerminalData, TerminalError> {
        let data = match &self.data {
            Some(path) => TerminalData::from_file(path)?,
            None => TerminalData::example()?,
        };
        Ok(self.apply_flags(data))
    }

    /// `data` with this configuration's flags (delays, encoding, convention, profile) applied
    /// on top, whatever the data came from (a file, or a scenario's `given.terminal`).
    pub fn apply_flags(&self, mut data: TerminalData) -> TerminalData {
        if let Some(v) = self.pickup_delay_ms {
            data.pickup_delay_ms = v;
        }
        if let Some(v) = self.poll_interval_ms {
            data.poll_interval_ms = v;
        }
        if let Some(v) = self.encoding {
            data.encoding = v;
        }
        if let Some(v) = self.character_code {
            data.character_code = v;
        }
        if let Some(v) = self.profile {
            data.profile = v;
        }
        data
    }

    /// The terminal this configuration describes (personas from the fixtures directory).
    ///
    /// # Errors
    ///
    /// [`TerminalError`] if the data or the personas cannot be loaded.
    pub fn terminal(&self, timeline: Option<Timeline>) -> Result<Terminal, TerminalError> {
        let fixtures = match &self.fixtures {
            Some(dir) => Fixtures::open(dir)?,
            None => Fixtures::bundled(),
        };
        Ok(Terminal::new(
            &self.root,
            self.data()?,
            fixtures.personas()?,
            timeline,
        ))
    }
}

/// Runs the terminal on this thread until `stop` is set (e.g. by a Ctrl-C handler).
///
/// # Errors
///
/// [`TerminalError`] if the data, the personas or the folders are unusable. Bad requests are
/// answered with error results and logged to stderr, never fatal.
pub fn run(
    config: &TerminalConfig,
    timeline: Option<Timeline>,
    stop: &AtomicBool,
) -> Result<(), TerminalError> {
    let terminal = config.terminal(timeline)?;
    eprintln!(
        "mynakit terminal: watching {} (req → res, face pushes into face)",
        terminal.root().display()
    );
    terminal.watch(stop)
}
