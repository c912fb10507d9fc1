//! Frozen suites (`docs/suites.md`, "Frozen suites"): a suite once named never changes.
//!
//! A suite is a day's checks and bundled scenarios. Every day before the newest is *frozen*: the
//! repository holds, in `frozen.tsv` beside this file, what each of its checks asks and what each
//! of its scenarios expects, as a sha256 an item, and the sha256 of the suite as a whole. A later
//! change to a frozen item is allowed only with its line in `days.tsv` on a later day (`stricter`,
//! `milder` or `reworded`); a test fails on any other, so the same suite never judges two ways.
//! The newest day stays open (work of the day may still move it) until a release freezes it:
//! `mynakit changes --freeze DAY` prints the lines to add.
//!
//! What an item's sha256 covers, as [`Manifest`] writes it:
//! - a check: its severity, its modes, its roles and its rule ([`check_digest`]);
//! - a scenario: its `expect`, `modes` and `flows`, canonical JSON (the harness reads the YAML and
//!   gives [`scenario_digest`] the text);
//! - the suite's changes: every `days.tsv` line of its day or before, in order.
//!
//! This is how certification bodies pin a test suite: a named version whose content never moves
//! (OpenID Foundation's conformance suite releases, FIDO's certification test tool versions).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use sha2::{Digest, Sha256};

use super::{changes, is_day, ChangeKind, Subject, Suite};
use crate::check::Check;

/// The data: `day  what  id  sha256`, tab-separated. `what` is `check`, `scenario`, `changes`
/// (the sha256 of the suite's `days.tsv` lines, id `-`) or `suite` (the sha256 of the suite as a
/// whole, id `-`).
const FROZEN: &str = include_str!("frozen.tsv");

/// One frozen item: its kind, its id and the sha256 of what it asked or expected.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    /// A check or a scenario.
    pub subject: Subject,
    /// Its id.
    pub id: String,
    /// The sha256 of its terms, lowercase hex.
    pub sha256: String,
}

/// What a suite holds, item by item: the unit its sha256 is taken over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The suite's day.
    pub day: String,
    /// The sha256 of its `days.tsv` lines (its day and before).
    pub changes: String,
    /// Its checks and scenarios whose last change is on its day or before, by kind and id.
    pub items: Vec<Item>,
}

impl Manifest {
    /// The suite of `day` as the tree holds it now: its changes, and each check (from
    /// `checks`) and scenario (from `scenarios`, `(id, sha256)`) whose last recorded change is
    /// on `day` or before. An item changed later is left out: its later line says it moved.
    pub fn of(day: &str, checks: &[&dyn Check], scenarios: &[(String, String)]) -> Manifest {
        let mut items: Vec<Item> = checks
            .iter()
            .filter(|c| settled_by(Subject::Check, c.id(), day))
            .map(|c| Item {
                subject: Subject::Check,
                id: c.id().to_owned(),
                sha256: check_digest(*c),
            })
            .chain(
                scenarios
                    .iter()
                    .filter(|(id, _)| settled_by(Subject::Scenario, id, day))
                    .map(|(id, sha256)| Item {
                        subject: Subject::Scenario,
                        id: id.clone(),
                        sha256: sha256.clone(),
                    }),
            )
            .collect();
        items.sort();
        Manifest {
            day: day.to_owned(),
            changes: changes_digest(day),
            items,
        }
    }

    /// The manifest as `frozen.tsv` holds it: the `changes` line, one line an item, then the
    /// `suite` line with [`Manifest::sha256`].
    pub fn lines(&self) -> String {
        let mut out = self.body();
        out.push_str(&format!("{}\tsuite\t-\t{}\n", self.day, self.sha256()));
        out
    }

    /// The sha256 of the suite as a whole: of its lines before the `suite` line.
    pub fn sha256(&self) -> String {
        hex_sha256(self.body().as_bytes())
    }

    fn body(&self) -> String {
        let mut out = format!("{}\tchanges\t-\t{}\n", self.day, self.changes);
        for item in &self.items {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                self.day,
                item.subject.as_str(),
                item.id,
                item.sha256
            ));
        }
        out
    }
}

/// Whether `id` is in the suite of `day` and was not changed after it: added on or before
/// `day`, and its newest recorded change on or before it too.
fn settled_by(subject: Subject, id: &str, day: &str) -> bool {
    let mut days = changes()
        .iter()
        .filter(|c| c.subject == subject && c.id == id)
        .map(|c| c.day);
    let Some(first) = days.next() else {
        // A scenario the data does not know (a vendor's own) is in no frozen suite.
        return false;
    };
    first <= day && days.all(|d| d <= day)
}

/// The sha256 of the `days.tsv` lines of `day` and before, in order.
fn changes_digest(day: &str) -> String {
    let mut text = String::new();
    for c in changes().iter().filter(|c| c.day <= day) {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            c.day,
            c.kind.as_str(),
            c.subject.as_str(),
            c.id
        ));
    }
    hex_sha256(text.as_bytes())
}

/// The sha256 of what a check asks: its severity, modes, roles and rule, one a line.
pub fn check_digest(check: &dyn Check) -> String {
    let modes = check
        .modes()
        .map(|m| m.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(","))
        .unwrap_or_else(|| "*".to_owned());
    let roles = check
        .roles()
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let text = format!(
        "severity {}\nmodes {modes}\nroles {roles}\nrule {}\n",
        check.severity().as_str(),
        check.rule()
    );
    hex_sha256(text.as_bytes())
}

