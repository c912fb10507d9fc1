//! The request journal: every public-API request and its answer, with timestamps and the
//! scenario/run id from a request header, so a run can be traced end to end.
//!
//! Each exchange is also recorded as an `EventKind::Http` in the run's `Timeline`
//! (`mynakit_fixtures::timeline`) when the service was given one. Bodies are kept up to
//! [`BODY_KEEP`] bytes; nothing secret crosses this API (PINs stay on the card).

use std::sync::Mutex;

use mynakit_fixtures::timeline::{EventKind, Source, Timeline};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// How many bytes of each body are kept.
pub const BODY_KEEP: usize = 16 * 1024;

/// One exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Sequence number from 1.
    pub seq: u64,
    /// The run id from the run header, if sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// Wall-clock time the request arrived.
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    /// Scenario-clock time the request arrived.
    #[serde(with = "time::serde::rfc3339")]
    pub scenario_time: OffsetDateTime,
    /// Method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Request body (UTF-8, lossy, truncated).
    pub request_body: String,
    /// Response status as sent (0 for a reset connection).
    pub status: u16,
    /// Response body (UTF-8, lossy, truncated) if it was sent whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body: Option<String>,
    /// The fault that changed the answer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    /// Time to answer, microseconds.
    pub duration_us: u64,
}

/// Kept text of a body.
pub fn body_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(BODY_KEEP)]).into_owned()
}

/// The journal, and the timeline it feeds.
#[derive(Debug, Default)]
pub struct Journal {
    entries: Mutex<Vec<JournalEntry>>,
    timeline: Option<Timeline>,
}

impl Journal {
    /// An empty journal that also records into `timeline`.
    pub fn new(timeline: Option<Timeline>) -> Journal {
        Journal {
            entries: Mutex::new(Vec::new()),
            timeline,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<JournalEntry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Appends `entry` (its `seq` is assigned here) and emits the timeline event.
    pub fn record(&self, mut entry: JournalEntry) {
        if let Some(timeline) = &self.timeline {
            timeline.record(
                Source::Service,
                EventKind::Http {
                    method: entry.method.clone(),
                    path: entry.path.clone(),
                    status: entry.status,
                    duration_us: entry.duration_us,
                },
            );
        }
        let mut entries = self.lock();
        entry.seq = entries.len() as u64 + 1;
        entries.push(entry);
    }

    /// The entries, optionally only those of run `run`.
    pub fn entries(&self, run: Option<&str>) -> Vec<JournalEntry> {
        self.lock()
            .iter()
            .filter(|e| run.is_none_or(|r| e.run.as_deref() == Some(r)))
            .cloned()
            .collect()
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.lock().clear();
    }
}
