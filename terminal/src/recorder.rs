//! What the terminal tells the outside while it works: log lines, the run's timeline (file
//! events, notes, the redacted `content` of each file) and the files kept for reports
//! (`exchanges`). Every layer records through it; it knows nothing of messages.

use std::sync::{Arc, Mutex};

use mynakit_timeline::{EventKind, FileAction, Source, Timeline};

use crate::exchanges::{ExchangedFile, Exchanges};

/// A sink for log lines (one line per problem, naming the file and place).
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

/// The terminal's log, timeline and kept files.
pub(crate) struct Recorder {
    timeline: Option<Timeline>,
    log: LogSink,
    exchanges: Mutex<Exchanges>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("timeline", &self.timeline.is_some())
            .finish_non_exhaustive()
    }
}

impl Recorder {
    /// Recording into `timeline` (if any), logging to stderr.
    pub(crate) fn new(timeline: Option<Timeline>) -> Recorder {
        Recorder {
            timeline,
            // A log line never takes the terminal down: with stderr closed (`mynakit run
            // 2>&1 | head`) `eprintln!` would panic in the worker thread.
            log: Arc::new(|line: &str| {
                use std::io::Write as _;
                let _ = writeln!(std::io::stderr(), "mynakit terminal: {line}");
            }),
            exchanges: Mutex::default(),
        }
    }

    /// Another recorder into the same timeline and log, keeping no files yet.
    pub(crate) fn fresh(&self) -> Recorder {
        Recorder {
            timeline: self.timeline.clone(),
            log: self.log.clone(),
            exchanges: Mutex::default(),
        }
    }

    /// The same, logging through `log`.
    pub(crate) fn set_log(&mut self, log: LogSink) {
        self.log = log;
    }

    /// Writes a log line.
    pub(crate) fn log(&self, line: &str) {
        (self.log)(line);
    }

    /// The run's timeline, if there is one.
    pub(crate) fn timeline(&self) -> Option<&Timeline> {
        self.timeline.as_ref()
    }

    /// Whether events are recorded at all.
    pub(crate) fn has_timeline(&self) -> bool {
        self.timeline.is_some()
    }

    /// Records an event in the run's timeline, if there is one.
    pub(crate) fn record(&self, source: Source, kind: EventKind) {
        if let Some(t) = &self.timeline {
            t.record(source, kind);
        }
    }

    /// Records a file event (path relative to the root) by `source`.
    pub(crate) fn event_by(&self, source: Source, path: &str, action: FileAction) {
        self.record(source, EventKind::file(path, action));
    }

    /// Records a file event of the terminal's own.
    pub(crate) fn event(&self, path: &str, action: FileAction) {
        self.event_by(Source::Terminal, path, action);
    }

    /// Records what a file says, redacted (`crate::content`), right after its file event.
    pub(crate) fn content(&self, content: Option<EventKind>) {
        if let Some(kind) = content {
            self.record(Source::Terminal, kind);
        }
    }

    /// Records a note by `source`.
    pub(crate) fn note_by(&self, source: Source, text: &str) {
        self.record(
            source,
            EventKind::Note {
                text: text.to_owned(),
            },
        );
    }

    /// Records a note (a problem's detail) of the terminal's own.
    pub(crate) fn note(&self, text: &str) {
        self.note_by(Source::Terminal, text);
    }

    /// Keeps a file the terminal read or wrote for reports (`crate::exchanges`).
    pub(crate) fn keep(&self, path: String, bytes: &[u8]) {
        lock(&self.exchanges).push(ExchangedFile::new(path, bytes));
    }

    /// The files kept, and how many more there were.
    pub(crate) fn kept(&self) -> (Vec<ExchangedFile>, usize) {
        let exchanges = lock(&self.exchanges);
        (exchanges.files.clone(), exchanges.dropped)
    }
}

/// A lock that survives a panicked holder (the data stays usable).
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