/// The sha256 of what a scenario expects, from its canonical text (the harness writes its
/// `expect`, `modes` and `flows` as JSON with sorted keys).
pub fn scenario_digest(canonical: &str) -> String {
    hex_sha256(canonical.as_bytes())
}

fn hex_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The frozen suites the repository holds, by day.
pub fn frozen() -> &'static BTreeMap<&'static str, Frozen> {
    static ALL: LazyLock<BTreeMap<&'static str, Frozen>> = LazyLock::new(|| read(FROZEN));
    &ALL
}

/// One frozen suite as `frozen.tsv` holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frozen {
    /// The sha256 of its `days.tsv` lines.
    pub changes: String,
    /// Its items.
    pub items: Vec<Item>,
    /// The sha256 its `suite` line states.
    pub sha256: String,
}

impl Frozen {
    /// The manifest these lines make, to compare with the tree's.
    pub fn manifest(&self, day: &str) -> Manifest {
        Manifest {
            day: day.to_owned(),
            changes: self.changes.clone(),
            items: self.items.clone(),
        }
    }
}

fn read(text: &'static str) -> BTreeMap<&'static str, Frozen> {
    let mut all: BTreeMap<&'static str, Frozen> = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut parts = line.split('\t');
        let (Some(day), Some(what), Some(id), Some(sha256), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            continue;
        };
        if !is_day(day) {
            continue;
        }
        let entry = all.entry(day).or_default();
        match what {
            "changes" => entry.changes = sha256.to_owned(),
            "suite" => entry.sha256 = sha256.to_owned(),
            "check" | "scenario" => entry.items.push(Item {
                subject: if what == "check" {
                    Subject::Check
                } else {
                    Subject::Scenario
                },
                id: id.to_owned(),
                sha256: sha256.to_owned(),
            }),
            _ => {}
        }
    }
    all
}

/// Whether `suite` is frozen, and its sha256 as the repository holds it; `None` when it is
/// still open (the newest day, until a release freezes it).
pub fn sealed(suite: &Suite) -> Option<&'static str> {
    frozen().get(suite.day()).map(|f| f.sha256.as_str())
}

/// How the tree now differs from a frozen suite: each item changed with no later line that
/// says so, each item gone, and a change to its days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Drift {
    /// The suite's `days.tsv` lines (its day and before) are not the ones frozen.
    Changes {
        /// The frozen suite's day.
        day: String,
    },
    /// An item's terms moved with no line of a later day in `days.tsv`.
    Moved {
        /// The frozen suite's day.
        day: String,
        /// The item as frozen.
        item: Item,
        /// Its sha256 now.
        now: String,
    },
    /// An item of the frozen suite is no longer in the tree (a check or scenario removed).
    Gone {
        /// The frozen suite's day.
        day: String,
        /// The item as frozen.
        item: Item,
    },
    /// The `suite` line does not state the sha256 of the suite's other lines.
    Seal {
        /// The frozen suite's day.
        day: String,
    },
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Changes { day } => write!(
                f,
                "suite {day}: its days.tsv lines (its day and before) changed; a frozen suite's \
                 lines never move: add a line of a later day instead"
            ),
            Drift::Moved { day, item, now } => write!(
                f,
                "suite {day}: {} {} changed (sha256 {} frozen, {now} now) with no line of a \
                 later day in days.tsv: add `stricter`, `milder` or `reworded` with today's day",
                item.subject.as_str(),
                item.id,
                item.sha256
            ),
            Drift::Gone { day, item } => write!(
                f,
                "suite {day}: {} {} is gone; nothing a suite judged by is removed",
                item.subject.as_str(),
                item.id
            ),
            Drift::Seal { day } => write!(
                f,
                "suite {day}: its `suite` line does not state the sha256 of its other lines"
            ),
        }
    }
}

/// Compares the frozen suites with the tree: `now` gives the tree's items, a check's or a
/// scenario's sha256 by kind and id (`None`: it is gone).
pub fn drift(now: impl Fn(Subject, &str) -> Option<String>) -> Vec<Drift> {
    let mut found = Vec::new();
    for (day, frozen) in frozen() {
        let day = (*day).to_owned();
        if frozen.manifest(&day).sha256() != frozen.sha256 {
            found.push(Drift::Seal { day: day.clone() });
        }
        if changes_digest(&day) != frozen.changes {
            found.push(Drift::Changes { day: day.clone() });
        }
        for item in &frozen.items {
            match now(item.subject, &item.id) {
                None => found.push(Drift::Gone {
                    day: day.clone(),
                    item: item.clone(),
                }),
                Some(sha256) if sha256 != item.sha256 && !changed_after(item, &day) => {
                    found.push(Drift::Moved {
                        day: day.clone(),
                        item: item.clone(),
                        now: sha256,
                    });
                }
                Some(_) => {}
            }
        }
    }
    found
}

/// Whether `days.tsv` records a change of `item` after `day` (what makes a later move lawful).
fn changed_after(item: &Item, day: &str) -> bool {
    changes().iter().any(|c| {
        c.subject == item.subject && c.id == item.id && c.kind != ChangeKind::Added && c.day > day
    })
}

/// The days that must be frozen and are not: every day with a change before the newest.
pub fn unfrozen() -> Vec<&'static str> {
    let all = super::days();
    let newest = all.last().copied();
    all.into_iter()
        .filter(|d| Some(*d) != newest && !frozen().contains_key(d))
        .collect()
}
