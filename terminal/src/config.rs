//! How the terminal is started (`mynakit terminal --root DIR …`): the command-line flags, and
//! [`run`], which loads personas and data and watches the folders until told to stop.
//!
//! Flags ([`TerminalSettings`]) override the data file (`--data`), which overrides the defaults
//! of `docs/terminal.md`, "Settings". Without `--data`, the bundled example data
//! (`terminal/data/example.yaml`) is used, so every validity can be produced out of the box.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use mynakit_fixtures::Fixtures;
use mynakit_timeline::Timeline;

use crate::data::{ElementProfile, TerminalData};
use crate::drift::{
    BulkLayout, ErrorFiles, FaceName, InsurerNumberForm, StampTime, ZeroPaddedInsurer, ZipResults,
};
use crate::encoding::{CodeConvention, ResultEncoding};
use crate::error::TerminalError;
use crate::folder::ResultWrite;
use crate::terminal::Terminal;

/// The terminal's settings as flags (`mynakit terminal`, `mynakit serve --terminal`) or as a
/// TOML table (`[terminal_settings]` of `mynakit serve --config`): a data file, and overrides of
/// its keys (`docs/terminal.md`, "Settings").
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerminalSettings {
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
    /// Read a request only after it has been unchanged this long (overrides the data).
    #[arg(long, value_name = "MS")]
    pub settle_ms: Option<u64>,
    /// Keep bulk downloads 処理中 this long after the upload (overrides the data).
    #[arg(long, value_name = "SECS")]
    pub bulk_delay_secs: Option<u64>,
    /// Encoding of results (overrides the data).
    #[arg(long, value_enum)]
    pub encoding: Option<ResultEncoding>,
    /// `CharacterCodeIdentifier` convention (overrides the data).
    #[arg(long, value_enum)]
    pub character_code: Option<CodeConvention>,
    /// Element names of the consent group (overrides the data).
    #[arg(long, value_enum)]
    pub profile: Option<ElementProfile>,
    /// Layout of bulk download results (overrides the data).
    #[arg(long, value_enum)]
    pub bulk_layout: Option<BulkLayout>,
    /// `InsurerNumber` in result records (overrides the data).
    #[arg(long, value_enum)]
    pub result_insurer_number: Option<InsurerNumberForm>,
    /// Which results are written zipped (overrides the data).
    #[arg(long, value_enum)]
    pub zip_results: Option<ZipResults>,
    /// How results and face pushes appear: created complete under their final name
    /// (default), written in place, or renamed into place (overrides the data).
    #[arg(long, value_enum)]
    pub result_write: Option<ResultWrite>,
    /// Write every result in `res` slowly in place: the name first, then 4 parts over this
    /// many milliseconds, unlocked (overrides the data's `slow_result`; `mynakit docs terminal`, "A
    /// result written slowly").
    #[arg(long, value_name = "MS")]
    pub slow_result_ms: Option<u64>,
    /// Which failed messages also get the `.err` path (overrides the data).
    #[arg(long, value_enum)]
    pub error_files: Option<ErrorFiles>,
    /// Which clock stamps ProcessExecutionTime and face file names (overrides the data).
    #[arg(long, value_enum)]
    pub stamp_time: Option<StampTime>,
    /// The face file name pattern (overrides the data).
    #[arg(long, value_enum)]
    pub face_name: Option<FaceName>,
    /// What a zero-padded 6-digit insurer number finds (overrides the data).
    #[arg(long, value_enum)]
    pub zero_padded_insurer: Option<ZeroPaddedInsurer>,
    /// The file-name prefix 診療情報 is asked under (default `SRKsiquc01`, mynakit's model: the
    /// real name is not public; `mynakit docs terminal`, "診療情報"). Overrides the data.
    #[arg(long, value_name = "PREFIX")]
    pub diagnosis_info_prefix: Option<mynakit_oqs::ModelPrefix>,
}

impl TerminalSettings {
    /// The data in force without a scenario: the file (or the bundled example) with the
    /// overrides applied.
    ///
    /// # Errors
    ///
    /// [`TerminalError::Data`] naming `file:line:col`.
    pub fn data(&self) -> Result<TerminalData, TerminalError> {
        let data = match &self.data {
            Some(path) => TerminalData::from_file(path)?,
            None => TerminalData::example()?,
        };
        Ok(self.apply(data))
    }

    /// `data` with these overrides applied, whatever the data came from (a file, or a
    /// scenario's `given.terminal`).
    pub fn apply(&self, mut data: TerminalData) -> TerminalData {
        data.pickup_delay_ms = self.pickup_delay_ms.unwrap_or(data.pickup_delay_ms);
        data.poll_interval_ms = self.poll_interval_ms.unwrap_or(data.poll_interval_ms);
        data.settle_ms = self.settle_ms.unwrap_or(data.settle_ms);
        data.bulk_delay_secs = self.bulk_delay_secs.unwrap_or(data.bulk_delay_secs);
        data.encoding = self.encoding.unwrap_or(data.encoding);
        data.character_code = self.character_code.unwrap_or(data.character_code);
        data.profile = self.profile.unwrap_or(data.profile);
        data.bulk_layout = self.bulk_layout.unwrap_or(data.bulk_layout);
        data.result_insurer_number = self
            .result_insurer_number
            .unwrap_or(data.result_insurer_number);
        data.zip_results = self.zip_results.unwrap_or(data.zip_results);
        data.result_write = self.result_write.unwrap_or(data.result_write);
        if let Some(prefix) = &self.diagnosis_info_prefix {
            data.diagnosis_info_prefix = prefix.clone();
        }
        if let Some(over_ms) = self.slow_result_ms {
            data.slow_result = Some(crate::SlowResult {
                over_ms,
                ..data.slow_result.unwrap_or_default()
            });
        }
        data.error_files = self.error_files.unwrap_or(data.error_files);
        data.stamp_time = self.stamp_time.unwrap_or(data.stamp_time);
        data.face_name = self.face_name.unwrap_or(data.face_name);
        data.zero_padded_insurer = self.zero_padded_insurer.unwrap_or(data.zero_padded_insurer);
        data
    }
}

/// Start-up configuration of `mynakit terminal`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct TerminalConfig {
    /// Root folder holding `req`, `res` and `face` (created if missing).
    #[arg(long, value_name = "DIR")]
    pub root: PathBuf,
    /// The data file and its overrides.
    #[command(flatten)]
    pub settings: TerminalSettings,
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
        self.settings.data()
    }

    /// The terminal this configuration describes (personas from the fixtures directory).
    ///
    /// # Errors
    ///
    /// [`TerminalError`] if the data or the personas cannot be loaded.
    pub fn terminal(&self, timeline: Option<Timeline>) -> Result<Terminal, TerminalError> {
        let fixtures = match &self.fixtures {
            Some(dir) => Fixtures::open(dir)?,
            None => Fixtures::locate()?,
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
