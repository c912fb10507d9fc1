//! The facility's past confirmations (閲覧履歴): listed by date range and fetched by id, which is
//! how a レセコン picks a result up from the API (the hand-off).
//!
//! History belongs to a facility. A confirmation made by a signed request is recorded under the
//! signing device's facility and is visible only to signed requests of devices of that facility;
//! one made unsigned (only possible with `allow_unsigned`) has no verified facility and is
//! visible only to unsigned requests ([`Viewer`]; `docs/service.md`, "History and hand-off").
//! At most `cap` entries are kept; the oldest are dropped first.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use mynakit_oqs::XmlMsg;

/// One past confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Id (`X-Mynakit-Confirmation-Id` of the answer).
    pub id: String,
    /// When it was made (scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The facility that asked: the signing device's, or the one an unsigned request named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_institution_code: Option<String>,
    /// The device that signed the request, if it was signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// The result as sent.
    pub result: XmlMsg,
}

/// Who is looking at the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer<'a> {
    /// A device of this facility (a signed request).
    Facility(&'a str),
    /// An unsigned request (`allow_unsigned`).
    Unsigned,
}

impl Viewer<'_> {
    /// Whether `entry` is visible to this viewer.
    pub fn sees(&self, entry: &HistoryEntry) -> bool {
        match self {
            Viewer::Facility(code) => {
                entry.device_id.is_some() && entry.medical_institution_code.as_deref() == Some(code)
            }
            Viewer::Unsigned => entry.device_id.is_none(),
        }
    }
}

#[derive(Debug, Default)]
struct Inner {
    entries: VecDeque<HistoryEntry>,
    next: u64,
}

/// Every confirmation answered, up to the cap.
#[derive(Debug)]
pub struct History {
    inner: Mutex<Inner>,
    cap: usize,
}

/// Default number of confirmations kept in the history (the oldest are dropped beyond it).
pub const DEFAULT_HISTORY_CAP: usize = 50_000;

impl Default for History {
    fn default() -> Self {
        History::new(DEFAULT_HISTORY_CAP)
    }
}

impl History {
    /// An empty history keeping at most `cap` entries.
    pub fn new(cap: usize) -> History {
        History {
            inner: Mutex::new(Inner::default()),
            cap,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records a confirmation; returns its id.
    pub fn add(
        &self,
        at: OffsetDateTime,
        medical_institution_code: Option<String>,
        device_id: Option<String>,
        result: XmlMsg,
    ) -> String {
        let mut inner = self.lock();
        inner.next += 1;
        let id = format!("C{:08}", inner.next);
        inner.entries.push_back(HistoryEntry {
            id: id.clone(),
            at,
            medical_institution_code,
            device_id,
            result,
        });
        while inner.entries.len() > self.cap {
            inner.entries.pop_front();
        }
        id
    }

    /// Entries `viewer` sees with `from <= at < to`, optionally of one facility.
    pub fn list(
        &self,
        viewer: Viewer<'_>,
        from: Option<OffsetDateTime>,
        to: Option<OffsetDateTime>,
        facility: Option<&str>,
    ) -> Vec<HistoryEntry> {
        self.lock()
            .entries
            .iter()
            .filter(|e| viewer.sees(e))
            .filter(|e| from.is_none_or(|f| e.at >= f))
            .filter(|e| to.is_none_or(|t| e.at < t))
            .filter(|e| facility.is_none_or(|f| e.medical_institution_code.as_deref() == Some(f)))
            .cloned()
            .collect()
    }

    /// Entry `id`, if `viewer` sees it.
    pub fn get(&self, viewer: Viewer<'_>, id: &str) -> Option<HistoryEntry> {
        self.lock()
            .entries
            .iter()
            .find(|e| e.id == id && viewer.sees(e))
            .cloned()
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets everything.
    pub fn clear(&self) {
        *self.lock() = Inner::default();
    }
}
