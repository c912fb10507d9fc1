//! What a finding says as data ([`Facts`]): the words entry that wrote it, the places in the run
//! it cites ([`Cite`]) and the figures, codes and days it names ([`Value`]). Reports link the
//! cited events, `report.json` keeps the facts beside the words (`docs/reports.md`, "Findings
//! as data"), and whatever groups or compares findings reads these, never the wording.
//!
//! ```
//! use mynakit_conformance::{Cite, Reason, Value};
//!
//! let said = Reason::new("VERIFY sent twice (APDU 4)", "VERIFY を 2 回送った（APDU 4）")
//!     .message("pin/sent-twice")
//!     .cite(Cite::Apdu { n: 4 })
//!     .count("verifies", 2);
//! assert_eq!(said.facts().message.as_deref(), Some("pin/sent-twice"));
//! assert_eq!(said.facts().cites, [Cite::Apdu { n: 4 }]);
//! assert_eq!(said.facts().values["verifies"], Value::Count(2));
//! ```

use std::collections::BTreeMap;

use mynakit_timeline::{Event, EventKind};
use serde::{Deserialize, Serialize};

/// A finding's facts: empty for a reason written as bare text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Facts {
    /// The words entry that wrote the reason, `family/name` (e.g. `pin/sent-twice`): the same
    /// for every finding that says the same thing, whatever its figures and its language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The places in the run the reason names, in the order it names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cites: Vec<Cite>,
    /// The figures, codes and days the reason names, by the name its words entry gives them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, Value>,
    /// The lines of the claim file the reason names (`RECEIPTC.UKE line 3`), in the order it
    /// names them: a claim file is read whole into one event, so its lines are places of their
    /// own, not events (`docs/reports.md`, "Findings as data").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claim_lines: Vec<ClaimLine>,
}

impl Facts {
    /// Whether nothing was recorded (a reason written as bare text).
    pub fn is_empty(&self) -> bool {
        self.message.is_none()
            && self.cites.is_empty()
            && self.values.is_empty()
            && self.claim_lines.is_empty()
    }

    /// `other`'s cites and values after these (the message stays this one's, or becomes
    /// `other`'s when this has none).
    pub(crate) fn merge(&mut self, other: Facts) {
        self.message = self.message.take().or(other.message);
        self.cites.extend(other.cites);
        self.claim_lines.extend(other.claim_lines);
        for (name, value) in other.values {
            self.values.entry(name).or_insert(value);
        }
    }
}

/// A place in the run a finding cites: the typed form of what its text says as `APDU 14`,
/// `request 3` or `t=1.234s` (`docs/reports.md`, "Findings as data").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Cite {
    /// The `n`th APDU event of the run (from 1).
    Apdu {
        /// From 1.
        n: usize,
    },
    /// The `n`th HTTP exchange with the service (from 1).
    Request {
        /// From 1.
        n: usize,
    },
    /// The first event recorded in that millisecond of the run's clock.
    At {
        /// Milliseconds from the run's start.
        ms: u64,
    },
}

impl Cite {
    /// The event at `t_us` (microseconds from the run's start), cited by its millisecond.
    pub fn at(t_us: u64) -> Self {
        Cite::At { ms: t_us / 1000 }
    }

    /// The index (from 0) of the event cited in `events`, when the run has it.
    pub fn resolve(self, events: &[Event]) -> Option<usize> {
        let nth = |n: usize, kind: fn(&EventKind) -> bool| {
            events
                .iter()
                .enumerate()
                .filter(|(_, e)| kind(&e.kind))
                .nth(n.checked_sub(1)?)
                .map(|(i, _)| i)
        };
        match self {
            Cite::Apdu { n } => nth(n, |k| matches!(k, EventKind::Apdu { .. })),
            Cite::Request { n } => nth(n, |k| matches!(k, EventKind::Http { .. })),
            Cite::At { ms } => events.iter().position(|e| e.t_us / 1000 == ms),
        }
    }
}

/// A line of a claim file (RECEIPTC.UKE) a finding is about: the typed form of what its text
/// says as `RECEIPTC.UKE line 3` (`docs/uke.md`, "The claim file in a run").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimLine {
    /// The file's name in the claim folder, as the `claim-file` event names it.
    pub file: String,
    /// The line (from 1) of the record.
    pub line: u64,
    /// The record at that line (`RE`, `HO`, `KO`, `SN`); absent for a billed code, which an
    /// SI or a KI record holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
}

impl ClaimLine {
    /// The line of the RE record of the claim this line is part of: the last of `re_lines`
    /// (ascending) at or before it.
    pub fn claim_of(&self, re_lines: impl IntoIterator<Item = u64>) -> Option<u64> {
        re_lines
            .into_iter()
            .take_while(|&re| re <= self.line)
            .last()
    }
}

/// A figure, code or day a finding names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Value {
    /// How many (PINs, VERIFYs, requests, visits, 点).
    Count(u64),
    /// A code of the wire or of a master: a status word, an OQS code, a UKE record or 診療行為
    /// code, an outcome id, an element name.
    Code(String),
    /// A day, `YYYY-MM-DD`, or a month, `YYYY-MM`.
    Day(String),
}

/// The indices (from 0, ascending, no repeats) of the events `cites` name.
pub(crate) fn cited(cites: &[Cite], events: &[Event]) -> Vec<usize> {
    let mut found: Vec<usize> = cites.iter().filter_map(|c| c.resolve(events)).collect();
    found.sort_unstable();
    found.dedup();
    found
}
