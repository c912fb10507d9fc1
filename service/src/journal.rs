//! The request journal: every public-API request and its answer, with timestamps and the
//! scenario/run id from a request header, so a run can be traced end to end.
//!
//! Each exchange is also recorded as an `EventKind::Http` in the run's `Timeline`
//! (`mynakit_fixtures::timeline`) when the service was given one. Bodies are kept up to
//! [`BODY_KEEP`] bytes. PINs never cross this API (they stay on the card), but device activation
//! carries the account password and the one-time activation code: their values are redacted
//! when the entry is made ([`SECRET_FIELDS`]).

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

/// JSON fields whose values never enter the journal.
pub const SECRET_FIELDS: [&str; 2] = ["password", "activation_code"];

/// Kept text of a body: truncated, and with [`SECRET_FIELDS`] replaced by `"<redacted>"` in a
/// JSON body at any depth. A body that is not JSON cannot carry those fields to any handler, so
/// it is kept as sent (it is what a malformed-request test needs to see).
pub fn body_text(bytes: &[u8]) -> String {
    if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        if redact(&mut value) {
            let text = value.to_string();
            return text[..floor_char_boundary(&text, BODY_KEEP)].to_owned();
        }
    }
    String::from_utf8_lossy(&bytes[..bytes.len().min(BODY_KEEP)]).into_owned()
}

/// Replaces secret fields' values; returns whether any was found.
fn redact(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(map) => {
            let mut found = false;
            for (key, v) in map.iter_mut() {
                if SECRET_FIELDS.contains(&key.as_str()) {
                    *v = serde_json::Value::String("<redacted>".into());
                    found = true;
                } else {
                    found |= redact(v);
                }
            }
            found
        }
        serde_json::Value::Array(items) => items.iter_mut().fold(false, |acc, v| redact(v) | acc),
        _ => false,
    }
}

fn floor_char_boundary(text: &str, max: usize) -> usize {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_before_they_are_kept() {
        let body = br#"{"user_id":"u1","password":"pw-1234","nested":[{"activation_code":"123456789012"}]}"#;
        let kept = body_text(body);
        assert!(
            !kept.contains("pw-1234") && !kept.contains("123456789012"),
            "{kept}"
        );
        assert!(
            kept.contains("\"user_id\":\"u1\"") && kept.contains("<redacted>"),
            "{kept}"
        );
        assert_eq!(
            body_text(br#"{"mode":"visual"}"#),
            r#"{"mode":"visual"}"#,
            "untouched when nothing is secret"
        );
        assert_eq!(body_text(b"{not json"), "{not json");
    }
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
                    request_body: Some(entry.request_body.clone()),
                    response_body: entry.response_body.clone(),
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
