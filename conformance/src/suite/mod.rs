//! Suite versions (`docs/suites.md`): the day each check and each bundled scenario was added or
//! made stricter, so that a client certified on a day is judged by that day's suite
//! (`mynakit run --suite YYYY-MM-DD`) and a check or scenario that came later never fails it
//! without a version.
//!
//! The days are data, `days.tsv` beside this file: derived once from the project's history
//! (`bench/suite-days.py`; the history starts on [`FIRST_DAY`]) and kept by hand since: a new
//! or stricter check or scenario adds its line with the day of its work. A test fails while a
//! check of [`CHECKS`](crate::catalogue::CHECKS) or a bundled scenario has no `added` line.

use std::sync::LazyLock;

pub mod frozen;

/// The data: `day  kind  what  id [note  note_ja]`, tab-separated, one line a change; `kind` is
/// `added`, `stricter`, `milder` or `reworded`, and the optional notes say what a client now
/// meets and why.
const DAYS: &str = include_str!("days.tsv");

/// The first day of the history: no suite is older.
pub const FIRST_DAY: &str = "2026-11-22";

/// What a change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The check or scenario first appeared.
    Added,
    /// What it asks or expects moved (a rule's or an expectation's words changed).
    Stricter,
    /// It asks or expects less than before: nothing it PASSED is FAILED now. Recorded so that a
    /// frozen suite's item may move ([`frozen`]); an earlier suite softens nothing for it.
    Milder,
    /// Its words moved and its judgement did not (a rule said better). Recorded for the same
    /// reason as [`ChangeKind::Milder`].
    Reworded,
}

impl ChangeKind {
    /// As `days.tsv`, `mynakit changes` and its JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Stricter => "stricter",
            ChangeKind::Milder => "milder",
            ChangeKind::Reworded => "reworded",
        }
    }
}

/// What a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A conformance check, by its id (`VIS-photo-before-result`).
    Check,
    /// A bundled scenario, by its id (`registration-before-app`).
    Scenario,
}

impl Subject {
    /// As `days.tsv`, `mynakit changes` and its JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Check => "check",
            Subject::Scenario => "scenario",
        }
    }
}

/// One line of the data: on `day`, `kind` happened to the `subject` named `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// `YYYY-MM-DD` (UTC, the project's days).
    pub day: &'static str,
    /// Added or made stricter.
    pub kind: ChangeKind,
    /// A check or a scenario.
    pub subject: Subject,
    /// Its id.
    pub id: &'static str,
    /// What a client now meets and why, in English, when the line says it (the optional fifth
    /// column; a check's rule and a scenario's title say it otherwise).
    pub note: Option<&'static str>,
    /// The same in Japanese (the sixth column, given with the fifth).
    pub note_ja: Option<&'static str>,
}

/// Every change, oldest day first (lines of `days.tsv` that do not read as one are left out; a
/// test holds that there is none).
pub fn changes() -> &'static [Change] {
    static ALL: LazyLock<Vec<Change>> = LazyLock::new(|| DAYS.lines().filter_map(line).collect());
    &ALL
}

/// One line of `days.tsv`, if it is a change (not a comment, nor a line that does not read).
fn line(text: &'static str) -> Option<Change> {
    if text.starts_with('#') {
        return None;
    }
    let mut parts = text.split('\t');
    let day = parts.next().filter(|d| is_day(d))?;
    let kind = match parts.next()? {
        "added" => ChangeKind::Added,
        "stricter" => ChangeKind::Stricter,
        "milder" => ChangeKind::Milder,
        "reworded" => ChangeKind::Reworded,
        _ => return None,
    };
    let subject = match parts.next()? {
        "check" => Subject::Check,
        "scenario" => Subject::Scenario,
        _ => return None,
    };
    let id = parts.next().filter(|id| !id.is_empty())?;
    let (note, note_ja) = match (parts.next(), parts.next()) {
        (None, None) => (None, None),
        (Some(en), Some(ja)) if !en.is_empty() && !ja.is_empty() => (Some(en), Some(ja)),
        _ => return None,
    };
    parts.next().is_none().then_some(Change {
        day,
        kind,
        subject,
        id,
        note,
        note_ja,
    })
}

