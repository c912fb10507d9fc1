//! `mynakit report diff`: what changed between two runs' report.json, per verdict (a scenario
//! in one mode): new failures, fixed ones, verdicts that moved level, scenarios added or
//! removed, the first question a CI job asks of a run (docs/reports.md, "Comparing two runs").
//!
//! Reading is lenient on purpose: only the fields every schema version has written (`id` and
//! `level`, plus `scenario` and `mode` where present) are read, so a report of an earlier
//! mynakit compares with today's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mynakit_conformance::Level;
use serde::{Deserialize, Serialize};

mod markdown;
pub use markdown::markdown;

/// Why a report could not be compared: each names the file.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The file (or the report.json of the folder) could not be read (`source` names it).
    #[error("{source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: mynakit_fixtures::input::InputError,
    },
    /// It was read but is not a mynakit report.json.
    #[error("{}: not a mynakit report.json: {source}", .path.display())]
    NotAReport {
        /// The file.
        path: PathBuf,
        /// Where the JSON went wrong.
        source: serde_json::Error,
    },
}

/// The fields of a report.json a comparison needs, as every schema version wrote them.
#[derive(Debug, Deserialize)]
struct LenientReport {
    scenarios: Vec<LenientVerdict>,
}

/// One verdict of a report.json; `scenario` and `mode` are absent in reports written before runs
/// per mode existed.
#[derive(Debug, Deserialize)]
struct LenientVerdict {
    id: String,
    #[serde(default)]
    scenario: String,
    #[serde(default)]
    mode: String,
    level: Level,
}

/// The verdicts of one report, by the verdict's name (`id`: the scenario id, or `id[mode]` for a
/// run in a mode other than its own), which every schema version wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdicts {
    by_id: BTreeMap<String, Verdict>,
}

/// One verdict: the scenario and mode it is of, and its level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The scenario file's id.
    pub scenario: String,
    /// The mode it ran in; empty in reports written before runs per mode existed.
    pub mode: String,
    /// Its level.
    pub level: Level,
}

impl Verdicts {
    /// Reads `input`: a report.json, or a report folder holding one.
    ///
    /// # Errors
    ///
    /// [`DiffError`] naming the file: unreadable, or not a report.json.
    pub fn read(input: &Path) -> Result<Self, DiffError> {
        let path = if input.is_dir() {
            input.join(super::files::JSON_FILE)
        } else {
            input.to_owned()
        };
        let bytes = mynakit_fixtures::input::read(&path, super::files::MAX_JSON_BYTES).map_err(
            |source| DiffError::Read {
                path: path.clone(),
                source,
            },
        )?;
        Self::from_json(&bytes).map_err(|source| DiffError::NotAReport { path, source })
    }

    /// The verdicts of a report.json's bytes.
    ///
    /// # Errors
    ///
    /// Not a report.json (no `scenarios`, an entry without `id` or `level`, an unknown level).
    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        let report: LenientReport = serde_json::from_slice(bytes)?;
        let by_id = report
            .scenarios
            .into_iter()
            .map(|v| {
                let scenario = if v.scenario.is_empty() {
                    v.id.clone()
                } else {
                    v.scenario
                };
                let verdict = Verdict {
                    scenario,
                    mode: v.mode,
                    level: v.level,
                };
                (v.id, verdict)
            })
            .collect();
        Ok(Self { by_id })
    }

    /// The verdicts of a report in memory.
    pub fn of(report: &super::model::RunReport) -> Self {
        let by_id = report
            .scenarios
            .iter()
            .map(|s| {
                let verdict = Verdict {
                    scenario: s.scenario_id().to_owned(),
                    mode: s.mode.clone(),
                    level: s.level,
                };
                (s.id.clone(), verdict)
            })
            .collect();
        Self { by_id }
    }

    /// How many verdicts it holds.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// How a verdict changed from the old report to the new.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// FAILED now, and not before (or absent before): what fails `report diff`.
    NewFailure,
    /// FAILED before, another level now.
    Fixed,
    /// Another level, neither before nor now FAILED (PASSED to WARNING, SKIPPED to PASSED…).
    Moved,
    /// Only in the new report, and not FAILED.
    Added,
    /// Only in the old report.
    Removed,
}

impl ChangeKind {
    /// Its words in the message catalogue.
    pub fn words(self) -> super::lang::msg::Msg {
        use super::lang::msg;
        match self {
            ChangeKind::NewFailure => msg::NEW_FAILURE,
            ChangeKind::Fixed => msg::FIXED,
            ChangeKind::Moved => msg::MOVED,
            ChangeKind::Added => msg::ADDED,
            ChangeKind::Removed => msg::REMOVED,
        }
    }
}

/// One verdict that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How.
    pub kind: ChangeKind,
    /// The verdict's name (`id`, or `id[mode]`).
    pub id: String,
    /// The scenario file's id.
    pub scenario: String,
    /// The mode (the new report's, else the old's); empty when neither report wrote one.
    pub mode: String,
    /// Its level in the old report; absent when added.
    pub before: Option<Level>,
    /// Its level in the new report; absent when removed.
    pub after: Option<Level>,
}

/// What changed between two reports: every changed verdict, ordered by kind then id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportDiff {
    /// How many verdicts the old report holds.
    pub before: usize,
    /// How many the new one holds.
    pub after: usize,
    /// The changed verdicts.
    pub changes: Vec<Change>,
}

impl ReportDiff {
    /// Compares `old` with `new`.
    pub fn between(old: &Verdicts, new: &Verdicts) -> Self {
        let mut changes = Vec::new();
        for (id, now) in &new.by_id {
            let then = old.by_id.get(id);
            let before = then.map(|v| v.level);
            let kind = match before {
                Some(level) if level == now.level => continue,
                _ if now.level == Level::Failed => ChangeKind::NewFailure,
                Some(Level::Failed) => ChangeKind::Fixed,
                Some(_) => ChangeKind::Moved,
                None => ChangeKind::Added,
            };
            let mode = if now.mode.is_empty() {
                then.map_or_else(String::new, |v| v.mode.clone())
            } else {
                now.mode.clone()
            };
            changes.push(Change {
                kind,
                id: id.clone(),
                scenario: now.scenario.clone(),
                mode,
                before,
                after: Some(now.level),
            });
        }
        for (id, then) in &old.by_id {
            if !new.by_id.contains_key(id) {
                changes.push(Change {
                    kind: ChangeKind::Removed,
                    id: id.clone(),
                    scenario: then.scenario.clone(),
                    mode: then.mode.clone(),
                    before: Some(then.level),
                    after: None,
                });
            }
        }
        changes.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
        Self {
            before: old.len(),
            after: new.len(),
            changes,
        }
    }

    /// How many changes are of `kind`.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// The summary line's figures.
    pub fn counts(&self) -> super::lang::msg::DiffCounts {
        super::lang::msg::DiffCounts {
            new_failures: self.count(ChangeKind::NewFailure),
            fixed: self.count(ChangeKind::Fixed),
            moved: self.count(ChangeKind::Moved),
            added: self.count(ChangeKind::Added),
            removed: self.count(ChangeKind::Removed),
            before: self.before,
            after: self.after,
        }
    }

    /// Whether a verdict is newly FAILED: `report diff` then exits 1.
    pub fn has_new_failures(&self) -> bool {
        self.count(ChangeKind::NewFailure) > 0
    }
}

#[cfg(test)]
mod tests;
