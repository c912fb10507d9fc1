//! The files a run's terminal read and wrote, kept in memory for reports: a レセコン's evidence
//! is the request it dropped and the result it was answered with (`docs/reports.md`), and both
//! are gone from the folders by the end of a run (the request is deleted once answered, the
//! client takes the result).

/// The most bytes kept of one file; a bulk request can be tens of megabytes.
pub const KEPT_BYTES: usize = 256 * 1024;

/// The most files kept per terminal; later ones are counted, not kept.
pub const KEPT_FILES: usize = 256;

/// One file the terminal read (`req/…`) or wrote (`res/…`, `face/…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangedFile {
    /// The path relative to the terminal root, as in the timeline (`req/OQSsiquc01req_1.xml`).
    pub path: String,
    /// The file's first [`KEPT_BYTES`] bytes, as on disk (XML, or a ZIP archive).
    pub bytes: Vec<u8>,
    /// The file's whole size.
    pub size: usize,
}

impl ExchangedFile {
    pub(crate) fn new(path: String, bytes: &[u8]) -> ExchangedFile {
        ExchangedFile {
            path,
            bytes: bytes[..bytes.len().min(KEPT_BYTES)].to_vec(),
            size: bytes.len(),
        }
    }

    /// Whether only the first [`KEPT_BYTES`] bytes were kept.
    pub fn truncated(&self) -> bool {
        self.bytes.len() < self.size
    }
}

/// The files kept, in the order the terminal handled them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Exchanges {
    pub(crate) files: Vec<ExchangedFile>,
    pub(crate) dropped: usize,
}

impl Exchanges {
    pub(crate) fn push(&mut self, file: ExchangedFile) {
        if self.files.len() < KEPT_FILES {
            self.files.push(file);
        } else {
            self.dropped += 1;
        }
    }
}