/// Whether `text` is a day, `YYYY-MM-DD`, and a real one (`2026-02-30` is not): read by the one
/// reader of such days ([`mynakit_protocol::Day::parse`]), so that `--suite` refuses what
/// `--as-of` and `--rules` refuse.
fn is_day(text: &str) -> bool {
    mynakit_protocol::Day::parse(text).is_ok()
}

/// The day `id` was added, if the data records it.
pub fn added(subject: Subject, id: &str) -> Option<&'static str> {
    changes()
        .iter()
        .find(|c| c.subject == subject && c.kind == ChangeKind::Added && c.id == id)
        .map(|c| c.day)
}

/// The days with a change, oldest first.
pub fn days() -> Vec<&'static str> {
    let mut days: Vec<&'static str> = changes().iter().map(|c| c.day).collect();
    days.dedup();
    days
}

/// The suite of one day: what the checks and bundled scenarios were on its last commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suite {
    day: &'static str,
    /// Whether it is the newest suite (nothing was added after its day).
    latest: bool,
}

/// Why a `--suite` (or a capabilities `suite`) is not a suite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SuiteError {
    /// Not `YYYY-MM-DD`.
    NotADay(String),
    /// Before the first suite.
    BeforeFirst(String),
}

impl std::fmt::Display for SuiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SuiteError::NotADay(text) => {
                write!(
                    f,
                    "`{text}` is not a day: write YYYY-MM-DD (e.g. {FIRST_DAY})"
                )
            }
            SuiteError::BeforeFirst(text) => {
                write!(
                    f,
                    "`{text}`: there is no suite before {FIRST_DAY}, the first"
                )
            }
        }
    }
}

impl std::error::Error for SuiteError {}

impl Suite {
    /// The newest suite: every check and scenario.
    pub fn latest() -> Suite {
        let newest = days().last().copied().unwrap_or(FIRST_DAY);
        Suite {
            day: newest,
            latest: true,
        }
    }

    /// The suite of `day` (`YYYY-MM-DD`): its own day's, or the last before it with a change; a
    /// day after the newest change is the newest suite.
    pub fn of(day: &str) -> Result<Suite, SuiteError> {
        if !is_day(day) {
            return Err(SuiteError::NotADay(day.to_owned()));
        }
        let all = days();
        let Some(&found) = all.iter().rev().find(|d| **d <= day) else {
            return Err(SuiteError::BeforeFirst(day.to_owned()));
        };
        Ok(Suite {
            day: found,
            latest: all.last() == Some(&found),
        })
    }

    /// Its day, `YYYY-MM-DD`.
    pub fn day(&self) -> &'static str {
        self.day
    }

    /// Whether it is the newest suite.
    pub fn is_latest(&self) -> bool {
        self.latest
    }

    /// Whether this suite's day comes before `day` (`YYYY-MM-DD`): a change of that day is not
    /// in it. The one comparison of a suite with a day, for changes that are neither a check nor
    /// a scenario (a default of the world, say).
    pub fn predates(&self, day: &str) -> bool {
        self.day < day
    }

    /// The day `id` was added when that is after this suite's day: it is not in this suite.
    /// `None` for what is in it, and for what the data does not know (a vendor's own
    /// scenario is judged by every suite).
    pub fn new_after(&self, subject: Subject, id: &str) -> Option<&'static str> {
        added(subject, id).filter(|d| *d > self.day)
    }

    /// The newest day `id` was made stricter when that is after this suite's day: its
    /// judgement then was milder than today's. `None` when it was not, or the data does not
    /// know `id`.
    pub fn stricter_after(&self, subject: Subject, id: &str) -> Option<&'static str> {
        changes()
            .iter()
            .filter(|c| c.subject == subject && c.kind == ChangeKind::Stricter && c.id == id)
            .map(|c| c.day)
            .filter(|d| *d > self.day)
            .max()
    }
}

#[cfg(test)]
mod tests;
