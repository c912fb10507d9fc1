//! The facility's past confirmations (閲覧履歴): listed by date range and fetched by id, which is
//! how a レセコン picks a result up from the API (the hand-off).

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::oqs::XmlMsg;

/// One past confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Id (`X-Mynakit-Confirmation-Id` of the answer).
    pub id: String,
    /// When it was made (scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The facility that asked, if it said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_institution_code: Option<String>,
    /// The result as sent.
    pub result: XmlMsg,
}

/// Every confirmation answered.
#[derive(Debug, Default)]
pub struct History {
    entries: Mutex<Vec<HistoryEntry>>,
}

impl History {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<HistoryEntry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records a confirmation; returns its id.
    pub fn add(
        &self,
        at: OffsetDateTime,
        medical_institution_code: Option<String>,
        result: XmlMsg,
    ) -> String {
        let mut entries = self.lock();
        let id = format!("C{:08}", entries.len() + 1);
        entries.push(HistoryEntry {
            id: id.clone(),
            at,
            medical_institution_code,
            result,
        });
        id
    }

    /// Entries with `from <= at < to`, optionally of one facility.
    pub fn list(
        &self,
        from: Option<OffsetDateTime>,
        to: Option<OffsetDateTime>,
        facility: Option<&str>,
    ) -> Vec<HistoryEntry> {
        self.lock()
            .iter()
            .filter(|e| from.is_none_or(|f| e.at >= f))
            .filter(|e| to.is_none_or(|t| e.at < t))
            .filter(|e| facility.is_none_or(|f| e.medical_institution_code.as_deref() == Some(f)))
            .cloned()
            .collect()
    }

    /// Entry `id`.
    pub fn get(&self, id: &str) -> Option<HistoryEntry> {
        self.lock().iter().find(|e| e.id == id).cloned()
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.lock().clear();
    }
}
