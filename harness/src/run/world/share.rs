//! The terminal's folders behind a loopback SMB share (`mynakit run --terminal-share smb`;
//! `docs/terminal.md`, "The share in a run"): a private, audited smbd per scenario
//! ([`mynakit_terminal_share::Share::start_audited`]), the client's variables to reach it, and
//! what the client did through it recorded in the timeline as it happens.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mynakit_terminal_share::{AuditLog, Share, ShareConfig};
use mynakit_timeline::{EventKind, FileAction, Source, Timeline};

/// How the run gives a scenario's terminal folders to the client (`--terminal-share`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TerminalShare {
    /// As a local folder (`MYNAKIT_TERMINAL_DIR`) only.
    #[default]
    None,
    /// Also behind a private loopback SMB share (Samba's smbd), with its address and
    /// credentials in `MYNAKIT_TERMINAL_SMB_*`.
    Smb,
}

/// Why a scenario's SMB share (`--terminal-share smb`) could not be given to the client.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ShareError {
    /// smbd could not start: Samba or its `full_audit` module missing, or not ready (the error
    /// says which package to install).
    #[error("--terminal-share smb")]
    Start(#[source] mynakit_terminal_share::ShareError),
    /// The share started without its audit log.
    #[error("--terminal-share smb: the share has no audit log")]
    NoAuditLog,
    /// The thread recording the audit log could not start.
    #[error("--terminal-share smb: the audit log's recorder cannot start")]
    Recorder(#[source] std::io::Error),
    /// The share's password file cannot be read.
    #[error("--terminal-share smb: {}: cannot read", path.display())]
    Password {
        /// The password file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// How often the audit log is read: an operation is in the timeline within this much of being
/// logged.
const POLL: Duration = Duration::from_millis(20);

/// A scenario's running share and the thread recording its audit log.
pub(crate) struct RunningShare {
    // Declared first: the recorder stops (in `stop` or on drop) before smbd does.
    recorder: Option<Recorder>,
    share: Share,
}

struct Recorder {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl RunningShare {
    /// Shares `root` (the terminal's, its folders made) and records every client operation
    /// through it into `timeline`.
    ///
    /// # Errors
    ///
    /// Samba (or its `full_audit` module) missing, or smbd not ready: the error says which
    /// package to install.
    pub(crate) fn start(root: &std::path::Path, timeline: &Timeline) -> Result<Self, ShareError> {
        let share =
            Share::start_audited(root, &ShareConfig::default()).map_err(ShareError::Start)?;
        let mut log = share.audit_log().ok_or(ShareError::NoAuditLog)?;
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            let timeline = timeline.clone();
            std::thread::Builder::new()
                .name("smb-audit".into())
                .spawn(move || {
                    let mut failed = false;
                    while !stop.load(Ordering::SeqCst) {
                        record(&mut log, &timeline, &mut failed);
                        std::thread::sleep(POLL);
                    }
                    // What was logged up to the stop.
                    record(&mut log, &timeline, &mut failed);
                })
                .map_err(ShareError::Recorder)?
        };
        Ok(RunningShare {
            recorder: Some(Recorder { stop, thread }),
            share,
        })
    }

    /// The client's variables (`MYNAKIT_TERMINAL_SMB_*`, docs/client-protocol.md).
    ///
    /// # Errors
    ///
    /// The share's password file cannot be read.
    pub(crate) fn client_env(&self) -> Result<Vec<(String, String)>, ShareError> {
        mynakit_terminal_share::client_env(&self.share)
            .map_err(|source| self.password_error(source))
    }

    /// The share's password, kept out of reports like every secret of the world.
    ///
    /// # Errors
    ///
    /// The share's password file cannot be read.
    pub(crate) fn password(&self) -> Result<String, ShareError> {
        self.share
            .password()
            .map_err(|source| self.password_error(source))
    }

    fn password_error(&self, source: std::io::Error) -> ShareError {
        ShareError::Password {
            path: self.share.password_file(),
            source,
        }
    }

    /// Records what the audit log holds so far, and stops recording.
    pub(crate) fn finish_recording(&mut self) {
        if let Some(recorder) = self.recorder.take() {
            recorder.stop.store(true, Ordering::SeqCst);
            let _ = recorder.thread.join();
        }
    }
}

impl Drop for RunningShare {
    fn drop(&mut self) {
        self.finish_recording();
    }
}

/// Records the operations logged since the last call, as `File` events from the client; the
/// first failure to read the log is noted once (`failed`).
fn record(log: &mut AuditLog, timeline: &Timeline, failed: &mut bool) {
    match log.read_new() {
        Ok(records) => {
            for r in records {
                timeline.record(
                    Source::Client,
                    EventKind::file(r.path, FileAction::parse(r.op.action())),
                );
            }
        }
        // The log is made before smbd starts: it is there while the share is.
        Err(_) if *failed => {}
        Err(e) => {
            *failed = true;
            timeline.record(
                Source::Terminal,
                EventKind::Note {
                    text: format!("the SMB share's audit log cannot be read: {e}"),
                },
            );
        }
    }
}
