//! mynakit's 資格確認端末 emulation: the `req` / `res` / `face` folder exchange through which
//! レセコン and EMRs talk to オンライン資格確認, answering OQS XML files from the same eligibility
//! model as the mock service (`mynakit-service`).
//!
//! A client drops `OQSsiquc01req_*.xml` (and the bulk, 照会番号 and 医療扶助 messages) into
//! `req`; the terminal answers `…res…` in `res`, atomically, and pushes
//! `OQSsiquc01res_face_*.xml` into `face` when a patient confirms at the (virtual) face reader.
//! Bulk downloads may be zipped (`archive`), layouts that public sources leave uncertain are
//! switches (`drift`), and next to a running mock service the terminal reads the service's live
//! records and clock (`source`). Everything is documented in `docs/terminal.md`; the facts
//! behind it are summarised there with their public sources.
//!
//! ```no_run
//! # fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use mynakit_terminal::{ConfirmationMode, FaceOptions, TerminalConfig};
//! let config = TerminalConfig { root: "/tmp/oqs".into(), ..Default::default() };
//! let running = config.terminal(None)?.start()?;
//! running.terminal().confirm_at_face_reader("employee", ConfirmationMode::Face, &FaceOptions::default())?;
//! running.stop();
//! # Ok(()) }
//! ```

mod access;
mod answer;
pub mod archive;
mod bulk;
mod client_watch;
mod config;
mod content;
pub mod data;
mod document;
pub mod drift;
pub mod encoding;
mod error;
pub mod exchanges;
mod face;
mod face_pickups;
pub mod file_name;
mod folder;
pub mod notes;
mod other_workstation;
mod overlay;
pub mod patient_info;
pub mod pdf;
mod people;
mod publish;
mod reception;
mod recorder;
mod references;
mod render;
pub mod request;
pub mod sharing;
mod slow_result;
pub mod source;
mod terminal;
mod watcher;

pub use answer::Answer;
pub use config::{run, TerminalConfig, TerminalSettings};
pub use data::{
    DataInsurance, DesignatedFlag, OtherRequest, OtherWorkstation, PersonSpec, TerminalData,
};
pub use error::TerminalError;
pub use face::{ConfirmationMode, FaceError, FaceOptions, PrescriptionIssue};
pub use folder::{ResultWrite, FACE, REQ, RES};
pub use overlay::TerminalDataOverlay;
pub use people::{CardData, Found, People, Person};
pub use recorder::LogSink;
pub use render::RenderError;
pub use slow_result::SlowResult;
pub use source::{CardCheck, Eligibility};
pub use terminal::Terminal;
pub use watcher::{write_atomic, RunningTerminal};
