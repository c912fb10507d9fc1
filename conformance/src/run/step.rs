//! The step vocabulary: one timeline event, decoded, in the typed form the checks walk
//! (`docs/timeline.md`).

use mynakit_protocol::{ClientMessage, HarnessMessage};
use mynakit_timeline::{
    ContentElement, ContentFields, FileAction, KeptValue, ReaderAction, Source,
};

use super::{Apdu, Exchange};

/// One timeline event, decoded: the typed form of the timeline (`docs/timeline.md`).
#[derive(Clone, Debug)]
pub enum Step<'a> {
    /// A command/response pair, decoded.
    Apdu(Apdu<'a>),
    /// A reader or card control event.
    Reader {
        /// When.
        t_us: u64,
        /// The reader (slot) name.
        reader: &'a str,
        /// What happened.
        action: ReaderAction,
        /// Details (the persona, the ATR, `jpki 0018 0`).
        detail: &'a str,
    },
    /// A line the client sent.
    Client {
        /// When.
        t_us: u64,
        /// The line, decoded.
        message: ClientMessage,
    },
    /// A line the harness sent as the operator.
    Operator {
        /// When.
        t_us: u64,
        /// The line, decoded.
        message: HarnessMessage,
    },
    /// An HTTP exchange with the mock service.
    Http(Exchange<'a>),
    /// A file event in the terminal folders.
    File {
        /// When.
        t_us: u64,
        /// The path, relative to the terminal root.
        path: &'a str,
        /// What happened.
        action: FileAction,
    },
    /// What an OQS file in the terminal folders says, redacted (`EventKind::Content`).
    Content {
        /// When.
        t_us: u64,
        /// The path, relative to the terminal root.
        path: &'a str,
        /// The encoding its XML declaration names (empty: none).
        encoding: &'a str,
        /// Element → value (personal values redacted).
        fields: &'a ContentFields,
        /// The elements holding `●`.
        substituted: &'a [ContentElement],
        /// A consent import download's units: who each names (redacted).
        units: &'a [ContentFields],
        /// An answer's 医療費助成 entries, each whole (`docs/subsidies.md`).
        subsidies: &'a [ContentFields],
    },
    /// Free text.
    Note {
        /// When.
        t_us: u64,
        /// Who wrote it.
        source: Source,
        /// The text.
        text: &'a str,
    },
    /// What the client left in its private folders after the run (`EventKind::Kept`).
    Kept {
        /// When.
        t_us: u64,
        /// The folders searched.
        folders: &'a [String],
        /// How many files were searched.
        files: u64,
        /// The patient values found.
        found: &'a [KeptValue],
        /// What the client declared it keeps on purpose.
        declared: &'a [String],
    },
    /// The claim file the client wrote (`EventKind::ClaimFile`, flow `claim-file`).
    ClaimFile {
        /// When the harness read it.
        t_us: u64,
        /// The file, relative to the claim folder.
        path: &'a str,
        /// What it says.
        file: &'a mynakit_timeline::ClaimFile,
    },
    /// The client's main process ended (`EventKind::Exited`): what happens to a card after it,
    /// pcscd's own power-off of a card no process holds, is not the client's doing.
    Exited {
        /// When the harness saw it go.
        t_us: u64,
    },
    /// An event that does not decode: an APDU shorter than its header or not hex, a protocol
    /// line the harness refused. Kept so that steps and events stay one to one; no check
    /// judges it.
    Unreadable {
        /// When.
        t_us: u64,
    },
}

impl<'a> Step<'a> {
    /// The APDU this step is, if it went to `reader`.
    pub(crate) fn apdu_on(&self, reader: &str) -> Option<&Apdu<'a>> {
        match self {
            Step::Apdu(a) if a.reader == reader => Some(a),
            _ => None,
        }
    }

    /// When the step began: an HTTP exchange when its request arrived (it is recorded when its
    /// response is sent), any other step when it was recorded.
    pub(crate) fn arrived_us(&self) -> u64 {
        match self {
            Step::Http(x) => x.start_us(),
            other => other.t_us(),
        }
    }

    /// When it happened.
    pub(crate) fn t_us(&self) -> u64 {
        match self {
            Step::Apdu(a) => a.t_us,
            Step::Http(x) => x.t_us,
            Step::Reader { t_us, .. }
            | Step::Client { t_us, .. }
            | Step::Operator { t_us, .. }
            | Step::File { t_us, .. }
            | Step::Content { t_us, .. }
            | Step::Note { t_us, .. }
            | Step::Kept { t_us, .. }
            | Step::ClaimFile { t_us, .. }
            | Step::Exited { t_us }
            | Step::Unreadable { t_us } => *t_us,
        }
    }
}
